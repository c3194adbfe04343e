package planner

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"runtime"
	"slices"
	"sync"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// simErr is an error of a simulation's input, worded for the reports in
// both their languages (simErrorText); it wraps ErrNoSimulationData where
// the history is too thin.
type simErr struct {
	en, fr  string
	wrapped error
}

func (e *simErr) Error() string {
	if e.wrapped != nil {
		return "simulate: " + e.en + ": " + e.wrapped.Error()
	}
	return "simulate: " + e.en
}

func (e *simErr) Unwrap() error { return e.wrapped }

// simErrorf returns a simErr of the two texts, formatted with the same
// arguments, wrapping wrapped (nil: none).
func simErrorf(wrapped error, en, fr string, args ...any) error {
	return &simErr{en: fmt.Sprintf(en, args...), fr: fmt.Sprintf(fr, args...), wrapped: wrapped}
}

// simErrorText is an error of the simulation as a report in lang says it:
// a simErr in its own words, without the package prefix; any other error
// as it is.
func simErrorText(lang string, err error) string {
	var e *simErr
	if !errors.As(err, &e) {
		return err.Error()
	}
	return pick(lang, [2]string{e.en, e.fr})
}

// ErrNoSimulationData reports that a target cannot be simulated because the
// history gives nothing to draw from: no monthly opportunity counts and no
// open deal, or no won deal to take amounts and cycle lengths from. The
// caller maps it to the insufficient_data verdict.
var ErrNoSimulationData = errors.New("not enough history to simulate")

// An OpenDeal is an opportunity still open at the as-of date. An Amount of
// zero or less means the amount is unknown: the simulation then draws one
// from the won amounts of the history, as it does for new opportunities.
type OpenDeal struct {
	Amount  float64
	Created time.Time
}

// SimInput is what the Monte Carlo simulation of one target works from
// (METHOD §6, issue 4).
//
// Dates are calendar days (the clock time is ignored). The period runs from
// Start to Deadline, both included. Everything strictly before AsOf is the
// past: ActualSoFar is what was achieved in [Start, AsOf), and the
// simulation only adds what happens from max(Start, AsOf) to Deadline.
//
// MonthlyOpportunities is a series, oldest month first. The other history
// fields are bags: their order does not matter.
type SimInput struct {
	Metric                Metric
	Target                float64
	Start, Deadline, AsOf time.Time
	// MonthlyOpportunities are the opportunities the scope created in each
	// month of its history, oldest first, the last one just before AsOf.
	// They are resampled, recent months weighing more (simHalfLife).
	MonthlyOpportunities  []float64
	Won, Lost             int       // Beta(won+1, lost+1) posterior, drawn once per run
	WonAmounts, CycleDays []float64 // amounts and created-to-close days of won deals
	Open                  []OpenDeal
	ActualSoFar           float64 // achieved since Start (reruns): revenue or count per metric
	OpportunityScale      float64 // multiplies the monthly opportunity counts; 0 = 1
	WinRateOverride       float64 // moves the win-rate posterior to this mean; 0 = none
	DealSizeScale         float64 // multiplies the amounts of new deals; 0 = 1
	// LostCycleDays are the created-to-close days of lost deals. Optional:
	// they time the lost deals of a win_rate target (the won cycles are used
	// when absent).
	LostCycleDays []float64
	// MaxConcentration, when positive, caps the win rate's posterior at
	// that many deals' worth of certainty: win rates drift from period to
	// period more than a long history's binomial error says.
	MaxConcentration float64
	// VolumeShape, when positive, scales each run's opportunity flow by a
	// Gamma shock of mean 1 and that shape (coefficient of variation
	// 1/√shape): the flow of a whole period moves together.
	VolumeShape float64
	// OpportunityRate is opportunities / meetings, used to turn simulated
	// opportunities into meetings for a meetings target (required then).
	OpportunityRate float64
	// Closed are the deals of the scope closed before AsOf, with their
	// dates. Optional but recommended: with them, the chance that an open
	// deal is still won is measured on how deals of its age fared over the
	// last simRecentDays days, which follows a pipeline going stale;
	// without them it comes from a life table of CycleDays, LostCycleDays
	// and Open (see simLife).
	Closed []ClosedDeal
	// ObservedFrom, when set, is the first day the history records
	// closings (its earliest close date): before it no deal could be seen
	// to close, so the days deals spent open before it are not counted as
	// days they stayed open (left truncation). Without it, an export of
	// the deals closed since a date, plus the open ones, makes old deals
	// look as if they had stayed open for months, and the open pipeline's
	// chances fall.
	ObservedFrom time.Time
	// RunRate is the scope's own outcome month by month (won revenue for a
	// revenue target, won deals for a new_customers one), one value per
	// month the history observed, oldest first, the last one just before
	// AsOf. With RunRateShare > 0, that share of the runs draws the
	// outcome of the months still to come from the run rate instead of
	// the pipeline (see simRunRate); RunRateNoise is the variance of one
	// month's outcome that the deals' sizes alone would give (the won
	// amounts' squares per month), the prior of the monthly variance.
	RunRate      []float64
	RunRateNoise float64
	RunRateShare float64
	life         *lifeTable
	// prep is what Build prepared once for the scope from the lists
	// above (newSimPrep), nil otherwise.
	prep *simPrep
}

// A ClosedDeal is a deal of the history that was won or lost, with its
// dates.
type ClosedDeal struct {
	Created, Closed time.Time
	Won             bool
}

// simRecentDays is how far back the open pipeline's chances are measured
// when SimInput.Closed is given: half a year, recent enough to follow a
// pipeline going stale, long enough to hold a small team's closings.
const simRecentDays = 182

// simLifeCycles is the number of cycle lengths a new opportunity's cycle
// is drawn from when it follows the recent life table (simModel.newScale).
const simLifeCycles = 512

// simMinRecent is the number of recent closings below which the open
// pipeline falls back on the life table of the whole history (the
// planner's MinClosed default).
const simMinRecent = 20

// simHalfLife is the half-life, in months, of the weight of a month of
// history when monthly opportunity counts are resampled: volumes trend,
// and last quarter says more about next quarter than the same months a
// year ago. On the Maven CRM backtest (by rep, quarters of 2017) it moves
// the mean predicted probability of reaching the actual from 0.46 to 0.53
// (0.5 when calibrated) and the Brier score from 0.288 to 0.276.
const simHalfLife = 3.0

// SimResult is the outcome of a simulation: the share of runs that reach
// the target, and the 10th, 50th and 90th percentiles of the simulated
// outcome (revenue, count or rate, per the metric).
type SimResult struct {
	Probability, P10, P50, P90 float64
	Runs                       int
	// OpenYield is the expected part of the outcome that the deals open
	// at AsOf bring inside the period (won amount for revenue, won deals
	// for new customers), from the same model as the runs: each deal's
	// chance by age and its close date from the life table. OpenDeals is
	// the expected number of them won inside the period.
	OpenYield, OpenDeals float64
	// OpenTopShare is the share of OpenYield that the OpenTopDeals
	// largest expected contributions bring (at most 3, and a tenth of the
	// deals when more than 30 are open).
	OpenTopShare float64
	OpenTopDeals int
	// NewYield is the expected number of deals won inside the period per
	// opportunity a month created from AsOf on (deals for Revenue and
	// NewCustomers targets, 0 otherwise): the sum, over the months when new
	// opportunities can still close in time, of the chance that one created
	// in that month is won inside the period. The chance is the conversion
	// per created opportunity times the share of its cycles, as the runs
	// draw them, that end inside the period, for a creation day spread
	// over the month. It is what the capacity check divides by.
	NewYield float64
	// NewFrom and NewTo are the first and last days on which the runs
	// create new opportunities (AsOf, or the longest cycle before Start,
	// to the Deadline), and NewMonths how many months of
	// creation they span (a month partly covered counts its share of
	// days): the months NewYield sums over, zero without a NewYield.
	NewFrom, NewTo time.Time
	NewMonths      float64
}

// simMaxConcentration and simVolumeShape are the widening that Build
// gives every simulation (SimInput.MaxConcentration and VolumeShape),
// chosen on the rolling backtest of the sf-wave-sales export, not on the
// Maven export the README reports (see planner/doc.go).
var (
	simMaxConcentration = 100.0
	simVolumeShape      = 4.0
)

// simDefaultRuns is used when Simulate is given no positive run count.
const simDefaultRuns = 10000

// Bounds on the input, so that a wrong cell cannot make a simulation run
// for hours: the period and cycles in years, the opportunities a month.
const (
	simMaxYears   = 20
	simMaxMonthly = 1e6
)

// Simulate estimates the probability that a target is reached, by a seeded
// Monte Carlo simulation of runs runs (10,000 when runs ≤ 0).
//
// Each run draws the win rate p once from Beta(Won+1, Lost+1). Each month
// from max(Start, AsOf) to Deadline (from AsOf when the plan is made
// before Start: deals created before the period can close inside it)
// receives a number of new opportunities
// resampled from MonthlyOpportunities (the weight of a month halving every
// simHalfLife months into the past; a fractional count after
// OpportunityScale is rounded up or down at random); each is created on a
// uniform day of the month, is won with probability p and then closes
// after a cycle resampled from CycleDays with an amount resampled from
// WonAmounts. Each open deal is won with probability p × r(age), where
// r(age) is how much more or less likely than a closed deal of the history
// a deal still open at its age is to end won (r is 0 for a deal older than
// any the history saw close, and falls with age as a stale pipeline piles
// up; see simLife and simRecent); it closes at an age drawn from the life
// table, never before AsOf. Only deals closing inside the period count.
// The outcome per metric:
//
//   - revenue: ActualSoFar + the won amounts;
//   - new_customers: ActualSoFar + the number of won deals;
//   - opportunities: ActualSoFar + the opportunities created in the period;
//   - meetings: ActualSoFar + created opportunities / OpportunityRate;
//   - win_rate: won / (won + lost) among the deals closing in the period
//     (ActualSoFar is not used: a rate cannot be added to);
//   - deal_size: the mean won amount of the deals won in the period.
//
// A run with no closing deal has a win_rate or deal_size outcome of 0.
//
// A run draws counts, not deals (simdraw.go), so that its cost does not
// grow with the deals in scope: each month's winners inside the period are
// one binomial draw at p times the share of cycles that end in time; the
// open deals are at most simGroupMax groups (the largest expected
// contributions alone, then deals of about the same age), one binomial
// count each; many won amounts are one draw of their sum. The outcomes
// have the distribution of the deal-by-deal model this describes
// (TestCountsMatchDealByDeal).
//
// WinRateOverride scales every run's p by override / E[p], so that the
// posterior keeps its relative spread. OpportunityScale applies to new
// opportunities, DealSizeScale to drawn amounts (not to the amounts quoted
// on open deals).
//
// The same input and seed always give the same result, whatever the
// number of cores: each run draws from its own stream derived from the
// seed and the run's index, and each month of a run from its own
// sub-stream, so that more opportunities in a month add to the run
// instead of reshuffling it (common random numbers).
func Simulate(in SimInput, runs int, seed int64) (SimResult, error) {
	return simulate(in, runs, seed, runtime.GOMAXPROCS(0))
}

// simulate is Simulate on at most workers goroutines. The result does not
// depend on workers.
func simulate(in SimInput, runs int, seed int64, workers int) (SimResult, error) {
	if runs <= 0 {
		runs = simDefaultRuns
	}
	m, err := newSimModel(in)
	if err != nil {
		return SimResult{}, err
	}
	out := make([]float64, runs)
	m.fill(out, seed, workers)
	// The probability is a count, and the three percentiles are found by
	// selection instead of a full sort: the same values as
	// stat.Quantile(p, stat.Empirical, sorted, nil) on the sorted outcomes,
	// in linear time.
	res := SimResult{Probability: float64(simCountReaching(out, in.Target)) / float64(runs), Runs: runs}
	i10, i50, i90 := simQuantileIndex(0.1, runs), simQuantileIndex(0.5, runs), simQuantileIndex(0.9, runs)
	res.P50 = simSelect(out, i50) // out[:i50] ≤ out[i50] ≤ out[i50+1:]
	res.P10 = simSelect(out[:i50+1], i10)
	res.P90 = res.P50
	if i90 > i50 {
		res.P90 = simSelect(out[i50+1:], i90-i50-1)
	}
	amount, deals, top, n := m.openYield()
	res.OpenDeals, res.OpenTopDeals = deals, n
	if amount > 0 {
		res.OpenTopShare = top / amount
	}
	switch in.Metric {
	case Revenue:
		res.OpenYield = amount
		res.NewYield = m.newYield()
	case NewCustomers:
		res.OpenYield = deals
		res.NewYield = m.newYield()
	}
	if res.NewYield > 0 {
		res.NewFrom, res.NewTo, res.NewMonths = simDayTime(m.createFrom), simDayTime(m.end), m.newMonths()
	}
	return res, nil
}

// newMonths is SimResult.NewMonths: the months of creation from
// createFrom to the end, a month partly covered counting its share of
// days.
func (m *simModel) newMonths() float64 {
	n := 0.0
	for _, mo := range m.months {
		n += mo.share
	}
	return n
}

// newYield is SimResult.NewYield: for each month of creation, the mean
// over its days of the share of the won cycles that end inside the
// period, times the mean chance that a new opportunity is won. It follows
// the runs: a month's opportunities are spread evenly over its days and
// those created before createFrom or after the deadline do not count.
func (m *simModel) newYield() float64 {
	if len(m.cycles) == 0 {
		return 0
	}
	p := min(1, m.alpha/(m.alpha+m.beta)*m.pScale*m.newScale)
	total := 0.0
	for _, mo := range m.months {
		total += mo.won
	}
	return total * p
}

// openYield returns the expected won amount and won deals that the open
// pipeline brings inside the period, computed exactly from what a run
// draws: the mean win rate, each deal's ratio for its age, the share of
// its close ages (from the life table) that fall inside the period, and
// its amount (the mean won amount when it has none).
func (m *simModel) openYield() (amount, deals, top float64, nTop int) {
	if !m.needWin || len(m.open) == 0 {
		return 0, 0, 0, 0
	}
	var parts []float64
	p := min(1, m.alpha/(m.alpha+m.beta)*m.pScale)
	mean := m.sum.mean * m.dealScale
	for _, o := range m.open {
		pw := min(1, p*o.wonRatio)
		if pw <= 0 {
			continue
		}
		in := pw * m.life.closeShare(true, o.age, m.start-o.created, m.end-o.created)
		deals += in
		a := o.amount
		if a <= 0 {
			a = mean
		}
		amount += in * a
		parts = append(parts, in*a)
	}
	slices.SortFunc(parts, func(a, b float64) int { return cmp.Compare(b, a) })
	nTop = min(len(parts), max(3, len(m.open)/10))
	for _, x := range parts[:nTop] {
		top += x
	}
	return amount, deals, top, nTop
}

// simProbability is the probability alone of simulate, for the lever
// search: no outcome is stored, none is sorted.
func simProbability(in SimInput, runs int, seed int64, workers int) (float64, error) {
	m, err := newSimModel(in)
	if err != nil {
		return 0, err
	}
	return m.probability(in.Target, runs, seed, workers), nil
}

// probability is the share of runs runs of m that reach target.
func (m *simModel) probability(target float64, runs int, seed int64, workers int) float64 {
	limit := simLimit(target)
	workers = m.workers(runs, workers)
	if workers <= 1 {
		w := m.newWorker(seed)
		n := 0
		for r := range runs {
			if w.run(uint64(r)) >= limit {
				n++
			}
		}
		return float64(n) / float64(runs)
	}
	counts := make([]int, workers)
	m.parallel(runs, workers, func(part, lo, hi int) {
		w := m.newWorker(seed)
		n := 0
		for r := lo; r < hi; r++ {
			if w.run(uint64(r)) >= limit {
				n++
			}
		}
		counts[part] = n
	})
	n := 0
	for _, c := range counts {
		n += c
	}
	return float64(n) / float64(runs)
}

// simLimit is the outcome from which a run reaches target, allowing for
// the rounding of sums of amounts.
func simLimit(target float64) float64 {
	return target - 1e-9*math.Max(1, math.Abs(target))
}

// simShareReaching returns the share of the sorted outcomes that reach
// target.
func simShareReaching(sorted []float64, target float64) float64 {
	i, _ := slices.BinarySearch(sorted, simLimit(target))
	return float64(len(sorted)-i) / float64(len(sorted))
}

// simCountReaching returns how many outcomes, in any order, reach target:
// len(sorted) - i in simShareReaching.
func simCountReaching(outcomes []float64, target float64) int {
	limit := simLimit(target)
	n := 0
	for _, o := range outcomes {
		if o >= limit {
			n++
		}
	}
	return n
}

// simQuantileIndex is the index, in n sorted outcomes, of the empirical
// p-quantile of gonum's stat.Quantile: the first i with i+1 ≥ p·n.
func simQuantileIndex(p float64, n int) int {
	return min(n-1, max(0, int(math.Ceil(p*float64(n)))-1))
}

// simSelect reorders x so that x[k] is the element a sort would put there,
// with no greater element before it and no smaller one after, and returns
// it (Hoare's selection, median-of-three pivots).
func simSelect(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for hi-lo > 16 {
		mid := lo + (hi-lo)/2
		// Median of three to x[mid].
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[hi] < x[mid] {
			x[hi], x[mid] = x[mid], x[hi]
		}
		pivot := x[mid]
		i, j := lo, hi
		for i <= j {
			for x[i] < pivot {
				i++
			}
			for pivot < x[j] {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		// Now x[lo..j] ≤ pivot ≤ x[i..hi], and x[j+1..i-1] = pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return x[k]
		}
	}
	// Insertion sort of the small remaining range.
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
	return x[k]
}

// simulateOutcomes runs the simulation and returns the outcome of every run,
// sorted in increasing order.
func simulateOutcomes(in SimInput, runs int, seed int64) ([]float64, error) {
	m, err := newSimModel(in)
	if err != nil {
		return nil, err
	}
	out := make([]float64, runs)
	m.fill(out, seed, runtime.GOMAXPROCS(0))
	slices.Sort(out)
	return out, nil
}

// workers returns how many goroutines share runs runs, at most max: one
// per 500 runs at least, so that a small simulation is not split.
func (m *simModel) workers(runs, max int) int {
	return min(max, runs/500)
}

// parallel calls f(part, lo, hi) on workers goroutines, splitting the runs
// [0, runs) into consecutive chunks, and waits for them.
func (m *simModel) parallel(runs, workers int, f func(part, lo, hi int)) {
	var wg sync.WaitGroup
	chunk := (runs + workers - 1) / workers
	for part, lo := 0, 0; lo < runs; part, lo = part+1, lo+chunk {
		wg.Add(1)
		go func(part, lo, hi int) {
			defer wg.Done()
			f(part, lo, hi)
		}(part, lo, min(lo+chunk, runs))
	}
	wg.Wait()
}

// fill sets out[r] to the outcome of run r, on at most workers goroutines.
func (m *simModel) fill(out []float64, seed int64, workers int) {
	workers = m.workers(len(out), workers)
	if workers <= 1 {
		w := m.newWorker(seed)
		for r := range out {
			out[r] = w.run(uint64(r))
		}
		return
	}
	m.parallel(len(out), workers, func(_, lo, hi int) {
		w := m.newWorker(seed)
		for r := lo; r < hi; r++ {
			out[r] = w.run(uint64(r))
		}
	})
}

// simModel is a SimInput prepared for fast runs: days as integers, history
// sorted (so that row order cannot matter), scales applied.
type simModel struct {
	metric              Metric
	actual              float64
	start, end, asOf    int // days: the span that counts [start, end], and AsOf
	createFrom          int // first day on which new opportunities are created
	months              []simMonth
	counts              []float64    // monthly counts, scaled, oldest first
	countPick           simPickTable // picks a month of counts from a uniform
	alpha, beta, pScale float64
	cycles, lostCycles  []int // sorted
	amounts             []float64
	sum                 simSum // draws sums of amounts
	open                []simOpen
	// gopen are the open deals that can count inside the period, in the
	// order of their groups (simdraw.go).
	gopen             []simOpen
	groups            []simGroup
	needWin, needLost bool // whether won / lost deals must be timed
	needAmount        bool
	perOpportunity    float64 // meetings per created opportunity
	volumeShape       float64 // SimInput.VolumeShape
	life              simLife
	// rr is the run-rate part of the runs (SimInput.RunRate).
	rr simRunRate
	// oppScale and dealScale are the levers on the flow and the deal size.
	oppScale, dealScale float64
	// newScale multiplies the win rate of a new opportunity: its chance
	// at age 0 in the recent life table over the closed deals' rate.
	newScale float64
}

type simMonth struct {
	first, days int
	// share is the share of its days inside [createFrom, end]; won and
	// lost the chance that an opportunity created on one of its days at
	// random, once won or lost, closes inside the period (zero for a day
	// outside).
	share, won, lost float64
}

type simOpen struct {
	amount       float64 // ≤ 0: drawn from the won amounts
	created, age int
	// The deal's chances of being won and lost, relative to those of a
	// new opportunity (see simLife).
	wonRatio, lostRatio float64
	// inWon and inLost are the chances that it closes inside the period
	// once won, once lost (simLife.closeShare).
	inWon, inLost float64
}

// simDay returns the day number of t's calendar date.
func simDay(t time.Time) int {
	y, mo, d := t.Date()
	return int(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func simDayTime(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

func newSimModel(in SimInput) (*simModel, error) {
	switch {
	case in.Start.IsZero() || in.Deadline.IsZero():
		return nil, simErrorf(nil, "the period needs a start and a deadline", "la période doit avoir un début et une échéance")
	case in.Deadline.Before(in.Start):
		return nil, simErrorf(nil, "deadline %s before start %s", "échéance %s avant le début %s", in.Deadline.Format(time.DateOnly), in.Start.Format(time.DateOnly))
	case in.Won < 0 || in.Lost < 0:
		return nil, simErrorf(nil, "negative won (%d) or lost (%d) count", "nombre négatif d’affaires gagnées (%d) ou perdues (%d)", in.Won, in.Lost)
	case in.Deadline.After(in.Start.AddDate(simMaxYears, 0, 0)):
		return nil, simErrorf(nil, "period from %s to %s longer than %d years", "période du %s au %s de plus de %d ans", in.Start.Format(time.DateOnly), in.Deadline.Format(time.DateOnly), simMaxYears)
	}
	for _, s := range []float64{in.OpportunityScale, in.WinRateOverride, in.DealSizeScale, in.Target, in.ActualSoFar} {
		if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
			return nil, simErrorf(nil, "invalid target, actual or lever value %v", "valeur d’objectif, de réalisé ou de levier invalide %v", s)
		}
	}
	m := &simModel{
		metric: in.Metric,
		actual: in.ActualSoFar,
		start:  simDay(in.Start),
		end:    simDay(in.Deadline),
		asOf:   simDay(in.Start),
		alpha:  float64(in.Won) + 1,
		beta:   float64(in.Lost) + 1,
		pScale: 1,
	}
	if !in.AsOf.IsZero() {
		m.asOf = simDay(in.AsOf)
	}
	m.start = max(m.start, m.asOf)
	// Win rates drift from one period to the next more than the binomial
	// error of a long history says: the posterior is no more concentrated
	// than MaxConcentration deals' worth.
	if n, k := m.alpha+m.beta, in.MaxConcentration; k > 0 && n > k {
		m.alpha, m.beta = m.alpha*k/n, m.beta*k/n
	}
	m.volumeShape = in.VolumeShape
	switch in.Metric {
	case Revenue, DealSize:
		m.needWin, m.needAmount = true, true
	case NewCustomers:
		m.needWin = true
	case WinRate:
		m.needWin, m.needLost = true, true
		m.actual = 0
	case Opportunities:
	case Meetings:
		if in.OpportunityRate <= 0 {
			return nil, simErrorf(ErrNoSimulationData, "a meetings target needs an opportunity rate", "un objectif de rendez-vous demande un taux d’opportunité")
		}
		m.perOpportunity = 1 / in.OpportunityRate
	default:
		return nil, simErrorf(nil, "unknown metric %q", "métrique inconnue %q", in.Metric)
	}
	if in.Metric == DealSize {
		m.actual = 0
	}

	if err := m.setCounts(in); err != nil {
		return nil, err
	}
	m.countPick = newSimPickTable(simRecencyWeights(len(m.counts), simHalfLife))

	prep := in.prep
	if prep == nil || prep.asOf != m.asOf {
		prep = newSimPrep(in, m.asOf)
	}
	if prep.err != nil {
		return nil, prep.err
	}
	m.cycles, m.lostCycles = prep.cycles, prep.lostCycles
	if len(m.lostCycles) == 0 {
		m.lostCycles = m.cycles
	}
	m.amounts, m.sum = prep.amounts, prep.sum
	m.setDealScale(in)
	if err := m.rr.set(in, m.start, m.end); err != nil {
		return nil, err
	}
	// Open deals matter only to the metrics that count closing deals.
	if m.needWin {
		if prep.openErr != nil {
			return nil, prep.openErr
		}
		m.open = slices.Clone(prep.open) // (each model sets its ratios)
	}

	hasFlow := len(m.counts) > 0
	switch {
	case !hasFlow && len(m.open) == 0:
		return nil, simErrorf(ErrNoSimulationData, "no monthly opportunity history and no open deal", "aucune opportunité créée par mois dans l’historique et aucune affaire ouverte")
	case m.needWin && len(m.cycles) == 0:
		return nil, simErrorf(ErrNoSimulationData, "no won deal to take cycle lengths from", "aucune affaire gagnée dont tirer les durées de cycle")
	case m.needAmount && len(m.amounts) == 0:
		return nil, simErrorf(ErrNoSimulationData, "no won deal to take amounts from", "aucune affaire gagnée dont tirer les montants")
	}

	// The recent life table (SimInput.Closed): how deals of each age fared
	// over the last simRecentDays days the history observed.
	var recent *lifeTable
	if m.needWin {
		recent = in.life
		if recent == nil {
			recent = simRecentLife(in)
		}
	}
	share := m.alpha / (m.alpha + m.beta)
	if len(m.open) > 0 && m.needWin {
		lostWeight := 1.0
		lostCycles := m.lostCycles
		if len(in.LostCycleDays) == 0 {
			// Lost deals are assumed to take as long as won ones.
			lostWeight = float64(in.Lost) / float64(len(m.cycles))
		}
		m.life = newSimLife(m.cycles, lostCycles, lostWeight, m.open)
		for i := range m.open {
			o := &m.open[i]
			if recent == nil {
				o.wonRatio, o.lostRatio = m.life.ratios(o.age)
				continue
			}
			o.wonRatio = recent.won[min(o.age, len(recent.won)-1)] / share
			o.lostRatio = recent.lost[min(o.age, len(recent.lost)-1)] / (1 - share)
		}
	}
	// A new opportunity is an open deal of age 0: its chance of being won
	// is the life table's at age 0, below the closed deals' win rate when
	// some deals never close (conversion per created opportunity, not won
	// over won and lost), and its cycle is drawn from the same table, not
	// from the cycles of the deals that happened to close in the window
	// (those are the short ones in a window that ends, and the long ones
	// in an export that starts with old deals). A win_rate target keeps
	// the closed deals' rate: deals that never close do not count there.
	m.newScale = 1
	newLife := recent
	if newLife != nil && m.needWin && !m.needLost && share > 0 {
		if cycles := newLife.wonCycles(simLifeCycles); len(cycles) > 0 {
			m.cycles = cycles
			m.newScale = newLife.conversion() / share
		}
	}

	// New opportunities are created from AsOf on: when the plan is made
	// before the period starts, those created in between, up to the
	// longest cycle before the start, can still close inside it.
	m.createFrom = m.start
	if m.needWin && len(m.cycles) > 0 {
		m.createFrom = max(m.asOf, m.start-m.cycles[len(m.cycles)-1])
	}
	if m.start <= m.end {
		for mo := MonthOf(simDayTime(m.createFrom)); !simDayTime(m.end).Before(mo.Start()); mo = mo.Add(1) {
			first := simDay(mo.Start())
			days := simDay(mo.Add(1).Start()) - first
			m.months = append(m.months, simMonth{first: first, days: days})
		}
	}
	m.setMonthChances()
	m.groupOpen()
	return m, nil
}

// setCounts sets the monthly counts, scaled by in.OpportunityScale, and
// the win-rate scale of in.WinRateOverride.
func (m *simModel) setCounts(in SimInput) error {
	oppScale := in.OpportunityScale
	if oppScale == 0 {
		oppScale = 1
	}
	m.counts = make([]float64, 0, len(in.MonthlyOpportunities))
	for _, c := range in.MonthlyOpportunities {
		if !(c >= 0 && c*max(1, oppScale) <= simMaxMonthly) {
			return simErrorf(nil, "invalid monthly opportunity count %v (scaled by %v)", "nombre mensuel d’opportunités invalide %v (multiplié par %v)", c, oppScale)
		}
		m.counts = append(m.counts, c*oppScale)
	}
	m.oppScale = oppScale
	m.pScale = 1
	if in.WinRateOverride > 0 {
		m.pScale = in.WinRateOverride / (m.alpha / (m.alpha + m.beta))
	}
	return nil
}

// simPrep is what a simulation model takes from its input's lists
// whatever the target's period and levers: the cycles as whole days, the
// won amounts, sorted, with their sums' moments, and the deals open at
// AsOf (asOf, a day number), sorted by creation. Build prepares it once
// per scope (simBase) for all the targets and lever probes of the scope;
// newSimModel makes it from the input otherwise. err is the input's first
// fault; openErr an open deal's, which only the metrics that count
// closing deals see.
type simPrep struct {
	asOf               int
	cycles, lostCycles []int
	amounts            []float64
	sum                simSum
	open               []simOpen
	err, openErr       error
}

func newSimPrep(in SimInput, asOf int) *simPrep {
	p := &simPrep{asOf: asOf}
	if p.cycles, p.err = simCycles(in.CycleDays); p.err != nil {
		return p
	}
	if p.lostCycles, p.err = simCycles(in.LostCycleDays); p.err != nil {
		return p
	}
	p.amounts = make([]float64, 0, len(in.WonAmounts))
	for _, a := range in.WonAmounts {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			p.err = simErrorf(nil, "invalid won amount %v", "montant gagné invalide %v", a)
			return p
		}
		p.amounts = append(p.amounts, a)
	}
	if !slices.IsSorted(p.amounts) { // (Build gives them sorted)
		slices.Sort(p.amounts)
	}
	p.sum = newSimSum(p.amounts)
	for _, o := range in.Open {
		if math.IsNaN(o.Amount) || math.IsInf(o.Amount, 0) {
			p.openErr = simErrorf(nil, "invalid open deal amount %v", "montant d’affaire ouverte invalide %v", o.Amount)
			break
		}
		created := simDay(o.Created)
		if o.Created.IsZero() || created >= asOf {
			continue // not known to be open at AsOf
		}
		p.open = append(p.open, simOpen{amount: o.Amount, created: created, age: asOf - created})
	}
	byCreated := func(a, b simOpen) int { return cmp.Or(a.created-b.created, cmp.Compare(a.amount, b.amount)) }
	if !slices.IsSortedFunc(p.open, byCreated) { // (Build gives them sorted)
		slices.SortFunc(p.open, byCreated)
	}
	return p
}

// setDealScale sets the scale of the won amounts, in.DealSizeScale.
func (m *simModel) setDealScale(in SimInput) {
	m.dealScale = in.DealSizeScale
	if m.dealScale == 0 {
		m.dealScale = 1
	}
}

// withLevers returns the model of s, which must be the input m was made
// from but for its levers (OpportunityScale, WinRateOverride and
// DealSizeScale): the same as newSimModel(s), without building again what
// the levers do not move (life table, open deals, months).
func (m *simModel) withLevers(s SimInput) (*simModel, error) {
	for _, v := range []float64{s.OpportunityScale, s.WinRateOverride, s.DealSizeScale} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, simErrorf(nil, "invalid target, actual or lever value %v", "valeur d’objectif, de réalisé ou de levier invalide %v", v)
		}
	}
	c := *m
	if err := c.setCounts(s); err != nil {
		return nil, err
	}
	c.setDealScale(s)
	return &c, nil
}

// simCycles converts cycle lengths to sorted whole days.
func simCycles(days []float64) ([]int, error) {
	out := make([]int, 0, len(days))
	for _, d := range days {
		if !(d >= 0 && d <= simMaxYears*366) {
			return nil, simErrorf(nil, "invalid cycle length %v days", "durée de cycle invalide : %v jours", d)
		}
		out = append(out, int(math.Round(d)))
	}
	if !slices.IsSorted(out) { // (Build gives them sorted)
		slices.Sort(out)
	}
	return out, nil
}

// simWorker holds the random state of one goroutine.
type simWorker struct {
	m      *simModel
	seed   uint64
	rng    simRNG // the run's own draws: win rate, open deals
	beta   distuv.Beta
	volume distuv.Gamma  // the run's shock on the opportunity flow
	month  []simRunMonth // scratch: the state of each month of a run
	// rr draws the runs of the run rate (simModel.rr), from rrSrc.
	rrSrc rand.PCG
	rr    *rand.Rand
}

type simRunMonth struct {
	g1 rand.PCG
	ms uint64
	n  int
}

func (m *simModel) newWorker(seed int64) *simWorker {
	w := &simWorker{m: m, seed: simMix(uint64(seed) ^ 0x5eed5eed5eed5eed)}
	w.beta = distuv.Beta{Alpha: m.alpha, Beta: m.beta, Src: &w.rng.pcg}
	if m.volumeShape > 0 {
		w.volume = distuv.Gamma{Alpha: m.volumeShape, Beta: m.volumeShape, Src: &w.rng.pcg}
	}
	w.month = make([]simRunMonth, len(m.months))
	w.rr = rand.New(&w.rrSrc)
	return w
}

// simRNG draws from a PCG without going through an interface.
type simRNG struct{ pcg rand.PCG }

func (r *simRNG) seed(base, stream uint64) { r.pcg.Seed(base, simMix(base^stream)) }

// simPick maps a 32-bit uniform u to an integer in [0, n) (Lemire's
// multiply; the bias, below n/2³², is negligible for the sizes used here).
func simPick(u uint64, n int) int { return int(u * uint64(n) >> 32) }

// simPick21 maps the low 21 bits of u to an integer in [0, n); the bias,
// below n/2²¹, is at most 0.5 % between indices for 10,000 values.
func simPick21(u uint64, n int) int { return int((u & (1<<21 - 1)) * uint64(n) >> 21) }

// simMix is the splitmix64 finaliser.
func simMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// run simulates run number r and returns its outcome. Its draws come in
// a fixed pattern of streams (the run's win rate and shock, the open
// pipeline, each month, the won amounts), so that a month with more
// opportunities or a higher win rate only adds deals to the run (common
// random numbers: the levers' searches compare runs across scales).
func (w *simWorker) run(r uint64) float64 {
	m := w.m
	base := simMix(w.seed + r*0x9e3779b97f4a7c15)
	if m.rr.share > 0 {
		// A run drawn from the run rate: its own stream, so that the
		// other runs are those of the pipeline alone.
		w.rrSrc.Seed(base, simMix(base^0x7e7e7e7e))
		if w.rr.Float64() < m.rr.share {
			return m.actual + m.rr.draw(w.rr)*m.rrScale()
		}
	}
	w.rng.seed(base, 0)
	p := 0.0
	if m.needWin {
		p = min(1, w.beta.Rand()*m.pScale)
	}
	shock := 1.0
	if m.volumeShape > 0 {
		shock = w.volume.Rand()
	}

	w.rng.seed(base, 1)
	won, lost, drawn, amount := m.drawOpen(p, &w.rng.pcg)
	created := 0
	pNew := min(1, p*m.newScale)
	for i := range m.months {
		if len(m.counts) == 0 {
			break
		}
		mo := &m.months[i]
		g := rand.NewPCG(base, simMix(base^uint64(2+i)))
		x := g.Uint64()
		c := m.counts[m.countPick.pick(x>>32)] * shock
		n := int(c)
		if float64(x&0xffffffff)*0x1p-32 < c-float64(n) {
			n++ // the fractional part, at random
		}
		if !m.needWin {
			if mo.share < 1 {
				created += simBinomial(n, mo.share, simU(g.Uint64()))
			} else {
				created += n
			}
			continue
		}
		a := pNew * mo.won
		k := simBinomial(n, a, simU(g.Uint64()))
		won += k
		drawn += k
		if m.needLost && k < n {
			lost += simBinomial(n-k, (1-pNew)*mo.lost/(1-a), simU(g.Uint64()))
		}
	}
	if m.needAmount && drawn > 0 {
		g := rand.NewPCG(base, simMix(base^0xa5a5a5a5))
		amount += m.sum.draw(drawn, g) * m.dealScale
	}
	return m.outcome(won, lost, created, amount)
}

// rrScale is what the levers do to the run rate: the outcome is the flow
// times the win rate (times the deal size, for revenue).
func (m *simModel) rrScale() float64 {
	s := m.oppScale * m.pScale
	if m.metric == Revenue {
		s *= m.dealScale
	}
	return s
}

// outcome is the outcome of a run per the metric.
func (m *simModel) outcome(won, lost, created int, amount float64) float64 {
	switch m.metric {
	case Revenue:
		return m.actual + amount
	case NewCustomers:
		return m.actual + float64(won)
	case Opportunities:
		return m.actual + float64(created)
	case Meetings:
		return m.actual + float64(created)*m.perOpportunity
	case WinRate:
		if won+lost == 0 {
			return 0
		}
		return float64(won) / float64(won+lost)
	case DealSize:
		if won == 0 {
			return 0
		}
		return amount / float64(won)
	}
	return 0
}

// simLife is the life table of the deals of the history by age in days,
// with two competing outcomes, won and lost. Open deals are censored at
// their age: they are known to have stayed open that long, and no more.
// Its Aalen–Johansen estimates give, for a deal still open at age a, the
// chance that it will yet be won or lost, and the age at which it will
// close.
//
// This is what makes stale pipeline count for less: deals that stay open
// far longer than deals usually take to close (abandoned, never updated)
// keep the at-risk population large while few deals close, so the chance
// of a late win falls with age, and is zero beyond the longest cycle of
// the history. It replaced a first rule (a win probability falling past
// the 80th percentile of the won cycles) that ignored how many deals the
// pipeline actually leaves open.
type simLife struct {
	// won[t] and lost[t] are the cumulative incidences of a win and a
	// loss before age t; surv[t] is the share still open at age t. All
	// have len T+1, T being one more than the oldest age seen.
	won, lost, surv []float64
	share           float64 // won / (won + lost) among the closed deals
	// invWon and invLost invert won[1:] and lost[1:], for draw.
	invWon, invLost simInverse
}

func newSimLife(won, lost []int, lostWeight float64, open []simOpen) simLife {
	// Ages past the last closing all behave alike: T is one past it.
	T := 1
	for _, c := range [][]int{won, lost} {
		if len(c) > 0 {
			T = max(T, c[len(c)-1]+2)
		}
	}
	dw := make([]float64, T+1)
	dl := make([]float64, T+1)
	at := make([]float64, T+1) // deals leaving the risk set after age t
	for _, c := range won {
		dw[c]++
		at[c]++
	}
	for _, c := range lost {
		dl[c] += lostWeight
		at[c] += lostWeight
	}
	for _, o := range open {
		at[min(o.age, T)-1]++ // open at age-1, may close from age on
	}
	l := simLife{won: make([]float64, T+1), lost: make([]float64, T+1), surv: make([]float64, T+1)}
	risk := 0.0
	for _, a := range at {
		risk += a
	}
	l.surv[0] = 1
	for t := range T {
		iw, il := 0.0, 0.0
		if risk > 0 {
			iw = l.surv[t] * dw[t] / risk
			il = l.surv[t] * dl[t] / risk
		}
		l.won[t+1] = l.won[t] + iw
		l.lost[t+1] = l.lost[t] + il
		l.surv[t+1] = max(0, l.surv[t]-iw-il)
		risk -= at[t]
	}
	if total := float64(len(won)) + lostWeight*float64(len(lost)); total > 0 {
		l.share = float64(len(won)) / total
	}
	l.invWon, l.invLost = newSimInverse(l.won[1:]), newSimInverse(l.lost[1:])
	return l
}

// ratios returns the chances that a deal open at age a is won and lost,
// relative to those of a closed deal of the history (share and 1-share).
func (l *simLife) ratios(a int) (won, lost float64) {
	T := len(l.surv) - 1
	if a >= T || l.surv[a] <= 0 {
		return 0, 0
	}
	w := (l.won[T] - l.won[a]) / l.surv[a]
	s := (l.lost[T] - l.lost[a]) / l.surv[a]
	if l.share > 0 {
		won = w / l.share
	}
	if l.share < 1 {
		lost = s / (1 - l.share)
	}
	return won, lost
}

// closeShare is the chance that a deal open at age a, closing won (or
// lost), closes at an age in [lo, hi]: the share of draw's outcomes there.
func (l *simLife) closeShare(won bool, a, lo, hi int) float64 {
	cum := l.lost
	if won {
		cum = l.won
	}
	T := len(cum) - 1
	if a >= T { // draw returns a: the deal closes at its age
		if a >= lo && a <= hi {
			return 1
		}
		return 0
	}
	lo, hi = max(lo, a), min(hi, T-1)
	total := cum[T] - cum[a]
	if lo > hi || total <= 0 {
		return 0
	}
	return max(0, min(1, (cum[hi+1]-cum[lo])/total))
}

// draw returns the age at which a deal open at age a closes, given how it
// closes (won or lost), from the 32-bit uniform u.
func (l *simLife) draw(won bool, a int, u uint64) int {
	cum, inv := l.lost, &l.invLost
	if won {
		cum, inv = l.won, &l.invWon
	}
	T := len(cum) - 1
	if a >= T {
		return a
	}
	v := cum[a] + float64(u)*0x1p-32*(cum[T]-cum[a])
	return inv.first(v, a) // the first t ≥ a with cum[t+1] > v
}

// simRecentLife is the recent life table of a simulation's input: how
// the deals of each age fared over the last simRecentDays days before
// AsOf (recentLife), from its Closed deals and the deals Open at AsOf.
// It is nil without closed deals or with too few closings in that time.
func simRecentLife(in SimInput) *lifeTable {
	if len(in.Closed) == 0 {
		return nil
	}
	asOf := simDay(in.Start)
	if !in.AsOf.IsZero() {
		asOf = simDay(in.AsOf)
	}
	spans := make([]lifeSpan, 0, len(in.Closed)+len(in.Open))
	for _, d := range in.Closed {
		if !d.Created.IsZero() && !d.Closed.IsZero() {
			spans = append(spans, lifeSpan{created: simDay(d.Created), end: simDay(d.Closed), closed: true, won: d.Won})
		}
	}
	for _, o := range in.Open {
		if c := simDay(o.Created); !o.Created.IsZero() && c < asOf {
			spans = append(spans, lifeSpan{created: c, end: asOf - 1})
		}
	}
	observed := math.MinInt
	if !in.ObservedFrom.IsZero() {
		observed = simDay(in.ObservedFrom)
	}
	return recentLife(spans, asOf, observed)
}

// simRecencyWeights returns the cumulative resampling weights of n months,
// oldest first, the weight halving every halfLife months into the past.
func simRecencyWeights(n int, halfLife float64) []float64 {
	cum := make([]float64, n)
	total := 0.0
	for i := range n {
		w := 1.0
		if halfLife > 0 {
			w = math.Exp2(-float64(n-1-i) / halfLife)
		}
		total += w
		cum[i] = total
	}
	for i := range cum {
		cum[i] /= total
	}
	if n > 0 {
		cum[n-1] = 1
	}
	return cum
}

// simInverse inverts a nondecreasing cumulative array: first(v, from) is
// the first index i ≥ from with cum[i] > v (the last index when there is
// none), found through a guide table in a step or two instead of a binary
// search, whose unpredictable branches dominated the cost of a run.
type simInverse struct {
	cum   []float64
	guide []int32 // guide[b]: the first i with cum[i] > b / scale
	scale float64 // len(guide) / cum[last]
}

func newSimInverse(cum []float64) simInverse {
	inv := simInverse{cum: cum}
	n := len(cum)
	if n == 0 {
		return inv
	}
	inv.guide = make([]int32, min(max(16, 4*n), 1<<14))
	if total := cum[n-1]; total > 0 {
		inv.scale = float64(len(inv.guide)) / total
		i := 0
		for b := range inv.guide {
			edge := float64(b) / inv.scale
			for i < n-1 && cum[i] <= edge {
				i++
			}
			inv.guide[b] = int32(i)
		}
	}
	return inv
}

func (inv *simInverse) first(v float64, from int) int {
	b := min(max(0, int(v*inv.scale)), len(inv.guide)-1)
	i := max(from, int(inv.guide[b]))
	for last := len(inv.cum) - 1; i < last && inv.cum[i] <= v; i++ {
	}
	return i
}

// simPickTable inverts a nondecreasing cumulative array for 32-bit
// uniforms: pick(u) is the first index i with cum[i] > u·2⁻³², the last
// index when there is none (simInverse.first(u·2⁻³², 0), in integers).
// cum[i] ≤ u·2⁻³² exactly when u ≥ ceil(cum[i]·2³²), so that the
// thresholds are integers and a guide table on the top 8 bits of u leaves
// a comparison or two, rarely taken, for the buckets holding a threshold.
type simPickTable struct {
	thr   []uint64 // ceil(cum[i]·2³²), for i < last
	guide [256]uint8
	wide  []int32 // the guide, when there are more than 255 indices
}

func newSimPickTable(cum []float64) simPickTable {
	var t simPickTable
	n := len(cum)
	if n == 0 {
		return t
	}
	t.thr = make([]uint64, n-1)
	for i := range t.thr {
		t.thr[i] = uint64(min(math.Ceil(max(cum[i], 0)*0x1p32), 0x1p33))
	}
	if n > 256 {
		t.wide = make([]int32, 256)
	}
	i := 0
	for b := range uint64(256) {
		for i < n-1 && t.thr[i] <= b<<24 { // the first i with thr[i] > b·2²⁴
			i++
		}
		if t.wide != nil {
			t.wide[b] = int32(i)
		} else {
			t.guide[b] = uint8(i)
		}
	}
	return t
}

// pick returns the first index i with u < thr[i], or the last index; u is
// a 32-bit uniform.
func (t *simPickTable) pick(u uint64) int {
	var i int
	if t.wide != nil {
		i = int(t.wide[u>>24])
	} else {
		i = int(t.guide[u>>24&255])
	}
	for i < len(t.thr) && t.thr[i] <= u {
		i++
	}
	return i
}

// simRunRate is the run-rate forecaster that a share of the runs follows
// (SimInput.RunRate): the outcome of the h months still to come is normal
// around h times the monthly mean, with the predictive variance of a sum of
// h months drawn like the n observed ones, h·s²·(1 + h/n), the mean itself
// being uncertain. The monthly variance s² pools the observed months'
// variance with the deals' own noise (simRunRatePrior months' worth), so
// that a history of one or two months is not read as certain. Outcomes are
// cut at zero.
//
// It is the part of the model that needs no mechanism: the pipeline's
// simulation is right about what the deals on hand can still bring, and
// wrong whenever the flow, the conversion or the cycle moves in a way the
// window did not show; the run rate is blind to the pipeline and robust to
// all of that. Mixing the two (a linear pool) scored better than either on
// the tuning set's rolling backtest (see planner/doc.go).
type simRunRate struct {
	share, mu, sigma float64
}

// simRunRatePrior is the weight, in months, of the deals' own noise in the
// monthly variance of the run rate; simRunRateShare is the share of the
// runs Build draws from the run rate. Both were chosen on the rolling
// backtest of the sf-wave-sales export (the tuning set).
var (
	simRunRatePrior = 6.0
	simRunRateShare = 0.25
)

func (r *simRunRate) set(in SimInput, start, end int) error {
	*r = simRunRate{}
	if in.RunRateShare <= 0 || len(in.RunRate) == 0 || (in.Metric != Revenue && in.Metric != NewCustomers) || start > end {
		return nil
	}
	if in.RunRateShare > 1 || math.IsNaN(in.RunRateShare) || math.IsNaN(in.RunRateNoise) || in.RunRateNoise < 0 || math.IsInf(in.RunRateNoise, 0) {
		return simErrorf(nil, "invalid run-rate share %v or noise %v", "part de rythme de signature %v ou bruit %v invalide", in.RunRateShare, in.RunRateNoise)
	}
	for _, x := range in.RunRate {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return simErrorf(nil, "invalid run-rate month %v", "mois de rythme de signature invalide %v", x)
		}
	}
	n := float64(len(in.RunRate))
	mean, ss := stat.Mean(in.RunRate, nil), 0.0
	if n > 1 {
		ss = stat.Variance(in.RunRate, nil) * (n - 1)
	}
	s2 := (ss + simRunRatePrior*in.RunRateNoise) / (n - 1 + simRunRatePrior)
	h := float64(end-start+1) / (365.25 / 12)
	r.share, r.mu, r.sigma = in.RunRateShare, h*mean, math.Sqrt(h*s2*(1+h/n))
	return nil
}

// draw returns one outcome of the run rate, from g.
func (r *simRunRate) draw(g *rand.Rand) float64 {
	return max(0, r.mu+r.sigma*g.NormFloat64())
}
