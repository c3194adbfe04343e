package planner

import (
	"math"
	"strings"
	"testing"
	"time"
)

// lifeExport builds an export of deals created every day from day 0 on,
// each closing at age 10 + i%50 days (won one time in two), except that one
// deal in three never closes; only the deals closed on or after observed,
// and those still open, are in the export (an export "closed since X, and
// the open ones"). It returns the closed deals and the open ones at asOf.
func lifeExport(asOf, observed int) (closed []ClosedDeal, open []OpenDeal) {
	day := func(d int) time.Time { return simDayTime(d) }
	for c := 0; c < asOf; c++ {
		age := 10 + c%50
		if c%3 == 2 || c+age >= asOf {
			open = append(open, OpenDeal{Created: day(c)})
			continue
		}
		if c+age < observed {
			continue // closed before the export starts: not in it
		}
		closed = append(closed, ClosedDeal{Created: day(c), Closed: day(c + age), Won: c%2 == 0})
	}
	return closed, open
}

// TestSimRecentLeftTruncation: an export that starts recording closings on
// a day leaves out the deals closed before it, so the days its old deals
// spent open before that day must not count as exposure (the open
// pipeline's chances and a new deal's conversion would read low). With the
// observation start, a new deal's chance of a win is the truth: one half of
// the two deals in three that close.
func TestSimRecentLeftTruncation(t *testing.T) {
	asOf, observed := 1000, 900
	closed, open := lifeExport(asOf, observed)
	truth := 2.0 / 3 / 2
	in := SimInput{Closed: closed, Open: open, AsOf: simDayTime(asOf)}
	for _, tc := range []struct {
		name     string
		observed time.Time
		ok       func(float64) bool
	}{
		{"observation start known", simDayTime(observed), func(p float64) bool { return math.Abs(p-truth) < 0.03 }},
		{"window before the export started", time.Time{}, func(p float64) bool { return p < truth-0.05 }},
	} {
		in.ObservedFrom = tc.observed
		tab := simRecentLife(in)
		if tab == nil {
			t.Fatalf("%s: no table", tc.name)
		}
		if !tc.ok(tab.won[0]) {
			t.Errorf("%s: a new deal's chance of a win %.3f, truth %.3f", tc.name, tab.won[0], truth)
		}
	}
	// The cycles of a new deal that is won follow the table: 10 to 59 days.
	in.ObservedFrom = simDayTime(observed)
	tab := simRecentLife(in)
	cycles := tab.wonCycles(simLifeCycles)
	if len(cycles) != simLifeCycles || cycles[0] < 10 || cycles[len(cycles)-1] > 59 {
		t.Errorf("won cycles from %d to %d (%d), want within [10, 59]", cycles[0], cycles[len(cycles)-1], len(cycles))
	}
	if med := cycles[len(cycles)/2]; med < 30 || med > 40 {
		t.Errorf("median won cycle %d, want about 35", med)
	}
}

// TestNewOpportunityConversion: when a third of the deals never close, a
// new opportunity is won less often than won / (won + lost) says; the
// simulation's new flow follows the life table at age 0.
func TestNewOpportunityConversion(t *testing.T) {
	asOf := 1000
	closed, open := lifeExport(asOf, 0)
	won, lost := 0, 0
	var cycles []float64
	for _, c := range closed {
		if c.Won {
			won++
			cycles = append(cycles, float64(simDay(c.Closed)-simDay(c.Created)))
		} else {
			lost++
		}
	}
	in := SimInput{Metric: NewCustomers, Target: 1, Start: simDayTime(asOf), Deadline: simDayTime(asOf + 364),
		AsOf: simDayTime(asOf), Won: won, Lost: lost, CycleDays: cycles, Closed: closed, Open: open}
	for range 12 {
		in.MonthlyOpportunities = append(in.MonthlyOpportunities, 30)
	}
	m, err := newSimModel(in)
	if err != nil {
		t.Fatal(err)
	}
	share := m.alpha / (m.alpha + m.beta)
	if got, want := share*m.newScale, 1.0/3; math.Abs(got-want) > 0.03 {
		t.Errorf("a new opportunity's chance %.3f (closed deals' rate %.3f), want %.3f", got, share, want)
	}
	// An export that starts recording closings on day 900: the
	// simulation takes the observation start from ObservedFrom.
	in.Closed, in.Open = lifeExport(asOf, 900)
	for _, tc := range []struct {
		from time.Time
		ok   func(float64) bool
	}{
		{simDayTime(900), func(p float64) bool { return math.Abs(p-1.0/3) < 0.03 }},
		{time.Time{}, func(p float64) bool { return p < 1.0/3-0.05 }},
	} {
		in.ObservedFrom = tc.from
		m, err := newSimModel(in)
		if err != nil {
			t.Fatal(err)
		}
		if p := m.alpha / (m.alpha + m.beta) * m.newScale; !tc.ok(p) {
			t.Errorf("observed from %v: a new opportunity's chance %.3f", tc.from, p)
		}
	}
	in.ObservedFrom = time.Time{}

	// win_rate targets keep the closed deals' rate
	in.Metric = WinRate
	if m, err = newSimModel(in); err != nil || m.newScale != 1 {
		t.Errorf("win_rate: new-deal scale %v (%v), want 1", m.newScale, err)
	}
}

// TestObservedMonths: a history that starts four months before the as-of
// date has four months of flow, not twelve.
func TestObservedMonths(t *testing.T) {
	asOf := simDate(2026, 6, 30)
	var deals []Deal
	for d := simDate(2026, 3, 1); !d.After(asOf); d = d.AddDate(0, 0, 1) {
		deals = append(deals, Deal{Team: NameOf("A"), Created: DateOf(d), Closed: DateOf(d.AddDate(0, 0, 20)), Status: Won,
			Amount: 1000, HasAmount: true})
	}
	r := ComputeRatios(deals, nil, []string{"team"}, Options{AsOf: asOf, WindowMonths: 12})
	got := r[len(r)-1]
	// 122 deals created over four months (March to June)
	if math.Abs(got.OpportunitiesPerMonth-float64(len(deals))/4) > 0.01 {
		t.Errorf("opportunities a month %.2f, want %.2f (four months observed)", got.OpportunitiesPerMonth, float64(len(deals))/4)
	}
}

// TestRunRate: the share of runs drawn from the run rate follows its
// predictive distribution and the levers, and leaves the other runs as
// the pipeline alone draws them.
func TestRunRate(t *testing.T) {
	base := simTeam()
	base.Start, base.Deadline, base.AsOf = simDate(2026, 1, 1), simDate(2026, 3, 31), simDate(2026, 1, 1)
	base.RunRate = []float64{100_000, 140_000, 120_000, 80_000, 110_000, 130_000}
	base.RunRateNoise = 40_000 * 40_000
	const runs = 20000

	// All runs from the run rate: mean 3 months × 113,333, and the
	// predictive spread of a sum of 3 months with an uncertain mean.
	all := base
	all.RunRateShare = 1
	out, err := simulateOutcomes(all, runs, 7)
	if err != nil {
		t.Fatal(err)
	}
	mean, sd := meanSD(out)
	h := 90.0 / (365.25 / 12)
	wantMean := h * 680_000 / 6
	ss := 0.0
	for _, x := range base.RunRate {
		ss += (x - 680_000.0/6) * (x - 680_000.0/6)
	}
	s2 := (ss + simRunRatePrior*base.RunRateNoise) / (5 + simRunRatePrior)
	wantSD := math.Sqrt(h * s2 * (1 + h/6))
	if math.Abs(mean-wantMean) > 4*wantSD/math.Sqrt(runs) || math.Abs(sd/wantSD-1) > 0.03 {
		t.Errorf("run rate: mean %.0f sd %.0f, want %.0f and %.0f", mean, sd, wantMean, wantSD)
	}
	// The levers move it: twice the flow, twice the outcome.
	lever := all
	lever.OpportunityScale = 2
	out2, err := simulateOutcomes(lever, runs, 7)
	if err != nil {
		t.Fatal(err)
	}
	if m2, _ := meanSD(out2); math.Abs(m2/mean-2) > 0.01 {
		t.Errorf("twice the flow: mean %.0f, want twice %.0f", m2, mean)
	}

	// A quarter of the runs: the others are the pipeline's own runs.
	none, quarter := base, base
	quarter.RunRateShare = 0.25
	a, err := simRun(none, runs, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := simRun(quarter, runs, 7)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	if share := float64(same) / runs; math.Abs(share-0.75) > 0.02 {
		t.Errorf("%.3f of the runs unchanged, want 0.75", share)
	}
}

// simRun returns the outcomes of the runs of in, in run order.
func simRun(in SimInput, runs int, seed int64) ([]float64, error) {
	m, err := newSimModel(in)
	if err != nil {
		return nil, err
	}
	w := m.newWorker(seed)
	out := make([]float64, runs)
	for r := range out {
		out[r] = w.run(uint64(r))
	}
	return out, nil
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

// TestGrowthCountsMonthsObserved: a history that records seven months of
// closings holds seven months of revenue in its trailing 12 months; a
// target at the pace of its last quarter is no growth, not 71 %.
func TestGrowthCountsMonthsObserved(t *testing.T) {
	asOf := simDate(2026, 9, 30)
	var deals []Deal
	for d := simDate(2026, 3, 1); !d.After(asOf); d = d.AddDate(0, 0, 1) {
		c := DateOf(d.AddDate(0, 0, -30))
		deals = append(deals, Deal{Team: NameOf("A"), Created: c, Closed: DateOf(d), Status: Won, Amount: 1000, HasAmount: true},
			Deal{Team: NameOf("A"), Created: c, Closed: DateOf(d), Status: Lost})
	}
	tg := Target{ID: "T", Team: "A", Metric: Revenue, Value: 92_000, HasValue: true,
		Start: simDate(2026, 10, 1), Deadline: simDate(2026, 12, 31)}
	p, err := Build(Input{Deals: deals, Targets: []Target{tg}}, Options{AsOf: asOf, Runs: 500, Seed: 1, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Targets[0].Reasons {
		if r.Code == CodeGrowth || r.Code == CodeGrowthLever {
			t.Errorf("growth reason on a target at the recent pace: %s", r.Message)
		}
	}
	// Twice the pace is growth, said against the months on record.
	tg.Value *= 2
	if p, err = Build(Input{Deals: deals, Targets: []Target{tg}}, Options{AsOf: asOf, Runs: 500, Seed: 1, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range p.Targets[0].Reasons {
		if r.Code == CodeGrowth {
			found = true
			if !strings.Contains(r.Message, "7 months of closings") {
				t.Errorf("growth reason does not say how many months it holds: %s", r.Message)
			}
		}
	}
	if !found {
		t.Errorf("no growth reason on twice the pace: %+v", p.Targets[0].Reasons)
	}
}

// A window shorter than the life table's six months holds the closings of
// its own months only: the table observes closings from the window's
// start. On the export of lifeExport (a third of the deals never close,
// half of the others are won), a three-month window reads the truth, 1/3;
// counting the open deals' exposure from six months back, against three
// months of closings, read it low.
func TestConversionShortWindow(t *testing.T) {
	asOf := day("2016-12-31")
	w := newWindow(asOf, 3)
	end := int(DateOf(asOf)) + 1
	var closed []closedDeal
	var open []openDeal
	for c := end - 1000; c < end; c++ {
		age := 10 + c%50
		switch {
		case c%3 == 2 || c+age >= end:
			open = append(open, openDeal{created: Date(c)})
		case Date(c+age) > w.startDay: // the window's closings only
			closed = append(closed, closedDeal{created: Date(c), closed: Date(c + age), won: c%2 == 0})
		}
	}
	tab := recentLifeOf(closed, open, w)
	if tab == nil {
		t.Fatal("no life table")
	}
	if got := tab.conversion(); math.Abs(got-1.0/3) > 0.03 {
		t.Errorf("conversion %.3f with a 3-month window, want 1/3", got)
	}
}
