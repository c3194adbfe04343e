package planner

import (
	"strings"
	"time"

	"github.com/smartplan/smartplan/planner/ident"
)

// Defaults of Options, applied by WithDefaults.
const (
	DefaultWindowMonths     = 12
	DefaultRuns             = 10000
	DefaultAchievableAt     = 0.7
	DefaultUnrealisticBelow = 0.3
	DefaultMinClosed        = 20
	DefaultResponseRate     = 0.10
	DefaultMeetingRate      = 0.60
	DefaultOpportunityRate  = 0.50
)

// WithDefaults returns o with every unset setting filled in: a 12-month
// window, 10,000 Monte Carlo runs, thresholds 0.7 and 0.3, 20 closed deals
// before a group stands on its own, funnel assumptions of 10 % response,
// 60 % meeting and 50 % opportunity rates, English, flat phasing. The as-of
// date is truncated to its calendar day in UTC.
func (o Options) WithDefaults() Options {
	if o.WindowMonths <= 0 {
		o.WindowMonths = DefaultWindowMonths
	}
	if o.Runs <= 0 {
		o.Runs = DefaultRuns
	}
	if o.AchievableAt <= 0 {
		o.AchievableAt = DefaultAchievableAt
	}
	if o.UnrealisticBelow <= 0 {
		o.UnrealisticBelow = DefaultUnrealisticBelow
	}
	if o.UnrealisticBelow > o.AchievableAt {
		o.UnrealisticBelow = o.AchievableAt
	}
	if o.MinClosed <= 0 {
		o.MinClosed = DefaultMinClosed
	}
	if !(o.MarketShare > 0) {
		o.MarketShare = DefaultMarketShare
	}
	if o.Assumptions.ResponseRate <= 0 {
		o.Assumptions.ResponseRate = DefaultResponseRate
	}
	if o.Assumptions.MeetingRate <= 0 {
		o.Assumptions.MeetingRate = DefaultMeetingRate
	}
	if o.Assumptions.OpportunityRate <= 0 {
		o.Assumptions.OpportunityRate = DefaultOpportunityRate
	}
	if o.Lang == "" {
		o.Lang = "en"
	}
	if strings.ToLower(o.Phasing) != "seasonal" {
		o.Phasing = "flat"
	} else {
		o.Phasing = "seasonal"
	}
	if !o.AsOf.IsZero() {
		o.AsOf = dateOf(o.AsOf)
	}
	return o
}

// dateOf returns the calendar day of t at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addMonths moves t by n calendar months, clamping the day to the end of the
// target month: 31 March minus one month is 28 (or 29) February, not 3
// March as time.AddDate would give.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, time.UTC)
}

// monthsBetween returns the number of months from a to b (b - a).
func monthsBetween(a, b Month) int {
	return (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
}

// daysIn returns the number of days of month m.
func daysIn(m Month) int { return m.Start().AddDate(0, 1, -1).Day() }

// fold is the identity of a team, segment or offer name (ident.Fold).
func fold(s string) string { return ident.Fold(s) }
