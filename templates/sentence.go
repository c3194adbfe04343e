package templates

import (
	"embed"
	"fmt"
	"math"
	"strings"
	"text/template"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

//go:embed sentence/en.tmpl sentence/fr.tmpl
var sentenceFS embed.FS

// sentenceTemplates holds the parsed template set of each language; they
// are parsed once at init, so a broken template file fails every test.
var sentenceTemplates = map[string]*template.Template{
	"en": mustParse("en", func(n float64) bool { return n == 1 }),
	"fr": mustParse("fr", func(n float64) bool { return n < 2 }), // French: 0 and 1 are singular
}

func mustParse(lang string, singular func(float64) bool) *template.Template {
	funcs := template.FuncMap{
		// plural picks the singular or plural form for a count as shown.
		"plural": func(n float64, one, many string) string {
			if singular(n) {
				return one
			}
			return many
		},
	}
	name := "sentence/" + lang + ".tmpl"
	return template.Must(template.New(lang+".tmpl").Funcs(funcs).ParseFS(sentenceFS, name))
}

// sentenceView is what a sentence template sees: every number already
// formatted for the language, and the counts as shown (rounded up) for
// the plural forms.
type sentenceView struct {
	Value, Baseline   string
	HasBaseline, Down bool // Down: the target lowers the rate or size
	Scope, Deadline   string
	ScopeIsTeam       bool   // the scope is the whole team, not a segment or offer
	Lever             string // free-text lever, when it is not a known code
	LeverCode         string // "new_logos", …; empty for free text or none
	HasLever          bool

	Deals, Opportunities, PerMonth          string
	DealsN, OpportunitiesN, PerMonthN       float64
	HasDeals, HasOpportunities, HasPerMonth bool

	Meetings, MeetingsPerMonth, Contacts string
	MeetingsN                            float64
	HasMeetingsPerMonth, HasContacts     bool
}

// Sentence renders the SMART sentence of METHOD §7 in the language ("en"
// or "fr"), with metric-specific wording for every planner metric:
//
//	Reach €1,200,000 of revenue on Healthcare before 31 December 2026, through new logos, i.e. 60 deals from 240 qualified opportunities (20 a month).
//
// Counts are rounded up (locale.Count), amounts are money in d.Currency,
// rates are percentages. Parts that do not apply (no lever, no deadline,
// no funnel numbers) are left out rather than written as zero. It returns
// ErrUnknownMetric, wrapped, for a metric with no wording.
func Sentence(lang string, d planner.SentenceData) (string, error) {
	lang = locale.Normalize(lang)
	switch d.Metric {
	case planner.Revenue, planner.NewCustomers, planner.Meetings, planner.Opportunities, planner.WinRate, planner.DealSize:
	default:
		return "", fmt.Errorf("sentence for metric %q: %w", d.Metric, ErrUnknownMetric)
	}
	if math.IsNaN(d.Value) || math.IsInf(d.Value, 0) {
		return "", fmt.Errorf("sentence for %s: value is not a number", d.Metric)
	}
	v := sentenceView{Scope: strings.TrimSpace(d.Scope)}
	if team := strings.TrimSpace(d.Team); v.Scope == "" || v.Scope == team {
		v.Scope, v.ScopeIsTeam = team, true
	}
	if !d.Deadline.IsZero() {
		v.Deadline = locale.Date(lang, d.Deadline)
	}
	if lever := strings.TrimSpace(d.Lever); lever != "" {
		v.HasLever = true
		if code, ok := LeverCode(lever); ok {
			v.LeverCode = code
		} else {
			v.Lever = lever
		}
	}
	switch d.Metric {
	case planner.Revenue, planner.DealSize:
		v.Value = locale.Money(lang, d.Value, d.Currency)
		v.Baseline = locale.Money(lang, d.Baseline, d.Currency)
	case planner.WinRate:
		v.Value = locale.Percent(lang, d.Value, 1)
		v.Baseline = locale.Percent(lang, d.Baseline, 1)
	default:
		v.Value = locale.Count(lang, d.Value)
	}
	v.HasBaseline = d.HasBaseline && (d.Metric == planner.WinRate || d.Metric == planner.DealSize)
	v.Down = v.HasBaseline && d.Value < d.Baseline

	count := func(x float64) (string, float64, bool) {
		if !(x > 0) || math.IsInf(x, 0) {
			return "", 0, false
		}
		return locale.Count(lang, x), locale.CeilCount(x), true
	}
	v.Deals, v.DealsN, v.HasDeals = count(d.Deals)
	v.Opportunities, v.OpportunitiesN, v.HasOpportunities = count(d.Opportunities)
	v.PerMonth, v.PerMonthN, v.HasPerMonth = count(d.OpportunitiesPerMonth)
	if d.Metric == planner.Meetings {
		// The target's own value is the meetings line; the planner's
		// downward funnel adds the monthly rate and the contacts needed.
		v.Meetings, v.MeetingsN = v.Value, locale.CeilCount(d.Value)
		v.MeetingsPerMonth, _, v.HasMeetingsPerMonth = count(d.MeetingsPerMonth)
		v.Contacts, _, v.HasContacts = count(d.Contacts)
	}
	switch d.Metric {
	case planner.NewCustomers: // the value is the deal count
		v.DealsN = locale.CeilCount(d.Value)
	case planner.Opportunities: // the value is the opportunity count
		v.OpportunitiesN = locale.CeilCount(d.Value)
	}

	var b strings.Builder
	if err := sentenceTemplates[lang].ExecuteTemplate(&b, string(d.Metric), v); err != nil {
		return "", fmt.Errorf("sentence for %s in %s: %w", d.Metric, lang, err)
	}
	return b.String(), nil
}
