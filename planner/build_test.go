package planner

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// teamSpec describes a synthetic team history.
type teamSpec struct {
	name      string
	perMonth  int     // opportunities created a month
	winRate   float64 // share won
	amount    float64 // mean amount
	cycleDays int     // mean cycle
	segments  []string
}

// synthHistory generates a deterministic history of 24 months, 2015-01 to
// 2016-12, with the as-of date 2016-12-31: deals whose close falls after
// the as-of date are still open.
func synthHistory(seed uint64, teams []teamSpec) []Deal {
	rng := rand.New(rand.NewPCG(seed, 7))
	asOf := day("2016-12-31")
	var deals []Deal
	for _, ts := range teams {
		for m := 0; m < 24; m++ {
			month := Month{2015, time.January}.Add(m)
			n := ts.perMonth + rng.IntN(5) - 2
			for range max(0, n) {
				created := month.Start().AddDate(0, 0, rng.IntN(daysIn(month)))
				cycle := ts.cycleDays/2 + rng.IntN(ts.cycleDays+1)
				closed := created.AddDate(0, 0, cycle)
				d := Deal{Owner: NameOf("o" + fmt.Sprint(rng.IntN(4))),
					Team: NameOf(ts.name), Created: DateOf(created), Amount: ts.amount * (0.5 + rng.Float64()), HasAmount: true, Currency: NameOf("EUR")}
				if len(ts.segments) > 0 {
					d.Segment = NameOf(ts.segments[rng.IntN(len(ts.segments))])
				}
				switch {
				case closed.After(asOf):
					d.Status = Open
				case rng.Float64() < ts.winRate:
					d.Status, d.Closed = Won, DateOf(closed)
				default:
					d.Status, d.Closed = Lost, DateOf(closed)
				}
				deals = append(deals, d)
			}
		}
	}
	return deals
}

var stdTeams = []teamSpec{
	{name: "North", perMonth: 20, winRate: 0.25, amount: 20000, cycleDays: 60, segments: []string{"SMB", "SMB", "SMB", "ENT"}},
	{name: "South", perMonth: 10, winRate: 0.30, amount: 8000, cycleDays: 30},
}

func target(id, team, metric string, value float64, start, deadline string) Target {
	return Target{ID: id, Team: team, Metric: Metric(metric), Value: value, HasValue: true,
		Start: day(start), Deadline: day(deadline), Segment: "SMB", Lever: "new_logos", Priority: 1, Rationale: "core"}
}

func testOptions() Options {
	return Options{AsOf: day("2016-12-31"), Runs: 1000, Seed: 1}
}

func buildOne(t *testing.T, deals []Deal, tg Target, opt Options) TargetResult {
	t.Helper()
	p, err := Build(Input{Deals: deals, Targets: []Target{tg}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p.Targets[0]
}

func hasCode(rs []Reason, code string) bool {
	return slices.ContainsFunc(rs, func(r Reason) bool { return r.Code == code })
}

func TestBuildVerdicts(t *testing.T) {
	deals := synthHistory(1, stdTeams)
	ratios := ComputeRatios(deals, nil, []string{"team"}, testOptions())
	north := ratios[0]
	yearly := north.Revenue // what North won over 2016
	tests := []struct {
		name  string
		value float64
		want  Verdict
	}{
		{"half of last year", yearly * 0.5, Achievable},
		{"three times last year", yearly * 3, Unrealistic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := target("t", "North", "revenue", tc.value, "2017-01-01", "2017-12-31")
			tg.Segment = ""
			r := buildOne(t, deals, tg, testOptions())
			if r.Verdict != tc.want {
				t.Errorf("verdict = %s, want %s; reasons %v", r.Verdict, tc.want, r.Reasons)
			}
			if !r.HasProbability || !r.HasCapacity || !r.HasRequired {
				t.Errorf("probability %v capacity %v required %v, want all", r.HasProbability, r.HasCapacity, r.HasRequired)
			}
			if got, want := r.Required.Deals, tc.value/north.AvgDeal; !near(got, want) {
				t.Errorf("required deals = %v, want %v", got, want)
			}
			if tc.want == Achievable {
				return
			}
			// Levers, by a search on the simulated probability.
			byName := map[string]Lever{}
			for _, l := range r.Levers {
				byName[l.Name] = l
				if l.Method != "simulation" {
					t.Errorf("lever %s by %q", l.Name, l.Method)
				}
			}
			opp, ok := byName[LeverOpportunities]
			if !ok || !opp.Feasible || opp.Required <= opp.Current || !near(opp.Current, north.OpportunitiesPerMonth) {
				t.Errorf("opportunities lever = %+v", opp)
			}
			if w := byName[LeverWinRate]; w.Required <= w.Current || w.Current != north.WinRate {
				t.Errorf("win rate lever = %+v", w)
			}
			if d := byName[LeverDealSize]; d.Required <= d.Current {
				t.Errorf("deal size lever = %+v", d)
			}
			// The declared lever (new_logos) moves the volume only: it needs
			// what the volume lever alone needs.
			dl := byName[LeverDeclared]
			if !slices.Equal(dl.Components, []string{LeverOpportunities}) || !near(dl.Required*opp.Current, opp.Required) {
				t.Errorf("declared lever = %+v, volume lever %+v", dl, opp)
			}
			// At the volume found, the target reaches the achievable
			// threshold; just below, it does not.
			sc := newScope(tg)
			h := newHistory(deals, nil, newWindow(day("2016-12-31"), 12), testOptions().WithDefaults(), nil)
			for _, k := range sc.chain() {
				h.get(k, sc.given)
			}
			g := h.stats[sc.key]
			in := simInput(h, tg, g, g, h.simBase(g, g), g.Funnel, tg.Start, tg.Deadline, progressData{})
			opt := testOptions().WithDefaults()
			runs, seed := leverRuns(opt), targetSeed(opt.Seed, tg)
			in.OpportunityScale = dl.Required
			at, _ := Simulate(in, runs, seed)
			in.OpportunityScale = dl.Required * 0.97
			below, _ := Simulate(in, runs, seed)
			if at.Probability < opt.AchievableAt || below.Probability >= opt.AchievableAt {
				t.Errorf("probability %v at the lever, %v just below; threshold %v", at.Probability, below.Probability, opt.AchievableAt)
			}
		})
	}
}

func TestBuildProbabilityMonotone(t *testing.T) {
	deals := synthHistory(2, stdTeams)
	prev := 2.0
	for _, v := range []float64{200000, 600000, 1000000, 1400000, 2000000, 4000000} {
		tg := target("t", "North", "revenue", v, "2017-01-01", "2017-12-31")
		tg.Segment = ""
		r := buildOne(t, deals, tg, testOptions())
		if !r.HasProbability {
			t.Fatalf("no probability for %v: %v", v, r.Reasons)
		}
		if r.Probability > prev {
			t.Errorf("target %v: probability %v above %v of a lower target", v, r.Probability, prev)
		}
		prev = r.Probability
	}
	if prev > 0.05 {
		t.Errorf("a target twice the history has probability %v", prev)
	}
}

func TestBuildPhasingAndCycle(t *testing.T) {
	deals := synthHistory(3, stdTeams)
	tg := target("t", "North", "new_customers", 30, "2017-01-01", "2017-12-31")
	r := buildOne(t, deals, tg, Options{AsOf: day("2016-09-30"), Runs: 500})
	// 30 signatures over January–December is 2.5 a month.
	var deals2017 []float64
	for _, m := range r.Monthly {
		if m.Month.Year == 2017 {
			deals2017 = append(deals2017, m.Deals)
		}
	}
	if len(deals2017) != 12 {
		t.Fatalf("period months = %d, want 12", len(deals2017))
	}
	for i, d := range deals2017 {
		if !near(d, 2.5) {
			t.Errorf("month %d deals = %v, want 2.5", i+1, d)
		}
	}
	// New opportunities are planned over the months the capacity check
	// counts (issue 14): from the longest cycle before the start (early
	// October 2016) to the deadline, those late in the year closing
	// partly in 2018. A steady creation: the requirement a month, every
	// month, the first one for the days it covers.
	if got, want := r.CreationStart, (Month{2016, time.October}); got != want {
		t.Errorf("creation start = %v, want %v (cycle %v days)", got, want, r.History.CycleDaysMedian)
	}
	if got, want := r.CreationEnd, (Month{2017, time.December}); got != want {
		t.Errorf("creation end = %v, want %v", got, want)
	}
	if r.CreationMonths != 15 {
		t.Errorf("creation months = %d, want 15", r.CreationMonths)
	}
	if got, want := r.Monthly[0].Month, (Month{2016, time.October}); got != want {
		t.Errorf("first milestone = %v, want %v", got, want)
	}
	if r.Monthly[0].Opportunities <= 0 || r.Monthly[0].Deals != 0 {
		t.Errorf("October 2016: %v opportunities, %v deals; want opportunities and no deal", r.Monthly[0].Opportunities, r.Monthly[0].Deals)
	}
	sum := 0.0
	for i, m := range r.Monthly {
		if i > 0 && !near(m.Opportunities, r.Required.OpportunitiesPerMonth) || m.Opportunities > r.Required.OpportunitiesPerMonth+1e-9 {
			t.Errorf("%v: %v opportunities, want the %v a month the capacity check assumes", m.Month, m.Opportunities, r.Required.OpportunitiesPerMonth)
		}
		sum += m.Opportunities
	}
	// The required opportunities, their monthly phasing and the
	// requirement a month are one figure: what is to be created from now.
	if !near(sum, r.Required.Opportunities) {
		t.Errorf("opportunities phased = %v, %v a month over %d months, want %v in all", sum, r.Required.OpportunitiesPerMonth,
			r.CreationMonths, r.Required.Opportunities)
	}
	if got := r.Monthly[len(r.Monthly)-1].CumDeals; !near(got, 30) {
		t.Errorf("cumulative deals = %v, want 30", got)
	}

	// Planned on 31 December, the opportunities of November and December
	// 2016 are lost: the window starts in January and the monthly
	// requirement rises. The capacity check says why; METHOD §5's
	// median-shift window (January to October) would contradict the plan.
	late := buildOne(t, deals, tg, Options{AsOf: day("2016-12-31"), Runs: 500})
	if late.CreationStart != (Month{2017, time.January}) || late.CreationMonths != 12 {
		t.Errorf("clipped window = %v, %d months", late.CreationStart, late.CreationMonths)
	}
	if hasCode(late.Reasons, CodeCycleWindow) || !hasCode(late.Reasons, CodeCapacity) {
		t.Errorf("want a %s reason and no %s one: %v", CodeCapacity, CodeCycleWindow, late.Reasons)
	}
	if late.Required.OpportunitiesPerMonth <= r.Required.OpportunitiesPerMonth {
		t.Errorf("opportunities a month = %v planned late, %v early: want more", late.Required.OpportunitiesPerMonth, r.Required.OpportunitiesPerMonth)
	}

	// A one-month period starting now is shorter than the cycle: only the
	// open pipeline can deliver.
	short := target("s", "North", "new_customers", 5, "2017-01-01", "2017-01-31")
	rs := buildOne(t, deals, short, testOptions())
	if !hasCode(rs.Reasons, CodeCycle) {
		t.Errorf("no %s reason: %v", CodeCycle, rs.Reasons)
	}
	if !hasCode(rs.Mistakes, CodeMistakeCycle) {
		t.Errorf("no %s mistake: %v", CodeMistakeCycle, rs.Mistakes)
	}
	if rs.CreationMonths != 0 {
		t.Errorf("creation months = %d, want 0", rs.CreationMonths)
	}
}

func TestBuildSeasonal(t *testing.T) {
	deals := synthHistory(4, stdTeams)
	tg := target("t", "North", "revenue", 1e6, "2017-01-01", "2017-12-31")
	opt := testOptions()
	opt.Phasing = "seasonal"
	r := buildOne(t, deals, tg, opt)
	if hasCode(r.Reasons, CodeSeasonalFallback) {
		t.Fatalf("24 months of history fell back to flat: %v", r.Reasons)
	}
	flat := true
	for _, m := range r.Monthly {
		if m.Month.Year == 2017 && !near(m.Revenue, 1e6/12) {
			flat = false
		}
	}
	if flat {
		t.Error("seasonal phasing is flat")
	}
	if got := r.Monthly[len(r.Monthly)-1].CumRevenue; !near(got, 1e6) {
		t.Errorf("cumulative revenue = %v, want 1e6", got)
	}
	// Six months of history are not enough.
	var recent []Deal
	for _, d := range deals {
		if d.Created > DateOf(day("2016-06-30")) {
			recent = append(recent, d)
		}
	}
	r = buildOne(t, recent, tg, opt)
	if !hasCode(r.Reasons, CodeSeasonalFallback) {
		t.Errorf("no fallback reason with six months of history: %v", r.Reasons)
	}
}

func TestBuildBorrowing(t *testing.T) {
	deals := synthHistory(5, stdTeams)
	// ENT gets a quarter of North's deals: below 20 closed over 12 months?
	rs := ComputeRatios(deals, nil, []string{"team", "segment"}, testOptions())
	var ent Ratios
	for _, r := range rs {
		if r.Key.Segment == "ENT" {
			ent = r
		}
	}
	opt := testOptions()
	opt.MinClosed = ent.Closed + 1
	tg := target("t", "North", "revenue", 300000, "2017-01-01", "2017-12-31")
	tg.Segment = "ent"
	r := buildOne(t, deals, tg, opt)
	if got, want := r.History.BorrowedFrom, "North"; got != want {
		t.Errorf("borrowed from %q, want %q", got, want)
	}
	if !hasCode(r.Reasons, CodeBorrowed) {
		t.Errorf("no %s reason: %v", CodeBorrowed, r.Reasons)
	}
	if r.History.Created != ent.Created {
		t.Errorf("volume = %d, want the segment's own %d", r.History.Created, ent.Created)
	}
	opt.MinClosed = 1000000
	r = buildOne(t, deals, tg, opt)
	if got, want := r.History.BorrowedFrom, "company"; got != want {
		t.Errorf("borrowed from %q, want %q", got, want)
	}
	if !hasCode(r.Reasons, CodeSmallSample) {
		t.Errorf("no %s reason: %v", CodeSmallSample, r.Reasons)
	}
}

func TestBuildInsufficient(t *testing.T) {
	deals := synthHistory(6, stdTeams)
	tests := []struct {
		name string
		tg   Target
		code string
	}{
		{"unknown metric", func() Target {
			tg := target("t", "North", "ebitda", 1, "2017-01-01", "2017-12-31")
			tg.MetricText = "ebitda"
			return tg
		}(), CodeUnknownMetric},
		{"no value", func() Target { tg := target("t", "North", "revenue", 0, "2017-01-01", "2017-12-31"); return tg }(), CodeNoValue},
		{"dates reversed", target("t", "North", "revenue", 1, "2017-12-31", "2017-01-01"), CodeBadDates},
		{"rate above one", target("t", "North", "win_rate", 25, "2017-01-01", "2017-12-31"), CodeBadValue},
		{"unknown team", target("t", "West", "revenue", 1000, "2017-01-01", "2017-12-31"), CodeNoPipeline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := buildOne(t, deals, tc.tg, testOptions())
			if r.Verdict != InsufficientData {
				t.Errorf("verdict = %s, want insufficient_data", r.Verdict)
			}
			if !hasCode(r.Reasons, tc.code) {
				t.Errorf("no %s reason: %v", tc.code, r.Reasons)
			}
			if r.HasProbability {
				t.Error("a probability was given")
			}
			if r.Smart.Achievable.Pass {
				t.Error("SMART achievable passes")
			}
		})
	}
	// No history at all.
	r := buildOne(t, nil, target("t", "North", "revenue", 1000, "2017-01-01", "2017-12-31"), testOptions())
	if r.Verdict != InsufficientData || !hasCode(r.Reasons, CodeNoHistory) {
		t.Errorf("empty history: %s %v", r.Verdict, r.Reasons)
	}
}

func TestBuildOtherMetrics(t *testing.T) {
	deals := synthHistory(7, stdTeams)
	act := []Activity{}
	for m := 0; m < 24; m++ {
		act = append(act, Activity{Team: "North", Month: Month{2015, time.January}.Add(m), Contacts: 2000, Responses: 200, Meetings: 40, Opportunities: 20})
	}
	tests := []struct {
		tg   Target
		from string
	}{
		{target("o", "North", "opportunities", 180, "2017-01-01", "2017-12-31"), FromOpportunities},
		{target("m", "North", "meetings", 400, "2017-01-01", "2017-12-31"), FromMeetings},
		{func() Target {
			tg := target("w", "North", "win_rate", 0.30, "2017-01-01", "2017-12-31")
			tg.Baseline, tg.HasBaseline = 0.25, true
			return tg
		}(), FromDeals},
		{target("d", "North", "deal_size", 22000, "2017-01-01", "2017-12-31"), FromDeals},
	}
	for _, tc := range tests {
		t.Run(string(tc.tg.Metric), func(t *testing.T) {
			p, err := Build(Input{Deals: deals, Activity: act, Targets: []Target{tc.tg}}, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			r := p.Targets[0]
			if r.Verdict == InsufficientData {
				t.Fatalf("insufficient data: %v", r.Reasons)
			}
			if r.Required.From != tc.from {
				t.Errorf("funnel from %q, want %q", r.Required.From, tc.from)
			}
			if !r.HasProbability {
				t.Errorf("no probability: %v", r.Reasons)
			}
			if hasCode(r.Reasons, CodeAssumption) {
				t.Errorf("activity exists but an assumption is used: %v", r.Reasons)
			}
		})
	}
	// The meetings target runs down to contacts with the team's rates.
	p, _ := Build(Input{Deals: deals, Activity: act, Targets: []Target{tests[1].tg}}, testOptions())
	if r := p.Targets[0]; !near(r.Required.Contacts, 400/0.2/0.1) {
		t.Errorf("contacts = %v, want %v", r.Required.Contacts, 400/0.2/0.1)
	}
	// The SMB segment is credited with its share of North's meetings.
	var teamCreated, smbCreated int
	for _, g := range ComputeRatios(deals, nil, []string{"team", "segment"}, testOptions()) {
		if g.Key.Team == "North" {
			teamCreated += g.Created
			if g.Key.Segment == "SMB" {
				smbCreated = g.Created
			}
		}
	}
	if r, want := p.Targets[0], 40*float64(smbCreated)/float64(teamCreated); !near(r.History.MeetingsPerMonth, want) ||
		!near(r.CapacityRatio, 400.0/12/want) {
		t.Errorf("meetings a month = %v, capacity %v; want %v, %v", r.History.MeetingsPerMonth, r.CapacityRatio, want, 400.0/12/want)
	}
	// Its decision quotes the meetings capacity, in meetings: not a ratio of
	// meetings to opportunities.
	if r := p.Targets[0]; r.Verdict != Achievable && (strings.Contains(r.Decision.Message, "opportunit") ||
		!strings.Contains(r.Decision.Message, fmt.Sprintf("%.2f times the meetings", r.CapacityRatio))) {
		t.Errorf("decision %q, want the meetings capacity %.2f", r.Decision.Message, r.CapacityRatio)
	}
	// South has no activity: its funnel rates are labelled assumptions.
	tg := target("s", "South", "revenue", 100000, "2017-01-01", "2017-12-31")
	tg.Segment = ""
	p, _ = Build(Input{Deals: deals, Activity: act, Targets: []Target{tg}}, testOptions())
	if !hasCode(p.Targets[0].Reasons, CodeAssumption) || len(p.Assumptions) != 3 || p.Assumptions[0].Scope != "South" {
		t.Errorf("assumptions = %+v", p.Assumptions)
	}
}

func TestBuildSmartAndMistakes(t *testing.T) {
	deals := synthHistory(8, stdTeams)
	a := target("a", "North", "revenue", 500000, "2017-01-01", "2017-12-31")
	a.Segment, a.Lever, a.Rationale, a.Priority = "all", "", "", 0
	b := target("b", "North", "new_customers", 10, "2017-01-01", "2017-06-30")
	b.Priority = 0
	c := target("c", "South", "revenue", 50000, "2017-01-01", "2017-12-31")
	c.Segment, c.Offer, c.Rationale, c.MonthlyBreakdown = "", "Pro", "", true
	opt := testOptions()
	opt.Priorities = []string{"pro"}
	p, err := Build(Input{Deals: deals, Targets: []Target{a, b, c}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	ra, rb, rc := p.Targets[0], p.Targets[1], p.Targets[2]
	if ra.Smart.Specific.Pass || !strings.Contains(ra.Smart.Specific.Reason, "“all”") || !strings.Contains(ra.Smart.Specific.Reason, "lever") {
		t.Errorf("specific = %+v", ra.Smart.Specific)
	}
	if ra.Smart.Relevant.Pass {
		t.Error("relevant passes with no rationale and no priority")
	}
	if !rb.Smart.Specific.Pass || !rb.Smart.Relevant.Pass || !rb.Smart.Measurable.Pass || !rb.Smart.TimeBound.Pass {
		t.Errorf("b smart = %+v", rb.Smart)
	}
	if !rc.Smart.Relevant.Pass {
		t.Error("relevant fails for a priority offer")
	}
	if !hasCode(ra.Mistakes, CodeMistakeMonthly) || hasCode(rb.Mistakes, CodeMistakeMonthly) || hasCode(rc.Mistakes, CodeMistakeMonthly) {
		t.Errorf("monthly breakdown mistakes: %v / %v / %v", ra.Mistakes, rb.Mistakes, rc.Mistakes)
	}
	if !hasCode(ra.Mistakes, CodeMistakePriority) || !hasCode(rb.Mistakes, CodeMistakePriority) || hasCode(rc.Mistakes, CodeMistakePriority) {
		t.Errorf("priority mistakes: %v / %v / %v", ra.Mistakes, rb.Mistakes, rc.Mistakes)
	}
	if ra.Sentence != "" {
		t.Errorf("sentence without a template = %q", ra.Sentence)
	}
	// An ambition beyond capacity is named.
	big := target("x", "North", "revenue", 5e6, "2017-01-01", "2017-12-31")
	r := buildOne(t, deals, big, opt)
	if !hasCode(r.Mistakes, CodeMistakeCapacity) || r.Smart.Achievable.Pass {
		t.Errorf("over capacity: %v, achievable %+v", r.Mistakes, r.Smart.Achievable)
	}
	// The sentence is rendered by the injected template.
	opt.Sentence = func(lang string, s SentenceData) (string, error) {
		return fmt.Sprintf("%s %s %.0f %s %.0f", lang, s.Scope, s.Value, s.Deadline.Format(time.DateOnly), s.Deals), nil
	}
	opt.Lang = "fr"
	r = buildOne(t, deals, b, opt)
	if want := "fr SMB 10 2017-06-30 10"; r.Sentence != want {
		t.Errorf("sentence = %q, want %q", r.Sentence, want)
	}
	if !strings.Contains(r.Reasons[0].Message, "%") || !strings.ContainsAny(r.Reasons[0].Message, "éà") {
		t.Logf("first French reason: %s", r.Reasons[0].Message)
	}
}

func TestBuildRerun(t *testing.T) {
	deals := synthHistory(9, stdTeams)
	tg := target("t", "North", "revenue", 1.2e6, "2016-01-01", "2016-12-31")
	tg.Segment = ""
	opt := testOptions()
	opt.AsOf = day("2016-06-15")
	r := buildOne(t, deals, tg, opt)
	if !r.HasProgress {
		t.Fatal("no progress on a rerun")
	}
	want := 0.0
	for _, d := range deals {
		if d.Team.String() == "North" && d.Status == Won && d.Closed >= DateOf(day("2016-01-01")) && d.Closed <= DateOf(opt.AsOf) {
			want += d.Amount
		}
	}
	if !near(r.ActualToDate, want) {
		t.Errorf("actual to date = %v, want %v", r.ActualToDate, want)
	}
	past := 0
	for _, m := range r.Monthly {
		if m.HasActual {
			past++
		}
	}
	if past != 6 {
		t.Errorf("months with an actual = %d, want 6 (January to June)", past)
	}
	// Plan to date: 5 months and 15/30 of June of a flat 100,000 a month.
	if got := r.PlanToDate; !near(got, 1.2e6/12*5.5) {
		t.Errorf("plan to date = %v, want %v", got, 1.2e6/12*5.5)
	}
	left := 15.0/30 + 6
	if got, want := r.NeededPerMonth, (1.2e6-want)/left; !near(got, want) {
		t.Errorf("needed per month = %v, want %v", got, want)
	}
}

// Results must not depend on the order of the input rows.
func TestBuildShuffled(t *testing.T) {
	deals := synthHistory(10, stdTeams)
	var act []Activity
	for m := 0; m < 24; m++ {
		act = append(act, Activity{Team: "North", Month: Month{2015, time.January}.Add(m), Contacts: float64(1000 + m), Responses: 100, Meetings: 40.5, Opportunities: 20})
	}
	targets := []Target{
		target("a", "North", "revenue", 900000, "2017-01-01", "2017-12-31"),
		target("b", "North", "meetings", 300, "2017-01-01", "2017-12-31"),
		target("c", "South", "new_customers", 40, "2017-03-01", "2017-09-30"),
	}
	opt := testOptions()
	opt.Phasing, opt.Runs = "seasonal", 500
	want, err := Build(Input{Deals: deals, Activity: act, Targets: targets}, opt)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3 {
		d2, a2 := slices.Clone(deals), slices.Clone(act)
		rng.Shuffle(len(d2), func(i, j int) { d2[i], d2[j] = d2[j], d2[i] })
		rng.Shuffle(len(a2), func(i, j int) { a2[i], a2[j] = a2[j], a2[i] })
		got, err := Build(Input{Deals: d2, Activity: a2, Targets: targets}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: the plan changed", i)
		}
	}
}

// benchBuildTargets is the workload of BenchmarkBuild: 500 targets of all
// metrics over 50 teams.
func benchBuildTargets() ([]Deal, []Target) {
	var teams []teamSpec
	for i := range 50 {
		teams = append(teams, teamSpec{name: fmt.Sprintf("T%02d", i), perMonth: 8 + i%10, winRate: 0.2 + float64(i%5)/50,
			amount: 5000 + float64(i)*500, cycleDays: 30 + i%4*15, segments: []string{"SMB", "MID", "ENT"}})
	}
	deals := synthHistory(11, teams)
	var targets []Target
	metrics := []string{"revenue", "new_customers", "opportunities", "revenue", "win_rate", "deal_size", "meetings", "revenue", "new_customers", "revenue"}
	for i := range 500 {
		ts := teams[i%50]
		tg := target(fmt.Sprint(i), ts.name, metrics[i/50], 0, "2017-01-01", "2017-12-31")
		switch tg.Metric {
		case Revenue:
			tg.Value = float64(ts.perMonth) * 12 * ts.winRate * ts.amount * (0.5 + float64(i%7)/5)
		case NewCustomers:
			tg.Value = float64(ts.perMonth) * 12 * ts.winRate * (0.5 + float64(i%7)/5)
		case Opportunities, Meetings:
			tg.Value = float64(ts.perMonth) * 12 * (0.5 + float64(i%7)/5)
		case WinRate:
			tg.Value, tg.Baseline, tg.HasBaseline = ts.winRate+0.05, ts.winRate, true
		case DealSize:
			tg.Value = ts.amount * 1.1
		}
		targets = append(targets, tg)
	}
	return deals, targets
}

// BenchmarkBuild is the speed goal: 500 targets at 10,000 runs
// each, levers included, in under 5 s on 2 cores. Run it with -cpu 1,2 to
// see that Build uses the cores; cpu-s/op is the CPU time it took.
func BenchmarkBuild(b *testing.B) {
	deals, targets := benchBuildTargets()
	opt := Options{AsOf: day("2016-12-31"), Seed: 1}
	b.ReportAllocs()
	start := cpuClock()
	for b.Loop() {
		if _, err := Build(Input{Deals: deals, Targets: targets}, opt); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// More historical volume at the same rates never lowers the probability.
func TestBuildMoreVolume(t *testing.T) {
	deals := synthHistory(12, stdTeams)
	doubled := slices.Clone(deals)
	doubled = append(doubled, deals...)
	for _, v := range []float64{600000, 1000000, 1400000, 2000000} {
		tg := target("t", "North", "revenue", v, "2017-01-01", "2017-12-31")
		tg.Segment = ""
		one, two := buildOne(t, deals, tg, testOptions()), buildOne(t, doubled, tg, testOptions())
		if two.Probability < one.Probability {
			t.Errorf("target %v: probability %v with twice the volume, %v before", v, two.Probability, one.Probability)
		}
		// Twice the flow halves the ratio; twice the open pipeline lowers it
		// further.
		if two.CapacityRatio*2 > one.CapacityRatio+1e-9 {
			t.Errorf("target %v: capacity %v with twice the volume, %v before", v, two.CapacityRatio, one.CapacityRatio)
		}
	}
}

// Messages are in the plan's language with its number formats.
func TestBuildFrench(t *testing.T) {
	deals := synthHistory(13, stdTeams)
	tg := target("t", "North", "revenue", 1.2e6, "2017-01-01", "2017-12-31")
	tg.Segment = ""
	opt := testOptions()
	opt.Lang = "fr"
	r := buildOne(t, deals, tg, opt)
	var cov string
	for _, x := range r.Reasons {
		if x.Code == CodeCoverage {
			cov = x.Message
		}
	}
	if want := "1\u00a0200\u00a0000\u00a0€"; !strings.Contains(cov, want) || !strings.Contains(cov, "\u00a0%") {
		t.Errorf("coverage = %q, want %q and a French percentage", cov, want)
	}
	if !strings.HasPrefix(cov, "Pipeline en cours") {
		t.Errorf("coverage is not French: %q", cov)
	}
}

// When the period leaves no time for new pipeline, the verdict rests on the
// open pipeline, and says so.
func TestBuildOpenPipelineOnly(t *testing.T) {
	deals := synthHistory(14, stdTeams)
	small := target("s", "North", "new_customers", 1, "2017-01-01", "2017-01-31")
	big := target("b", "North", "new_customers", 40, "2017-01-01", "2017-01-31")
	opt := testOptions()
	for _, tc := range []struct {
		tg   Target
		want Verdict
	}{{small, Achievable}, {big, Unrealistic}} {
		r := buildOne(t, deals, tc.tg, opt)
		if r.Verdict != tc.want || !hasCode(r.Reasons, CodeCycle) {
			t.Errorf("%v customers in January: %s, %v", tc.tg.Value, r.Verdict, r.Reasons)
		}
		if r.HasCapacity || r.Required.OpportunitiesPerMonth != 0 {
			t.Errorf("capacity %v, %v opportunities a month with no creation window", r.CapacityRatio, r.Required.OpportunitiesPerMonth)
		}
	}
}

// An opportunities target needs a pipeline history, not won deals.
func TestBuildOpportunitiesWithoutWins(t *testing.T) {
	var deals []Deal
	for _, d := range synthHistory(15, stdTeams[1:]) {
		if d.Status == Won {
			d.Status = Lost
		}
		deals = append(deals, d)
	}
	tg := target("o", "South", "opportunities", 100, "2017-01-01", "2017-12-31")
	tg.Segment = ""
	r := buildOne(t, deals, tg, testOptions())
	if r.Verdict == InsufficientData || !r.HasProbability || !r.HasCapacity {
		t.Errorf("verdict %s, probability %v, capacity %v: %v", r.Verdict, r.HasProbability, r.HasCapacity, r.Reasons)
	}
	tg.Metric = Revenue
	if r := buildOne(t, deals, tg, testOptions()); r.Verdict != InsufficientData || !hasCode(r.Reasons, CodeNoHistory) {
		t.Errorf("revenue with no won deal: %s %v", r.Verdict, r.Reasons)
	}
}

func TestPhaseDays(t *testing.T) {
	tests := []struct {
		name            string
		start, deadline string
		total           float64
		want            []float64
	}{
		{"whole year", "2026-01-01", "2026-12-31", 30, []float64{2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5}},
		// half of April (15 of 30 days) and all of May
		{"from mid-April", "2026-04-16", "2026-05-31", 30, []float64{10, 20}},
		{"one day", "2026-02-10", "2026-02-10", 7, []float64{7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := phaseDays(day(tc.start), day(tc.deadline), tc.total, nil)
			if len(got) != len(tc.want) {
				t.Fatalf("%d months, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if !near(got[i].Value, tc.want[i]) {
					t.Errorf("month %v = %v, want %v", got[i].Month, got[i].Value, tc.want[i])
				}
			}
		})
	}
	// Seasonal weights: January weighs twice as much as February.
	w := make([]float64, 12)
	w[0], w[1] = 2, 1
	got := phaseDays(day("2026-01-01"), day("2026-02-28"), 30, w)
	if !near(got[0].Value, 20) || !near(got[1].Value, 10) {
		t.Errorf("seasonal = %v", got)
	}
}

func TestPhase(t *testing.T) {
	jan, dec := Month{2026, time.January}, Month{2026, time.December}
	if _, err := Phase(dec, jan, 1, nil); err == nil {
		t.Error("reversed months: no error")
	}
	if _, err := Phase(jan, dec, 1, []float64{1}); err == nil {
		t.Error("one weight: no error")
	}
	w := make([]float64, 12)
	w[11] = 1 // everything in December
	got, err := Phase(jan, dec, 12, w)
	if err != nil || !near(got[11].Value, 12) || got[0].Value != 0 {
		t.Errorf("Phase = %v, %v", got, err)
	}
	zero := make([]float64, 12)
	got, _ = Phase(jan, Month{2026, time.March}, 3, zero)
	if !near(got[1].Value, 1) {
		t.Errorf("all-zero weights are not flat: %v", got)
	}
}

func TestSeasonalWeights(t *testing.T) {
	series := map[Month]float64{}
	for m := (Month{2015, time.January}); m.Before(Month{2017, time.January}); m = m.Add(1) {
		series[m] = float64(m.Month) // January 1 … December 12, two years
	}
	w, n := SeasonalWeights(series, Month{2015, time.January}, day("2016-12-31"))
	if n != 24 || len(w) != 12 || !near(w[0], 1) || !near(w[11], 12) {
		t.Errorf("weights = %v over %d months", w, n)
	}
	// As of mid-December, December 2016 is not complete: 23 months.
	if _, n := SeasonalWeights(series, Month{2015, time.January}, day("2016-12-15")); n != 23 {
		t.Errorf("months = %d, want 23", n)
	}
	if w, n := SeasonalWeights(series, Month{2016, time.July}, day("2016-12-31")); w != nil || n != 6 {
		t.Errorf("six months: %v, %d", w, n)
	}
}

func TestPlanRatiosOrder(t *testing.T) {
	deals := synthHistory(16, stdTeams)
	for i := range deals {
		if i%2 == 0 {
			deals[i].Offer = NameOf([]string{"Pro", "Basic"}[i%4/2])
		}
	}
	p, err := Build(Input{Deals: deals}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range p.Ratios {
		got = append(got, r.Key.Team+"/"+r.Key.Segment+"/"+r.Key.Offer)
	}
	want := []string{"//", "North//", "South//", "North/ENT/", "North/SMB/", "North//Basic", "North//Pro", "South//Basic", "South//Pro"}
	if !slices.Equal(got, want) {
		t.Errorf("ratios = %v, want %v", got, want)
	}
	if p.AsOf != day("2016-12-31") || p.WindowMonths != 12 || p.Lang != "en" {
		t.Errorf("plan header = %v %v %v", p.AsOf, p.WindowMonths, p.Lang)
	}
	// An unset as-of date is the latest date of the history.
	p, _ = Build(Input{Deals: deals}, Options{Runs: 100})
	if want := day("2016-12-31"); p.AsOf.After(want) || p.AsOf.Before(want.AddDate(0, 0, -3)) {
		t.Errorf("default as-of = %v", p.AsOf)
	}
}

// The plan does not depend on the number of cores (issue 17): the same
// plan on one core and on two, with few targets (each simulation split
// over the cores), with many (the targets spread over the cores), and
// with the track record planned beside them.
func TestBuildCores(t *testing.T) {
	deals := synthHistory(17, stdTeams)
	few := []Target{
		target("a", "North", "revenue", 1.5e6, "2017-01-01", "2017-12-31"),
		target("b", "South", "new_customers", 50, "2017-01-01", "2017-12-31"),
	}
	var many []Target
	for i := range 12 {
		tg := target(fmt.Sprint(i), stdTeams[i%len(stdTeams)].name, "revenue", 2e5*float64(1+i%4), "2017-01-01", "2017-03-31")
		tg.Segment = ""
		many = append(many, tg)
	}
	opt := testOptions()
	opt.TrackRecord = true
	for _, targets := range [][]Target{few, many} {
		var plans [2]*Plan
		for i, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			p, err := Build(Input{Deals: deals, Targets: targets}, opt)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			plans[i] = p
		}
		if !reflect.DeepEqual(plans[0], plans[1]) {
			t.Errorf("%d targets: the plan on one core differs from the plan on two", len(targets))
		}
	}
}

func TestRecentPaceReason(t *testing.T) {
	flat := []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10}
	rising := []float64{5, 5, 5, 5, 5, 5, 10, 10, 10, 15, 15, 15}
	falling := []float64{15, 15, 15, 15, 15, 15, 10, 10, 10, 5, 5, 5}
	mean := func(b []float64) float64 {
		s := 0.0
		for _, v := range b {
			s += v
		}
		return s / float64(len(b))
	}
	tests := []struct {
		name    string
		buckets []float64
		want    string // "" for no reason
	}{
		{"flat", flat, ""},
		{"rising", rising, "picked up"},
		{"falling", falling, "slowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			own := &groupStats{buckets: tt.buckets}
			own.OpportunitiesPerMonth = mean(tt.buckets)
			r, ok := recentPaceReason("en", fm{lang: "en"}, own)
			if got := ok; got != (tt.want != "") {
				t.Fatalf("ok = %v, want %v (%q)", got, tt.want != "", r.Message)
			}
			if ok && (r.Code != CodeRecentPace || !strings.Contains(r.Message, tt.want)) {
				t.Errorf("reason %+v, want code %s and %q", r, CodeRecentPace, tt.want)
			}
		})
	}
}

// benchScale is the workload of BenchmarkBuildScale: a history of about n
// deals over 24 months and four teams, and 40 revenue targets (ten per
// team: the year and its quarters at several levels).
func benchScale(n int) ([]Deal, []Target) {
	var teams []teamSpec
	for i := range 4 {
		teams = append(teams, teamSpec{name: fmt.Sprintf("T%d", i), perMonth: n / 24 / 4, winRate: 0.2 + float64(i)/20,
			amount: 5000 + float64(i)*2500, cycleDays: 30 + i*15, segments: []string{"SMB", "MID", "ENT"}})
	}
	deals := synthHistory(11, teams)
	var targets []Target
	for i := range 40 {
		ts := teams[i%4]
		start, end := "2017-01-01", "2017-12-31"
		months := 12.0
		if q := i / 4 % 5; q > 0 {
			start = fmt.Sprintf("2017-%02d-01", 3*q-2)
			end = day(fmt.Sprintf("2017-%02d-01", 3*q-2)).AddDate(0, 3, -1).Format("2006-01-02")
			months = 3
		}
		tg := target(fmt.Sprint(i), ts.name, "revenue", 0, start, end)
		tg.Segment = ""
		tg.Value = float64(ts.perMonth) * months * ts.winRate * ts.amount * (0.8 + float64(i/20)*0.4)
		targets = append(targets, tg)
	}
	return deals, targets
}

// BenchmarkBuildScale is issue 17's goal: a target's cost must not grow
// with the size of the history. It plans the same 40 targets against
// histories of 10,000, 100,000 and (with SMARTPLAN_BENCH_1M=1, or in
// make bench) 1,000,000 deals. per-target-s is the wall time a target
// adds: a plan of the 40 targets less a plan of none (the history's
// index and ratios, built once per plan: index-s), over 40.
func BenchmarkBuildScale(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("SMARTPLAN_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			deals, targets := benchScale(n)
			opt := Options{AsOf: day("2016-12-31"), Seed: 1}
			var index time.Duration
			for b.Loop() {
				b.StopTimer()
				t0 := time.Now()
				if _, err := Build(Input{Deals: deals}, opt); err != nil {
					b.Fatal(err)
				}
				index += time.Since(t0)
				b.StartTimer()
				if _, err := Build(Input{Deals: deals, Targets: targets}, opt); err != nil {
					b.Fatal(err)
				}
			}
			perPlan := b.Elapsed().Seconds() / float64(b.N)
			idx := index.Seconds() / float64(b.N)
			b.ReportMetric(idx, "index-s")
			b.ReportMetric((perPlan-idx)/float64(len(targets)), "per-target-s")
			b.ReportMetric(float64(len(deals)), "deals")
		})
	}
}

// A deal whose dates cannot both be right (closed decades after it was
// created, a typing error) gives no cycle; it does not stop its scope's
// simulation.
func TestBuildImpossibleCycle(t *testing.T) {
	deals := synthHistory(12, stdTeams)
	tg := target("t", "North", "revenue", 1e6, "2017-01-01", "2017-12-31")
	tg.Segment = ""
	before := buildOne(t, deals, tg, testOptions())
	deals = append(deals, Deal{Owner: NameOf("x"), Team: NameOf("North"), Created: MakeDate(1990, 1, 1), Closed: MakeDate(2016, 6, 1),
		Status: Won, Amount: 1000, HasAmount: true})
	r := buildOne(t, deals, tg, testOptions())
	if !r.HasProbability || before.HasProbability && r.History.CycleDaysMedian != before.History.CycleDaysMedian {
		t.Errorf("with a 26-year cycle: probability %v (%v), median cycle %v (was %v); reasons %v", r.Probability, r.HasProbability,
			r.History.CycleDaysMedian, before.History.CycleDaysMedian, r.Reasons)
	}
}

// A history with no team column has a track record all the same: the
// company's, scored as one group.
func TestTrackRecordCompany(t *testing.T) {
	deals := synthHistory(5, stdTeams)
	for i := range deals {
		deals[i].Team = Name{}
	}
	p, err := Build(Input{Deals: deals}, Options{AsOf: day("2016-12-31"), Runs: 300, Seed: 1, TrackRecord: true})
	if err != nil {
		t.Fatal(err)
	}
	if tr := p.TrackRecord; tr == nil || tr.Result.Cases == 0 {
		t.Fatalf("track record %+v, want the company's cases", tr)
	}
}
