package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// WriteXLSX writes the plan as an annotated workbook for finance and sales
// ops (issue 5), with five sheets: Summary, Targets, Plan, History and
// Problems (Synthèse, Objectifs, Plan, Historique, Problèmes in French).
//
//   - Summary: one row per target with its verdict (coloured by conditional
//     formatting), probability and P10/P50/P90, capacity ratio, required
//     flow and the history it was judged on; below it, when the plan carries
//     changes since the previous run, a "Changes since last run" block.
//   - Targets: the user's target sheets exactly as read (headers, values,
//     order, and the same columns), one block per source table, each
//     preceded by a title row naming its file and sheet; columns are
//     appended for the verdict, probability, required opportunities per
//     month, reasons and the input row. Each input cell that caused a failed
//     SMART letter or a reason carries a comment saying why.
//   - Plan: the monthly milestones of every target, with actuals and gaps
//     where the month is past, and one native line chart per team of
//     cumulative plan against actual, as a share of each target.
//   - History: the ratios per group with sample sizes, Wilson intervals and
//     funnel rates (marked "assumption" when not from activity history),
//     the configured assumptions, the monthly series, and the chart data.
//   - Problems: every input problem with its position.
//
// Numbers are written as numbers and dates as dates, with number formats
// for the language and currency; user text is always written as a string
// cell, so that a value beginning with "=", "+", "-" or "@" can never become
// a formula. Document properties are fixed (creator "smartplan", dates from
// the plan's as-of date), so the same plan gives the same bytes.
func WriteXLSX(w io.Writer, p *planner.Plan, opt Options) error {
	if p == nil {
		return fmt.Errorf("write xlsx: nil plan")
	}
	x, err := newXLWriter(p, opt)
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	defer x.f.Close()
	for _, step := range []func() error{x.summary, x.targets, x.plan, x.history, x.problems, x.finish} {
		if err := step(); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if _, err := x.f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// Sheet names, English then French.
var xlSheetNames = [5][2]string{
	{"Summary", "Synthèse"},
	{"Targets", "Objectifs"},
	{"Plan", "Plan"},
	{"History", "Historique"},
	{"Problems", "Problèmes"},
}

// XLSXSheetNames returns the names of the workbook's sheets, in order, for
// a language.
func XLSXSheetNames(lang string) []string {
	i := 0
	if locale.Normalize(lang) == "fr" {
		i = 1
	}
	out := make([]string, len(xlSheetNames))
	for k, n := range xlSheetNames {
		out[k] = n[i]
	}
	return out
}

// Widths of columns, in characters of the default font.
const (
	xlMinWidth  = 6
	xlMaxWidth  = 50
	xlWrapWidth = 60 // columns of long sentences, wrapped
)

type xlWriter struct {
	f      *excelize.File
	p      *planner.Plan
	lang   string
	cur    string
	names  []string
	st     xlStyles
	sheets map[string]*xlSheet
	order  []string
	charts []xlChartTeam
}

// xlSheet tracks what is needed to fit column widths and row heights once
// all cells are written.
type xlSheet struct {
	widths []float64       // by column index (1-based; 0 unused)
	wrap   map[int]bool    // columns whose long text wraps
	fixed  map[int]float64 // columns with a set width
	texts  []xlWrappedText // wrapped cells, to size their rows
	// maxCol and maxRow bound the written cells, for the sheet dimension.
	maxCol, maxRow int
}

func (s *xlSheet) touch(col, row int) {
	s.maxCol, s.maxRow = max(s.maxCol, col), max(s.maxRow, row)
}

type xlWrappedText struct {
	row, col int
	text     string
}

type xlStyles struct {
	header, title, text, wrap, bold           int
	money, pct, pct0, ratio, count, dec, date int
	month, general                            int
}

func newXLWriter(p *planner.Plan, opt Options) (*xlWriter, error) {
	lang := opt.lang()
	cur := opt.Currency
	if cur == "" {
		cur = "EUR"
	}
	x := &xlWriter{f: excelize.NewFile(), p: p, lang: lang, cur: cur, names: XLSXSheetNames(lang), sheets: map[string]*xlSheet{}}
	if err := x.f.SetSheetName("Sheet1", x.names[0]); err != nil {
		return nil, err
	}
	for _, n := range x.names[1:] {
		if _, err := x.f.NewSheet(n); err != nil {
			return nil, err
		}
	}
	for _, n := range x.names {
		x.sheets[n] = &xlSheet{wrap: map[int]bool{}, fixed: map[int]float64{}}
	}
	x.order = x.names
	if err := x.styles(); err != nil {
		return nil, err
	}
	title := opt.Title
	if title == "" {
		title = tr(lang, "Sales plan", "Plan commercial")
	}
	stamp := docTime(p.AsOf).Format("2006-01-02T15:04:05Z")
	if err := x.f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Subject:        tr(lang, "Sales plan as of ", "Plan commercial au ") + locale.ShortDate(lang, p.AsOf),
		Creator:        "smartplan",
		LastModifiedBy: "smartplan",
		Created:        stamp,
		Modified:       stamp,
		Language:       lang,
		Version:        opt.Version,
		Keywords:       "smartplan",
	}); err != nil {
		return nil, err
	}
	if err := x.f.SetAppProps(&excelize.AppProperties{Application: "smartplan"}); err != nil {
		return nil, err
	}
	return x, nil
}

// xlMoneyFormat is the number format of whole amounts in the currency.
func xlMoneyFormat(lang, currency string) string {
	sym := strings.ReplaceAll(locale.Symbol(currency), `"`, ``)
	if lang == "fr" {
		return `#,##0\ "` + sym + `";\-#,##0\ "` + sym + `"`
	}
	if utf8.RuneCountInString(sym) > 1 {
		return `"` + sym + ` "#,##0;\-"` + sym + ` "#,##0`
	}
	return `"` + sym + `"#,##0;\-"` + sym + `"#,##0`
}

func (x *xlWriter) styles() error {
	f := x.f
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	custom := func(code string) *string { return &code }
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	dateFmt, monthFmt := "yyyy-mm-dd", x.monthFormat()
	if x.lang == "fr" {
		dateFmt = "dd/mm/yyyy"
	}
	x.st = xlStyles{
		header: mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border: []excelize.Border{{Type: "bottom", Color: "7F8FA6", Style: 1}}}),
		title: mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}),
		bold:  mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}),
		text:  mk(&excelize.Style{Alignment: top}),
		wrap:  mk(&excelize.Style{Alignment: wrapTop}),
		money: mk(&excelize.Style{CustomNumFmt: custom(xlMoneyFormat(x.lang, x.cur)), Alignment: top}),
		pct:   mk(&excelize.Style{CustomNumFmt: custom("0.0%"), Alignment: top}),
		// Probabilities from a simulation are never shown as a flat 0 % or
		// 100 %.
		pct0:    mk(&excelize.Style{CustomNumFmt: custom(`[>0.995]">99%";[<0.005]"<1%";0%`), Alignment: top}),
		ratio:   mk(&excelize.Style{CustomNumFmt: custom("0.00"), Alignment: top}),
		count:   mk(&excelize.Style{CustomNumFmt: custom("#,##0"), Alignment: top}),
		dec:     mk(&excelize.Style{CustomNumFmt: custom("#,##0.0"), Alignment: top}),
		date:    mk(&excelize.Style{CustomNumFmt: custom(dateFmt), Alignment: top}),
		month:   mk(&excelize.Style{CustomNumFmt: custom(monthFmt), Alignment: top}),
		general: mk(&excelize.Style{Alignment: top}),
	}
	return err
}

// Cell writing. Every write notes the displayed width for column fitting.

// xlColNames caches the names of the first columns ("A", …); it is filled
// once, before any writer runs, so that concurrent writers share it safely.
var xlColNames = func() (names [200]string) {
	for c := 1; c < len(names); c++ {
		names[c], _ = excelize.ColumnNumberToName(c)
	}
	return names
}()

func xlCol(c int) string {
	if c > 0 && c < len(xlColNames) {
		return xlColNames[c]
	}
	n, _ := excelize.ColumnNumberToName(c)
	return n
}

func xlRef(col, row int) string { return xlCol(col) + strconv.Itoa(row) }

func (s *xlSheet) note(col int, width float64) {
	for len(s.widths) <= col {
		s.widths = append(s.widths, 0)
	}
	if width > s.widths[col] {
		s.widths[col] = width
	}
}

// xlTextWidth is the width of a text in characters; a multi-line text counts
// its longest line.
func xlTextWidth(s string) float64 {
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return float64(w)
}

// str writes user or generated text as a string cell, never a formula.
func (x *xlWriter) str(sheet string, col, row int, s string, style int) error {
	if s == "" {
		return nil
	}
	ref := xlRef(col, row)
	x.sheets[sheet].touch(col, row)
	if err := x.f.SetCellStr(sheet, ref, s); err != nil {
		return err
	}
	sh := x.sheets[sheet]
	if style == x.st.wrap {
		sh.texts = append(sh.texts, xlWrappedText{row, col, s})
		sh.wrap[col] = true
	}
	sh.note(col, xlTextWidth(s)*xlBoldFactor(style, x.st))
	if style != 0 {
		return x.f.SetCellStyle(sheet, ref, ref, style)
	}
	return nil
}

func xlBoldFactor(style int, st xlStyles) float64 {
	if style == st.bold || style == st.title {
		return 1.1
	}
	return 1
}

// num writes a number with a style; a NaN or infinite value leaves the cell
// empty rather than writing an invented number.
func (x *xlWriter) num(sheet string, col, row int, v float64, style int) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	ref := xlRef(col, row)
	x.sheets[sheet].touch(col, row)
	if err := x.f.SetCellFloat(sheet, ref, v, -1, 64); err != nil {
		return err
	}
	x.sheets[sheet].note(col, float64(utf8.RuneCountInString(x.display(v, style))))
	return x.f.SetCellStyle(sheet, ref, ref, style)
}

// numIf writes v when ok and leaves the cell empty otherwise.
func (x *xlWriter) numIf(sheet string, col, row int, v float64, ok bool, style int) error {
	if !ok {
		return nil
	}
	return x.num(sheet, col, row, v, style)
}

// xlEpoch is day 0 of the 1900 date system as Excel counts it (after
// its 1900 leap-year bug), valid for dates from March 1900.
var xlEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// date writes a date as a date cell (a serial number with a date format).
func (x *xlWriter) date(sheet string, col, row int, t time.Time, style int) error {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	serial := float64(d.Sub(xlEpoch).Hours()/24) + float64(t.Sub(d))/float64(24*time.Hour)
	ref := xlRef(col, row)
	x.sheets[sheet].touch(col, row)
	if err := x.f.SetCellFloat(sheet, ref, serial, -1, 64); err != nil {
		return err
	}
	x.sheets[sheet].note(col, 11)
	return x.f.SetCellStyle(sheet, ref, ref, style)
}

// display approximates how a number shows, for column widths.
func (x *xlWriter) display(v float64, style int) string {
	switch style {
	case x.st.money:
		return locale.Money(x.lang, v, x.cur)
	case x.st.pct:
		return locale.Percent(x.lang, v, 1)
	case x.st.pct0:
		return locale.Percent(x.lang, v, 0)
	case x.st.ratio:
		return locale.Number(x.lang, v, 2)
	case x.st.count:
		return locale.Number(x.lang, v, 0)
	case x.st.dec:
		return locale.Number(x.lang, v, 1)
	default:
		return strconv.FormatFloat(v, 'g', 11, 64)
	}
}

// header writes a header row; long headers wrap rather than widen their
// column.
func (x *xlWriter) header(sheet string, row, firstCol int, names []string) error {
	sh := x.sheets[sheet]
	for i, n := range names {
		col := firstCol + i
		ref := xlRef(col, row)
		sh.touch(col, row)
		if err := x.f.SetCellStr(sheet, ref, n); err != nil {
			return err
		}
		// A header needs its longest word, and at most two lines.
		w := 0.0
		for word := range strings.FieldsSeq(n) {
			w = max(w, float64(utf8.RuneCountInString(word)))
		}
		w = max(w, math.Ceil(xlTextWidth(n)/2))
		sh.note(col, w*1.1+1)
		sh.texts = append(sh.texts, xlWrappedText{row, col, n})
	}
	if len(names) == 0 {
		return nil
	}
	return x.f.SetCellStyle(sheet, xlRef(firstCol, row), xlRef(firstCol+len(names)-1, row), x.st.header)
}

func (x *xlWriter) freezeFilter(sheet string, lastCol, lastRow int) error {
	if err := x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if lastRow < 2 {
		lastRow = 2
	}
	return x.f.AutoFilter(sheet, "A1:"+xlRef(lastCol, lastRow), nil)
}

// Labels.

func (x *xlWriter) t(en, fr string) string { return tr(x.lang, en, fr) }

func (x *xlWriter) metricLabel(t planner.Target) string {
	switch t.Metric {
	case planner.Revenue:
		return x.t("Revenue", "Chiffre d'affaires")
	case planner.NewCustomers:
		return x.t("New customers", "Nouveaux clients")
	case planner.Meetings:
		return x.t("Meetings", "Rendez-vous")
	case planner.Opportunities:
		return x.t("Opportunities", "Opportunités")
	case planner.WinRate:
		return x.t("Win rate", "Taux de transformation")
	case planner.DealSize:
		return x.t("Deal size", "Taille moyenne des affaires")
	}
	if t.MetricText != "" {
		return t.MetricText
	}
	return string(t.Metric)
}

func (x *xlWriter) verdictLabel(v planner.Verdict) string {
	switch v {
	case planner.Achievable:
		return x.t("Achievable", "Atteignable")
	case planner.Stretch:
		return x.t("Stretch", "Ambitieux")
	case planner.Unrealistic:
		return x.t("Unrealistic", "Irréaliste")
	case planner.InsufficientData:
		return x.t("Insufficient data", "Données insuffisantes")
	}
	return string(v)
}

func (x *xlWriter) scope(t planner.Target) string {
	var parts []string
	for _, s := range []string{t.Segment, t.Offer} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return x.t("whole team", "toute l'équipe")
	}
	return strings.Join(parts, " · ")
}

// metricStyle is the number format of a value of the target's metric.
func (x *xlWriter) metricStyle(m planner.Metric, v float64) int {
	switch m {
	case planner.Revenue, planner.DealSize:
		return x.st.money
	case planner.WinRate:
		return x.st.pct
	}
	if v != math.Trunc(v) {
		return x.st.dec
	}
	return x.st.count
}

// metricFlowStyle is the number format of monthly or to-date quantities
// of the target's metric: amounts, rates, or counts with one decimal
// (phased counts are fractional).
func (x *xlWriter) metricFlowStyle(m planner.Metric) int {
	switch m {
	case planner.Revenue, planner.DealSize, planner.WinRate:
		return x.metricStyle(m, 0)
	}
	return x.st.dec
}

// verdictRules colours the cells of a range by verdict label.
func (x *xlWriter) verdictRules(sheet, rangeRef string) error {
	colours := []struct {
		v          planner.Verdict
		fill, font string
	}{
		{planner.Achievable, "C6EFCE", "006100"},
		{planner.Stretch, "FFEB9C", "9C5700"},
		{planner.Unrealistic, "FFC7CE", "9C0006"},
		{planner.InsufficientData, "E7E6E6", "3A3838"},
	}
	var rules []excelize.ConditionalFormatOptions
	for _, c := range colours {
		id, err := x.f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: c.font, Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c.fill}, Shading: 0},
		})
		if err != nil {
			return err
		}
		rules = append(rules, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==",
			Value: `"` + x.verdictLabel(c.v) + `"`, Format: &id})
	}
	return x.f.SetConditionalFormat(sheet, rangeRef, rules)
}

// Summary sheet.

func (x *xlWriter) summary() error {
	sh := x.names[0]
	heads := []string{
		x.t("Team", "Équipe"), x.t("Target", "Objectif"), x.t("Metric", "Indicateur"), x.t("Scope", "Périmètre"),
		x.t("Target value", "Valeur cible"), x.t("Deadline", "Échéance"), x.t("Verdict", "Verdict"),
		x.t("Probability", "Probabilité"), "P10", "P50", "P90",
		x.t("Capacity ratio", "Ratio de capacité"), x.t("Required deals", "Affaires requises"),
		x.t("Opportunities per month", "Opportunités par mois"),
		x.t("Win rate (history)", "Taux de transformation (historique)"), x.t("Average deal (history)", "Affaire moyenne (historique)"),
		x.t("Cycle, median days", "Cycle médian (jours)"), x.t("Ratios borrowed from", "Ratios empruntés à"),
	}
	// Progress columns on reruns (METHOD §8), when any target has some.
	progress := false
	for i := range x.p.Targets {
		progress = progress || x.p.Targets[i].HasProgress
	}
	if progress {
		heads = append(heads, x.t("Plan to date", "Plan à date"), x.t("Actual to date", "Réalisé à date"),
			x.t("Gap to date", "Écart à date"), x.t("Needed per remaining month", "Nécessaire par mois restant"))
	}
	heads = append(heads, x.t("Key reason", "Raison principale"))
	keyCol := len(heads)
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	s := x.sheets[sh]
	s.fixed[1] = 30 // team names can be long: they wrap
	s.fixed[4] = 30
	s.fixed[len(heads)] = xlWrapWidth
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		row := i + 2
		t := r.Target
		hasDeals, hasOpps := metricFunnelLines(t.Metric)
		mStyle := x.metricStyle(t.Metric, t.Value)
		h := r.History
		reason := ""
		if len(r.Reasons) > 0 {
			reason = r.Reasons[0].Message
		}
		for _, err := range []error{
			x.str(sh, 1, row, t.Team, x.st.wrap),
			x.str(sh, 2, row, t.ID, x.st.text),
			x.str(sh, 3, row, x.metricLabel(t), x.st.text),
			x.str(sh, 4, row, x.scope(t), x.st.wrap),
			x.numIf(sh, 5, row, t.Value, t.HasValue, mStyle),
			x.date(sh, 6, row, t.Deadline, x.st.date),
			x.str(sh, 7, row, x.verdictLabel(r.Verdict), x.st.text),
			x.numIf(sh, 8, row, r.Probability, r.HasProbability, x.st.pct0),
			x.numIf(sh, 9, row, r.P10, r.HasProbability, x.metricStyle(t.Metric, r.P10)),
			x.numIf(sh, 10, row, r.P50, r.HasProbability, x.metricStyle(t.Metric, r.P50)),
			x.numIf(sh, 11, row, r.P90, r.HasProbability, x.metricStyle(t.Metric, r.P90)),
			x.numIf(sh, 12, row, r.CapacityRatio, r.HasCapacity, x.st.ratio),
			x.numIf(sh, 13, row, r.Required.Deals, r.HasRequired && hasDeals, x.st.dec),
			x.numIf(sh, 14, row, r.Required.OpportunitiesPerMonth, r.HasRequired && hasOpps, x.st.dec),
			x.numIf(sh, 15, row, h.WinRate, h.HasWinRate, x.st.pct),
			x.numIf(sh, 16, row, h.AvgDeal, h.HasDeal, x.st.money),
			x.numIf(sh, 17, row, h.CycleDaysMedian, h.HasCycle, x.st.count),
			x.str(sh, 18, row, h.BorrowedFrom, x.st.text),
			x.str(sh, keyCol, row, reason, x.st.wrap),
		} {
			if err != nil {
				return err
			}
		}
		if progress && r.HasProgress {
			pStyle := x.metricFlowStyle(t.Metric)
			for _, err := range []error{
				x.num(sh, 19, row, r.PlanToDate, pStyle),
				x.num(sh, 20, row, r.ActualToDate, pStyle),
				x.num(sh, 21, row, r.ActualToDate-r.PlanToDate, pStyle),
				x.num(sh, 22, row, r.NeededPerMonth, pStyle),
			} {
				if err != nil {
					return err
				}
			}
		}
	}
	last := len(x.p.Targets) + 1
	if err := x.freezeFilter(sh, len(heads), last); err != nil {
		return err
	}
	if len(x.p.Targets) > 0 {
		if err := x.verdictRules(sh, fmt.Sprintf("G2:G%d", last)); err != nil {
			return err
		}
	}
	if len(x.p.Changes) == 0 {
		return nil
	}
	// Changes since the previous run, below the table (METHOD §8).
	row := last + 3
	title := x.t("Changes since last run", "Évolutions depuis le dernier calcul")
	if !x.p.PreviousAsOf.IsZero() {
		title += x.t(" (as of ", " (au ") + locale.ShortDate(x.lang, x.p.PreviousAsOf) + ")"
	}
	if err := x.titleCell(sh, row, title); err != nil {
		return err
	}
	row++
	ch := []string{x.t("Team", "Équipe"), x.t("Target", "Objectif"), x.t("Metric", "Indicateur"),
		x.t("Previous verdict", "Verdict précédent"), x.t("New verdict", "Nouveau verdict"),
		x.t("Previous probability", "Probabilité précédente"), x.t("New probability", "Nouvelle probabilité"),
		x.t("Change (points)", "Écart (points)")}
	if err := x.header(sh, row, 1, ch); err != nil {
		return err
	}
	first := row + 1
	for _, c := range x.p.Changes {
		row++
		old := x.verdictLabel(c.OldVerdict)
		if c.New {
			old = x.t("new target", "nouvel objectif")
		}
		newProb, hasNew := changeNewProbability(x.p, c)
		for _, err := range []error{
			x.str(sh, 1, row, c.Team, x.st.wrap),
			x.str(sh, 2, row, c.TargetID, x.st.text),
			x.str(sh, 3, row, x.metricLabel(planner.Target{Metric: c.Metric}), x.st.text),
			x.str(sh, 4, row, old, x.st.text),
			x.str(sh, 5, row, x.verdictLabel(c.NewVerdict), x.st.text),
			x.numIf(sh, 6, row, c.OldProbability, c.HasProbability && !c.New, x.st.pct0),
			x.numIf(sh, 7, row, newProb, hasNew, x.st.pct0),
			x.numIf(sh, 8, row, (c.NewProbability-c.OldProbability)*100, c.HasProbability && !c.New, x.st.count),
		} {
			if err != nil {
				return err
			}
		}
	}
	return x.verdictRules(sh, fmt.Sprintf("D%d:E%d", first, row))
}

// Targets sheet.

// xlComment is what the workbook says about one input cell.
type xlComment struct {
	ref   string
	lines []string
}

// targetComments maps each failed check and reason of a target to the
// input field that caused it, and returns the comments by field in a fixed
// order.
func (x *xlWriter) targetComments(r *planner.TargetResult) map[string][]string {
	t := r.Target
	out := map[string][]string{}
	add := func(field, label, msg string) {
		if msg == "" {
			msg = x.t("fails", "non respecté")
		}
		line := label + x.t(": ", "\u00a0: ") + msg
		if !slices.Contains(out[field], line) {
			out[field] = append(out[field], line)
		}
	}
	blankScope := func(s string) bool {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "", "all", "everything", "tous", "tout", "toutes", "*":
			return true
		}
		return false
	}
	sm := r.Smart
	if !sm.Specific.Pass {
		label := x.t("Specific", "Spécifique")
		found := false
		for _, f := range []struct{ field, v string }{{"segment", t.Segment}, {"offer", t.Offer}} {
			if f.v != "" && blankScope(f.v) {
				add(f.field, label, sm.Specific.Reason)
				found = true
			}
		}
		if t.Segment == "" && t.Offer == "" {
			add("segment", label, sm.Specific.Reason)
			found = true
		}
		if strings.TrimSpace(t.Lever) == "" {
			add("lever", label, sm.Specific.Reason)
			found = true
		}
		if t.Team == "" {
			add("team", label, sm.Specific.Reason)
			found = true
		}
		if !found {
			add("segment", label, sm.Specific.Reason)
		}
	}
	if !sm.Measurable.Pass {
		label := x.t("Measurable", "Mesurable")
		switch {
		case t.Metric == "" || !slices.Contains(planner.Metrics, t.Metric):
			add("metric", label, sm.Measurable.Reason)
		case t.Metric.IsRate() && !t.HasBaseline && t.HasValue && t.Value > 0:
			add("baseline", label, sm.Measurable.Reason)
		default:
			add("value", label, sm.Measurable.Reason)
		}
	}
	if !sm.Achievable.Pass {
		add("value", x.t("Achievable", "Atteignable"), sm.Achievable.Reason)
	}
	if !sm.Relevant.Pass {
		add("rationale", x.t("Relevant", "Pertinent"), sm.Relevant.Reason)
	}
	if !sm.TimeBound.Pass {
		label := x.t("Time-bound", "Temporel")
		switch {
		case t.Start.IsZero() || t.Deadline.IsZero():
			if t.Start.IsZero() {
				add("start", label, sm.TimeBound.Reason)
			}
			if t.Deadline.IsZero() {
				add("deadline", label, sm.TimeBound.Reason)
			}
		case !t.Start.Before(t.Deadline):
			add("start", label, sm.TimeBound.Reason)
			add("deadline", label, sm.TimeBound.Reason)
		default:
			add("deadline", label, sm.TimeBound.Reason)
		}
	}
	// The reasons behind a failed Achievable letter go on the cells they
	// are about; reasons of an achievable or stretch target caused no
	// failure and stay in the Reasons column.
	if !sm.Achievable.Pass {
		for _, rs := range r.Reasons {
			if field := xlReasonField(rs.Code, t); field != "" {
				add(field, x.t("Reason", "Raison"), rs.Message)
			}
		}
	}
	for _, rs := range r.Mistakes {
		if field := xlReasonField(rs.Code, t); field != "" {
			add(field, x.t("Classic mistake", "Erreur classique"), rs.Message)
		}
	}
	return out
}

// xlReasonField is the input field a reason code is about, "" for reasons
// about the history rather than the input (borrowed ratios, assumptions,
// simulation details).
func xlReasonField(code string, t planner.Target) string {
	switch code {
	case "borrowed", "small_sample", "assumption", "simulation", "seasonal_fallback", "reached",
		"revenue_effect", "deal_size_effect":
		return ""
	case "cycle", "cycle_window", "period_shorter_than_cycle", "time_bound", "no_deadline":
		return "deadline"
	case "bad_dates":
		if t.Deadline.IsZero() {
			return "deadline"
		}
		return "start"
	case "no_start":
		return "start"
	case "no_baseline", "measurable_baseline":
		return "baseline"
	case "unknown_metric", "measurable_metric":
		return "metric"
	case "lever_unknown", "growth_lever", "lever_effect", "specific_lever":
		return "lever"
	case "no_priority_order":
		return "priority"
	case "specific_team":
		return "team"
	case "specific_scope":
		if t.Segment == "" && t.Offer != "" {
			return "offer"
		}
		return "segment"
	case "relevant":
		return "rationale"
	}
	return "value"
}

// xlCommentFields is the order in which a row's comments are added.
var xlCommentFields = []string{"id", "team", "segment", "offer", "metric", "value", "baseline", "start", "deadline", "lever", "priority", "rationale"}

func (x *xlWriter) targets() error {
	sh := x.names[1]
	if len(x.p.Sources) == 0 {
		return x.targetsFromPlan(sh)
	}
	width := 0
	for _, s := range x.p.Sources {
		width = max(width, len(s.Header))
		for _, r := range s.Rows {
			width = max(width, len(r.Cells))
		}
	}
	app := []string{x.t("Verdict", "Verdict"), x.t("Probability", "Probabilité"),
		x.t("Required opportunities per month", "Opportunités requises par mois"), x.t("Reasons", "Raisons"),
		x.t("Input row", "Ligne d'origine")}
	appCol := width + 1
	s := x.sheets[sh]
	s.fixed[appCol+3] = xlWrapWidth
	row := 0
	var verdictRanges []string
	for ti, src := range x.p.Sources {
		if ti > 0 {
			row++ // a blank row between tables
		}
		row++
		title := src.File
		if src.Sheet != "" {
			title += " — " + src.Sheet
		}
		if err := x.titleCell(sh, row, title); err != nil {
			return err
		}
		row++
		if err := x.header(sh, row, 1, src.Header); err != nil {
			return err
		}
		if err := x.header(sh, row, appCol, app); err != nil {
			return err
		}
		first := row + 1
		for _, sr := range src.Rows {
			row++
			if err := x.sourceRow(sh, row, appCol, src, sr); err != nil {
				return err
			}
		}
		if row >= first {
			verdictRanges = append(verdictRanges, fmt.Sprintf("%s%d:%s%d", xlCol(appCol), first, xlCol(appCol), row))
		}
	}
	if len(verdictRanges) > 0 {
		if err := x.verdictRules(sh, strings.Join(verdictRanges, " ")); err != nil {
			return err
		}
	}
	// Freeze the first title and header rows only when there is one table:
	// with several, a frozen header would mislabel the later ones.
	if len(x.p.Sources) == 1 {
		return x.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}})
	}
	return nil
}

func (x *xlWriter) sourceRow(sh string, row, appCol int, src planner.SourceTable, sr planner.SourceRow) error {
	empty := true
	for c, v := range sr.Cells {
		col := c + 1
		var err error
		switch v := v.(type) {
		case nil:
			continue
		case string:
			err = x.str(sh, col, row, v, x.st.text)
		case float64:
			err = x.num(sh, col, row, v, x.userNumberStyle(v))
		case int:
			err = x.num(sh, col, row, float64(v), x.st.count)
		case bool:
			ref := xlRef(col, row)
			x.sheets[sh].touch(col, row)
			if err = x.f.SetCellBool(sh, ref, v); err == nil {
				x.sheets[sh].note(col, 5)
				err = x.f.SetCellStyle(sh, ref, ref, x.st.general)
			}
		case time.Time:
			err = x.date(sh, col, row, v, x.st.date)
		default:
			err = x.str(sh, col, row, fmt.Sprint(v), x.st.text)
		}
		if err != nil {
			return err
		}
		empty = false
	}
	pos := planner.Position{File: src.File, Sheet: src.Sheet, Row: sr.Row}
	if err := x.str(sh, appCol+4, row, pos.String(), x.st.text); err != nil {
		return err
	}
	if sr.TargetIndex < 0 || sr.TargetIndex >= len(x.p.Targets) {
		if empty {
			return nil
		}
		return x.str(sh, appCol+3, row, x.t("No target was read from this row (see Problems).",
			"Aucun objectif n'a été lu sur cette ligne (voir Problèmes)."), x.st.wrap)
	}
	r := &x.p.Targets[sr.TargetIndex]
	_, hasOpps := metricFunnelLines(r.Target.Metric)
	for _, err := range []error{
		x.str(sh, appCol, row, x.verdictLabel(r.Verdict), x.st.text),
		x.numIf(sh, appCol+1, row, r.Probability, r.HasProbability, x.st.pct0),
		x.numIf(sh, appCol+2, row, r.Required.OpportunitiesPerMonth, r.HasRequired && hasOpps, x.st.dec),
		x.str(sh, appCol+3, row, xlReasonList(r.Reasons), x.st.wrap),
	} {
		if err != nil {
			return err
		}
	}
	return x.addComments(sh, row, r, func(field string) int { return x.commentColumn(r.Target, field, src) })
}

// addComments writes the comments of a target's failed checks on its row,
// one comment per cell (excelize refuses a second one), in field order.
func (x *xlWriter) addComments(sh string, row int, r *planner.TargetResult, column func(field string) int) error {
	comments := x.targetComments(r)
	var cols []int
	byCol := map[int][]string{}
	for _, field := range xlCommentFields {
		lines := comments[field]
		col := column(field)
		if len(lines) == 0 || col <= 0 {
			continue
		}
		if _, ok := byCol[col]; !ok {
			cols = append(cols, col)
		}
		byCol[col] = append(byCol[col], lines...)
	}
	for _, col := range cols {
		lines := byCol[col]
		text := strings.Join(lines, "\n")
		if utf8.RuneCountInString(text) > xlMaxComment {
			text = string([]rune(text)[:xlMaxComment-1]) + "…"
		}
		if err := x.f.AddComment(sh, excelize.Comment{Cell: xlRef(col, row), Author: "smartplan", Text: text,
			Width: 320, Height: uint(40 + 30*min(len(lines), 12))}); err != nil {
			return err
		}
	}
	return nil
}

// xlMaxComment is below excelize's limit on comment text (32,512).
const xlMaxComment = 32000

// userNumberStyle groups the thousands of whole numbers; other numbers
// keep the General format, which shows them as they are.
func (x *xlWriter) userNumberStyle(v float64) int {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return x.st.count
	}
	return x.st.general
}

// xlReasonList is the reasons of a target, one per line, bulleted when
// there are several.
func xlReasonList(rs []planner.Reason) string {
	if len(rs) == 1 {
		return rs[0].Message
	}
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = "• " + r.Message
	}
	return strings.Join(lines, "\n")
}

// commentColumn is the column of a target's input field: the column of its
// cell reference in Target.Cells (the source row's cells start at column A),
// or else the column whose header names the field.
func (x *xlWriter) commentColumn(t planner.Target, field string, src planner.SourceTable) int {
	if ref, ok := t.Cells[field]; ok {
		if col, _, err := excelize.CellNameToCoordinates(ref); err == nil {
			return col
		}
		if col, err := excelize.ColumnNameToNumber(strings.TrimRight(ref, "0123456789")); err == nil {
			return col
		}
	}
	for i, h := range src.Header {
		if strings.EqualFold(strings.TrimSpace(h), field) {
			return i + 1
		}
	}
	return 0
}

// targetsFromPlan writes the targets as read when the plan carries no
// source tables.
func (x *xlWriter) targetsFromPlan(sh string) error {
	heads := []string{"id", x.t("team", "équipe"), "segment", x.t("offer", "offre"), x.t("metric", "indicateur"),
		x.t("value", "valeur"), x.t("baseline", "référence"), x.t("start", "début"), x.t("deadline", "échéance"),
		x.t("lever", "levier"), x.t("priority", "priorité"), x.t("rationale", "justification"),
		x.t("Verdict", "Verdict"), x.t("Probability", "Probabilité"),
		x.t("Required opportunities per month", "Opportunités requises par mois"), x.t("Reasons", "Raisons")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	x.sheets[sh].fixed[16] = xlWrapWidth
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		t := r.Target
		row := i + 2
		_, hasOpps := metricFunnelLines(t.Metric)
		metric := string(t.Metric)
		if t.MetricText != "" {
			metric = t.MetricText
		}
		for _, err := range []error{
			x.str(sh, 1, row, t.ID, x.st.text), x.str(sh, 2, row, t.Team, x.st.text),
			x.str(sh, 3, row, t.Segment, x.st.text), x.str(sh, 4, row, t.Offer, x.st.text),
			x.str(sh, 5, row, metric, x.st.text),
			x.numIf(sh, 6, row, t.Value, t.HasValue, x.metricStyle(t.Metric, t.Value)),
			x.numIf(sh, 7, row, t.Baseline, t.HasBaseline, x.metricStyle(t.Metric, t.Baseline)),
			x.date(sh, 8, row, t.Start, x.st.date), x.date(sh, 9, row, t.Deadline, x.st.date),
			x.str(sh, 10, row, t.Lever, x.st.text),
			x.numIf(sh, 11, row, float64(t.Priority), t.Priority > 0, x.st.count),
			x.str(sh, 12, row, t.Rationale, x.st.text),
			x.str(sh, 13, row, x.verdictLabel(r.Verdict), x.st.text),
			x.numIf(sh, 14, row, r.Probability, r.HasProbability, x.st.pct0),
			x.numIf(sh, 15, row, r.Required.OpportunitiesPerMonth, r.HasRequired && hasOpps, x.st.dec),
			x.str(sh, 16, row, xlReasonList(r.Reasons), x.st.wrap),
		} {
			if err != nil {
				return err
			}
		}
		// The first twelve columns are the fields in xlCommentFields order.
		if err := x.addComments(sh, row, r, func(field string) int { return slices.Index(xlCommentFields, field) + 1 }); err != nil {
			return err
		}
	}
	last := len(x.p.Targets) + 1
	if len(x.p.Targets) > 0 {
		if err := x.verdictRules(sh, fmt.Sprintf("M2:M%d", last)); err != nil {
			return err
		}
	}
	return x.freezeFilter(sh, len(heads), last)
}

// Plan sheet.

// xlPlanned is the month's plan of the target's own metric.
func xlPlanned(t planner.Target, m planner.MonthPlan) (float64, bool) {
	switch t.Metric {
	case planner.Revenue:
		return m.Revenue, true
	case planner.NewCustomers:
		return m.Deals, true
	case planner.Meetings:
		return m.Meetings, true
	case planner.Opportunities:
		return m.Opportunities, true
	case planner.WinRate, planner.DealSize:
		return t.Value, t.HasValue
	}
	return 0, false
}

// xlCumulative reports whether a metric adds up over months (and can be
// charted as cumulative progress).
func xlCumulative(m planner.Metric) bool {
	switch m {
	case planner.Revenue, planner.NewCustomers, planner.Meetings, planner.Opportunities:
		return true
	}
	return false
}

func (x *xlWriter) plan() error {
	sh := x.names[2]
	heads := []string{x.t("Team", "Équipe"), x.t("Target", "Objectif"), x.t("Metric", "Indicateur"), x.t("Month", "Mois"),
		x.t("Deals", "Affaires"), x.t("Opportunities to create", "Opportunités à créer"), x.t("Meetings", "Rendez-vous"),
		x.t("Contacts", "Contacts"), x.t("Revenue", "Chiffre d'affaires"),
		x.t("Cumulative deals", "Affaires cumulées"), x.t("Cumulative revenue", "Chiffre d'affaires cumulé"),
		x.t("Plan (metric)", "Plan (indicateur)"), x.t("Actual", "Réalisé"), x.t("Gap", "Écart")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	row := 1
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		t := r.Target
		hasDeals, hasOpps := metricFunnelLines(t.Metric)
		for _, m := range r.Monthly {
			row++
			pv, hasPlan := xlPlanned(t, m)
			mStyle := x.metricFlowStyle(t.Metric)
			for _, err := range []error{
				x.str(sh, 1, row, t.Team, x.st.wrap),
				x.str(sh, 2, row, t.ID, x.st.text),
				x.str(sh, 3, row, x.metricLabel(t), x.st.text),
				x.date(sh, 4, row, m.Month.Start(), x.st.month),
				x.numIf(sh, 5, row, m.Deals, hasDeals, x.st.dec),
				x.numIf(sh, 6, row, m.Opportunities, hasOpps, x.st.dec),
				x.num(sh, 7, row, m.Meetings, x.st.dec),
				x.num(sh, 8, row, m.Contacts, x.st.dec),
				x.numIf(sh, 9, row, m.Revenue, hasDeals, x.st.money),
				x.numIf(sh, 10, row, m.CumDeals, hasDeals, x.st.dec),
				x.numIf(sh, 11, row, m.CumRevenue, hasDeals, x.st.money),
				x.numIf(sh, 12, row, pv, hasPlan, mStyle),
				x.numIf(sh, 13, row, m.Actual, m.HasActual, mStyle),
				x.numIf(sh, 14, row, m.Actual-pv, m.HasActual && hasPlan, mStyle),
			} {
				if err != nil {
					return err
				}
			}
		}
	}
	x.sheets[sh].fixed[1] = 30 // team names can be long: they wrap
	return x.freezeFilter(sh, len(heads), row)
}

// History sheet.

func (x *xlWriter) groupLabel(k planner.GroupKey) string {
	var parts []string
	for _, s := range []string{k.Team, k.Segment, k.Offer, k.Owner} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return x.t("Company", "Entreprise")
	}
	return strings.Join(parts, " · ")
}

func (x *xlWriter) history() error {
	sh := x.names[3]
	heads := []string{x.t("Team", "Équipe"), "Segment", x.t("Offer", "Offre"), x.t("Owner", "Commercial"),
		x.t("Closed", "Conclues"), x.t("Won", "Gagnées"), x.t("Lost", "Perdues"),
		x.t("Win rate", "Taux de transformation"), x.t("Win rate, low (95%)", "Taux, borne basse (95 %)"),
		x.t("Win rate, high (95%)", "Taux, borne haute (95 %)"),
		x.t("Average deal", "Affaire moyenne"), x.t("Median deal", "Affaire médiane"),
		x.t("Cycle, median days", "Cycle médian (jours)"), x.t("Cycle, 80th percentile days", "Cycle, 80e centile (jours)"),
		x.t("Opportunities created", "Opportunités créées"), x.t("Opportunities per month", "Opportunités par mois"),
		x.t("Won revenue", "Chiffre d'affaires gagné"), x.t("Trailing 12-month revenue", "Chiffre d'affaires 12 mois glissants"),
		x.t("Open deals", "Affaires ouvertes"), x.t("Open amount", "Montant ouvert"), x.t("Open age, median days", "Âge médian ouvert (jours)"),
		x.t("Response rate", "Taux de réponse"), x.t("Meeting rate", "Taux de rendez-vous"), x.t("Opportunity rate", "Taux d'opportunité"),
		x.t("Funnel rates from", "Source des taux"), x.t("Borrowed from", "Emprunté à")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	row := 1
	for _, r := range x.p.Ratios {
		row++
		team := r.Key.Team
		if team == "" && r.Key.Segment == "" && r.Key.Offer == "" && r.Key.Owner == "" {
			team = x.t("Company", "Entreprise")
		}
		source := x.t("history", "historique")
		if !r.FunnelFromHistory {
			source = x.t("assumption", "hypothèse")
		}
		hasFunnel := r.Funnel.ResponseRate > 0 || r.Funnel.MeetingRate > 0 || r.Funnel.OpportunityRate > 0
		if !hasFunnel {
			source = ""
		}
		for _, err := range []error{
			x.str(sh, 1, row, team, x.st.wrap), x.str(sh, 2, row, r.Key.Segment, x.st.text),
			x.str(sh, 3, row, r.Key.Offer, x.st.text), x.str(sh, 4, row, r.Key.Owner, x.st.text),
			x.num(sh, 5, row, float64(r.Closed), x.st.count), x.num(sh, 6, row, float64(r.Won), x.st.count),
			x.num(sh, 7, row, float64(r.Lost), x.st.count),
			x.numIf(sh, 8, row, r.WinRate, r.HasWinRate, x.st.pct), x.numIf(sh, 9, row, r.WinRateLow, r.HasWinRate, x.st.pct),
			x.numIf(sh, 10, row, r.WinRateHigh, r.HasWinRate, x.st.pct),
			x.numIf(sh, 11, row, r.AvgDeal, r.HasDeal, x.st.money), x.numIf(sh, 12, row, r.MedianDeal, r.HasDeal, x.st.money),
			x.numIf(sh, 13, row, r.CycleDaysMedian, r.HasCycle, x.st.count), x.numIf(sh, 14, row, r.CycleDaysP80, r.HasCycle, x.st.count),
			x.num(sh, 15, row, float64(r.Created), x.st.count), x.num(sh, 16, row, r.OpportunitiesPerMonth, x.st.dec),
			x.num(sh, 17, row, r.Revenue, x.st.money), x.num(sh, 18, row, r.Trailing12Revenue, x.st.money),
			x.num(sh, 19, row, float64(r.Open), x.st.count), x.num(sh, 20, row, r.OpenAmount, x.st.money),
			x.numIf(sh, 21, row, r.OpenAgeDaysMedian, r.Open > 0, x.st.count),
			x.numIf(sh, 22, row, r.Funnel.ResponseRate, hasFunnel, x.st.pct), x.numIf(sh, 23, row, r.Funnel.MeetingRate, hasFunnel, x.st.pct),
			x.numIf(sh, 24, row, r.Funnel.OpportunityRate, hasFunnel, x.st.pct),
			x.str(sh, 25, row, source, x.st.text), x.str(sh, 26, row, r.BorrowedFrom, x.st.text),
		} {
			if err != nil {
				return err
			}
		}
	}
	s := x.sheets[sh]
	s.fixed[1] = 30
	lastRatios := row
	if err := x.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := x.f.AutoFilter(sh, "A1:"+xlRef(len(heads), max(lastRatios, 2)), nil); err != nil {
		return err
	}

	// Assumptions.
	if len(x.p.Assumptions) > 0 {
		row += 2
		if err := x.titleCell(sh, row, x.t("Assumptions (configured, not from history)", "Hypothèses (configurées, pas issues de l'historique)")); err != nil {
			return err
		}
		row++
		if err := x.header(sh, row, 1, []string{x.t("Scope", "Périmètre"), x.t("Ratio", "Ratio"), x.t("Value", "Valeur"), x.t("Why", "Pourquoi")}); err != nil {
			return err
		}
		for _, a := range x.p.Assumptions {
			row++
			scope := a.Scope
			if scope == "" {
				scope = x.t("Company", "Entreprise")
			}
			for _, err := range []error{
				x.str(sh, 1, row, scope, x.st.wrap), x.str(sh, 2, row, x.ratioName(a.Name), x.st.text),
				x.num(sh, 3, row, a.Value, x.st.pct), x.str(sh, 4, row, a.Why, x.st.text),
			} {
				if err != nil {
					return err
				}
			}
		}
	}

	// Monthly series of each group.
	row += 2
	if err := x.titleCell(sh, row, x.t("Monthly series", "Séries mensuelles")); err != nil {
		return err
	}
	row++
	if err := x.header(sh, row, 1, []string{x.t("Group", "Groupe"), x.t("Month", "Mois"),
		x.t("Opportunities created", "Opportunités créées"), x.t("Won revenue", "Chiffre d'affaires gagné")}); err != nil {
		return err
	}
	for _, r := range x.p.Ratios {
		label := x.groupLabel(r.Key)
		months := map[planner.Month][2]float64{}
		var keys []planner.Month
		seen := map[planner.Month][2]bool{}
		for _, mv := range r.MonthlyOpportunities {
			v := months[mv.Month]
			v[0] = mv.Value
			months[mv.Month] = v
			s := seen[mv.Month]
			if !s[0] && !s[1] {
				keys = append(keys, mv.Month)
			}
			s[0] = true
			seen[mv.Month] = s
		}
		for _, mv := range r.MonthlyRevenue {
			v := months[mv.Month]
			v[1] = mv.Value
			months[mv.Month] = v
			s := seen[mv.Month]
			if !s[0] && !s[1] {
				keys = append(keys, mv.Month)
			}
			s[1] = true
			seen[mv.Month] = s
		}
		slices.SortFunc(keys, func(a, b planner.Month) int { return a.Start().Compare(b.Start()) })
		for _, m := range keys {
			row++
			v, s := months[m], seen[m]
			for _, err := range []error{
				x.str(sh, 1, row, label, x.st.text), x.date(sh, 2, row, m.Start(), x.st.month),
				x.numIf(sh, 3, row, v[0], s[0], x.st.count), x.numIf(sh, 4, row, v[1], s[1], x.st.money),
			} {
				if err != nil {
					return err
				}
			}
		}
	}
	return x.chartData(sh, row+2)
}

func (x *xlWriter) ratioName(n string) string {
	switch n {
	case "response_rate":
		return x.t("Response rate", "Taux de réponse")
	case "meeting_rate":
		return x.t("Meeting rate", "Taux de rendez-vous")
	case "opportunity_rate":
		return x.t("Opportunity rate", "Taux d'opportunité")
	case "win_rate":
		return x.t("Win rate", "Taux de transformation")
	}
	return n
}

func (x *xlWriter) titleCell(sh string, row int, text string) error {
	ref := xlRef(1, row)
	x.sheets[sh].touch(1, row)
	if err := x.f.SetCellStr(sh, ref, text); err != nil {
		return err
	}
	return x.f.SetCellStyle(sh, ref, ref, x.st.title)
}

// xlChartTeam is one team's block of chart data on the History sheet.
type xlChartTeam struct {
	team           string
	titleRow       int
	firstRow, last int // rows of months
	series         []xlSeries
	headerRow      int
	monthCol       int
}

type xlSeries struct {
	nameCol, col int
}

// chartData writes, per team, the cumulative plan and actual of each of its
// cumulative targets as a share of the target, month by month, and records
// where, for the Plan sheet's charts.
func (x *xlWriter) chartData(sh string, row int) error {
	type teamTargets struct {
		team    string
		targets []*planner.TargetResult
	}
	var teams []*teamTargets
	byTeam := map[string]*teamTargets{}
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		if !xlCumulative(r.Target.Metric) || len(r.Monthly) == 0 || !r.Target.HasValue || r.Target.Value <= 0 {
			continue
		}
		tt := byTeam[r.Target.Team]
		if tt == nil {
			tt = &teamTargets{team: r.Target.Team}
			byTeam[r.Target.Team] = tt
			teams = append(teams, tt)
		}
		tt.targets = append(tt.targets, r)
	}
	x.charts = x.charts[:0]
	if len(teams) == 0 {
		return nil
	}
	if err := x.titleCell(sh, row, x.t("Chart data: cumulative plan and actual, share of each target",
		"Données des graphiques : plan et réalisé cumulés, en part de chaque objectif")); err != nil {
		return err
	}
	row++
	for _, tt := range teams {
		row++
		if err := x.str(sh, 1, row, tt.team, x.st.bold); err != nil {
			return err
		}
		ct := xlChartTeam{team: tt.team, titleRow: row}
		row++
		ct.headerRow = row
		ct.monthCol = 1
		// The months of the team: from the earliest start to the latest end.
		first, last := tt.targets[0].Monthly[0].Month, tt.targets[0].Monthly[len(tt.targets[0].Monthly)-1].Month
		for _, r := range tt.targets {
			if m := r.Monthly[0].Month; m.Before(first) {
				first = m
			}
			if m := r.Monthly[len(r.Monthly)-1].Month; last.Before(m) {
				last = m
			}
		}
		var months []planner.Month
		for m := first; !last.Before(m); m = m.Add(1) {
			months = append(months, m)
		}
		heads := []string{x.t("Month", "Mois")}
		for _, r := range tt.targets {
			heads = append(heads, r.Target.ID+x.t(" plan", " plan"), r.Target.ID+x.t(" actual", " réalisé"))
		}
		if err := x.header(sh, row, 1, heads); err != nil {
			return err
		}
		ct.firstRow = row + 1
		for i, m := range months {
			if err := x.date(sh, 1, row+1+i, m.Start(), x.st.month); err != nil {
				return err
			}
		}
		for k, r := range tt.targets {
			planCol, actCol := 2+2*k, 3+2*k
			ct.series = append(ct.series, xlSeries{nameCol: planCol, col: planCol}, xlSeries{nameCol: actCol, col: actCol})
			var cumPlan, cumAct float64
			actualRun := true
			for _, mp := range r.Monthly {
				i := xlMonthIndex(months, mp.Month)
				pv, _ := xlPlanned(r.Target, mp)
				cumPlan += pv
				if err := x.num(sh, planCol, row+1+i, cumPlan/r.Target.Value, x.st.pct0); err != nil {
					return err
				}
				if !mp.HasActual {
					actualRun = false
				}
				if actualRun {
					cumAct += mp.Actual
					if err := x.num(sh, actCol, row+1+i, cumAct/r.Target.Value, x.st.pct0); err != nil {
						return err
					}
				}
			}
		}
		row += len(months)
		ct.last = row
		x.charts = append(x.charts, ct)
	}
	return nil
}

func xlMonthIndex(months []planner.Month, m planner.Month) int {
	for i, v := range months {
		if v == m {
			return i
		}
	}
	return 0
}

// Problems sheet.

func (x *xlWriter) problems() error {
	sh := x.names[4]
	heads := []string{x.t("File", "Fichier"), x.t("Sheet", "Feuille"), x.t("Row / line", "Ligne"), x.t("Column", "Colonne"),
		x.t("Cell", "Cellule"), x.t("Header", "En-tête"), x.t("Value", "Valeur"), x.t("Expected", "Attendu"),
		x.t("Kind", "Type"), x.t("Severity", "Gravité"), x.t("Message", "Message")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	x.sheets[sh].fixed[11] = xlWrapWidth
	for i, pr := range x.p.Problems {
		row := i + 2
		sev := pr.Severity
		switch sev {
		case planner.SeverityError:
			sev = x.t("error", "erreur")
		case planner.SeverityWarning:
			sev = x.t("warning", "avertissement")
		}
		for _, err := range []error{
			x.str(sh, 1, row, pr.File, x.st.text), x.str(sh, 2, row, pr.Sheet, x.st.text),
			x.numIf(sh, 3, row, float64(pr.Row), pr.Row > 0, x.st.count),
			x.numIf(sh, 4, row, float64(pr.Col), pr.Col > 0, x.st.count),
			x.str(sh, 5, row, pr.Ref, x.st.text), x.str(sh, 6, row, pr.Header, x.st.text),
			x.str(sh, 7, row, pr.Value, x.st.text), x.str(sh, 8, row, pr.Expected, x.st.wrap),
			x.str(sh, 9, row, pr.Kind, x.st.text), x.str(sh, 10, row, sev, x.st.text),
			x.str(sh, 11, row, pr.Message, x.st.wrap),
		} {
			if err != nil {
				return err
			}
		}
	}
	x.sheets[sh].fixed[8] = min(xlMaxWidth, max(20, x.width(sh, 8)))
	return x.freezeFilter(sh, len(heads), len(x.p.Problems)+1)
}

func (x *xlWriter) width(sheet string, col int) float64 {
	s := x.sheets[sheet]
	if col < len(s.widths) {
		return s.widths[col]
	}
	return 0
}

// finish adds the charts, fits the column widths and the heights of rows
// with wrapped text.
func (x *xlWriter) finish() error {
	if err := x.addCharts(); err != nil {
		return err
	}
	for _, name := range x.order {
		s := x.sheets[name]
		final := map[int]float64{}
		for col := 1; col < len(s.widths) || s.fixed[col] > 0; col++ {
			w := 0.0
			if col < len(s.widths) {
				w = s.widths[col]
			}
			if w == 0 && s.fixed[col] == 0 {
				continue
			}
			w = math.Ceil(w + 2)
			limit := float64(xlMaxWidth)
			if fw, ok := s.fixed[col]; ok {
				limit = fw
			}
			w = min(max(w, xlMinWidth), limit)
			final[col] = w
			if err := x.f.SetColWidth(name, xlCol(col), xlCol(col), w); err != nil {
				return err
			}
			if col > 200 {
				break
			}
		}
		// Print on A4 landscape, one page wide, the header row repeated.
		if err := x.printSetup(name); err != nil {
			return err
		}
		// excelize leaves <dimension ref="A1">, with which streaming
		// readers (openpyxl read-only) see a single cell.
		if s.maxRow > 0 {
			if err := x.f.SetSheetDimension(name, "A1:"+xlRef(s.maxCol, s.maxRow)); err != nil {
				return err
			}
		}
		lines := map[int]int{}
		for _, wt := range s.texts {
			w := final[wt.col]
			if w <= 2 {
				continue
			}
			n := 0
			for line := range strings.SplitSeq(wt.text, "\n") {
				// Text runs about 10 % narrower than the digit width
				// that column widths are measured in.
				n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(line))/((w-2)*1.1))))
			}
			lines[wt.row] = max(lines[wt.row], n)
		}
		rows := make([]int, 0, len(lines))
		for r := range lines {
			rows = append(rows, r)
		}
		slices.Sort(rows)
		for _, r := range rows {
			if n := lines[r]; n > 1 {
				// Beyond ten lines the cell scrolls rather than the row
				// growing past a screen.
				if err := x.f.SetRowHeight(name, r, float64(min(n, 10))*15); err != nil {
					return err
				}
			}
		}
	}
	x.f.SetActiveSheet(0)
	// excelize v2.11.1 adds the image content types of comments and
	// drawings in map order (setContentTypePartImageExtensions), so
	// [Content_Types].xml would differ between runs. Sort them.
	if ct := x.f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	return nil
}

// xlPalette colours the targets of a chart.
var xlPalette = []string{"1F77B4", "D62728", "2CA02C", "9467BD", "FF7F0E", "8C564B"}

func (x *xlWriter) monthFormat() string {
	if x.lang == "fr" {
		return "mm/yyyy"
	}
	return "yyyy-mm"
}

func (x *xlWriter) printSetup(sheet string) error {
	landscape, a4, one, auto, fit := "landscape", 9, 1, 0, true
	if err := x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4,
		FitToWidth: &one, FitToHeight: &auto}); err != nil {
		return err
	}
	if err := x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// The Targets sheet has one header per source table: no single
	// header row to repeat.
	if sheet == x.names[1] && len(x.p.Sources) > 0 {
		return nil
	}
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$1", sheet)})
}

// addCharts draws, on the Plan sheet, one line chart per team of the
// cumulative plan and actual of its targets, as a share of each target.
func (x *xlWriter) addCharts() error {
	if len(x.charts) == 0 {
		return nil
	}
	plan, hist := x.names[2], x.names[3]
	q := func(col, row int) string {
		return fmt.Sprintf("'%s'!$%s$%d", hist, xlCol(col), row)
	}
	anchorCol := 16 // column P, right of the 14 columns of the table
	row := 2
	for _, c := range x.charts {
		var series []excelize.ChartSeries
		months := c.last - c.firstRow + 1
		for i, s := range c.series {
			// A target's plan and actual share its colour: dashed plan,
			// solid actual with markers.
			colour := xlPalette[(i/2)%len(xlPalette)]
			fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
			se := excelize.ChartSeries{
				Name:       q(s.nameCol, c.headerRow),
				Categories: q(c.monthCol, c.firstRow) + ":" + fmt.Sprintf("$%s$%d", xlCol(c.monthCol), c.last),
				Values:     q(s.col, c.firstRow) + ":" + fmt.Sprintf("$%s$%d", xlCol(s.col), c.last),
				Fill:       fill,
				Line:       excelize.LineOptions{Width: 2},
				Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: fill, Border: excelize.LineOptions{Fill: fill}},
			}
			if i%2 == 0 {
				se.Line.Dash = excelize.LineDashDash
				if months > 2 {
					se.Marker = excelize.ChartMarker{Symbol: "none"}
				}
			}
			series = append(series, se)
		}
		title := c.team + x.t(": cumulative plan vs actual, share of target", " : plan cumulé et réalisé, en part de l'objectif")
		chart := &excelize.Chart{
			Type:      excelize.Line,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 11}}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 640, Height: 320},
			Format:    excelize.GraphicOptions{AltText: title, OffsetX: 10, OffsetY: 5},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			XAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: x.monthFormat()},
				TickLabelSkip: max(1, (months+7)/8)},
			ShowBlanksAs: "gap",
		}
		if err := x.f.AddChart(plan, xlRef(anchorCol, row), chart); err != nil {
			return err
		}
		row += 17
	}
	return nil
}
