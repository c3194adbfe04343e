package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"
)

func dateStyle(t testing.TB, f *excelize.File) int {
	t.Helper()
	id, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestLoadHistoryXLSXLayout(t *testing.T) {
	p := buildXLSX(t, "deals.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notes")
		setRows(t, f, "Notes", 1, [][]any{{"Read me"}, {"This workbook holds the Q1 pipeline"}})
		f.NewSheet("Deals")
		ds := dateStyle(t, f)
		setRows(t, f, "Deals", 1, [][]any{{"Pipeline export"}, {"Generated on 1 May 2024"}})
		setRows(t, f, "Deals", 4, [][]any{
			{"Opportunity ID", "Opportunity Owner", "Stage", "Created Date", "Close Date", "Amount", "Currency"},
			{"O-1", "Anne", "Closed Won", day(2024, 1, 15), day(2024, 2, 20), 1200.5, "EUR"},
			{"O-2", "Paul", "Closed Lost", day(2024, 2, 3), day(2024, 3, 4), 0, "EUR"},
			{"O-3", "Anne", "Closed Won", day(2024, 2, 3), day(2024, 3, 4), "12,5x", "EUR"},
			{"O-4", "Paul", "Prospecting", "2024-03-13", nil, nil, "EUR"},
			{"Grand Totals (4 records)", nil, nil, nil, nil, 1200.5},
			{},
			{"Confidential Information - Do Not Distribute"},
			{"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."},
		})
		f.SetCellStyle("Deals", "D5", "E7", ds)
		// trailing blank rows that carry a style
		f.SetRowStyle("Deals", 20, 40, ds)
		f.NewSheet("Old")
		setRows(t, f, "Old", 1, [][]any{{"id", "stage", "created", "closed", "amount", "owner", "team"}, {"X", "Won", "2020-01-01", "2020-02-01", 1, "a", "b"}})
		f.SetSheetVisible("Old", false)
	})
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.Deal{
		{Owner: planner.NameOf("Anne"), Status: planner.Won, Created: date(2024, 1, 15), Closed: date(2024, 2, 20), Amount: 1200.5, HasAmount: true, Currency: planner.NameOf("EUR")},
		{Owner: planner.NameOf("Paul"), Status: planner.Lost, Created: date(2024, 2, 3), Closed: date(2024, 3, 4), Amount: 0, HasAmount: true, Currency: planner.NameOf("EUR")},
		{Owner: planner.NameOf("Paul"), Status: planner.Open, Created: date(2024, 3, 13), Currency: planner.NameOf("EUR")},
	}
	if len(h.Deals) != len(want) {
		t.Fatalf("deals = %d, want %d %s", len(h.Deals), len(want), dumpProblems(h.Problems))
	}
	for i := range want {
		if h.Deals[i] != want[i] {
			t.Errorf("deal %d\n got %+v\nwant %+v", i, h.Deals[i], want[i])
		}
	}
	if len(h.Problems) != 1 {
		t.Fatalf("problems: %s", dumpProblems(h.Problems))
	}
	p0 := h.Problems[0]
	if got, want := p0.String(), `deals.xlsx: Deals!F7 (Amount): not a number: "12,5x"`; !strings.HasPrefix(got, want) {
		t.Errorf("message = %q, want %q…", got, want)
	}
	if p0.Ref != "F7" || p0.Sheet != "Deals" || p0.Row != 7 || p0.Col != 6 || p0.Header != "Amount" || p0.Value != "12,5x" || p0.Expected == "" {
		t.Errorf("problem = %+v", p0)
	}
	if got, want := h.File.Rows, 4; got != want {
		t.Errorf("rows = %d, want %d", got, want)
	}
	// the hidden sheet is read when named
	h, err = LoadHistory(p, Options{Sheet: "Old"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 || h.Deals[0].Owner.String() != "a" || h.Deals[0].Team.String() != "b" {
		t.Errorf("hidden sheet deals = %+v", h.Deals)
	}
}

func TestLoadHistoryXLSX1904(t *testing.T) {
	serial := func(d time.Time) float64 { return d.Sub(day(1904, 1, 1)).Hours() / 24 }
	p := buildXLSX(t, "mac.xlsx", func(f *excelize.File) {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
		setRows(t, f, "Sheet1", 1, [][]any{
			{"id", "stage", "created", "closed", "amount"},
			{"1", "Won", serial(day(2024, 1, 15)), serial(day(2024, 2, 20)) + 0.75, 10},
		})
		f.SetCellStyle("Sheet1", "C2", "D2", dateStyle(t, f))
	})
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 {
		t.Fatalf("deals: %s", dumpProblems(h.Problems))
	}
	if got, want := h.Deals[0].Created, date(2024, 1, 15); got != want {
		t.Errorf("created = %v, want %v (1904 date system)", got, want)
	}
	if got, want := h.Deals[0].Closed, date(2024, 2, 20); got != want {
		t.Errorf("closed = %v, want %v", got, want)
	}
}

func TestLoadHistoryXLSXFormulaWithoutValue(t *testing.T) {
	p := buildXLSX(t, "f.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{
			{"id", "stage", "created", "closed", "amount", "owner"},
			{"1", "Won", "2024-01-15", "2024-02-15", 10, "Anne"},
			{"2", "Won", "2024-01-15", "2024-02-15", nil, "Paul"},
			{"3", "Won", "2024-01-15", "2024-02-15", 10, nil},
		})
		f.SetCellFormula("Sheet1", "E3", "B9*2")
		f.SetCellFormula("Sheet1", "F4", `"x"&"y"`)
	})
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h.Deals), 2; got != want {
		t.Fatalf("deals = %d, want %d %s", got, want, dumpProblems(h.Problems))
	}
	ps := h.Problems
	if len(ps) != 2 || ps[0].Kind != ProblemFormulaWithoutValue || ps[0].Ref != "E3" || ps[0].Severity != planner.SeverityError ||
		ps[1].Ref != "F4" || ps[1].Severity != planner.SeverityWarning {
		t.Fatalf("problems: %s", dumpProblems(ps))
	}
	if !strings.Contains(ps[0].String(), "f.xlsx: Sheet1!E3 (amount): formula with no cached value") {
		t.Errorf("message = %q", ps[0].String())
	}
}

func TestLoadHistoryXLSXMergedHeader(t *testing.T) {
	p := buildXLSX(t, "m.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{
			{"Amount", "Dates", nil, "Stage"},
			{nil, "Created", "Closed", nil},
			{100, "2024-01-15", "2024-02-15", "Won"},
		})
		f.MergeCell("Sheet1", "A1", "A2")
		f.MergeCell("Sheet1", "B1", "C1")
		f.MergeCell("Sheet1", "D1", "D2")
	})
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 || h.Deals[0].Amount != 100 || h.Deals[0].Status != planner.Won || h.Deals[0].Closed != date(2024, 2, 15) {
		t.Fatalf("deals = %+v %s", h.Deals, dumpProblems(h.Problems))
	}
}

// TestLoadHistoryXLSXMergedRows: the header reads without the merged
// ranges, so the sheet is read once without the byte-level pass; the
// merged team cell, found after the rows, sends it to a second read that
// copies the team into each of its rows.
func TestLoadHistoryXLSXMergedRows(t *testing.T) {
	p := buildXLSX(t, "m.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{
			{"team", "stage", "created", "closed", "amount"},
			{"North", "Won", "2024-01-15", "2024-02-15", 100},
			{nil, "Won", "2024-01-16", "2024-02-16", 200},
			{nil, "Lost", "2024-01-17", "2024-02-17", 0},
			{"South", "Won", "2024-01-18", "2024-02-18", 400},
		})
		f.MergeCell("Sheet1", "A2", "A4")
		f.MergeCell("Sheet1", "E5", "E5") // one cell: changes nothing
	})
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, d := range h.Deals {
		teams = append(teams, d.Team.String())
	}
	if got := strings.Join(teams, ","); got != "North,North,North,South" {
		t.Fatalf("teams = %s %s", got, dumpProblems(h.Problems))
	}
	forced, err := LoadHistory(p, Options{scanMerges: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(forced.Deals, h.Deals) {
		t.Fatalf("read again: %+v, with the pass first: %+v", h.Deals, forced.Deals)
	}
}

func TestLoadHistoryXLSXOnlyHidden(t *testing.T) {
	p := buildXLSX(t, "h.xlsx", func(f *excelize.File) {
		f.NewSheet("Data")
		setRows(t, f, "Data", 1, [][]any{{"id", "stage", "created", "closed", "amount"}, {"1", "Won", "2024-01-15", "2024-02-15", 10}})
		f.SetSheetVisible("Data", false)
	})
	_, err := LoadHistory(p, Options{})
	if !errors.Is(err, ErrNoSheet) {
		t.Fatalf("err = %v, want ErrNoSheet", err)
	}
	h, err := LoadHistory(p, Options{Sheet: "data"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 {
		t.Fatal("hidden sheet not read when named")
	}
}

func TestIsDateFormat(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"mm-dd-yy", true},
		{`[$-409]dd\-mmm\-yy;@`, true},
		{"yyyy-mm-dd hh:mm", true},
		{"[h]:mm:ss", false},
		{"h:mm", false},
		{`_("$"* #,##0.00_);_("$"* \(#,##0.00\)`, false},
		{"0.00E+00", false},
		{`"day "0`, false},
		{"General", false},
	}
	for _, tt := range tests {
		if got := isDateFormat(tt.code); got != tt.want {
			t.Errorf("isDateFormat(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// A worksheet whose XML stops in the middle (a damaged file with a valid
// zip) must not read as a shorter sheet: excelize's iterator stops there
// silently.
func TestLoadHistoryXLSXCorruptSheet(t *testing.T) {
	p := buildXLSX(t, "c.xlsx", func(f *excelize.File) {
		rows := [][]any{{"id", "stage", "created", "closed", "amount"}}
		for i := 0; i < 50; i++ {
			rows = append(rows, []any{i, "Won", "2024-01-01", "2024-02-01", 10})
		}
		setRows(t, f, "Sheet1", 1, rows)
	})
	data := rewriteSheet(t, p, func(data []byte) []byte {
		i := bytes.Index(data, []byte(`<row r="30"`))
		return append(data[:i+200:i+200], []byte("<row r=\"31\"><c r=\"A31\" <<<")...)
	})
	_, err := LoadHistory(writeFile(t, "c.xlsx", data), Options{})
	if !errors.Is(err, ErrCorruptSheet) {
		t.Fatalf("err = %v, want ErrCorruptSheet", err)
	}
	if !strings.HasPrefix(err.Error(), "c.xlsx: ") {
		t.Errorf("err = %q", err)
	}
}

// rewriteSheet returns the workbook at p with its first worksheet's XML
// passed through edit.
func rewriteSheet(t *testing.T, p string, edit func([]byte) []byte) []byte {
	t.Helper()
	return rewritePart(t, p, "xl/worksheets/sheet1.xml", edit)
}

// rewritePart returns the zip at p with its part passed through edit; the
// part must be there.
func rewritePart(t *testing.T, p, part string, edit func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range zr.File {
		data, err := fs.ReadFile(zr, zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == part {
			data, found = edit(data), true
		}
		w, _ := zw.Create(zf.Name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil || !found {
		t.Fatalf("rewrite %s: %v (found %v)", part, err, found)
	}
	return buf.Bytes()
}

// A formula whose cached value is the empty string (=IF(…;"";…)) has a
// value: it is not reported.
func TestLoadHistoryXLSXFormulaEmptyResult(t *testing.T) {
	p := buildXLSX(t, "f.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{
			{"id", "stage", "created", "closed", "amount", "owner"},
			{"1", "Won", "2024-01-15", "2024-02-15", 10, nil},
		})
		f.SetCellFormula("Sheet1", "F2", `IF(A2="1","","x")`)
	})
	data := rewriteSheet(t, p, func(data []byte) []byte {
		return bytes.Replace(data, []byte(`</f></c>`), []byte(`</f><v></v></c>`), 1)
	})
	h, err := LoadHistory(writeFile(t, "f.xlsx", data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 || len(h.Problems) != 0 {
		t.Fatalf("deals %d, problems %s", len(h.Deals), dumpProblems(h.Problems))
	}
}

// TestLoadHistoryXLSXBadSheetName: a sheet name that Excel forbids
// (": [ ] / ? *", over 31 characters) in another sheet does not refuse
// the workbook; the history sheet is read, and the bad one can still be
// named with --sheet.
func TestLoadHistoryXLSXBadSheetName(t *testing.T) {
	p := buildXLSX(t, "b.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notes")
		setRows(t, f, "Notes", 1, [][]any{{"just a note"}})
		f.NewSheet("Data")
		setRows(t, f, "Data", 1, [][]any{{"id", "stage", "created", "closed", "amount"}, {"1", "Won", "2024-01-15", "2024-02-15", 10}})
	})
	bad := "Notes: [draft] / 2026? * a name longer than thirty-one characters"
	data := rewritePart(t, p, "xl/workbook.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`name="Notes"`), []byte(`name="`+bad+`"`), 1)
	})
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 {
		t.Fatalf("%d deals, want 1", len(h.Deals))
	}
	if _, err := LoadHistory(p, Options{Sheet: bad}); !errors.Is(err, ErrMissingColumn) && !errors.Is(err, ErrNoSheet) {
		t.Fatalf("the badly named sheet, named: err = %v, want its own header error", err)
	}
}
