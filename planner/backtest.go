package planner

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// BacktestOptions set what a backtest replays (issue 4, "Proving the
// probabilities").
type BacktestOptions struct {
	By     string // "team" or "owner": the groups whose targets are replayed
	Period string // "quarter" or "month": the length of each target
	// From and To bound the periods replayed: every calendar period that
	// starts in [From, To).
	From, To time.Time
	// From and To may be zero with the "trailing" basis: every period
	// with enough history before it that the history covers whole.
	//
	// Multipliers give the targets, as multiples of the basis; default
	// 0.5, 0.75, 1, 1.25 and 1.5 (trailing), 0.8, 1.0 and 1.2 (the others).
	Multipliers []float64
	// Basis is what the multipliers apply to:
	//   - "trailing" (the default, "" too): the group's average won revenue
	//     per period over the window known the day before the period, as a
	//     manager sets a target in advance. The plan is made by Build, so
	//     the backtest tests what `plan` gives; naive forecasters are
	//     scored beside it (Forecasters).
	//   - "history": what the group won in the period just before.
	//   - "actual": what it really won in the period. The target then
	//     depends on the outcome, so a 0.8 target is always hit and a 1.2
	//     one never: a naive forecaster knows the answer. Kept only to
	//     compare with earlier results.
	// Every basis plans its targets with Build, as `plan` does
	// (backtestPlan).
	Basis        string
	Runs         int   // simulation runs per case; default 10,000
	Seed         int64 // simulation seed
	WindowMonths int   // history window before each period; default 12
}

// A BacktestBin is one row of the reliability table: the cases whose
// predicted probability fell in [From, To) ([0.9, 1] for the last bin),
// their mean predicted probability and the share of them that were hit.
// Predicted and Observed are 0 when Count is 0.
type BacktestBin struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Predicted float64 `json:"predicted"`
	Observed  float64 `json:"observed"`
	Count     int     `json:"count"`
}

// BacktestResult is how well the simulated probabilities matched what
// happened. Brier is the mean of (probability − hit)² over the cases;
// BaselineBrier is the same score for a forecaster that always predicts
// the overall hit rate, HitRate. Skipped counts the group-periods with a
// positive actual that could not be simulated (no history before them).
// ByMultiplier splits the cases by target multiplier, in the order of the
// options.
type BacktestResult struct {
	By      string  `json:"by"`
	Cases   int     `json:"cases"`
	Brier   float64 `json:"brier"`
	LogLoss float64 `json:"log_loss"`
	// Forecasters are the planner's scores and those of the naive
	// forecasters on the same cases (trailing basis only): a constant
	// (the cases' hit rate), the per-multiple base rate (the hit rate of
	// the same multiple in the other periods) and the naive normal (a
	// normal around the trailing monthly mean × months of the period, with
	// the monthly standard deviation × √months).
	Forecasters   []BacktestForecaster `json:"forecasters"`
	BaselineBrier float64              `json:"baseline_brier"`
	HitRate       float64              `json:"hit_rate"`
	Skipped       int                  `json:"skipped"`
	Bins          []BacktestBin        `json:"bins"`
	ByMultiplier  []BacktestMultiplier `json:"by_multiplier"`
	// First and Last are the first days of the first and the last period
	// with a case.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// BacktestMultiplier is the score of the cases of one target multiplier:
// how many, the mean predicted probability, the share hit and the Brier
// score.
type BacktestMultiplier struct {
	Multiplier float64 `json:"multiplier"`
	Cases      int     `json:"cases"`
	Predicted  float64 `json:"predicted"`
	HitRate    float64 `json:"hit_rate"`
	Brier      float64 `json:"brier"`
}

// backtestMultipliers are the default target multipliers.
var backtestMultipliers = []float64{0.8, 1.0, 1.2}

// backtestCase is one replayed target.
type backtestCase struct {
	Group         string
	Period        time.Time
	Multiplier    float64
	Target        float64
	Actual        float64
	P             float64
	P10, P50, P90 float64
	Hit           bool
}

// Backtest replays the past to test the simulation (METHOD §6, issue 4).
// For each group (team or owner) and each period starting in [From, To),
// it plans the group's revenue targets for the period the day before it
// starts, with Build, as `plan` would have (backtestPlan): the history as
// an export taken that day would have shown it (point in time), the same
// seed and runs. The targets are the multipliers times the basis (see
// BacktestOptions.Basis; groups with a zero basis are left out). A target
// is hit when what the group really won in the period reaches it. The
// result compares the predicted probabilities with the hits, beside naive
// forecasters for the trailing basis.
//
// Reading the score of the "actual" basis: a target of 1.0 × the actual is
// always hit, and a calibrated probability of reaching the actual is
// uniform on [0, 1], so such cases cost a calibrated forecaster 1/3 each
// where the naive one (predicting the hit rate, 2/3 with the default
// multipliers) pays 1/9. With the default multipliers the planner beats
// the naive forecaster only where outcomes vary by less than about ±27 %
// around the forecast; multipliers such as 0.8 and 1.2 alone (hit rate
// 1/2) test whether it tells reachable targets from unreachable ones.
func Backtest(deals []Deal, opt BacktestOptions) (BacktestResult, error) {
	var res BacktestResult
	var cases []backtestCase
	mults := opt.Multipliers
	if opt.Basis == "" || opt.Basis == "trailing" {
		if len(mults) == 0 {
			mults = rollingMultipliers
		}
		rc, skipped, err := backtestRollingLevel(deals, opt, mults)
		if err != nil {
			return BacktestResult{}, err
		}
		if res, err = scoreRolling(rc); err != nil {
			return BacktestResult{}, err
		}
		res.Skipped = skipped
		for _, c := range rc {
			cases = append(cases, c.backtestCase)
		}
	} else {
		var skipped int
		var err error
		cases, skipped, err = backtestCases(deals, opt)
		if err != nil {
			return BacktestResult{}, err
		}
		res = backtestScore(cases)
		res.Skipped = skipped
		if len(mults) == 0 {
			mults = backtestMultipliers
		}
	}
	res.By = opt.By
	for _, c := range cases {
		if res.First.IsZero() || c.Period.Before(res.First) {
			res.First = c.Period
		}
		if c.Period.After(res.Last) {
			res.Last = c.Period
		}
	}
	for _, m := range mults {
		bm := BacktestMultiplier{Multiplier: m}
		for _, c := range cases {
			if c.Multiplier != m {
				continue
			}
			h := 0.0
			if c.Hit {
				h = 1
			}
			bm.Cases++
			bm.Predicted += c.P
			bm.HitRate += h
			bm.Brier += (c.P - h) * (c.P - h)
		}
		if bm.Cases > 0 {
			n := float64(bm.Cases)
			bm.Predicted, bm.HitRate, bm.Brier = bm.Predicted/n, bm.HitRate/n, bm.Brier/n
		}
		res.ByMultiplier = append(res.ByMultiplier, bm)
	}
	return res, nil
}

// backtestParams checks the options shared by every basis and returns the
// period's length in months, the runs and the window, defaults applied.
// rangeRequired says whether From and To must both be given.
func backtestParams(opt BacktestOptions, mults []float64, rangeRequired bool) (step, runs, window int, err error) {
	if opt.By != "team" && opt.By != "owner" {
		return 0, 0, 0, fmt.Errorf("backtest: group by %q: want team or owner", opt.By)
	}
	switch opt.Period {
	case "quarter", "":
		step = 3
	case "month":
		step = 1
	default:
		return 0, 0, 0, fmt.Errorf("backtest: period %q: want quarter or month", opt.Period)
	}
	missing := opt.From.IsZero() || opt.To.IsZero()
	if (rangeRequired && missing) || (!missing && !opt.From.Before(opt.To)) {
		return 0, 0, 0, fmt.Errorf("backtest: empty range from %s to %s", opt.From.Format(time.DateOnly), opt.To.Format(time.DateOnly))
	}
	for _, m := range mults {
		if !(m > 0) || math.IsInf(m, 0) {
			return 0, 0, 0, fmt.Errorf("backtest: multiplier %v: want a positive number", m)
		}
	}
	runs = opt.Runs
	if runs <= 0 {
		runs = simDefaultRuns
	}
	window = opt.WindowMonths
	if window <= 0 {
		window = DefaultWindowMonths
	}
	return step, runs, window, nil
}

func backtestCases(deals []Deal, opt BacktestOptions) ([]backtestCase, int, error) {
	if opt.Basis != "actual" && opt.Basis != "history" {
		return nil, 0, fmt.Errorf("backtest: target basis %q: want trailing, history or actual", opt.Basis)
	}
	mults := opt.Multipliers
	if len(mults) == 0 {
		mults = backtestMultipliers
	}
	if opt.Period == "" {
		return nil, 0, fmt.Errorf("backtest: period %q: want quarter or month", opt.Period)
	}
	step, runs, window, err := backtestParams(opt, mults, true)
	if err != nil {
		return nil, 0, err
	}

	groups := map[string][]Deal{}
	for _, d := range deals {
		key := d.Team
		if opt.By == "owner" {
			key = d.Owner
		}
		if key.IsZero() || d.Created.IsZero() {
			continue // neither grouped nor placed in time
		}
		if impossibleDates(d) {
			continue // dates that cannot both be right
		}
		groups[key.String()] = append(groups[key.String()], d)
	}
	names := make([]string, 0, len(groups))
	for k := range groups {
		names = append(names, k)
	}
	slices.Sort(names)

	// Calendar periods starting in [From, To).
	var starts []time.Time
	first := MonthOf(opt.From)
	if step == 3 {
		first = Month{first.Year, time.Month((int(first.Month)-1)/3*3 + 1)}
	}
	for m := first; m.Start().Before(opt.To); m = m.Add(step) {
		if !m.Start().Before(opt.From) {
			starts = append(starts, m.Start())
		}
	}

	var cases []backtestCase
	skipped := 0
	bd := newBacktestDeals(deals, opt.By)
	for _, start := range starts {
		end := start.AddDate(0, step, 0)
		from, to := DateOf(start), DateOf(end)
		var targets []Target
		var refs []backtestCase
		for _, name := range names {
			group := groups[name]
			actual, basis := 0.0, 0.0
			prev := DateOf(start.AddDate(0, -step, 0))
			for _, d := range group {
				switch {
				case d.Status != Won:
				case d.Closed >= from && d.Closed < to:
					actual += d.Amount
				case d.Closed >= prev && d.Closed < from:
					basis += d.Amount
				}
			}
			if opt.Basis == "actual" {
				basis = actual
			}
			if basis <= 0 {
				continue
			}
			for _, m := range mults {
				targets = append(targets, Target{ID: fmt.Sprintf("%s×%g", name, m), Team: name, Metric: Revenue,
					Value: m * basis, HasValue: true, Start: start, Deadline: end.AddDate(0, 0, -1)})
				refs = append(refs, backtestCase{Group: name, Period: start, Multiplier: m, Target: m * basis, Actual: actual,
					Hit: actual >= m*basis})
			}
		}
		if len(targets) == 0 {
			continue
		}
		plan, err := bd.plan(targets, start, opt.Seed, runs, window)
		if err != nil {
			return nil, 0, err
		}
		unplanned := map[string]bool{}
		for i, r := range plan.Targets {
			c := refs[i]
			if !r.HasProbability {
				unplanned[c.Group] = true
				continue
			}
			c.P, c.P10, c.P50, c.P90 = r.Probability, r.P10, r.P50, r.P90
			cases = append(cases, c)
		}
		skipped += len(unplanned)
	}
	return cases, skipped, nil
}

// backtestView is the history a backtest plans from, the one `plan` would
// read (a deal whose dates cannot both be right counts there, with no
// cycle): owners are planned as teams of one, the planner scoping targets
// by team, segment and offer.
func backtestView(deals []Deal, by string) []Deal {
	if by != "owner" {
		return deals
	}
	view := make([]Deal, len(deals))
	for i, d := range deals {
		d.Team, d.Segment, d.Offer = d.Owner, Name{}, Name{}
		view[i] = d
	}
	return view
}

// impossibleDates reports a deal closed before it was created, or more
// than simMaxYears after.
func impossibleDates(d Deal) bool {
	return !d.Created.IsZero() && !d.Closed.IsZero() &&
		(d.Closed < d.Created || d.Closed > DateOf(d.Created.Time().AddDate(simMaxYears, 0, 0)))
}

// backtestDeals are the deals a backtest plans, as its level sees them
// (backtestView), with their index: built when the first period is
// planned, shared by the others (the deals do not change with the date).
type backtestDeals struct {
	view []Deal
	ix   *dealIndex
}

func newBacktestDeals(deals []Deal, by string) *backtestDeals {
	return &backtestDeals{view: backtestView(deals, by)}
}

// plan plans a period's targets as of the day before it starts, as
// `plan` does (no levers): every backtest's one builder, so that a
// backtest tests what users get.
func (b *backtestDeals) plan(targets []Target, start time.Time, seed int64, runs, window int) (*Plan, error) {
	if b.ix == nil {
		b.ix = newDealIndex(b.view)
	}
	plan, err := Build(Input{Deals: b.view, Targets: targets, index: b.ix}, Options{AsOf: start.AddDate(0, 0, -1), WindowMonths: window,
		Runs: runs, Seed: seed, Currency: "-", probabilitiesOnly: true})
	if err != nil {
		return nil, fmt.Errorf("backtest: period from %s: %w", start.Format(time.DateOnly), err)
	}
	return plan, nil
}

// backtestScore computes the Brier scores and the reliability table.
func backtestScore(cases []backtestCase) BacktestResult {
	res := BacktestResult{Cases: len(cases), Bins: make([]BacktestBin, 10)}
	for i := range res.Bins {
		res.Bins[i].From = float64(i) / 10
		res.Bins[i].To = float64(i+1) / 10
	}
	if len(cases) == 0 {
		return res
	}
	hits := 0
	for _, c := range cases {
		h := 0.0
		if c.Hit {
			h = 1
			hits++
		}
		res.Brier += (c.P - h) * (c.P - h)
		b := &res.Bins[min(9, int(c.P*10))]
		b.Predicted += c.P
		b.Observed += h
		b.Count++
	}
	n := float64(len(cases))
	res.Brier /= n
	res.HitRate = float64(hits) / n
	res.BaselineBrier = res.HitRate * (1 - res.HitRate)
	for i := range res.Bins {
		if b := &res.Bins[i]; b.Count > 0 {
			b.Predicted /= float64(b.Count)
			b.Observed /= float64(b.Count)
		}
	}
	return res
}
