package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// token kinds
const (
	tokStart = iota + 1
	tokEnd
	tokText // character data (only decoded when capture is set)
)

// tokenizer is a hand-written, allocation-free XML tokenizer over a
// stream. It checks nesting (matching end tags, a depth limit), decodes
// entities, character references and CDATA in captured text, and normalises
// line ends as encoding/xml does. It counts the bytes it has consumed since
// the caller last reported progress, and fails past the idle budget.
type tokenizer struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	rerr     error
	maxTok   int
	maxText  int   // bytes of one captured text, 0 for no limit (errLongText)
	consumed int64 // bytes shifted out of buf
	mark     int64 // consumed+pos at the last progress
	idle     int64
	maxDepth int

	kind  int
	name  []byte // qualified name of the current tag
	local []byte
	attrs []byte
	self  bool

	pending int    // bytes of the last text chunk kept for the next
	stack   []byte // qualified names, each followed by 0
	starts  []int
}

var errIdle = errors.New("idle budget exceeded")

// errLongText stops a captured text past maxText, before it can hold more:
// every way a text grows (addText, CDATA) checks it, so that readers need
// no check of their own.
var errLongText = errors.New("text longer than the limit")

// tokBuf is the tokenizer's first buffer size; it grows for a longer token
// (a variable, for the test of chunk boundaries).
var tokBuf = 256 << 10

func newTokenizer(r io.Reader, maxTok int, idle int64, maxDepth int) *tokenizer {
	return &tokenizer{r: r, buf: make([]byte, tokBuf), maxTok: maxTok, idle: idle, maxDepth: maxDepth}
}

func (t *tokenizer) progress() { t.mark = t.consumed + int64(t.pos) }

func (t *tokenizer) offset() int64 { return t.consumed + int64(t.pos) }

// fill reads more bytes, keeping buf[t.pos:]; it returns false at the end.
func (t *tokenizer) fill() bool {
	if t.eof {
		return false
	}
	if t.offset()-t.mark > t.idle {
		t.rerr = errIdle
		t.eof = true
		return false
	}
	if t.pos > 0 {
		n := copy(t.buf, t.buf[t.pos:t.end])
		t.consumed += int64(t.pos)
		t.pos, t.end = 0, n
	}
	if t.end == len(t.buf) {
		if len(t.buf) >= t.maxTok {
			t.rerr = fmt.Errorf("a token longer than %d bytes", t.maxTok)
			t.eof = true
			return false
		}
		nb := make([]byte, min(2*len(t.buf), t.maxTok))
		copy(nb, t.buf[:t.end])
		t.buf = nb
	}
	for {
		n, err := t.r.Read(t.buf[t.end:])
		t.end += n
		if err != nil {
			t.eof = true
			if err != io.EOF {
				t.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// next reads the next tag. Character data before it is passed to text
// (decoded) when capture is set, otherwise skipped. It returns false at the
// end of the input or on error (t.rerr).
func (t *tokenizer) next(capture bool, text *[]byte) bool {
	for {
		// character data up to '<'
		i := bytes.IndexByte(t.buf[t.pos:t.end], '<')
		if i < 0 {
			if capture {
				if !t.addText(text, t.buf[t.pos:t.end], true) {
					return false
				}
				// keep a partial '&' entity or '\r' for the next round
				t.pos = t.end - t.pending
			} else {
				t.pos = t.end
			}
			if !t.fill() {
				if t.rerr == nil && t.depth() > 0 {
					t.rerr = io.ErrUnexpectedEOF
				}
				return false
			}
			continue
		}
		if capture && i > 0 {
			if !t.addText(text, t.buf[t.pos:t.pos+i], false) {
				return false
			}
		}
		t.pos += i
		// a whole tag: find its end
		for {
			ok, n := t.scanTag(capture, text)
			if n < 0 {
				return false
			}
			if ok {
				if n == 0 {
					break // comment, PI, CDATA: go on
				}
				return true
			}
			if !t.fill() {
				if t.rerr == nil {
					t.rerr = io.ErrUnexpectedEOF
				}
				return false
			}
		}
	}
}

func (t *tokenizer) depth() int { return len(t.starts) }

// scanTag parses the markup at buf[pos] ('<'). It returns ok=false when more
// bytes are needed; n=1 for a tag, n=0 for skipped markup, n=-1 on error.
func (t *tokenizer) scanTag(capture bool, text *[]byte) (ok bool, n int) {
	b := t.buf[t.pos:t.end]
	if len(b) < 2 {
		return false, 0
	}
	switch b[1] {
	case '?':
		j := bytes.Index(b, []byte("?>"))
		if j < 0 {
			return false, 0
		}
		t.pos += j + 2
		return true, 0
	case '!':
		if bytes.HasPrefix(b, []byte("<!--")) {
			j := bytes.Index(b[4:], []byte("-->"))
			if j < 0 {
				return false, 0
			}
			t.pos += 4 + j + 3
			return true, 0
		}
		if bytes.HasPrefix(b, []byte("<![CDATA[")) {
			j := bytes.Index(b[9:], []byte("]]>"))
			if j < 0 {
				return false, 0
			}
			if capture {
				*text = appendNorm(*text, b[9:9+j])
				if t.maxText > 0 && len(*text) > t.maxText {
					t.rerr = errLongText
					return false, -1
				}
			}
			t.pos += 9 + j + 3
			return true, 0
		}
		if len(b) < 9 {
			return false, 0
		}
		// a directive (DOCTYPE): skip to its '>' outside brackets
		depth := 0
		for j := 2; j < len(b); j++ {
			c := b[j]
			switch {
			case c == '[':
				depth++
			case c == ']':
				depth--
			case c == '>' && depth <= 0:
				t.pos += j + 1
				return true, 0
			}
		}
		return false, 0
	}
	// a start or end tag: '>' outside quotes
	q := byte(0)
	j := 1
	for ; j < len(b); j++ {
		c := b[j]
		if q != 0 {
			if c == q {
				q = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			q = c
		} else if c == '>' {
			break
		} else if c == '<' {
			t.rerr = errors.New("'<' inside a tag")
			return false, -1
		}
	}
	if j >= len(b) {
		return false, 0
	}
	tag := b[1:j]
	t.pos += j + 1
	if tag[0] == '/' {
		name := trimSpaceRight(tag[1:])
		if len(t.starts) == 0 {
			t.rerr = fmt.Errorf("unexpected end tag </%s>", name)
			return false, -1
		}
		s := t.starts[len(t.starts)-1]
		top := t.stack[s : len(t.stack)-1]
		if !bytes.Equal(top, name) {
			t.rerr = fmt.Errorf("element <%s> closed by </%s>", top, name)
			return false, -1
		}
		t.kind, t.name, t.attrs, t.self = tokEnd, top, nil, false
		t.local = localName(top)
		t.stack = t.stack[:s]
		t.starts = t.starts[:len(t.starts)-1]
		return true, 1
	}
	self := tag[len(tag)-1] == '/'
	if self {
		tag = tag[:len(tag)-1]
	}
	k := 0
	for k < len(tag) && !isSpace(tag[k]) {
		k++
	}
	if k == 0 {
		t.rerr = errors.New("a tag without a name")
		return false, -1
	}
	t.kind, t.name, t.attrs, t.self = tokStart, tag[:k], tag[k:], self
	t.local = localName(t.name)
	if !self {
		if len(t.starts) >= t.maxDepth {
			t.rerr = fmt.Errorf("elements nested deeper than %d", t.maxDepth)
			return false, -1
		}
		t.starts = append(t.starts, len(t.stack))
		t.stack = append(append(t.stack, t.name...), 0)
	}
	return true, 1
}

// fastText consumes open, a text, then close, when they follow in the
// buffer and the text is plain: no markup, entity or CR to decode. It is
// the common shape of a cell after its start tag, <v>12</v></c>, read
// here in one step instead of four tags. The <c> start tag's element is
// popped as its end tag would pop it. On any other shape it returns false
// and leaves the tokenizer as it was, for the general path; so it does
// for a text longer than max, which the general path refuses.
func (t *tokenizer) fastText(open, close string, max int) ([]byte, bool) {
	b := t.buf[t.pos:t.end]
	if len(b) < len(open)+len(close) || string(b[:len(open)]) != open {
		return nil, false
	}
	v := b[len(open):]
	i := bytes.IndexByte(v, '<')
	if i < 0 || len(v)-i < len(close) || string(v[i:i+len(close)]) != close {
		return nil, false
	}
	v = v[:i]
	if len(v) > max || bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
		return nil, false
	}
	t.pos += len(open) + i + len(close)
	t.popFast()
	return v, true
}

// fastEmpty consumes lit, the rest of the current element up to its end
// tag with no text in it (<t/></si>), when it follows in the buffer.
func (t *tokenizer) fastEmpty(lit string) bool {
	b := t.buf[t.pos:t.end]
	if len(b) < len(lit) || string(b[:len(lit)]) != lit {
		return false
	}
	t.pos += len(lit)
	t.popFast()
	return true
}

// popFast closes the current element after a fast step.
func (t *tokenizer) popFast() {
	s := t.starts[len(t.starts)-1]
	t.stack = t.stack[:s]
	t.starts = t.starts[:len(t.starts)-1]
	t.kind, t.self = tokEnd, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// attr returns the raw value of the attribute whose local name is name.
func (t *tokenizer) attr(name string) (found []byte, ok bool) {
	t.eachAttr(func(n, v []byte) {
		if string(n) == name {
			found, ok = v, true // the last one wins, as in encoding/xml's users
		}
	})
	return found, ok
}

// cellAttrs returns the r, t and s attributes of a <c> in one pass over
// its attributes; a nil value is an absent attribute.
func (t *tokenizer) cellAttrs() (r, typ, s []byte) {
	t.eachAttr(func(n, v []byte) {
		if len(n) != 1 {
			return
		}
		if v == nil {
			v = []byte{}
		}
		switch n[0] {
		case 'r':
			r = v
		case 't':
			typ = v
		case 's':
			s = v
		}
	})
	return r, typ, s
}

// eachAttr calls fn with the local name and raw value of each attribute,
// in order, up to the first malformed one.
func (t *tokenizer) eachAttr(fn func(name, value []byte)) {
	a := t.attrs
	for len(a) > 0 {
		i := 0
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		a = a[i:]
		if len(a) == 0 {
			break
		}
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			break
		}
		n := trimSpaceRight(a[:eq])
		a = a[eq+1:]
		i = 0
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		a = a[i:]
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			break
		}
		e := bytes.IndexByte(a[1:], a[0])
		if e < 0 {
			break
		}
		v := a[1 : 1+e]
		a = a[e+2:]
		fn(localName(n), v)
	}
}

// trimSpaceRight drops the XML white space that ends b.
func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// addText decodes character data into text. When partial is set, the chunk
// may end in the middle of an entity or a CR LF: those bytes are left in
// t.pending for the next chunk.
func (t *tokenizer) addText(text *[]byte, b []byte, partial bool) bool {
	t.pending = 0
	if partial {
		if k := bytes.LastIndexByte(b, '&'); k >= 0 && bytes.IndexByte(b[k:], ';') < 0 && len(b)-k < 12 {
			t.pending = len(b) - k
			b = b[:k]
		} else if len(b) > 0 && b[len(b)-1] == '\r' {
			t.pending = 1
			b = b[:len(b)-1]
		}
	}
	out, err := decodeText(*text, b)
	if err != nil {
		t.rerr = err
		return false
	}
	*text = out
	if t.maxText > 0 && len(out) > t.maxText {
		t.rerr = errLongText
		return false
	}
	return true
}

// appendNorm appends b with CR LF and CR turned into LF.
func appendNorm(dst, b []byte) []byte {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
	return dst
}

// decodeText appends character data b, entities and references decoded.
func decodeText(dst, b []byte) ([]byte, error) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			return appendNorm(dst, b), nil
		}
		dst = appendNorm(dst, b[:i])
		b = b[i:]
		e := bytes.IndexByte(b, ';')
		if e < 0 || e > 12 {
			return dst, errors.New("invalid character entity")
		}
		ent := b[1:e]
		b = b[e+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return dst, fmt.Errorf("invalid character entity &%s;", ent)
			}
			var r rune
			digits := ent[1:]
			base := rune(10)
			if digits[0] == 'x' {
				base, digits = 16, digits[1:]
			}
			if len(digits) == 0 {
				return dst, fmt.Errorf("invalid character entity &%s;", ent)
			}
			for _, c := range digits {
				var d rune
				switch {
				case c >= '0' && c <= '9':
					d = rune(c - '0')
				case base == 16 && c|0x20 >= 'a' && c|0x20 <= 'f':
					d = rune(c|0x20-'a') + 10
				default:
					return dst, fmt.Errorf("invalid character entity &%s;", ent)
				}
				r = r*base + d
				if r > utf8.MaxRune {
					return dst, fmt.Errorf("invalid character entity &%s;", ent)
				}
			}
			if !isInCharacterRange(r) {
				return dst, fmt.Errorf("invalid character entity &%s;", ent)
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst, nil
}

func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// skip consumes the rest of the current element (after its start tag).
func (t *tokenizer) skip() bool {
	if t.self {
		return true
	}
	d := t.depth()
	for t.next(false, nil) {
		if t.kind == tokEnd && t.depth() < d {
			return true
		}
	}
	return false
}
