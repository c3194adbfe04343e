package planner

import (
	"fmt"
	"time"
)

// HistoryEnd is the latest created or close date of the history, zero for
// a history without dates.
func HistoryEnd(deals []Deal) time.Time {
	var latest Date
	for i := range deals {
		latest = max(latest, deals[i].Created, deals[i].Closed)
	}
	if latest.IsZero() {
		return time.Time{}
	}
	return latest.Time()
}

// StaleAsOfError says that the default as-of date (today) leaves the whole
// history before the window: every ratio would be zero and every target
// "insufficient data".
type StaleAsOfError struct {
	AsOf, HistoryEnd time.Time
	WindowMonths     int
}

func (e *StaleAsOfError) Error() string {
	return fmt.Sprintf("the history ends on %s, more than %d months before the as-of date %s (today, the default): "+
		"no deal falls inside the window. Plan as of the end of the history with --as-of %s, or give the date you mean",
		e.HistoryEnd.Format(time.DateOnly), e.WindowMonths, e.AsOf.Format(time.DateOnly), e.HistoryEnd.Format(time.DateOnly))
}

// CheckDefaultAsOf returns a *StaleAsOfError when no deal of a non-empty
// history was created or closed inside the window that ends at asOf. The
// CLI calls it when the as-of date was not given, so that a history
// exported years ago is not silently judged as of today.
func CheckDefaultAsOf(deals []Deal, asOf time.Time, windowMonths int) error {
	if windowMonths <= 0 {
		windowMonths = DefaultWindowMonths
	}
	end := HistoryEnd(deals)
	if end.IsZero() {
		return nil
	}
	w := newWindow(dateOf(asOf), windowMonths)
	if DateOf(end) > DateOf(w.start) {
		return nil
	}
	return &StaleAsOfError{AsOf: dateOf(asOf), HistoryEnd: end, WindowMonths: windowMonths}
}

// UndatedOpen counts the open deals with no created date that a replay as
// of asOf leaves out of the open pipeline: every one, when asOf is before
// the history's last date (an export taken that day might not have held
// them); none otherwise.
func UndatedOpen(deals []Deal, asOf time.Time) int {
	var w window
	w.pointInTime(deals)
	if DateOf(dateOf(asOf)) >= w.exportEnd {
		return 0
	}
	n := 0
	for i := range deals {
		if deals[i].Status == Open && deals[i].Created.IsZero() {
			n++
		}
	}
	return n
}

// UndatedOpenNote says why UndatedOpen deals are left out.
func UndatedOpenNote(n int, asOf time.Time) string {
	return fmt.Sprintf("%d open deals have no created date: as of %s, before the end of the history, nothing says they "+
		"existed yet, so they are left out of the open pipeline (they count from the history's last date on)",
		n, asOf.Format(time.DateOnly))
}

// pastDeadline reports a target whose deadline is before the as-of date:
// nothing is left to plan, which is usually a wrong year or a wrong as-of
// date.
func pastDeadline(t Target, asOf time.Time) (Problem, bool) {
	if t.Deadline.IsZero() || !dateOf(t.Deadline).Before(asOf) {
		return Problem{}, false
	}
	d, a := t.Deadline.Format(time.DateOnly), asOf.Format(time.DateOnly)
	return Problem{Position: cellPosition(t, "deadline"), Kind: "deadline_before_as_of", Severity: SeverityWarning,
		Header: "deadline", Value: d, Expected: "a deadline after the as-of date " + a,
		Message: fmt.Sprintf("target %s: the deadline %s is before the as-of date %s: the target is over and is only "+
			"reported against what was won; if that is not meant, correct the deadline or plan with an earlier --as-of", t.ID, d, a)}, true
}
