//go:build !linux

package batch

// exchangeFolders is not available here: switchSet moves the old set aside first.
func exchangeFolders(a, b string) error { return errNoExchange }
