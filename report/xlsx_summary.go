package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// The Summary and Targets sheets.

func (x *xlWriter) summary() error {
	sh := x.names[0]
	heads := []string{
		x.t("Team", "Équipe"), x.t("Target", "Objectif"), x.t("Metric", "Indicateur"), x.t("Scope", "Périmètre"),
		x.t("Target value", "Valeur cible"), x.t("Deadline", "Échéance"), x.t("Verdict", "Verdict"),
		x.t("Probability", "Probabilité"), x.t("± (simulation error)", "± (erreur de simulation)"), "P10", "P50", "P90",
		x.t("Capacity ratio", "Ratio de capacité"), x.t("Required deals", "Affaires requises"),
		x.t("Opportunities per month", "Opportunités par mois"),
		x.t("Win rate (history)", "Taux de transformation (historique)"),
		x.t("Conversion per created opportunity", "Conversion par opportunité créée"),
		x.t("Average deal (history)", "Panier moyen (historique)"),
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
	heads = append(heads, x.t("Failed SMART letters", "Critères SMART non remplis"), x.t("Key reason", "Raison principale"),
		x.t("SMART sentence", "Phrase SMART"))
	smartCol, keyCol, sentenceCol := len(heads)-2, len(heads)-1, len(heads)
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	s := x.sheets[sh]
	s.fixed[1] = 30 // team names can be long: they wrap
	s.fixed[4] = 30
	s.fixed[keyCol] = xlWrapWidth
	s.fixed[sentenceCol] = xlWrapWidth
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		row := i + 2
		t := r.Target
		hasDeals, hasOpps := metricFunnelLines(t.Metric)
		mStyle := x.metricStyle(t.Metric, t.Value)
		h := r.History
		reason := ""
		if rs, ok := r.KeyReason(); ok {
			reason = rs.Message
		}
		for _, err := range []error{
			x.str(sh, 1, row, t.Team, x.st.wrap),
			x.str(sh, 2, row, t.ID, x.st.text),
			x.str(sh, 3, row, x.metricLabel(t), x.st.text),
			x.str(sh, 4, row, x.scope(t), x.st.wrap),
			x.numIf(sh, 5, row, t.Value, t.HasValue, mStyle),
			x.date(sh, 6, row, t.Deadline, x.st.date),
			x.str(sh, 7, row, x.verdictLabel(r.Verdict), x.st.text),
			x.numIf(sh, 8, row, r.Probability, r.HasProbability, x.probStyle(r.Probability)),
			x.numIf(sh, 10, row, r.P10, r.HasProbability, x.metricStyle(t.Metric, r.P10)),
			x.numIf(sh, 11, row, r.P50, r.HasProbability, x.metricStyle(t.Metric, r.P50)),
			x.numIf(sh, 12, row, r.P90, r.HasProbability, x.metricStyle(t.Metric, r.P90)),
			x.numIf(sh, 9, row, r.ProbabilityError, r.HasProbability, x.st.pct),
			x.numIf(sh, 13, row, r.CapacityRatio, r.HasCapacity, x.st.ratio),
			x.numIf(sh, 14, row, r.Required.Deals, r.HasRequired && hasDeals, x.st.dec),
			x.numIf(sh, 15, row, r.Required.OpportunitiesPerMonth, r.HasRequired && hasOpps, x.st.dec),
			x.numIf(sh, 16, row, h.WinRate, h.HasWinRate, x.st.pct),
			x.numIf(sh, 17, row, h.Conversion, h.HasConversion, x.st.pct),
			x.numIf(sh, 18, row, h.AvgDeal, h.HasDeal, x.st.money),
			x.numIf(sh, 19, row, h.CycleDaysMedian, h.HasCycle, x.st.count),
			x.str(sh, 20, row, borrowedLabel(x.lang, h.BorrowedFrom), x.st.text),
			x.str(sh, smartCol, row, xlFailedLetters(r.Smart), x.st.text),
			x.str(sh, keyCol, row, reason, x.st.wrap),
			x.str(sh, sentenceCol, row, r.Sentence, x.st.wrap),
		} {
			if err != nil {
				return err
			}
		}
		if progress && r.HasProgress {
			pStyle := x.metricFlowStyle(t.Metric)
			for _, err := range []error{
				x.num(sh, 21, row, r.PlanToDate, pStyle),
				x.num(sh, 22, row, r.ActualToDate, pStyle),
				x.num(sh, 23, row, r.ActualToDate-r.PlanToDate, pStyle),
				x.num(sh, 24, row, r.NeededPerMonth, pStyle),
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
			x.numIf(sh, 6, row, c.OldProbability, c.HasProbability && !c.New, x.probStyle(c.OldProbability)),
			x.numIf(sh, 7, row, newProb, hasNew, x.probStyle(newProb)),
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
		x.t("Input row", "Ligne d’origine")}
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
	// Targets that no source row points at (an input without kept source
	// tables) are listed after the tables, so that every target appears.
	seen := make([]bool, len(x.p.Targets))
	for _, src := range x.p.Sources {
		for _, sr := range src.Rows {
			if sr.TargetIndex >= 0 && sr.TargetIndex < len(seen) {
				seen[sr.TargetIndex] = true
			}
		}
	}
	var orphans []int
	for i, ok := range seen {
		if !ok {
			orphans = append(orphans, i)
		}
	}
	if len(orphans) > 0 {
		row += 2
		if err := x.titleCell(sh, row, x.t("Targets read without a source table", "Objectifs lus sans table source")); err != nil {
			return err
		}
		if _, err := x.targetRows(sh, row+1, orphans); err != nil {
			return err
		}
	}
	// Freeze the first title and header rows only when there is one table:
	// with several, a frozen header would mislabel the later ones.
	if len(x.p.Sources) == 1 && len(orphans) == 0 {
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
	if err := x.str(sh, appCol+4, row, positionText(x.lang, pos), x.st.text); err != nil {
		return err
	}
	if sr.TargetIndex < 0 || sr.TargetIndex >= len(x.p.Targets) {
		if empty {
			return nil
		}
		return x.str(sh, appCol+3, row, x.t("No target was read from this row (see Problems).",
			"Aucun objectif n’a été lu sur cette ligne (voir Problèmes)."), x.st.wrap)
	}
	r := &x.p.Targets[sr.TargetIndex]
	_, hasOpps := metricFunnelLines(r.Target.Metric)
	for _, err := range []error{
		x.str(sh, appCol, row, x.verdictLabel(r.Verdict), x.st.text),
		x.numIf(sh, appCol+1, row, r.Probability, r.HasProbability, x.probStyle(r.Probability)),
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
	all := make([]int, len(x.p.Targets))
	for i := range all {
		all[i] = i
	}
	last, err := x.targetRows(sh, 1, all)
	if err != nil {
		return err
	}
	return x.freezeFilter(sh, 16, last)
}

// targetRows writes a header at headerRow and one row per target index in
// the fields' order (id … rationale, as xlCommentFields), with the
// judgement appended, and returns the last row written.
func (x *xlWriter) targetRows(sh string, headerRow int, indices []int) (int, error) {
	heads := []string{"id", x.t("team", "équipe"), "segment", x.t("offer", "offre"), x.t("metric", "indicateur"),
		x.t("value", "valeur"), x.t("baseline", "référence"), x.t("start", "début"), x.t("deadline", "échéance"),
		x.t("lever", "levier"), x.t("priority", "priorité"), x.t("rationale", "justification"),
		x.t("Verdict", "Verdict"), x.t("Probability", "Probabilité"),
		x.t("Required opportunities per month", "Opportunités requises par mois"), x.t("Reasons", "Raisons")}
	if err := x.header(sh, headerRow, 1, heads); err != nil {
		return 0, err
	}
	x.sheets[sh].fixed[16] = xlWrapWidth
	row := headerRow
	for _, i := range indices {
		r := &x.p.Targets[i]
		t := r.Target
		row++
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
			x.numIf(sh, 14, row, r.Probability, r.HasProbability, x.probStyle(r.Probability)),
			x.numIf(sh, 15, row, r.Required.OpportunitiesPerMonth, r.HasRequired && hasOpps, x.st.dec),
			x.str(sh, 16, row, xlReasonList(r.Reasons), x.st.wrap),
		} {
			if err != nil {
				return 0, err
			}
		}
		// The first twelve columns are the fields in xlCommentFields order.
		if err := x.addComments(sh, row, r, func(field string) int { return slices.Index(xlCommentFields, field) + 1 }); err != nil {
			return 0, err
		}
	}
	if row > headerRow {
		if err := x.verdictRules(sh, fmt.Sprintf("M%d:M%d", headerRow+1, row)); err != nil {
			return 0, err
		}
	}
	return row, nil
}
