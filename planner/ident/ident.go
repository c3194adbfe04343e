// Package ident is the identity of the names people type: when two
// spellings of a team, segment or offer are one name, and which known
// names are close to a name that matches none. The importer and the
// planner both use it, so that a name means the same thing everywhere.
package ident

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold is the identity of a team, segment or offer name: lower-cased,
// without accents, with every run of spaces and punctuation read as one
// space and none at the ends. "North " and "north", "Nord-Est" and
// "nord est", "Réseau" and "RESEAU" are each one name. A name made only of
// punctuation folds to itself lower-cased and trimmed, so that "*" stays a
// word.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	put := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				put(rune(c))
			case c >= 'A' && c <= 'Z':
				put(rune(c + 'a' - 'A'))
			default:
				space = true
			}
		}
	} else {
		for _, r := range norm.NFD.String(s) {
			switch {
			case unicode.Is(unicode.Mn, r):
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				put(unicode.ToLower(r))
			default:
				space = true
			}
		}
	}
	if b.Len() == 0 {
		return strings.ToLower(strings.TrimSpace(s))
	}
	return b.String()
}

// Distance is the Levenshtein distance between a and b, in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns up to n of the known names closest to name, nearest
// first (ties in byte order). Names are compared folded. A known name is
// close when its distance is at most a third of the longer name, or when
// one folded name starts with the other ("West" for "Westt", "Central" for
// "Centrale"). It returns nil when none is close.
func Nearest(name string, known []string, n int) []string {
	f := Fold(name)
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, k := range known {
		fk := Fold(k)
		if fk == "" || fk == f {
			continue
		}
		d := Distance(f, fk)
		longer := max(utf8.RuneCountInString(f), utf8.RuneCountInString(fk))
		prefix := len(f) >= 3 && len(fk) >= 3 && (strings.HasPrefix(f, fk) || strings.HasPrefix(fk, f))
		if 3*d <= longer || prefix {
			cs = append(cs, cand{k, d})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, c := range cs {
		if len(out) == n {
			break
		}
		if !slices.Contains(out, c.name) {
			out = append(out, c.name)
		}
	}
	return out
}
