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
// The language is opt.Lang, or the plan's when opt.Lang is empty.
//
//   - Summary: one row per target with its verdict (coloured by conditional
//     formatting), probability and P10/P50/P90, capacity ratio, required
//     flow, the history it was judged on and, on reruns, plan and actual to
//     date; frozen header and filter. Below it, when the plan carries
//     changes since the previous run, a "Changes since last run" block.
//   - Targets: the user's target sheets exactly as read (headers, values,
//     order, and the same columns, so that a reference such as F7 names the
//     same column as in the input), one block per source table, each
//     preceded by a title row naming its file and sheet. One sheet rather
//     than one per table keeps the five sheet names fixed for scripts.
//     Columns are appended, after the widest table, for the verdict,
//     probability, required opportunities per month, reasons and the input
//     row. Each input cell behind a failed SMART letter (and the reasons of
//     a failed Achievable letter, and the classic mistakes) carries a
//     comment saying why. Targets no source row points at follow in a
//     block of their own.
//   - Plan: the monthly milestones of every target, with actuals and gaps
//     where the month is past, and one native line chart per target of
//     its cumulative plan against its actual over its own months, as a
//     share of the target.
//   - History: the ratios per group with sample sizes, Wilson intervals and
//     funnel rates (marked "assumption" when not from activity history),
//     the configured assumptions and the monthly series.
//   - Problems: every input problem with its position.
//   - Chart data (hidden): what the charts read.
//   - Track record: the plan's own history scored as a forecast.
//
// Numbers are written as numbers and dates as dates, with number formats
// for the language and currency; user text is always written as a string
// cell, so that a value beginning with "=", "+", "-" or "@" can never become
// a formula. Numbers keep Excel's 15 significant digits (plan.json has the
// exact values). Document properties are fixed (creator "smartplan", dates
// from the plan's as-of date), so the same plan gives the same bytes.
func WriteXLSX(w io.Writer, p *planner.Plan, opt Options) error {
	if p == nil {
		return fmt.Errorf("write xlsx: nil plan")
	}
	x, err := newXLWriter(p, opt)
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	defer x.f.Close()
	for _, step := range []func() error{x.summary, x.targets, x.plan, x.history, x.problems, x.track, x.finish} {
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
var xlSheetNames = [7][2]string{
	{"Summary", "Synthèse"},
	{"Targets", "Objectifs"},
	{"Plan", "Plan"},
	{"History", "Historique"},
	{"Problems", "Problèmes"},
	{"Chart data", "Données des graphiques"}, // hidden: the Plan sheet's charts read it
	{"Track record", "Bilan"},
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
	charts []xlChartTeam
	cuts   []xlCut // texts cut to fit a cell, listed on the Problems sheet
}

// xlCut is a text cut to Excel's limit for a cell.
type xlCut struct {
	sheet, ref string
	runes      int // the whole text's length
}

// xlMaxText is the most characters a cell holds (Excel's limit; excelize
// cuts longer texts silently).
const xlMaxText = excelize.TotalCellChars

// fit returns s cut to xlMaxText characters, ending with a visible marker,
// and records the cut; a text that fits is returned as it is.
func (x *xlWriter) fit(sheet, ref, s string) string {
	if len(s) <= xlMaxText {
		return s // fewer bytes than the limit: fewer characters too
	}
	n := utf8.RuneCountInString(s)
	if n <= xlMaxText {
		return s
	}
	marker := fmt.Sprintf(x.t(" … [cut: %d characters; a cell holds 32,767; plan.json holds the whole text]",
		" … [coupé : %d caractères ; une cellule en contient 32 767 ; plan.json contient le texte entier]"), n)
	keep := xlMaxText - utf8.RuneCountInString(marker)
	i := 0
	for range keep {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	x.cuts = append(x.cuts, xlCut{sheet, ref, n})
	return s[:i] + marker
}

// xlSheet tracks what is needed to fit column widths and row heights once
// all cells are written.
type xlSheet struct {
	widths []float64       // by column index (1-based; 0 unused)
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
	score                                     int // a Brier score or a log loss: 0.000
	month, general                            int
	// probabilities, as probLabel writes them in the PDF and the terminal
	probLow, probHigh int // beyond the ends; near them, pct
}

// probStyle is the style of a probability cell: the number stays a
// number, shown as probLabel shows it (a whole percentage, one decimal
// near the ends, "< 0.1%" and "> 99.9%" beyond).
func (x *xlWriter) probStyle(p float64) int {
	switch probBand(p) {
	case probBelow:
		return x.st.probLow
	case probAbove:
		return x.st.probHigh
	case probNearEnd:
		return x.st.pct // one decimal, as probLabel near the ends
	}
	return x.st.pct0
}

func newXLWriter(p *planner.Plan, opt Options) (*xlWriter, error) {
	// The plan's own language is the default: its sentences are in it.
	lang := opt.lang()
	if opt.Lang == "" && p.Lang != "" {
		lang = locale.Normalize(p.Lang)
	}
	cur := opt.currency(p)
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
		x.sheets[n] = &xlSheet{fixed: map[int]float64{}}
	}
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
// xlPctFormat is the number format of a percentage with the digits of
// num ("0" or "0.0"): 12.5% in English, 12,5 % in French (a space before
// the sign, as the money format has before its symbol).
func xlPctFormat(lang, num string) string {
	if lang == "fr" {
		return num + `\ %`
	}
	return num + "%"
}

func xlMoneyFormat(lang, currency string) string {
	sym := strings.ReplaceAll(locale.Symbol(currency), `"`, ``)
	if sym == "" {
		return `#,##0;\-#,##0`
	}
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
		pct:   mk(&excelize.Style{CustomNumFmt: custom(xlPctFormat(x.lang, "0.0")), Alignment: top}),
		// A whole percentage: probabilities near 0 or 1 take probLow,
		// pct or probHigh instead (probStyle), so that none shows as a
		// flat 0 % or 100 %; shares of a plan show as they are.
		pct0:     mk(&excelize.Style{CustomNumFmt: custom(xlPctFormat(x.lang, "0")), Alignment: top}),
		probLow:  mk(&excelize.Style{CustomNumFmt: custom(`"` + probLabel(x.lang, 0.0001) + `"`), Alignment: top}),
		probHigh: mk(&excelize.Style{CustomNumFmt: custom(`"` + probLabel(x.lang, 0.9999) + `"`), Alignment: top}),
		ratio:    mk(&excelize.Style{CustomNumFmt: custom("0.00"), Alignment: top}),
		score:    mk(&excelize.Style{CustomNumFmt: custom("0.000"), Alignment: top}),
		count:    mk(&excelize.Style{CustomNumFmt: custom("#,##0"), Alignment: top}),
		dec:      mk(&excelize.Style{CustomNumFmt: custom("#,##0.0"), Alignment: top}),
		date:     mk(&excelize.Style{CustomNumFmt: custom(dateFmt), Alignment: top}),
		month:    mk(&excelize.Style{CustomNumFmt: custom(monthFmt), Alignment: top}),
		general:  mk(&excelize.Style{Alignment: top}),
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
	if x.lang == "fr" && style == x.st.wrap {
		s = frenchSpaces.Replace(s) // (the sentences, not the cells copied from the inputs)
	}
	s = x.fit(sheet, ref, s)
	if err := x.f.SetCellStr(sheet, ref, s); err != nil {
		return err
	}
	sh := x.sheets[sheet]
	if style == x.st.wrap {
		sh.texts = append(sh.texts, xlWrappedText{row, col, s})
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
	case x.st.probLow, x.st.probHigh:
		return probLabel(x.lang, v)
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
		if err := x.f.SetCellStr(sheet, ref, x.fit(sheet, ref, n)); err != nil {
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
	return metricLabel(x.lang, t)
}

func (x *xlWriter) verdictLabel(v planner.Verdict) string {
	return verdictLabel(x.lang, v)
}

func (x *xlWriter) scope(t planner.Target) string {
	return scopeLabel(x.lang, t)
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

// xlFailedLetters lists the SMART letters a target fails ("A, T"), empty
// when it passes all five. The letters are the same in French.
func xlFailedLetters(sm planner.Smart) string {
	var out []string
	for _, c := range []struct {
		letter string
		check  planner.Check
	}{{"S", sm.Specific}, {"M", sm.Measurable}, {"A", sm.Achievable}, {"R", sm.Relevant}, {"T", sm.TimeBound}} {
		if !c.check.Pass {
			out = append(out, c.letter)
		}
	}
	return strings.Join(out, ", ")
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
	if err := x.f.SetSheetVisible(x.names[5], false); err != nil {
		return err
	}
	for _, name := range x.names {
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
		// Print on A4 landscape, as few pages wide as keep the text
		// legible, the header row repeated.
		total := 0.0
		for _, w := range final {
			total += w
		}
		if err := x.printSetup(name, xlPagesWide(total)); err != nil {
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

// xlPageChars is about how many characters of column width an A4
// landscape page holds at 100 %, and xlMinScale the smallest print scale
// that stays legible (about 8 points for the 11-point default font).
const (
	xlPageChars = 130
	xlMinScale  = 0.7
)

// xlPagesWide is how many pages wide a sheet of columns totalling width
// characters prints on, so that it is never scaled below xlMinScale.
func xlPagesWide(width float64) int {
	return max(1, int(math.Ceil(width/(xlPageChars*xlMinScale))))
}

func (x *xlWriter) printSetup(sheet string, pagesWide int) error {
	landscape, a4, auto, fit := "landscape", 9, 0, true
	if err := x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4,
		FitToWidth: &pagesWide, FitToHeight: &auto}); err != nil {
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
	// On a sheet several pages wide, the first two columns (what each row
	// is: team and target, or team and segment) repeat on every page.
	titles := fmt.Sprintf("'%s'!$1:$1", sheet)
	if pagesWide > 1 {
		titles = fmt.Sprintf("'%s'!$A:$B,'%s'!$1:$1", sheet, sheet)
	}
	return x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: titles})
}

// addCharts draws, on the Plan sheet, one line chart per target of its
// cumulative plan (dashed) and actual (solid, with markers), as a share of
// the target, from the hidden Chart data sheet: one chart a target, so
// that plans starting alike do not hide each other and an actual is read
// against its own plan.
func (x *xlWriter) addCharts() error {
	plan, hist := x.names[2], x.names[5]
	q := func(col, row int) string {
		return fmt.Sprintf("'%s'!$%s$%d", hist, xlCol(col), row)
	}
	anchorCol := 16 // column P, right of the 14 columns of the table
	row := 2
	for _, c := range x.charts {
		for k, id := range c.ids {
			from, to := c.spans[k][0], c.spans[k][1] // the target's own months
			months := to - from + 1
			fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlPalette[0]}}
			var series []excelize.ChartSeries
			for j, col := range c.seriesCols[2*k : 2*k+2] {
				se := excelize.ChartSeries{
					Name:       q(col, c.headerRow),
					Categories: q(c.monthCol, from) + ":" + fmt.Sprintf("$%s$%d", xlCol(c.monthCol), to),
					Values:     q(col, from) + ":" + fmt.Sprintf("$%s$%d", xlCol(col), to),
					Fill:       fill,
					Line:       excelize.LineOptions{Width: 2},
					Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: fill, Border: excelize.LineOptions{Fill: fill}},
				}
				if j == 0 { // the plan
					se.Line.Dash = excelize.LineDashDash
					if months > 2 {
						se.Marker = excelize.ChartMarker{Symbol: "none"}
					}
				}
				series = append(series, se)
			}
			title := id + " (" + c.team + ")" + x.t(": cumulative plan vs actual, share of target", " : plan cumulé et réalisé, en part de l’objectif")
			chart := &excelize.Chart{
				Type:      excelize.Line,
				Series:    series,
				Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 10}}}},
				Legend:    excelize.ChartLegend{Position: "bottom"},
				Dimension: excelize.ChartDimension{Width: 560, Height: 260},
				Format:    excelize.GraphicOptions{AltText: title, OffsetX: 10, OffsetY: 5},
				YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
				XAxis: excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: x.monthFormat()},
					TickLabelSkip: max(1, (months+7)/8)},
				ShowBlanksAs: "gap",
			}
			if err := x.f.AddChart(plan, xlRef(anchorCol, row), chart); err != nil {
				return err
			}
			row += 14
		}
	}
	return nil
}
