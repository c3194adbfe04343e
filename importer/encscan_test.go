package importer

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	u16 "unicode/utf16"

	"github.com/smartplan/smartplan/planner"
)

// encHistory is a history CSV of n deals of "Réseau Partenaires", in
// UTF-8.
func encHistory(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id;owner;team;stage;created;closed;amount\n")
	for i := range n {
		fmt.Fprintf(&b, "D%d;Anne;Réseau Partenaires;Won;2026-01-05;2026-03-01;1000\n", i)
	}
	return b.Bytes()
}

func teamsOf(t *testing.T, h *History) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, d := range h.Deals {
		out[d.Team.String()]++
	}
	return out
}

// One Windows-1252 byte after the first 64 KiB of a UTF-8 file used to make
// the whole file be read again as Windows-1252 ("RÃ©seau"), with no
// problem reported. The file stays UTF-8; the byte is one located problem.
func TestEncodingOneBadByteStaysUTF8(t *testing.T) {
	data := encHistory(1600)
	if len(data) < 1<<16 {
		t.Fatalf("fixture of %d bytes, want more than 64 KiB", len(data))
	}
	// damage row 1,500's team: "Réseau" written with a cp1252 é
	line := 1501
	lines := bytes.Split(data, []byte("\n"))
	lines[line-1] = bytes.Replace(lines[line-1], []byte("Réseau"), []byte("R\xe9seau"), 1)
	data = bytes.Join(lines, []byte("\n"))
	h, err := LoadHistory(writeFile(t, "deals.csv", data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	teams := teamsOf(t, h)
	if teams["Réseau Partenaires"] != 1599 || teams["R\uFFFDseau Partenaires"] != 1 {
		t.Errorf("teams %v: want 1,599 Réseau Partenaires and the damaged one with U+FFFD", teams)
	}
	var bad []string
	for _, p := range h.Problems {
		if p.Kind == ProblemInvalidUTF8 {
			bad = append(bad, p.String())
			if p.Row != line || p.Col != len("D1499;Anne;R")+1 || p.Value != "0xE9" {
				t.Errorf("problem at row %d col %d value %s, want row %d col %d value 0xE9", p.Row, p.Col, p.Value, line, len("D1499;Anne;R")+1)
			}
		}
	}
	if len(bad) != 1 {
		t.Errorf("invalid-byte problems %q, want exactly one", bad)
	}
}

func TestEncodingDecidedOnTheWholeFile(t *testing.T) {
	utf16le := func(s string) []byte {
		var b bytes.Buffer
		for _, u := range u16.Encode([]rune(s)) {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
		return b.Bytes()
	}
	utf16be := func(s string) []byte {
		var b bytes.Buffer
		for _, u := range u16.Encode([]rune(s)) {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		}
		return b.Bytes()
	}
	text := string(encHistory(3))
	cp1252 := []byte(strings.ReplaceAll(text, "é", "\xe9"))
	lateCP1252 := append(bytes.ReplaceAll(encHistory(1600), []byte("é"), []byte("e")),
		[]byte("X;Anne;R\xe9seau Partenaires;Won;2026-01-05;2026-03-01;1000\n")...)
	for _, tc := range []struct {
		name  string
		data  []byte
		want  string // the team of the first deal
		deals int
		probs int // invalid-byte and NUL problems
	}{
		{"UTF-8", []byte(text), "Réseau Partenaires", 3, 0},
		{"Windows-1252 throughout", cp1252, "Réseau Partenaires", 3, 0},
		{"Windows-1252 only after 64 KiB of ASCII", lateCP1252, "Reseau Partenaires", 1601, 0},
		{"UTF-16 LE without BOM", utf16le(text), "Réseau Partenaires", 3, 0},
		{"UTF-16 BE without BOM", utf16be(text), "Réseau Partenaires", 3, 0},
		{"a stray NUL", []byte(strings.Replace(text, "Anne", "An\x00ne", 1)), "Réseau Partenaires", 3, 1},
		{"a BOM, a stray NUL", []byte("\ufeff" + strings.Replace(text, "Anne", "An\x00ne", 1)), "Réseau Partenaires", 3, 1},
		{"a BOM, one bad byte", []byte("\ufeff" + strings.Replace(text, "Anne", "Ann\xe9", 1)), "Réseau Partenaires", 3, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := LoadHistory(writeFile(t, "deals.csv", tc.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Deals) != tc.deals || h.Deals[0].Team.String() != tc.want {
				t.Fatalf("%d deals, first team %q; want %d, %q", len(h.Deals), h.Deals[0].Team.String(), tc.deals, tc.want)
			}
			if tc.name == "Windows-1252 only after 64 KiB of ASCII" && h.Deals[1600].Team.String() != "Réseau Partenaires" {
				t.Errorf("last team %q, want Réseau Partenaires", h.Deals[1600].Team.String())
			}
			n := 0
			for _, p := range h.Problems {
				if p.Kind == ProblemInvalidUTF8 || p.Kind == ProblemNULByte {
					n++
				}
			}
			if n != tc.probs {
				t.Errorf("%d byte problems, want %d: %s", n, tc.probs, dumpProblems(h.Problems))
			}
		})
	}
}

// A negative amount on a won deal (a credit note) counted as revenue. The
// deal still counts as won; its amount is left out, and said so.
func TestNegativeWonAmountIsNoRevenue(t *testing.T) {
	csv := "id;owner;team;stage;created;closed;amount\n" +
		"1;Anne;North;Won;2026-01-05;2026-03-01;1000\n" +
		"2;Anne;North;Won;2026-01-05;2026-03-01;-500\n"
	h, err := LoadHistory(writeFile(t, "deals.csv", []byte(csv)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := planner.ComputeRatios(h.Deals, nil, nil, planner.Options{AsOf: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)})[0]
	if r.Won != 2 || r.Revenue != 1000 || r.AvgDeal != 1000 {
		t.Errorf("won %d, revenue %v, average deal %v; want 2 won, 1000 and 1000", r.Won, r.Revenue, r.AvgDeal)
	}
	n := 0
	for _, p := range h.Problems {
		if p.Kind == ProblemNegativeAmount {
			n++
			if p.Row != 3 || !strings.Contains(p.Message, "left out of revenue") {
				t.Errorf("problem %s", p)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d negative-amount problems, want 1: %s", n, dumpProblems(h.Problems))
	}
}

// failingRows is a row source that fails after its rows.
type failingRows struct {
	rows [][]string
	i    int
	err  error
}

func (f *failingRows) Next() bool {
	if f.i >= len(f.rows) {
		return false
	}
	f.i++
	return true
}
func (f *failingRows) Row() []string     { return f.rows[f.i-1] }
func (f *failingRows) Line() int         { return f.i }
func (f *failingRows) CellLine(int) int  { return f.i }
func (f *failingRows) Kind(int) cellKind { return kindUnknown }
func (f *failingRows) Err() error        { return f.err }
func (f *failingRows) Close() error      { return nil }
func (f *failingRows) RowError() error   { return nil }

// A reader that fails before any header is found is reported as what it
// is, not as "no history header".
func TestFindHeaderReportsTheReadersError(t *testing.T) {
	broken := errors.New("xl/sharedStrings.xml: unexpected EOF")
	src := &failingRows{rows: [][]string{{"Report"}}, err: broken}
	tb := &table{file: "deals.xlsx", sheet: "Deals", rows: src}
	_, err := findHeader(tb, newBuffered(src, nil), historyMapper(Options{}), 3)
	if !errors.Is(err, broken) {
		t.Errorf("findHeader = %v, want the reader's error", err)
	}
}

// Two columns with the same header: the first used to win silently.
func TestDuplicateHeaderIsAnError(t *testing.T) {
	csv := "id;owner;stage;created;closed;amount;amount\n1;Anne;Won;2026-01-05;2026-03-01;1000;1200\n"
	_, err := LoadHistory(writeFile(t, "deals.csv", []byte(csv)), Options{})
	if !errors.Is(err, ErrDuplicateColumn) || !strings.Contains(err.Error(), "columns F and G") || !strings.Contains(err.Error(), `"amount"`) {
		t.Errorf("LoadHistory = %v, want a duplicate-column error naming F and G", err)
	}
	// alternatives of different standing are no duplicate: the better wins
	csv = "id;owner;stage;created;closed;amount;value\n1;Anne;Won;2026-01-05;2026-03-01;1000;1200\n"
	if _, err := LoadHistory(writeFile(t, "deals.csv", []byte(csv)), Options{}); err != nil {
		t.Errorf("amount and value: %v", err)
	}
}

// The duplicate ids listed (the first of each kind, beyond which a summary
// line counts) were picked in hash order, which changes with every
// process: the same file gave another Problems sheet on every run. They
// are listed in row order.
func TestDuplicateIDsListedInRowOrder(t *testing.T) {
	var b strings.Builder
	b.WriteString("id;owner;stage;created;closed;amount\n")
	for i := range 600 {
		fmt.Fprintf(&b, "ID-%d;Anne;Won;2026-01-05;2026-03-01;1000\n", i%300)
	}
	path := writeFile(t, "deals.csv", []byte(b.String()))
	var first []string
	for run := range 5 { // a fresh hash seed each load
		h, err := LoadHistory(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		last := 0
		for _, p := range h.Problems {
			if p.Kind == ProblemDuplicateID && p.Omitted == 0 {
				got = append(got, p.String())
				if p.Row < last {
					t.Fatalf("duplicate ids listed out of row order: row %d after %d", p.Row, last)
				}
				last = p.Row
			}
		}
		if run == 0 {
			first = got
			if len(got) == 0 || got[0] != fmt.Sprintf("deals.csv:%d:1 (id): id \"ID-0\" already used on line 2: both rows kept", 302) {
				t.Fatalf("first listed %q", got[:min(1, len(got))])
			}
		} else if !slices.Equal(got, first) {
			t.Fatalf("load %d lists other duplicates than load 0", run)
		}
	}
}
