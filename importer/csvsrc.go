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
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
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
	sha     string
	enc     textEncoding
	crOnly  bool
	delim   rune
	size    int64
	estRows int
}

// inspectCSV hashes the file, checks whether it is valid UTF-8 and detects
// BOMs, in one pass; the file is rewound.
func inspectCSV(f *os.File, size int64) (csvInfo, error) {
	info := csvInfo{size: size}
	h := sha256.New()
	br := bufio.NewReaderSize(f, 1<<16)
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		info.enc = encUTF8BOM
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		info.enc = encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		info.enc = encUTF16BE
	}
	valid := true
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			if valid && info.enc <= encUTF8BOM {
				chunk := buf[:n]
				if len(carry) > 0 {
					chunk = append(carry, chunk...)
					carry = nil
				}
				// keep an incomplete trailing sequence for the next chunk
				cut := len(chunk)
				for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
					if utf8.RuneStart(chunk[i]) {
						if !utf8.FullRune(chunk[i:]) {
							cut = i
						}
						break
					}
				}
				if !utf8.Valid(chunk[:cut]) {
					valid = false
				}
				carry = append(carry[:0:0], chunk[cut:]...)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return info, err
		}
	}
	if valid && len(carry) > 0 && !utf8.Valid(carry) {
		valid = false
	}
	if !valid {
		info.enc = encCP1252 // a BOM followed by invalid UTF-8 is still cp1252 text
	}
	info.sha = hex.EncodeToString(h.Sum(nil))
	_, err := f.Seek(0, io.SeekStart)
	return info, err
}

// decoded returns a reader of the file's text as UTF-8, without BOM, with
// bare CR line ends turned into LF when crOnly is set.
func decoded(f io.Reader, info csvInfo) io.Reader {
	var r io.Reader = bufio.NewReaderSize(f, 1<<16)
	switch info.enc {
	case encUTF8BOM:
		r = &skipReader{r: r, n: 3}
	case encUTF16LE:
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case encUTF16BE:
		r = transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
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
// detected, then rows stream through encoding/csv.
func openCSV(f *os.File, size int64, path string, opt Options, kindHint aliasTable) (*table, csvInfo, error) {
	name := filepath.Base(path)
	info, err := inspectCSV(f, size)
	if err != nil {
		return nil, info, fileErr(name, err)
	}
	sample, err := io.ReadAll(io.LimitReader(decoded(f, info), 1<<16))
	if err != nil {
		return nil, info, fileErrf(name, ErrBadEncoding, "%s: %v", info.enc, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, info, fileErr(name, err)
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
		info.estRows = int(float64(size)/perLine*1.02) + 16
	}
	cr := csv.NewReader(decoded(f, info))
	cr.Comma = info.delim
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = false
	t := &table{file: name, path: path, rows: &csvRows{r: cr}, estRows: info.estRows}
	return t, info, nil
}

// csvRows adapts encoding/csv to rowReader. A malformed record (a bare
// quote) is returned as a row with badErr set so that the loader can report
// it and go on.
type csvRows struct {
	r      *csv.Reader
	rec    []string
	line   int
	err    error
	badErr error
	done   bool
	// the record read ahead after a malformed one, to tell a bad quote in
	// one record from a quote never closed until the end of the file
	pending bool
	pRec    []string
	pErr    error
	pLine   int
}

func (c *csvRows) Next() bool {
	if c.done {
		return false
	}
	c.badErr = nil
	var rec []string
	var err error
	if c.pending {
		c.pending = false
		rec, err, c.line = c.pRec, c.pErr, c.pLine
	} else {
		rec, err = c.r.Read()
		if err == nil {
			c.line, _ = c.r.FieldPos(0)
		}
	}
	if err == io.EOF {
		c.done = true
		return false
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			c.err = err
			c.done = true
			return false
		}
		next, err2 := c.r.Read()
		if err2 == io.EOF && errors.Is(pe.Err, csv.ErrQuote) {
			c.err = fmt.Errorf("%w: a quote opened in the record on line %d is never closed", ErrBadCSV, pe.StartLine)
			c.done = true
			return false
		}
		c.pending = true
		c.pRec = append(c.pRec[:0], next...)
		c.pErr = err2
		if err2 == nil {
			c.pLine, _ = c.r.FieldPos(0)
		}
		c.rec = c.rec[:0]
		c.line = pe.StartLine
		c.badErr = pe
		return true
	}
	c.rec = rec
	return true
}

func (c *csvRows) Row() []string { return c.rec }
func (c *csvRows) Line() int     { return c.line }
func (c *csvRows) CellLine(col int) int {
	if c.badErr != nil || col < 0 || col >= len(c.rec) {
		return c.line
	}
	l, _ := c.r.FieldPos(col)
	return l
}
func (c *csvRows) Kind(int) cellKind { return kindUnknown }
func (c *csvRows) Err() error        { return c.err }
func (c *csvRows) Close() error      { return nil }

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
