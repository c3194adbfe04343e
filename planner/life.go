package planner

// A lifeSpan is one deal as a life table sees it: the day it was created
// and the day it closed (won or lost) or, for a deal still open, the last
// day it was seen open. Days are any day count (Date or simDay), the same
// for every span of a table.
type lifeSpan struct {
	created, end int
	closed, won  bool
}

// lifeTable is a discrete-time competing-risks life table of deals by age
// in days: the Aalen–Johansen estimate of the chances that a deal still
// open at age a ends won and ends lost, deals still open being censored
// where they were last seen (not counted as lost, nor as won).
type lifeTable struct {
	// won[a] and lost[a] are the chances that a deal still open at age a
	// is won and lost in the end; the last element covers every older age.
	won, lost []float64
	// hw and hl are the daily hazards of a win and of a loss by age.
	hw, hl []float64
	// inc[a] is the chance that a new deal is won before age a: the
	// cumulative incidence of a win from age 0 (len(hw)+1 elements).
	inc []float64
}

// newLifeTable estimates the life table of spans over the days [from,
// end): each deal is exposed at the ages it had on those days while open,
// so that a deal created before from enters the table at the age it had
// on that day (delayed entry, for left truncation: an export that records
// no closing before from cannot show the deals that closed earlier), and
// a closing is counted when it falls on those days. It returns nil when
// fewer than simMinRecent closings fall there: too few to measure by age.
//
// A period table (the deals open over the last months) and a cohort table
// (the deals created in a window, followed to the as-of date) are both
// this estimate, on other spans and days.
func newLifeTable(spans []lifeSpan, from, end int) *lifeTable {
	T := 1
	events := 0
	for _, s := range spans {
		if s.closed && s.end >= from && s.end < end && s.end >= s.created {
			events++
			T = max(T, s.end-s.created+2)
		}
	}
	if events < simMinRecent {
		return nil
	}
	// Ages past the last closing all behave alike: T is one past it.
	exposure := make([]float64, T+1) // a difference array, then summed
	dw := make([]float64, T)
	dl := make([]float64, T)
	for _, s := range spans {
		last := min(s.end, end-1)
		if s.end < s.created {
			continue
		}
		if lo, hi := max(0, from-s.created), min(last-s.created, T-1); lo <= hi {
			exposure[lo]++
			exposure[hi+1]--
		}
		if s.closed && s.end >= from && s.end < end {
			if s.won {
				dw[s.end-s.created]++
			} else {
				dl[s.end-s.created]++
			}
		}
	}
	for t := 1; t <= T; t++ {
		exposure[t] += exposure[t-1]
	}
	tab := &lifeTable{won: make([]float64, T+1), lost: make([]float64, T+1), hw: make([]float64, T), hl: make([]float64, T)}
	for t := T - 1; t >= 0; t-- {
		tab.won[t], tab.lost[t] = tab.won[t+1], tab.lost[t+1]
		if e := exposure[t]; e > 0 {
			hw, hl := dw[t]/e, dl[t]/e
			tab.hw[t], tab.hl[t] = hw, hl
			tab.won[t] = hw + (1-hw-hl)*tab.won[t+1]
			tab.lost[t] = hl + (1-hw-hl)*tab.lost[t+1]
		}
	}
	tab.inc = make([]float64, T+1)
	surv := 1.0
	for a, hw := range tab.hw {
		tab.inc[a+1] = tab.inc[a] + surv*hw
		surv = max(0, surv*(1-hw-tab.hl[a]))
	}
	return tab
}

// recentLife is the period life table the planner and the simulation use
// for the chances of deals by age: the spans of the closed deals and of the
// deals open at asOf (the first day still to come), over the last
// simRecentDays days before asOf, or from observedFrom when the history
// records closings only since then. It is nil with fewer than
// simMinRecent closings in that time.
func recentLife(spans []lifeSpan, asOf, observedFrom int) *lifeTable {
	from := max(asOf-simRecentDays, observedFrom)
	return newLifeTable(spans, from, asOf)
}

// conversion is the chance that a new deal (open at age 0) is won in the
// end: the conversion per created opportunity.
func (t *lifeTable) conversion() float64 { return t.won[0] }

// wonCycles returns n ages, sorted, spread evenly over the distribution
// of the age at which a new deal that is won closes: the cumulative
// incidence of a win from age 0, normalised.
func (t *lifeTable) wonCycles(n int) []int {
	total := t.inc[len(t.inc)-1]
	if total <= 0 {
		return nil
	}
	out := make([]int, n)
	a := 0
	for i := range out {
		v := (float64(i) + 0.5) / float64(n) * total
		for a < len(t.hw)-1 && t.inc[a+1] <= v {
			a++
		}
		out[i] = a
	}
	return out
}
