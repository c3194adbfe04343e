package main

import (
	"io"
	"strings"
)

// plainWriter drops the control characters of what goes to the terminal:
// a name in a CRM export holding an ANSI escape sequence would otherwise
// recolour, move or erase the user's screen. Tabs and line ends stay.
// JSON escapes control characters itself, so --json output is unchanged.
type plainWriter struct{ w io.Writer }

func (p plainWriter) Write(b []byte) (int, error) {
	clean := plainText(string(b))
	if _, err := io.WriteString(p.w, clean); err != nil {
		return 0, err
	}
	return len(b), nil
}

// plainText removes C0 and C1 control characters but tab, LF and CR.
func plainText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return -1
		}
		return r
	}, s)
}
