package planner

import (
	"math"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func deal(team string, st Status, created, closed string, amount float64) Deal {
	d := Deal{Team: NameOf(team), Status: st, Amount: amount, HasAmount: true}
	if created != "" {
		d.Created = DateOf(day(created))
	}
	if closed != "" {
		d.Closed = DateOf(day(closed))
	}
	return d
}

func TestComputeRatiosWindow(t *testing.T) {
	// as-of 2017-12-31, 12 months: the window is (2016-12-31, 2017-12-31].
	deals := []Deal{
		deal("A", Won, "2016-11-01", "2016-12-31", 1000), // closed on the excluded start: out
		deal("A", Won, "2016-12-01", "2017-01-01", 2000), // first day in: in (cycle 31)
		deal("A", Won, "2017-06-01", "2017-12-31", 4000), // as-of day: in (cycle 213)
		deal("A", Won, "2017-12-01", "2018-01-01", 8000), // after as-of: open at as-of
		deal("A", Lost, "2017-02-01", "2017-03-01", 500), // lost in window
		deal("A", Open, "2017-11-01", "", 300),           // open
		deal("B", Won, "2017-01-10", "2017-02-10", 100),  // other team
		deal("B", Open, "2018-01-05", "", 100),           // created after as-of: not open yet
	}
	opt := Options{AsOf: day("2017-12-31")}
	rs := ComputeRatios(deals, nil, nil, opt)
	if got, want := len(rs), 3; got != want {
		t.Fatalf("groups = %d, want %d", got, want)
	}
	if rs[0].Key != (GroupKey{}) || rs[1].Key.Team != "A" || rs[2].Key.Team != "B" {
		t.Fatalf("keys = %v %v %v", rs[0].Key, rs[1].Key, rs[2].Key)
	}
	a := rs[1]
	tests := []struct {
		name      string
		got, want float64
	}{
		{"closed", float64(a.Closed), 3},
		{"won", float64(a.Won), 2},
		{"lost", float64(a.Lost), 1},
		{"win rate", a.WinRate, 2.0 / 3},
		{"avg deal", a.AvgDeal, 3000},
		{"median deal", a.MedianDeal, 3000},
		{"cycle median", a.CycleDaysMedian, (31 + 213) / 2.0},
		{"cycle p80", a.CycleDaysP80, 31 + 0.8*(213-31)},
		// created in window: 2017-06-01, 2017-12-01, 2017-02-01, 2017-11-01 (2016-12-01 is out)
		{"created", float64(a.Created), 4},
		{"opportunities per month", a.OpportunitiesPerMonth, 4.0 / 12},
		{"revenue", a.Revenue, 6000},
		{"trailing 12", a.Trailing12Revenue, 6000},
		{"open", float64(a.Open), 2},
		// the 8000 is the close value of a deal won after the as-of date:
		// unknown on that date, so not in the open amount (point in time)
		{"open amount", a.OpenAmount, 300},
		{"open age median", a.OpenAgeDaysMedian, (30 + 60) / 2.0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !near(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
	lo, hi := Wilson(2, 3)
	if a.WinRateLow != lo || a.WinRateHigh != hi {
		t.Errorf("interval = %v..%v, want %v..%v", a.WinRateLow, a.WinRateHigh, lo, hi)
	}
	if got := rs[2].Open; got != 0 {
		t.Errorf("team B open = %d, want 0 (created after the as-of date)", got)
	}
	if got, want := rs[0].Closed, 4; got != want {
		t.Errorf("company closed = %d, want %d", got, want)
	}
	if got, want := len(a.MonthlyOpportunities), 12; got != want {
		t.Errorf("monthly series = %d months, want %d", got, want)
	}
	if a.FunnelFromHistory {
		t.Error("no activity: the funnel must be assumptions")
	}
}

func TestComputeRatiosMidMonthAsOf(t *testing.T) {
	// 31 March minus one month is 28 February (not 3 March).
	deals := []Deal{
		deal("A", Won, "2017-02-01", "2017-02-28", 1), // on the excluded start
		deal("A", Won, "2017-02-01", "2017-03-01", 2), // in
	}
	rs := ComputeRatios(deals, nil, nil, Options{AsOf: day("2017-03-31"), WindowMonths: 1})
	if got := rs[0].Won; got != 1 {
		t.Errorf("won = %d, want 1", got)
	}
}

func TestComputeRatiosBy(t *testing.T) {
	deals := []Deal{
		{Team: NameOf("North"), Segment: NameOf("SMB"), Owner: NameOf("ann"), Status: Won, Created: DateOf(day("2017-01-01")), Closed: DateOf(day("2017-02-01")), Amount: 10, HasAmount: true},
		{Team: NameOf("north "), Segment: NameOf("smb"), Owner: NameOf("Bob"), Status: Lost, Created: DateOf(day("2017-01-01")), Closed: DateOf(day("2017-02-01"))},
		{Team: NameOf("North"), Segment: NameOf("ENT"), Owner: NameOf("ann"), Status: Won, Created: DateOf(day("2017-01-01")), Closed: DateOf(day("2017-02-01")), Amount: 30, HasAmount: true},
	}
	rs := ComputeRatios(deals, nil, []string{"team", "segment"}, Options{AsOf: day("2017-12-31")})
	if got, want := len(rs), 2; got != want {
		t.Fatalf("groups = %d, want %d: %+v", got, want, rs)
	}
	// Names are matched without case; the display name is the smallest spelling.
	if rs[0].Key != (GroupKey{Team: "North", Segment: "ENT"}) || rs[1].Key != (GroupKey{Team: "North", Segment: "SMB"}) {
		t.Errorf("keys = %+v, %+v", rs[0].Key, rs[1].Key)
	}
	if got := rs[1].Closed; got != 2 {
		t.Errorf("SMB closed = %d, want 2", got)
	}
	owners := ComputeRatios(deals, nil, []string{"owner"}, Options{AsOf: day("2017-12-31")})
	if got, want := len(owners), 2; got != want {
		t.Fatalf("owner groups = %d, want %d", got, want)
	}
}

func TestActivityFunnel(t *testing.T) {
	act := []Activity{
		{Team: "A", Month: Month{2017, time.January}, Contacts: 1000, Responses: 100, Meetings: 50, Opportunities: 20},
		{Team: "A", Month: Month{2017, time.February}, Contacts: 1000, Responses: 100, Meetings: 70, Opportunities: 40},
		{Team: "A", Month: Month{2016, time.December}, Contacts: 9999, Responses: 1, Meetings: 1, Opportunities: 1}, // outside
		{Team: "A", Month: Month{2017, time.March}, Contacts: -1, Responses: -1, Meetings: -1, Opportunities: -1},   // absent
	}
	rs := ComputeRatios([]Deal{deal("A", Won, "2017-01-01", "2017-02-01", 1)}, act, nil, Options{AsOf: day("2017-12-31")})
	a := rs[1]
	if !a.FunnelFromHistory || !a.HasActivity {
		t.Fatalf("funnel from history = %v, activity = %v", a.FunnelFromHistory, a.HasActivity)
	}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"response", a.Funnel.ResponseRate, 0.1},
		{"meeting", a.Funnel.MeetingRate, 0.6},
		{"opportunity", a.Funnel.OpportunityRate, 0.5},
		{"meetings a month", a.MeetingsPerMonth, 60},
		{"contacts a month", a.ContactsPerMonth, 1000},
	} {
		if !near(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestWilson(t *testing.T) {
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{8, 10, 0.490162, 0.943318},
		{50, 100, 0.403832, 0.596168},
		{0, 10, 0, 0.277533},
		{10, 10, 0.722467, 1},
		{1, 1, 0.206549, 1},
		{0, 0, 0, 1},
	}
	for _, tc := range tests {
		lo, hi := Wilson(tc.k, tc.n)
		if math.Abs(lo-tc.lo) > 1e-6 || math.Abs(hi-tc.hi) > 1e-6 {
			t.Errorf("Wilson(%d, %d) = %.6f, %.6f, want %.6f, %.6f", tc.k, tc.n, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		vs   []float64
		p    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4, 5}, 0.8, 4.2},
		{[]float64{7}, 0.8, 7},
	}
	for _, tc := range tests {
		if got := quantileSorted(tc.vs, tc.p); !near(got, tc.want) {
			t.Errorf("quantile(%v, %v) = %v, want %v", tc.vs, tc.p, got, tc.want)
		}
	}
}

// BenchmarkComputeRatios aggregates a history of about 1,000,000 deals
// (the size of issue 3's goal) into company and team ratios.
func BenchmarkComputeRatios(b *testing.B) {
	var teams []teamSpec
	for i := range 50 {
		teams = append(teams, teamSpec{name: "T" + itoa(i), perMonth: 833, winRate: 0.25, amount: 10000, cycleDays: 60,
			segments: []string{"SMB", "MID", "ENT"}})
	}
	deals := synthHistory(1, teams)
	opt := Options{AsOf: day("2016-12-31")}
	b.ReportMetric(float64(len(deals)), "deals")
	b.ResetTimer()
	for b.Loop() {
		ComputeRatios(deals, nil, nil, opt)
	}
}
