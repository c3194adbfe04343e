package importer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/smartplan/smartplan/importer/internal/xlsxstream"
)

// textEncoding is how a CSV file's bytes are decoded.
type textEncoding int

const (
	encUTF8 textEncoding = iota
	encUTF8BOM
	encUTF16LE
	encUTF16BE
	encCP1252
)

func (e textEncoding) String() string {
	switch e {
	case encUTF8BOM:
		return "UTF-8 with BOM"
	case encUTF16LE:
		return "UTF-16LE"
	case encUTF16BE:
		return "UTF-16BE"
	case encCP1252:
		return "Windows-1252"
	}
	return "UTF-8"
}

// csvInfo is what the first pass over a CSV file learnt.
type csvInfo struct {
	check   *csvCheck
	enc     textEncoding
	crOnly  bool
	delim   rune
	size    int64
	estRows int
	// sanitize is set when the file is read as UTF-8 despite invalid or
	// NUL bytes (each reported), which are then replaced or dropped.
	sanitize bool
}

// csvCheck hashes the whole file and checks that it is valid UTF-8 in a
// goroutine, while the rows are parsed: the encoding is first decided from
// the file's first 64 KiB, and a file that turns out not to be UTF-8 further
// on is read again as Windows-1252 (errReencode).
type csvCheck struct {
	done chan struct{}
	sha  string
	scan encScan
	err  error
}

// reencodeError asks a loader to read the file again: the whole file says
// it is in enc (with sanitize: UTF-8 with damaged bytes, each reported),
// not in the encoding its start suggested.
type reencodeError struct {
	enc      textEncoding
	sanitize bool
}

func (e *reencodeError) Error() string { return "the file is not in the encoding its start suggests" }

func startCheck(f io.ReaderAt, size int64) *csvCheck {
	c := &csvCheck{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		h := sha256.New()
		scan, err := scanEncoding(io.TeeReader(io.NewSectionReader(f, 0, size), h))
		if err != nil {
			c.err = err
			return
		}
		if scan.invalid > 0 {
			if scan.multi, err = countMulti(io.NewSectionReader(f, 0, size)); err != nil {
				c.err = err
				return
			}
		}
		c.scan = scan
		c.sha = hex.EncodeToString(h.Sum(nil))
	}()
	return c
}

func (c *csvCheck) wait() (sha string, scan encScan, err error) {
	<-c.done
	return c.sha, c.scan, c.err
}

// completeRunes returns the length of b without an incomplete UTF-8
// sequence at its end.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

// decoded returns a reader of the file's text as UTF-8, without BOM, with
// bare CR line ends turned into LF when crOnly is set.
func decoded(f io.Reader, info csvInfo) io.Reader {
	var r io.Reader = bufio.NewReaderSize(f, 1<<16)
	switch info.enc {
	case encUTF8BOM:
		r = &skipReader{r: r, n: 3}
	}
	if info.sanitize {
		r = &sanitizer{r: r}
	}
	switch info.enc {
	case encUTF16LE:
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case encUTF16BE:
		r = transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	case encCP1252:
		if br, ok := r.(*bufio.Reader); ok {
			if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
				r = &skipReader{r: r, n: 3}
			}
		}
		r = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	if info.crOnly {
		r = &crReader{r: r}
	}
	return r
}

type skipReader struct {
	r io.Reader
	n int
}

func (s *skipReader) Read(p []byte) (int, error) {
	for s.n > 0 {
		var b [3]byte
		k, err := s.r.Read(b[:s.n])
		s.n -= k
		if err != nil {
			return 0, err
		}
	}
	return s.r.Read(p)
}

// crReader turns every CR into LF: the file had no LF at all (classic Mac
// line ends), which encoding/csv would read as one record.
type crReader struct{ r io.Reader }

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// openCSV opens a CSV (or TSV) file: encoding, line ends and delimiter are
// detected, then rows stream through csvReader (encoding/csv's parsing,
// without its copies). The hash and the UTF-8 check of the whole file run
// alongside (info.check).
func openCSV(f *budgetFile, size int64, path string, opt Options, kindHint aliasTable) (*table, csvInfo, error) {
	name := filepath.Base(path)
	info := csvInfo{size: size}
	head := make([]byte, 1<<16)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, info, fileErr(name, err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		info.enc = encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		info.enc = encUTF16BE
	case opt.forceEnc != encUTF8:
		info.enc = opt.forceEnc
	default:
		valid := head
		if int64(n) < size {
			valid = head[:completeRunes(head)]
		}
		// The start decides for now; the check that runs alongside scans
		// the whole file, and a file that turns out to be otherwise is
		// read once more with the encoding the whole file decides
		// (encScan.decide, reencodeError).
		bom := bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF})
		switch {
		case opt.forceSanitize && bom:
			info.enc = encUTF8BOM
		case opt.forceSanitize:
		case !utf8.Valid(valid):
			info.enc = encCP1252 // a BOM followed by invalid UTF-8 is still cp1252 text
		case bom:
			info.enc = encUTF8BOM
		}
	}
	info.sanitize = opt.forceSanitize
	info.check = startCheck(f, size)
	sample, err := io.ReadAll(io.LimitReader(decoded(io.NewSectionReader(f, 0, size), info), 1<<16))
	if err != nil {
		return nil, info, fileErrf(name, ErrBadEncoding, "%s: %v", info.enc, err)
	}
	if len(bytes.TrimSpace(sample)) == 0 {
		return nil, info, fileErr(name, ErrEmpty)
	}
	if bytes.IndexByte(sample, '\r') >= 0 && bytes.IndexByte(sample, '\n') < 0 {
		info.crOnly = true
		sample = bytes.ReplaceAll(sample, []byte{'\r'}, []byte{'\n'})
	}
	truncated := int64(len(sample)) >= 1<<16
	if opt.Delimiter != 0 {
		info.delim = opt.Delimiter
	} else if d, ok := sepLine(sample); ok {
		info.delim = d
	} else {
		d, err := detectDelimiter(sample, truncated, kindHint)
		if err != nil {
			return nil, info, fileErr(name, err)
		}
		info.delim = d
	}
	if lines := bytes.Count(sample, []byte{'\n'}); lines > 0 {
		perLine := float64(len(sample)) / float64(lines)
		if info.enc == encUTF16LE || info.enc == encUTF16BE {
			perLine *= 2
		}
		// a margin: growing a slice of a million deals would copy 64 MB
		info.estRows = int(float64(size)/perLine*1.15) + 16
	}
	cr := newCSVReader(decoded(io.NewSectionReader(f, 0, size), info), info.delim)
	cr.maxLine, cr.maxField = opt.maxLineBytes(), opt.maxFieldBytes()
	t := &table{file: name, path: path, rows: newCSVRows(cr), estRows: info.estRows}
	return t, info, nil
}

// csvRows adapts csvReader to rowReader. Records are parsed by a
// goroutine in batches, so that parsing overlaps with the loader's work on
// the previous batch (the machine has two cores; the loader costs about as
// much as the parse). A malformed record (a bare quote) is returned as an
// empty row with badErr set, so that the loader reports it and goes on.
type csvRows struct {
	r        *csvReader
	out      chan *csvBatch
	free     chan *csvBatch
	done     chan struct{}
	started  bool
	closed   bool
	cur      *csvBatch
	i        int
	rec      []string
	line     int
	lines    []int32
	err      error
	badErr   error
	finished bool
}

const csvBatchRows = 512

type csvBatch struct {
	fields []string
	recs   []csvRec
	extras []csvExtra // what the few unusual records need
	err    error      // a fatal error after the records
}

// csvRec is one record of a batch, kept small: a million of them go
// through the channel.
type csvRec struct {
	start, end int32 // the record's fields in batch.fields
	line       int32 // the line where the record starts
	extra      int32 // 1 + its index in batch.extras, or 0
}

// csvExtra is what a record spanning lines or a malformed one carries.
type csvExtra struct {
	lines []int32 // each field's line, when the record spans lines
	err   error   // a malformed record
}

func newCSVRows(r *csvReader) *csvRows {
	return &csvRows{r: r, out: make(chan *csvBatch, 2), free: make(chan *csvBatch, 4), done: make(chan struct{}), i: -1}
}

// produce parses records into batches until the end of the file, a fatal
// error or Close. The reader appends each record's fields to the batch
// directly, as substrings of its blocks: nothing is copied but the string
// headers.
func (c *csvRows) produce() {
	defer close(c.out)
	var aheadErr error
	aheadAt, haveAhead := 0, false // the next record is already in the batch, from aheadAt
	for {
		var b *csvBatch
		select {
		case b = <-c.free:
			b.fields, b.recs, b.extras, b.err = b.fields[:0], b.recs[:0], b.extras[:0], nil
		default:
			b = &csvBatch{fields: make([]string, 0, csvBatchRows*16), recs: make([]csvRec, 0, csvBatchRows)}
		}
		eof := false
		for len(b.recs) < csvBatchRows || haveAhead {
			n := len(b.fields)
			var err error
			if haveAhead {
				n, err, haveAhead = aheadAt, aheadErr, false
			} else {
				b.fields, err = c.r.appendRecord(b.fields)
			}
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				b.fields = b.fields[:n]
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					b.err, eof = err, true
					break
				}
				if errors.Is(pe.Err, ErrFieldTooLong) {
					// the rest of the file is inside the field: no record
					// after it can be told
					b.err = fmt.Errorf("%w: the quoted field opened on line %d, column %d, is still open on line %d, past %s (max_field_bytes): is a quote never closed?",
						ErrBadCSV, pe.StartLine, pe.Column, pe.Line, xlsxstream.SizeText(int64(c.r.maxField)))
					eof = true
					break
				}
				if errors.Is(pe.Err, csv.ErrQuote) {
					// a quote error followed by the end of the file is a quote
					// never closed, which swallowed the rest of the file
					aheadAt = len(b.fields)
					b.fields, aheadErr = c.r.appendRecord(b.fields)
					if aheadErr == io.EOF {
						b.err = fmt.Errorf("%w: a quote opened in the record on line %d is never closed", ErrBadCSV, pe.StartLine)
						eof = true
						break
					}
					haveAhead = true
				}
				b.extras = append(b.extras, csvExtra{err: pe})
				b.recs = append(b.recs, csvRec{start: int32(n), end: int32(n), line: int32(pe.StartLine), extra: int32(len(b.extras))})
				continue
			}
			cr := csvRec{start: int32(n), end: int32(len(b.fields)), line: int32(c.r.recLine)}
			if c.r.spansLines() {
				lines := make([]int32, len(b.fields)-n)
				for i := range lines {
					l, _ := c.r.FieldPos(i)
					lines[i] = int32(l)
				}
				b.extras = append(b.extras, csvExtra{lines: lines})
				cr.extra = int32(len(b.extras))
			}
			b.recs = append(b.recs, cr)
		}
		select {
		case c.out <- b:
		case <-c.done:
			return
		}
		if eof {
			return
		}
	}
}

func (c *csvRows) Next() bool {
	if c.finished {
		return false
	}
	c.badErr = nil
	for c.cur == nil || c.i+1 >= len(c.cur.recs) {
		if c.cur != nil {
			if c.cur.err != nil {
				c.err = c.cur.err
				c.finished = true
				return false
			}
			select {
			case c.free <- c.cur:
			default:
			}
			c.cur = nil
		}
		if !c.started {
			c.started = true
			go c.produce()
		}
		b, ok := <-c.out
		if !ok {
			c.finished = true
			return false
		}
		c.cur, c.i = b, -1
	}
	c.i++
	r := &c.cur.recs[c.i]
	c.rec = c.cur.fields[r.start:r.end]
	c.line = int(r.line)
	if r.extra != 0 {
		x := &c.cur.extras[r.extra-1]
		c.lines, c.badErr = x.lines, x.err
	} else {
		c.lines = nil
	}
	return true
}

func (c *csvRows) Row() []string { return c.rec }
func (c *csvRows) Line() int     { return c.line }
func (c *csvRows) CellLine(col int) int {
	if c.lines != nil && col >= 0 && col < len(c.lines) {
		return int(c.lines[col])
	}
	return c.line
}
func (c *csvRows) Kind(int) cellKind { return kindUnknown }
func (c *csvRows) Err() error        { return c.err }

// Close stops the parsing goroutine.
func (c *csvRows) Close() error {
	if !c.closed {
		c.closed = true
		close(c.done)
	}
	return nil
}

// rowError returns the parse error of a malformed record, if any.
func rowError(r rowReader) error {
	if c, ok := r.(*csvRows); ok {
		return c.badErr
	}
	if b, ok := r.(*bufferedRows); ok {
		return b.rowErr()
	}
	return nil
}

// sepLine reads Excel's "sep=;" first line, which names the delimiter.
func sepLine(sample []byte) (rune, bool) {
	line, _, _ := bytes.Cut(sample, []byte{'\n'})
	line = bytes.TrimRight(line, "\r")
	if len(line) == 5 && bytes.EqualFold(line[:4], []byte("sep=")) {
		switch d := rune(line[4]); d {
		case ',', ';', '\t', '|':
			return d, true
		}
	}
	return 0, false
}

type delimCand struct {
	d            rune
	width, freq  int
	headerFields int
}

// detectDelimiter chooses among , ; tab | the one that splits the first
// rows into a consistent number of fields.
func detectDelimiter(sample []byte, truncated bool, hint aliasTable) (rune, error) {
	var valid []delimCand
	for _, d := range []rune{',', ';', '\t', '|'} {
		if !bytes.ContainsRune(sample, d) {
			continue
		}
		r := csv.NewReader(bytes.NewReader(sample))
		r.Comma = d
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		var counts []int
		var recs [][]string
		for len(counts) < 60 {
			rec, err := r.Read()
			if err != nil {
				break
			}
			counts = append(counts, len(rec))
			recs = append(recs, rec)
		}
		if truncated && len(counts) > 1 {
			counts, recs = counts[:len(counts)-1], recs[:len(recs)-1]
		}
		freq := map[int]int{}
		width, best := 0, 0
		for _, n := range counts {
			if n < 2 {
				continue
			}
			freq[n]++
			if freq[n] > best || (freq[n] == best && n > width) {
				width, best = n, freq[n]
			}
		}
		nonTrivial := 0
		for _, n := range counts {
			if n >= 2 {
				nonTrivial++
			}
		}
		if width < 2 || (len(counts) > 1 && best < 2) || float64(best) < 0.6*float64(nonTrivial) {
			continue
		}
		c := delimCand{d: d, width: width, freq: best}
		if hint != nil {
			for _, rec := range recs {
				if len(rec) != width {
					continue
				}
				for _, h := range rec {
					if _, ok := hint[normKey(h)]; ok {
						c.headerFields++
					}
				}
				break
			}
		}
		valid = append(valid, c)
	}
	switch len(valid) {
	case 0:
		return ',', nil
	case 1:
		return valid[0].d, nil
	}
	best := valid[0]
	tie := false
	for _, c := range valid[1:] {
		switch {
		case c.headerFields > best.headerFields, c.headerFields == best.headerFields && c.freq > best.freq:
			best, tie = c, false
		case c.headerFields == best.headerFields && c.freq == best.freq:
			tie = true
		}
	}
	if tie {
		return 0, fmt.Errorf("%w: %s all split the rows consistently; set it with --delimiter (or delimiter in the config)", ErrAmbiguousDelimiter, delimNames(valid))
	}
	return best.d, nil
}

func delimNames(cs []delimCand) string {
	var b bytes.Buffer
	for i, c := range cs {
		if i > 0 {
			b.WriteString(" and ")
		}
		b.WriteString(delimName(c.d))
	}
	return b.String()
}

func delimName(d rune) string {
	switch d {
	case '\t':
		return "tab"
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", d)
}
