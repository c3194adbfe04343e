package font

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Regular, Bold and Italic are the TrueType files of Go Regular, Go Bold and
// Go Italic. They are shared, read-only slices: callers must not modify them.
var (
	Regular = goregular.TTF
	Bold    = gobold.TTF
	Italic  = goitalic.TTF
)

// Replacement is drawn in place of a character that the fonts lack.
const Replacement = '?'

// coverage is a bitmap of the Basic Multilingual Plane: bit r is set when
// all three fonts have a glyph for r. The Go fonts have nothing outside it.
var (
	coverOnce sync.Once
	coverage  [0x10000 / 64]uint64
)

func loadCoverage() {
	var fonts []*sfnt.Font
	for _, b := range [][]byte{Regular, Bold, Italic} {
		f, err := sfnt.Parse(b)
		if err != nil {
			// The fonts are compiled in; a parse failure is a broken build.
			panic("font: parse embedded Go font: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			coverage[r/64] |= 1 << (uint(r) % 64)
		}
	}
}

// Has reports whether every embedded font has a glyph for r.
func Has(r rune) bool {
	if r < 0 || r >= 0x10000 {
		return false
	}
	coverOnce.Do(loadCoverage)
	return coverage[r/64]&(1<<(uint(r)%64)) != 0
}

// drawable reports whether r is drawn as itself: drawAs(r) == r.
func drawable(r rune) bool { return r == ' ' || (r != unicode.ReplacementChar && Has(r)) }

// drawAs returns the character Clean draws for r: r itself when the
// fonts have it, U+00A0 for a narrow or fixed-width space, a plain space
// for other white space and control characters, else Replacement.
func drawAs(r rune) rune {
	switch {
	case drawable(r):
		return r
	case r == '\u202f' || r == '\u2007' || r == '\u2009' || r == '\u200a':
		return '\u00a0'
	case unicode.IsSpace(r) || unicode.IsControl(r):
		return ' '
	}
	return Replacement
}

// Clean returns s made drawable on one line: narrow and other fixed-width
// spaces become U+00A0 (they only ever join a number to its unit), other
// white space and control characters become a plain space, and any other
// character the fonts lack becomes Replacement. Text that is already
// drawable is returned unchanged, without allocating.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if !drawable(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(drawAs(r))
	}
	return b.String()
}

// Missing adds to seen the characters of s that Clean draws as
// Replacement: those the fonts lack that are neither white space nor
// control characters.
func Missing(s string, seen map[rune]bool) {
	for _, r := range s {
		if r != Replacement && drawAs(r) == Replacement {
			seen[r] = true
		}
	}
}
