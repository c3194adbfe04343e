package planner

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// smartCheck is the SMART check of METHOD §7.
func smartCheck(e *targetEval, opt Options) Smart {
	lang := opt.Lang
	t := e.res.Target
	var s Smart
	join := func(rs []string) Check {
		if len(rs) == 0 {
			return Check{Pass: true}
		}
		return Check{Reason: strings.Join(rs, " ")}
	}

	var spec []string
	if strings.TrimSpace(t.Team) == "" {
		spec = append(spec, text(lang, CodeSpecificTeam))
	}
	if !e.scope.segment && !e.scope.offer {
		written := strings.TrimSpace(t.Segment)
		if written == "" {
			written = strings.TrimSpace(t.Offer)
		}
		if written == "" {
			spec = append(spec, text(lang, CodeSpecificNoScope))
		} else {
			spec = append(spec, text(lang, CodeSpecificScope, written))
		}
	}
	if strings.TrimSpace(t.Lever) == "" {
		spec = append(spec, text(lang, CodeSpecificLever))
	}
	s.Specific = join(spec)

	var meas []string
	if !knownMetric(t.Metric) {
		name := t.MetricText
		if name == "" {
			name = string(t.Metric)
		}
		meas = append(meas, text(lang, CodeMeasurableMetric, name))
	}
	if !t.HasValue || !(t.Value > 0) || (t.Metric.IsRate() && t.Value > 1) {
		meas = append(meas, text(lang, CodeMeasurableValue))
	}
	if t.Metric.IsRate() && !t.HasBaseline {
		meas = append(meas, text(lang, CodeMeasurableBase))
	}
	s.Measurable = join(meas)

	switch e.res.Verdict {
	case Achievable, Stretch:
		s.Achievable = Check{Pass: true}
	default:
		why := pick(lang, verdictNames[e.res.Verdict])
		if d := e.res.Decision; d.Message != "" {
			why = d.Message
		}
		s.Achievable = Check{Reason: why}
	}

	relevant := strings.TrimSpace(t.Rationale) != ""
	for _, p := range opt.Priorities {
		p = fold(p)
		if p != "" && (p == e.scope.key.Segment || p == e.scope.key.Offer ||
			(!e.scope.segment && !e.scope.offer && p == e.scope.key.Team)) {
			relevant = true
		}
	}
	if relevant {
		s.Relevant = Check{Pass: true}
	} else {
		s.Relevant = Check{Reason: text(lang, CodeRelevant)}
	}

	if t.Start.IsZero() || t.Deadline.IsZero() || t.Deadline.Before(t.Start) {
		s.TimeBound = Check{Reason: text(lang, CodeTimeBound)}
	} else {
		s.TimeBound = Check{Pass: true}
	}
	return s
}

// addMistakes names the four classic mistakes of METHOD §7 on the targets
// they concern.
func addMistakes(evals []targetEval, opt Options) {
	lang := opt.Lang
	f := fmtFor(opt)
	byTeam := map[string][]int{}
	for i := range evals {
		e := &evals[i]
		r := &e.res
		byTeam[e.scope.key.Team] = append(byTeam[e.scope.key.Team], i)
		// over capacity is a mistake only where the probability, which
		// also counts the open pipeline, does not say achievable
		if r.HasCapacity && r.CapacityRatio > 1 && r.Verdict != Achievable {
			unit := pick(lang, [2]string{"opportunities created", "opportunités créées"})
			if r.Target.Metric == Meetings && r.History.HasActivity && r.History.MeetingsPerMonth > 0 {
				unit = pick(lang, [2]string{"meetings held", "rendez-vous tenus"})
			}
			r.Mistakes = append(r.Mistakes, reason(lang, CodeMistakeCapacity, f.num(r.CapacityRatio, 2), unit,
				f.num(r.CapacityBase, 1)))
		}
		if e.valid && e.periodMonths >= 12 && !r.Target.MonthlyBreakdown {
			r.Mistakes = append(r.Mistakes, reason(lang, CodeMistakeMonthly))
		}
		if e.valid && e.cycleDays > 0 && float64(e.periodDays) < e.cycleDays {
			r.Mistakes = append(r.Mistakes, reason(lang, CodeMistakeCycle, f.num(float64(e.periodDays), 0),
				f.num(e.cycleDays, 0)))
		}
	}
	for _, idx := range byTeam {
		if len(idx) < 2 {
			continue
		}
		seen := map[int]bool{}
		ordered := true
		for _, i := range idx {
			p := evals[i].res.Target.Priority
			if p <= 0 || seen[p] {
				ordered = false
			}
			seen[p] = true
		}
		if ordered {
			continue
		}
		team := strings.TrimSpace(evals[idx[0]].res.Target.Team)
		for _, i := range idx {
			if t := strings.TrimSpace(evals[i].res.Target.Team); t < team {
				team = t // the same spelling whatever the order
			}
		}
		for _, i := range idx {
			r := &evals[i].res
			r.Mistakes = append(r.Mistakes, reason(lang, CodeMistakePriority, labelTeam(lang, team), f.num(float64(len(idx)), 0)))
		}
	}
	order := map[string]int{CodeMistakeCapacity: 0, CodeMistakeMonthly: 1, CodeMistakeCycle: 2, CodeMistakePriority: 3}
	for i := range evals {
		slices.SortStableFunc(evals[i].res.Mistakes, func(a, b Reason) int { return cmp.Compare(order[a.Code], order[b.Code]) })
	}
}

// sentence renders the SMART sentence of a target through the injected
// template function.
func sentence(e *targetEval, opt Options) (string, error) {
	t := e.res.Target
	if opt.Sentence == nil || !knownMetric(t.Metric) || math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		return "", nil // no sentence can be written for an unknown metric
	}
	sc := strings.TrimSpace(t.Segment)
	if !e.scope.segment {
		sc = ""
	}
	if e.scope.offer {
		if sc != "" {
			sc += " / "
		}
		sc += strings.TrimSpace(t.Offer)
	}
	if sc == "" {
		sc = strings.TrimSpace(t.Team)
	}
	req := e.res.Required
	d := SentenceData{Metric: t.Metric, Value: t.Value, Currency: opt.Currency, Scope: sc,
		Team: strings.TrimSpace(t.Team), Deadline: t.Deadline, Lever: strings.TrimSpace(t.Lever),
		Deals: req.Deals, Opportunities: req.Opportunities, OpportunitiesPerMonth: req.OpportunitiesPerMonth}
	switch {
	case t.HasBaseline:
		d.Baseline, d.HasBaseline = t.Baseline, true
	case (t.Metric == WinRate || t.Metric == DealSize) && e.res.HasRequired:
		d.Baseline, d.HasBaseline = e.baseline, true
	}
	if t.Metric == Meetings && e.res.HasRequired {
		d.Meetings, d.Contacts = req.Meetings, req.Contacts
		if e.res.CreationMonths > 0 {
			d.MeetingsPerMonth = req.Meetings / float64(e.periodMonths)
		}
	}
	s, err := opt.Sentence(opt.Lang, d)
	if err != nil {
		return "", fmt.Errorf("sentence of target %q: %w", t.ID, err)
	}
	return s, nil
}
