package planner

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/smartplan/smartplan/planner/locale"
	"slices"
	"strconv"
	"strings"
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

// undatedOpen counts the open deals with no created date that a replay as
// of asOf leaves out of the open pipeline: every one, when asOf is before
// the history's last date (an export taken that day might not have held
// them); none otherwise.
func undatedOpen(deals []Deal, asOf time.Time) int {
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

// undatedOpenNote says why undatedOpen deals are left out.
func undatedOpenNote(n int, asOf time.Time) string {
	return fmt.Sprintf("%d open deals have no created date: as of %s, before the end of the history, nothing says they "+
		"existed yet, so they are left out of the open pipeline (they count from the history's last date on)",
		n, asOf.Format(time.DateOnly))
}

// closedAfter counts the won and lost deals created by asOf that close
// after it, and returns the latest of those close dates. As of asOf they
// were open: the plan counts them in the open pipeline with their amounts
// unknown, as an export taken that day would have shown them. In a replay
// of the past that is the point; as of today it is a close date in the
// future, which is usually wrong.
func closedAfter(deals []Deal, asOf time.Time) (n int, latest time.Time) {
	a := DateOf(dateOf(asOf))
	var last Date
	for i := range deals {
		d := &deals[i]
		if d.Status != Open && !d.Created.IsZero() && d.Created <= a && d.Closed > a {
			n++
			last = max(last, d.Closed)
		}
	}
	if n == 0 {
		return 0, time.Time{}
	}
	return n, last.Time()
}

// closedAfterNote says how the closedAfter deals are counted.
func closedAfterNote(n int, latest, asOf time.Time) string {
	return fmt.Sprintf("%d won or lost deals close after the as-of date %s (the last on %s): as of that date they were "+
		"still open, so they count as open pipeline with their amounts unknown; if the plan is meant as of today, "+
		"their close dates are wrong", n, asOf.Format(time.DateOnly), latest.Format(time.DateOnly))
}

// AsOfProblems are the warnings of a history replayed as of asOf, file
// naming it: open deals with no created date left out (undated_open), and
// deals closed after asOf counted as open (closed_after_as_of). Build adds
// them to the plan; `ratios` prints them.
func AsOfProblems(deals []Deal, asOf time.Time, file string) []Problem {
	var out []Problem
	if n := undatedOpen(deals, asOf); n > 0 {
		out = append(out, Problem{Position: Position{File: file}, Kind: "undated_open", Severity: SeverityWarning,
			Value: fmt.Sprint(n), Message: undatedOpenNote(n, asOf),
			MessageFr: fmt.Sprintf("%s affaires ouvertes n’ont pas de date de création : au %s, avant la fin de l’historique, rien ne dit "+
				"qu’elles existaient déjà ; elles sont donc laissées hors du pipeline ouvert (elles comptent à partir de la dernière date de l’historique)",
				locale.Number("fr", float64(n), 0), locale.Date("fr", asOf))})
	}
	if n, last := closedAfter(deals, asOf); n > 0 {
		out = append(out, Problem{Position: Position{File: file}, Kind: "closed_after_as_of", Severity: SeverityWarning,
			Value: fmt.Sprint(n), Message: closedAfterNote(n, last, asOf),
			MessageFr: fmt.Sprintf("%s affaires gagnées ou perdues se concluent après la date du plan, le %s (la dernière le %s) : à cette date "+
				"elles étaient encore ouvertes ; elles comptent donc dans le pipeline ouvert, montant inconnu ; si le plan est fait pour aujourd’hui, "+
				"leurs dates de clôture sont fausses", locale.Number("fr", float64(n), 0), locale.Date("fr", asOf), locale.Date("fr", last))})
	}
	return out
}

// pastDeadline reports a target whose deadline is before the as-of date:
// nothing is left to plan, which is usually a wrong year or a wrong as-of
// date.
func pastDeadline(t Target, asOf time.Time) (Problem, bool) {
	if t.Deadline.IsZero() || !dateOf(t.Deadline).Before(asOf) {
		return Problem{}, false
	}
	d, a := t.Deadline.Format(time.DateOnly), asOf.Format(time.DateOnly)
	return Problem{Position: CellPosition(t, "deadline"), Kind: "deadline_before_as_of", Severity: SeverityWarning,
		Header: "deadline", Value: d, Expected: "a deadline after the as-of date " + a,
		MessageFr: fmt.Sprintf("objectif %s : l’échéance du %s précède la date du plan, le %s : l’objectif est terminé et n’est comparé "+
			"qu’à ce qui a été gagné ; si ce n’est pas voulu, corrigez l’échéance ou planifiez avec un --as-of antérieur",
			t.ID, locale.Date("fr", t.Deadline), locale.Date("fr", asOf)),
		Message: fmt.Sprintf("target %s: the deadline %s is before the as-of date %s: the target is over and is only "+
			"reported against what was won; if that is not meant, correct the deadline or plan with an earlier --as-of", t.ID, d, a)}, true
}

// A CurrencyTotal is one currency of a history: its deals with an amount
// and their total.
type CurrencyTotal struct {
	Code   string
	Deals  int
	Amount float64
}

// MixedCurrencyError says that a history's amounts are in several
// currencies: added as they are, they would give a wrong figure, and
// smartplan has no exchange rates to convert them.
type MixedCurrencyError struct{ Currencies []CurrencyTotal }

func (e *MixedCurrencyError) Error() string {
	var parts []string
	for _, c := range e.Currencies {
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", c.Code, locale.Counted("en", c.Deals, "deal", "deals"), strconv.FormatFloat(c.Amount, 'f', -1, 64)))
	}
	return "the history's amounts are in several currencies: " + strings.Join(parts, ", ") +
		". Added as they are they would give wrong revenue and deal sizes, so amounts are left out (counts and rates still compute): " +
		"give exchange rates with --fx FILE (columns currency and rate, the value of one unit in the reporting currency, " +
		"optionally from and to), or export the history in one currency (most CRMs can convert to the corporate currency)"
}

// French is the error in French, for the reports.
func (e *MixedCurrencyError) French() string {
	var parts []string
	for _, c := range e.Currencies {
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", c.Code, locale.Counted("fr", c.Deals, "affaire", "affaires"), locale.Number("fr", c.Amount, 0)))
	}
	return "les montants de l’historique sont en plusieurs devises : " + strings.Join(parts, ", ") +
		". Additionnés tels quels, ils fausseraient le chiffre d’affaires et les paniers ; ils sont donc écartés (les comptages et les taux restent calculés) : " +
		"donnez les taux de change avec --fx FICHIER (colonnes devise et taux, la valeur d’une unité dans la devise du rapport, " +
		"éventuellement du et au), ou exportez l’historique dans une seule devise (la plupart des CRM convertissent dans la devise de l’entreprise)"
}

// OneCurrency returns the deals as they are when their amounts are in one
// currency; else a copy without amounts (WithoutAmounts) and the error
// that says so, as a problem in both languages: counts and rates still
// compute, no figure adds one currency to another.
func OneCurrency(deals []Deal) ([]Deal, []Problem) {
	var mixed *MixedCurrencyError
	if !errors.As(CheckOneCurrency(deals), &mixed) {
		return deals, nil
	}
	return WithoutAmounts(deals), []Problem{{Kind: "mixed_currency", Severity: SeverityError,
		Message: mixed.Error(), MessageFr: mixed.French()}}
}

// CheckOneCurrency returns a *MixedCurrencyError when the deals with an
// amount carry more than one currency code (deals with none are taken to
// be in the others'), largest total first.
func CheckOneCurrency(deals []Deal) error {
	byCode := map[Name]*CurrencyTotal{}
	for i := range deals {
		d := &deals[i]
		if !d.HasAmount || d.Currency.IsZero() {
			continue
		}
		c := byCode[d.Currency]
		if c == nil {
			c = &CurrencyTotal{Code: d.Currency.String()}
			byCode[d.Currency] = c
		}
		c.Deals++
		c.Amount += d.Amount
	}
	merged := map[string]*CurrencyTotal{}
	for _, c := range byCode {
		k := strings.ToUpper(strings.TrimSpace(c.Code))
		if m := merged[k]; m != nil {
			m.Deals += c.Deals
			m.Amount += c.Amount
		} else {
			merged[k] = &CurrencyTotal{Code: k, Deals: c.Deals, Amount: c.Amount}
		}
	}
	if len(merged) < 2 {
		return nil
	}
	out := make([]CurrencyTotal, 0, len(merged))
	for _, c := range merged {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CurrencyTotal) int {
		if a.Amount != b.Amount {
			return cmp.Compare(b.Amount, a.Amount)
		}
		return strings.Compare(a.Code, b.Code)
	})
	return &MixedCurrencyError{Currencies: out}
}
