package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const frenchHistory = "Identifiant;Propriétaire;Équipe;Étape;Date de création;Date de clôture;Montant\n" +
	"D1;Anne;Nord;Gagnée;15/01/2024;20/02/2024;1 200,50 €\n" +
	"D2;Paul;Sud;Perdue;03/02/2024;04/03/2024;0\n" +
	"D3;Élodie;Nord;En cours;13/03/2024;;\n"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func date(y int, m time.Month, d int) planner.Date { return planner.MakeDate(y, m, d) }

func wantFrenchDeals(t *testing.T, h *History) {
	t.Helper()
	want := []planner.Deal{
		{Owner: planner.NameOf("Anne"), Team: planner.NameOf("Nord"), Status: planner.Won, Created: date(2024, 1, 15), Closed: date(2024, 2, 20), Amount: 1200.5, HasAmount: true, Currency: planner.NameOf("EUR")},
		{Owner: planner.NameOf("Paul"), Team: planner.NameOf("Sud"), Status: planner.Lost, Created: date(2024, 2, 3), Closed: date(2024, 3, 4), Amount: 0, HasAmount: true},
		{Owner: planner.NameOf("Élodie"), Team: planner.NameOf("Nord"), Status: planner.Open, Created: date(2024, 3, 13)},
	}
	if got, wantN := len(h.Deals), len(want); got != wantN {
		t.Fatalf("got %d deals, want %d; problems: %s", got, wantN, dumpProblems(h.Problems))
	}
	for i := range want {
		if got := h.Deals[i]; got != want[i] {
			t.Errorf("deal %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
	if len(h.Problems) != 0 {
		t.Errorf("unexpected problems: %s", dumpProblems(h.Problems))
	}
}

func utf16(t *testing.T, s string, big bool) []byte {
	t.Helper()
	e := unicode.LittleEndian
	if big {
		e = unicode.BigEndian
	}
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadHistoryCSVEncodings(t *testing.T) {
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.ReplaceAll(frenchHistory, "1 200,50", "1\u00a0200,50")))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(cp1252, []byte("€")) || !bytes.Contains(cp1252, []byte{0x80}) {
		t.Fatal("test file is not Windows-1252")
	}
	crlf := strings.ReplaceAll(frenchHistory, "\n", "\r\n")
	tests := []struct {
		name string
		data []byte
	}{
		{"utf8 LF", []byte(frenchHistory)},
		{"utf8 BOM CRLF", append([]byte{0xEF, 0xBB, 0xBF}, crlf...)},
		{"windows-1252", cp1252},
		{"utf16le BOM tab", utf16(t, strings.ReplaceAll(crlf, ";", "\t"), false)},
		{"utf16be BOM", utf16(t, frenchHistory, true)},
		{"CR only", []byte(strings.ReplaceAll(frenchHistory, "\n", "\r"))},
		{"pipe", []byte(strings.ReplaceAll(frenchHistory, ";", "|"))},
		{"narrow nbsp", []byte(strings.ReplaceAll(frenchHistory, "1 200,50", "1\u202f200,50"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := LoadHistory(writeFile(t, "deals.csv", tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			wantFrenchDeals(t, h)
			if got, want := h.File.Rows, 3; got != want {
				t.Errorf("rows = %d, want %d", got, want)
			}
			if sum := sha256.Sum256(tt.data); h.File.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("sha256 = %q", h.File.SHA256)
			}
			if h.File.Kind != "history" || !strings.HasSuffix(h.File.Path, "deals.csv") {
				t.Errorf("file = %+v", h.File)
			}
		})
	}
}

func TestLoadHistoryCSVLineNumbers(t *testing.T) {
	data := "id,owner,stage,created,closed,amount\r\n" +
		"A1,\"Anne\r\nMarie\",Won,2024-01-15,2024-02-20,100\r\n" +
		"A2,Bob,Won,2024-01-15,2024-02-20,12x\r\n" +
		"A3,\"Line1\nLine2\",Won,2024-01-15,2024-02-20,\"bad\"\r\n" +
		"A4,Eve,Won,2024-01-15,2024-02-31,10\r\n"
	h, err := LoadHistory(writeFile(t, "deals.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h.Deals), 1; got != want {
		t.Fatalf("deals = %d, want %d", got, want)
	}
	if got, want := h.Deals[0].Owner.String(), "Anne\r\nMarie"; got != want && got != "Anne\nMarie" {
		t.Errorf("owner = %q", got)
	}
	wantMsgs := []struct {
		row, col int
		kind     string
		msg      string
	}{
		{4, 6, ProblemBadAmount, `deals.csv:4:6 (amount): not a number: "12x"`},
		{6, 6, ProblemBadAmount, `deals.csv:6:6 (amount): not a number: "bad"`},
		{7, 5, ProblemBadDate, `deals.csv:7:5 (closed): not a date: "2024-02-31"`},
	}
	if got, want := len(h.Problems), len(wantMsgs); got != want {
		t.Fatalf("problems = %d, want %d: %s", got, want, dumpProblems(h.Problems))
	}
	for i, w := range wantMsgs {
		p := h.Problems[i]
		if p.Row != w.row || p.Col != w.col || p.Kind != w.kind || !strings.HasPrefix(p.String(), w.msg) {
			t.Errorf("problem %d = %d:%d %s %q, want %d:%d %s %q…", i, p.Row, p.Col, p.Kind, p.String(), w.row, w.col, w.kind, w.msg)
		}
		if p.Severity != planner.SeverityError {
			t.Errorf("problem %d severity %s", i, p.Severity)
		}
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name, sample string
		want         rune
		wantErr      bool
	}{
		{"comma", "a,b,c\n1,2,3\n4,5,6\n", ',', false},
		{"semicolon with decimal commas", "id;montant;date\n1;1 200,50;01/02/2024\n2;3,5;02/02/2024\n", ';', false},
		{"tab", "a\tb\n1\t2\n", '\t', false},
		{"pipe", "a|b|c\n1|2|3\n", '|', false},
		{"title line above", "Export of deals\n\nid;amount\n1;2\n3;4\n", ';', false},
		{"single column", "amount\n1\n2\n", ',', false},
		{"ambiguous", "a;b,c\n1;2,3\n4;5,6\n", 0, true},
		{"ambiguous decided by header", "stage;amount,x\nWon;2,3\nLost;5,6\n", ';', false},
	}
	initAliases()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := detectDelimiter([]byte(tt.sample), false, historyAliases)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "--delimiter") {
					t.Fatalf("err = %v, want an error naming --delimiter", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoadHistoryDelimiterOption(t *testing.T) {
	// both ; and , split these rows consistently: the header decides
	data := "a;b,c\nstage;amount;created;closed\nWon;2,3;2024-01-01;2024-02-01\n"
	h, err := LoadHistory(writeFile(t, "d.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 || h.Deals[0].Amount != 2.3 {
		t.Fatalf("deals = %+v %s", h.Deals, dumpProblems(h.Problems))
	}
	// an explicit delimiter is obeyed
	_, err = LoadHistory(writeFile(t, "d.csv", []byte(data)), Options{Delimiter: ','})
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("err = %v, want ErrNoHeader", err)
	}
}

func TestLoadHistoryExcelSepLine(t *testing.T) {
	data := "sep=;\r\nstage;amount;created;closed\r\nWon;1,5;2024-01-01;2024-02-01\r\n"
	h, err := LoadHistory(writeFile(t, "d.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Deals) != 1 || h.Deals[0].Amount != 1.5 {
		t.Fatalf("deals %+v %s", h.Deals, dumpProblems(h.Problems))
	}
	for _, tt := range []struct {
		in   string
		want rune
		ok   bool
	}{{"sep=;\n", ';', true}, {"SEP=|\r\na|b", '|', true}, {"sep=\t\n", '\t', true}, {"sep=x\n", 0, false}, {"id,sep\n", 0, false}} {
		if d, ok := sepLine([]byte(tt.in)); d != tt.want || ok != tt.ok {
			t.Errorf("sepLine(%q) = %q, %v", tt.in, d, ok)
		}
	}
}

// The CSV parsing goroutine ends with every load, including loads that
// stop early on a file-level error.
func TestCSVGoroutinesEnd(t *testing.T) {
	var big strings.Builder
	big.WriteString("id,stage,created,closed\n")
	for i := 0; i < 5000; i++ {
		big.WriteString("1,Won,2024-01-01,2024-02-01\n")
	}
	p := writeFile(t, "d.csv", []byte(big.String()))
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		if _, err := LoadHistory(p, Options{}); !errors.Is(err, ErrMissingColumn) {
			t.Fatalf("err = %v", err)
		}
		if _, err := Classify(p, Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadTargets(p, Options{}); err == nil {
			t.Fatal("targets read from a history")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running (%d before)", n, before)
	}
}

// A Windows-1252 file whose first accented letter comes after the first
// 64 KiB is read again as Windows-1252: nothing is decoded as U+FFFD.
func TestLoadHistoryLateWindows1252(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id;owner;stage;created;closed;amount\r\n")
	for i := 0; b.Len() < 100<<10; i++ {
		fmt.Fprintf(&b, "%d;Anne;Won;2024-01-01;2024-02-01;5\r\n", i)
	}
	b.WriteString("x;H\xe9l\xe8ne;Gagn\xe9;2024-01-01;2024-02-01;1\xa0200,50 \x80\r\n")
	h, err := LoadHistory(writeFile(t, "late.csv", b.Bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := h.Deals[len(h.Deals)-1]
	if last.Owner.String() != "Hélène" || last.Status != planner.Won || last.Amount != 1200.5 || last.Currency.String() != "EUR" {
		t.Errorf("last deal = %+v %s", last, dumpProblems(h.Problems))
	}
	if len(h.File.SHA256) != 64 {
		t.Errorf("sha = %q", h.File.SHA256)
	}
	for _, d := range h.Deals {
		if strings.ContainsRune(d.Owner.String(), '\uFFFD') {
			t.Fatal("replacement character in an owner")
		}
	}
}

// TestLoadHistoryCSVBounds: a line past max_line_bytes is one refused row,
// located; a quote never closed stops the file where it opened, however
// far the field would run.
func TestLoadHistoryCSVBounds(t *testing.T) {
	head := "id;stage;created;closed;amount\n1;Won;2024-01-15;2024-02-15;100\n"
	long := head + "2;Won;2024-01-16;2024-02-16;" + strings.Repeat("9", 3<<20) + "\n3;Won;2024-01-17;2024-02-17;300\n"
	h, err := LoadHistory(writeFile(t, "long.csv", []byte(long)), Options{MaxLineBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ps := h.Problems
	if len(h.Deals) != 2 || len(ps) != 1 || ps[0].Kind != ProblemBadRow || ps[0].Row != 3 ||
		!strings.Contains(ps[0].String(), "long.csv:3: parse error on line 3, column 1: the line is longer than the limit (1 MiB, max_line_bytes): skipped unread; row left out") {
		t.Fatalf("%d deals, problems:\n%s", len(h.Deals), dumpProblems(ps))
	}
	open := head + "2;Won;2024-01-16;2024-02-16;\"100\n" + strings.Repeat("x\n", 1<<20)
	_, err = LoadHistory(writeFile(t, "open.csv", []byte(open)), Options{})
	want := "open.csv: malformed CSV: the quoted field opened on line 3, column 29, is still open on line 524290, past 1 MiB (max_field_bytes): is a quote never closed?"
	if !errors.Is(err, ErrBadCSV) || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}
