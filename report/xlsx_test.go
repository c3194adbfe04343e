package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
)

func writeXLSX(t testing.TB, p *planner.Plan, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, p, Options{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// eachCell calls fn with every cell of the sheets (every sheet when none
// is named), its reference, column (1 is A) and raw value.
func eachCell(t testing.TB, f *excelize.File, fn func(sheet, ref string, col int, raw string), sheets ...string) {
	t.Helper()
	if len(sheets) == 0 {
		sheets = f.GetSheetList()
	}
	for _, sheet := range sheets {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for ri, r := range rows {
			for ci, v := range r {
				fn(sheet, xlRef(ci+1, ri+1), ci+1, v)
			}
		}
	}
}

func TestWriteXLSXGolden(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			got := dumpXLSX(t, writeXLSX(t, samplePlan(lang), lang))
			assertGolden(t, filepath.Join("xlsx", "plan_"+lang+".golden"), []byte(got))
		})
	}
}

// TestWriteXLSXReproducible checks that two runs give the same zip bytes.
func TestWriteXLSXReproducible(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		a := writeXLSX(t, samplePlan(lang), lang)
		b := writeXLSX(t, samplePlan(lang), lang)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs gave different bytes (%d and %d bytes)", lang, len(a), len(b))
		}
	}
}

func TestWriteXLSXSheetNames(t *testing.T) {
	tests := []struct {
		lang string
		want string
	}{
		{"en", "Summary,Targets,Plan,History,Problems,Chart data,Track record"},
		{"fr", "Synthèse,Objectifs,Plan,Historique,Problèmes,Données des graphiques,Bilan"},
		{"fr-FR", "Synthèse,Objectifs,Plan,Historique,Problèmes,Données des graphiques,Bilan"},
		{"", "Synthèse,Objectifs,Plan,Historique,Problèmes,Données des graphiques,Bilan"}, // the plan's language
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			if tc.lang == "en" || tc.lang == "" {
				f := openXLSX(t, writeXLSX(t, samplePlan("fr"), tc.lang))
				if got := strings.Join(f.GetSheetList(), ","); got != tc.want {
					t.Errorf("sheets = %s, want %s", got, tc.want)
				}
				// the charts' data is out of the reader's way
				names := f.GetSheetList()
				if visible, _ := f.GetSheetVisible(names[5]); visible {
					t.Errorf("sheet %s is visible, want it hidden", names[5])
				}
			}
			if got := strings.Join(XLSXSheetNames(tc.lang), ","); tc.lang != "" && got != tc.want {
				t.Errorf("XLSXSheetNames = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestWriteXLSXFormulaInjection checks that user text beginning with "=",
// "+", "-" or "@" is a string cell with no formula, wherever it appears.
func TestWriteXLSXFormulaInjection(t *testing.T) {
	p := samplePlan("en")
	evil := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"}
	p.Targets[0].Target.Team = evil[0]
	p.Targets[0].Reasons[0].Message = evil[1]
	p.Problems[0].Value = evil[2]
	p.Problems[1].Message = evil[3]
	p.Sources[0].Rows[0].Cells[1] = evil[4]
	p.Ratios[1].Key.Team = evil[0]
	f := openXLSX(t, writeXLSX(t, p, "en"))
	found := map[string]int{}
	eachCell(t, f, func(sheet, ref string, _ int, v string) {
		if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
			t.Errorf("%s!%s has formula %q", sheet, ref, formula)
		}
		for _, e := range evil {
			if v == e {
				found[e]++
				typ, _ := f.GetCellType(sheet, ref)
				if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s holding %q has type %v, want a string", sheet, ref, v, typ)
				}
			}
		}
	})
	for _, e := range evil {
		if found[e] == 0 {
			t.Errorf("%q not found as a cell value", e)
		}
	}
	// The fixture's own cases: a lever "+2 SDR recrutés", a rationale
	// "=priorité du comité" and one "@direction : marge".
	for ref, want := range map[string]string{"J10": "+2 SDR recrutés", "L10": "=priorité du comité", "L11": "@direction : marge"} {
		got, err := f.GetCellValue("Targets", ref)
		if err != nil || got != want {
			t.Errorf("Targets!%s = %q (%v), want %q", ref, got, err, want)
		}
	}
}

// TestWriteXLSXReadBack reopens the workbook and checks cells that matter:
// numbers are numbers with the right formats, dates are dates, comments are
// on the input cells that caused failed checks.
func TestWriteXLSXReadBack(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, samplePlan("en"), "en"))
	cell := func(sheet, ref string) (string, excelize.CellType, string) {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		typ, _ := f.GetCellType(sheet, ref)
		return v, typ, numFmt(t, f, sheet, ref)
	}
	tests := []struct {
		sheet, ref, value string
		typ               excelize.CellType
		format            string
	}{
		{"Summary", "A1", "Team", excelize.CellTypeSharedString, ""},
		{"Summary", "B2", "GC-REV-1", excelize.CellTypeSharedString, ""},
		{"Summary", "E2", "1200000", excelize.CellTypeUnset, `"€"#,##0;\-"€"#,##0`},
		{"Summary", "F2", "46568", excelize.CellTypeUnset, "yyyy-mm-dd"}, // 2027-06-30
		{"Summary", "G2", "Unrealistic", excelize.CellTypeSharedString, ""},
		{"Summary", "H2", "0.12", excelize.CellTypeUnset, "0%"},
		{"Summary", "E6", "0.45", excelize.CellTypeUnset, "0.0%"},
		{"Summary", "H8", "", excelize.CellTypeUnset, ""}, // insufficient data: no probability
		{"Summary", "I1", "± (simulation error)", excelize.CellTypeSharedString, ""},
		{"Summary", "Q1", "Conversion per created opportunity", excelize.CellTypeSharedString, ""},
		{"Summary", "N4", "", excelize.CellTypeUnset, ""},                           // meetings: no deals
		{"Summary", "W2", "-213000", excelize.CellTypeUnset, `"€"#,##0;\-"€"#,##0`}, // gap to date
		{"Summary", "O2", "8.33333333333333", excelize.CellTypeUnset, "#,##0.0"},    // 15 digits, as Excel keeps
		{"Targets", "F3", "1200000", excelize.CellTypeUnset, "#,##0"},
		{"Targets", "H3", "46204", excelize.CellTypeUnset, "yyyy-mm-dd"}, // 2026-07-01
		{"Targets", "F11", "45 %", excelize.CellTypeSharedString, ""},    // as the user wrote it
		{"Plan", "D2", "46204", excelize.CellTypeUnset, "yyyy-mm"},
		{"Problems", "C2", "14", excelize.CellTypeUnset, "#,##0"},
		{"Track record", "B7", "0.172", excelize.CellTypeUnset, "0.000"}, // smartplan's Brier score
		{"Track record", "C8", "0.755", excelize.CellTypeUnset, "0.000"}, // the naive normal's log loss
		{"Track record", "B9", "0.12", excelize.CellTypeUnset, "0.0%"},   // skill
		{"Track record", "E13", "14", excelize.CellTypeUnset, "#,##0"},   // cases of the first decile
	}
	for _, tc := range tests {
		t.Run(tc.sheet+"!"+tc.ref, func(t *testing.T) {
			v, typ, fm := cell(tc.sheet, tc.ref)
			if v != tc.value || typ != tc.typ || fm != tc.format {
				t.Errorf("got %q type %v format %q, want %q type %v format %q", v, typ, fm, tc.value, tc.typ, tc.format)
			}
		})
	}
	if d, err := excelize.ExcelDateToTime(46568, false); err != nil || !d.Equal(time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("serial 46568 is %v, want 2027-06-30", d)
	}

	comments, err := f.GetComments("Targets")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range comments {
		got[c.Cell] = c.Text
		for _, p := range c.Paragraph {
			got[c.Cell] += p.Text
		}
	}
	wantComments := []struct{ ref, contains string }{
		{"F3", "Achievable: Unrealistic: 12% chance"}, // GC-REV-1 value
		{"F3", "Needs 8.3 new opportunities"},
		{"J4", "Specific: No lever is stated."}, // GC-NEW-2 lever
		{"L9", "Relevant:"},                     // PME-MTG-1 rationale
		{"C16", "Specific: \"all\" is not a scope."},
		{"H16", "Time-bound: The start date is missing."}, // empty start cell
		{"L16", "Relevant:"},
		{"I17", "Reason: The period (31 days)"}, // MM-NEW-3 deadline, cycle
		{"I17", "Classic mistake: The period is shorter than the sales cycle."},
		{"K16", "Classic mistake: Mid-Market Sud-Ouest has several targets with no priority order."},
		{"F3", "Classic mistake: The budget ambition"},
	}
	for _, w := range wantComments {
		if !strings.Contains(got[w.ref], w.contains) {
			t.Errorf("comment on Targets!%s = %q, want it to contain %q", w.ref, got[w.ref], w.contains)
		}
	}
	for ref := range got {
		if ref == "F4" || ref == "J10" || ref == "F9" || ref == "F10" {
			t.Errorf("unexpected comment on Targets!%s (a target with no failure there): %q", ref, got[ref])
		}
	}

	// Column widths fit their content within bounds.
	for _, col := range []string{"A", "B", "G", "S"} {
		w, err := f.GetColWidth("Summary", col)
		if err != nil {
			t.Fatal(err)
		}
		if w < xlMinWidth || w > xlWrapWidth {
			t.Errorf("Summary column %s width %g out of [%d, %d]", col, w, xlMinWidth, xlWrapWidth)
		}
	}
	if w, _ := f.GetColWidth("Summary", "B"); w < float64(len("GC-REV-1")) {
		t.Errorf("Summary column B width %g is narrower than its ids", w)
	}
	// The sheet dimension covers every written cell (streaming readers
	// such as openpyxl in read-only mode trust it).
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		maxCol := 0
		for _, r := range rows {
			maxCol = max(maxCol, len(r))
		}
		if dim, _ := f.GetSheetDimension(sheet); dim != "A1:"+xlRef(maxCol, len(rows)) {
			t.Errorf("%s: dimension %s, want A1:%s", sheet, dim, xlRef(maxCol, len(rows)))
		}
	}
	// The first two charts, one per target, have their series named by
	// the Chart data cells of their targets, and their values are
	// cumulative shares of them.
	charts := dumpCharts(t, writeXLSX(t, samplePlan("en"), "en"))
	var refs []string
	for _, line := range strings.Split(charts, "\n") {
		if r, ok := strings.CutPrefix(line, "  ref "); ok {
			refs = append(refs, r)
		}
		if strings.HasPrefix(line, "xl/charts/chart3") {
			break
		}
	}
	if len(refs) != 12 { // 2 charts × (plan, actual) × (name, categories, values)
		t.Fatalf("charts 1 and 2 refs = %q", refs)
	}
	for i, want := range []string{"GC-REV-1 plan", "GC-REV-1 actual", "GC-NEW-2 plan", "GC-NEW-2 actual"} {
		sheet, cell, _ := strings.Cut(refs[3*i], "!")
		v, err := f.GetCellValue(strings.Trim(sheet, "'"), strings.ReplaceAll(cell, "$", ""))
		if err != nil || v != want {
			t.Errorf("series %d name at %s = %q (%v), want %q", i, refs[3*i], v, err, want)
		}
	}
	// GC-NEW-2 (Jan–Dec 2026, 10 deals) has reached 90 % by its 11th month.
	sheet, rng, _ := strings.Cut(refs[11], "!")
	_, last, _ := strings.Cut(rng, ":")
	if v, _ := f.GetCellValue(strings.Trim(sheet, "'"), strings.ReplaceAll(last, "$", "")); v != "" {
		t.Errorf("GC-NEW-2 actual in the chart's last month (2027-06) = %q, want empty", v)
	}
	first, _, _ := strings.Cut(rng, ":")
	col := strings.Trim(strings.TrimRight(first, "0123456789"), "$")
	row, _ := strconv.Atoi(strings.TrimLeft(first, "$ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	if v, _ := f.GetCellValue(strings.Trim(sheet, "'"), fmt.Sprintf("%s%d", col, row+10)); v != "0.9" {
		t.Errorf("GC-NEW-2 cumulative actual in 2026-11 = %q, want 0.9 (9 of 10)", v)
	}
	panes, err := f.GetPanes("Summary")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Summary panes = %+v, %v; want the header frozen", panes, err)
	}
}

// TestWriteXLSXWithoutSources checks the Targets sheet built from the plan
// when the input kept no source tables, and a plan with nothing in it.
func TestWriteXLSXWithoutSources(t *testing.T) {
	p := samplePlan("fr")
	p.Sources = nil
	f := openXLSX(t, writeXLSX(t, p, "fr"))
	if v, _ := f.GetCellValue("Objectifs", "A2"); v != "GC-REV-1" {
		t.Errorf("Objectifs!A2 = %q, want GC-REV-1", v)
	}
	if v, _ := f.GetCellValue("Objectifs", "M2"); v != "Irréaliste" {
		t.Errorf("Objectifs!M2 = %q, want Irréaliste", v)
	}

	comments, err := f.GetComments("Objectifs")
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, c := range comments {
		refs = append(refs, c.Cell)
	}
	// GC-REV-1 value; GC-NEW-2 lever; PME-MTG-1 rationale; PME-WR-3 value;
	// MM-REV-2 segment, value, start, priority, rationale; MM-NEW-3 value,
	// deadline.
	if got, want := strings.Join(refs, " "), "F2 J3 L4 F6 C8 F8 H8 K8 L8 F9 I9"; got != want {
		t.Errorf("comments on %s, want %s", got, want)
	}

	// Two fields pointing at one cell get one merged comment, not an error.
	p = samplePlan("en")
	p.Targets[0].Target.Cells["deadline"] = p.Targets[0].Target.Cells["value"]
	p.Targets[0].Smart.TimeBound = planner.Check{Reason: "deadline too early"}
	f = openXLSX(t, writeXLSX(t, p, "en"))
	text, err := f.GetComments("Targets")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range text {
		if c.Cell == "F3" && !(strings.Contains(c.Text, "Achievable:") && strings.Contains(c.Text, "Time-bound: deadline too early")) {
			t.Errorf("merged comment on F3 = %q", c.Text)
		}
	}

	empty := &planner.Plan{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Lang: "en"}
	f = openXLSX(t, writeXLSX(t, empty, "en"))
	if got := len(f.GetSheetList()); got != 7 {
		t.Errorf("%d sheets for an empty plan, want 7", got)
	}
}

// TestWriteXLSXConcurrent writes the same plan from several goroutines:
// the writers share no state, and every copy has the same bytes.
func TestWriteXLSXConcurrent(t *testing.T) {
	p := samplePlan("fr")
	want := writeXLSX(t, p, "fr")
	const n = 3
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var buf bytes.Buffer
			errs[i] = WriteXLSX(&buf, p, Options{Lang: "fr"})
			got[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], want) {
			t.Errorf("writer %d gave different bytes", i)
		}
	}
}

// TestWriteXLSXOrphanTarget checks that a target no source row points at
// is still listed on the Targets sheet, after the source tables.
func TestWriteXLSXOrphanTarget(t *testing.T) {
	p := samplePlan("en")
	mm := &p.Sources[2]
	mm.Rows = slices.DeleteFunc(mm.Rows, func(r planner.SourceRow) bool { return r.TargetIndex == 7 })
	f := openXLSX(t, writeXLSX(t, p, "en"))
	rows, err := f.GetRows("Targets")
	if err != nil {
		t.Fatal(err)
	}
	n := len(rows)
	if got := rows[n-3]; len(got) == 0 || got[0] != "Targets read without a source table" {
		t.Fatalf("row %d = %q, want the orphan title", n-2, got)
	}
	if got := rows[n-1]; len(got) < 13 || got[0] != "MM-NEW-3" || got[12] != "Unrealistic" {
		t.Errorf("last row = %q, want MM-NEW-3 with its verdict", got)
	}
}

func TestWriteXLSXNilPlan(t *testing.T) {
	if err := WriteXLSX(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("no error for a nil plan")
	}
}

// bigPlan is the sample plan's targets repeated over teams: n targets
// across the given number of teams, each with its source row.
func bigPlan(n, teams int) *planner.Plan {
	base := samplePlan("en")
	p := *base
	p.Targets = nil
	p.Sources = nil
	tables := map[int]*planner.SourceTable{}
	src := base.Sources[0]
	for i := 0; i < n; i++ {
		team := i % teams
		r := base.Targets[i%len(base.Targets)]
		r.Target.Team = fmt.Sprintf("Équipe %02d Île-de-France & Collectivités territoriales", team)
		r.Target.ID = fmt.Sprintf("T%03d-%s", i, r.Target.ID)
		tb := tables[team]
		if tb == nil {
			tb = &planner.SourceTable{File: "targets.xlsx", Sheet: fmt.Sprintf("Team %02d", team), HeaderRow: 4, Header: src.Header}
			tables[team] = tb
		}
		row := 5 + len(tb.Rows)
		r.Target.Source = planner.Position{File: "targets.xlsx", Sheet: tb.Sheet, Row: row}
		r.Target.Cells = map[string]string{}
		for k, v := range base.Targets[i%len(base.Targets)].Target.Cells {
			r.Target.Cells[k] = strings.TrimRight(v, "0123456789") + fmt.Sprint(row)
		}
		cells := []any{r.Target.ID, r.Target.Team, r.Target.Segment, r.Target.Offer, string(r.Target.Metric), r.Target.Value,
			nil, r.Target.Start, r.Target.Deadline, r.Target.Lever, float64(r.Target.Priority), r.Target.Rationale}
		tb.Rows = append(tb.Rows, planner.SourceRow{Row: row, Cells: cells, TargetIndex: i})
		p.Targets = append(p.Targets, r)
	}
	for k := 0; k < teams; k++ {
		if tb := tables[k]; tb != nil {
			p.Sources = append(p.Sources, *tb)
		}
	}
	for len(p.Problems) < 2000 {
		p.Problems = append(p.Problems, base.Problems...)
	}
	return &p
}

func TestBigPlanXLSX(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	// 120 targets over 20 teams: the benchmark has the full 500 over 50;
	// this checks the layout of many teams within the -race time budget.
	p := bigPlan(120, 20)
	p.Problems = p.Problems[:100]
	data := writeXLSX(t, p, "en")
	f := openXLSX(t, data)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 1+120+3+1+len(p.Changes); got != want {
		t.Errorf("Summary has %d rows, want %d", got, want)
	}
	want := 0
	for _, r := range p.Targets {
		if xlCumulative(r.Target.Metric) && len(r.Monthly) > 0 && r.Target.Value > 0 {
			want++
		}
	}
	if got := countCharts(t, data); got != want || want < 40 {
		t.Errorf("%d charts, want %d (one per target with a cumulative plan)", got, want)
	}
}

func countCharts(t testing.TB, data []byte) int {
	return strings.Count(dumpCharts(t, data), "xl/charts/chart")
}

// BenchmarkWriteXLSX writes 500 targets across 50 teams.
func BenchmarkWriteXLSX(b *testing.B) {
	p := bigPlan(500, 50)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, p, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/file")
}

func BenchmarkWriteJSON(b *testing.B) {
	p := bigPlan(500, 50)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, p, Options{Lang: "en"}); err != nil {
			b.Fatal(err)
		}
	}
}

// A text longer than a cell holds (32,767 characters) is cut with a
// visible marker, never silently, and the Problems sheet lists the cut.
func TestWriteXLSXLongText(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		p := samplePlan(lang)
		long := strings.Repeat("é", 40_000)  // two bytes a character: the limit counts characters
		p.Sources[0].Rows[0].Cells[1] = long // an input cell, on the Targets sheet
		p.Problems[0].Message = long         // the Problems sheet's own
		f := openXLSX(t, writeXLSX(t, p, lang))
		var cuts []string
		eachCell(t, f, func(sheet, ref string, _ int, v string) {
			if !strings.HasPrefix(v, "éééé") {
				return
			}
			cut := sheet + "!" + ref
			cuts = append(cuts, cut)
			marker := map[string]string{"en": " … [cut: 40000 characters; a cell holds 32,767; plan.json holds the whole text]",
				"fr": " … [coupé : 40000 caractères ; une cellule en contient 32 767 ; plan.json contient le texte entier]"}[lang]
			if n := utf8.RuneCountInString(v); n != 32767 || !strings.HasSuffix(v, marker) {
				t.Errorf("%s: %s holds %d characters ending %q, want 32,767 ending %q", lang, cut, n, v[len(v)-120:], marker)
			}
		})
		if len(cuts) != 2 {
			t.Fatalf("%s: the long text is in cells %v, want two", lang, cuts)
		}
		probs := XLSXSheetNames(lang)[4]
		rows, _ := f.GetRows(probs)
		var listed []string
		for _, r := range rows {
			if len(r) > 10 && r[8] == problemKind(lang, "text_cut") && strings.Contains(r[10], "40000") {
				listed = append(listed, r[1]+"!"+r[4])
			}
		}
		if !slices.Equal(listed, cuts) {
			t.Errorf("%s: text_cut rows for %v, want %v", lang, listed, cuts)
		}
	}
}

// TestWriteXLSXChartShares: the chart data's cumulative shares of a
// target show as plain percentages, a plan that ends at its target as
// 100 %, not as a probability's "> 99 %".
func TestWriteXLSXChartShares(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, samplePlan("en"), "en"))
	whole := 0
	eachCell(t, f, func(sheet, ref string, col int, raw string) {
		if raw != "1" || col == 1 {
			return
		}
		if shown, err := f.GetCellValue(sheet, ref, excelize.Options{}); err != nil || shown != "100%" {
			t.Errorf("%s!%s: a share of 1 shows as %q (%v), want 100%%", sheet, ref, shown, err)
		}
		whole++
	}, "Chart data")
	if whole == 0 {
		t.Fatal("no share of 1 on the chart data")
	}
}

// A probability reads the same in the workbook as in the PDF and the
// terminal (probLabel), while its cell stays a number.
func TestWriteXLSXProbabilityFormat(t *testing.T) {
	p := samplePlan("en")
	probs := []float64{0.007, 0.0002, 0.42, 0.9999}
	for i, v := range probs {
		p.Targets[i].Probability, p.Targets[i].HasProbability = v, true
	}
	f := openXLSX(t, writeXLSX(t, p, "en"))
	sheet := XLSXSheetNames("en")[0]
	found := 0
	eachCell(t, f, func(sheet, ref string, _ int, raw string) {
		for _, v := range probs {
			if raw != strconv.FormatFloat(v, 'f', -1, 64) {
				continue
			}
			found++
			id, _ := f.GetCellStyle(sheet, ref)
			st, err := f.GetStyle(id)
			if err != nil || st.CustomNumFmt == nil {
				t.Fatalf("%s!%s: no number format (%v)", sheet, ref, err)
			}
			want := map[float64]string{0.007: "0.0%", 0.0002: `"< 0.1%"`, 0.42: "0%", 0.9999: `"> 99.9%"`}[v]
			if got := *st.CustomNumFmt; got != want {
				t.Errorf("%s!%s: %v has the format %q, want %q (the PDF shows %q)", sheet, ref, v, got, want, probLabel("en", v))
			}
			if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s: type %v, want a number", sheet, ref, typ)
			}
			// and a number format reads as the PDF writes it (excelize's
			// own renderer misreads the "%" of a quoted literal, which
			// Excel and LibreOffice show as written: those are checked by
			// their code above)
			if strings.HasPrefix(want, `"`) {
				continue
			}
			if shown, err := f.GetCellValue(sheet, ref, excelize.Options{}); err != nil || shown != probLabel("en", v) {
				t.Errorf("%s!%s: %v shows as %q (%v), want %q", sheet, ref, v, shown, err, probLabel("en", v))
			}
		}
	}, sheet)
	if found < len(probs) {
		t.Errorf("found %d of the %d probabilities on %s", found, len(probs), sheet)
	}
}

// Every sheet prints at a legible scale: as many A4 landscape pages wide
// as keep it above 70 %, the first two columns repeated when there are
// several.
func TestWriteXLSXPrintScale(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, samplePlan("en"), "en"))
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil || pl.FitToWidth == nil {
			t.Fatalf("%s: page layout %v", sheet, err)
		}
		cols, _ := f.GetCols(sheet)
		width := 0.0
		for i := range max(len(cols), 1) {
			w, _ := f.GetColWidth(sheet, xlCol(i+1))
			width += w
		}
		if scale := float64(*pl.FitToWidth) * xlPageChars / width; scale < xlMinScale {
			t.Errorf("%s: %.0f characters wide on %d pages: printed at %.0f %%", sheet, width, *pl.FitToWidth, 100*scale)
		}
	}
	if dn := f.GetDefinedName(); !slices.ContainsFunc(dn, func(d excelize.DefinedName) bool {
		return d.Name == "_xlnm.Print_Titles" && d.Scope == "Summary" && strings.HasPrefix(d.RefersTo, "'Summary'!$A:$B,")
	}) {
		t.Errorf("the Summary, several pages wide, does not repeat its first columns: %+v", dn)
	}
}
