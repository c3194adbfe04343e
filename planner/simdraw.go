package planner

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Drawing counts, not deals (issue 17). A run's cost must not grow with
// the deals in scope: a month's new opportunities are one count, its
// winners inside the period one binomial draw, and the open pipeline is a
// few groups of deals alike (their chance of a win inside the period, and
// whether they quote an amount), each drawn as one binomial count. The
// won amounts of many deals are one draw of their sum. Each draw inverts
// one uniform, so that a larger flow or a higher win rate never gives a
// run fewer deals (the levers' searches rely on it).

// simBinomialExact is the mean below which a binomial count is drawn
// exactly, by walking its distribution up from zero; above it, from the
// normal approximation with its skewness.
const simBinomialExact = 24

// simSumExact is the number of won amounts up to which their sum is drawn
// amount by amount; above it, from the sum's mean, variance and skewness.
const simSumExact = 32

// simGroupMax is how many groups the open pipeline of a scope is drawn
// in, at most: up to that many deals, each deal is its own group, and the
// draws are exact; simGroupTop of them are the deals that bring most to
// the period's expected outcome, alone in their group, so that a large
// deal's win stays a win of its own amount.
var (
	simGroupMax = 24
	simGroupTop = 6
)

// simU maps 64 random bits to a uniform in (0, 1), never 0 or 1.
func simU(x uint64) float64 { return (float64(x>>11) + 0.5) * 0x1p-53 }

// simNormal is the standard normal quantile of u ∈ (0, 1): interpolated in
// a table between 1/64 and 63/64 (to within 2e-5), math.Erfcinv in the
// tails. It is increasing in u.
func simNormal(u float64) float64 {
	if u < simNormTail || u > 1-simNormTail {
		return simNormalExact(u)
	}
	x := u * simNormSteps
	i := int(x)
	return simNormTable[i] + (x-float64(i))*(simNormTable[i+1]-simNormTable[i])
}

func simNormalExact(u float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*u) }

const (
	simNormSteps = 1 << 12
	simNormTail  = 1.0 / 64
)

// simNormTable holds the normal quantile at i/simNormSteps, for the
// interpolation of simNormal (its ends are not used).
var simNormTable = func() (t [simNormSteps + 1]float64) {
	for i := 1; i < simNormSteps; i++ {
		t[i] = simNormalExact(float64(i) / simNormSteps)
	}
	return t
}()

// simSkewed turns a standard normal z into a standardised variate of
// skewness skew, increasing in z: a gamma variate's Wilson–Hilferty
// transform (mirrored for a negative skew).
func simSkewed(z, skew float64) float64 {
	if math.Abs(skew) < 1e-3 {
		return z
	}
	sign := 1.0
	if skew < 0 {
		sign, skew, z = -1, -skew, -z
	}
	a := 4 / (skew * skew)
	c := max(0, 1-1/(9*a)+z/(3*math.Sqrt(a)))
	return sign * (a*c*c*c - a) / math.Sqrt(a)
}

// simBinomial returns the Binomial(n, q) count at the uniform u ∈ (0, 1),
// by inversion: exactly while the mean is below simBinomialExact, else
// from the normal approximation corrected for skewness. A larger u, n or q
// never gives a smaller count.
func simBinomial(n int, q, u float64) int {
	switch {
	case n <= 0 || !(q > 0):
		return 0
	case q >= 1:
		return n
	case q > 0.5:
		return n - simBinomial(n, 1-q, 1-u)
	}
	if n == 1 {
		if u >= 1-q {
			return 1
		}
		return 0
	}
	mean := float64(n) * q
	if mean < simBinomialExact {
		pk := simPowi(1-q, n)
		cdf, ratio := pk, q/(1-q)
		k := 0
		for u >= cdf && k < n {
			pk *= ratio * float64(n-k) * simInv(k+1)
			k++
			cdf += pk
			if pk < 1e-17 && float64(k) > mean {
				break // u lies in rounding error past the distribution's tail
			}
		}
		return k
	}
	// Cornish–Fisher: the skewness (1 − 2q)/sd is below 0.3 here, where
	// the correction keeps the count increasing in u.
	sd := math.Sqrt(mean * (1 - q))
	z := simNormal(u)
	x := mean + sd*z + (1-2*q)*(z*z-1)/6
	return min(n, max(0, int(math.Floor(x+0.5))))
}

// simInvs are the reciprocals 1/k of the counts an exact binomial draw
// walks through (a multiplication is cheaper than a division).
var simInvs = func() (t [4 * simBinomialExact]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = 1 / float64(k)
	}
	return t
}()

func simInv(k int) float64 {
	if k < len(simInvs) {
		return simInvs[k]
	}
	return 1 / float64(k)
}

// simPowi is x to the power n ≥ 0, by squaring (x^n, cheaper than
// math.Pow for the integer powers of simBinomial).
func simPowi(x float64, n int) float64 {
	r := 1.0
	for n > 0 {
		if n&1 == 1 {
			r *= x
		}
		x *= x
		n >>= 1
	}
	return r
}

// simSum draws the sum of k amounts drawn at random from vals (with
// replacement): amount by amount up to simSumExact, else from the sum's
// mean, variance and skewness.
type simSum struct {
	vals                 []float64
	mean, sd, skew, l, h float64
}

func newSimSum(vals []float64) simSum {
	s := simSum{vals: vals}
	if len(vals) == 0 {
		return s
	}
	n := float64(len(vals))
	s.l, s.h = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		s.mean += v
		s.l, s.h = min(s.l, v), max(s.h, v)
	}
	s.mean /= n
	var m2, m3 float64
	for _, v := range vals {
		d := v - s.mean
		m2 += d * d
		m3 += d * d * d
	}
	m2, m3 = m2/n, m3/n
	s.sd = math.Sqrt(m2)
	if m2 > 0 {
		s.skew = m3 / (m2 * s.sd)
	}
	return s
}

func (s *simSum) draw(k int, g *rand.PCG) float64 {
	if k <= 0 || len(s.vals) == 0 {
		return 0
	}
	if k <= simSumExact {
		sum := 0.0
		for i := 0; i < k; i += 3 {
			x := g.Uint64()
			for j := range min(3, k-i) {
				sum += s.vals[simPick21(x>>(21*j), len(s.vals))]
			}
		}
		return sum
	}
	kk := float64(k)
	rt := math.Sqrt(kk)
	x := kk*s.mean + rt*s.sd*simSkewed(simNormal(simU(g.Uint64())), s.skew/rt)
	return min(kk*s.h, max(kk*s.l, x))
}

// simGroup is a group of open deals drawn as one count: the deals
// m.gopen[lo:hi], their mean chances, per unit of the run's win rate p
// (and of 1 − p), of a win (and of a loss) inside the period, the largest
// of their ratios (above which a cap binds and the group is drawn deal by
// deal), and their amounts.
type simGroup struct {
	lo, hi       int
	won, lost    float64
	wrMax, lrMax float64
	// drawn: no deal of the group quotes an amount, so its winners draw
	// theirs from the won amounts; else mean and sd are those of the
	// deals' amounts, and total their sum.
	drawn           bool
	mean, sd, total float64
}

// groupOpen forms the groups of m.open that can count inside the period
// (m.gopen, m.groups), in time linear in the deals: the simGroupTop deals
// that bring most, alone; then bands of deals of about the same age
// (their chances of a win inside the period are alike), those that quote
// an amount apart from those that do not. It needs each deal's ratios set
// and m.open in order of creation.
func (m *simModel) groupOpen() {
	m.gopen, m.groups = nil, nil
	if !m.needWin {
		return
	}
	var cand []simOpen
	for _, o := range m.open {
		o.inWon = m.life.closeShare(true, o.age, m.start-o.created, m.end-o.created)
		if m.needLost {
			o.inLost = m.life.closeShare(false, o.age, m.start-o.created, m.end-o.created)
		}
		if o.wonRatio*o.inWon > 0 || m.needLost && o.lostRatio*o.inLost > 0 {
			cand = append(cand, o)
		}
	}
	if len(cand) <= simGroupMax {
		m.gopen = cand
		for i := range cand {
			m.addGroup(i, i+1)
		}
		return
	}
	// The simGroupTop deals worth most (their expected part of the
	// outcome), by insertion into a short list; the earlier deal first
	// among equals.
	worth := func(o simOpen) float64 {
		if !m.needAmount {
			return o.wonRatio * o.inWon
		}
		return o.wonRatio * o.inWon * max(0, o.amount)
	}
	var top []int
	for i, o := range cand {
		w := worth(o)
		if len(top) == simGroupTop && w <= worth(cand[top[len(top)-1]]) {
			continue
		}
		j := len(top)
		for j > 0 && w > worth(cand[top[j-1]]) {
			j--
		}
		top = slices.Insert(top, j, i)
		if len(top) > simGroupTop {
			top = top[:simGroupTop]
		}
	}
	isTop := make([]bool, len(cand))
	m.gopen = make([]simOpen, 0, len(cand))
	for _, i := range top {
		isTop[i] = true
		m.gopen = append(m.gopen, cand[i])
		m.addGroup(len(m.gopen)-1, len(m.gopen))
	}
	quoted := func(o simOpen) bool { return !m.needAmount || o.amount > 0 }
	var parts [2][2]int
	for pi, q := range []bool{true, false} {
		lo := len(m.gopen)
		for i, o := range cand {
			if !isTop[i] && quoted(o) == q {
				m.gopen = append(m.gopen, o)
			}
		}
		parts[pi] = [2]int{lo, len(m.gopen)}
	}
	rest := len(m.gopen) - len(top)
	bands := simGroupMax - len(top)
	for _, pt := range parts {
		n := pt[1] - pt[0]
		if n == 0 {
			continue
		}
		b := min(n, max(1, int(math.Round(float64(bands)*float64(n)/float64(rest)))))
		for j := range b {
			if lo, hi := pt[0]+n*j/b, pt[0]+n*(j+1)/b; hi > lo {
				m.addGroup(lo, hi)
			}
		}
	}
}

// addGroup adds the group of the deals m.gopen[lo:hi].
func (m *simModel) addGroup(lo, hi int) {
	g := simGroup{lo: lo, hi: hi, drawn: true}
	n := float64(hi - lo)
	var sum, sq float64
	for _, o := range m.gopen[lo:hi] {
		g.won += o.wonRatio * o.inWon
		g.lost += o.lostRatio * o.inLost
		g.wrMax, g.lrMax = max(g.wrMax, o.wonRatio), max(g.lrMax, o.lostRatio)
		if o.amount > 0 {
			g.drawn = false
		}
		sum += o.amount
		sq += o.amount * o.amount
	}
	g.won, g.lost = g.won/n, g.lost/n
	if m.needAmount && !g.drawn {
		g.total, g.mean = sum, sum/n
		g.sd = math.Sqrt(max(0, sq/n-g.mean*g.mean))
	}
	m.groups = append(m.groups, g)
}

// drawOpen draws the open pipeline's part of a run at win rate p: the
// deals won and lost inside the period, the won amount of those that
// quote one, and how many winners draw theirs from the won amounts.
func (m *simModel) drawOpen(p float64, g *rand.PCG) (won, lost, drawn int, amount float64) {
	for i := range m.groups {
		gr := &m.groups[i]
		n := gr.hi - gr.lo
		if p*gr.wrMax > 1 || m.needLost && p*gr.wrMax+(1-p)*gr.lrMax > 1 {
			// A cap binds: deal by deal.
			for _, o := range m.gopen[gr.lo:gr.hi] {
				pw := min(1, p*o.wonRatio)
				a := pw * o.inWon
				u := simU(g.Uint64())
				switch {
				case u < a:
					won++
					if o.amount > 0 {
						amount += o.amount
					} else {
						drawn++
					}
				case m.needLost && u < a+min(1-pw, (1-p)*o.lostRatio)*o.inLost:
					lost++
				}
			}
			continue
		}
		a := p * gr.won
		k := simBinomial(n, a, simU(g.Uint64()))
		won += k
		if m.needLost && k < n {
			lost += simBinomial(n-k, (1-p)*gr.lost/(1-a), simU(g.Uint64()))
		}
		if !m.needAmount || k == 0 {
			continue
		}
		switch {
		case gr.drawn:
			drawn += k
		case k == n:
			amount += gr.total
		case k <= simSumExact:
			// k of the group's deals, at random (with replacement: the
			// group has more than k deals, and most have far more).
			for j := 0; j < k; j += 2 {
				x := g.Uint64()
				for l := range min(2, k-j) {
					o := &m.gopen[gr.lo+simPick((x>>(32*l))&0xffffffff, n)]
					if o.amount > 0 {
						amount += o.amount
					} else {
						drawn++
					}
				}
			}
		default:
			// k of n without replacement: the finite population's
			// variance.
			kk := float64(k)
			sd := gr.sd * math.Sqrt(kk*float64(n-k)/float64(n-1))
			amount += max(0, kk*gr.mean+sd*simNormal(simU(g.Uint64())))
		}
	}
	return won, lost, drawn, amount
}

// setMonthChances sets each month's share of days inside [createFrom,
// end] and the chance that an opportunity created in it (on a uniform
// day), once won or lost, closes inside the period.
func (m *simModel) setMonthChances() {
	inside := func(cycles []int, day int) float64 {
		if len(cycles) == 0 {
			return 0
		}
		lo, _ := slices.BinarySearch(cycles, m.start-day)
		hi, _ := slices.BinarySearch(cycles, m.end-day+1)
		return float64(hi-lo) / float64(len(cycles))
	}
	for i := range m.months {
		mo := &m.months[i]
		var days int
		var won, lost float64
		for day := max(mo.first, m.createFrom); day < mo.first+mo.days && day <= m.end; day++ {
			days++
			if m.needWin {
				won += inside(m.cycles, day)
			}
			if m.needLost {
				lost += inside(m.lostCycles, day)
			}
		}
		d := float64(mo.days)
		mo.share, mo.won, mo.lost = float64(days)/d, won/d, lost/d
	}
}
