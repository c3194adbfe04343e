package templates

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// FuzzSentence: for any known metric, finite value and any user text in
// scope, team and lever, Sentence returns one sentence ending in a period
// that names the scope, and never fails.
func FuzzSentence(f *testing.F) {
	f.Add(0, 1200000.0, "Santé", "Grands Comptes", "new_logos", 60.0, 240.0, 20.0, 0.22, true, "fr")
	f.Add(4, 0.3, "", "PME & ETI", "hire {{two}} reps", 0.0, 0.0, 0.0, 0.0, false, "en")
	f.Add(2, 1.0, "a\tb", "", "", 1e-12, 1e300, -5.0, -1.0, true, "fr-CA")
	f.Fuzz(func(t *testing.T, mi int, value float64, scope, team, lever string, deals, opps, perMonth, baseline float64, hasBase bool, lang string) {
		if math.IsNaN(value) || math.IsInf(value, 0) {
			return
		}
		m := planner.Metrics[((mi%len(planner.Metrics))+len(planner.Metrics))%len(planner.Metrics)]
		d := planner.SentenceData{Metric: m, Value: value, Scope: scope, Team: team, Lever: lever,
			Deadline: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC), Deals: deals, Opportunities: opps,
			OpportunitiesPerMonth: perMonth, Baseline: baseline, HasBaseline: hasBase,
			Meetings: deals, MeetingsPerMonth: perMonth, Contacts: opps}
		s, err := Sentence(lang, d)
		if err != nil {
			t.Fatalf("Sentence(%s, %+v): %v", lang, d, err)
		}
		if !strings.HasSuffix(s, ".") {
			t.Errorf("%q does not end with a period", s)
		}
		want := strings.TrimSpace(scope)
		if want == "" {
			want = strings.TrimSpace(team)
		}
		if !strings.Contains(s, want) {
			t.Errorf("%q does not name the scope %q", s, want)
		}
	})
}

func BenchmarkSentence(b *testing.B) {
	d := planner.SentenceData{Metric: planner.Revenue, Value: 1200000, Currency: "EUR", Scope: "Santé",
		Deadline: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Lever: "new_logos",
		Deals: 60, Opportunities: 240, OpportunitiesPerMonth: 20}
	for b.Loop() {
		if _, err := Sentence("fr", d); err != nil {
			b.Fatal(err)
		}
	}
}
