package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// csvDelims are the delimiters openCSV detects.
var csvDelims = []rune{',', ';', '\t', '|'}

// stdCSV returns encoding/csv's reader set up as openCSV used to set it:
// the reference csvReader must match.
func stdCSV(data []byte, comma rune) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.LazyQuotes = false
	return r
}

// sameCSVError reports whether two Read errors are the same: both nil,
// both io.EOF, or ParseErrors with the same lines, column and cause.
func sameCSVError(a, b error) bool {
	var pa, pb *csv.ParseError
	if errors.As(a, &pa) || errors.As(b, &pb) {
		return errors.As(a, &pa) && errors.As(b, &pb) && *pa == *pb
	}
	if a == nil || b == nil {
		return a == b
	}
	return a == b || a.Error() == b.Error()
}

// diffCSV reads data with encoding/csv and with a csvReader of the given
// block size, and fails at the first record, field position or error that
// differs. It goes on after parse errors, as csvRows does, and keeps every
// field the csvReader gave, to check at the end that none has changed
// since (the blocks are never reused).
func diffCSV(t *testing.T, data []byte, comma rune, block int) {
	t.Helper()
	want := stdCSV(data, comma)
	got := newCSVReader(bytes.NewReader(data), comma)
	got.blockSize = block
	var kept, keptWant [][]string
	for n := 0; ; n++ {
		wrec, werr := want.Read()
		grec, gerr := got.Read()
		if !sameCSVError(werr, gerr) {
			t.Fatalf("delim %q, block %d, record %d: error %v, encoding/csv has %v", comma, block, n, gerr, werr)
		}
		if werr == io.EOF {
			break
		}
		if !slices.Equal(grec, wrec) {
			t.Fatalf("delim %q, block %d, record %d: %q, encoding/csv has %q", comma, block, n, grec, wrec)
		}
		for i := range wrec {
			wl, wc := want.FieldPos(i)
			gl, gc := got.FieldPos(i)
			if gl != wl || gc != wc {
				t.Fatalf("delim %q, block %d, record %d %q: field %d at %d:%d, encoding/csv says %d:%d", comma, block, n, wrec, i, gl, gc, wl, wc)
			}
		}
		if werr == nil {
			if gs, ws := got.spansLines(), spans(want, len(wrec)); gs != ws {
				t.Fatalf("delim %q, block %d, record %d %q: spansLines %v, want %v", comma, block, n, wrec, gs, ws)
			}
		}
		kept = append(kept, slices.Clone(grec))
		keptWant = append(keptWant, slices.Clone(wrec))
		var pe *csv.ParseError
		if werr != nil && !errors.As(werr, &pe) {
			break
		}
		if n > len(data)+1 {
			t.Fatalf("delim %q, block %d: more records than bytes", comma, block)
		}
	}
	if !reflect.DeepEqual(kept, keptWant) {
		t.Fatalf("delim %q, block %d: a field changed after it was read", comma, block)
	}
}

// spans reports whether encoding/csv's last record starts fields on more
// than one line.
func spans(r *csv.Reader, n int) bool {
	if n < 2 {
		return false
	}
	first, _ := r.FieldPos(0)
	last, _ := r.FieldPos(n - 1)
	return first != last
}

// FuzzCSVReaderMatchesEncodingCSV checks csvReader against encoding/csv on
// any input, with each delimiter, with a tiny block size (so that records
// cross blocks, and lines outgrow them) and with the real one:
//
//	go test -run '^$' -fuzz FuzzCSVReaderMatchesEncodingCSV -fuzztime 5m ./importer/
func FuzzCSVReaderMatchesEncodingCSV(f *testing.F) {
	for _, s := range csvTrickyInputs {
		for d := range csvDelims {
			f.Add([]byte(s), uint8(d), uint8(15))
		}
	}
	paths, _ := filepath.Glob(filepath.Join("..", "samples", "*.csv"))
	for _, p := range paths {
		// a slice of each: the fuzzer minimises every new input it finds,
		// which takes minutes when they are 250 KB long
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), 2048)], uint8(0), uint8(7))
			f.Add(b[len(b)/2:min(len(b), len(b)/2+2048)], uint8(1), uint8(200))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, delim, block uint8) {
		comma := csvDelims[int(delim)%len(csvDelims)]
		diffCSV(t, data, comma, 1+int(block))
		diffCSV(t, data, comma, csvBlockSize)
		diffCSVRows(t, data, comma, 1+int(block))
	})
}

// csvTrickyInputs seed the fuzz test and are checked against encoding/csv
// with every delimiter and many block sizes.
var csvTrickyInputs = []string{
	"",
	"\n",
	"\r\n",
	"\r",
	"\n\n\r\n\n",
	"a",
	"a\r",
	"a\r\r",
	"a\r\r\n",
	"a\rb\n",
	"a,b\r\nc,d\r\n",
	"a,b\nc,d",
	"a;b|c\td,e\n",
	",\n,,\n",
	"a,\n,b\n",
	"\"\"\n",
	"\"\"",
	"\"a\"\"b\",c\n",
	"\"a\nb\",c\nd,e\n",
	"\"a\r\nb\",c\r\nd,e\r\n",
	"\"a\r\n\r\n\r\nb\"\r\n",
	"\"a\n\n\",b,\"c\n\nd\"\n",
	"\"a\rb\",\"c\r\"\n",
	"a\"b,c\n",
	"a,b\"\n",
	"\"a\"b,c\n",
	"\"a\" ,b\n",
	"\"a\",b\nc,\"d\"x\ne,f\n",
	"\"unclosed\nx,y\n",
	"\"unclosed",
	"\"unclosed\n",
	"\"unclosed\r",
	"a,\"b\nc\nd",
	"x\n\"a\"\"\n",
	"\"a\"\r",
	"\"a\"\r\r\n",
	"\"a\"\n\"b\"",
	"é,ü;ö|\xff\t\x00\n",
	"\ufeffid,name\n1,x\n",
	"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z\n1,2\n",
	"\"a,b\";\"c;d\"|\"e|f\"\t\"g\th\"\n",
	"  \"a\",b\n",
	"a\n \n\t\nb\n",
	"a,b\n\"x\"y,z\nc,d\n\"e\nf\"g\nh\n",
	"\"a\"b\n\"c\"d\n\"open\n",
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	inputs := append([]string(nil), csvTrickyInputs...)
	if b, err := os.ReadFile(filepath.Join("..", "samples", "history_fr.csv")); err == nil {
		inputs = append(inputs, string(b))
	}
	for i, s := range inputs {
		for _, d := range csvDelims {
			for _, block := range []int{1, 2, 3, 5, 16, 64, csvBlockSize} {
				diffCSV(t, []byte(s), d, block)
			}
			diffCSVRows(t, []byte(s), d, 5)
			diffCSVRows(t, []byte(s), d, csvBlockSize)
		}
		if t.Failed() {
			t.Fatalf("input %d: %q", i, s)
		}
	}
}

func TestCSVReader(t *testing.T) {
	type pos struct{ line, col int }
	tests := []struct {
		name  string
		in    string
		comma rune
		block int
		want  [][]string
		pos   [][]pos // each field's FieldPos, when checked
		err   *csv.ParseError
	}{
		{name: "utf-8 without BOM, LF", in: "id,nom\n1,Clément\n2,€ 5\n",
			want: [][]string{{"id", "nom"}, {"1", "Clément"}, {"2", "€ 5"}},
			pos:  [][]pos{{{1, 1}, {1, 4}}, {{2, 1}, {2, 3}}, {{3, 1}, {3, 3}}}},
		{name: "CRLF", in: "a;b\r\nc;d\r\n", comma: ';',
			want: [][]string{{"a", "b"}, {"c", "d"}}},
		{name: "CR inside a line is kept", in: "a\rb,c\r\r\n", want: [][]string{{"a\rb", "c\r"}}},
		{name: "quoted line breaks", in: "id,note,amount\n1,\"two\r\nlines\",5\n2,\"x\ny\nz\",\"6\"\n",
			want: [][]string{{"id", "note", "amount"}, {"1", "two\nlines", "5"}, {"2", "x\ny\nz", "6"}},
			pos:  [][]pos{{{1, 1}, {1, 4}, {1, 9}}, {{2, 1}, {2, 3}, {3, 8}}, {{4, 1}, {4, 3}, {6, 4}}}},
		{name: "doubled quotes", in: "\"say \"\"hi\"\"\",\"\"\"\",\"\"\n",
			want: [][]string{{"say \"hi\"", "\"", ""}}},
		{name: "empty lines", in: "\n\na,b\n\r\n\n\nc,d\n\n",
			want: [][]string{{"a", "b"}, {"c", "d"}},
			pos:  [][]pos{{{3, 1}, {3, 3}}, {{7, 1}, {7, 3}}}},
		{name: "a line of spaces is a record", in: "a\n \n", want: [][]string{{"a"}, {" "}}},
		{name: "last line without newline", in: "a|b\nc|d", comma: '|',
			want: [][]string{{"a", "b"}, {"c", "d"}}},
		{name: "last line ends with CR", in: "a\tb\nc\td\r", comma: '\t',
			want: [][]string{{"a", "b"}, {"c", "d"}}},
		{name: "record larger than the block", block: 8,
			in:   "short\n" + strings.Repeat("x", 40) + ",\"" + strings.Repeat("y", 30) + "\"\nend\n",
			want: [][]string{{"short"}, {strings.Repeat("x", 40), strings.Repeat("y", 30)}, {"end"}},
			pos:  [][]pos{{{1, 1}}, {{2, 1}, {2, 42}}, {{3, 1}}}},
		{name: "bare quote", in: "a,b\nc,d\"e,f\n", want: [][]string{{"a", "b"}},
			err: &csv.ParseError{StartLine: 2, Line: 2, Column: 4, Err: csv.ErrBareQuote}},
		{name: "text after a closing quote", in: "\"a\nb\"c,d\n", want: nil,
			err: &csv.ParseError{StartLine: 1, Line: 2, Column: 2, Err: csv.ErrQuote}},
		{name: "unterminated quote at the end", in: "a,b\n1,\"open\n2,x\n", want: [][]string{{"a", "b"}},
			err: &csv.ParseError{StartLine: 2, Line: 3, Column: 5, Err: csv.ErrQuote}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comma := tt.comma
			if comma == 0 {
				comma = ','
			}
			block := tt.block
			if block == 0 {
				block = csvBlockSize
			}
			r := newCSVReader(strings.NewReader(tt.in), comma)
			r.blockSize = block
			var got [][]string
			var gotPos [][]pos
			var err error
			for {
				var rec []string
				rec, err = r.Read()
				if err != nil {
					break
				}
				got = append(got, slices.Clone(rec))
				var ps []pos
				for i := range rec {
					l, c := r.FieldPos(i)
					ps = append(ps, pos{l, c})
				}
				gotPos = append(gotPos, ps)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records %q, want %q", got, tt.want)
			}
			if tt.pos != nil && !reflect.DeepEqual(gotPos, tt.pos) {
				t.Errorf("positions %v, want %v", gotPos, tt.pos)
			}
			if tt.err == nil {
				if err != io.EOF {
					t.Errorf("error %v, want io.EOF", err)
				}
			} else if pe, ok := err.(*csv.ParseError); !ok || *pe != *tt.err {
				t.Errorf("error %#v, want %#v", err, tt.err)
			}
			for _, b := range []int{1, 7, block} {
				diffCSV(t, []byte(tt.in), comma, b)
			}
		})
	}
}

// TestCSVReaderBadDelimiter: a delimiter encoding/csv refuses fails every
// Read with its message.
func TestCSVReaderBadDelimiter(t *testing.T) {
	for _, d := range []rune{0, '"', '\r', '\n', 0xFFFD, -1} {
		_, err := newCSVReader(strings.NewReader("a\n"), d).Read()
		_, want := stdCSV([]byte("a\n"), d).Read()
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("delimiter %q: error %v, encoding/csv has %v", d, err, want)
		}
	}
}

// TestCSVReaderMultiByteDelimiter: a delimiter set with --delimiter may be
// any rune.
func TestCSVReaderMultiByteDelimiter(t *testing.T) {
	for _, s := range []string{"a€b€€c\n\"x€\"€y\n", "€\n\"a\"€\"b\"\n\"é\"é\n"} {
		for _, block := range []int{1, 4, csvBlockSize} {
			diffCSV(t, []byte(s), '€', block)
			diffCSV(t, []byte(s), 'é', block)
		}
	}
}

// errAfter is a source that fails after giving its data.
type errAfter struct {
	r   io.Reader
	err error
}

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, e.err
	}
	return n, err
}

// TestCSVReaderSourceError: a read error ends the records with that error,
// after the complete lines before it.
func TestCSVReaderSourceError(t *testing.T) {
	boom := errors.New("boom")
	r := newCSVReader(&errAfter{r: strings.NewReader("a,b\nc,d\ne,f"), err: boom}, ',')
	r.blockSize = 4
	var got [][]string
	var err error
	for {
		var rec []string
		if rec, err = r.Read(); err != nil {
			break
		}
		got = append(got, slices.Clone(rec))
	}
	if want := [][]string{{"a", "b"}, {"c", "d"}}; !reflect.DeepEqual(got, want) || !errors.Is(err, boom) {
		t.Errorf("got %q, %v; want %q, boom", got, err, want)
	}
}

// stallAfter gives r's bytes, then reads of nothing forever.
type stallAfter struct{ r io.Reader }

func (s *stallAfter) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err == io.EOF {
		return 0, nil
	}
	return n, err
}

// TestCSVReaderStalledSource: a source that stops progressing ends the
// read with io.ErrNoProgress, also in the middle of a line past the
// limit, which is skipped by its own loop.
func TestCSVReaderStalledSource(t *testing.T) {
	for _, in := range []string{"a,b\nc", "a,b\n" + strings.Repeat("z", 100)} {
		r := newCSVReader(&stallAfter{strings.NewReader(in)}, ',')
		r.blockSize, r.maxLine = 16, 32
		done := make(chan error, 1)
		go func() {
			for {
				// a line past the limit is reported, and reading goes on
				if _, err := r.Read(); err != nil && !isTooLong(err) {
					done <- err
					return
				}
			}
		}()
		select {
		case err := <-done:
			if !errors.Is(err, io.ErrNoProgress) {
				t.Errorf("%.10q…: error %v, want io.ErrNoProgress", in, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%.10q…: the reader never returned on a stalled source", in)
		}
	}
}

// csvRow is what csvRows gives for one row.
type csvRow struct {
	cells []string
	line  int
	lines []int
	bad   error
}

// refCSVRows is what csvRows gave when it read with encoding/csv: rows (a
// malformed record as an empty row with its error) and the final error.
func refCSVRows(data []byte, comma rune) ([]csvRow, error) {
	r := stdCSV(data, comma)
	var rows []csvRow
	var ahead []string
	var aheadErr error
	haveAhead := false
	for {
		var rec []string
		var err error
		if haveAhead {
			rec, err, haveAhead = ahead, aheadErr, false
		} else {
			rec, err = r.Read()
		}
		if err == io.EOF {
			return rows, nil
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return rows, err
		}
		if pe != nil {
			if errors.Is(pe.Err, csv.ErrQuote) {
				next, err2 := r.Read()
				if err2 == io.EOF {
					return rows, fmt.Errorf("%w: a quote opened in the record on line %d is never closed", ErrBadCSV, pe.StartLine)
				}
				ahead, aheadErr, haveAhead = slices.Clone(next), err2, true
			}
			rows = append(rows, csvRow{cells: []string{}, line: pe.StartLine, bad: pe})
			continue
		}
		row := csvRow{cells: slices.Clone(rec)}
		for i := range rec {
			l, _ := r.FieldPos(i)
			row.lines = append(row.lines, l)
		}
		row.line = row.lines[0]
		rows = append(rows, row)
	}
}

// diffCSVRows checks csvRows over a csvReader of the given block size
// against refCSVRows.
func diffCSVRows(t *testing.T, data []byte, comma rune, block int) {
	t.Helper()
	want, wantErr := refCSVRows(data, comma)
	cr := newCSVReader(bytes.NewReader(data), comma)
	cr.blockSize = block
	rows := newCSVRows(cr)
	defer rows.Close()
	var got []csvRow
	for rows.Next() {
		row := csvRow{cells: slices.Clone(rows.Row()), line: rows.Line(), bad: rowError(rows)}
		for i := range row.cells {
			row.lines = append(row.lines, rows.CellLine(i))
		}
		if row.bad != nil && !reflect.DeepEqual(row.bad, wantErrAt(want, len(got))) {
			t.Fatalf("delim %q, block %d, row %d: error %v, want %v", comma, block, len(got), row.bad, wantErrAt(want, len(got)))
		}
		got = append(got, row)
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		g, w := got[i], want[i]
		if !slices.Equal(g.cells, w.cells) || g.line != w.line || !slices.Equal(g.lines, w.lines) || (g.bad == nil) != (w.bad == nil) {
			t.Fatalf("delim %q, block %d, row %d: %+v, encoding/csv gives %+v", comma, block, i, g, w)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("delim %q, block %d: %d rows, encoding/csv gives %d", comma, block, len(got), len(want))
	}
	if e, w := rows.Err(), wantErr; (e == nil) != (w == nil) || (e != nil && e.Error() != w.Error()) {
		t.Fatalf("delim %q, block %d: error %v, encoding/csv gives %v", comma, block, e, w)
	}
}

func wantErrAt(rows []csvRow, i int) error {
	if i < len(rows) {
		return rows[i].bad
	}
	return nil
}

// longSource yields head, then n bytes of fill, then tail, generated as
// they are read: a line of hundreds of MiB costs the test no memory.
type longSource struct {
	head, tail string
	fill       byte
	n          int
	off        int
}

func (s *longSource) Read(p []byte) (int, error) {
	total := len(s.head) + s.n + len(s.tail)
	if s.off >= total {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && s.off < total {
		switch {
		case s.off < len(s.head):
			p[k] = s.head[s.off]
		case s.off < len(s.head)+s.n:
			p[k] = s.fill
		default:
			p[k] = s.tail[s.off-len(s.head)-s.n]
		}
		k++
		s.off++
	}
	return k, nil
}

// TestCSVReaderBounds: a line past maxLine is skipped without being held
// and refused where it stands, the records around it read as usual; a
// quoted field past maxField (a quote never closed) is refused where it
// opened. The reader's buffer stays within a bound whatever the line.
func TestCSVReaderBounds(t *testing.T) {
	const maxLine, maxField = 1 << 20, 64 << 10
	tests := []struct {
		name string
		src  *longSource
		want []string // records as "a|b", or "error L: text" for an error
	}{
		{"long line", &longSource{head: "id;x\n1;a\n2;", fill: 'z', n: 64 << 20, tail: "\n3;c\n"},
			[]string{"id|x", "1|a", "error 3: the line is longer than the limit (1 MiB, max_line_bytes): skipped unread", "3|c"}},
		{"long last line", &longSource{head: "id;x\n1;a\n", fill: 'z', n: 3 << 20},
			[]string{"id|x", "1|a", "error 3: the line is longer than the limit (1 MiB, max_line_bytes): skipped unread"}},
		{"long line after a CR LF", &longSource{head: "id;x\r\n", fill: ';', n: 2 << 20, tail: "\r\n4;d\r\n"},
			[]string{"id|x", "error 2: the line is longer than the limit (1 MiB, max_line_bytes): skipped unread", "4|d"}},
		{"quote never closed", &longSource{head: "id;x\n1;\"open\n", fill: '\n', n: 1 << 20, tail: "2;b\n"},
			[]string{"id|x", "error 2: a quoted field is longer than the limit (65536 bytes, max_field_bytes)"}},
		{"just under the bounds", &longSource{head: "id;x\n1;\"", fill: 'q', n: maxLine - 20, tail: "\"\n2;b\n"},
			[]string{"id|x", "1|<long>", "2|b"}},
	}
	for _, tt := range tests {
		for _, bs := range []int{7, 4096, csvBlockSize} {
			t.Run(fmt.Sprintf("%s/block=%d", tt.name, bs), func(t *testing.T) {
				src := *tt.src
				r := newCSVReader(&src, ';')
				r.blockSize, r.maxLine, r.maxField = bs, maxLine, maxField
				var got []string
				maxCap := 0
				for {
					rec, err := r.Read()
					maxCap = max(maxCap, cap(r.buf))
					if err == io.EOF {
						break
					}
					if err != nil {
						var pe *csv.ParseError
						if !errors.As(err, &pe) || !isTooLong(err) {
							t.Fatalf("error %v", err)
						}
						got = append(got, fmt.Sprintf("error %d: %v", pe.StartLine, pe.Err))
						if errors.Is(err, ErrFieldTooLong) {
							break
						}
						continue
					}
					for i, f := range rec {
						if len(f) > 100 {
							rec[i] = "<long>"
						}
					}
					got = append(got, strings.Join(rec, "|"))
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
				if limit := 2*maxLine + 2*bs + 2; maxCap > limit {
					t.Errorf("the buffer grew to %d bytes, past %d", maxCap, limit)
				}
			})
		}
	}
}
