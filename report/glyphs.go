package report

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report/font"
)

// UndrawableRunes returns, sorted, the characters of the plan's texts that
// the PDF's fonts cannot draw (Japanese, Hebrew, emoji in a CRM's names):
// the PDF shows them as font.Replacement. Every string of the plan is
// looked at, the ones the PDF leaves out too, so the list may be longer
// than what the PDF shows, never shorter.
func UndrawableRunes(p *planner.Plan) []rune {
	seen := map[rune]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			font.Missing(v.String(), seen)
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Float64 || v.Type().Elem().Kind() == reflect.Int {
				return // series of numbers: nothing to draw wrongly
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(p))
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// UndrawableProblem is the warning for the characters UndrawableRunes
// found: the PDF draws them as "?", the workbook and plan.json hold them
// as written. At most 20 are named.
func UndrawableProblem(rs []rune, lang string) planner.Problem {
	shown := rs[:min(len(rs), 20)]
	var names []string
	for _, r := range shown {
		names = append(names, fmt.Sprintf("%c (U+%04X)", r, r))
	}
	more := ""
	if len(rs) > len(shown) {
		more = fmt.Sprintf(tr(lang, " and %d more", " et %d autres"), len(rs)-len(shown))
	}
	return planner.Problem{Kind: "pdf_glyphs_missing", Severity: planner.SeverityWarning, Value: fmt.Sprint(len(rs)),
		Message: fmt.Sprintf(tr(lang,
			"the PDF's fonts cannot draw %d characters of the inputs, shown there as %q: %s%s; the workbook and plan.json hold them as written",
			"les polices du PDF ne peuvent pas dessiner %d caractères des fichiers, affichés %q : %s%s ; le classeur et plan.json les gardent tels quels"),
			len(rs), font.Replacement, strings.Join(names, ", "), more)}
}
