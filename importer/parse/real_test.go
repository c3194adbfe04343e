package parse

import (
	"archive/zip"
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readCSV reads a real data file whole (they are small), without its BOM.
func readCSV(t *testing.T, rel string) [][]string {
	t.Helper()
	f, err := os.Open(realData(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if len(rows) > 0 && len(rows[0]) > 0 {
		rows[0][0] = strings.TrimPrefix(rows[0][0], "\ufeff")
	}
	return rows
}

// mapHeaders maps a header row the way the importer is told to: the
// highest priority column of each field, the first one on a tie.
func mapHeaders(header []string) map[string]string {
	best := map[string]int{}
	out := map[string]string{}
	for _, h := range header {
		f, ok := Field(h)
		if !ok {
			continue
		}
		if p := FieldPriority(h); p > best[f] {
			best[f], out[f] = p, h
		}
	}
	return out
}

func TestRealHeaders(t *testing.T) {
	tests := []struct {
		file string
		want map[string]string // field -> header chosen
	}{
		{"maven-crm/sales_pipeline.csv", map[string]string{
			"id": "opportunity_id", "owner": "sales_agent", "offer": "product", "account": "account",
			"stage": "deal_stage", "created": "engage_date", "closed": "close_date", "amount": "close_value"}},
		{"maven-crm/sales_pipeline_excel_resaved_mdy.csv", map[string]string{
			"id": "opportunity_id", "owner": "sales_agent", "offer": "product", "account": "account",
			"stage": "deal_stage", "created": "engage_date", "closed": "close_date", "amount": "close_value"}},
		{"maven-crm/sales_teams.csv", map[string]string{"owner": "sales_agent", "team": "regional_office"}},
		{"maven-crm/accounts.csv", map[string]string{"account": "account", "segment": "sector",
			"amount": "revenue"}}, // a lookup file: its loader ignores amount
		{"sf-data-cloud-workshop/Opportunity.csv", map[string]string{
			"id": "Id", "account": "AccountId", "stage": "StageName", "amount": "Amount",
			"closed": "CloseDate", "created": "CreatedDate", "owner": "OwnerId", "offer": "Product__c",
			"won": "IsWon", "closed_flag": "IsClosed"}},
		{"sf-report-powerbi/Opportunity.csv", map[string]string{
			"id": "Id", "account": "AccountId", "stage": "StageName", "amount": "Amount",
			"closed": "CloseDate", "created": "CreatedDate", "won": "IsWon", "closed_flag": "IsClosed"}},
		{"sf-wave-sales/Opportunity.csv", map[string]string{
			"id": "External_Id__c", "amount": "Amount", "account": "Account.External_Id__c",
			"owner": "Owner.External_Id__c", "stage": "StageName", "closed": "CloseDate",
			"created": "DateTimeCreated__c"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rows := readCSV(t, tt.file)
			got := mapHeaders(rows[0])
			for f, h := range tt.want {
				if got[f] != h {
					t.Errorf("%s: field %s mapped to %q, want %q", tt.file, f, got[f], h)
				}
			}
			for f, h := range got {
				if _, ok := tt.want[f]; !ok {
					t.Errorf("%s: unexpected field %s from %q", tt.file, f, h)
				}
			}
		})
	}
}

// TestRealSalesPipelineWorkbook reads the header of the real multi-sheet
// workbook (row 2 of "Sales Pipeline") with excelize's row iterator.
func TestRealSalesPipelineWorkbook(t *testing.T) {
	if raceEnabled {
		t.Skip("excelize takes most of a minute to open this workbook under the race detector; run without -race (its header strings are also in TestField)")
	}
	f, err := excelize.OpenFile(realData(t, "sales-pipeline-xlsx/Sales Pipeline.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows("Sales Pipeline")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var header []string
	for i := 0; i < 2 && rows.Next(); i++ {
		if header, err = rows.Columns(); err != nil {
			t.Fatal(err)
		}
	}
	got := mapHeaders(header)
	want := map[string]string{"id": "Opportunity ID", "created": "Created Date", "closed": "Closed Date",
		"stage": "Deal Stage", "amount": "Sales Amount"}
	for f, h := range want {
		if got[f] != h {
			t.Errorf("field %s mapped to %q, want %q (header %q)", f, got[f], h, header)
		}
	}
	if len(got) != len(want) {
		t.Errorf("mapped %v, want %v", got, want)
	}
}

// TestRealMavenValues parses every amount, date and stage of the Maven
// pipeline, and checks that the copy re-saved by a US Excel (M/D/YYYY)
// gives the same dates once its column order is decided from its values.
func TestRealMavenValues(t *testing.T) {
	orig := readCSV(t, "maven-crm/sales_pipeline.csv")
	mdy := readCSV(t, "maven-crm/sales_pipeline_excel_resaved_mdy.csv")
	if len(orig) != 8801 || len(mdy) != 8801 {
		t.Fatalf("rows: %d and %d, want 8801", len(orig), len(mdy))
	}
	// Decide the order of each date column of the re-saved copy.
	order := map[int]DateOrder{}
	for _, col := range []int{5, 6} {
		proofs := map[DateOrder]int{}
		for _, row := range mdy[1:] {
			if row[col] == "" {
				continue
			}
			d, err := ParseDate(row[col], false)
			if err != nil {
				t.Fatalf("%s: %v", mdy[0][col], err)
			}
			proofs[d.Proves]++
		}
		if proofs[MDY] == 0 || proofs[DMY] != 0 || proofs[YMD] != 0 {
			t.Fatalf("column %s proofs %v, want MDY only", mdy[0][col], proofs)
		}
		order[col] = MDY
	}
	statuses := map[string]int{}
	var won float64
	for i := 1; i < len(orig); i++ {
		o, m := orig[i], mdy[i]
		for _, col := range []int{5, 6} {
			if (o[col] == "") != (m[col] == "") {
				t.Fatalf("row %d: blank mismatch", i)
			}
			if o[col] == "" {
				continue
			}
			do, err := ParseDate(o[col], false)
			if err != nil || do.Proves != YMD {
				t.Fatalf("row %d: %q: %v %v", i, o[col], err, do.Proves)
			}
			dm, err := ParseDate(m[col], false)
			if err != nil {
				t.Fatal(err)
			}
			if !do.Value.Equal(dm.Resolve(order[col])) {
				t.Fatalf("row %d: %s %q gives %v, re-saved %q gives %v", i, o[0], o[col], do.Value, m[col], dm.Resolve(order[col]))
			}
		}
		st, _ := StageStatus(o[4], nil)
		statuses[st.String()]++
		if o[7] == "" {
			continue
		}
		n, err := ParseNumber(o[7])
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if n.Ambiguous || n.Style != NoStyle {
			t.Fatalf("row %d: %q is %+v", i, o[7], n)
		}
		if o[4] == "Won" {
			won += n.Value
		}
	}
	// Figures from the dataset's PROVENANCE.md.
	if statuses["won"] != 4238 || statuses["lost"] != 2473 || statuses["open"] != 2089 {
		t.Errorf("statuses %v, want won 4238, lost 2473, open 2089", statuses)
	}
	if won != 10005534 {
		t.Errorf("won total %v, want 10005534", won)
	}
}

// TestRealSalesforceValues parses the dates, amounts and stages of the
// three Salesforce-style exports.
func TestRealSalesforceValues(t *testing.T) {
	tests := []struct {
		file      string
		twoDigit  bool
		wantWon   int
		wantLost  int
		wantOrder DateOrder
	}{
		{"sf-data-cloud-workshop/Opportunity.csv", false, 12, 3, YMD},
		{"sf-wave-sales/Opportunity.csv", false, 1166, 3769, YMD},
		{"sf-report-powerbi/Opportunity.csv", true, 12, 8, MDY},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rows := readCSV(t, tt.file)
			cols := map[string]int{}
			for i, h := range rows[0] {
				if f, ok := Field(h); ok {
					if _, seen := cols[f]; !seen || FieldPriority(h) > FieldPriority(rows[0][cols[f]]) {
						cols[f] = i
					}
				}
			}
			won, lost := 0, 0
			proofs := map[DateOrder]int{}
			for _, row := range rows[1:] {
				st, _ := StageStatus(row[cols["stage"]], nil)
				switch st.String() {
				case "won":
					won++
				case "lost":
					lost++
				}
				for _, f := range []string{"created", "closed"} {
					v := row[cols[f]]
					if v == "" {
						continue
					}
					d, err := ParseDate(v, tt.twoDigit)
					if err != nil {
						t.Fatalf("%s %q: %v", f, v, err)
					}
					proofs[d.Proves]++
					if y := d.Value.Year(); y < 2015 || y > 2026 {
						t.Errorf("%s %q read as %v", f, v, d.Value)
					}
				}
				if v := row[cols["amount"]]; v != "" {
					n, err := ParseNumber(v)
					if err != nil {
						t.Fatalf("amount %q: %v", v, err)
					}
					if n.Ambiguous || n.Value < 0 {
						t.Errorf("amount %q read as %+v", v, n)
					}
				}
			}
			if won != tt.wantWon || lost != tt.wantLost {
				t.Errorf("won %d lost %d, want %d and %d", won, lost, tt.wantWon, tt.wantLost)
			}
			for o, n := range proofs {
				if o != tt.wantOrder && o != OrderUnknown {
					t.Errorf("%d dates prove %v, want only %v", n, o, tt.wantOrder)
				}
			}
			if proofs[tt.wantOrder] == 0 {
				t.Errorf("no date proves %v: %v", tt.wantOrder, proofs)
			}
		})
	}
}

// TestRealSerials converts the date serials of the Maven workbook, read
// straight from its sheet XML (excelize takes most of a minute to open a
// workbook under the race detector), and compares them with the CSV
// original, whose rows are in the same order.
func TestRealSerials(t *testing.T) {
	orig := readCSV(t, "maven-crm/sales_pipeline.csv")
	z, err := zip.OpenReader(realData(t, "maven-crm-xlsx/sales_pipeline.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	f, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range numericCells(sheet, "FG") {
		col := 5
		if c.col == 'G' {
			col = 6
		}
		if c.row < 2 || c.row > len(orig) {
			t.Fatalf("cell %c%d outside the CSV's rows", c.col, c.row)
		}
		v, err := ParseNumber(c.v)
		if err != nil {
			t.Fatalf("%c%d: %v", c.col, c.row, err)
		}
		got, err := ExcelSerial(v.Value, false)
		if err != nil {
			t.Fatalf("%c%d: %v", c.col, c.row, err)
		}
		if s, want := got.Format(time.DateOnly), orig[c.row-1][col]; s != want {
			t.Fatalf("%c%d: serial %s is %s, the CSV says %q", c.col, c.row, c.v, s, want)
		}
		n++
	}
	// 8,300 engage dates and 6,711 close dates (PROVENANCE.md).
	if n != 8300+6711 {
		t.Errorf("converted %d serials, want %d", n, 8300+6711)
	}
}

type xmlCell struct {
	col byte
	row int
	v   string
}

// numericCells scans sheet XML for the numeric cells (no t attribute) of
// single-letter columns among cols: a few lines instead of an XML decoder,
// enough for a file whose shape PROVENANCE.md describes.
func numericCells(sheet []byte, cols string) []xmlCell {
	var out []xmlCell
	s := string(sheet)
	for {
		i := strings.Index(s, `<c r="`)
		if i < 0 {
			return out
		}
		s = s[i+len(`<c r="`):]
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return out
		}
		tag := s[:end]
		if strings.Contains(tag, ` t="`) || !strings.ContainsRune(cols, rune(tag[0])) {
			continue
		}
		q := strings.IndexByte(tag, '"')
		row, err := strconv.Atoi(tag[1:q])
		if err != nil {
			continue
		}
		rest := s[end+1:]
		if !strings.HasPrefix(rest, "<v>") {
			continue
		}
		v, _, _ := strings.Cut(rest[3:], "<")
		out = append(out, xmlCell{tag[0], row, v})
	}
}
