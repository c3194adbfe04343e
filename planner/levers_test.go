package planner

import (
	"math"
	"slices"
	"testing"
)

func TestLeversClosedForm(t *testing.T) {
	r := &TargetResult{HasCapacity: true, CapacityRatio: 2, Required: Funnel{OpportunitiesPerMonth: 40},
		History: Ratios{WinRate: 0.25}}
	own := &groupStats{Ratios: Ratios{OpportunitiesPerMonth: 20}}
	tg := Target{Metric: Revenue, Lever: "pricing, new_logos"}
	got := levers(r, tg, own, 0.25, 10000)
	want := []Lever{
		{Name: LeverOpportunities, Current: 20, Required: 40, Feasible: true, Uplift: 1, Method: "funnel"},
		{Name: LeverWinRate, Current: 0.25, Required: 0.5, Feasible: true, Uplift: 1, Method: "funnel"},
		{Name: LeverDealSize, Current: 10000, Required: 20000, Feasible: true, Uplift: 1, Method: "funnel"},
	}
	if !slices.EqualFunc(got, want, func(a, b Lever) bool {
		return a.Name == b.Name && near(a.Current, b.Current) && near(a.Required, b.Required) && a.Feasible == b.Feasible
	}) {
		t.Errorf("levers = %+v, want %+v", got, want)
	}
	lv, ok := declaredLever(r, tg, fm{"en", "EUR"})
	if !ok || !slices.Equal(lv.Components, []string{LeverDealSize, LeverOpportunities}) || !near(lv.Uplift, math.Sqrt2-1) {
		t.Errorf("declared lever = %+v, %v", lv, ok)
	}
	// A win rate that would need to exceed 100 % is not feasible.
	r.CapacityRatio = 5
	if got := levers(r, Target{Metric: NewCustomers}, own, 0.25, 0); len(got) != 2 || got[1].Feasible {
		t.Errorf("levers = %+v", got)
	}
	// An unknown lever is said so.
	r.Reasons = nil
	if _, ok := declaredLever(r, Target{Metric: Revenue, Lever: "magic"}, fm{"en", "EUR"}); ok || !hasCode(r.Reasons, CodeLeverUnknown) {
		t.Errorf("unknown lever: %v", r.Reasons)
	}
}

func TestLeverParts(t *testing.T) {
	tests := []struct {
		in            string
		parts, others []string
	}{
		{"new_logos", []string{LeverOpportunities}, nil},
		{"Pricing + upsell", []string{LeverDealSize}, nil},
		{"formation et prospection", []string{LeverOpportunities, LeverWinRate}, nil},
		{"magic; pricing", []string{LeverDealSize}, []string{"magic"}},
		{"", nil, nil},
	}
	for _, tc := range tests {
		p, o := leverParts(tc.in)
		if !slices.Equal(p, tc.parts) || !slices.Equal(o, tc.others) {
			t.Errorf("leverParts(%q) = %v, %v; want %v, %v", tc.in, p, o, tc.parts, tc.others)
		}
	}
}

func TestCoverage(t *testing.T) {
	asOf := day("2017-12-31")
	own := &groupStats{open: []openDeal{
		{amount: 1000, created: DateOf(day("2017-12-21"))}, // 10 days: fresh
		{amount: 0, created: DateOf(day("2017-12-01"))},    // fresh, no amount: the average deal
		{amount: 5000, created: DateOf(day("2017-06-01"))}, // 213 days: stale
	}}
	hist := Ratios{WinRate: 0.5, AvgDeal: 2000, CycleDaysP80: 90, HasCycle: true}
	own.Ratios = hist
	h := &history{w: newWindow(asOf, 12)}
	base := h.simBase(own, own)
	v := coverage(Revenue, base, hist, 10000, progressData{has: true, actual: 4000})
	// every open deal is in the amount; the stale one is named (the
	// simulation's life table weighs it by its age)
	if v.fresh != 2 || v.stale != 1 || !near(v.amount, 8000) || !near(v.expected, 4000) || !near(v.left, 6000) {
		t.Errorf("coverage = %+v", v)
	}
	if n := staleNote(fm{"en", "EUR"}, v, hist); n != ", 1 of them older than 90 days, which rarely close" {
		t.Errorf("note = %q", n)
	}
	v = coverage(NewCustomers, base, hist, 3, progressData{})
	if !near(v.expected, 1.5) || !near(v.left, 3) {
		t.Errorf("customers coverage = %+v", v)
	}
}

// The lever search finds the crossing of the threshold to within leverTol
// (the value returned reaches it, one leverTol below does not), in few
// probes, on smooth and on step-like probability curves, on both scales.
func TestLeverSearch(t *testing.T) {
	normal := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	tests := []struct {
		name          string
		lo, hi, guess float64
		log           bool
		cross, spread float64 // the probability is normal(log(x/cross)/spread), or linear in x
		steps         float64 // > 0: probability rounded down to 1/steps, as by a simulation
		wantOK        bool
		maxProbes     int
	}{
		{"volume near guess", 1, 20, 1.8, true, 2.6, 0.3, 0, true, 6},
		{"volume far above guess", 1, 20, 1.5, true, 9, 0.2, 0, true, 8},
		{"volume below guess", 1, 20, 4, true, 1.3, 0.5, 0, true, 8},
		{"volume, step curve", 1, 20, 1.8, true, 2.6, 0.3, 500, true, 8},
		{"steep curve", 1, 20, 2, true, 3.1, 0.02, 500, true, 12},
		{"win rate", 0.2, 0.99, 0.35, false, 0.55, 0.15, 500, true, 8},
		{"out of reach", 1, 20, 2, true, 40, 0.3, 0, false, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prob := func(x float64) float64 {
				z := math.Log(x/tc.cross) / tc.spread
				if !tc.log {
					z = (x - tc.cross) / tc.spread
				}
				p := normal(z + leverProbit(0.7))
				if tc.steps > 0 {
					p = math.Floor(p*tc.steps) / tc.steps
				}
				return p
			}
			probes := 0
			x, ok, err := bisect(tc.lo, tc.hi, tc.guess, prob(tc.lo), 0.7, tc.log, func(x float64) (float64, error) {
				probes++
				if x < tc.lo || x > tc.hi {
					t.Errorf("probe %v outside [%v, %v]", x, tc.lo, tc.hi)
				}
				return prob(x), nil
			})
			if err != nil || ok != tc.wantOK {
				t.Fatalf("ok %v, err %v; want ok %v", ok, err, tc.wantOK)
			}
			if probes > tc.maxProbes {
				t.Errorf("%d probes, want at most %d", probes, tc.maxProbes)
			}
			if !ok {
				if x != tc.hi {
					t.Errorf("out of reach: %v, want the bound %v", x, tc.hi)
				}
				return
			}
			if prob(x) < 0.7 || prob(x*(1-leverTol)) >= 0.7 {
				t.Errorf("x = %v: probability %v there, %v one tolerance below (crossing %v)",
					x, prob(x), prob(x*(1-leverTol)), tc.cross)
			}
		})
	}
}

// A sentence names a lever in the reader's words and quotes, never by its
// code (issue 15: "chacun des leviers opportunities").
func TestLeverWords(t *testing.T) {
	for _, tc := range []struct {
		lang, lever string
		use         []string
		quoted      string
		targets     string
	}{
		{"en", "new_logos", []string{LeverOpportunities}, "“new logos”", "opportunity volume"},
		{"fr", "productivity", []string{LeverOpportunities}, "«\u00a0productivité\u00a0»", "le volume d’opportunités"},
		{"fr", "pricing, new_logos", []string{LeverDealSize, LeverOpportunities}, "«\u00a0pricing, new_logos\u00a0»",
			"chacun de ces leviers : le montant moyen et le volume d’opportunités"},
		{"en", "Hire two SDRs", []string{LeverWinRate, LeverDealSize, LeverOpportunities}, "“Hire two SDRs”",
			"each of win rate, average deal and opportunity volume"},
	} {
		if got := leverQuoted(tc.lang, tc.lever); got != tc.quoted {
			t.Errorf("leverQuoted(%s, %q) = %q, want %q", tc.lang, tc.lever, got, tc.quoted)
		}
		if got := leverTargets(tc.lang, tc.use); got != tc.targets {
			t.Errorf("leverTargets(%s, %v) = %q, want %q", tc.lang, tc.use, got, tc.targets)
		}
	}
}
