package planner

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/smartplan/smartplan/planner/locale"
	"hash/fnv"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Thresholds of the checks of METHOD §6 that are not configurable.
const (
	// capacityStretch is the capacity ratio above which a target is
	// unrealistic when no probability is available; up to 1 it is
	// achievable, in between a stretch.
	capacityStretch = 1.5
	// highGrowth is the yearly growth over trailing 12-month revenue above
	// which a target needs a declared lever.
	highGrowth = 0.30
	// daysPerMonth is the mean length of a month, for the cycle shift.
	daysPerMonth = 365.25 / 12
)

// Build runs the whole method on the input: ratios (METHOD §3), the
// required funnel of each target (§4), its monthly milestones and creation
// window (§5), its achievability with a simulated probability, its verdict
// and levers (§6), its SMART check and the classic mistakes (§7), and its
// progress on a rerun (§8). Targets are judged independently and in
// parallel; the plan does not depend on the order of the input rows, and
// the same input and options always give the same plan. An unset
// Options.AsOf means the latest date of the history (Plan.AsOf says which).
// Build fails only when the injected Options.Sentence fails.
func Build(in Input, opt Options) (*Plan, error) {
	opt = opt.WithDefaults()
	asOf := asOfOrLatest(opt, in.Deals)
	opt.AsOf = asOf
	opt.Currency = ReportingCurrency(in.Deals, opt.Currency)
	// The track record plans past quarters, mostly on one core: it runs
	// beside the targets' evaluation, which reads the same deals.
	var track chan *TrackRecord
	if opt.TrackRecord {
		track = make(chan *TrackRecord, 1)
		go func() { track <- trackRecord(in.Deals, opt) }()
	}
	w := newWindow(asOf, opt.WindowMonths)
	w.pointInTime(in.Deals)
	ix := in.index
	if ix == nil {
		ix = newDealIndex(in.Deals)
	}
	h := newHistory(in.Deals, in.Activity, w, opt, ix)
	h.market, h.wonAccounts = in.Market, in.WonAccounts
	plan := &Plan{AsOf: asOf, WindowMonths: opt.WindowMonths, Lang: opt.Lang, Currency: opt.Currency,
		Sources: in.Sources, Problems: slices.Clone(in.Problems), Files: in.Files, FX: MergeFX(in.FX)}
	if !opt.probabilitiesOnly {
		plan.Ratios = h.planRatios()
		plan.Problems = append(plan.Problems, AsOfProblems(in.Deals, asOf, historyFiles(in.Files))...)
	}
	if plan.Currency == "" && slices.ContainsFunc(in.Deals, func(d Deal) bool { return d.HasAmount }) {
		plan.Problems = append(plan.Problems, Problem{Position: Position{File: historyFiles(in.Files)},
			Kind: "no_currency", Severity: SeverityWarning, Message: NoCurrencyNote, MessageFr: noCurrencyNoteFr})
	}

	// Every group a target may use is computed now, so that the parallel
	// evaluation below only reads.
	// Names are resolved against the history once: company words and
	// generic sheet names are the company, unknown names are reported.
	names := ix.targets
	targets := make([]Target, len(in.Targets))
	for i, t := range in.Targets {
		targets[i] = names.resolve(t)
		plan.Problems = append(plan.Problems, names.problems(targets[i])...)
		if p, ok := pastDeadline(targets[i], asOf); ok {
			plan.Problems = append(plan.Problems, p)
		}
	}
	in.Targets = targets
	scopes := make([]scope, len(in.Targets))
	for i, t := range in.Targets {
		scopes[i] = newScope(t)
		// The company's statistics (the chain's last) are needed when
		// every group before it has too few closed deals; a plan
		// computes them anyway for its ratios.
		chain := scopes[i].chain()
		for j, k := range chain {
			if k == (GroupKey{}) && j > 0 && opt.probabilitiesOnly && h.get(chain[j-1], scopes[i].given).Closed >= opt.MinClosed {
				break
			}
			h.get(k, scopes[i].given)
		}
	}
	evals := make([]targetEval, len(in.Targets))
	work := make(chan int)
	var wg sync.WaitGroup
	// The targets are spread over the cores. With many targets each
	// simulation runs on one goroutine: splitting it too would only add
	// goroutines contending for the same cores. With few, each simulation
	// is split over the cores instead. Neither changes any number.
	procs := runtime.GOMAXPROCS(0)
	simWorkers := procs
	if len(in.Targets) >= 4*procs {
		simWorkers = 1
	}
	for range max(1, min(procs, len(in.Targets))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				evals[i] = evaluate(h, in.Targets[i], scopes[i], opt, simWorkers)
			}
		}()
	}
	for i := range in.Targets {
		work <- i
	}
	close(work)
	wg.Wait()

	addMistakes(evals, opt)
	assumptions := map[Assumption]bool{}
	plan.Targets = make([]TargetResult, len(evals))
	for i := range evals {
		e := &evals[i]
		e.res.Smart = smartCheck(e, opt)
		s, err := sentence(e, opt)
		if err != nil {
			return nil, fmt.Errorf("build plan: %w", err)
		}
		e.res.Sentence = s
		plan.Targets[i] = e.res
		for _, a := range e.assumptions {
			assumptions[a] = true
		}
	}
	for a := range assumptions {
		plan.Assumptions = append(plan.Assumptions, a)
	}
	slices.SortFunc(plan.Assumptions, func(a, b Assumption) int {
		return cmp.Or(cmp.Compare(a.Scope, b.Scope), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Value, b.Value))
	})
	if track != nil {
		plan.TrackRecord = <-track
	}
	return plan, nil
}

// NoCurrencyNote says that no input names the currency of the amounts.
const NoCurrencyNote = "The history states no currency (no currency column, no currency symbol in its amounts): " +
	"amounts are shown without a symbol. Name it with --currency (for example --currency USD) or the config's currency: key."

// noCurrencyNoteFr is NoCurrencyNote in French.
const noCurrencyNoteFr = "L’historique n’indique aucune devise (pas de colonne devise, pas de symbole dans ses montants) : " +
	"les montants sont affichés sans symbole. Indiquez-la avec --currency (par exemple --currency EUR) ou la clé currency: de la configuration."

// historyFiles names the history files of a plan's inputs.
func historyFiles(files []InputFile) string {
	var names []string
	for _, f := range files {
		if f.Kind == "history" {
			names = append(names, filepath.Base(f.Path))
		}
	}
	return strings.Join(names, ", ")
}

// ReportingCurrency is the one currency of a plan's amounts: the configured
// one (--currency, the config's currency) when given, else the most
// frequent currency the history states (its currency column, or the
// symbols of its amounts), else "" (none is known, and amounts are shown
// without a symbol rather than as euros).
func ReportingCurrency(deals []Deal, configured string) string {
	if c := strings.ToUpper(strings.TrimSpace(configured)); c != "" {
		return c
	}
	return mainCurrency(deals)
}

// mainCurrency returns the most frequent currency of the history (ties to
// the first in order), or "" when none is given.
func mainCurrency(deals []Deal) string {
	byName := map[Name]int{}
	for i := range deals {
		byName[deals[i].Currency]++
	}
	n := map[string]int{}
	for c, k := range byName {
		if c := strings.ToUpper(strings.TrimSpace(c.String())); c != "" {
			n[c] += k
		}
	}
	best := ""
	for c, k := range n {
		if k > n[best] || (k == n[best] && c < best) {
			best = c
		}
	}
	return best
}

// notAScope are the words that mean "everything", which is no scope.
var notAScope = map[string]bool{"all": true, "everything": true, "any": true, "tous": true, "toutes": true,
	"tout": true, "*": true, "-": true, "total": true}

// scope is the group of deals a target is about.
type scope struct {
	key, given     GroupKey // folded and as written
	vagueSegment   bool     // segment written as "all" or the like
	vagueOffer     bool
	segment, offer bool // narrowed by segment, by offer
}

func newScope(t Target) scope {
	s := scope{given: GroupKey{Team: t.Team, Segment: t.Segment, Offer: t.Offer}}
	s.key.Team = fold(t.Team)
	if seg := fold(t.Segment); seg != "" {
		if notAScope[seg] {
			s.vagueSegment = true
		} else {
			s.key.Segment, s.segment = seg, true
		}
	}
	if off := fold(t.Offer); off != "" {
		if notAScope[off] {
			s.vagueOffer = true
		} else {
			s.key.Offer, s.offer = off, true
		}
	}
	return s
}

// chain returns the scope's group and its parents, the company last.
func (s scope) chain() []GroupKey {
	var c []GroupKey
	c = append(c, s.key)
	if s.segment && s.offer {
		c = append(c, GroupKey{Team: s.key.Team, Segment: s.key.Segment})
	}
	if s.segment || s.offer {
		c = append(c, GroupKey{Team: s.key.Team})
	}
	if s.key.Team != "" {
		c = append(c, GroupKey{})
	}
	return c
}

// label names a group in a sentence.
func label(lang string, k GroupKey) string {
	var parts []string
	for _, p := range []string{k.Team, k.Segment, k.Offer, k.Owner} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return pick(lang, [2]string{"the company", "l’entreprise"})
	}
	return strings.Join(parts, " / ")
}

// targetEval is a target under evaluation, with what the cross-target
// checks need.
type targetEval struct {
	res          TargetResult
	scope        scope
	assumptions  []Assumption
	valid        bool       // metric, value and dates usable
	periodDays   int        // deadline - start + 1
	periodMonths int        // calendar months of the period
	cycleDays    float64    // median cycle of the ratios used, 0 when unknown
	baseline     float64    // the starting point of a rate or deal-size target
	openCover    float64    // the open pipeline's expected yield / what is left to win, 0 when not quoted
	life         *lifeTable // the scope's recent life table, nil with too few closings
}

// rank orders verdicts from worst to best.
func rank(v Verdict) int {
	switch v {
	case Achievable:
		return 3
	case Stretch:
		return 2
	case Unrealistic:
		return 1
	}
	return 0
}

// cap lowers v to at most c.
func capVerdict(v, c Verdict) Verdict {
	if rank(c) < rank(v) {
		return c
	}
	return v
}

// dealMetric reports whether the metric is won from deals, so that the
// opportunities behind it must be created one cycle ahead.
func dealMetric(m Metric) bool {
	return m == Revenue || m == NewCustomers || m == WinRate || m == DealSize
}

// knownMetric reports whether m is one of Metrics.
func knownMetric(m Metric) bool { return slices.Contains(Metrics, m) }

// evaluate judges one target. It only reads h.
func evaluate(h *history, t Target, sc scope, opt Options, simWorkers int) targetEval {
	lang := opt.Lang
	f := fm{lang, opt.Currency}
	e := targetEval{scope: sc}
	r := &e.res
	r.Target = t
	asOf := h.w.asOf
	insufficient := func(rs ...Reason) targetEval {
		r.Verdict = InsufficientData
		r.Reasons = append(r.Reasons, rs...)
		sortReasons(r.Reasons)
		if len(r.Reasons) > 0 {
			r.Decision = r.Reasons[0]
		}
		return e
	}

	// The scope's own history, and the group its rates come from.
	chain := sc.chain()
	own := h.stats[chain[0]]
	used := own
	for _, k := range chain {
		used = h.stats[k]
		if used.Closed >= opt.MinClosed {
			break
		}
	}
	hist := own.Ratios
	if used != own {
		hist.Closed, hist.Won, hist.Lost = used.Closed, used.Won, used.Lost
		hist.WinRate, hist.WinRateLow, hist.WinRateHigh, hist.HasWinRate = used.WinRate, used.WinRateLow, used.WinRateHigh, used.HasWinRate
		hist.AvgDeal, hist.MedianDeal, hist.HasDeal = used.AvgDeal, used.MedianDeal, used.HasDeal
		hist.CycleDaysMedian, hist.CycleDaysP80, hist.HasCycle = used.CycleDaysMedian, used.CycleDaysP80, used.HasCycle
		hist.BorrowedFrom = label("en", used.Key)
		if used.Key == (GroupKey{}) {
			hist.BorrowedFrom = "company"
		}
	}
	// The scope's recent life table: the closings of the group its rates
	// come from, the scope's own open deals. The funnel, the capacity check
	// and the simulation all take a new opportunity's conversion and
	// cycle from it.
	base := h.simBase(used, own)
	e.life = base.life
	hist.Conversion, hist.HasConversion = 0, e.life != nil
	if e.life != nil {
		hist.Conversion = e.life.conversion()
	}
	// Activity is recorded per team: a segment or offer is credited with
	// the team's activity in proportion to its share of the team's
	// opportunities.
	if (sc.segment || sc.offer) && hist.HasActivity {
		share := 0.0
		if team := h.stats[GroupKey{Team: sc.key.Team}]; team != nil && team.Created > 0 {
			share = float64(own.Created) / float64(team.Created)
		}
		hist.ContactsPerMonth *= share
		hist.ResponsesPerMonth *= share
		hist.MeetingsPerMonth *= share
	}
	r.History = hist
	if hist.HasCycle {
		e.cycleDays = hist.CycleDaysMedian
	}

	// Validity of the target itself.
	e.valid = true
	if !knownMetric(t.Metric) {
		e.valid = false
		name := t.MetricText
		if name == "" {
			name = string(t.Metric)
		}
		r.Reasons = append(r.Reasons, reason(lang, CodeUnknownMetric, name))
	}
	if !t.HasValue || t.Value <= 0 || math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		e.valid = false
		r.Reasons = append(r.Reasons, reason(lang, CodeNoValue))
	} else if t.Metric.IsRate() && t.Value > 1 {
		e.valid = false
		r.Reasons = append(r.Reasons, reason(lang, CodeBadValue, f.pct(t.Value)))
	}
	if t.Start.IsZero() || t.Deadline.IsZero() || t.Deadline.Before(t.Start) {
		e.valid = false
		r.Reasons = append(r.Reasons, reason(lang, CodeBadDates, f.date(t.Start), f.date(t.Deadline)))
	}
	if !e.valid {
		return insufficient()
	}
	start, deadline := dateOf(t.Start), dateOf(t.Deadline)
	e.periodDays = int(deadline.Sub(start).Hours()/24) + 1
	pFirst, pLast := MonthOf(start), MonthOf(deadline)
	e.periodMonths = monthsBetween(pFirst, pLast) + 1

	if dealMetric(t.Metric) && (used.Won == 0 || !used.HasCycle) {
		return insufficient(reason(lang, CodeNoHistory, label(lang, own.Key), f.num(float64(opt.WindowMonths), 0), f.date(asOf)))
	}
	// A count or a rate needs no amount: only the amount targets stop
	// where the won deals have none (amounts in several currencies and no
	// exchange rates, left out).
	if (t.Metric == Revenue || t.Metric == DealSize) && !used.HasDeal {
		return insufficient(reason(lang, CodeNoAmounts, label(lang, own.Key), f.num(float64(opt.WindowMonths), 0), f.date(asOf)))
	}
	if own.Created == 0 && own.Open == 0 {
		return insufficient(reason(lang, CodeNoPipeline, label(lang, own.Key), f.num(float64(opt.WindowMonths), 0), f.date(asOf)))
	}
	if used != own {
		r.Reasons = append(r.Reasons, reason(lang, CodeBorrowed, f.num(float64(own.Closed), 0),
			label(lang, own.Key), label(lang, used.Key), f.num(float64(used.Closed), 0)))
	}
	if used.Closed < opt.MinClosed {
		r.Reasons = append(r.Reasons, reason(lang, CodeSmallSample, f.num(float64(used.Closed), 0)))
	}
	// Funnel rates, from activity or from assumptions (labelled).
	rates := own.Funnel
	for i, assumed := range own.assumed {
		if !assumed {
			continue
		}
		v := [3]float64{rates.ResponseRate, rates.MeetingRate, rates.OpportunityRate}[i]
		name := [3]string{"response_rate", "meeting_rate", "opportunity_rate"}[i]
		team := h.display(GroupKey{Team: sc.key.Team}, sc.given).Team
		e.assumptions = append(e.assumptions, Assumption{Scope: team, Name: name, Value: v,
			Why: text(lang, CodeAssumption, labelTeam(lang, team), pick(lang, rateNames[i]), f.pct(v))})
		r.Reasons = append(r.Reasons, reason(lang, CodeAssumption, labelTeam(lang, team), pick(lang, rateNames[i]), f.pct(v)))
	}

	// Progress so far (METHOD §8).
	prog := progress(h, t, sc, start, deadline)

	// Creation window of new pipeline (METHOD §5).
	shift := 0
	if dealMetric(t.Metric) {
		shift = int(math.Round(hist.CycleDaysMedian / daysPerMonth))
	}
	wFirst, wLast := pFirst.Add(-shift), pLast.Add(-shift)
	avail := MonthOf(asOf.AddDate(0, 0, 1))
	eFirst := wFirst
	if eFirst.Before(avail) {
		eFirst = avail
	}
	eMonths := max(0, monthsBetween(eFirst, wLast)+1)
	cw := creationWindow{first: eFirst, last: wLast, months: eMonths, shift: shift}
	if eMonths > 0 {
		r.CreationStart, r.CreationEnd, r.CreationMonths = eFirst, wLast, eMonths
	}

	// Required funnel (METHOD §4).
	wr, avg := hist.WinRate, hist.AvgDeal
	remaining := 1.0 // share of the target still to achieve
	if prog.has && additive(t.Metric) {
		remaining = max(0, 1-prog.actual/t.Value)
	}
	var fin FunnelInput
	fin.Rates, fin.Months = rates, e.periodMonths
	pipeline := own.OpportunitiesPerMonth * float64(e.periodMonths) // opportunities at history over the period
	switch t.Metric {
	case Revenue:
		fin.Revenue, fin.DealSize, fin.WinRate = t.Value, avg, wr
	case NewCustomers:
		fin.Deals, fin.WinRate = t.Value, wr
	}
	// A new opportunity converts as the life table says (deals never
	// closed count against it), the one the simulation draws from.
	if hist.HasConversion && dealMetric(t.Metric) {
		fin.Conversion = hist.Conversion
	}
	switch t.Metric {
	case Opportunities:
		fin.Opportunities = t.Value
	case Meetings:
		fin.Meetings = t.Value
	case WinRate, DealSize:
		fin.Opportunities = pipeline
	}
	// A rate target of a scope with no new opportunity on record has no
	// funnel: only its open pipeline and the simulation can judge it.
	noFunnel := fin.Revenue == 0 && fin.Deals == 0 && fin.Opportunities == 0 && fin.Meetings == 0
	var req Funnel
	if !noFunnel {
		var err error
		if req, err = ReverseFunnel(fin); err != nil {
			return insufficient(reason(lang, CodeNoHistory, label(lang, own.Key), f.num(float64(opt.WindowMonths), 0), f.date(asOf)))
		}
	}
	baseline := wr
	switch t.Metric {
	case WinRate:
		req.From, req.Deals = FromDeals, req.Opportunities*t.Value
		if t.HasBaseline {
			baseline = t.Baseline
		} else {
			r.Reasons = append(r.Reasons, reason(lang, CodeNoBaseline, pick(lang, [2]string{"win rate", "taux de transformation"}), f.pct(wr)))
		}
	case DealSize:
		req.From, req.Deals = FromDeals, req.Opportunities*wr
		baseline = avg
		if t.HasBaseline {
			baseline = t.Baseline
		}
	}
	switch {
	case noFunnel:
	case t.Metric == WinRate:
		ud, ur := WinRateLever(req.Opportunities, avg, baseline, t.Value)
		code := CodeRevenueEffect
		if ud < 0 {
			// a target below the rate on record: say it asks for less,
			// never "wins -255 more deals"
			code, ud, ur = CodeRevenueEffectDown, -ud, -ur
		}
		r.Reasons = append(r.Reasons, reason(lang, code, pick(lang, [2]string{"win rate", "taux de transformation"}),
			f.pct(baseline), f.pct(t.Value), f.num(req.Opportunities, 0), f.num(ud, 1), f.money(ur)))
	case t.Metric == DealSize:
		ur := req.Deals * (t.Value - baseline)
		code := CodeDealSizeEffect
		if ur < 0 {
			code, ur = CodeDealSizeEffectDown, -ur
		}
		r.Reasons = append(r.Reasons, reason(lang, code, f.money(baseline), f.money(t.Value),
			f.num(req.Deals, 1), f.money(ur)))
	}
	e.baseline = baseline
	if eMonths > 0 {
		req.OpportunitiesPerMonth = req.Opportunities * remaining / float64(eMonths)
	} else {
		req.OpportunitiesPerMonth = 0
	}
	r.Required, r.HasRequired = req, !noFunnel

	// The simulation runs first: the checks below that look at the open
	// pipeline or at how new opportunities close in time quote the same
	// model.
	sim := simInput(h, t, own, used, base, rates, start, deadline, prog)
	seed := targetSeed(opt.Seed, t)
	res, err := simulate(sim, opt.Runs, seed, simWorkers)
	// Within Monte Carlo error of a verdict threshold, more runs: four
	// times as many each time, up to simRefineRuns times the runs asked.
	// The runs asked are the first ones again (each run has its own
	// stream), so more runs only sharpen the estimate.
	for err == nil && nearThreshold(res.Probability, res.Runs, opt) != 0 && res.Runs < opt.Runs*simRefineRuns {
		more, merr := simulate(sim, min(res.Runs*4, opt.Runs*simRefineRuns), seed, simWorkers)
		if merr != nil {
			break
		}
		res = more
	}
	openYield := func(v openView) openView {
		if err == nil {
			v.expected = res.OpenYield
		}
		return v
	}

	// Verdict, first from capacity and the checks.
	verdict := Achievable
	if eMonths == 0 && !dealMetric(t.Metric) {
		verdict = Unrealistic // the period is over; reached targets are handled below
	}
	var caps []Verdict
	switch t.Metric {
	case Revenue, NewCustomers, Opportunities:
		if eMonths > 0 && own.OpportunitiesPerMonth > 0 {
			if rs, need, ok := yieldCapacity(r, t, f, res, err, remaining, own, deadline, e.life); ok {
				// The funnel's lines below the deals become what is to be
				// created from now on: the requirement a month over the
				// months the convolution counts (every month from now to
				// the deadline, those late in the period bringing less),
				// the open pipeline credited. The plan's creation window
				// is those months, so that the milestones ask for what the
				// check assumes.
				if req.Opportunities > 0 {
					k := need * res.NewMonths / req.Opportunities
					req.Opportunities *= k
					req.Meetings *= k
					req.Responses *= k
					req.Contacts *= k
				}
				req.OpportunitiesPerMonth = need
				r.Required = req
				r.Reasons = append(r.Reasons, rs)
				cw = creationWindow{first: MonthOf(res.NewFrom), last: MonthOf(res.NewTo), from: res.NewFrom, to: res.NewTo}
				cw.months = monthsBetween(cw.first, cw.last) + 1
				r.CreationStart, r.CreationEnd, r.CreationMonths = cw.first, cw.last, cw.months
			} else {
				r.CapacityRatio, r.CapacityBase, r.HasCapacity = req.OpportunitiesPerMonth/own.OpportunitiesPerMonth, own.OpportunitiesPerMonth, true
				r.Reasons = append(r.Reasons, reason(lang, CodeCapacity, f.num(req.OpportunitiesPerMonth, 1),
					f.month(eFirst), f.month(wLast), f.num(own.OpportunitiesPerMonth, 1), f.num(r.CapacityRatio, 2)))
			}
			verdict = verdictFromCapacity(r.CapacityRatio)
			if rs, ok := recentPaceReason(lang, f, own); ok {
				r.Reasons = append(r.Reasons, rs)
			}
			if hist.HasActivity && eMonths > 0 && req.Opportunities > 0 {
				// The activity behind the opportunities a month required.
				per := req.OpportunitiesPerMonth / req.Opportunities
				if hist.MeetingsPerMonth > 0 && req.Meetings > 0 {
					need := req.Meetings * per
					r.Reasons = append(r.Reasons, reason(lang, CodeCapacityMeetings, f.num(need, 1),
						f.num(hist.MeetingsPerMonth, 1), f.num(need/hist.MeetingsPerMonth, 2)))
				}
				if hist.ContactsPerMonth > 0 && req.Contacts > 0 {
					need := req.Contacts * per
					r.Reasons = append(r.Reasons, reason(lang, CodeCapacityContacts, f.num(need, 0),
						f.num(hist.ContactsPerMonth, 0), f.num(need/hist.ContactsPerMonth, 2)))
				}
			}
		} else if eMonths > 0 {
			verdict = Unrealistic
		}
	case Meetings:
		need := t.Value * remaining / float64(max(1, eMonths))
		if eMonths > 0 && hist.HasActivity && hist.MeetingsPerMonth > 0 {
			r.CapacityRatio, r.CapacityBase, r.HasCapacity = need/hist.MeetingsPerMonth, hist.MeetingsPerMonth, true
			r.Reasons = append(r.Reasons, reason(lang, CodeCapacityMeetings, f.num(need, 1),
				f.num(hist.MeetingsPerMonth, 1), f.num(r.CapacityRatio, 2)))
			verdict = verdictFromCapacity(r.CapacityRatio)
		} else if eMonths > 0 && own.OpportunitiesPerMonth > 0 {
			// No meeting history: judged on the opportunities the meetings
			// would produce at the (assumed) opportunity rate.
			opp := need * rates.OpportunityRate
			r.CapacityRatio, r.CapacityBase, r.HasCapacity = opp/own.OpportunitiesPerMonth, own.OpportunitiesPerMonth, true
			r.Reasons = append(r.Reasons, reason(lang, CodeCapacity, f.num(opp, 1),
				f.month(eFirst), f.month(wLast), f.num(own.OpportunitiesPerMonth, 1), f.num(r.CapacityRatio, 2)))
			verdict = verdictFromCapacity(r.CapacityRatio)
			if rs, ok := recentPaceReason(lang, f, own); ok {
				r.Reasons = append(r.Reasons, rs)
			}
		}
	case WinRate:
		verdict = rateRealism(r, t.Value, used, f, &caps)
	case DealSize:
		verdict = dealSizeRealism(r, t.Value, used, f, &caps)
	}
	// capWhy is the reason behind each cap, in the order of caps.
	var capWhy []Reason
	for range caps {
		capWhy = append(capWhy, r.Reasons[len(r.Reasons)-1])
	}

	// The cycle constraint.
	if dealMetric(t.Metric) && e.periodMonths > 0 {
		switch {
		case eMonths == 0:
			v := openYield(coverage(t.Metric, base, hist, t.Value, prog))
			r.Reasons = append(r.Reasons, reason(lang, CodeCycle, f.num(hist.CycleDaysMedian, 0), f.date(deadline),
				f.num(float64(v.fresh), 0), f.value(t.Metric, v.expected), f.value(t.Metric, v.left)))
			if v.expected >= v.left {
				verdict = Stretch
			} else {
				verdict = Unrealistic
			}
		case eMonths < e.periodMonths && cw.from.IsZero():
			// (the capacity check's convolution, when it ran, says how
			// the cycle cuts what late opportunities bring)
			r.Reasons = append(r.Reasons, reason(lang, CodeCycleWindow, f.num(hist.CycleDaysMedian, 0),
				f.month(eFirst), f.month(wLast), f.num(float64(eMonths), 0), f.num(float64(e.periodMonths), 0)))
		}
	}
	// Growth against trailing 12-month revenue.
	if t.Metric == Revenue && own.Trailing12Revenue > 0 {
		yearly := t.Value * 12 / float64(e.periodMonths)
		// A history that records closings for fewer than the last 12
		// months holds that many months of revenue, not a year's: it is
		// scaled to a year, and the text says so.
		base, scaled := own.Trailing12Revenue, ""
		if n := h.w.monthsObserved(h.w.firstClosed, 12); n < 12 {
			base = own.Trailing12Revenue * 12 / float64(n)
			scaled = fmt.Sprintf(pick(lang, [2]string{", which hold %s months of closings (%s a year at that pace)",
				", qui ne comptent que %s mois de clôtures (%s par an à ce rythme)"}), f.num(float64(n), 0), f.money(base))
		}
		g := yearly/base - 1
		if g > highGrowth {
			if strings.TrimSpace(t.Lever) == "" {
				r.Reasons = append(r.Reasons, reason(lang, CodeGrowth, f.money(yearly), f.money(own.Trailing12Revenue), f.pct(g), scaled))
				caps = append(caps, Stretch)
				capWhy = append(capWhy, r.Reasons[len(r.Reasons)-1])
			} else {
				r.Reasons = append(r.Reasons, reason(lang, CodeGrowthLever, f.money(yearly), f.money(own.Trailing12Revenue), f.pct(g), leverQuoted(lang, t.Lever), scaled))
			}
		}
	}
	// The addressable market (issue 11), where one is given for the
	// target's segment.
	if mk, ok := marketRow(h.market, t); ok && dealMetric(t.Metric) {
		customers, known := wonAccountsOf(h.wonAccounts, mk)
		contacts := 0.0
		if r.HasRequired {
			contacts = r.Required.Contacts
		}
		if rs, c, ok := marketCheck(lang, f, mk, customers, known, t, t.Value*remaining, contacts, opt.MarketShare); ok {
			r.Reasons = append(r.Reasons, rs)
			if c != Achievable {
				caps = append(caps, c)
				capWhy = append(capWhy, rs)
			}
		}
	}
	// Coverage of what remains by the open pipeline.
	if (t.Metric == Revenue || t.Metric == NewCustomers) && own.Open > 0 {
		if v := openYield(coverage(t.Metric, base, hist, t.Value, prog)); v.left > 0 {
			r.Reasons = append(r.Reasons, reason(lang, CodeCoverage, f.money(v.amount), f.num(float64(v.fresh+v.stale), 0),
				f.pct(wr), f.value(t.Metric, v.expected), f.pct(v.expected/v.left), f.value(t.Metric, v.left), staleNote(f, v, hist)))
			e.openCover = v.expected / v.left
		}
	}

	// Probability (METHOD §6).
	switch {
	case err == nil:
		r.Probability, r.P10, r.P50, r.P90, r.HasProbability = res.Probability, res.P10, res.P50, res.P90, true
		r.ProbabilityError, r.Runs = simError(res.Probability, res.Runs), res.Runs
		note := ""
		switch thr := nearThreshold(res.Probability, res.Runs, opt); {
		case thr != 0:
			note = fmt.Sprintf(pick(lang, [2]string{"; still within that error of the %s threshold after %s runs, so the verdict follows the estimate",
				" ; toujours dans la marge d’erreur du seuil de %s après %s simulations : le verdict suit donc l’estimation"}), f.pct(thr), f.num(float64(res.Runs), 0))
		case res.Runs > opt.Runs:
			note = fmt.Sprintf(pick(lang, [2]string{"; %s runs, as %s left it within that error of a verdict threshold",
				" ; %s simulations, car après %s elle restait dans la marge d’erreur d’un seuil de verdict"}), f.num(float64(res.Runs), 0), f.num(float64(opt.Runs), 0))
		}
		r.Reasons = append(r.Reasons, reason(lang, CodeProbability, f.pct(res.Probability),
			f.value(t.Metric, res.P10), f.value(t.Metric, res.P50), f.value(t.Metric, res.P90), f.num(float64(res.Runs), 0),
			f.pct(r.ProbabilityError), note))
		verdict = verdictFromProbability(res.Probability, opt)
	case errors.Is(err, ErrNoSimulationData):
		return insufficient(reason(lang, CodeSimulation, simErrorText(lang, err)))
	default:
		r.Reasons = append(r.Reasons, reason(lang, CodeSimulation, simErrorText(lang, err)))
	}
	fromProbability := verdict
	var capped *Reason
	for i, c := range caps {
		if v := capVerdict(verdict, c); v != verdict {
			verdict, capped = v, &capWhy[i]
		}
	}
	reached := prog.has && additive(t.Metric) && prog.actual >= t.Value
	if reached {
		verdict = Achievable
		r.Reasons = append(r.Reasons, reason(lang, CodeReached, f.value(t.Metric, prog.actual), f.date(asOf), f.value(t.Metric, t.Value)))
	}
	r.Verdict = verdict
	r.Decision = decision(r, t, opt, f, res, e.openCover, own, fromProbability, capped, reached)

	// Monthly milestones and progress.
	r.Monthly = milestones(h, t, &e, own, used, req, rates, cw, opt)
	applyProgress(r, prog, asOf, start, deadline)

	// Levers (METHOD §6).
	if verdict != Achievable && !opt.probabilitiesOnly {
		if r.HasProbability {
			r.Levers = simLevers(r, t, sim, seed, own, wr, avg, f, opt, simWorkers)
		} else {
			r.Levers = levers(r, t, own, wr, avg)
			if lv, ok := declaredLever(r, t, f); ok {
				r.Levers = append(r.Levers, lv)
			}
		}
	}
	sortReasons(r.Reasons)
	return e
}

// yieldCapacity is the capacity check of a revenue or new-customers
// target as a convolution (issue 14): what is left to win, less the open
// pipeline's expected yield, in deals at the average deal, over the deals
// that one opportunity a month brings inside the period from now on
// (SimResult.NewYield: the conversion per created opportunity and the
// share of the cycles that end in time, month by month). That is the
// opportunities a month required (need), and its ratio to the recent
// monthly creation, set in r. ok is false when the simulation could not
// say (no model, or no new deal can close in time): the caller falls back
// on the closed form.
func yieldCapacity(r *TargetResult, t Target, f fm, res SimResult, simErr error, remaining float64,
	own *groupStats, deadline time.Time, life *lifeTable) (rs Reason, need float64, ok bool) {
	h := r.History
	if simErr != nil || res.NewYield <= 0 || (t.Metric == Revenue && !(h.AvgDeal > 0)) {
		return Reason{}, 0, false
	}
	left := t.Value * remaining
	deals := left - res.OpenYield
	if t.Metric == Revenue {
		deals = (left - res.OpenYield) / h.AvgDeal
	}
	need = max(0, deals) / res.NewYield
	// Against the creation the simulation follows: recent months weigh
	// most.
	pace := own.OpportunitiesPerMonth
	if recent, _, _ := recentPace(own); recent > 0 {
		pace = recent
	}
	r.CapacityRatio, r.CapacityBase, r.HasCapacity = need/pace, pace, true
	conv := h.WinRate
	if h.HasConversion {
		conv = h.Conversion
	}
	// The seed's rule of thumb, as the explanation: an opportunity created
	// later than the cycle that nine won deals in ten stay under, before
	// the deadline, rarely closes by it (the cycles of the life table the
	// yield comes from, else those of the deals won in the window).
	long := h.CycleDaysP80
	if cycles := lifeCycles(life); len(cycles) > 0 {
		long = float64(cycles[len(cycles)*9/10])
	}
	late := deadline.AddDate(0, 0, -int(math.Round(long)))
	if deals <= 0 {
		return Reason{Code: CodeCapacity, Message: text(f.lang, msgCapacityCovered, f.value(t.Metric, res.OpenYield),
			f.value(t.Metric, left), f.num(pace, 1))}, need, true
	}
	return Reason{Code: CodeCapacity, Message: text(f.lang, msgCapacityYield, f.num(need, 1), f.num(pace, 1),
		f.num(r.CapacityRatio, 2), f.value(t.Metric, res.OpenYield), f.pct(conv), f.date(late), f.date(deadline))}, need, true
}

// lifeCycles are the won cycles of a life table (lifeTable.wonCycles),
// nil without one.
func lifeCycles(l *lifeTable) []int {
	if l == nil {
		return nil
	}
	return l.wonCycles(simLifeCycles)
}

// decision is the reason that decided a target's verdict, in the words of
// the check that decided it: the target already reached, a cap (growth
// without a lever, a rate beyond the record), else the probability, else
// the capacity or cycle check. Where the probability and a deterministic
// check seem to disagree, a further reason says why the probability
// decides.
func decision(r *TargetResult, t Target, opt Options, f fm, res SimResult, openCover float64, own *groupStats,
	fromProbability Verdict, capped *Reason, reached bool) Reason {
	lang := f.lang
	verdictName := pick(lang, verdictNames[r.Verdict])
	if first, size := utf8.DecodeRuneInString(verdictName); size > 0 {
		verdictName = string(unicode.ToUpper(first)) + verdictName[size:]
	}
	switch {
	case reached:
		for _, rs := range r.Reasons {
			if rs.Code == CodeReached {
				return rs
			}
		}
	case capped != nil && r.HasProbability:
		return reason(lang, CodeDecidedCap, verdictName, f.pct(r.Probability), capped.Message)
	case capped != nil:
		return *capped
	case r.HasProbability:
		if openCover >= 1 && r.Probability < 0.5 {
			r.Reasons = append(r.Reasons, reason(lang, CodeReconcileCoverage, f.pct(openCover), f.pct(r.Probability),
				f.pct(res.OpenTopShare), f.num(float64(res.OpenTopDeals), 0)))
		}
		if r.HasCapacity && r.CapacityRatio > 1 && fromProbability == Achievable {
			r.Reasons = append(r.Reasons, reason(lang, CodeReconcileCapacity, f.num(r.CapacityRatio, 2),
				f.value(t.Metric, res.OpenYield)))
		}
		return reason(lang, CodeDecidedProbability, verdictName, f.pct(r.Probability),
			f.pct(opt.AchievableAt), f.pct(opt.UnrealisticBelow), driver(r, t, f, openCover, own))
	}
	for _, rs := range r.Reasons {
		switch rs.Code {
		case CodeCapacity, CodeCapacityMeetings, CodeCycle, CodeRateRealism, CodeDealSizeRealism:
			return rs
		}
	}
	if len(r.Reasons) > 0 {
		return r.Reasons[0]
	}
	return Reason{}
}

// driver is what mostly moves a probability, for the decision's sentence:
// the opportunity flow a target needs, the open pipeline when only it can
// close in time, the rate or deal size against the record; else the median
// outcome.
func driver(r *TargetResult, t Target, f fm, openCover float64, own *groupStats) string {
	lang, h := f.lang, r.History
	recent, mean, moved := recentPace(own)
	if !moved {
		recent = 0
	}
	onlyOpen := slices.ContainsFunc(r.Reasons, func(rs Reason) bool { return rs.Code == CodeCycle })
	switch {
	case onlyOpen:
		return text(lang, CodeDriverOpenOnly, f.pct(openCover))
	case r.HasCapacity && t.Metric == Meetings && h.HasActivity && r.CapacityBase == h.MeetingsPerMonth:
		return text(lang, msgDriverMeetings, f.num(r.CapacityRatio, 2))
	case r.HasCapacity && recent > 0 && mean > 0:
		// the ratio against the window's mean and against the recent pace,
		// whichever the check divided by
		need := r.CapacityRatio * r.CapacityBase
		return text(lang, CodeDriverCapacityRecent, f.num(need/mean, 2), f.num(need/recent, 2))
	case r.HasCapacity && openCover > 0:
		return text(lang, CodeDriverCapacityOpen, f.num(r.CapacityRatio, 2), f.pct(openCover))
	case r.HasCapacity:
		return text(lang, CodeDriverCapacity, f.num(r.CapacityRatio, 2))
	case t.Metric == WinRate && h.HasWinRate:
		return text(lang, CodeDriverRate, f.pct(t.Value), f.pct(h.WinRate))
	case t.Metric == DealSize && h.HasDeal:
		return text(lang, CodeDriverDealSize, f.money(t.Value), f.money(h.AvgDeal), f.value(t.Metric, r.P50))
	}
	return text(lang, CodeDriverMedian, f.value(t.Metric, r.P50))
}

// recentPace is the opportunity flow the simulation follows (recent months
// weigh most) against the window's mean; ok is false when they differ by
// less than 5 % or the history is too short to tell.
func recentPace(own *groupStats) (recent, mean float64, ok bool) {
	mean = own.OpportunitiesPerMonth
	if own == nil || len(own.buckets) < 2 || mean <= 0 {
		return 0, mean, false
	}
	// simRecencyWeights is cumulative (the simulation picks a month from
	// it): each month's weight is its step.
	cum := simRecencyWeights(len(own.buckets), simHalfLife)
	var sum, prev float64
	for i, c := range own.buckets {
		sum += (cum[i] - prev) * c
		prev = cum[i]
	}
	recent = sum
	return recent, mean, math.Abs(recent/mean-1) >= 0.05
}

// labelTeam names a team, or the company for a blank team.
func labelTeam(lang, team string) string {
	if team == "" {
		return label(lang, GroupKey{})
	}
	return team
}

// sortReasons orders reasons by importance for the reader, keeping the
// order of equal codes.
func sortReasons(rs []Reason) {
	order := map[string]int{CodeUnknownMetric: 0, CodeNoValue: 0, CodeBadValue: 0, CodeBadDates: 0,
		CodeNoHistory: 1, CodeNoAmounts: 1, CodeNoPipeline: 1, CodeSimulation: 1, CodeReached: 2, CodeCycle: 2, CodeProbability: 3,
		CodeCapacity: 4, CodeRecentPace: 4, CodeCapacityMeetings: 5, CodeCapacityContacts: 5, CodeRateRealism: 4, CodeDealSizeRealism: 4,
		CodeGrowth: 6, CodeGrowthLever: 6, CodeMarket: 6, CodeMarketContacts: 6, CodeCycleWindow: 7, CodeCoverage: 8, CodeNoBaseline: 9, CodeBorrowed: 10,
		CodeSmallSample: 10, CodeAssumption: 11, CodeSeasonalFallback: 12, CodeRevenueEffect: 4, CodeDealSizeEffect: 4,
		CodeRevenueEffectDown: 4, CodeDealSizeEffectDown: 4, CodeReconcileCoverage: 3, CodeReconcileCapacity: 3,
		CodeLeverEffect: 13, CodeLeverUnknown: 13}
	slices.SortStableFunc(rs, func(a, b Reason) int { return cmp.Compare(order[a.Code], order[b.Code]) })
}

// additive reports whether a metric's achievements add up over time (not a
// rate or an average).
func additive(m Metric) bool {
	return m == Revenue || m == NewCustomers || m == Opportunities || m == Meetings
}

func verdictFromCapacity(c float64) Verdict {
	switch {
	case c <= 1:
		return Achievable
	case c <= capacityStretch:
		return Stretch
	}
	return Unrealistic
}

func verdictFromProbability(p float64, opt Options) Verdict {
	switch {
	case p >= opt.AchievableAt:
		return Achievable
	case p < opt.UnrealisticBelow:
		return Unrealistic
	}
	return Stretch
}

// rateRealism judges a target win rate against the Wilson interval and the
// best quarter on record.
func rateRealism(r *TargetResult, target float64, g *groupStats, f fm, caps *[]Verdict) Verdict {
	best := pick(f.lang, [2]string{"not available", "non disponible"})
	if g.hasBestWin {
		best = f.pct(g.bestWinRate) + " (" + locale.Quarter(f.lang, g.bestWinRateQ.year, g.bestWinRateQ.q) + ")"
	}
	r.Reasons = append(r.Reasons, reason(f.lang, CodeRateRealism, f.pct(target), f.pct(g.WinRate),
		f.pct(g.WinRateLow), f.pct(g.WinRateHigh), f.num(float64(g.Closed), 0), best))
	switch {
	case target <= g.WinRateHigh:
		return Achievable
	case g.hasBestWin && target <= g.bestWinRate:
		*caps = append(*caps, Stretch)
		return Stretch
	}
	*caps = append(*caps, Unrealistic)
	return Unrealistic
}

// dealSizeRealism judges a target average deal against the 95 % interval
// of the mean and the best quarter on record.
func dealSizeRealism(r *TargetResult, target float64, g *groupStats, f fm, caps *[]Verdict) Verdict {
	hi := g.AvgDeal + z95*g.dealStdDev/math.Sqrt(float64(max(1, len(g.wonAmounts))))
	best := pick(f.lang, [2]string{"not available", "non disponible"})
	if g.hasBestDeal {
		best = f.money(g.bestDeal) + " (" + locale.Quarter(f.lang, g.bestDealQ.year, g.bestDealQ.q) + ")"
	}
	r.Reasons = append(r.Reasons, reason(f.lang, CodeDealSizeRealism, f.money(target), f.money(g.AvgDeal),
		f.money(hi), f.num(float64(len(g.wonAmounts)), 0), best))
	switch {
	case target <= hi:
		return Achievable
	case g.hasBestDeal && target <= g.bestDeal:
		*caps = append(*caps, Stretch)
		return Stretch
	}
	*caps = append(*caps, Unrealistic)
	return Unrealistic
}

// openView is what the open pipeline can still bring: the deals no older
// than the 80th percentile of the won cycles (older ones are stale and left
// out), their amount (a missing amount counts as the average deal), and
// what they are expected to bring at the win rate.
type openView struct {
	fresh, stale int
	amount       float64
	// expected is what the open deals are expected to bring inside the
	// period: the simulation's OpenYield when it ran, else amount × win
	// rate (revenue) or count × win rate.
	expected float64
	left     float64 // what remains to be won
}

func coverage(m Metric, base *simBase, hist Ratios, target float64, prog progressData) openView {
	v := openView{amount: base.openAmount, fresh: base.fresh, stale: base.stale}
	done := 0.0
	if prog.has && additive(m) {
		done = prog.actual
	}
	v.left = max(0, target-done)
	switch m {
	case Revenue:
		v.expected = v.amount * hist.WinRate
	case NewCustomers:
		v.expected = float64(v.fresh+v.stale) * hist.WinRate
	}
	return v
}

// staleNote says how many stale open deals were left out.
func staleNote(f fm, v openView, hist Ratios) string {
	if v.stale == 0 {
		return ""
	}
	return fmt.Sprintf(pick(f.lang, [2]string{", %s of them older than %s days, which rarely close",
		", dont %s de plus de %s jours, qui se concluent rarement"}), f.num(float64(v.stale), 0), f.num(hist.CycleDaysP80, 0))
}

// targetSeed derives the seed of a target's simulation from the options'
// seed, the target's scope and its period, so that it does not depend on
// the order of the targets, and two targets that are the same event
// (960 opportunities, or 1,919 meetings at a 50 % opportunity rate, for one
// team and quarter) draw the same runs and get the same probability.
func targetSeed(seed int64, t Target) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00%s\x00%s", seed, seedFold(t.Team), seedFold(t.Segment),
		seedFold(t.Offer), t.Start.Format(time.DateOnly), t.Deadline.Format(time.DateOnly))
	return int64(h.Sum64() >> 1)
}

// simRefineRuns bounds the runs of a probability within Monte Carlo error
// of a verdict threshold: at most this many times the runs asked.
const simRefineRuns = 16

// simError is the Monte Carlo error of a probability estimated from runs
// runs: two standard errors of a binomial share.
func simError(p float64, runs int) float64 {
	if runs <= 0 {
		return 0
	}
	return 2 * math.Sqrt(p*(1-p)/float64(runs))
}

// nearThreshold returns the verdict threshold (AchievableAt or
// UnrealisticBelow) that lies within simError of p, or 0 when none does.
func nearThreshold(p float64, runs int, opt Options) float64 {
	e := simError(p, runs)
	for _, thr := range []float64{opt.AchievableAt, opt.UnrealisticBelow} {
		if p-e < thr && thr <= p+e {
			return thr
		}
	}
	return 0
}

// simInput builds the simulation of a target: the scope's own volume and
// open pipeline, the rates of the group used (possibly borrowed).
// seedFold is the form of a name that seeds a target's simulation. It
// stays the lower-cased, trimmed text, so that seeds (and so every
// published probability) do not move when name matching changes.
func seedFold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func simInput(h *history, t Target, own, used *groupStats, base *simBase, rates FunnelRates, start, deadline time.Time, prog progressData) SimInput {
	in := SimInput{life: base.life, prep: base.prep, Metric: t.Metric, Target: t.Value, Start: start, Deadline: deadline,
		// The simulation treats AsOf as the first day still to come.
		AsOf:                 h.w.asOf.AddDate(0, 0, 1),
		MonthlyOpportunities: own.buckets,
		Won:                  used.Won, Lost: used.Lost,
		WonAmounts: used.wonAmounts, CycleDays: used.cycleDays,
		OpportunityRate:  rates.OpportunityRate,
		MaxConcentration: simMaxConcentration, VolumeShape: simVolumeShape,
	}
	// The run rate is the scope's own: what this team (segment, offer)
	// has been winning, whatever it borrows for its rates. The deals'
	// own noise per month is the sum of their squares: the amounts', or
	// one per deal for a count.
	series, squares := own.revenueBuckets, own.wonSquares
	if t.Metric == NewCustomers {
		series, squares = own.wonBuckets, float64(own.Won)
	}
	if n := len(series); n > 0 {
		in.RunRate, in.RunRateShare, in.RunRateNoise = series, simRunRateShare, squares/float64(n)
	}
	// The scope's lost cycles and closed deals: the open pipeline's
	// chances by age are measured on how deals of each age fared recently
	// (see SimInput.Closed), from the first day the history records
	// closings.
	in.LostCycleDays = used.lostCycles
	// (the closed deals given are the window's: it observes closings from
	// its start; recentLifeOf)
	in.ObservedFrom = (h.w.startDay + 1).Time()
	if h.w.firstClosed > h.w.startDay {
		in.ObservedFrom = h.w.firstClosed.Time()
	}
	// (read only: the simulation copies what it changes)
	in.Closed, in.Open = base.closed, base.open
	if prog.has && additive(t.Metric) {
		in.ActualSoFar = prog.actual
	}
	return in
}

// recentPaceReason says so when the scope's recent opportunity flow, as the
// simulation weighs it (simHalfLife), differs by 5 % or more from its mean
// over the window: it is why a capacity ratio of 1.00 can come with a
// probability well below one half.
func recentPaceReason(lang string, f fm, own *groupStats) (Reason, bool) {
	recent, mean, ok := recentPace(own)
	if !ok {
		return Reason{}, false
	}
	trend := pick(lang, [2]string{"slowed", "a ralenti"})
	if recent > mean {
		trend = pick(lang, [2]string{"picked up", "a accéléré"})
	}
	return reason(lang, CodeRecentPace, trend, f.num(recent, 1), f.num(mean, 1)), true
}
