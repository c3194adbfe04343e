package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Issue 17's end-to-end goal: `smartplan plan` on a history of 1,000,000
// deals with 500 targets, 10,000 runs each, from the CSV to the three
// reports. The history is five years of ten teams (three segments, four
// offers, ten reps each), about 1,700 new opportunities a month per team at
// 1,000,000 deals; deals still open at the as-of date are those whose
// close falls after it, plus one in eight that was never closed (a stale
// pipeline, as CRM exports have).

var (
	scaleTeams    = []string{"Nord", "Sud", "Est", "Ouest", "Centre", "Grands Comptes", "PME", "Partenaires", "Export", "Public"}
	scaleSegments = []string{"Industrie", "Santé", "Distribution"}
	scaleOffers   = []string{"Suite ERP", "Module Paie", "CRM", "Support"}
)

// scaleAsOf is the as-of date of the scale histories: their last day.
const scaleAsOf = "2016-12-31"

// writeScaleHistory writes a history of n deals as CSV to path.
func writeScaleHistory(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id,owner,team,segment,offer,stage,created,closed,amount,currency")
	rng := rand.New(rand.NewPCG(17, 17))
	first := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf, _ := time.Parse(time.DateOnly, scaleAsOf)
	days := int(asOf.Sub(first).Hours()/24) + 1
	for i := range n {
		t := i % len(scaleTeams)
		created := first.AddDate(0, 0, rng.IntN(days))
		cycle := 20 + rng.IntN(40+10*t) + rng.IntN(60)
		closed := created.AddDate(0, 0, cycle)
		amount := float64(2000+1000*t) * (0.3 + rng.ExpFloat64())
		stage, closedText := "Won", closed.Format(time.DateOnly)
		switch {
		case closed.After(asOf) || rng.IntN(8) == 0:
			stage, closedText = "Prospecting", ""
		case rng.Float64() >= 0.2+0.03*float64(t):
			stage = "Lost"
		}
		fmt.Fprintf(w, "D%07d,Rep %d-%d,%s,%s,%s,%s,%s,%s,%.2f,EUR\n", i, t, rng.IntN(10), scaleTeams[t],
			scaleSegments[rng.IntN(len(scaleSegments))], scaleOffers[rng.IntN(len(scaleOffers))], stage,
			created.Format(time.DateOnly), closedText, amount)
	}
	return w.Flush()
}

// writeScaleTargets writes n targets (n ≤ 520) for the teams, segments and
// offers of the scale history: per team and quarter of 2017, revenue for
// the team, each segment and each offer, new customers for the team and
// each segment, a win rate and a deal size; each sized from the history's
// deals a month (perMonth, for the whole history).
func writeScaleTargets(path string, n, perMonth int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,team,segment,offer,metric,value,start,deadline")
	quarters := [][2]string{{"2017-01-01", "2017-03-31"}, {"2017-04-01", "2017-06-30"}, {"2017-07-01", "2017-09-30"}, {"2017-10-01", "2017-12-31"}}
	k := 0
	add := func(team, segment, offer, metric string, value float64, q [2]string) {
		if k < n {
			fmt.Fprintf(w, "S%03d,%s,%s,%s,%s,%.4g,%s,%s\n", k, team, segment, offer, metric, value, q[0], q[1])
			k++
		}
	}
	for _, q := range quarters {
		for t, team := range scaleTeams {
			// a quarter's deals: perMonth per team, won at 0.2 + 0.03 t
			deals := 3 * float64(perMonth) / float64(len(scaleTeams)) * (0.2 + 0.03*float64(t)) * 0.85
			revenue := deals * float64(2000+1000*t) * 1.3
			growth := 0.9 + 0.1*float64(t%4)
			add(team, "", "", "revenue", revenue*growth, q)
			add(team, "", "", "new_customers", deals*growth, q)
			add(team, "", "", "win_rate", 0.22+0.03*float64(t), q)
			add(team, "", "", "deal_size", float64(2000+1000*t)*1.4, q)
			for _, s := range scaleSegments {
				add(team, s, "", "revenue", revenue*growth/3, q)
				add(team, s, "", "new_customers", deals*growth/3, q)
			}
			for _, o := range scaleOffers {
				add(team, "", o, "revenue", revenue*growth/4, q)
			}
		}
	}
	return w.Flush()
}

// BenchmarkPlanScale plans from the CSV to the three reports, the track
// record included, as `smartplan plan` does by default: 40 targets
// against 100,000 deals, and 500 against 1,000,000 (with
// SMARTPLAN_BENCH_1M=1, as make bench sets it). The files are written
// once, outside the timing.
func BenchmarkPlanScale(b *testing.B) {
	cases := []struct {
		deals, targets int
	}{{100_000, 40}}
	if os.Getenv("SMARTPLAN_BENCH_1M") != "" {
		cases = append(cases, struct{ deals, targets int }{1_000_000, 500})
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("%dk-deals-%d-targets", c.deals/1000, c.targets), func(b *testing.B) {
			dir := b.TempDir()
			hist, tgts := filepath.Join(dir, "history.csv"), filepath.Join(dir, "targets.csv")
			if err := writeScaleHistory(hist, c.deals); err != nil {
				b.Fatal(err)
			}
			if err := writeScaleTargets(tgts, c.targets, c.deals/60); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				out := filepath.Join(dir, "out")
				var stderr bytes.Buffer
				code := run([]string{"smartplan", "plan", "--history", hist, "--targets", tgts, "--as-of", scaleAsOf,
					"--out", out}, io.Discard, &stderr)
				if code != 0 {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(c.targets), "per-target-s")
		})
	}
}

// TestWriteScaleFiles writes the scale history and targets into the
// folder SMARTPLAN_SCALE_DIR names (SMARTPLAN_SCALE_DEALS deals, default
// 1,000,000; 500 targets), to time the command itself:
//
//	SMARTPLAN_SCALE_DIR=/tmp/scale go test -run TestWriteScaleFiles ./cmd/smartplan/
//	/usr/bin/time -v smartplan plan --history /tmp/scale/history.csv --targets /tmp/scale/targets.csv \
//		--as-of 2016-12-31 --out /tmp/scale/out
func TestWriteScaleFiles(t *testing.T) {
	dir := os.Getenv("SMARTPLAN_SCALE_DIR")
	if dir == "" {
		t.Skip("SMARTPLAN_SCALE_DIR not set")
	}
	n := 1_000_000
	if v := os.Getenv("SMARTPLAN_SCALE_DEALS"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeScaleHistory(filepath.Join(dir, "history.csv"), n); err != nil {
		t.Fatal(err)
	}
	if err := writeScaleTargets(filepath.Join(dir, "targets.csv"), 500, n/60); err != nil {
		t.Fatal(err)
	}
}
