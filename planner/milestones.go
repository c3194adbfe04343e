package planner

import "time"

// milestones builds the monthly plan of a target (METHOD §5): the target's
// own quantity phased over the period (flat, or seasonal from the
// historical pattern), and for deal-based metrics the opportunities still
// to create phased over the creation window, each month's opportunities
// serving the deals of the month one cycle later; meetings and contacts
// follow the opportunities (or the meetings) of the same month.
func milestones(h *history, t Target, e *targetEval, own, used *groupStats, req Funnel, rates FunnelRates,
	cw creationWindow, opt Options) []MonthPlan {
	eFirst, eMonths := cw.first, cw.months
	r := &e.res
	pFirst, pLast := MonthOf(t.Start), MonthOf(t.Deadline)
	var weights []float64
	if opt.Phasing == "seasonal" {
		series := used.wonByMonth
		switch t.Metric {
		case Revenue:
			series = used.wonAmountByMonth
		case Opportunities, Meetings:
			series = used.createdByMonth
		}
		var n int
		weights, n = SeasonalWeights(series, used.firstMonth, h.w.asOf)
		if weights == nil {
			r.Reasons = append(r.Reasons, reason(opt.Lang, CodeSeasonalFallback, fmtFor(opt).num(float64(n), 0)))
		}
	}
	first := pFirst
	if eMonths > 0 && eFirst.Before(first) {
		first = eFirst
	}
	rows := make([]MonthPlan, monthsBetween(first, pLast)+1)
	at := func(m Month) *MonthPlan {
		i := monthsBetween(first, m)
		if i < 0 || i >= len(rows) {
			return nil
		}
		return &rows[i]
	}
	for i := range rows {
		rows[i].Month = first.Add(i)
	}
	total := t.Value
	switch t.Metric {
	case WinRate, DealSize:
		total = req.Deals
	}
	phase := phaseDays(dateOf(t.Start), dateOf(t.Deadline), total, weights)
	for _, mv := range phase {
		mp := at(mv.Month)
		switch t.Metric {
		case Revenue:
			mp.Revenue, mp.Deals = mv.Value, mv.Value/used.AvgDeal
		case NewCustomers, WinRate:
			mp.Deals, mp.Revenue = mv.Value, mv.Value*used.AvgDeal
		case DealSize:
			mp.Deals, mp.Revenue = mv.Value, mv.Value*t.Value
		case Opportunities:
			mp.Opportunities = mv.Value
		case Meetings:
			mp.Meetings = mv.Value
		}
	}
	switch {
	case dealMetric(t.Metric) && eMonths > 0 && !cw.from.IsZero():
		// The capacity check's months: the requirement a month, every
		// month, a month partly covered its share of days.
		for _, mv := range phaseDays(cw.from, cw.to, req.Opportunities, nil) {
			at(mv.Month).Opportunities = mv.Value
		}
	case dealMetric(t.Metric) && eMonths > 0:
		// Opportunities to create from now on (the requirement a month,
		// over the creation window), in proportion to the deals they serve
		// one cycle later.
		shift := cw.shift
		opps := req.OpportunitiesPerMonth * float64(eMonths)
		sum := 0.0
		ws := make([]float64, eMonths)
		for i := range ws {
			if mp := at(eFirst.Add(i + shift)); mp != nil {
				ws[i] = mp.Deals
			}
			sum += ws[i]
		}
		for i := range ws {
			mp := at(eFirst.Add(i))
			if sum > 0 {
				mp.Opportunities = opps * ws[i] / sum
			} else {
				mp.Opportunities = opps / float64(eMonths)
			}
		}
	}
	for i := range rows {
		mp := &rows[i]
		if t.Metric != Meetings && rates.OpportunityRate > 0 {
			mp.Meetings = mp.Opportunities / rates.OpportunityRate
		}
		if rates.MeetingRate > 0 && rates.ResponseRate > 0 {
			mp.Contacts = mp.Meetings / rates.MeetingRate / rates.ResponseRate
		}
		if i > 0 {
			mp.CumDeals, mp.CumRevenue = rows[i-1].CumDeals, rows[i-1].CumRevenue
		}
		mp.CumDeals += mp.Deals
		mp.CumRevenue += mp.Revenue
	}
	return rows
}

// creationWindow is the months in which a target's new opportunities are
// to be created: METHOD §5's [start − lead, deadline − median cycle],
// each month serving the deals one cycle (shift months) later; or, where
// the capacity check ran as a convolution, the days from and to over which
// it assumes a steady creation.
type creationWindow struct {
	first, last Month
	months      int
	shift       int
	from, to    time.Time
}

// fmtFor returns the formatter of the options' language and currency.
func fmtFor(opt Options) fm { return fm{opt.Lang, opt.Currency} }

// phaseDays spreads total over the months of the period from start to
// deadline like Phase, but a month the period only partly covers (a start
// on the 15th) weighs in proportion to the days it covers.
func phaseDays(start, deadline time.Time, total float64, weights []float64) []MonthValue {
	first, last := MonthOf(start), MonthOf(deadline)
	out := make([]MonthValue, monthsBetween(first, last)+1)
	ws := make([]float64, len(out))
	sum, flat := 0.0, 0.0
	for i := range out {
		m := first.Add(i)
		out[i].Month = m
		from, to := 1, daysIn(m)
		if m == first {
			from = start.Day()
		}
		if m == last {
			to = deadline.Day()
		}
		cover := float64(to-from+1) / float64(daysIn(m))
		ws[i] = cover
		flat += cover
		if weights != nil {
			ws[i] *= weights[m.Month-1]
		}
		sum += ws[i]
	}
	for i := range out {
		if sum > 0 {
			out[i].Value = total * ws[i] / sum
		} else {
			// seasonal weights all zero over the period: flat by days
			m := out[i].Month
			from, to := 1, daysIn(m)
			if m == first {
				from = start.Day()
			}
			if m == last {
				to = deadline.Day()
			}
			out[i].Value = total * float64(to-from+1) / float64(daysIn(m)) / flat
		}
	}
	return out
}
