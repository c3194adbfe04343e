package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/smartplan/smartplan/planner"
)

// encScan is what a pass over a whole file learnt about its bytes, before
// any row is read: the encoding is decided once, for the whole file.
type encScan struct {
	invalid    int // invalid UTF-8 sequences
	multi      int // valid multi-byte UTF-8 sequences
	nul        int // NUL bytes
	evenNUL    int // NULs at even offsets (UTF-16 BE), the rest odd (LE)
	bad        []badBytes
	bom        bool // starts with the UTF-8 byte order mark
	size       int64
	firstLines int
}

// badBytes is an invalid UTF-8 sequence and where it is.
type badBytes struct {
	line, col int // 1-based; col counts bytes from the line start
	bytes     []byte
	nul       bool
}

// maxBadListed bounds the invalid sequences kept with their place; the
// count goes on.
const maxBadListed = 50

// scanEncoding reads r to its end and counts invalid and valid multi-byte
// UTF-8 sequences and NUL bytes, with the place of the first ones.
func scanEncoding(r io.Reader) (encScan, error) {
	var s encScan
	buf := make([]byte, 1<<20)
	var carry []byte
	line, lineStart := 1, int64(0)
	var off int64 // offset of chunk[0] in the file
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if len(carry) > 0 {
				chunk = append(carry, chunk...)
				off -= int64(len(carry))
			}
			cut := len(chunk)
			if err == nil {
				cut = completeRunes(chunk)
			}
			s.scanChunk(chunk[:cut], off, &line, &lineStart)
			carry = append(carry[:0:0], chunk[cut:]...)
			off += int64(len(chunk))
			s.size += int64(n)
		}
		if err == io.EOF {
			if len(carry) > 0 {
				s.scanChunk(carry, off-int64(len(carry)), &line, &lineStart)
			}
			return s, nil
		}
		if err != nil {
			return s, err
		}
	}
}

func (s *encScan) scanChunk(b []byte, off int64, line *int, lineStart *int64) {
	if off == 0 && bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		s.bom = true
	}
	// the fast path: a chunk of ASCII and valid UTF-8 with no NUL only
	// needs its lines counted and its multi-byte runes noticed
	if bytes.IndexByte(b, 0) < 0 && utf8.Valid(b) {
		// valid multi-byte characters are counted only where they
		// matter, in a file with invalid bytes (countMulti)
		if n := bytes.Count(b, []byte{'\n'}); n > 0 {
			*line += n
			*lineStart = off + int64(bytes.LastIndexByte(b, '\n')) + 1
		}
		return
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\n':
			*line++
			*lineStart = off + int64(i) + 1
			i++
		case c == 0:
			s.nul++
			if (off+int64(i))%2 == 0 {
				s.evenNUL++
			}
			s.note(*line, int(off+int64(i)-*lineStart)+1, b[i:i+1], true)
			i++
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				s.invalid++
				s.note(*line, int(off+int64(i)-*lineStart)+1, b[i:i+1], false)
				i++
				continue
			}
			s.multi++
			i += size
		}
	}
}

func (s *encScan) note(line, col int, b []byte, nul bool) {
	if len(s.bad) < maxBadListed {
		s.bad = append(s.bad, badBytes{line: line, col: col, bytes: append([]byte(nil), b...), nul: nul})
	}
}

// countMulti counts the valid multi-byte UTF-8 characters of r, for
// encScan.decide in a file that has invalid bytes.
func countMulti(r io.Reader) (int, error) {
	n := 0
	buf := make([]byte, 1<<20)
	var carry []byte
	for {
		k, err := r.Read(buf)
		chunk := append(carry, buf[:k]...)
		cut := len(chunk)
		if err == nil {
			cut = completeRunes(chunk)
		}
		for i := 0; i < cut; {
			if chunk[i] < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRune(chunk[i:cut])
			if r != utf8.RuneError || size > 1 {
				n++
			}
			i += max(1, size)
		}
		carry = append(carry[:0:0], chunk[cut:]...)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// decide returns the encoding of a file whose start reads as UTF-8: UTF-8
// when every byte is, or when the file's valid multi-byte characters
// outnumber its invalid bytes (a UTF-8 export with a few damaged bytes,
// each reported); UTF-16 when NULs sit every other byte (no BOM);
// Windows-1252 when no multi-byte character is valid UTF-8 and the file
// has bytes above 127 (a French export from Excel).
func (s encScan) decide(start textEncoding) textEncoding {
	switch {
	case s.nul > 0 && int64(s.nul)*3 >= s.size && (s.evenNUL*10 >= s.nul*9 || s.evenNUL*10 <= s.nul):
		// in UTF-16 text of Latin letters every other byte is a NUL, at
		// even offsets for big-endian, odd ones for little-endian
		if s.evenNUL*2 > s.nul {
			return encUTF16BE
		}
		return encUTF16LE
	case s.multi == 0 || s.invalid > s.multi:
		if s.invalid == 0 {
			return start
		}
		return encCP1252
	case s.bom:
		return encUTF8BOM
	}
	return encUTF8
}

// problems are the located problems of a file read as UTF-8 despite
// invalid bytes, and of NUL bytes in a text file.
func (s encScan) problems(file string) []planner.Problem {
	var out []planner.Problem
	for _, b := range s.bad {
		p := planner.Problem{Position: planner.Position{File: file, Row: b.line, Col: b.col},
			Severity: planner.SeverityWarning, Kind: ProblemInvalidUTF8, Value: fmt.Sprintf("0x%X", b.bytes),
			Expected: "UTF-8 text"}
		if b.nul {
			p.Kind, p.Severity, p.Value, p.Expected = ProblemNULByte, planner.SeverityError, "0x00", "text without NUL bytes"
			p.Message = "a NUL byte (0x00) in a text file: the row holding it is read without it; check the export"
		} else {
			p.Message = fmt.Sprintf("byte 0x%X is not UTF-8 text, in a file that is UTF-8 elsewhere: read as U+FFFD (�); "+
				"fix the value in the source or export the file again as UTF-8", b.bytes)
		}
		out = append(out, p)
	}
	if n := s.invalid + s.nul - len(s.bad); n > 0 {
		out = append(out, planner.Problem{Position: planner.Position{File: file}, Kind: ProblemInvalidUTF8,
			Severity: planner.SeverityWarning, Omitted: n,
			Message: fmt.Sprintf("%d more bytes that are not UTF-8 text not listed", n)})
	}
	return out
}

// sanitizer replaces invalid UTF-8 sequences with U+FFFD and drops NUL
// bytes, streaming, for a file decided to be UTF-8 with damaged bytes.
type sanitizer struct {
	r     io.Reader
	carry []byte
	out   []byte
	eof   bool
}

func (z *sanitizer) Read(p []byte) (int, error) {
	for len(z.out) == 0 {
		if z.eof {
			return 0, io.EOF
		}
		buf := make([]byte, 64<<10)
		n, err := z.r.Read(buf)
		chunk := append(z.carry, buf[:n]...)
		cut := len(chunk)
		if err == nil {
			cut = completeRunes(chunk)
		} else if err != io.EOF {
			return 0, err
		} else {
			z.eof = true
		}
		z.carry = append(z.carry[:0:0], chunk[cut:]...)
		s := strings.ToValidUTF8(string(chunk[:cut]), "\uFFFD")
		z.out = []byte(strings.ReplaceAll(s, "\x00", ""))
	}
	n := copy(p, z.out)
	z.out = z.out[n:]
	return n, nil
}
