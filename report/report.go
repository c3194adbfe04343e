package report

import (
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// Options are the settings of the writers.
type Options struct {
	Lang  string // "en" or "fr"
	Title string // company or file name shown on the cover; empty: "Sales plan"
	// Currency is the ISO code of amounts. When empty, the plan's
	// (Plan.Currency); when that is empty too, amounts have no symbol.
	Currency string
	Version  string // smartplan version, written in document properties
}

// currency returns the ISO code of the plan's amounts: the configured one,
// else the plan's, else "" (no symbol).
func (o Options) currency(p *planner.Plan) string {
	if o.Currency != "" {
		return o.Currency
	}
	if p != nil {
		return p.Currency
	}
	return ""
}

// lang returns the normalised report language.
func (o Options) lang() string { return locale.Normalize(o.Lang) }

// tr picks the English or the French text.
func tr(lang, en, fr string) string {
	if locale.Normalize(lang) == "fr" {
		return fr
	}
	return en
}

// docTime is the fixed timestamp written into document properties: the
// plan's as-of date at noon UTC, so that the same inputs and as-of date give
// the same bytes.
func docTime(asOf time.Time) time.Time {
	return time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 12, 0, 0, 0, time.UTC)
}
