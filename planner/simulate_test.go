package planner

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"
)

func simDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// simTeam returns the input of a realistic mid-size team: about 20
// opportunities a month, a 25 % win rate on 240 closed deals, deals of
// 5,000 to 40,000 and cycles of 20 to 120 days, 40 open deals; a 2026
// calendar-year revenue target as of 1 January.
func simTeam() SimInput {
	in := SimInput{
		Metric:   Revenue,
		Target:   1_000_000,
		Start:    simDate(2026, 1, 1),
		Deadline: simDate(2026, 12, 31),
		AsOf:     simDate(2026, 1, 1),
		Won:      60,
		Lost:     180,
	}
	for i := range 24 {
		in.MonthlyOpportunities = append(in.MonthlyOpportunities, float64(12+(i*7)%17))
	}
	for i := range 60 {
		in.WonAmounts = append(in.WonAmounts, float64(5000+(i*3571)%35000))
		in.CycleDays = append(in.CycleDays, float64(20+(i*37)%100))
		in.LostCycleDays = append(in.LostCycleDays, float64(10+(i*29)%90))
	}
	for i := range 40 {
		in.Open = append(in.Open, OpenDeal{Amount: float64((i % 3) * 10000), Created: simDate(2025, 12, 31).AddDate(0, 0, -5*i)})
	}
	for i := range 120 {
		created := simDate(2025, 1, 1).AddDate(0, 0, (i*53)%300)
		in.Closed = append(in.Closed, ClosedDeal{Created: created, Closed: created.AddDate(0, 0, 10+(i*31)%100), Won: i%4 == 0})
	}
	return in
}

func TestSimulateDeterministic(t *testing.T) {
	for _, metric := range Metrics {
		t.Run(string(metric), func(t *testing.T) {
			in := simTeam()
			in.Metric = metric
			in.OpportunityRate = 0.5
			in.Target = 1
			a, err := Simulate(in, 3000, 42)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Simulate(in, 3000, 42)
			if err != nil {
				t.Fatal(err)
			}
			if a != b {
				t.Errorf("same seed, different results: %+v and %+v", a, b)
			}
			// The result must not depend on how many cores share the runs.
			old := runtime.GOMAXPROCS(1)
			c, err := Simulate(in, 3000, 42)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			if a != c {
				t.Errorf("GOMAXPROCS changed the result: %+v and %+v", a, c)
			}
		})
	}
	in := simTeam()
	a, _ := Simulate(in, 3000, 1)
	b, _ := Simulate(in, 3000, 2)
	if a == b {
		t.Errorf("seeds 1 and 2 gave identical results %+v: the seed is not used", a)
	}
}

func TestSimulateOrderIndependent(t *testing.T) {
	in := simTeam()
	want, err := Simulate(in, 2000, 7)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3 {
		s := simTeam()
		rng.Shuffle(len(s.WonAmounts), func(i, j int) { s.WonAmounts[i], s.WonAmounts[j] = s.WonAmounts[j], s.WonAmounts[i] })
		rng.Shuffle(len(s.CycleDays), func(i, j int) { s.CycleDays[i], s.CycleDays[j] = s.CycleDays[j], s.CycleDays[i] })
		rng.Shuffle(len(s.LostCycleDays), func(i, j int) {
			s.LostCycleDays[i], s.LostCycleDays[j] = s.LostCycleDays[j], s.LostCycleDays[i]
		})
		rng.Shuffle(len(s.Open), func(i, j int) { s.Open[i], s.Open[j] = s.Open[j], s.Open[i] })
		rng.Shuffle(len(s.Closed), func(i, j int) { s.Closed[i], s.Closed[j] = s.Closed[j], s.Closed[i] })
		got, err := Simulate(s, 2000, 7)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("shuffle %d: got %+v, want %+v", i, got, want)
		}
	}
}

func TestSimulateHigherTargetNeverMoreProbable(t *testing.T) {
	for _, metric := range []Metric{Revenue, NewCustomers, Opportunities, WinRate, DealSize} {
		t.Run(string(metric), func(t *testing.T) {
			in := simTeam()
			in.Metric = metric
			in.Target = 0
			base, err := Simulate(in, 2000, 3)
			if err != nil {
				t.Fatal(err)
			}
			prev := 1.0
			for _, f := range []float64{0.25, 0.5, 0.8, 0.9, 1, 1.1, 1.2, 1.5, 2, 4} {
				in.Target = f * base.P50
				r, err := Simulate(in, 2000, 3)
				if err != nil {
					t.Fatal(err)
				}
				if r.Probability > prev {
					t.Errorf("target %.4g: probability %.4f above %.4f of a lower target", in.Target, r.Probability, prev)
				}
				prev = r.Probability
			}
		})
	}
}

// More volume, a better win rate or bigger deals never make a target less
// likely: with the same seed (common random numbers) this holds run by
// run, so the check is exact.
func TestSimulateMoreNeverLessProbable(t *testing.T) {
	more := map[string]func(in *SimInput, step float64){
		"monthly_counts": func(in *SimInput, step float64) {
			for i := range in.MonthlyOpportunities {
				in.MonthlyOpportunities[i] += math.Round(step * 3)
			}
		},
		"opportunity_scale": func(in *SimInput, step float64) { in.OpportunityScale = 1 + step/4 },
		"win_rate":          func(in *SimInput, step float64) { in.WinRateOverride = 0.2 + step/20 },
		"deal_size":         func(in *SimInput, step float64) { in.DealSizeScale = 1 + step/4 },
	}
	for name, apply := range more {
		for _, metric := range []Metric{Revenue, NewCustomers, Opportunities} {
			t.Run(name+"/"+string(metric), func(t *testing.T) {
				in := simTeam()
				in.Metric = metric
				r, _ := Simulate(in, 2000, 11)
				in.Target = r.P50
				prev := SimResult{}
				for step := range 6 {
					s := simTeam()
					s.Metric, s.Target = metric, in.Target
					apply(&s, float64(step))
					r, err := Simulate(s, 2000, 11)
					if err != nil {
						t.Fatal(err)
					}
					if step > 0 && (r.Probability < prev.Probability || r.P10 < prev.P10 || r.P50 < prev.P50 || r.P90 < prev.P90) {
						t.Errorf("step %d: %+v below %+v", step, r, prev)
					}
					prev = r
				}
			})
		}
	}
}

func TestSimulateSanity(t *testing.T) {
	in := simTeam()
	in.Target = 0
	r, err := Simulate(in, 2000, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r.Probability != 1 {
		t.Errorf("target 0: probability %v, want 1", r.Probability)
	}
	if r.Runs != 2000 {
		t.Errorf("runs = %d, want 2000", r.Runs)
	}
	// A year of history is about 20 × 12 × 25 % × 22,000 ≈ 1.3 M plus the
	// open pipeline: 100 times that is out of reach.
	in.Target = 100 * 1.5e6
	if r, _ := Simulate(in, 2000, 5); r.Probability != 0 {
		t.Errorf("target 100× history: probability %v, want 0", r.Probability)
	}
	if r, _ := Simulate(in, 0, 5); r.Runs != simDefaultRuns {
		t.Errorf("runs 0: %d runs, want the default %d", r.Runs, simDefaultRuns)
	}
	if !(r.P10 <= r.P50 && r.P50 <= r.P90) {
		t.Errorf("quantiles out of order: %+v", r)
	}
}

// simConst returns n copies of v.
func simConst(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// Cases whose answer is known in closed form.
func TestSimulateKnownAnswers(t *testing.T) {
	year := func(metric Metric) SimInput {
		return SimInput{
			Metric: metric, Start: simDate(2026, 1, 1), Deadline: simDate(2026, 12, 31), AsOf: simDate(2026, 1, 1),
			MonthlyOpportunities: simConst(12, 20), Won: 250_000, Lost: 750_000,
			WonAmounts: simConst(10, 1000), CycleDays: simConst(10, 0),
		}
	}
	// Binomial(240, 0.25): mean 60, sd 6.7; P10 ≈ 51.4, P90 ≈ 68.6.
	binomial := year(NewCustomers)
	withOpen := year(Revenue)
	withOpen.MonthlyOpportunities = nil
	withOpen.Won, withOpen.Lost = 1_000_000, 0
	withOpen.CycleDays = simConst(10, 30)
	withOpen.Open = []OpenDeal{
		{Amount: 5000, Created: simDate(2025, 12, 20)}, // closes on 19 January
		{Amount: 0, Created: simDate(2025, 12, 25)},    // unknown amount: 1,000 drawn
		{Amount: 7000, Created: simDate(2026, 1, 1)},   // created on AsOf: not yet known
	}
	tooLong := year(Revenue)
	tooLong.CycleDays = simConst(10, 400)
	halfYear := year(Opportunities)
	halfYear.AsOf = simDate(2026, 7, 1)
	halfYear.ActualSoFar = 100
	meetings := year(Meetings)
	meetings.OpportunityRate = 0.5
	winRate := year(WinRate)
	winRate.LostCycleDays = simConst(5, 3)
	winRate.ActualSoFar = 1000 // ignored for a rate
	dealSize := year(DealSize)
	dealSize.ActualSoFar = 1000 // ignored for a mean
	deadlinePast := year(Revenue)
	deadlinePast.AsOf = simDate(2027, 2, 1)
	deadlinePast.ActualSoFar = 123

	tests := []struct {
		name          string
		in            SimInput
		p10, p50, p90 float64
		tol           float64
	}{
		{"opportunities exact", year(Opportunities), 240, 240, 240, 0},
		{"meetings are opportunities over the opportunity rate", meetings, 480, 480, 480, 0},
		{"opportunities after AsOf plus actual", halfYear, 220, 220, 220, 0},
		{"binomial deal count", binomial, 51.4, 60, 68.6, 1.6},
		{"revenue is count times amount", year(Revenue), 51.4e3, 60e3, 68.6e3, 1.6e3},
		{"open deals only", withOpen, 6000, 6000, 6000, 0},
		{"cycle longer than the period", tooLong, 0, 0, 0, 0},
		{"win rate", winRate, 0.25 - 0.036, 0.25, 0.25 + 0.036, 0.01},
		{"deal size", dealSize, 1000, 1000, 1000, 1e-9},
		{"deadline passed: the actual", deadlinePast, 123, 123, 123, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Simulate(tt.in, 4000, 9)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []struct {
				name      string
				got, want float64
			}{{"P10", r.P10, tt.p10}, {"P50", r.P50, tt.p50}, {"P90", r.P90, tt.p90}} {
				if math.Abs(q.got-q.want) > tt.tol {
					t.Errorf("%s = %.4g, want %.4g ± %.2g", q.name, q.got, q.want, tt.tol)
				}
			}
		})
	}
}

// A plan made before its period starts counts the opportunities created
// in between that close inside it: with a 45-day cycle, those created from
// 17 November 2025 to 16 November 2026 close in 2026.
func TestSimulatePlanAhead(t *testing.T) {
	in := SimInput{
		Metric: NewCustomers, Start: simDate(2026, 1, 1), Deadline: simDate(2026, 12, 31),
		MonthlyOpportunities: simConst(12, 30), Won: 1_000_000, Lost: 0,
		WonAmounts: simConst(3, 1), CycleDays: simConst(3, 45),
	}
	for _, tt := range []struct {
		asOf time.Time
		want float64
	}{
		{simDate(2025, 11, 1), 30*14.0/30 + 30 + 300 + 30*16.0/30}, // 360
		{simDate(2026, 1, 1), 300 + 30*16.0/30},                    // 316
	} {
		in.AsOf = tt.asOf
		r, err := Simulate(in, 2000, 4)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.P50-tt.want) > 8 {
			t.Errorf("as of %s: P50 %.0f deals, want about %.0f", tt.asOf.Format(time.DateOnly), r.P50, tt.want)
		}
	}
}

// openCloseRate returns the share of n open deals of the given age that
// are won inside a year-long period, in the median run.
func openCloseRate(t *testing.T, in SimInput, age, n int) float64 {
	t.Helper()
	in.Open = append([]OpenDeal(nil), in.Open...)
	for range n {
		in.Open = append(in.Open, OpenDeal{Amount: 1, Created: in.AsOf.AddDate(0, 0, -age)})
	}
	r, err := Simulate(in, 2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r.P50 / float64(n)
}

// Without Closed, open deals follow the life table of the won and lost
// cycles, in which open deals are censored at their age.
func TestSimulateOpenDealsLifeTable(t *testing.T) {
	cycles := []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}
	in := SimInput{
		Metric: NewCustomers, Start: simDate(2026, 1, 1), Deadline: simDate(2026, 12, 31), AsOf: simDate(2026, 1, 1),
		Won: 1_000_000, Lost: 1_000_000, CycleDays: cycles,
	}
	for _, tt := range []struct {
		age  int
		want float64
	}{
		{10, 0.5},
		{95, 0.5},  // only the 100-day cycle is left, but it is certain
		{100, 0.5}, // closes on AsOf
		{101, 0},   // older than any deal the history saw close
		{5000, 0},
	} {
		if got := openCloseRate(t, in, tt.age, 20); math.Abs(got-tt.want) > 0.03 {
			t.Errorf("age %d: %.3f of open deals won, want %.3f", tt.age, got, tt.want)
		}
	}

	// Deals left open far longer than any deal took to close (a stale
	// pipeline) stay in the life table's at-risk population: a deal of 50
	// days is then much less likely to be won.
	in = SimInput{
		Metric: NewCustomers, Start: simDate(2026, 1, 1), Deadline: simDate(2026, 12, 31), AsOf: simDate(2026, 1, 1),
		Won: 10, Lost: 10, CycleDays: cycles, LostCycleDays: cycles,
	}
	fresh := openCloseRate(t, in, 50, 20)
	for range 200 {
		in.Open = append(in.Open, OpenDeal{Amount: 1, Created: in.AsOf.AddDate(0, 0, -300)})
	}
	stale := openCloseRate(t, in, 50, 20)
	if !(fresh > 0.35 && stale < fresh/2) {
		t.Errorf("a deal of 50 days is won at %.3f with a clean pipeline and %.3f beside 200 stale deals; want about 0.5 and less than half that", fresh, stale)
	}
}

// With Closed, the chances come from how deals of each age fared over the
// last simRecentDays days.
func TestSimulateOpenDealsRecent(t *testing.T) {
	asOf := simDate(2026, 1, 1)
	in := SimInput{
		Metric: NewCustomers, Start: asOf, Deadline: simDate(2026, 12, 31), AsOf: asOf,
		Won: 20, Lost: 20, CycleDays: []float64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
	}
	// Over the last 100 days, deals closed at 10 to 100 days, half won.
	for i := range 40 {
		closed := asOf.AddDate(0, 0, -1-(i*7)%100)
		in.Closed = append(in.Closed, ClosedDeal{Created: closed.AddDate(0, 0, -10*(1+i%10)), Closed: closed, Won: i%2 == 0})
	}
	// And long ago, deals that all took 300 days and were won: outside the
	// recent period, they do not count.
	for range 40 {
		closed := asOf.AddDate(-2, 0, 0)
		in.Closed = append(in.Closed, ClosedDeal{Created: closed.AddDate(0, 0, -300), Closed: closed, Won: true})
	}
	// Fewer than simMinRecent recent closings: the life table of the
	// whole history is used instead, as without Closed.
	few, none := in, in
	few.Closed, none.Closed = in.Closed[:simMinRecent-1], nil
	if a, b := openCloseRate(t, few, 30, 20), openCloseRate(t, none, 30, 20); a != b {
		t.Errorf("with %d recent closings: %.3f of open deals won, want %.3f as without any", len(few.Closed), a, b)
	}

	young := openCloseRate(t, in, 5, 20)
	old := openCloseRate(t, in, 150, 20)
	if young < 0.3 || young > 0.7 {
		t.Errorf("a deal of 5 days is won at %.3f, want about 0.5", young)
	}
	if old != 0 {
		t.Errorf("a deal of 150 days, older than any recent closing, is won at %.3f, want 0", old)
	}
	// Stale deals of 120 days were exposed at every age up to 119 over the
	// recent period without closing: they lower everyone's chances.
	for range 200 {
		in.Open = append(in.Open, OpenDeal{Amount: 1, Created: asOf.AddDate(0, 0, -120)})
	}
	if stale := openCloseRate(t, in, 5, 20); stale > young/2 {
		t.Errorf("beside 200 stale deals a deal of 5 days is won at %.3f, want below half of %.3f", stale, young)
	}
}

// Recent months weigh more: the weight of a month halves every simHalfLife
// months into the past.
func TestSimulateRecencyWeights(t *testing.T) {
	cum := simRecencyWeights(4, 1)
	want := []float64{1.0 / 15, 3.0 / 15, 7.0 / 15, 1}
	for i := range want {
		if math.Abs(cum[i]-want[i]) > 1e-12 {
			t.Errorf("cum[%d] = %v, want %v", i, cum[i], want[i])
		}
	}
	inv := newSimInverse(cum)
	for i, u := range []float64{0, 0.06, 0.07, 0.19, 0.2, 0.46, 0.47, 0.99, 1} {
		if got, want := inv.first(u, 0), []int{0, 0, 1, 1, 2, 2, 3, 3, 3}[i]; got != want {
			t.Errorf("first(%v) = %d, want %d", u, got, want)
		}
	}
	// Nine empty months then three of 30: each month of a year draws 30
	// with probability q, the weight of the last three months, so that
	// P(at least 7 × 30) is a binomial tail.
	in := SimInput{
		Metric: Opportunities, Target: 7 * 30, Start: simDate(2026, 1, 1), Deadline: simDate(2026, 12, 31), AsOf: simDate(2026, 1, 1),
		MonthlyOpportunities: append(make([]float64, 9), 30, 30, 30),
	}
	q := 1 - simRecencyWeights(12, simHalfLife)[8]
	tail := 0.0
	for k := 7; k <= 12; k++ {
		tail += simBinom(12, k) * math.Pow(q, float64(k)) * math.Pow(1-q, float64(12-k))
	}
	r, err := Simulate(in, 4000, 2)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Probability-tail) > 0.03 {
		t.Errorf("P(≥ 210 opportunities) = %.3f, want %.3f (q = %.3f)", r.Probability, tail, q)
	}
}

func simBinom(n, k int) float64 {
	c := 1.0
	for i := range k {
		c = c * float64(n-i) / float64(i+1)
	}
	return c
}

func TestSimulateErrors(t *testing.T) {
	base := simTeam
	tests := []struct {
		name         string
		edit         func(*SimInput)
		insufficient bool
	}{
		{"no history at all", func(in *SimInput) { in.MonthlyOpportunities, in.Open = nil, nil }, true},
		{"no won deal", func(in *SimInput) { in.WonAmounts, in.CycleDays = nil, nil }, true},
		{"meetings without opportunity rate", func(in *SimInput) { in.Metric = Meetings }, true},
		{"deadline before start", func(in *SimInput) { in.Deadline = in.Start.AddDate(0, 0, -1) }, false},
		{"no start", func(in *SimInput) { in.Start = time.Time{} }, false},
		{"unknown metric", func(in *SimInput) { in.Metric = "profit" }, false},
		{"negative count", func(in *SimInput) { in.MonthlyOpportunities[3] = -1 }, false},
		{"NaN amount", func(in *SimInput) { in.WonAmounts[0] = math.NaN() }, false},
		{"negative cycle", func(in *SimInput) { in.CycleDays[0] = -2 }, false},
		{"negative scale", func(in *SimInput) { in.DealSizeScale = -1 }, false},
		{"infinite count", func(in *SimInput) { in.MonthlyOpportunities[0] = math.Inf(1) }, false},
		{"absurd count", func(in *SimInput) { in.MonthlyOpportunities[0] = 1e7 }, false},
		{"absurd cycle", func(in *SimInput) { in.CycleDays[0] = 1e6 }, false},
		{"period of a century", func(in *SimInput) { in.Deadline = in.Start.AddDate(100, 0, 0) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			_, err := Simulate(in, 100, 1)
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrNoSimulationData); got != tt.insufficient {
				t.Errorf("errors.Is(%v, ErrNoSimulationData) = %v, want %v", err, got, tt.insufficient)
			}
		})
	}
	// Opportunities need neither amounts nor cycles; open deals alone can
	// carry a revenue target.
	in := base()
	in.Metric, in.WonAmounts, in.CycleDays = Opportunities, nil, nil
	if _, err := Simulate(in, 100, 1); err != nil {
		t.Errorf("opportunities without won deals: %v", err)
	}
	in = base()
	in.MonthlyOpportunities = nil
	if _, err := Simulate(in, 100, 1); err != nil {
		t.Errorf("open deals only: %v", err)
	}
}

func ExampleSimulate() {
	// Twenty opportunities a month, every month: a calendar year creates
	// 240 of them, whatever the draws.
	in := SimInput{
		Metric:               Opportunities,
		Target:               240,
		Start:                time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Deadline:             time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		AsOf:                 time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		MonthlyOpportunities: []float64{20, 20, 20},
	}
	r, err := Simulate(in, 1000, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("probability %.2f, P50 %.0f\n", r.Probability, r.P50)
	// Output: probability 1.00, P50 240
}

func BenchmarkSimulate(b *testing.B) {
	in := simTeam()
	b.ReportAllocs()
	start := cpuClock()
	for b.Loop() {
		if _, err := Simulate(in, 10000, 1); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkSimulate500 is the simulations alone of the issue's speed goal
// (500 targets of teams of 10 to 40 opportunities a month, 10,000 runs
// each; goal: under 5 s on 2 cores), spread over the cores as Build
// spreads targets: each simulation on one goroutine, GOMAXPROCS of them at
// a time. Run it with -cpu 1,2 for the single-core figure.
func BenchmarkSimulate500(b *testing.B) {
	inputs := make([]SimInput, 500)
	for i := range inputs {
		in := simTeam()
		k := 0.5 + 1.5*float64(i%7)/6
		for j := range in.MonthlyOpportunities {
			in.MonthlyOpportunities[j] *= k
		}
		in.Open = in.Open[:int(float64(len(in.Open))*min(1, k))]
		inputs[i] = in
	}
	b.ReportAllocs()
	start := cpuClock()
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make([]error, runtime.GOMAXPROCS(0))
		for g := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1) - 1); i < len(inputs); i = int(next.Add(1) - 1) {
					if _, err := simulate(inputs[i], 10000, int64(i), 1); err != nil {
						errs[g] = err
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// simInverse agrees with a plain search on cumulative arrays with flat
// runs, from any starting index.
func TestSimInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 1 + rng.IntN(300)
		cum := make([]float64, n)
		total := 0.0
		for i := range cum {
			if rng.IntN(3) == 0 { // flat runs, as between closing ages
				total += rng.Float64()
			}
			cum[i] = total
		}
		inv := newSimInverse(cum)
		for range 50 {
			v := rng.Float64() * total * 1.01
			from := rng.IntN(n)
			want := from
			for want < n-1 && cum[want] <= v {
				want++
			}
			if got := inv.first(v, from); got != want {
				t.Fatalf("trial %d: first(%v, %d) = %d, want %d", trial, v, from, got, want)
			}
		}
	}
}

// simSelect and simQuantileIndex give the values of stat.Quantile
// (Empirical) on the sorted outcomes, ties and tiny samples included.
func TestSimSelectQuantiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 300 {
		n := 1 + rng.IntN(3000)
		if trial < 20 {
			n = 1 + trial
		}
		x := make([]float64, n)
		distinct := 1 + rng.IntN(n+1) // few distinct values: many ties
		for i := range x {
			x[i] = float64(rng.IntN(distinct)) * 0.25
			if trial%3 == 0 {
				x[i] = rng.NormFloat64()
			}
		}
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		for _, p := range []float64{0.1, 0.5, 0.9} {
			want := stat.Quantile(p, stat.Empirical, sorted, nil)
			y := slices.Clone(x)
			if got := simSelect(y, simQuantileIndex(p, n)); got != want {
				t.Fatalf("trial %d, n %d: quantile %v = %v, want %v", trial, n, p, got, want)
			}
		}
	}
}

// simulate gives the same result as the former computation (sort, then
// stat.Quantile and a binary search), and simProbability the same
// probability, on any number of goroutines.
func TestSimulateMatchesSorted(t *testing.T) {
	for _, metric := range Metrics {
		in := simTeam()
		in.Metric = metric
		in.OpportunityRate = 0.5
		sorted, err := simulateOutcomes(in, 2500, 3)
		if err != nil {
			t.Fatal(err)
		}
		in.Target = stat.Quantile(0.6, stat.Empirical, sorted, nil)
		want := SimResult{Probability: simShareReaching(sorted, in.Target),
			P10: stat.Quantile(0.1, stat.Empirical, sorted, nil), P50: stat.Quantile(0.5, stat.Empirical, sorted, nil),
			P90: stat.Quantile(0.9, stat.Empirical, sorted, nil), Runs: 2500}
		for _, workers := range []int{1, 2, 3} {
			got, err := simulate(in, 2500, 3, workers)
			if err != nil {
				t.Fatal(err)
			}
			open := got
			got.OpenYield, got.OpenDeals, got.OpenTopShare, got.OpenTopDeals = 0, 0, 0, 0        // checked in TestOpenYieldMatchesRuns
			got.NewYield, got.NewFrom, got.NewTo, got.NewMonths = 0, time.Time{}, time.Time{}, 0 // checked in TestNewYieldMatchesRuns
			if got != want {
				t.Errorf("%s on %d workers: %+v, want %+v", metric, workers, got, want)
			}
			if one, _ := simulate(in, 2500, 3, 1); one != open {
				t.Errorf("%s on %d workers: open yield %+v, on one worker %+v", metric, workers, open, one)
			}
			p, err := simProbability(in, 2500, 3, workers)
			if err != nil {
				t.Fatal(err)
			}
			if p != want.Probability {
				t.Errorf("%s on %d workers: probability alone %v, want %v", metric, workers, p, want.Probability)
			}
		}
	}
}

// simPickTable picks the same index as simInverse, for every kind of
// cumulative array, at the edges of its buckets too.
func TestSimPickTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := 1 + rng.IntN(400)
		cum := make([]float64, n)
		total := 0.0
		for i := range cum {
			if rng.IntN(3) != 0 {
				total += rng.Float64()
			}
			cum[i] = total
		}
		for i := range cum {
			if total > 0 {
				cum[i] /= total
			}
		}
		cum[n-1] = 1
		pt, inv := newSimPickTable(cum), newSimInverse(cum)
		us := []uint64{0, 1<<32 - 1}
		for b := range uint64(256) {
			us = append(us, b<<24, b<<24-1&(1<<32-1), b<<24+1)
		}
		for _, c := range cum {
			e := uint64(c * 0x1p32)
			us = append(us, e-1, e, e+1)
		}
		for range 200 {
			us = append(us, rng.Uint64()>>32)
		}
		for _, u := range us {
			u &= 1<<32 - 1
			if got, want := pt.pick(u), inv.first(float64(u)*0x1p-32, 0); got != want {
				t.Fatalf("trial %d, n %d, u %d: pick %d, want %d", trial, n, u, got, want)
			}
		}
	}
}

// A model rescaled by withLevers runs as the model built from the input
// with those levers.
func TestSimWithLevers(t *testing.T) {
	for _, metric := range []Metric{Revenue, NewCustomers, WinRate, Opportunities} {
		in := simTeam()
		in.Metric = metric
		in.Target = 1.4 * in.Target
		if metric != Revenue {
			in.Target = 150
		}
		if metric == WinRate {
			in.Target = 0.3
		}
		base, err := newSimModel(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, lv := range [][3]float64{{0, 0, 0}, {1.7, 0, 0}, {0, 0.45, 0}, {0, 0, 2.3}, {1.3, 0.4, 1.2}} {
			s := in
			s.OpportunityScale, s.WinRateOverride, s.DealSizeScale = lv[0], lv[1], lv[2]
			want, err := simProbability(s, 1500, 9, 1)
			if err != nil {
				t.Fatal(err)
			}
			m, err := base.withLevers(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.probability(s.Target, 1500, 9, 2); got != want {
				t.Errorf("%s, levers %v: %v, want %v", metric, lv, got, want)
			}
		}
		s := in
		s.OpportunityScale = math.NaN()
		if _, err := base.withLevers(s); err == nil {
			t.Errorf("%s: a NaN lever was accepted", metric)
		}
	}
}

// The open pipeline's expected yield is exactly what the runs draw from it:
// with no new opportunity, the mean simulated revenue matches OpenYield
// within Monte Carlo error, for periods short and long.
func TestOpenYieldMatchesRuns(t *testing.T) {
	for _, tc := range []struct {
		name     string
		deadline time.Time
	}{
		{"one month", simDate(2026, 1, 31)},
		{"a quarter", simDate(2026, 3, 31)},
		{"a year", simDate(2026, 12, 31)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := simTeam()
			in.Deadline = tc.deadline
			in.OpportunityScale = 1e-12 // no new opportunity: only the open deals bring revenue
			res, err := Simulate(in, 20000, 7)
			if err != nil {
				t.Fatal(err)
			}
			out, err := simulateOutcomes(in, 20000, 7)
			if err != nil {
				t.Fatal(err)
			}
			var mean, sq float64
			for _, x := range out {
				mean += x
				sq += x * x
			}
			n := float64(len(out))
			mean /= n
			se := math.Sqrt((sq/n - mean*mean) / n)
			t.Logf("OpenYield %.0f, mean %.0f ± %.0f", res.OpenYield, mean, 2*se)
			if res.OpenYield <= 0 || math.Abs(res.OpenYield-mean) > 4*se+1 {
				t.Errorf("OpenYield %.0f, mean simulated revenue %.0f ± %.0f", res.OpenYield, mean, 2*se)
			}
		})
	}
}

// TestNewYieldMatchesRuns: the new flow's expected yield that the capacity
// check divides by is what the runs give: with a steady 20 opportunities a
// month and no open deal, the mean number of deals won inside the period is
// 20 × NewYield, whether the cycles come from the recent life table or
// from the won deals, and whether the plan is made inside the period or
// before it starts.
func TestNewYieldMatchesRuns(t *testing.T) {
	for _, tc := range []struct {
		name               string
		asOf, start, end   time.Time
		withoutClosedDeals bool
		// the creation months, when known: from AsOf, the first day to come
		from      time.Time
		newMonths float64
	}{
		{"a quarter", simDate(2026, 1, 1), simDate(2026, 1, 1), simDate(2026, 3, 31), false, simDate(2026, 1, 1), 3},
		{"a year", simDate(2026, 1, 1), simDate(2026, 1, 1), simDate(2026, 12, 31), false, simDate(2026, 1, 1), 12},
		{"a quarter planned two months ahead", simDate(2025, 11, 1), simDate(2026, 1, 1), simDate(2026, 3, 31), false, time.Time{}, 0},
		{"mid-month, won cycles", simDate(2026, 1, 17), simDate(2026, 1, 1), simDate(2026, 6, 30), true, simDate(2026, 1, 17), 5 + 15.0/31},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := simTeam()
			in.Metric, in.Target = NewCustomers, 1
			in.AsOf, in.Start, in.Deadline = tc.asOf, tc.start, tc.end
			in.Open = nil
			if tc.withoutClosedDeals {
				in.Closed = nil
			}
			for i := range in.MonthlyOpportunities {
				in.MonthlyOpportunities[i] = 20
			}
			res, err := Simulate(in, 20000, 3)
			if err != nil {
				t.Fatal(err)
			}
			out, err := simulateOutcomes(in, 20000, 3)
			if err != nil {
				t.Fatal(err)
			}
			mean := stat.Mean(out, nil)
			se := math.Sqrt(stat.Variance(out, nil) / float64(len(out)))
			t.Logf("20 × NewYield %.3f, mean %.3f ± %.3f", 20*res.NewYield, mean, 2*se)
			if res.NewYield <= 0 || math.Abs(20*res.NewYield-mean) > 4*se+0.01 {
				t.Errorf("20 × NewYield %.3f, mean simulated deals %.3f ± %.3f", 20*res.NewYield, mean, 2*se)
			}
			if res.NewFrom.Before(tc.asOf) || !res.NewTo.Equal(tc.end) {
				t.Errorf("creation from %v to %v, want from %v on and to %v", res.NewFrom, res.NewTo, tc.asOf, tc.end)
			}
			if !tc.from.IsZero() && (!res.NewFrom.Equal(tc.from) || math.Abs(res.NewMonths-tc.newMonths) > 1e-9) {
				t.Errorf("creation from %v over %.4f months, want from %v over %.4f", res.NewFrom, res.NewMonths, tc.from, tc.newMonths)
			}
		})
	}
}
