package planner_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// The model's checks on the real Maven export, loaded as the CLI loads it
// (loadReal); each test skips where ../shared is absent.

// TestMavenCapacityQ4 is issue 14's capacity goal on the Maven export,
// loaded as the CLI does (its regional offices as teams): planned as of
// 2017-09-30, a Q4 revenue target at half the team's Q3 won revenue is
// achievable with no over-capacity flag, and a target equal to Q3 asks for
// between 0.8 and 1.25 times the team's monthly creation. The capacity
// check credits the open pipeline's expected yield and counts only the
// new opportunities that can close by 31 December.
//
// Central is the exception to the second goal, and rightly: its 781 deals
// open on 30 September are young (a median of 55 days), and the deals
// Central had open at the end of the two quarters before were won within
// the next quarter 64 % and 62 % of the time. The model expects as much
// (about 1.0 M of Q4 revenue), so a Q3-sized target needs few new
// opportunities. In the export, only 28 % of them were won in Q4: most
// deals open from then on were never closed in it, which nothing known on
// 30 September shows.
func TestMavenCapacityQ4(t *testing.T) {
	deals := loadReal(t, "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv")
	q3 := map[string]float64{}
	from, to := planner.DateOf(time.Date(2017, 7, 1, 0, 0, 0, 0, time.UTC)), planner.DateOf(time.Date(2017, 9, 30, 0, 0, 0, 0, time.UTC))
	for _, d := range deals {
		if d.Status == planner.Won && d.Closed >= from && d.Closed <= to {
			q3[d.Team.String()] += d.Amount
		}
	}
	if len(q3) < 3 {
		t.Fatalf("%d teams with Q3 revenue, want 3", len(q3))
	}
	var targets []planner.Target
	for team, rev := range q3 {
		for _, k := range []float64{0.5, 1} {
			targets = append(targets, planner.Target{ID: fmt.Sprintf("%s×%g", team, k), Team: team, Metric: planner.Revenue,
				Value: k * rev, HasValue: true, Start: time.Date(2017, 10, 1, 0, 0, 0, 0, time.UTC),
				Deadline: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)})
		}
	}
	p, err := planner.Build(planner.Input{Deals: deals, Targets: targets},
		planner.Options{AsOf: time.Date(2017, 9, 30, 0, 0, 0, 0, time.UTC), Runs: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Targets {
		t.Logf("%s: capacity %.2f, %.1f a month needed against %.1f, conversion %.3f (win rate %.3f), probability %.3f, %s",
			r.Target.ID, r.CapacityRatio, r.Required.OpportunitiesPerMonth, r.History.OpportunitiesPerMonth,
			r.History.Conversion, r.History.WinRate, r.Probability, r.Verdict)
		if !r.HasCapacity {
			t.Errorf("%s: no capacity ratio", r.Target.ID)
			continue
		}
		if r.Target.Value < q3[r.Target.Team]*0.75 {
			if r.Verdict != planner.Achievable || r.CapacityRatio > 1 {
				t.Errorf("%s: %s at capacity %.2f, want achievable within capacity", r.Target.ID, r.Verdict, r.CapacityRatio)
			}
		} else if r.Target.Team == "Central" {
			if r.CapacityRatio > 0.8 {
				t.Errorf("%s: capacity %.2f, want below 0.8 (the open pipeline covers most of it)", r.Target.ID, r.CapacityRatio)
			}
		} else if r.CapacityRatio < 0.8 || r.CapacityRatio > 1.25 {
			t.Errorf("%s: capacity %.2f, want between 0.8 and 1.25", r.Target.ID, r.CapacityRatio)
		}
	}
}

// TestMavenSameEventSameProbability: 1,080 new opportunities for Central
// in Q4 2017, or 2,159 meetings at the assumed 50 % opportunity rate (no
// activity history), are the same event; one seed per scope and period
// gives them the same runs, so the same probability and verdict. (With a
// seed per target, the pair landed at 0.2988 and 0.3027, on either
// side of the 0.3 threshold.) The pair sits at the threshold, so it is
// also re-simulated with more runs, alike.
func TestMavenSameEventSameProbability(t *testing.T) {
	deals := loadReal(t, "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv")
	q4 := func(id string, m planner.Metric, v float64) planner.Target {
		return planner.Target{ID: id, Team: "Central", Metric: m, Value: v, HasValue: true,
			Start: time.Date(2017, 10, 1, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)}
	}
	p, err := planner.Build(planner.Input{Deals: deals, Targets: []planner.Target{
		q4("opportunities", planner.Opportunities, 1080), q4("meetings", planner.Meetings, 2159)}},
		planner.Options{AsOf: time.Date(2017, 9, 30, 0, 0, 0, 0, time.UTC), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	o, m := p.Targets[0], p.Targets[1]
	t.Logf("opportunities %.4f ± %.4f (%d runs) %s; meetings %.4f ± %.4f (%d runs) %s, opportunity rate %.2f",
		o.Probability, o.ProbabilityError, o.Runs, o.Verdict, m.Probability, m.ProbabilityError, m.Runs, m.Verdict, m.History.Funnel.OpportunityRate)
	if m.History.Funnel.OpportunityRate != 0.5 {
		t.Fatalf("opportunity rate %v, want the assumed 0.5", m.History.Funnel.OpportunityRate)
	}
	if math.Abs(o.Probability-m.Probability) > 0.005 || o.Verdict != m.Verdict {
		t.Errorf("opportunities %.4f %s, meetings %.4f %s: want the same", o.Probability, o.Verdict, m.Probability, m.Verdict)
	}
}

// TestTrackRecordMaven: a plan of the Maven export as of 2017-12-31 holds
// its own track record, the rolling backtest by team over the quarters
// that ended by then (Q2 to Q4 2017), with the naive normal beside it;
// as of 2017-03-31 no quarter has ended with history before it, and the
// record says the history is too short.
func TestTrackRecordMaven(t *testing.T) {
	deals := loadReal(t, "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv")
	p, err := planner.Build(planner.Input{Deals: deals}, planner.Options{AsOf: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC),
		Runs: 2000, Seed: 1, TrackRecord: true})
	if err != nil {
		t.Fatal(err)
	}
	tr := p.TrackRecord
	if tr == nil || !tr.Enough || tr.Result.Cases != 45 || tr.Naive.Name != planner.NaiveNormal {
		t.Fatalf("track record %+v, want 45 cases by team with the naive normal", tr)
	}
	want, err := planner.Backtest(deals, planner.BacktestOptions{By: "team", Runs: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Result.Brier != want.Brier || tr.Result.LogLoss != want.LogLoss {
		t.Errorf("track record %.4f/%.4f, backtest %.4f/%.4f: want the same", tr.Result.Brier, tr.Result.LogLoss, want.Brier, want.LogLoss)
	}
	if got := 1 - tr.Result.Brier/tr.Naive.Brier; tr.Skill != got || tr.From.Month() != time.April || tr.To.Month() != time.October {
		t.Errorf("skill %v (want %v), quarters %s to %s", tr.Skill, got, tr.From, tr.To)
	}
	early, err := planner.Build(planner.Input{Deals: deals}, planner.Options{AsOf: time.Date(2017, 3, 31, 0, 0, 0, 0, time.UTC),
		Runs: 500, Seed: 1, TrackRecord: true})
	if err != nil {
		t.Fatal(err)
	}
	if tr := early.TrackRecord; tr == nil || tr.Enough || !strings.Contains(tr.Why, "too short") {
		t.Errorf("as of 2017-03-31: %+v, want too short", tr)
	}
}

// TestMavenCohortConversion: of the opportunities the Maven export created
// from January to June 2017, 53.5 % were won, 29.9 % lost and 16.5 % were
// still open at its end (31 December 2017). The life table's conversion
// per created opportunity reproduces the won share, to within 0.01: the
// open deals are old, and deals of their age rarely close. Won / (won +
// lost), 0.641, overstates it by a fifth.
func TestMavenCohortConversion(t *testing.T) {
	deals := loadReal(t, "maven-crm/sales_pipeline.csv", "maven-crm/sales_teams.csv")
	d := func(s string) planner.Date {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return planner.DateOf(v)
	}
	first, last, asOf := d("2017-01-01"), d("2017-06-30"), d("2017-12-31")
	var won, lost, open int
	for _, x := range deals {
		if x.Created.IsZero() || x.Created < first || x.Created > last {
			continue
		}
		switch x.Status {
		case planner.Won:
			won++
		case planner.Lost:
			lost++
		default:
			open++
		}
	}
	n := float64(won + lost + open)
	t.Logf("%d created: %.3f won, %.3f lost, %.3f open; won / (won + lost) %.3f", won+lost+open,
		float64(won)/n, float64(lost)/n, float64(open)/n, float64(won)/float64(won+lost))
	got, ok := planner.CohortConversion(deals, first, last, asOf)
	if !ok {
		t.Fatal("no life table")
	}
	if want := 0.535; math.Abs(got-want) > 0.01 {
		t.Errorf("conversion per created opportunity %.4f, want %.3f ± 0.01", got, want)
	}
}
