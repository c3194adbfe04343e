package planner

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// The rolling-origin backtest (basis "trailing", the default): for every
// period with enough history before it, the planner stands on the day
// before the period and plans revenue targets set the way a manager sets
// them, as multiples of what each group won on average per period over the
// window known that day. The plan is made by Build itself, on the whole
// history: Build sees it as of that day (point in time), so the backtest
// tests exactly what `plan` gives a user. Beside the planner, three naive
// forecasters are scored on the same cases.

// rollingMultipliers are the default target multiples of the trailing
// average.
var rollingMultipliers = []float64{0.5, 0.75, 1, 1.25, 1.5}

// Names of the naive forecasters.
const (
	NaiveConstant    = "constant"
	NaivePerMultiple = "per_multiple_base_rate"
	NaiveNormal      = "naive_normal"
)

// logLossEps bounds probabilities away from 0 and 1 in the log loss, for
// every forecaster alike: a probability of exactly 0 that comes true would
// cost an infinite score.
const logLossEps = 0.001

// errNoCases is the error of a backtest that has no case to score.
var errNoCases = errors.New("backtest: no case to score: no group has enough history before any period")

// rollingMinMonths is the history a group needs before a period: fewer
// months of its own than this and the period is not planned for it.
const rollingMinMonths = 1

// A BacktestForecaster is the score of one forecaster on the backtest's
// cases.
type BacktestForecaster struct {
	Name    string  `json:"name"`
	Brier   float64 `json:"brier"`
	LogLoss float64 `json:"log_loss"`
}

// rollingCase is a case of the rolling backtest with the naive normal
// forecaster's probability beside the planner's.
type rollingCase struct {
	backtestCase
	normal float64
}

// rollingPeriods returns the period starts of a rolling backtest: every
// calendar period starting in [from, to) (defaults: the first period with
// rollingMinMonths of history before it, and the last period the history
// covers whole).
func rollingPeriods(deals []Deal, opt BacktestOptions, step int) []time.Time {
	var first, last Date
	for i := range deals {
		d := &deals[i]
		if !d.Created.IsZero() && (first.IsZero() || d.Created < first) {
			first = d.Created
		}
		last = max(last, d.Created, d.Closed)
	}
	if first.IsZero() {
		return nil
	}
	from, to := opt.From, opt.To
	if from.IsZero() {
		from = first.Month().Add(rollingMinMonths).Start()
	}
	if to.IsZero() {
		to = last.Time().AddDate(0, 0, 1)
	}
	m := MonthOf(from)
	if step == 3 {
		m = Month{m.Year, time.Month((int(m.Month)-1)/3*3 + 1)}
	}
	var starts []time.Time
	for ; m.Start().Before(to); m = m.Add(step) {
		end := m.Add(step).Start()
		if !m.Start().Before(from) && !end.After(to) {
			starts = append(starts, m.Start())
		}
	}
	return starts
}

// backtestRollingLevel checks the options and runs the rolling backtest.
func backtestRollingLevel(deals []Deal, opt BacktestOptions, mults []float64) ([]rollingCase, int, error) {
	step, runs, window, err := backtestParams(opt, mults, false)
	if err != nil {
		return nil, 0, err
	}
	return backtestRolling(deals, opt, step, mults, runs, window)
}

// backtestRolling runs the rolling-origin backtest of one level.
func backtestRolling(deals []Deal, opt BacktestOptions, step int, mults []float64, runs, window int) ([]rollingCase, int, error) {
	bd := newBacktestDeals(deals, opt.By)
	var cases []rollingCase
	skipped := 0
	for _, start := range rollingPeriods(bd.view, opt, step) {
		end := start.AddDate(0, step, 0)
		asOf := start.AddDate(0, 0, -1)
		groups := rollingGroups(bd.view, asOf, end, window, step)
		var targets []Target
		type ref struct {
			g    *rollingGroup
			mult float64
		}
		var refs []ref
		for _, g := range groups {
			if g.average <= 0 {
				continue
			}
			for _, m := range mults {
				targets = append(targets, Target{ID: fmt.Sprintf("%s×%g", g.name, m), Team: g.name, Metric: Revenue,
					Value: m * g.average, HasValue: true, Start: start, Deadline: end.AddDate(0, 0, -1)})
				refs = append(refs, ref{g, m})
			}
		}
		if len(targets) == 0 {
			continue
		}
		plan, err := bd.plan(targets, start, opt.Seed, runs, window)
		if err != nil {
			return nil, 0, err
		}
		for i, r := range plan.Targets {
			rf := refs[i]
			if !r.HasProbability {
				skipped++
				continue
			}
			c := rollingCase{backtestCase: backtestCase{Group: rf.g.name, Period: start, Multiplier: rf.mult,
				Target: r.Target.Value, Actual: rf.g.actual, P: r.Probability, P10: r.P10, P50: r.P50, P90: r.P90,
				Hit: rf.g.actual >= r.Target.Value}}
			c.normal = rf.g.normalReaching(r.Target.Value, step)
			cases = append(cases, c)
		}
	}
	return cases, skipped, nil
}

// rollingGroup is a group as known the day before a period, with what it
// won in the period.
type rollingGroup struct {
	name string
	// average is the won revenue per period over the months of the
	// window the group had deals in; monthly is that revenue month by
	// month, for the naive normal forecaster.
	average float64
	monthly []float64
	actual  float64 // won in the period
}

// normalReaching is the naive normal forecaster: the chance that a normal
// variable with the monthly mean × step and the monthly standard deviation
// × √step reaches the target.
func (g *rollingGroup) normalReaching(target float64, step int) float64 {
	n := len(g.monthly)
	if n == 0 {
		return 0.5
	}
	mean := 0.0
	for _, x := range g.monthly {
		mean += x
	}
	mean /= float64(n)
	sd := 0.0
	if n > 1 {
		for _, x := range g.monthly {
			sd += (x - mean) * (x - mean)
		}
		sd = math.Sqrt(sd / float64(n-1))
	}
	mu, sigma := mean*float64(step), sd*math.Sqrt(float64(step))
	if sigma <= 0 {
		if mu >= target {
			return 1
		}
		return 0
	}
	return 1 - distuv.Normal{Mu: mu, Sigma: sigma}.CDF(target)
}

// rollingGroups returns the groups known on asOf with rollingMinMonths of
// history, their trailing average and their actual over (asOf, end).
func rollingGroups(deals []Deal, asOf, end time.Time, window, step int) []*rollingGroup {
	asOfDay, endDay := DateOf(asOf), DateOf(end)
	asOfMonth := MonthOf(asOf)
	fromMonth := asOfMonth.Add(-window + 1)
	byName := map[Name]*struct {
		first, firstWon Month
		monthly         map[Month]float64
	}{}
	actual := map[Name]float64{}
	for i := range deals {
		d := &deals[i]
		// The outcome counts every deal won in the period, whenever it
		// was created; what is known counts deals created by asOf.
		if d.Status == Won && !d.Closed.IsZero() && d.Closed > asOfDay && d.Closed < endDay {
			actual[d.Team] += d.Amount
		}
		if d.Team.IsZero() || d.Created.IsZero() || d.Created > asOfDay {
			continue
		}
		g := byName[d.Team]
		if g == nil {
			g = &struct {
				first, firstWon Month
				monthly         map[Month]float64
			}{first: d.Created.Month(), monthly: map[Month]float64{}}
			byName[d.Team] = g
		}
		if m := d.Created.Month(); m.Before(g.first) {
			g.first = m
		}
		if d.Status == Won && !d.Closed.IsZero() && d.Closed <= asOfDay {
			g.monthly[d.Closed.Month()] += d.Amount
			if m := d.Closed.Month(); g.firstWon == (Month{}) || m.Before(g.firstWon) {
				g.firstWon = m
			}
		}
	}
	var out []*rollingGroup
	for name, g := range byName {
		// The months observed: from the first won deal (a history that
		// starts with deals still in their first cycle has no revenue
		// yet), at most the window.
		first := g.firstWon
		if first == (Month{}) {
			continue
		}
		if first.Before(fromMonth) {
			first = fromMonth
		}
		months := monthsBetween(first, asOfMonth) + 1
		if months < rollingMinMonths {
			continue
		}
		rg := &rollingGroup{name: name.String(), actual: actual[name]}
		sum := 0.0
		for m := first; !asOfMonth.Before(m); m = m.Add(1) {
			rg.monthly = append(rg.monthly, g.monthly[m])
			sum += g.monthly[m]
		}
		rg.average = sum / float64(months) * float64(step)
		out = append(out, rg)
	}
	slices.SortFunc(out, func(a, b *rollingGroup) int {
		if a.name < b.name {
			return -1
		}
		if a.name > b.name {
			return 1
		}
		return 0
	})
	return out
}

// scoreRolling scores the planner and the naive forecasters on the cases.
func scoreRolling(cases []rollingCase) (BacktestResult, error) {
	plain := make([]backtestCase, len(cases))
	for i, c := range cases {
		plain[i] = c.backtestCase
	}
	res := backtestScore(plain)
	if len(cases) == 0 {
		return res, errNoCases
	}
	hit := func(c rollingCase) float64 {
		if c.Hit {
			return 1
		}
		return 0
	}
	score := func(name string, p func(i int) float64) BacktestForecaster {
		f := BacktestForecaster{Name: name}
		for i, c := range cases {
			q, h := p(i), hit(c)
			f.Brier += (q - h) * (q - h)
			q = min(1-logLossEps, max(logLossEps, q))
			f.LogLoss -= h*math.Log(q) + (1-h)*math.Log(1-q)
		}
		n := float64(len(cases))
		f.Brier /= n
		f.LogLoss /= n
		return f
	}
	planner := score("planner", func(i int) float64 { return cases[i].P })
	res.LogLoss = planner.LogLoss
	// The per-multiple base rate: the hit rate of the same multiple in the
	// other periods (it knows outcomes of later periods: a strong, partly
	// leaky reference).
	perMult := make([]float64, len(cases))
	for i, c := range cases {
		n, h := 0, 0.0
		for _, o := range cases {
			if o.Multiplier == c.Multiplier && !o.Period.Equal(c.Period) {
				n++
				h += hit(o)
			}
		}
		perMult[i] = 0.5
		if n > 0 {
			perMult[i] = h / float64(n)
		}
	}
	res.Forecasters = []BacktestForecaster{
		planner,
		score(NaiveConstant, func(int) float64 { return res.HitRate }),
		score(NaivePerMultiple, func(i int) float64 { return perMult[i] }),
		score(NaiveNormal, func(i int) float64 { return cases[i].normal }),
	}
	return res, nil
}
