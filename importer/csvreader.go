package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/smartplan/smartplan/importer/internal/xlsxstream"
)

// csvBlockSize is how much decoded text csvReader converts to a string at
// a time. A field kept by the loader (a problem's value) keeps its whole
// block alive, so blocks are not made larger than the speed needs.
const csvBlockSize = 256 << 10

// Default bounds of one CSV line and one quoted field (Options.MaxLineBytes,
// MaxFieldBytes): a line past its bound is skipped without being held,
// and refused as a row; a quoted field past its bound (a quote never
// closed swallows the rest of the file into one field) stops the file.
const (
	DefaultMaxLineBytes  = 8 << 20
	DefaultMaxFieldBytes = 1 << 20
)

// ErrLineTooLong and ErrFieldTooLong are the errors of a line or a quoted
// field past its bound, inside a *csv.ParseError that locates it.
var (
	ErrLineTooLong  = errors.New("the line is longer than the limit")
	ErrFieldTooLong = errors.New("a quoted field is longer than the limit")
)

// errCSVDelim is encoding/csv's error for a delimiter it refuses (the
// package does not export it): same text, so the messages do not change.
var errCSVDelim = errors.New("csv: invalid field or comment delimiter")

// csvReader reads CSV records exactly as encoding/csv's Reader does when
// set up as openCSV sets it (Comma the detected delimiter, FieldsPerRecord
// -1, ReuseRecord, no Comment, LazyQuotes and TrimLeadingSpace off): the
// same records, the same FieldPos and the same *csv.ParseError values,
// which FuzzCSVReaderMatchesEncodingCSV checks against encoding/csv.
//
// It is zero-copy, which is why it exists: encoding/csv copies every
// record into a buffer and allocates one string per record. csvReader reads
// the decoded text in blocks, converts each block once into a string (one
// allocation per block) and hands out fields as substrings of it. Strings
// are immutable and a block's string is never reused, so the loader may
// keep any field as long as it likes. Only a quoted field holding `""` or
// a line break is built into a new string. The block buffer only ever
// holds complete lines: the partial line at the end of a read is carried
// over into the next block, and the buffer grows for a line longer than
// a block.
//
// Lines with no quote are split on the delimiter directly; a line with a
// quote goes through a port of encoding/csv's readRecord.
type csvReader struct {
	src       io.Reader
	blockSize int // the read size; tests make it tiny to cross block ends often

	sep     string // the delimiter's UTF-8 bytes
	sepByte byte   // sep[0] when sep is one byte
	err     error  // a refused delimiter: every Read fails with it

	buf     []byte // bytes read but not yet in a block: a partial line
	eof     bool   // src is exhausted (or failed: readErr)
	readErr error  // src's error, other than io.EOF
	noProg  int    // consecutive empty reads

	block     string // complete lines, the last without its newline at EOF
	off       int    // next unread byte of block
	lineStart int    // offset in block of the line readLine last returned
	quote     int    // offset in block of a '"' with none between off and it; len(block) if none left, -1 unknown

	numLine int // lines read, as encoding/csv's numLine

	maxLine, maxField int  // bounds; 0 for none
	long              bool // a line past maxLine was skipped: readLine reports it next

	// the last record
	rec     []string
	recLine int
	simple  bool       // quote-free: on one line, FieldPos derives from the lengths
	pos     []position // each field's position when not simple
	acc     []byte     // a quoted field being unescaped
	last    []string   // Read's reused record
}

// position is a field's 1-based line and byte column, as encoding/csv's.
type position struct{ line, col int }

// newCSVReader returns a reader of src's records split on comma.
func newCSVReader(src io.Reader, comma rune) *csvReader {
	r := &csvReader{src: src, blockSize: csvBlockSize, quote: -1}
	if comma == 0 || comma == '"' || comma == '\r' || comma == '\n' || !utf8.ValidRune(comma) || comma == utf8.RuneError {
		r.err = errCSVDelim
	}
	r.sep = string(comma)
	r.sepByte = r.sep[0]
	return r
}

// Read returns the next record like encoding/csv's Read with ReuseRecord:
// the slice is reused by the next call, the strings in it are not.
func (r *csvReader) Read() ([]string, error) {
	var err error
	r.last, err = r.appendRecord(r.last[:0])
	return r.last, err
}

// FieldPos returns the line and byte column (1-based) where field i of the
// last record starts, as encoding/csv's FieldPos. It panics when i is out
// of range.
func (r *csvReader) FieldPos(i int) (line, column int) {
	if r.simple {
		if i < 0 || i >= len(r.rec) {
			panic("out of range index passed to FieldPos")
		}
		col := 1
		for _, f := range r.rec[:i] {
			col += len(f) + len(r.sep)
		}
		return r.recLine, col
	}
	p := r.pos[i]
	return p.line, p.col
}

// spansLines reports whether the last record's fields start on more than
// one line (a quoted field held a line break).
func (r *csvReader) spansLines() bool {
	return !r.simple && len(r.pos) > 1 && r.pos[len(r.pos)-1].line != r.pos[0].line
}

// fill converts the next block of src into r.block. It returns false when
// nothing is left.
func (r *csvReader) fill() bool {
	for {
		if r.eof {
			if len(r.buf) == 0 {
				return false
			}
			r.setBlock(len(r.buf)) // the last line, without a newline
			return true
		}
		if room := cap(r.buf) - len(r.buf); room < max(1, r.blockSize/2) || cap(r.buf) < r.blockSize {
			// a new buffer: the old one is too small for its partial line
			nb := make([]byte, len(r.buf), max(r.blockSize, 2*len(r.buf)+r.blockSize/2+1))
			copy(nb, r.buf)
			r.buf = nb
		}
		from := len(r.buf)
		for len(r.buf) < cap(r.buf) && !r.eof {
			r.read()
		}
		if i := bytes.LastIndexByte(r.buf[from:], '\n'); i >= 0 {
			r.setBlock(from + i + 1)
			return true
		}
		if r.maxLine > 0 && len(r.buf) > r.maxLine {
			r.skipLine()
		}
	}
}

// skipLine drops the partial line in r.buf, longer than maxLine, and the
// rest of it up to its newline, reading through a buffer of bounded size;
// what follows the newline stays in r.buf. readLine then reports the line.
func (r *csvReader) skipLine() {
	r.long = true
	for {
		if i := bytes.IndexByte(r.buf, '\n'); i >= 0 {
			r.buf = r.buf[:copy(r.buf, r.buf[i+1:])]
			return
		}
		r.buf = r.buf[:0]
		if r.eof {
			return
		}
		r.read()
	}
}

// read reads once from the source into the free room of r.buf, and
// records the end of the source or its error.
func (r *csvReader) read() {
	n, err := r.src.Read(r.buf[len(r.buf):cap(r.buf)])
	r.buf = r.buf[:len(r.buf)+n]
	switch {
	case err == io.EOF:
		r.eof = true
	case err != nil:
		r.eof, r.readErr = true, err
	case n == 0:
		// as bufio.Reader does with a source that never progresses
		if r.noProg++; r.noProg >= 100 {
			r.eof, r.readErr = true, io.ErrNoProgress
		}
	default:
		r.noProg = 0
	}
}

// setBlock makes r.buf[:n] the block and keeps the rest in r.buf.
func (r *csvReader) setBlock(n int) {
	r.block = string(r.buf[:n])
	r.off, r.quote = 0, -1
	k := copy(r.buf, r.buf[n:])
	r.buf = r.buf[:k]
}

// readLine returns the next line without its line end, as encoding/csv's
// readLine does once "\r\n" is turned into "\n" and the "\n" is cut: nl
// says whether the line ended with a newline. A "\r" before the end of
// the file is dropped, and numLine counts even the empty read at the end.
func (r *csvReader) readLine() (line string, nl bool, err error) {
	filled := r.off < len(r.block) || r.fill()
	if r.long {
		// a line past maxLine, skipped: reported where it stood, before
		// the lines that followed it
		r.long = false
		r.numLine++
		return "", true, &csv.ParseError{StartLine: r.numLine, Line: r.numLine, Column: 1,
			Err: fmt.Errorf("%w (%s, max_line_bytes): skipped unread", ErrLineTooLong, xlsxstream.SizeText(int64(r.maxLine)))}
	}
	if !filled {
		r.numLine++
		if r.readErr != nil {
			return "", false, r.readErr
		}
		return "", false, io.EOF
	}
	r.numLine++
	rest := r.block[r.off:]
	r.lineStart = r.off
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		r.off += i + 1
		line = rest[:i]
		if i > 0 && line[i-1] == '\r' {
			line = line[:i-1]
		}
		return line, true, nil
	}
	// the end of the file (or of what src gave before failing)
	r.off = len(r.block)
	if r.readErr != nil {
		return rest, false, r.readErr
	}
	if n := len(rest); n > 0 && rest[n-1] == '\r' {
		rest = rest[:n-1]
	}
	return rest, false, nil
}

// quoteFree reports whether the line readLine last returned has no '"'.
func (r *csvReader) quoteFree(line string) bool {
	if r.quote < r.lineStart {
		if q := strings.IndexByte(r.block[r.lineStart:], '"'); q >= 0 {
			r.quote = r.lineStart + q
		} else {
			r.quote = len(r.block)
		}
	}
	return r.quote >= r.lineStart+len(line)
}

// appendPlain is appendRecord's fast path for the common line: in the
// block, ended by a newline, not blank, with no quote, and a one-byte
// delimiter. It reports false, having consumed nothing, for any other
// line, which the general path reads.
func (r *csvReader) appendPlain(dst []string) ([]string, bool) {
	b, from := r.block, r.off
	if from >= len(b) {
		return dst, false
	}
	if r.quote < from {
		if q := strings.IndexByte(b[from:], '"'); q >= 0 {
			r.quote = from + q
		} else {
			r.quote = len(b)
		}
	}
	nl := strings.IndexByte(b[from:], '\n')
	if nl < 0 || from+nl > r.quote {
		return dst, false // the last line, or a line with a quote
	}
	line := b[from : from+nl]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return dst, false // a blank line
	}
	start, sep := len(dst), r.sepByte
	field := 0
	for i := 0; i < len(line); i++ {
		if line[i] == sep {
			dst = append(dst, line[field:i])
			field = i + 1
		}
	}
	dst = append(dst, line[field:])
	r.off = from + nl + 1
	r.numLine++
	r.recLine = r.numLine
	r.simple, r.rec = true, dst[start:]
	return dst, true
}

// quoted returns a quoted field that ends with tail: tail itself, a
// substring of the block, when nothing was copied into r.acc.
func (r *csvReader) quoted(tail string, copied bool) string {
	if !copied {
		return tail
	}
	r.acc = append(r.acc, tail...)
	return string(r.acc)
}

// index returns the index of the delimiter in s, or -1.
func (r *csvReader) index(s string) int {
	if len(r.sep) == 1 {
		return strings.IndexByte(s, r.sepByte)
	}
	return strings.Index(s, r.sep)
}

// isTooLong reports whether err is a bound's refusal.
func isTooLong(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe) && (errors.Is(pe.Err, ErrLineTooLong) || errors.Is(pe.Err, ErrFieldTooLong))
}

// appendRecord appends the next record's fields to dst and returns it,
// with encoding/csv's error for that record (io.EOF at the end; with a
// *csv.ParseError, dst holds the fields read before it).
//
// The quoted-field logic is a port of readRecord in Go's encoding/csv
// (reader.go), Copyright 2011 The Go Authors, used under the BSD-style
// licence found in Go's LICENSE file.
func (r *csvReader) appendRecord(dst []string) ([]string, error) {
	if r.err != nil {
		return dst, r.err
	}
	start := len(dst)
	if len(r.sep) == 1 {
		if out, ok := r.appendPlain(dst); ok {
			return out, nil
		}
	}
	var line string
	var nl bool
	var errRead error
	for errRead == nil {
		line, nl, errRead = r.readLine()
		if errRead == nil && len(line) == 0 {
			continue // blank lines are skipped
		}
		break
	}
	if errRead == io.EOF {
		return dst, errRead
	}
	r.recLine = r.numLine
	if isTooLong(errRead) {
		r.simple, r.pos, r.rec = false, r.pos[:0], dst[start:]
		return dst, errRead
	}
	if errRead == nil && r.quoteFree(line) {
		for {
			i := r.index(line)
			if i < 0 {
				dst = append(dst, line)
				break
			}
			dst = append(dst, line[:i])
			line = line[i+len(r.sep):]
		}
		r.simple, r.rec = true, dst[start:]
		return dst, nil
	}

	r.simple = false
	r.pos = r.pos[:0]
	var err error
	sepLen := len(r.sep)
	pos := position{line: r.numLine, col: 1}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// a field with no quotes
			i := r.index(line)
			field := line
			if i >= 0 {
				field = line[:i]
			}
			if j := strings.IndexByte(field, '"'); j >= 0 {
				err = &csv.ParseError{StartLine: r.recLine, Line: r.numLine, Column: pos.col + j, Err: csv.ErrBareQuote}
				break parseField
			}
			dst = append(dst, field)
			r.pos = append(r.pos, pos)
			if i >= 0 {
				line = line[i+sepLen:]
				pos.col += i + sepLen
				continue parseField
			}
			break parseField
		}
		// a quoted field: a substring of the block unless it holds `""`
		// or a line break, which need a copy
		fieldPos := pos
		line = line[1:]
		pos.col++
		r.acc = r.acc[:0]
		copied := false
		for {
			i := strings.IndexByte(line, '"')
			switch {
			case i >= 0:
				seg := line[:i]
				line = line[i+1:]
				pos.col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					// `""`: a quote
					r.acc = append(r.acc, seg...)
					r.acc = append(r.acc, '"')
					copied = true
					line = line[1:]
					pos.col++
				case strings.HasPrefix(line, r.sep):
					// `",`: the end of the field
					dst = append(dst, r.quoted(seg, copied))
					r.pos = append(r.pos, fieldPos)
					line = line[sepLen:]
					pos.col += sepLen
					continue parseField
				case len(line) == 0:
					// `"` then the end of the line
					dst = append(dst, r.quoted(seg, copied))
					r.pos = append(r.pos, fieldPos)
					break parseField
				default:
					// `"x`: a quote neither doubled nor closing
					err = &csv.ParseError{StartLine: r.recLine, Line: r.numLine, Column: pos.col - 1, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0 || nl:
				// the field goes on to the next line
				r.acc = append(r.acc, line...)
				if nl {
					r.acc = append(r.acc, '\n')
				}
				copied = true
				if errRead != nil {
					break parseField
				}
				pos.col += len(line)
				if nl {
					pos.col++
				}
				if r.maxField > 0 && len(r.acc) > r.maxField {
					err = &csv.ParseError{StartLine: r.recLine, Line: pos.line, Column: fieldPos.col,
						Err: fmt.Errorf("%w (%s, max_field_bytes)", ErrFieldTooLong, xlsxstream.SizeText(int64(r.maxField)))}
					break parseField
				}
				line, nl, errRead = r.readLine()
				if isTooLong(errRead) {
					err = errRead
					break parseField
				}
				if len(line) > 0 || nl {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				// the end of the file inside quotes
				if errRead == nil {
					err = &csv.ParseError{StartLine: r.recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
					break parseField
				}
				dst = append(dst, r.quoted("", copied))
				r.pos = append(r.pos, fieldPos)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	r.rec = dst[start:]
	return dst, err
}
