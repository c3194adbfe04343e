package importer

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// Targets is a target file read into targets, with each sheet kept as
// written so that the reports can give it back annotated.
type Targets struct {
	Targets  []planner.Target
	Sources  []planner.SourceTable
	Problems []planner.Problem
	File     planner.InputFile
}

var targetFields = []string{fID, fTeam, fSegment, fOffer, fMetric, fValue, fBaseline, fStart, fDeadline, fLever, fPriority, fRationale}

// metricNames maps normalised metric names, English and French, to metrics.
var metricNames = func() map[string]planner.Metric {
	spec := map[planner.Metric][]string{
		planner.Revenue: {"revenue", "revenu", "revenus", "chiffre d'affaires", "chiffre d'affaire", "ca", "ca ht",
			"ventes", "sales", "bookings", "new revenue", "nouveau ca", "turnover", "montant", "montant signé",
			"revenue target", "objectif de ca", "objectif ca", "sales revenue", "won revenue", "ca signé"},
		planner.NewCustomers: {"new_customers", "new customers", "new customer", "nouveaux clients", "nouveau client",
			"new logos", "new logo", "signatures", "deals", "deals won", "won deals", "nombre de deals",
			"nouveaux clients signés", "affaires gagnées", "wins", "contrats signés", "clients", "customers",
			"new accounts", "nouveaux comptes", "number of deals"},
		planner.Meetings: {"meetings", "meeting", "rendez-vous", "rendez vous", "rdv", "réunions", "réunion",
			"rendez-vous qualifiés", "qualified meetings", "meetings held", "demos", "démos"},
		planner.Opportunities: {"opportunities", "opportunity", "opportunités", "opportunité", "opportunités créées",
			"opportunities created", "opps", "qualified opportunities", "opportunités qualifiées", "pipeline created"},
		planner.WinRate: {"win_rate", "win rate", "taux de transformation", "taux de gain", "closing rate",
			"taux de conversion", "taux de succès", "conversion rate", "taux de closing", "hit rate", "win ratio",
			"taux de signature"},
		planner.DealSize: {"deal_size", "deal size", "average deal size", "avg deal size", "panier moyen",
			"taille moyenne des affaires", "ticket moyen", "montant moyen", "valeur moyenne", "average deal",
			"average order value", "taille des affaires", "deal value", "taille moyenne"},
	}
	m := map[string]planner.Metric{}
	for metric, names := range spec {
		for _, n := range names {
			m[normKey(n)] = metric
		}
	}
	return m
}()

// ParseMetric returns the metric a name stands for (English or French, in
// any case, with or without accents and spaces), and whether it is known.
func ParseMetric(s string) (planner.Metric, bool) {
	k := normKey(s)
	if k == "" {
		return "", false
	}
	m, ok := metricNames[k]
	return m, ok
}

func targetMapper(opt Options) *mapper {
	initAliases()
	return &mapper{aliases: targetAliases, overrides: overridesFor(opt.Columns, targetFields)}
}

// targetPend is an ambiguous date in a target sheet.
type targetPend struct {
	target int // index in Targets, -1 when the row gave none
	src    int // index of the source table
	row    int // index of the row in the source table
	col    int
	field  string
	d      parse.Date
	line   int
	t      *table
	hdr    string
}

type targetLoader struct {
	opt     Options
	probs   *problems
	out     *Targets
	pending []targetPend
	proofs  map[string]*[4]int // date order proofs of start and deadline, pooled
}

// LoadTargets reads a target file: one CSV, or a workbook with one or
// several sheets (one per team: the sheet name is the team when the team
// column is absent or blank).
func LoadTargets(path string, opt Options) (*Targets, error) {
	return retry(path, func(opt Options) (*Targets, error) { return loadTargets(path, opt) }, opt)
}

func loadTargets(path string, opt Options) (*Targets, error) {
	m := targetMapper(opt)
	o, err := openFor(path, opt, "targets", m, 2, true)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	tl := &targetLoader{opt: opt, probs: newProblems(), out: &Targets{}, proofs: map[string]*[4]int{}}
	for _, in := range o.inputs {
		var missing []string
		for _, f := range []string{fMetric, fValue} {
			if !in.h.has(f) {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			return nil, fileErr(in.t.file, missingColumn(in.t, in.h, m, missing))
		}
		if err := tl.readSheet(in); err != nil {
			return nil, fileErr(in.t.file, err)
		}
	}
	if err := o.verify(); err != nil {
		return nil, err
	}
	o.report(tl.probs)
	tl.resolveDates()
	tl.checkTargets()
	markMonthly(tl.out.Targets)
	o.file.Rows = 0
	for _, s := range tl.out.Sources {
		o.file.Rows += len(s.Rows)
	}
	tl.out.File = o.file
	tl.out.Problems = tl.probs.finish(o.inputs[0].t.file)
	return tl.out, nil
}

func (tl *targetLoader) readSheet(in *input) error {
	t, h, rows := in.t, in.h, in.t.rows
	src := planner.SourceTable{File: t.file, Sheet: t.sheet, HeaderRow: h.line, Header: slices.Clone(h.names)}
	srcIdx := len(tl.out.Sources)
	in.b.skipTo(h.index + 1)
	fieldOfCol := map[int]string{}
	for f, c := range h.col {
		fieldOfCol[c] = f
	}
	monthly := monthlyColumns(h.names) >= 3
	firstTarget := len(tl.out.Targets)
	for rows.Next() {
		row := rows.Row()
		if isBlank(row) {
			continue
		}
		line := rows.Line()
		sr := planner.SourceRow{Row: line, TargetIndex: -1, Cells: make([]any, max(len(row), len(h.names)))}
		for i := range sr.Cells {
			sr.Cells[i] = tl.typedCell(t, rows, row, i, fieldOfCol[i])
		}
		rowIdx := len(src.Rows)
		if !isFooter(row) {
			if ti, ok := tl.readTarget(in, rows, row, srcIdx, rowIdx); ok {
				sr.TargetIndex = ti
			}
		}
		src.Rows = append(src.Rows, sr)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if monthly {
		for i := firstTarget; i < len(tl.out.Targets); i++ {
			tl.out.Targets[i].MonthlyBreakdown = true
		}
	}
	tl.out.Sources = append(tl.out.Sources, src)
	return nil
}

// typedCell returns a cell as the workbook typed it: float64, time.Time,
// bool or string; nil when empty. CSV cells of number and date fields are
// converted when they read cleanly.
func (tl *targetLoader) typedCell(t *table, rows rowReader, row []string, i int, field string) any {
	s := ""
	if i < len(row) {
		s = row[i]
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	dateField := field == fStart || field == fDeadline
	if t.xlsx {
		k := rows.Kind(i)
		switch {
		case k == kindText:
			return s
		case k == kindBool:
			return s == "1" || strings.EqualFold(s, "true")
		case isPlainNumber(s) && (k == kindDate || (k == kindUnknown && dateField)):
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				if d, err := parse.ExcelSerial(v, t.date1904); err == nil {
					return d
				}
			}
		case isPlainNumber(s) && k != kindText:
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				return v
			}
		}
		if k == kindDate {
			if d, err := parse.ParseDate(s, true); err == nil && !d.Ambiguous {
				return d.Value
			}
		}
		return s
	}
	s = strings.TrimSpace(s)
	switch field {
	case fValue, fBaseline, fPriority:
		if n, err := parse.ParseNumber(s); err == nil && !n.Ambiguous && !n.Percent && n.Currency == "" {
			return n.Value
		}
	case fStart, fDeadline:
		if d, err := parse.ParseDate(s, tl.opt.TwoDigitYears); err == nil && !d.Ambiguous {
			return d.Value
		}
	}
	return row[i]
}

func (tl *targetLoader) readTarget(in *input, rows rowReader, row []string, srcIdx, rowIdx int) (int, bool) {
	t, h := in.t, in.h
	line := rows.Line()
	tg := planner.Target{Source: t.pos(line, -1), Cells: map[string]string{}}
	get := func(f string) string {
		c := h.colOf(f)
		if c < 0 {
			return ""
		}
		tg.Cells[f] = colName(c+1) + strconv.Itoa(rows.CellLine(c))
		s := cellAt(row, c)
		if s == "" && t.xlsx && rows.Kind(c) == kindFormulaNoValue {
			tl.probs.row(t, rows.CellLine(c), c, h.names[c], ProblemFormulaWithoutValue, planner.SeverityWarning, "",
				"a value computed by Excel", "formula with no cached value (recalculate and save the workbook in Excel)")
		}
		return s
	}
	tg.ID = get(fID)
	tg.Team = get(fTeam)
	if tg.Team == "" && t.sheet != "" {
		tg.Team, tg.TeamFromSheet = strings.TrimSpace(t.sheet), true
	}
	tg.Segment = get(fSegment)
	tg.Offer = get(fOffer)
	tg.Lever = get(fLever)
	tg.Rationale = get(fRationale)
	metricText := get(fMetric)
	valueText := get(fValue)
	if metricText == "" && valueText == "" {
		// a note or a section title inside the table, not a target
		return -1, false
	}
	mc := h.colOf(fMetric)
	if m, ok := ParseMetric(metricText); ok {
		tg.Metric = m
	} else {
		tg.MetricText = metricText
		if metricText == "" {
			tl.probs.row(t, rows.CellLine(mc), mc, h.names[mc], ProblemMissingValue, planner.SeverityWarning, "",
				"a metric: revenue, new_customers, meetings, opportunities, win_rate or deal_size", "no metric: the target is kept but is not measurable")
		} else {
			tl.probs.row(t, rows.CellLine(mc), mc, h.names[mc], ProblemUnknownMetric, planner.SeverityWarning, metricText,
				"revenue, new_customers, meetings, opportunities, win_rate or deal_size (or their French names)",
				"unknown metric %q: the target is kept but is not measurable", metricText)
		}
	}
	ti := len(tl.out.Targets)
	tg.Value, tg.HasValue = tl.number(t, rows, h, fValue, valueText, tg.Metric)
	tg.Baseline, tg.HasBaseline = tl.number(t, rows, h, fBaseline, get(fBaseline), tg.Metric)
	if s := get(fPriority); s != "" {
		c := h.colOf(fPriority)
		v, err := tl.readNumber(t, rows, c, s)
		if err == nil && (v != math.Trunc(v) || v < 0 || v > 1e6) {
			err = fmt.Errorf("not a rank: %q", s)
		}
		if err != nil {
			tl.probs.cell(t, rows.CellLine(c), c, h.names[c], ProblemBadNumber, planner.SeverityWarning, s, err, "a rank such as 1, 2, 3")
		} else {
			tg.Priority = int(v)
		}
	}
	for _, f := range []string{fStart, fDeadline} {
		s := get(f)
		if s == "" {
			continue
		}
		c := h.colOf(f)
		d, err := tl.readDate(t, rows, c, s)
		if err != nil {
			tl.probs.cell(t, rows.CellLine(c), c, h.names[c], ProblemBadDate, planner.SeverityWarning, s, err, "")
			continue
		}
		// start and deadline are written by one hand: their proofs are pooled
		pr := tl.proofs["date"]
		if pr == nil {
			pr = &[4]int{}
			tl.proofs["date"] = pr
		}
		pr[d.Proves]++
		if d.Ambiguous {
			tl.pending = append(tl.pending, targetPend{target: ti, src: srcIdx, row: rowIdx, col: c, field: f, d: d,
				line: rows.CellLine(c), t: t, hdr: h.names[c]})
		}
		if f == fStart {
			tg.Start = d.Value
		} else {
			tg.Deadline = d.Value
		}
	}
	tl.out.Targets = append(tl.out.Targets, tg)
	return ti, true
}

// readNumber reads a number cell: exact for workbook numbers, the strict
// grammar for text; an ambiguous "1,234" is decided by the locale.
func (tl *targetLoader) readNumber(t *table, rows rowReader, col int, s string) (float64, error) {
	n, err := tl.parseNumber(t, rows, col, s)
	return n.Value, err
}

func (tl *targetLoader) parseNumber(t *table, rows rowReader, col int, s string) (parse.Number, error) {
	if t.xlsx && isPlainNumber(s) && rows.Kind(col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil && !math.IsInf(v, 0) {
			return parse.Number{Value: v}, nil
		}
	}
	n, err := parse.ParseNumber(s)
	if err != nil {
		return n, err
	}
	if n.Ambiguous {
		style, _ := decideStyle([3]int{}, tl.opt.Locale)
		if style == parse.NoStyle {
			return n, fmt.Errorf("ambiguous number %q: %s or %s (set locale: fr or en in the config)", s, fmtNum(n.Value), fmtNum(n.Alt))
		}
		n.Value = n.Resolve(style)
		n.Ambiguous = false
	}
	return n, nil
}

// number reads a value or baseline; rates become fractions.
func (tl *targetLoader) number(t *table, rows rowReader, h *header, f, s string, metric planner.Metric) (float64, bool) {
	if s == "" {
		return 0, false
	}
	c := h.colOf(f)
	n, err := tl.parseNumber(t, rows, c, s)
	if err != nil {
		tl.probs.cell(t, rows.CellLine(c), c, h.names[c], ProblemBadNumber, planner.SeverityWarning, s, err, "")
		return 0, false
	}
	v := n.Value
	if metric.IsRate() && !n.Percent && v > 1 && v <= 100 {
		tl.probs.row(t, rows.CellLine(c), c, h.names[c], ProblemRateAsPercent, planner.SeverityWarning, s, "a rate such as 0.25 or 25 %",
			"rate %s read as %s %% (%s)", s, fmtNum(v), fmtNum(v/100))
		v /= 100
	}
	if metric.IsRate() && (v < 0 || v > 1) {
		tl.probs.row(t, rows.CellLine(c), c, h.names[c], ProblemBadNumber, planner.SeverityWarning, s, "a rate between 0 and 100 %",
			"a rate must be between 0 and 100 %%")
		return 0, false
	}
	return v, true
}

func (tl *targetLoader) readDate(t *table, rows rowReader, col int, s string) (parse.Date, error) {
	if t.xlsx && isPlainNumber(s) && rows.Kind(col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return parse.Date{}, err
		}
		d, err := parse.ExcelSerial(v, t.date1904)
		return parse.Date{Value: d}, err
	}
	return parse.ParseDate(s, tl.opt.TwoDigitYears)
}

func (tl *targetLoader) resolveDates() {
	for _, p := range tl.pending {
		pr := tl.proofs["date"]
		order, why := parse.OrderUnknown, ""
		switch {
		case pr[parse.DMY] > 0 && pr[parse.MDY] == 0:
			order = parse.DMY
		case pr[parse.MDY] > 0 && pr[parse.DMY] == 0:
			order = parse.MDY
		case pr[parse.DMY] > 0 && pr[parse.MDY] > 0:
			why = "the column proves both orders"
		default:
			switch {
			case tl.opt.DateOrder == "dmy":
				order, why = parse.DMY, "date_order: dmy"
			case tl.opt.DateOrder == "mdy":
				order, why = parse.MDY, "date_order: mdy"
			case strings.HasPrefix(strings.ToLower(tl.opt.Locale), "fr"):
				order, why = parse.DMY, "locale: fr"
			case strings.HasPrefix(strings.ToLower(tl.opt.Locale), "en"):
				order, why = parse.MDY, "locale: en"
			}
		}
		var tgt *planner.Target
		if p.target >= 0 {
			tgt = &tl.out.Targets[p.target]
		}
		if order == parse.OrderUnknown {
			if tgt != nil {
				if p.field == fStart {
					tgt.Start = time.Time{}
				} else {
					tgt.Deadline = time.Time{}
				}
			}
			reason := why
			if reason == "" {
				reason = "no date of the column decides"
			}
			tl.probs.row(p.t, p.line, p.col, p.hdr, ProblemAmbiguousDateOrder, planner.SeverityWarning,
				p.d.Value.Format("2006-01-02")+" or "+p.d.Alt.Format("2006-01-02"), "dd/mm/yyyy or mm/dd/yyyy, decided",
				"day and month cannot be told apart (%s or %s): %s; set date_order: dmy or mdy", p.d.Value.Format("2 Jan 2006"), p.d.Alt.Format("2 Jan 2006"), reason)
			continue
		}
		v := p.d.Resolve(order)
		if tgt != nil {
			if p.field == fStart {
				tgt.Start = v
			} else {
				tgt.Deadline = v
			}
		}
		tl.out.Sources[p.src].Rows[p.row].Cells[p.col] = v
		if why != "" {
			tl.probs.row(p.t, p.line, p.col, p.hdr, ProblemDateOrderAssumed, planner.SeverityWarning, "", "",
				"day and month cannot be told apart: read as %s (%s)", order, why)
		}
	}
}

func (tl *targetLoader) checkTargets() {
	for i := range tl.out.Targets {
		tg := &tl.out.Targets[i]
		if !tg.Start.IsZero() && !tg.Deadline.IsZero() && tg.Deadline.Before(tg.Start) {
			d, st := tg.Deadline.Format("2006-01-02"), tg.Start.Format("2006-01-02")
			tl.probs.add(planner.Problem{Position: planner.CellPosition(*tg, fDeadline), Kind: ProblemDeadlineBeforeStart,
				Severity: planner.SeverityWarning, Header: "deadline", Value: d, Expected: "a deadline on or after the start " + st,
				Message: fmt.Sprintf("target %s: the deadline %s comes before the start %s: correct one of the two dates "+
					"(a wrong year, or start and deadline swapped); until then the target is not planned", tg.ID, d, st)})
		}
	}
}

// markMonthly sets MonthlyBreakdown on targets given month by month: the
// same team, metric and scope on several rows whose periods are
// consecutive calendar months.
func markMonthly(ts []planner.Target) {
	groups := map[string][]int{}
	for i, t := range ts {
		if t.Start.IsZero() || t.Deadline.IsZero() {
			continue
		}
		if planner.MonthOf(t.Start) != planner.MonthOf(t.Deadline) {
			continue
		}
		k := normKey(t.Team) + "|" + string(t.Metric) + t.MetricText + "|" + normKey(t.Segment) + "|" + normKey(t.Offer)
		groups[k] = append(groups[k], i)
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		slices.SortFunc(idx, func(a, b int) int { return ts[a].Start.Compare(ts[b].Start) })
		consecutive := true
		for j := 1; j < len(idx); j++ {
			if planner.MonthOf(ts[idx[j-1]].Start).Add(1) != planner.MonthOf(ts[idx[j]].Start) {
				consecutive = false
				break
			}
		}
		if consecutive {
			for _, i := range idx {
				ts[i].MonthlyBreakdown = true
			}
		}
	}
}

// monthlyColumns counts header cells that name a month ("Jan", "janvier",
// "2026-01", "M01").
func monthlyColumns(names []string) int {
	n := 0
	for _, s := range names {
		if _, ok := monthName(s); ok {
			n++
			continue
		}
		if _, err := parseMonthText(s); err == nil {
			n++
		}
	}
	return n
}
