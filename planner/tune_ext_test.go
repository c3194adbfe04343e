package planner_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/planner"
)

// TestTuneWidening prints the rolling backtest's scores over a grid of the
// widening parameters and the run-rate share (KAPPA, SHAPE and SHARE, comma
// lists; by default the shipped widening and four shares) on the
// Salesforce sf-wave-sales export, the tuning set (the Maven export is the
// test set, never tuned on). It is a tool, run by hand with
// SMARTPLAN_TUNE=1: skipped otherwise.
func TestTuneWidening(t *testing.T) {
	if os.Getenv("SMARTPLAN_TUNE") == "" {
		t.Skip("set SMARTPLAN_TUNE=1 to run the tuning grid")
	}
	deals := loadReal(t, "sf-wave-sales/Opportunity.csv", "sf-wave-sales/User.csv")
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
	type point struct{ kappa, shape, share float64 }
	var points []point
	for _, kappa := range grid("KAPPA", []float64{100}) {
		for _, shape := range grid("SHAPE", []float64{4}) {
			for _, share := range grid("SHARE", []float64{0, 0.15, 0.25, 0.35}) {
				points = append(points, point{kappa, shape, share})
			}
		}
	}
	for _, p := range points {
		restoreW, restoreR := planner.SetWidening(p.kappa, p.shape), planner.SetRunRate(p.share, 6)
		line := fmt.Sprintf("kappa %4.0f shape %3.0f run-rate share %.2f:", p.kappa, p.shape, p.share)
		for _, by := range []string{"team", "owner"} {
			r, err := planner.Backtest(deals, planner.BacktestOptions{By: by, Runs: 1000, Seed: 1})
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
		restoreR()
		restoreW()
		fmt.Println(line)
	}
}
