package planner

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loadMaven reads the Maven CRM pipeline (columns opportunity_id,
// sales_agent, product, account, deal_stage, engage_date, close_date,
// close_value) into deals, skipping the test when the file is absent.
func loadMaven(t testing.TB) []Deal {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "data", "real", "maven-crm", "sales_pipeline.csv")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("real data absent: %s", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, h := range []string{"opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("%s: no column %q", path, h)
		}
	}
	date := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatalf("%s: bad date %q", path, s)
		}
		return d
	}
	var deals []Deal
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		d := Deal{
			Owner: NameOf(rec[col["sales_agent"]]), Offer: NameOf(rec[col["product"]]),
			Created: DateOf(date(rec[col["engage_date"]])), Closed: DateOf(date(rec[col["close_date"]])),
		}
		switch rec[col["deal_stage"]] {
		case "Won":
			d.Status = Won
		case "Lost":
			d.Status = Lost
		}
		if v := strings.TrimSpace(rec[col["close_value"]]); v != "" {
			if d.Amount, err = strconv.ParseFloat(v, 64); err != nil {
				t.Fatalf("%s: bad amount %q", path, v)
			}
			d.HasAmount = true
		}
		deals = append(deals, d)
	}
	if len(deals) != 8800 {
		t.Fatalf("%s: %d deals, want 8800", path, len(deals))
	}
	// The teams: sales_agent -> manager.
	teams, err := os.ReadFile(filepath.Join(filepath.Dir(path), "sales_teams.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(teams))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	manager := map[string]string{}
	for _, r := range recs[1:] {
		manager[r[0]] = r[1]
	}
	for i := range deals {
		deals[i].Team = NameOf(manager[deals[i].Owner.String()])
	}
	return deals
}

func backtestTable(r BacktestResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cases %d, skipped %d, hit rate %.3f, Brier %.4f, baseline Brier %.4f\n", r.Cases, r.Skipped, r.HitRate, r.Brier, r.BaselineBrier)
	fmt.Fprintf(&b, "%-9s %9s %9s %6s\n", "bin", "predicted", "observed", "count")
	for _, bin := range r.Bins {
		fmt.Fprintf(&b, "%.1f–%.1f %9.3f %9.3f %6d\n", bin.From, bin.To, bin.Predicted, bin.Observed, bin.Count)
	}
	for _, m := range r.ByMultiplier {
		fmt.Fprintf(&b, "target %.1f × actual: %d cases, predicted %.3f, hit %.3f, Brier %.4f\n", m.Multiplier, m.Cases, m.Predicted, m.HitRate, m.Brier)
	}
	return b.String()
}

// The Maven CRM history, by sales rep and by quarter over 2017 (the first
// quarter has no closed deal before it, and is skipped).
//
// With the default multipliers (0.8, 1.0, 1.2) the planner does not beat
// the naive forecaster, and no honest forecaster can here: a target of 1.0
// × the actual is always hit, and a calibrated probability of reaching
// the actual is uniform on [0, 1], which costs 1/3 on those cases where the
// naive forecaster pays 1/9. Beating 0.222 overall then takes a forecast
// spread below about ±27 % (log scale) on the other cases, while a rep's
// quarterly revenue here varies by about ±30 % around any forecast made
// from their history (the start-up ramp of the CRM and a pipeline that
// goes stale in the second half of 2017). So the test checks what can be
// checked: that targets 20 % above or below the outcome are told apart
// better than the base rate does.
func TestBacktestMaven(t *testing.T) {
	deals := loadMaven(t)
	opt := BacktestOptions{
		By: "owner", Period: "quarter", Basis: "actual",
		From: simDate(2017, 1, 1), To: simDate(2018, 1, 1),
		Runs: 1000, Seed: 1,
	}
	r, err := Backtest(deals, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Maven CRM, by owner and quarter over 2017, targets 0.8, 1.0, 1.2 × actual:\n%s", backtestTable(r))
	if r.Cases < 200 {
		t.Errorf("%d cases, want at least 200 (30 reps with sales, 3 quarters with history, 3 multipliers)", r.Cases)
	}
	n := 0
	for _, b := range r.Bins {
		n += b.Count
	}
	if n != r.Cases {
		t.Errorf("bins hold %d cases, want %d", n, r.Cases)
	}

	opt.Multipliers = []float64{0.8, 1.2}
	r, err = Backtest(deals, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("targets 0.8 and 1.2 × actual:\n%s", backtestTable(r))
	if r.Brier >= r.BaselineBrier {
		t.Errorf("Brier %.4f does not beat the baseline %.4f", r.Brier, r.BaselineBrier)
	}

	// Targets set in advance, as multiples of the previous quarter: the
	// fair test, where the baseline does not know the answer.
	opt.Multipliers, opt.Basis = nil, "history"
	if r, err = Backtest(deals, opt); err != nil {
		t.Fatal(err)
	}
	t.Logf("targets 0.8, 1.0, 1.2 × the previous quarter:\n%s", backtestTable(r))
	if r.Brier >= r.BaselineBrier {
		t.Errorf("history basis: Brier %.4f does not beat the baseline %.4f", r.Brier, r.BaselineBrier)
	}
	opt.Basis = "actual"

	opt.By, opt.Multipliers, opt.Runs = "team", nil, 1000
	if r, err = Backtest(deals, opt); err != nil {
		t.Fatal(err)
	}
	t.Logf("by team (manager), targets 0.8, 1.0, 1.2 × actual:\n%s", backtestTable(r))
}

// synthDeals generates two years (2024-2025) of a stationary history for
// n reps who work exactly as the simulation assumes: about 20 new
// opportunities a month each, won at a rep's own rate of 20 % to 40 %,
// after 10 to 90 days, for amounts around 10,000. Deals that would close
// after 2025 are still open.
func synthDeals(n int) []Deal {
	rng := rand.New(rand.NewPCG(7, 11))
	end := simDate(2025, 12, 31)
	var deals []Deal
	for g := range n {
		owner := fmt.Sprintf("rep%02d", g)
		p := 0.2 + 0.2*float64(g)/float64(max(1, n-1))
		for m := (Month{2024, time.January}); m.Before(Month{2026, time.January}); m = m.Add(1) {
			count := 0
			for range 40 {
				if rng.Float64() < 0.5 {
					count++
				}
			}
			for range count {
				created := m.Start().AddDate(0, 0, rng.IntN(28))
				d := Deal{Owner: NameOf(owner), Team: NameOf(owner[:4]), Created: DateOf(created)}
				closed := created.AddDate(0, 0, 10+rng.IntN(81))
				if !closed.After(end) {
					d.Closed = DateOf(closed)
					d.Status = Lost
					if rng.Float64() < p {
						d.Status = Won
						d.Amount, d.HasAmount = math.Round(10000*math.Exp(0.5*rng.NormFloat64())), true
					}
				}
				deals = append(deals, d)
			}
		}
	}
	return deals
}

// On a history that follows the simulation's assumptions, a target 20 %
// above or below the outcome is told apart far better than chance.
func TestBacktestSynthetic(t *testing.T) {
	deals := synthDeals(30)
	opt := BacktestOptions{Basis: "actual", By: "owner", Period: "quarter", From: simDate(2025, 1, 1), To: simDate(2026, 1, 1),
		Multipliers: []float64{0.8, 1.2}, Runs: 1000, Seed: 3}
	r, err := Backtest(deals, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("synthetic history, 30 reps, 4 quarters:\n%s", backtestTable(r))
	if got, want := r.Cases, 30*4*2; got != want {
		t.Errorf("cases = %d, want %d", got, want)
	}
	if r.HitRate != 0.5 || r.BaselineBrier != 0.25 {
		t.Errorf("hit rate %v and baseline %v, want 0.5 and 0.25", r.HitRate, r.BaselineBrier)
	}
	if len(r.ByMultiplier) != 2 || r.ByMultiplier[0].Multiplier != 0.8 || r.ByMultiplier[0].Cases != 120 ||
		r.ByMultiplier[0].HitRate != 1 || r.ByMultiplier[1].HitRate != 0 ||
		math.Abs((r.ByMultiplier[0].Brier+r.ByMultiplier[1].Brier)/2-r.Brier) > 1e-12 {
		t.Errorf("by multiplier: %+v", r.ByMultiplier)
	}
	if r.Brier > 0.2 {
		t.Errorf("Brier %.4f, want well below the baseline 0.25", r.Brier)
	}
	// Same options, deals in another order: the same result.
	rng := rand.New(rand.NewPCG(1, 1))
	rng.Shuffle(len(deals), func(i, j int) { deals[i], deals[j] = deals[j], deals[i] })
	again, err := Backtest(deals, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, r) {
		t.Errorf("shuffled deals: %+v, want %+v", again, r)
	}
}

func TestBacktestScore(t *testing.T) {
	cases := []backtestCase{
		{P: 0.05, Hit: false}, {P: 0.15, Hit: true}, {P: 0.95, Hit: true}, {P: 1, Hit: true},
	}
	r := backtestScore(cases)
	// Brier: (0.05² + 0.85² + 0.05² + 0²) / 4; hit rate 0.75.
	if want := (0.0025 + 0.7225 + 0.0025) / 4; math.Abs(r.Brier-want) > 1e-12 {
		t.Errorf("Brier %v, want %v", r.Brier, want)
	}
	if r.HitRate != 0.75 || math.Abs(r.BaselineBrier-0.1875) > 1e-12 {
		t.Errorf("hit rate %v, baseline %v; want 0.75 and 0.1875", r.HitRate, r.BaselineBrier)
	}
	want := map[int]BacktestBin{
		0: {From: 0, To: 0.1, Predicted: 0.05, Observed: 0, Count: 1},
		1: {From: 0.1, To: 0.2, Predicted: 0.15, Observed: 1, Count: 1},
		9: {From: 0.9, To: 1, Predicted: 0.975, Observed: 1, Count: 2},
	}
	if len(r.Bins) != 10 {
		t.Fatalf("%d bins, want 10", len(r.Bins))
	}
	for i, b := range r.Bins {
		w, ok := want[i]
		if !ok {
			w = BacktestBin{From: float64(i) / 10, To: float64(i+1) / 10}
		}
		if math.Abs(b.From-w.From) > 1e-12 || math.Abs(b.To-w.To) > 1e-12 || math.Abs(b.Predicted-w.Predicted) > 1e-12 ||
			b.Observed != w.Observed || b.Count != w.Count {
			t.Errorf("bin %d = %+v, want %+v", i, b, w)
		}
	}
	if r := backtestScore(nil); r.Cases != 0 || r.Brier != 0 || len(r.Bins) != 10 {
		t.Errorf("no case: %+v", r)
	}
}

func TestBacktestPeriods(t *testing.T) {
	deals := synthDeals(2)
	tests := []struct {
		name     string
		period   string
		from, to time.Time
		want     int // periods
	}{
		{"quarters of a year", "quarter", simDate(2025, 1, 1), simDate(2026, 1, 1), 4},
		{"from mid-quarter: the next quarter", "quarter", simDate(2025, 2, 15), simDate(2026, 1, 1), 3},
		{"to is excluded", "quarter", simDate(2025, 1, 1), simDate(2025, 10, 1), 3},
		{"months", "month", simDate(2025, 3, 1), simDate(2025, 9, 1), 6},
		{"from mid-month", "month", simDate(2025, 3, 2), simDate(2025, 9, 1), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := BacktestOptions{Basis: "actual", By: "owner", Period: tt.period, From: tt.from, To: tt.to, Multipliers: []float64{1}, Runs: 200}
			r, err := Backtest(deals, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.Cases, 2*tt.want; got != want {
				t.Errorf("cases = %d, want %d", got, want)
			}
		})
	}
}

func TestBacktestOptionErrors(t *testing.T) {
	ok := BacktestOptions{Basis: "actual", By: "team", Period: "month", From: simDate(2025, 1, 1), To: simDate(2025, 6, 1)}
	tests := []struct {
		name string
		edit func(*BacktestOptions)
	}{
		{"by", func(o *BacktestOptions) { o.By = "segment" }},
		{"period", func(o *BacktestOptions) { o.Period = "week" }},
		{"empty range", func(o *BacktestOptions) { o.To = o.From }},
		{"no from", func(o *BacktestOptions) { o.From = time.Time{} }},
		{"zero multiplier", func(o *BacktestOptions) { o.Multipliers = []float64{1, 0} }},
		{"NaN multiplier", func(o *BacktestOptions) { o.Multipliers = []float64{math.NaN()} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := ok
			tt.edit(&opt)
			if _, err := Backtest(nil, opt); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := Backtest(nil, ok); err != nil {
		t.Errorf("valid options: %v", err)
	}
}

func BenchmarkBacktestMaven(b *testing.B) {
	deals := loadMaven(b)
	opt := BacktestOptions{Basis: "actual", By: "owner", Period: "quarter", From: simDate(2017, 1, 1), To: simDate(2018, 1, 1), Runs: 10000, Seed: 1}
	for b.Loop() {
		if _, err := Backtest(deals, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// Deals whose dates cannot both be right are not fatal: the plans of the
// backtest read them as `plan` does (their amounts count, they have no
// cycle), and every case is still scored.
func TestBacktestIgnoresImpossibleDates(t *testing.T) {
	deals := synthDeals(2)
	opt := BacktestOptions{Basis: "actual", By: "owner", Period: "quarter", From: simDate(2025, 1, 1), To: simDate(2026, 1, 1), Runs: 300, Seed: 1}
	want, err := Backtest(deals, opt)
	if err != nil {
		t.Fatal(err)
	}
	bad := append(deals[:len(deals):len(deals)],
		Deal{Owner: NameOf("rep00"), Created: MakeDate(1990, 1, 1), Closed: MakeDate(2025, 2, 1), Status: Won, Amount: 1, HasAmount: true},
		Deal{Owner: NameOf("rep00"), Created: MakeDate(2025, 3, 1), Closed: MakeDate(2025, 2, 1), Status: Lost},
	)
	got, err := Backtest(bad, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got.Cases != want.Cases || got.Skipped != want.Skipped {
		t.Errorf("with impossible dates: %d cases, %d skipped; want %d, %d", got.Cases, got.Skipped, want.Cases, want.Skipped)
	}
}

// TestBacktestRollingMaven is the honest backtest of issue 10 on the Maven
// export: rolling origin, every quarter from Q2 to Q4 2017 planned the day
// before with Build (point in time), targets at 0.5 to 1.5 × the trailing
// average quarter, by team and by owner, with the naive forecasters beside.
func TestBacktestRollingMaven(t *testing.T) {
	deals := loadMaven(t)
	for _, tc := range []struct {
		by    string
		cases int
		// the naive forecasters the planner beats on both scores today:
		// all three by owner; by team (here the six managers), not the
		// per-multiple base rate, which knows the other quarters' outcomes
		beats []string
	}{
		{"team", 6 * 3 * 5, []string{NaiveConstant, NaiveNormal}},
		{"owner", 450, []string{NaiveConstant, NaiveNormal, NaivePerMultiple}},
	} {
		r, err := Backtest(deals, BacktestOptions{By: tc.by, From: simDate(2017, 4, 1), Runs: 2000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Maven by %s, %d cases (hit rate %.3f):\n%s", tc.by, r.Cases, r.HitRate, forecastersTable(r))
		if len(r.Forecasters) != 4 || r.Cases != tc.cases {
			t.Fatalf("forecasters %+v over %d cases, want 4 over %d", r.Forecasters, r.Cases, tc.cases)
		}
		for _, f := range r.Forecasters[1:] {
			if slices.Contains(tc.beats, f.Name) && (r.Brier >= f.Brier || r.LogLoss >= f.LogLoss) {
				t.Errorf("by %s: planner %.4f/%.4f does not beat %s %.4f/%.4f", tc.by, r.Brier, r.LogLoss, f.Name, f.Brier, f.LogLoss)
			}
		}
		// a hit rate near one half: the targets are neither all easy nor
		// all out of reach, so the scores measure something
		if r.HitRate < 0.3 || r.HitRate > 0.7 {
			t.Errorf("by %s: hit rate %.3f, want the multiples to straddle the outcomes", tc.by, r.HitRate)
		}
	}
}

// BenchmarkBacktestRollingMaven is issue 10's timing goal: the rolling
// backtest of the Maven export by owner, every quarter, 10,000 runs.
func BenchmarkBacktestRollingMaven(b *testing.B) {
	deals := loadMaven(b)
	for b.Loop() {
		if _, err := Backtest(deals, BacktestOptions{By: "owner", Runs: 10000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func forecastersTable(r BacktestResult) string {
	var b strings.Builder
	for _, f := range r.Forecasters {
		fmt.Fprintf(&b, "  %-24s Brier %.4f  log loss %.4f\n", f.Name, f.Brier, f.LogLoss)
	}
	for _, bin := range r.Bins {
		if bin.Count > 0 {
			fmt.Fprintf(&b, "  [%.1f, %.1f) n=%3d predicted %.3f observed %.3f\n", bin.From, bin.To, bin.Count, bin.Predicted, bin.Observed)
		}
	}
	return b.String()
}

// TestBacktestEqualsPlan: the backtest tests what users get. Each case's
// probability is the one `plan` gives the same target, as of the same day,
// with the same seed and runs, planned alone; under both bases.
func TestBacktestEqualsPlan(t *testing.T) {
	deals := synthDeals(6)
	for _, basis := range []string{"trailing", "history"} {
		opt := BacktestOptions{By: "team", Basis: basis, Period: "quarter", From: simDate(2025, 1, 1), To: simDate(2026, 1, 1),
			Runs: 1000, Seed: 9}
		var cases []backtestCase
		if basis == "trailing" {
			rc, _, err := backtestRollingLevel(deals, opt, rollingMultipliers)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range rc {
				cases = append(cases, c.backtestCase)
			}
		} else {
			var err error
			if cases, _, err = backtestCases(deals, opt); err != nil {
				t.Fatal(err)
			}
		}
		if len(cases) < 10 {
			t.Fatalf("%s: %d cases", basis, len(cases))
		}
		for _, c := range cases {
			tg := Target{ID: "mine", Team: c.Group, Metric: Revenue, Value: c.Target, HasValue: true,
				Start: c.Period, Deadline: c.Period.AddDate(0, 3, -1)}
			p, err := Build(Input{Deals: deals, Targets: []Target{tg}}, Options{AsOf: c.Period.AddDate(0, 0, -1), Runs: opt.Runs, Seed: opt.Seed})
			if err != nil {
				t.Fatal(err)
			}
			if r := p.Targets[0]; r.Probability != c.P || r.P50 != c.P50 {
				t.Errorf("%s, %s from %s at %g×: backtest %v (P50 %v), plan %v (P50 %v)", basis, c.Group,
					c.Period.Format(time.DateOnly), c.Multiplier, c.P, c.P50, r.Probability, r.P50)
			}
		}
	}
}
