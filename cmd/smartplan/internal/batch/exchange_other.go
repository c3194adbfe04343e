//go:build !linux

package batch

import "errors"

// errNoExchange says that the file system cannot swap two folders in one
// rename.
var errNoExchange = errors.New("atomic exchange not supported")

// exchangeFolders is not available here: switchSet moves the old set aside first.
func exchangeFolders(a, b string) error { return errNoExchange }
