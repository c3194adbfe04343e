package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/rand"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/importer/parse"
)

func TestLoadHistoryProblems(t *testing.T) {
	const head = "id,owner,stage,created,closed,amount\n"
	tests := []struct {
		name     string
		data     string
		opt      Options
		deals    int
		kind     string // a problem of this kind must exist
		severity string
		row, col int
		msg      string // the problem's message must contain this
	}{
		{"bad amount", head + "1,a,Won,2024-01-01,2024-02-01,12,5x\n", Options{}, 0, ProblemBadRow, "error", 2, 0, "7 fields where the header has 6"},
		{"bad amount quoted", head + "1,a,Won,2024-01-01,2024-02-01,\"12,5x\"\n", Options{}, 0, ProblemBadAmount, "error", 2, 6, `deals.csv:2:6 (amount): not a number: "12,5x"`},
		{"percent is not an amount", head + "1,a,Won,2024-01-01,2024-02-01,18 %\n", Options{}, 0, ProblemBadAmount, "error", 2, 6, "percentage"},
		{"leading zero", head + "1,a,Won,2024-01-01,2024-02-01,010\n", Options{}, 0, ProblemBadAmount, "error", 2, 6, `"010"`},
		{"NaN", head + "1,a,Won,2024-01-01,2024-02-01,NaN\n", Options{}, 0, ProblemBadAmount, "error", 2, 6, `"NaN"`},
		{"bad date", head + "1,a,Won,2024-13-01,2024-02-01,10\n", Options{}, 0, ProblemBadDate, "error", 2, 4, `(created): not a date: "2024-13-01"`},
		{"two-digit year refused", head + "1,a,Won,01/15/24,2024-02-01,10\n", Options{}, 0, ProblemBadDate, "error", 2, 4, "two-digit"},
		{"ambiguous amount undecided", head + "1,a,Won,2024-01-01,2024-02-01,\"1,234\"\n2,a,Won,2024-01-01,2024-02-01,5\n", Options{}, 1, ProblemAmbiguousNumber, "error", 2, 6, "could be 1234 or 1.234"},
		{"ambiguous amount decided by column", head + "1,a,Won,2024-01-01,2024-02-01,\"1,234\"\n2,a,Won,2024-01-01,2024-02-01,\"1,234,567.50\"\n", Options{}, 2, "", "", 0, 0, ""},
		{"ambiguous amount decided by locale", head + "1,a,Won,2024-01-01,2024-02-01,\"1,234\"\n", Options{Locale: "fr"}, 1, ProblemNumberStyleAssumed, "warning", 2, 6, "decimal comma"},
		{"ambiguous dates undecided", head + "1,a,Won,03/04/2024,05/06/2024,10\n", Options{}, 0, ProblemAmbiguousDateOrder, "error", 2, 4, "date_order"},
		{"ambiguous dates decided by the other column", head + "1,a,Won,03/04/2024,25/06/2024,10\n", Options{}, 1, ProblemDateOrderAssumed, "warning", 2, 4, "as the closed column proves"},
		{"ambiguous dates assumed", head + "1,a,Won,03/04/2024,05/06/2024,10\n", Options{DateOrder: "dmy"}, 1, ProblemDateOrderAssumed, "warning", 2, 4, "DMY"},
		{"column proves both orders", head + "1,a,Won,13/04/2024,2024-06-01,10\n2,a,Won,04/13/2024,2024-06-01,10\n3,a,Won,03/04/2024,2024-06-01,10\n", Options{}, 2, ProblemAmbiguousDateOrder, "error", 2, 4, "proves both orders"},
		{"duplicate id", head + "1,a,Won,2024-01-01,2024-02-01,10\n1,b,Lost,2024-01-01,2024-02-01,0\n", Options{}, 2, ProblemDuplicateID, "warning", 3, 1, "already used on line 2"},
		{"closed before created", head + "1,a,Won,2024-03-01,2024-02-01,10\n", Options{}, 1, ProblemClosedBeforeCreated, "warning", 2, 5, "negative cycle of -29 days"},
		{"open with close date", head + "1,a,Negotiation,2024-01-01,2024-02-01,10\n", Options{}, 1, ProblemOpenWithCloseDate, "warning", 2, 5, `stage "Negotiation"`},
		{"date serial in a CSV", head + "1,a,Won,45306,45337.5,10\n2,a,Won,45307,45337,10\n", Options{}, 2, ProblemDateSerialAssumed, "warning", 2, 4, "45306 read as an Excel date serial: 2024-01-15"},
		{"number out of serial range", head + "1,a,Won,123,2024-01-01,10\n", Options{}, 0, ProblemBadDate, "error", 2, 4, `"123"`},
		{"repeated header skipped", head + "1,a,Won,2024-01-01,2024-02-01,10\n" + head + "2,a,Won,2024-01-01,2024-02-01,10\n", Options{}, 2, "", "", 0, 0, ""},
		{"won without amount", head + "1,a,Won,2024-01-01,2024-02-01,\n", Options{}, 1, ProblemWonWithoutAmount, "warning", 2, 6, "no amount"},
		{"won without close date", head + "1,a,Closed Won,2024-01-01,,5\n", Options{}, 1, ProblemClosedWithoutDate, "warning", 2, 5, "no close date"},
		{"missing stage", head + "1,a,,2024-01-01,,5\n", Options{}, 0, ProblemMissingValue, "error", 2, 3, "no stage"},
		{"negative amount", head + "1,a,Won,2024-01-01,2024-02-01,(1 200.00)\n", Options{}, 1, ProblemNegativeAmount, "warning", 2, 6, "-1200"},
		{"bare quote", head + "1,a\"b,Won,2024-01-01,2024-02-01,5\n2,a,Won,2024-01-01,2024-02-01,5\n", Options{}, 1, ProblemBadRow, "error", 2, 0, "bare \""},
		{"status override", head + "1,a,Signé par le client,2024-01-01,2024-02-01,5\n", Options{Status: map[string]string{"Signé par le client": "won"}}, 1, "", "", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := LoadHistory(writeFile(t, "deals.csv", []byte(tt.data)), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(h.Deals); got != tt.deals {
				t.Errorf("deals = %d, want %d%s", got, tt.deals, dumpProblems(h.Problems))
			}
			if tt.kind == "" {
				if len(h.Problems) != 0 {
					t.Errorf("unexpected problems: %s", dumpProblems(h.Problems))
				}
				return
			}
			p := findProblem(t, h.Problems, tt.kind)
			if p.Severity != tt.severity || p.Row != tt.row || p.Col != tt.col || !strings.Contains(p.String(), tt.msg) {
				t.Errorf("got %s %d:%d %q\nwant %s %d:%d containing %q", p.Severity, p.Row, p.Col, p.String(), tt.severity, tt.row, tt.col, tt.msg)
			}
			if p.File != "deals.csv" {
				t.Errorf("file = %q", p.File)
			}
		})
	}
}

func TestLoadHistoryStatusFromBooleans(t *testing.T) {
	data := "Id,StageName,IsClosed,IsWon,CreatedDate,CloseDate,Amount\n" +
		"1,Signature,1,1,2024-01-22T16:14:25.000+0000,2024-02-01,10\n" +
		"2,Abandon client,1,0,2024-01-22T16:14:25.000+0000,2024-02-01,10\n" +
		"3,Discovery,,,2024-01-22T16:14:25.000+0000,,10\n"
	h, err := LoadHistory(writeFile(t, "Opportunity.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.Status{planner.Won, planner.Lost, planner.Open}
	if len(h.Deals) != 3 {
		t.Fatalf("deals = %d %s", len(h.Deals), dumpProblems(h.Problems))
	}
	for i, w := range want {
		if h.Deals[i].Status != w {
			t.Errorf("deal %d status %s, want %s", i, h.Deals[i].Status, w)
		}
		if got := h.Deals[i].Created; got != date(2024, 1, 22) {
			t.Errorf("deal %d created %v", i, got)
		}
	}
}

func TestLoadHistoryJoins(t *testing.T) {
	data := "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n" +
		"A,Moses Frase,GTX Pro,Cancity,Won,2016-10-20,2017-03-01,1054\n" +
		"B,Unknown Agent,GTX Pro,Nowhere,Lost,2016-10-20,2017-03-01,0\n" +
		"C,Unknown Agent,GTX Pro,,Engaging,2016-10-20,,\n"
	opt := Options{Teams: map[string]string{"moses frase": "Central"}, Accounts: map[string]string{"Cancity": "retail"}}
	h, err := LoadHistory(writeFile(t, "sales_pipeline.csv", []byte(data)), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.Deals[0].Team.String(), "Central"; got != want {
		t.Errorf("team = %q, want %q", got, want)
	}
	if got, want := h.Deals[0].Segment.String(), "retail"; got != want {
		t.Errorf("segment = %q, want %q", got, want)
	}
	if got, want := h.Deals[0].Offer.String(), "GTX Pro"; got != want {
		t.Errorf("offer = %q, want %q", got, want)
	}
	if got := kinds(h.Problems)[ProblemUnknownOwner]; got != 1 {
		t.Errorf("unknown_owner problems = %d, want 1 (once per owner)%s", got, dumpProblems(h.Problems))
	}
	if h.Deals[1].Owner != h.Deals[2].Owner {
		t.Error("owners differ")
	}
}

func TestLoadHistoryOutlier(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stage,created,closed,amount\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "%d,Won,2024-01-01,2024-02-01,%d\n", i, 1000+10*i)
	}
	b.WriteString("x,Won,2024-01-01,2024-02-01,12000000\n")
	h, err := LoadHistory(writeFile(t, "deals.csv", []byte(b.String())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := findProblem(t, h.Problems, ProblemOutlierAmount)
	if p.Row != 42 || p.Value != "12000000" {
		t.Errorf("outlier at %d %q", p.Row, p.Value)
	}
	if got := kinds(h.Problems)[ProblemOutlierAmount]; got != 1 {
		t.Errorf("%d outliers", got)
	}
}

func TestLoadHistoryProblemCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stage,created,closed,amount\n")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "%d,Won,2024-01-01,2024-02-01,x%d\n", i, i)
	}
	h, err := LoadHistory(writeFile(t, "deals.csv", []byte(b.String())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h.Problems), maxPerKind+1; got != want {
		t.Fatalf("problems = %d, want %d", got, want)
	}
	last := h.Problems[len(h.Problems)-1]
	if last.Kind != ProblemBadAmount || last.Omitted != 300 || !strings.Contains(last.Message, "300 more bad_amount problems not listed (500 in all)") {
		t.Errorf("summary = %+v", last)
	}
	for i := 1; i < maxPerKind; i++ {
		if h.Problems[i].Row <= h.Problems[i-1].Row {
			t.Fatalf("problems not sorted at %d", i)
		}
	}
}

// bombZip returns a zip whose styles.xml declares 70 MB (a padded
// styles.xml is the classic workbook bomb); its data is a short deflate
// stream, since the declared size is what must be refused.
func bombZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
	fw.Write(make([]byte, 1<<16))
	fw.Close()
	rw, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/styles.xml", Method: zip.Deflate,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 70 << 20, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadHistoryFileErrors(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	encrypted := append(append([]byte{}, ole...), utf16le("EncryptionInfo")...)
	legacy := append(append([]byte{}, ole...), utf16le("Workbook")...)
	good := buildXLSX(t, "good.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{{"id", "stage", "created", "closed", "amount"}, {"1", "Won", "2024-01-01", "2024-01-02", 5}})
	})
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	bomb := bombZip(t)
	tests := []struct {
		name     string
		file     string
		data     []byte
		opt      Options
		sentinel error
		msg      string
	}{
		{"empty", "deals.csv", nil, Options{}, ErrEmpty, "deals.csv: file is empty"},
		{"legacy xls", "deals.xls", legacy, Options{}, ErrLegacyXLS, "Excel 97-2003"},
		{"encrypted", "deals.xlsx", encrypted, Options{}, ErrEncrypted, "password"},
		{"renamed csv", "deals.xlsx", []byte("id,stage\n1,Won\n"), Options{}, ErrRenamedText, "looks like CSV/text renamed to .xlsx"},
		{"truncated", "deals.xlsx", goodBytes[:len(goodBytes)/2], Options{}, ErrTruncated, "truncated"},
		{"too large", "deals.csv", []byte(frenchHistory), Options{MaxBytes: 10}, ErrTooLarge, "limit 10"},
		{"zip bomb", "bomb.xlsx", bomb, Options{}, ErrZipBomb, "xl/styles.xml"},
		{"no header", "deals.csv", []byte("foo,bar\n1,2\n"), Options{}, ErrNoHeader, `"foo", "bar"`},
		{"missing column", "deals.csv", []byte("id,stage,created,closed,Montant H.T. encaissé\n1,Won,2024-01-01,2024-01-02,5\n"), Options{}, ErrMissingColumn,
			`required column missing: amount (closest header: "Montant H.T. encaissé"`},
		{"missing override", "deals.csv", []byte("id,stage,created,closed,amount\n1,Won,2024-01-01,2024-01-02,5\n"), Options{Columns: map[string]string{"amount": "Total HT"}}, ErrMissingColumn,
			`"Total HT" given for amount is not in the header`},
		{"no rows", "deals.csv", []byte("id,stage,created,closed,amount\n"), Options{}, ErrNoRows, "no data rows"},
		{"unclosed quote", "deals.csv", []byte("id,stage,created,closed,amount\n1,\"Won,2024-01-01,2024-01-02,5\n"), Options{}, ErrBadCSV, "line 2"},
		{"sheet not found", "good.xlsx", goodBytes, Options{Sheet: "Nope"}, ErrSheetNotFound, `"Nope"; the workbook has: "Sheet1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadHistory(writeFile(t, tt.file, tt.data), tt.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("err = %v, want %v", err, tt.sentinel)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != tt.file {
				t.Errorf("err %v is not a *FileError for %s", err, tt.file)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), tt.file+": ") {
				t.Errorf("err = %q does not start with the file name", err)
			}
		})
	}
}

func TestISODateMatchesTime(t *testing.T) {
	for d := day(1899, 12, 25); d.Before(day(2101, 1, 5)); d = d.AddDate(0, 0, 1) {
		got, ok := parse.ISODate(d.Format("2006-01-02"))
		if !ok || !got.Equal(d) || got.Location() != d.Location() {
			t.Fatalf("parse.ISODate(%s) = %v, %v", d.Format("2006-01-02"), got, ok)
		}
	}
	for _, s := range []string{"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "20240101xx", "0999-01-01",
		"2024-0a-01", "2024-01-0/", "202/-01-01", "2024-01-:1", " 024-01-01", "2024/01/01"} {
		if _, ok := parse.ISODate(s); ok {
			t.Errorf("parse.ISODate(%q) accepted", s)
		}
	}
}

func TestLoadHistoryColumnOverride(t *testing.T) {
	data := "Réf;Commercial;Statut affaire;Ouverte le;Signée le;Montant H.T. encaissé;\n" +
		"1;Anne;Signé;02/01/2024;15/02/2024;1 000,00;\n"
	opt := Options{
		Columns: map[string]string{"id": "Réf", "stage": "statut affaire", "created_date": "Ouverte le", "closed": "Signée le", "amount": "Montant H.T. encaissé"},
		Status:  map[string]string{"Signé": "won"},
	}
	h, err := LoadHistory(writeFile(t, "export.csv", []byte(data)), opt)
	if err != nil {
		t.Fatal(err)
	}
	want := planner.Deal{Owner: planner.NameOf("Anne"), Status: planner.Won, Created: date(2024, 1, 2), Closed: date(2024, 2, 15), Amount: 1000, HasAmount: true}
	if len(h.Deals) != 1 || h.Deals[0] != want {
		t.Fatalf("deals = %+v, want %+v %s", h.Deals, want, dumpProblems(h.Problems))
	}
	// the created column proves nothing: the close date column decided
	p := findProblem(t, h.Problems, ProblemDateOrderAssumed)
	if p.Severity != planner.SeverityWarning || !strings.Contains(p.Message, "as the Signée le column proves") {
		t.Errorf("problem = %+v", p)
	}
}

func TestCellErrorString(t *testing.T) {
	tests := []struct {
		e    CellError
		want string
	}{
		{CellError{File: "budget.xlsx", Sheet: "North", Ref: "C7", Column: "Revenue", Err: errors.New(`not a number: "12,5x"`)}, `budget.xlsx: North!C7 (Revenue): not a number: "12,5x"`},
		{CellError{File: "deals.csv", Row: 12, Col: 3, Column: "Amount", Err: errors.New("bad")}, `deals.csv:12:3 (Amount): bad`},
		{CellError{File: "deals.csv", Row: 12, Err: errors.New("bad")}, `deals.csv:12: bad`},
		{CellError{File: "b.xlsx", Sheet: "S", Row: 4, Err: errors.New("bad")}, `b.xlsx: S row 4: bad`},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestLoadHistoryTrailingDelimiter(t *testing.T) {
	data := "id,stage,created,closed,amount\n1,Won,2024-01-01,2024-02-01,5,\n2,Won,2024-01-01,2024-02-01,5,,\n3,Won,2024-01-01,2024-02-01\n"
	h, err := LoadHistory(writeFile(t, "d.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 2 || kinds(h.Problems)[ProblemBadRow] != 1 {
		t.Fatalf("deals %d, problems %s", len(h.Deals), dumpProblems(h.Problems))
	}
}

func TestLoadHistoryNotWorkbook(t *testing.T) {
	data := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		w.Write([]byte("<document/>"))
		zw.Close()
		return buf.Bytes()
	}()
	_, err := LoadHistory(writeFile(t, "deals.xlsx", data), Options{})
	if !errors.Is(err, ErrNotWorkbook) {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadHistoryDuplicateChain(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,stage,created,closed,amount\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "ID-%d,Won,2024-01-01,2024-02-01,5\n", i%100)
	}
	h, err := LoadHistory(writeFile(t, "d.csv", []byte(b.String())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(h.Problems)[ProblemDuplicateID]; got != 200 {
		t.Fatalf("%d duplicate_id problems, want 200", got)
	}
	// rows 102 and 202 repeat ID-0 of row 2: both point at row 2
	seen := 0
	for _, p := range h.Problems {
		if p.Row == 102 || p.Row == 202 {
			seen++
			if !strings.Contains(p.Message, `id "ID-0" already used on line 2:`) {
				t.Errorf("row %d: %s", p.Row, p.Message)
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d problems on rows 102 and 202", seen)
	}
}

// TestLoadHistoryDuplicatesLarge goes through the radix sort of the ids'
// hashes (more than 4096 ids) and the id table (more than 64 KiB of ids).
func TestLoadHistoryDuplicatesLarge(t *testing.T) {
	const rows, distinct = 12000, 5000
	var b strings.Builder
	b.WriteString("id,stage,created,closed,amount\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "OPPORTUNITY-%06d,Won,2024-01-01,2024-02-01,5\n", i%distinct)
	}
	h, err := LoadHistory(writeFile(t, "d.csv", []byte(b.String())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != rows {
		t.Fatalf("%d deals, want %d", len(h.Deals), rows)
	}
	// the first ones are listed, then a count of all
	total := ""
	for _, p := range h.Problems {
		if p.Kind == ProblemDuplicateID && p.Row == 0 {
			total = p.Message
		}
	}
	if want := fmt.Sprintf("(%d in all)", rows-distinct); !strings.Contains(total, want) {
		t.Fatalf("duplicate_id summary %q, want %q", total, want)
	}
	// the listed ones are the first rows with a repeated id, each pointing
	// at the row that used it first
	listed := 0
	for _, p := range h.Problems {
		if p.Kind != ProblemDuplicateID || p.Row == 0 {
			continue
		}
		listed++
		first := (p.Row-2)%distinct + 2
		if want := fmt.Sprintf("already used on line %d:", first); !strings.Contains(p.Message, want) {
			t.Errorf("row %d: %s, want %q", p.Row, p.Message, want)
		}
		if want := fmt.Sprintf("OPPORTUNITY-%06d", (p.Row-2)%distinct); p.Value != want {
			t.Errorf("row %d: id %q, want %q", p.Row, p.Value, want)
		}
		if p.Row < distinct+2 {
			t.Errorf("row %d reported, but its id is used there first", p.Row)
		}
	}
	if listed == 0 {
		t.Error("no duplicate listed")
	}
}

func TestSortHashKeys(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for _, n := range []int{0, 1, 100, 4095, 4096, 5000, 70000} {
		keys := make([]uint64, n)
		for i := range keys {
			h := r.Uint64()
			if i > 0 && r.Intn(10) == 0 {
				h = keys[r.Intn(i)] // an equal hash, as duplicate ids give
			}
			keys[i] = h>>idxBits<<idxBits | uint64(i)
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		if got := sortHashKeys(keys); !slices.Equal(got, want) {
			t.Fatalf("n=%d: radix order differs from a sort", n)
		}
	}
}

func TestLoadHistoryEstimatedRevenueForOpenDeals(t *testing.T) {
	data := "Topic;Status;Created On;Actual Close Date;Est. Revenue;Actual Revenue\n" +
		"T1;Won;13/01/2024;14/03/2024;1 000,00 €;1 200,00 €\n" +
		"T2;Open;14/01/2024;;2 000,00 €;\n" +
		"T3;Lost;14/01/2024;20/03/2024;3 000,00 €;\n"
	h, err := LoadHistory(writeFile(t, "dynamics.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 3 {
		t.Fatalf("deals: %s", dumpProblems(h.Problems))
	}
	if d := h.Deals[0]; d.Amount != 1200 {
		t.Errorf("won deal amount %v, want the actual 1200", d.Amount)
	}
	if d := h.Deals[1]; !d.HasAmount || d.Amount != 2000 {
		t.Errorf("open deal amount %v, want the estimate 2000", d.Amount)
	}
	if d := h.Deals[2]; d.HasAmount {
		t.Errorf("lost deal took the estimate: %v", d.Amount)
	}
}

// The names of a column spread over the cache slots as well as a random
// function would spread them: a cache that sent "Account 24" and "Account
// 42" to one slot would thrash.
func TestSlotOfSpreadsColumnNames(t *testing.T) {
	tests := []struct {
		name   string
		format string
		n      int
	}{
		{"accounts", "Account %02d", 85},
		{"agents", "Agent %d", 30},
		{"ids", "OPP-%06d", 500},
		{"owners", "Owner number %d of the team", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The hash is seeded per process: the spread is measured over
			// several seeds, so that the test fails on a bad function, not
			// on an unlucky seed.
			defer func(s maphash.Seed) { strSeed = s }(strSeed)
			const seeds = 20
			filled := 0
			for range seeds {
				strSeed = maphash.MakeSeed()
				seen := map[uint64]bool{}
				for i := 0; i < tc.n; i++ {
					slot := slotOf(fmt.Sprintf(tc.format, i), nameCacheBits)
					if slot >= 1<<nameCacheBits {
						t.Fatalf("slot %d out of range", slot)
					}
					seen[slot] = true
				}
				filled += len(seen)
			}
			// a random function fills m(1-e^(-n/m)) of m slots with n texts
			m := float64(int(1) << nameCacheBits)
			mean := float64(filled) / seeds
			if want := 0.95 * m * (1 - math.Exp(-float64(tc.n)/m)); mean < want {
				t.Errorf("%d texts in %.1f slots on average, want %.1f or more", tc.n, mean, want)
			}
		})
	}
	for _, s := range []string{"", "x", "Won"} {
		if slot := slotOf(s, stageCacheBits); slot >= 1<<stageCacheBits {
			t.Errorf("%q: slot %d out of range", s, slot)
		}
	}
}
