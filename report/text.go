package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gocarina/gocsv"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// This file holds the plain-text and JSON outputs of the commands: the
// summary table that `plan` prints, `ratios`, `funnel` and `check`.

// WriteSummaryTable prints one line per target: team, id, metric, target
// value, verdict and the key number behind it.
func WriteSummaryTable(w io.Writer, p *planner.Plan, opt Options) error {
	lang := opt.lang()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, tr(lang, "TEAM\tID\tMETRIC\tTARGET\tVERDICT\tKEY NUMBER",
		"ÉQUIPE\tRÉF.\tINDICATEUR\tOBJECTIF\tVERDICT\tCHIFFRE CLÉ"))
	for _, t := range p.Targets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", shorten(t.Target.Team, 28), t.Target.ID,
			metricLabel(lang, t.Target), TargetValue(lang, t.Target, opt.currency(p)), verdictLabel(lang, t.Verdict), keyNumber(lang, t))
	}
	return tw.Flush()
}

// TargetValue formats a target's value for its metric: money, a rate or
// a count.
func TargetValue(lang string, t planner.Target, currency string) string {
	if !t.HasValue || math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		return "–"
	}
	switch t.Metric {
	case planner.Revenue, planner.DealSize:
		return locale.Money(lang, t.Value, currency)
	case planner.WinRate:
		return locale.Percent(lang, t.Value, 1)
	default:
		return locale.Number(lang, t.Value, 0)
	}
}

// keyNumber is the one number that best explains a verdict: the
// probability when there is one, else the capacity ratio, else the first
// reason's code.
func keyNumber(lang string, t planner.TargetResult) string {
	var parts []string
	if t.HasProbability {
		parts = append(parts, tr(lang, "probability ", "probabilité ")+probLabel(lang, t.Probability))
	}
	if t.HasCapacity {
		parts = append(parts, tr(lang, "capacity ×", "capacité ×")+locale.Number(lang, t.CapacityRatio, 2))
	}
	if rs, ok := t.KeyReason(); ok && len(parts) == 0 {
		parts = append(parts, shorten(rs.Message, 60)) // the reason in words, not its code
	}
	return strings.Join(parts, ", ")
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// WriteProblemCounts prints how many input problems there were, by kind,
// and where to read them: the Problems sheet of workbook when one was
// written, else `smartplan check`.
func WriteProblemCounts(w io.Writer, problems []planner.Problem, opt Options, workbook string) {
	if len(problems) == 0 {
		return
	}
	counts, total := map[string]int{}, 0
	for _, p := range problems {
		counts[p.Kind] += p.Count()
		total += p.Count()
	}
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf(tr(opt.lang(), "%[1]s %[2]s", "%[2]s : %[1]s"),
			locale.Number(opt.lang(), float64(counts[k]), 0), problemKind(opt.lang(), k)))
	}
	where := tr(opt.lang(), "run smartplan check on the input files to list them", "smartplan check sur les fichiers les liste")
	if workbook != "" {
		where = tr(opt.lang(), "see the Problems sheet of ", "voir la feuille Problèmes de ") + workbook
	}
	fmt.Fprintf(w, tr(opt.lang(), "%s (%s); %s\n", "%s (%s) ; %s\n"),
		countWords(opt.lang(), total, [4]string{"input problem", "input problems", "problème dans les fichiers", "problèmes dans les fichiers"}),
		strings.Join(parts, ", "), where)
}

// WriteProblems prints every problem, one a line, sorted by position. With
// limit > 0 it prints at most limit lines per kind and says how many more.
func WriteProblems(w io.Writer, problems []planner.Problem, limit int) {
	ps := append([]planner.Problem(nil), problems...)
	sort.SliceStable(ps, func(i, j int) bool { return problemLess(ps[i], ps[j]) })
	shown := map[string]int{}
	for _, p := range ps {
		shown[p.Kind]++
		if limit > 0 && shown[p.Kind] > limit {
			continue
		}
		fmt.Fprintln(w, ProblemLine(p))
	}
	if limit > 0 {
		for _, k := range sortedKeys(shown) {
			if n := shown[k] - limit; n > 0 {
				fmt.Fprintf(w, "… and %d more %s problems\n", n, k)
			}
		}
	}
}

// ProblemLine formats one problem as `file: Sheet!C7 (Header): message`,
// with warnings marked.
func ProblemLine(p planner.Problem) string {
	if p.Severity == planner.SeverityWarning {
		return p.Where() + ": warning: " + strings.TrimPrefix(p.String(), p.Where()+": ")
	}
	return p.String()
}

// problemLess orders problems by file, then position, then kind and
// message, each file's summary lines ("N more … not listed") last: the
// order of every problem list in every output.
func problemLess(a, b planner.Problem) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if (a.Omitted > 0) != (b.Omitted > 0) {
		return b.Omitted > 0 // summary lines close their file's list
	}
	if a.Sheet != b.Sheet {
		return a.Sheet < b.Sheet
	}
	if a.Row != b.Row {
		return a.Row < b.Row
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	return a.Message < b.Message
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ratioGroup is one group of `ratios --json` (issue 2 contract). Grouping
// keys are present when asked for; numbers that do not apply are null.
type ratioGroup struct {
	Team                  *string  `json:"team,omitempty" csv:"team"`
	Segment               *string  `json:"segment,omitempty" csv:"segment"`
	Offer                 *string  `json:"offer,omitempty" csv:"offer"`
	Owner                 *string  `json:"owner,omitempty" csv:"owner"`
	Closed                int      `json:"closed" csv:"closed"`
	Won                   int      `json:"won" csv:"won"`
	Lost                  int      `json:"lost" csv:"lost"`
	WinRate               *float64 `json:"win_rate" csv:"win_rate"`
	WinRateLow            *float64 `json:"win_rate_low" csv:"win_rate_low"`
	WinRateHigh           *float64 `json:"win_rate_high" csv:"win_rate_high"`
	Conversion            *float64 `json:"conversion" csv:"conversion"`
	AvgDeal               *float64 `json:"avg_deal" csv:"avg_deal"`
	MedianDeal            *float64 `json:"median_deal" csv:"median_deal"`
	CycleDaysMedian       *float64 `json:"cycle_days_median" csv:"cycle_days_median"`
	CycleDaysP80          *float64 `json:"cycle_days_p80" csv:"cycle_days_p80"`
	OpportunitiesPerMonth float64  `json:"opportunities_per_month" csv:"opportunities_per_month"`
	Revenue               float64  `json:"revenue" csv:"revenue"`
	Open                  int      `json:"open" csv:"open"`
	OpenAmount            float64  `json:"open_amount" csv:"open_amount"`
	BorrowedFrom          string   `json:"borrowed_from,omitempty" csv:"borrowed_from"`
}

func optional(ok bool, v float64) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// ratioGroups shapes the ratios for `ratios --json` and `--csv`.
func ratioGroups(by []string, ratios []planner.Ratios) []ratioGroup {
	groups := []ratioGroup{}
	for _, r := range ratios {
		g := ratioGroup{
			Closed: r.Closed, Won: r.Won, Lost: r.Lost,
			WinRate:     optional(r.HasWinRate, r.WinRate),
			WinRateLow:  optional(r.HasWinRate, r.WinRateLow),
			WinRateHigh: optional(r.HasWinRate, r.WinRateHigh),
			Conversion:  optional(r.HasConversion, r.Conversion),
			AvgDeal:     optional(r.HasDeal, r.AvgDeal), MedianDeal: optional(r.HasDeal, r.MedianDeal),
			CycleDaysMedian: optional(r.HasCycle, r.CycleDaysMedian), CycleDaysP80: optional(r.HasCycle, r.CycleDaysP80),
			OpportunitiesPerMonth: r.OpportunitiesPerMonth, Revenue: r.Revenue,
			Open: r.Open, OpenAmount: r.OpenAmount, BorrowedFrom: r.BorrowedFrom,
		}
		key := r.Key
		for _, k := range by {
			switch k {
			case "team":
				g.Team = &key.Team
			case "segment":
				g.Segment = &key.Segment
			case "offer":
				g.Offer = &key.Offer
			case "owner":
				g.Owner = &key.Owner
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// WriteRatiosJSON prints `{"as_of", "window_months", "groups": [...]}`.
func WriteRatiosJSON(w io.Writer, asOf time.Time, window int, by []string, ratios []planner.Ratios) error {
	out := struct {
		AsOf         string       `json:"as_of"`
		WindowMonths int          `json:"window_months"`
		Groups       []ratioGroup `json:"groups"`
	}{AsOf: asOf.Format("2006-01-02"), WindowMonths: window, Groups: ratioGroups(by, ratios)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteRatiosCSV prints the groups as a CSV table (comma-separated, point
// decimals, exact numbers, empty where a number does not apply), one row
// per group, for a spreadsheet or a script. gocsv maps the struct to the
// header; it only writes here, never parses.
func WriteRatiosCSV(w io.Writer, by []string, ratios []planner.Ratios) error {
	cw := csv.NewWriter(w)
	groups := ratioGroups(by, ratios)
	for i := range groups {
		g := &groups[i]
		for _, s := range []**string{&g.Team, &g.Segment, &g.Offer, &g.Owner} {
			if *s != nil {
				v := CSVText(**s)
				*s = &v
			}
		}
		g.BorrowedFrom = CSVText(g.BorrowedFrom)
	}
	if err := gocsv.MarshalCSV(groups, gocsv.NewSafeCSVWriter(cw)); err != nil {
		return fmt.Errorf("write ratios as CSV: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

// CSVText makes a text safe for a CSV cell that a spreadsheet will open:
// a text starting with =, +, -, @, a tab or a carriage return would be read
// as a formula (CSV injection), so it gets a leading apostrophe, which
// Excel and LibreOffice show as text. Numbers (-5, +3.2) stay as they are.
func CSVText(s string) string {
	if s == "" || !strings.ContainsAny(s[:1], "=+-@\t\r") {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// WriteRatiosTable prints the ratios as a readable table.
func WriteRatiosTable(w io.Writer, asOf time.Time, window int, by []string, ratios []planner.Ratios, opt Options) error {
	lang := opt.lang()
	fmt.Fprintf(w, tr(lang, "Ratios as of %s, window %d months\n", "Ratios au %s, fenêtre de %d mois\n"),
		locale.ShortDate(lang, asOf), window)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, k := range by {
		head = append(head, strings.ToUpper(tr(lang, k, map[string]string{"team": "équipe", "segment": "segment",
			"offer": "offre", "owner": "commercial"}[k])))
	}
	head = append(head, tr(lang, "CLOSED", "CLÔTURÉES"), tr(lang, "WON", "GAGNÉES"),
		tr(lang, "WIN RATE", "TAUX"), tr(lang, "95% CI", "IC 95\u00a0%"), tr(lang, "CONVERSION", "CONVERSION"), tr(lang, "AVG DEAL", "PANIER MOYEN"),
		tr(lang, "MEDIAN DEAL", "PANIER MÉDIAN"), tr(lang, "CYCLE MED", "CYCLE MÉD"), "CYCLE P80",
		tr(lang, "OPPS/MONTH", "OPPS/MOIS"), tr(lang, "REVENUE", "CA"), tr(lang, "OPEN", "OUVERTES"),
		tr(lang, "OPEN AMOUNT", "MONTANT OUVERT"))
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	dash := "–"
	for _, r := range ratios {
		var cells []string
		for _, k := range by {
			v := map[string]string{"team": r.Key.Team, "segment": r.Key.Segment, "offer": r.Key.Offer, "owner": r.Key.Owner}[k]
			if v == "" {
				v = tr(lang, "(all)", "(tous)")
			}
			cells = append(cells, shorten(v, 30))
		}
		rate, ci := dash, dash
		if r.HasWinRate {
			rate = locale.Percent(lang, r.WinRate, 1)
			ci = locale.Percent(lang, r.WinRateLow, 0) + "–" + locale.Percent(lang, r.WinRateHigh, 0)
		}
		conv := dash
		if r.HasConversion {
			conv = locale.Percent(lang, r.Conversion, 1)
		}
		avg, med := dash, dash
		if r.HasDeal {
			avg, med = locale.Money(lang, r.AvgDeal, opt.Currency), locale.Money(lang, r.MedianDeal, opt.Currency)
		}
		cyc, p80 := dash, dash
		if r.HasCycle {
			cyc, p80 = locale.Number(lang, r.CycleDaysMedian, 0), locale.Number(lang, r.CycleDaysP80, 0)
		}
		cells = append(cells, fmt.Sprint(r.Closed), fmt.Sprint(r.Won), rate, ci, conv, avg, med, cyc, p80,
			locale.Number(lang, r.OpportunitiesPerMonth, 1), locale.Money(lang, r.Revenue, opt.Currency),
			fmt.Sprint(r.Open), locale.Money(lang, r.OpenAmount, opt.Currency))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// FunnelReport is the output of `smartplan funnel`: the lines the given
// inputs allow, exact and unrounded; nil where a line cannot be computed.
type FunnelReport struct {
	Deals                 *float64 `json:"deals"`
	Opportunities         *float64 `json:"opportunities"`
	OpportunitiesPerMonth *float64 `json:"opportunities_per_month"`
	Meetings              *float64 `json:"meetings"`
	Responses             *float64 `json:"responses"`
	Contacts              *float64 `json:"contacts"`
	UpliftDeals           *float64 `json:"uplift_deals,omitempty"`
	UpliftRevenue         *float64 `json:"uplift_revenue,omitempty"`
}

// NewFunnelReport keeps the lines the planner computed. Every computed line
// is positive (a positive start divided by rates up to 1); a zero line is
// one the given rates did not reach.
func NewFunnelReport(f planner.Funnel) FunnelReport {
	line := func(v float64) *float64 {
		if v <= 0 {
			return nil
		}
		return &v
	}
	return FunnelReport{
		Deals: line(f.Deals), Opportunities: line(f.Opportunities),
		OpportunitiesPerMonth: line(f.OpportunitiesPerMonth), Meetings: line(f.Meetings),
		Responses: line(f.Responses), Contacts: line(f.Contacts),
	}
}

// WriteFunnelJSON prints the funnel with exact numbers.
func WriteFunnelJSON(w io.Writer, f FunnelReport) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// WriteFunnelTable prints the funnel for people, counts rounded up.
func WriteFunnelTable(w io.Writer, f FunnelReport, opt Options) error {
	lang := opt.lang()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(label string, v *float64, money bool) {
		if v == nil {
			return
		}
		s := locale.Count(lang, *v)
		if money {
			s = locale.Money(lang, *v, opt.Currency)
		}
		fmt.Fprintf(tw, "%s\t%s\n", label, s)
	}
	line(tr(lang, "deals", "affaires"), f.Deals, false)
	line(tr(lang, "qualified opportunities", "opportunités qualifiées"), f.Opportunities, false)
	line(tr(lang, "opportunities per month", "opportunités par mois"), f.OpportunitiesPerMonth, false)
	line(tr(lang, "meetings", "rendez-vous"), f.Meetings, false)
	line(tr(lang, "positive responses", "réponses positives"), f.Responses, false)
	line(tr(lang, "contacts", "contacts"), f.Contacts, false)
	line(tr(lang, "extra deals from the win-rate lever", "affaires en plus par le levier taux de transformation"), f.UpliftDeals, false)
	line(tr(lang, "extra revenue from the win-rate lever", "CA en plus par le levier taux de transformation"), f.UpliftRevenue, true)
	return tw.Flush()
}

// WriteBacktestJSON prints `{"cases", "brier", "baseline_brier", "bins"}`.
func WriteBacktestJSON(w io.Writer, r planner.BacktestResult) error {
	type bin struct {
		From      float64 `json:"from"`
		To        float64 `json:"to"`
		Predicted float64 `json:"predicted"`
		Observed  float64 `json:"observed"`
		Count     int     `json:"count"`
	}
	out := struct {
		By            string                       `json:"by,omitempty"`
		Cases         int                          `json:"cases"`
		HitRate       float64                      `json:"hit_rate"`
		Brier         float64                      `json:"brier"`
		LogLoss       float64                      `json:"log_loss,omitempty"`
		BaselineBrier float64                      `json:"baseline_brier"`
		Forecasters   []planner.BacktestForecaster `json:"forecasters,omitempty"`
		Skipped       int                          `json:"skipped"`
		Bins          []bin                        `json:"bins"`
	}{By: r.By, Cases: r.Cases, HitRate: r.HitRate, Brier: r.Brier, LogLoss: r.LogLoss, BaselineBrier: r.BaselineBrier,
		Forecasters: r.Forecasters, Skipped: r.Skipped, Bins: []bin{}}
	for _, b := range r.Bins {
		out.Bins = append(out.Bins, bin{b.From, b.To, b.Predicted, b.Observed, b.Count})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// forecasterLabels name the forecasters of a backtest.
var forecasterLabels = map[string][2]string{
	"planner":                {"smartplan", "smartplan"},
	planner.NaiveConstant:    {"constant (the hit rate)", "constante (le taux de réussite)"},
	planner.NaivePerMultiple: {"base rate of the same multiple", "taux de réussite du même multiple"},
	planner.NaiveNormal:      {"naive normal (trailing months)", "normale naïve (mois passés)"},
}

// writeForecasters prints the scores of the planner and of the naive
// forecasters, lower is better, and whether the planner beats them all.
func writeForecasters(w io.Writer, r planner.BacktestResult, lang string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, tr(lang, "FORECASTER\tBRIER\tLOG LOSS", "PRÉVISIONNISTE\tBRIER\tPERTE LOG"))
	beats := true
	for i, f := range r.Forecasters {
		l := forecasterLabels[f.Name]
		fmt.Fprintf(tw, "%s\t%s\t%s\n", tr(lang, l[0], l[1]), locale.Number(lang, f.Brier, 4), locale.Number(lang, f.LogLoss, 4))
		if i > 0 && (f.Brier < r.Brier || f.LogLoss < r.LogLoss) {
			beats = false
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := tr(lang, "smartplan beats every naive forecaster on both scores",
		"smartplan fait mieux que chaque prévisionniste naïf sur les deux scores")
	if !beats {
		verdict = tr(lang, "smartplan does NOT beat every naive forecaster", "smartplan ne fait PAS mieux que chaque prévisionniste naïf")
	}
	by := r.By
	_, err := fmt.Fprintf(w, tr(lang, "by %s: %d cases, %s hit; %s (lower scores are better)\n",
		"par %s : %d cas, %s atteints ; %s (plus bas = meilleur)\n"), by, r.Cases, locale.Percent(lang, r.HitRate, 1), verdict)
	return err
}

// WriteBacktestTable prints the reliability table and the Brier scores.
func WriteBacktestTable(w io.Writer, r planner.BacktestResult, opt Options) error {
	lang := opt.lang()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, tr(lang, "PREDICTED BIN\tMEAN PREDICTED\tOBSERVED HIT RATE\tCASES\t",
		"CLASSE PRÉDITE\tPRÉDIT MOYEN\tTAUX OBSERVÉ\tCAS\t"))
	for _, b := range r.Bins {
		if b.Count == 0 {
			fmt.Fprintf(tw, "%s–%s\t–\t–\t0\t\n", locale.Percent(lang, b.From, 0), locale.Percent(lang, b.To, 0))
			continue
		}
		fmt.Fprintf(tw, "%s–%s\t%s\t%s\t%d\t\n", locale.Percent(lang, b.From, 0), locale.Percent(lang, b.To, 0),
			locale.Percent(lang, b.Predicted, 1), locale.Percent(lang, b.Observed, 1), b.Count)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Forecasters) > 0 {
		return writeForecasters(w, r, lang)
	}
	verdict := tr(lang, "the planner beats the baseline", "le planificateur fait mieux que la référence")
	if r.Brier >= r.BaselineBrier {
		verdict = tr(lang, "the planner does NOT beat the baseline", "le planificateur ne fait PAS mieux que la référence")
	}
	_, err := fmt.Fprintf(w, tr(lang, "%d cases; Brier score %s (baseline %s): %s\n",
		"%d cas ; score de Brier %s (référence %s) : %s\n"), r.Cases,
		locale.Number(lang, r.Brier, 4), locale.Number(lang, r.BaselineBrier, 4), verdict)
	return err
}

// Wrote is the line that names a file written, in lang.
func Wrote(lang, path string) string { return tr(lang, "wrote ", "écrit : ") + path }
