package planner_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
)

// loadReal reads a real export with its owner-to-team lookup as the CLI
// does, skipping the test when ../shared is absent.
func loadReal(t testing.TB, history, teams string) []planner.Deal {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "real")
	if _, err := os.Stat(filepath.Join(dir, history)); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("real data absent: %s", filepath.Join(dir, history))
	}
	lookup, _, _, err := importer.LoadLookup(filepath.Join(dir, teams), importer.LookupTeams, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := importer.LoadHistory(filepath.Join(dir, history), importer.Options{Teams: lookup})
	if err != nil {
		t.Fatal(err)
	}
	return h.Deals
}

// TestBacktestRollingReal is issue 10's goal as it stands, asserted on the
// two real exports the way a user runs `smartplan backtest` on them: the
// Maven export with its regional offices as teams (the test set: nothing
// was tuned on it) and the sf-wave-sales export with its users' roles as
// teams (the tuning set of the model's widening and run-rate share). Each
// case lists the naive forecasters the planner beats on both scores;
// what it does not beat yet is said, so that a regression and an
// improvement both show.
func TestBacktestRollingReal(t *testing.T) {
	all := []string{planner.NaiveConstant, planner.NaivePerMultiple, planner.NaiveNormal}
	for _, tc := range []struct {
		name, history, teams, by string
		cases                    int
		beats                    []string
		// beatsLogLoss are beaten on the log loss only
		beatsLogLoss []string
	}{
		// by office, the naive normal is beaten on the log loss, not the
		// Brier score (0.079 to 0.080 against 0.078), and the per-multiple base
		// rate (which knows the other quarters' outcomes) on neither
		{"maven", "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv", "team", 45,
			[]string{planner.NaiveConstant}, []string{planner.NaiveNormal}},
		{"maven", "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv", "owner", 450, all, nil},
		{"sf-wave", "sf-wave-sales/Opportunity.csv", "sf-wave-sales/User.csv", "team", 120, all, nil},
		{"sf-wave", "sf-wave-sales/Opportunity.csv", "sf-wave-sales/User.csv", "owner", 620, all, nil},
	} {
		t.Run(tc.name+"/"+tc.by, func(t *testing.T) {
			deals := loadReal(t, tc.history, tc.teams)
			r, err := planner.Backtest(deals, planner.BacktestOptions{By: tc.by, Runs: 2000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Cases != tc.cases {
				t.Fatalf("%d cases, want %d", r.Cases, tc.cases)
			}
			for _, f := range r.Forecasters[1:] {
				t.Logf("planner %.4f/%.4f against %s %.4f/%.4f", r.Brier, r.LogLoss, f.Name, f.Brier, f.LogLoss)
				switch {
				case slices.Contains(tc.beats, f.Name) && (r.Brier >= f.Brier || r.LogLoss >= f.LogLoss):
					t.Errorf("planner %.4f/%.4f does not beat %s %.4f/%.4f", r.Brier, r.LogLoss, f.Name, f.Brier, f.LogLoss)
				case slices.Contains(tc.beatsLogLoss, f.Name) && r.LogLoss >= f.LogLoss:
					t.Errorf("planner log loss %.4f does not beat %s %.4f", r.LogLoss, f.Name, f.LogLoss)
				}
			}
			for _, b := range r.Bins {
				if b.Count >= 20 {
					t.Logf("bin [%.1f, %.1f): %d cases, predicted %.3f, observed %.3f", b.From, b.To, b.Count, b.Predicted, b.Observed)
				}
			}
		})
	}
}
