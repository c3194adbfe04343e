package planner

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every sentence exists in both languages with the same arguments, and
// renders without a formatting error.
func TestCatalog(t *testing.T) {
	arg := regexp.MustCompile(`%\[\d+\][sqv]`)
	for code, pair := range catalog {
		en, fr := arg.FindAllString(pair[0], -1), arg.FindAllString(pair[1], -1)
		slices.Sort(en)
		slices.Sort(fr)
		if !slices.Equal(slices.Compact(en), slices.Compact(fr)) {
			t.Errorf("%s: arguments differ: en %v, fr %v", code, en, fr)
		}
		args := make([]any, len(slices.Compact(en)))
		for i := range args {
			args[i] = "x"
		}
		for _, lang := range []string{"en", "fr"} {
			if s := text(lang, code, args...); strings.Contains(s, "%!") {
				t.Errorf("%s (%s): %s", code, lang, s)
			}
		}
	}
}
