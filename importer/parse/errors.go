package parse

import "fmt"

// An Error reports a value that could not be read. Found is the text as
// given; Expected says what would have been accepted. Reason, when not
// empty, names the rule the text broke ("two-digit year", "two decimal
// separators"). What is the kind of value ("number", "date"); the zero value
// means "number".
//
// The parsers return it as a *Error; use errors.As to get it.
type Error struct {
	Found, Expected string
	Reason          string
	What            string
}

// Error formats the error as
// not a number: "12,5x" (expected an amount such as 1 200,50 or 1,200.50),
// with the reason, when there is one, before "expected".
func (e *Error) Error() string {
	what := e.What
	if what == "" {
		what = "number"
	}
	if e.Reason != "" {
		return fmt.Sprintf("not a %s: %q (%s; expected %s)", what, e.Found, e.Reason, e.Expected)
	}
	return fmt.Sprintf("not a %s: %q (expected %s)", what, e.Found, e.Expected)
}

// What the parsers expect, as said in their errors.
const (
	ExpectedValue  = "a value"
	ExpectedAmount = "an amount such as 1 200,50 or 1,200.50"
	ExpectedDate   = "a date such as 2026-12-31, 31/12/2026 or 31 déc. 2026"
	ExpectedYear   = "a four-digit year such as 31/12/2026 (two-digit years are read only with --two-digit-years or two_digit_years: true in the config)"
	ExpectedSerial = "an Excel date serial between 1 (1900-01-01) and 2958465 (9999-12-31)"
)

func numberError(s, reason string) error {
	if s == "" || trimSpace(s) == "" {
		return &Error{Found: s, Expected: ExpectedValue, What: "number"}
	}
	return &Error{Found: s, Expected: ExpectedAmount, Reason: reason, What: "number"}
}

func dateError(s, reason string) error {
	if s == "" || trimSpace(s) == "" {
		return &Error{Found: s, Expected: ExpectedValue, What: "date"}
	}
	return &Error{Found: s, Expected: ExpectedDate, Reason: reason, What: "date"}
}
