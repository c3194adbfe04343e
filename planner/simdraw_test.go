package planner

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// dealByDeal is the simulation as it was before issue 17, written plainly:
// every open deal and every new opportunity drawn one at a time (won or
// lost, then its close day). The count draws must give the same
// distribution of outcomes, within Monte Carlo error.
func dealByDeal(m *simModel, runs int, seed uint64) []float64 {
	out := make([]float64, runs)
	for r := range out {
		rng := rand.New(rand.NewPCG(seed, uint64(r)))
		if m.rr.share > 0 && rng.Float64() < m.rr.share {
			out[r] = m.actual + m.rr.draw(rng)*m.rrScale()
			continue
		}
		p := 0.0
		if m.needWin {
			p = min(1, distuv.Beta{Alpha: m.alpha, Beta: m.beta, Src: rng}.Rand()*m.pScale)
		}
		shock := 1.0
		if m.volumeShape > 0 {
			shock = distuv.Gamma{Alpha: m.volumeShape, Beta: m.volumeShape, Src: rng}.Rand()
		}
		var won, lost, created int
		var amount float64
		inside := func(day int) bool { return day >= m.start && day <= m.end }
		wonAmount := func(a float64) {
			won++
			if a <= 0 {
				a = m.amounts[rng.IntN(len(m.amounts))] * m.dealScale
			}
			amount += a
		}
		if m.needWin {
			for _, o := range m.open {
				pw := min(1, p*o.wonRatio)
				u := rng.Float64()
				switch {
				case u < pw:
					if inside(o.created + m.life.draw(true, o.age, rng.Uint64()>>32)) {
						wonAmount(o.amount)
					}
				case m.needLost && u < pw+min(1-pw, (1-p)*o.lostRatio):
					if inside(o.created + m.life.draw(false, o.age, rng.Uint64()>>32)) {
						lost++
					}
				}
			}
		}
		pNew := min(1, p*m.newScale)
		for _, mo := range m.months {
			if len(m.counts) == 0 {
				break
			}
			c := m.counts[m.countPick.pick(rng.Uint64()>>32)] * shock
			n := int(c)
			if rng.Float64() < c-float64(n) {
				n++
			}
			for range n {
				day := mo.first + rng.IntN(mo.days)
				if day < m.createFrom || day > m.end {
					continue
				}
				created++
				if !m.needWin {
					continue
				}
				if rng.Float64() < pNew {
					if inside(day + m.cycles[rng.IntN(len(m.cycles))]) {
						wonAmount(0)
					}
				} else if m.needLost && inside(day+m.lostCycles[rng.IntN(len(m.lostCycles))]) {
					lost++
				}
			}
		}
		out[r] = m.outcome(won, lost, created, amount)
	}
	return out
}

// The count draws (groups of open deals, one binomial per month, sums of
// amounts) against the deal-by-deal simulation, on inputs small and large,
// every metric: the same probability and the same P10, P50 and P90 within
// four standard errors (give or take one unit of a count, or 0.5 %).
func TestCountsMatchDealByDeal(t *testing.T) {
	big := func(in SimInput) SimInput {
		// A large scope: 3,000 open deals of all ages, a third without an
		// amount, one very large; 400 new opportunities a month.
		in.Open = nil
		for i := range 3000 {
			a := float64(2000 + (i*7919)%60000)
			if i%3 == 0 {
				a = 0
			}
			if i == 17 {
				a = 2_000_000
			}
			in.Open = append(in.Open, OpenDeal{Amount: a, Created: simDate(2025, 12, 31).AddDate(0, 0, -(i*37)%400)})
		}
		for i := range in.MonthlyOpportunities {
			in.MonthlyOpportunities[i] *= 25
		}
		return in
	}
	type tc struct {
		name string
		in   SimInput
	}
	var cases []tc
	for _, metric := range Metrics {
		small := simTeam()
		small.Metric, small.OpportunityRate = metric, 0.5
		cases = append(cases, tc{string(metric) + "/small", small})
		large := big(simTeam())
		large.Metric, large.OpportunityRate = metric, 0.5
		cases = append(cases, tc{string(metric) + "/large", large})
	}
	ahead := big(simTeam())
	ahead.AsOf, ahead.Start, ahead.Deadline = simDate(2025, 11, 17), simDate(2026, 1, 1), simDate(2026, 3, 31)
	cases = append(cases, tc{"revenue/large, a quarter planned ahead from mid-month", ahead})
	midPeriod := big(simTeam())
	midPeriod.AsOf, midPeriod.ActualSoFar = simDate(2026, 5, 14), 300_000
	cases = append(cases, tc{"revenue/large, mid-period", midPeriod})

	runs := 20000
	if raceEnabled {
		runs = 2000
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := newSimModel(c.in)
			if err != nil {
				t.Fatal(err)
			}
			ref := dealByDeal(m, runs, 7)
			slices.Sort(ref)
			target := stat.Quantile(0.5, stat.Empirical, ref, nil)
			in := c.in
			in.Target = target
			got, err := simulateOutcomes(in, runs, 7)
			if err != nil {
				t.Fatal(err)
			}
			pRef, pGot := simShareReaching(ref, target), simShareReaching(got, target)
			se := math.Sqrt(pRef*(1-pRef)/float64(runs) + pGot*(1-pGot)/float64(runs))
			if math.Abs(pRef-pGot) > 4*se+1e-9 {
				t.Errorf("probability at %v: %.4f, deal by deal %.4f (± %.4f)", target, pGot, pRef, 2*se)
			}
			for _, q := range []float64{0.1, 0.5, 0.9} {
				a, b := stat.Quantile(q, stat.Empirical, got, nil), stat.Quantile(q, stat.Empirical, ref, nil)
				// a quantile's standard error, from the density around it
				const d = 0.02
				se := (stat.Quantile(q+d, stat.Empirical, ref, nil) - stat.Quantile(q-d, stat.Empirical, ref, nil)) / (2 * d) *
					math.Sqrt(q*(1-q)/float64(runs))
				if math.Abs(a-b) > 4*math.Sqrt2*se+max(1, 0.005*math.Abs(b)) { // (a lumpy distribution: its density says little)
					t.Errorf("P%.0f = %v, deal by deal %v (± %.4g)", 100*q, a, b, 2*math.Sqrt2*se)
				}
			}
			t.Logf("%d groups of %d open deals; P50 %v; probability %.4f, deal by deal %.4f", len(m.groups), len(m.gopen),
				target, pGot, pRef)
		})
	}
}

// simBinomial is a binomial count: its mean and variance, exact and
// approximate alike, and its monotony in the uniform, n and q.
func TestSimBinomial(t *testing.T) {
	for _, c := range []struct {
		n int
		q float64
	}{{1, 0.3}, {7, 0.2}, {40, 0.3}, {100, 0.2}, {100, 0.9}, {1000, 0.05}, {5000, 0.3}, {1_000_000, 0.001}, {200, 0.999}} {
		t.Run(fmt.Sprintf("%d×%v", c.n, c.q), func(t *testing.T) {
			const draws = 200000
			var sum, sq float64
			prev := -1
			for i := range draws {
				u := (float64(i) + 0.5) / draws // a grid: exact moments
				k := simBinomial(c.n, c.q, u)
				if k < prev || k < 0 || k > c.n {
					t.Fatalf("u %v: %d after %d (n %d)", u, k, prev, c.n)
				}
				prev = k
				if k2 := simBinomial(c.n+1, c.q, u); k2 < k {
					t.Fatalf("n+1 gives %d < %d", k2, k)
				}
				if k2 := simBinomial(c.n, min(1, c.q*1.01), u); k2 < k {
					t.Fatalf("a higher q gives %d < %d", k2, k)
				}
				sum += float64(k)
				sq += float64(k) * float64(k)
			}
			mean := sum / draws
			variance := sq/draws - mean*mean
			wantMean, wantVar := float64(c.n)*c.q, float64(c.n)*c.q*(1-c.q)
			if math.Abs(mean-wantMean) > 0.002*wantMean+0.01 || math.Abs(variance-wantVar) > 0.02*wantVar+0.01 {
				t.Errorf("mean %v variance %v, want %v and %v", mean, variance, wantMean, wantVar)
			}
		})
	}
}

// A sum of many amounts has the mean, variance and skewness of the sum.
func TestSimSum(t *testing.T) {
	vals := make([]float64, 0, 200)
	for i := range 200 {
		vals = append(vals, math.Exp(8+1.2*simNormal((float64(i)+0.5)/200))) // lognormal amounts
	}
	slices.Sort(vals)
	s := newSimSum(vals)
	g := rand.NewPCG(3, 4)
	for _, k := range []int{5, 32, 33, 200, 5000} {
		const draws = 100000
		xs := make([]float64, draws)
		for i := range xs {
			xs[i] = s.draw(k, g)
		}
		mean, sd := stat.MeanStdDev(xs, nil)
		skew := stat.Skew(xs, nil)
		kk := float64(k)
		wantMean, wantSD, wantSkew := kk*s.mean, math.Sqrt(kk)*s.sd, s.skew/math.Sqrt(kk)
		if math.Abs(mean-wantMean) > 0.01*wantMean || math.Abs(sd-wantSD) > 0.03*wantSD || math.Abs(skew-wantSkew) > 0.15*wantSkew+0.05 {
			t.Errorf("sum of %d: mean %.0f sd %.0f skew %.3f, want %.0f, %.0f, %.3f", k, mean, sd, skew, wantMean, wantSD, wantSkew)
		}
	}
}

// simNormal's table is within 2e-5 of the exact quantile, and increasing.
func TestSimNormal(t *testing.T) {
	prev := math.Inf(-1)
	for i := 1; i < 1_000_000; i++ {
		u := float64(i) / 1_000_000
		z := simNormal(u)
		if math.Abs(z-simNormalExact(u)) > 2e-5 || z < prev {
			t.Fatalf("u %v: %v, exact %v (previous %v)", u, z, simNormalExact(u), prev)
		}
		prev = z
	}
}
