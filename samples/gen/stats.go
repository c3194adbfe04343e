package main

import (
	"math"
	"sort"
	"time"
)

// asOf is the date the targets are sized on (the export date): the
// trailing twelve months are (asOf − 12 months, asOf], as in `ratios`.
var asOf = exportDay

// scope selects deals: a team, narrowed by segment and/or offer when set.
type scope struct{ team, segment, offer string }

func (s scope) has(d Deal) bool {
	return d.Team == s.team && (s.segment == "" || d.Segment == s.segment) && (s.offer == "" || d.Offer == s.offer)
}

// trailing is what a scope did over the trailing twelve months (METHOD §3).
type trailing struct {
	Won, Lost, Created int
	Revenue            float64 // won amount closed in the window
	WinRate            float64 // won / (won + lost)
	AvgDeal            float64 // mean won amount
	CycleMedian        float64 // days, won deals
	Meetings           int     // team meetings from activity (whole team)
}

func inWindow(t time.Time) bool {
	return !t.IsZero() && t.After(asOf.AddDate(-1, 0, 0)) && !t.After(asOf)
}

func (ds *Dataset) trailing(s scope) trailing {
	var tr trailing
	var cycles []float64
	for _, d := range ds.Deals {
		if !s.has(d) {
			continue
		}
		if inWindow(d.Created) {
			tr.Created++
		}
		if !inWindow(d.Closed) {
			continue
		}
		switch d.Status {
		case "won":
			tr.Won++
			tr.Revenue += d.Amount
			cycles = append(cycles, d.Closed.Sub(d.Created).Hours()/24)
		case "lost":
			tr.Lost++
		}
	}
	if tr.Won+tr.Lost > 0 {
		tr.WinRate = float64(tr.Won) / float64(tr.Won+tr.Lost)
	}
	if tr.Won > 0 {
		tr.AvgDeal = tr.Revenue / float64(tr.Won)
	}
	tr.CycleMedian = median(cycles)
	for _, a := range ds.Activity {
		if a.Team == s.team && inWindow(a.Month.AddDate(0, 1, -1)) {
			tr.Meetings += a.Meetings
		}
	}
	return tr
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// roundTo rounds v to a multiple of step, as a person writing a target would.
func roundTo(v, step float64) float64 { return math.Round(v/step) * step }

// wonBetween returns the revenue and count of the scope's deals won on
// dates in [from, to].
func (ds *Dataset) wonBetween(s scope, from, to time.Time) (revenue float64, count int) {
	for _, d := range ds.Deals {
		if s.has(d) && d.Status == "won" && !d.Closed.Before(from) && !d.Closed.After(to) {
			revenue += d.Amount
			count++
		}
	}
	return revenue, count
}

// openQuotes returns the average amount of the scope's open deals that
// quote one, and how many they are.
func (ds *Dataset) openQuotes(s scope) (avg float64, n int) {
	sum := 0.0
	for _, d := range ds.Deals {
		if s.has(d) && d.Status == "open" && d.HasAmount {
			sum += d.Amount
			n++
		}
	}
	if n > 0 {
		avg = sum / float64(n)
	}
	return avg, n
}
