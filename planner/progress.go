package planner

import (
	"slices"
	"time"
)

// progressData is what a target achieved from its start to the as-of date
// (METHOD §8): the actual of its metric in total and per month.
type progressData struct {
	has     bool // the as-of date is on or after the start
	actual  float64
	monthly map[Month]float64
}

// progress measures a target's actuals in the scope's history: won amount
// (revenue), won deals (new customers), opportunities created, meetings
// (from the team's activity), win rate or mean won amount, over the days
// from start to the as-of date (or the deadline, when earlier).
func progress(h *history, t Target, sc scope, start, deadline time.Time) progressData {
	asOf := h.w.asOf
	p := progressData{monthly: map[Month]float64{}}
	if asOf.Before(start) {
		return p
	}
	p.has = true
	end := asOf
	if deadline.Before(end) {
		end = deadline
	}
	from, to := DateOf(start), DateOf(end)
	in := func(d Date) bool { return !d.IsZero() && d >= from && d <= to }
	amounts := map[Month][]float64{}
	won, lost := map[Month]float64{}, map[Month]float64{}
	var all []float64
	var nWon, nLost float64
	for _, i := range h.idx[sc.key] {
		d := &h.deals[i]
		switch t.Metric {
		case Opportunities:
			if in(d.Created) {
				p.monthly[d.Created.Month()]++
				p.actual++
			}
			continue
		case Meetings:
			continue
		}
		if !in(d.Closed) {
			continue
		}
		m := d.Closed.Month()
		switch d.Status {
		case Won:
			won[m]++
			nWon++
			if d.HasAmount {
				amounts[m] = append(amounts[m], d.Amount)
				all = append(all, d.Amount)
			}
		case Lost:
			lost[m]++
			nLost++
		}
	}
	switch t.Metric {
	case Meetings:
		// Meetings are recorded per team: a segment or offer is credited
		// with the team's meetings in proportion to its share of the
		// team's opportunities, as its activity is in evaluate.
		share := 1.0
		if sc.segment || sc.offer {
			share = 0
			own, team := h.stats[sc.key], h.stats[GroupKey{Team: sc.key.Team}]
			if own != nil && team != nil && team.Created > 0 {
				share = float64(own.Created) / float64(team.Created)
			}
		}
		for m, v := range h.meetings[sc.key.Team] {
			if !m.Before(MonthOf(start)) && !MonthOf(end).Before(m) {
				p.monthly[m] = v * share
			}
		}
		var vs []float64
		for _, v := range p.monthly {
			vs = append(vs, v)
		}
		p.actual = sumSorted(vs)
	case Revenue:
		for m, vs := range amounts {
			p.monthly[m] = sumSorted(vs)
		}
		p.actual = sumSorted(all)
	case NewCustomers:
		p.monthly, p.actual = won, nWon
	case WinRate:
		for m := range won {
			p.monthly[m] = won[m] / (won[m] + lost[m])
		}
		for m := range lost {
			p.monthly[m] = won[m] / (won[m] + lost[m])
		}
		if nWon+nLost > 0 {
			p.actual = nWon / (nWon + nLost)
		}
	case DealSize:
		for m, vs := range amounts {
			slices.Sort(vs)
			p.monthly[m] = meanSorted(vs)
		}
		slices.Sort(all)
		p.actual = meanSorted(all)
	}
	return p
}

// applyProgress fills the actuals of the months already started, the plan
// and actual to date, and the monthly rate now needed.
func applyProgress(r *TargetResult, p progressData, asOf, start, deadline time.Time) {
	if !p.has {
		return
	}
	t := r.Target
	cur := MonthOf(asOf)
	// share of the period's days in the as-of month already elapsed
	from, to := 1, daysIn(cur)
	if cur == MonthOf(start) {
		from = start.Day()
	}
	if cur == MonthOf(deadline) {
		to = deadline.Day()
	}
	frac := min(1, max(0, float64(asOf.Day()-from+1)/float64(to-from+1)))
	if deadline.Before(asOf) {
		cur, frac = MonthOf(deadline), 1
	}
	plan := 0.0
	for i := range r.Monthly {
		mp := &r.Monthly[i]
		if mp.Month.Before(MonthOf(start)) || MonthOf(deadline).Before(mp.Month) || cur.Before(mp.Month) {
			continue
		}
		mp.Actual, mp.HasActual = p.monthly[mp.Month], true
		v := planOf(t.Metric, mp)
		if mp.Month == cur {
			v *= frac
		}
		plan += v
	}
	r.HasProgress = true
	r.ActualToDate = p.actual
	if additive(t.Metric) {
		r.PlanToDate = plan
		left := monthsLeft(asOf, deadline)
		if left > 0 {
			r.NeededPerMonth = max(0, t.Value-p.actual) / left
		}
	} else {
		r.PlanToDate = t.Value // a rate or an average is planned at its target all along
	}
}

// planOf is the planned value of a target's metric in a month.
func planOf(m Metric, mp *MonthPlan) float64 {
	switch m {
	case Revenue:
		return mp.Revenue
	case NewCustomers:
		return mp.Deals
	case Opportunities:
		return mp.Opportunities
	case Meetings:
		return mp.Meetings
	}
	return 0
}

// monthsLeft is the number of months from the day after asOf to the
// deadline: the rest of the as-of month as a fraction, plus whole months.
func monthsLeft(asOf, deadline time.Time) float64 {
	if !asOf.Before(deadline) {
		return 0
	}
	cur, last := MonthOf(asOf), MonthOf(deadline)
	if cur == last {
		return float64(deadline.Day()-asOf.Day()) / float64(daysIn(cur))
	}
	rest := float64(daysIn(cur)-asOf.Day()) / float64(daysIn(cur))
	full := float64(monthsBetween(cur, last) - 1)
	return rest + full + float64(deadline.Day())/float64(daysIn(last))
}
