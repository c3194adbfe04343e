package planner

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// loadMavenDeals reads the real Maven CRM export directly with encoding/csv (the
// importer is tested on its own), with the manager as the team.
func loadMavenDeals(t testing.TB) []Deal {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "real", "maven-crm")
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			t.Skipf("real data absent (%s): skipping", dir)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	teams := map[string]string{}
	for _, r := range read("sales_teams.csv") {
		teams[r[0]] = r[1]
	}
	date := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return d
	}
	var deals []Deal
	for _, r := range read("sales_pipeline.csv") {
		d := Deal{Owner: NameOf(r[1]), Team: NameOf(teams[r[1]]), Offer: NameOf(r[2]),
			Created: DateOf(date(r[5])), Closed: DateOf(date(r[6]))}
		switch r[4] {
		case "Won":
			d.Status = Won
		case "Lost":
			d.Status = Lost
		}
		if r[7] != "" {
			v, err := strconv.ParseFloat(r[7], 64)
			if err != nil {
				t.Fatal(err)
			}
			d.Amount, d.HasAmount = v, true
		}
		deals = append(deals, d)
	}
	return deals
}

// The ratios of the real Maven history match a plain count.
func TestRealMavenRatios(t *testing.T) {
	deals := loadMavenDeals(t)
	opt := Options{AsOf: day("2017-12-31")}
	rs := ComputeRatios(deals, nil, []string{"team"}, opt)
	if len(rs) != 6 {
		t.Fatalf("teams = %d, want 6", len(rs))
	}
	for _, r := range rs {
		var won, lost, created int
		var sum float64
		var cycles []float64
		for _, d := range deals {
			if d.Team.String() != r.Key.Team {
				continue
			}
			if d.Created.Time().Year() == 2017 {
				created++
			}
			if d.Closed.Time().Year() != 2017 {
				continue
			}
			switch d.Status {
			case Won:
				won++
				sum += d.Amount
				cycles = append(cycles, float64(d.Closed-d.Created))
			case Lost:
				lost++
			}
		}
		sort.Float64s(cycles)
		median := cycles[len(cycles)/2]
		if len(cycles)%2 == 0 {
			median = (cycles[len(cycles)/2-1] + median) / 2
		}
		if !near(r.CycleDaysMedian, median) || !near(r.OpportunitiesPerMonth, float64(created)/12) {
			t.Errorf("%s: cycle median %v, opportunities a month %v; want %v, %v", r.Key.Team, r.CycleDaysMedian,
				r.OpportunitiesPerMonth, median, float64(created)/12)
		}
		if r.Won != won || r.Lost != lost {
			t.Errorf("%s: won/lost = %d/%d, want %d/%d", r.Key.Team, r.Won, r.Lost, won, lost)
		}
		if !near(r.WinRate, float64(won)/float64(won+lost)) || !near(r.AvgDeal, sum/float64(won)) {
			t.Errorf("%s: win rate %v deal %v, want %v %v", r.Key.Team, r.WinRate, r.AvgDeal, float64(won)/float64(won+lost), sum/float64(won))
		}
		t.Logf("%-18s closed %4d win %.3f [%.3f, %.3f] avg %7.0f cycle %3.0f/%3.0f opp/month %5.1f open %d",
			r.Key.Team, r.Closed, r.WinRate, r.WinRateLow, r.WinRateHigh, r.AvgDeal, r.CycleDaysMedian, r.CycleDaysP80,
			r.OpportunitiesPerMonth, r.Open)
	}
}

// A plan on the real history: every target gets a verdict with reasons.
func TestRealMavenPlan(t *testing.T) {
	deals := loadMavenDeals(t)
	opt := Options{AsOf: day("2017-06-30"), Runs: 300, Seed: 1}
	rs := ComputeRatios(deals, nil, []string{"team"}, opt)
	var targets []Target
	for i, r := range rs {
		for j, f := range []float64{0.5, 2} {
			targets = append(targets, Target{ID: strconv.Itoa(i*2 + j), Team: r.Key.Team, Metric: Revenue,
				Value: r.Revenue / 2 * f, HasValue: true, Start: day("2017-07-01"), Deadline: day("2017-12-31"),
				Lever: "new_logos", Priority: j + 1})
		}
	}
	p, err := Build(Input{Deals: deals, Targets: targets}, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Targets {
		if r.Verdict == "" || len(r.Reasons) == 0 {
			t.Errorf("target %s: verdict %q, %d reasons", r.Target.ID, r.Verdict, len(r.Reasons))
		}
		t.Logf("%-18s %10.0f %-12s p=%.2f cap=%.2f", r.Target.Team, r.Target.Value, r.Verdict, r.Probability, r.CapacityRatio)
	}
}
