package planner_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
)

// TestTuneWidening prints the rolling backtest's scores over a grid of the
// widening parameters on the Salesforce sf-wave-sales export, the tuning
// set (the Maven export is the test set, never tuned on). It is a tool,
// run by hand with SMARTPLAN_TUNE=1: skipped otherwise.
func TestTuneWidening(t *testing.T) {
	if os.Getenv("SMARTPLAN_TUNE") == "" {
		t.Skip("set SMARTPLAN_TUNE=1 to run the tuning grid")
	}
	dir := filepath.Join("..", "..", "shared", "data", "real", "sf-wave-sales")
	teams, _, _, err := importer.LoadLookup(filepath.Join(dir, "User.csv"), importer.LookupTeams, importer.Options{})
	if err != nil {
		t.Skip(err)
	}
	h, err := importer.LoadHistory(filepath.Join(dir, "Opportunity.csv"), importer.Options{Teams: teams})
	if err != nil {
		t.Fatal(err)
	}
	grid := func(env string, def []float64) []float64 {
		if v := os.Getenv(env); v != "" {
			var out []float64
			for _, s := range strings.Split(v, ",") {
				f, _ := strconv.ParseFloat(s, 64)
				out = append(out, f)
			}
			return out
		}
		return def
	}
	for _, kappa := range grid("KAPPA", []float64{0, 400, 100, 40}) {
		for _, shape := range grid("SHAPE", []float64{0, 50, 15, 6}) {
			restore := planner.SetWidening(kappa, shape)
			line := fmt.Sprintf("kappa %4.0f shape %3.0f:", kappa, shape)
			for _, by := range []string{"team", "owner"} {
				r, err := planner.Backtest(h.Deals, planner.BacktestOptions{By: by, Runs: 1000, Seed: 1})
				if err != nil {
					t.Fatal(err)
				}
				line += fmt.Sprintf("  %s %.4f/%.4f", by, r.Forecasters[0].Brier, r.Forecasters[0].LogLoss)
				best := r.Forecasters[1]
				for _, f := range r.Forecasters[1:] {
					if f.Brier < best.Brier {
						best = f
					}
				}
				line += fmt.Sprintf(" (best naive %.4f/%.4f)", best.Brier, best.LogLoss)
			}
			restore()
			fmt.Println(line)
		}
	}
}
