// Package xlsxstream reads the cells of XLSX worksheets as a stream: an
// archive/zip inflate and a hand-written tokenizer, with the shared strings
// held once in one byte arena. It returns raw cell values, as excelize's
// Rows iterator does with RawCellValue, and each cell's type, style
// date-ness and formula state.
//
// It is bounded on every input: a part may not inflate past its declared
// size, a stretch of bytes that yields no row or cell is refused as a
// decompression bomb past Limits.Idle, and the shared strings, one cell,
// one row, the columns of a row and the nesting depth are capped. It writes
// no temporary file. It does not read formulas, formats or anything else
// that smartplan does not use, and it does not write workbooks.
package xlsxstream

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"
)

// Limits bound what one workbook may cost.
type Limits struct {
	SharedStrings     int   // entries of the shared-strings table
	SharedStringBytes int   // bytes of text of the shared-strings table
	Cell              int   // bytes of one cell's value
	Row               int   // bytes of one row's values
	Columns           int   // columns per row
	Depth             int   // element nesting
	Idle              int64 // inflated bytes without a row, cell or string
	Styles            int   // cell formats in styles.xml
}

// DefaultLimits fit a 2-core, 2 GB machine.
var DefaultLimits = Limits{
	SharedStrings:     8 << 20,
	SharedStringBytes: 128 << 20,
	Cell:              1 << 20,
	Row:               32 << 20,
	Columns:           16384,
	Depth:             64,
	Idle:              32 << 20,
	Styles:            1 << 20,
}

// MaxRows is the last row of a worksheet.
const MaxRows = 1048576

// ErrBomb marks a part refused as a decompression bomb.
var ErrBomb = errors.New("refused as a decompression bomb")

// ErrLimit marks a part refused for exceeding one of the Limits.
var ErrLimit = errors.New("exceeds a reader limit")

// ErrDamaged marks damaged XML or zip data.
var ErrDamaged = errors.New("damaged")

// An Error reports a failure in one part of a workbook.
type Error struct {
	Part string // "worksheet Deals", "shared strings"
	Msg  string
	Err  error // ErrBomb, ErrLimit or ErrDamaged
}

func (e *Error) Error() string {
	if e.Err == ErrBomb {
		return e.Part + " " + e.Msg + ": " + ErrBomb.Error()
	}
	return e.Part + ": " + e.Msg
}

// Unwrap returns ErrBomb, ErrLimit or ErrDamaged.
func (e *Error) Unwrap() error { return e.Err }

// IsDateFormat tells whether number format id (with its custom code, when
// the workbook defines one) shows dates. The importer passes its own rule.
type IsDateFormat func(id int, code string, custom bool) bool

// Book is an opened workbook: its zip directory, shared strings and styles.
type Book struct {
	lim   Limits
	files map[string]*zip.File
	arena []byte
	offs  []uint32 // string i is arena[offs[i]:offs[i+1]]
	dates []bool   // cell format index -> shows a date
}

// Open reads the shared strings (at sstPart, "" for none) and the styles
// (at stylesPart) of a workbook.
func Open(zr *zip.Reader, sstPart, stylesPart string, isDate IsDateFormat, lim Limits) (*Book, error) {
	b := &Book{lim: lim, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		b.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if zf := b.file(sstPart); zf != nil {
		if err := b.readShared(zf); err != nil {
			return nil, err
		}
	}
	if zf := b.file(stylesPart); zf != nil {
		if err := b.readStyles(zf, isDate); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (b *Book) file(name string) *zip.File {
	if name == "" {
		return nil
	}
	if f, ok := b.files[name]; ok {
		return f
	}
	for n, f := range b.files {
		if strings.EqualFold(n, name) {
			return f
		}
	}
	return nil
}

// Strings returns the number of shared strings.
func (b *Book) Strings() int {
	if len(b.offs) == 0 {
		return 0
	}
	return len(b.offs) - 1
}

// String returns shared string i; it shares the arena's memory.
func (b *Book) String(i int) string {
	s, e := b.offs[i], b.offs[i+1]
	if s == e {
		return ""
	}
	return unsafe.String(&b.arena[s], int(e-s))
}

// IsDate reports whether cell format s shows dates.
func (b *Book) IsDate(s int) bool { return s > 0 && s < len(b.dates) && b.dates[s] }

// boundedReader fails with a clear message when a part inflates past its
// declared size (archive/zip would say only "not a valid zip file").
type boundedReader struct {
	r     io.Reader
	n, of int64
	part  string
}

func (r *boundedReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	if r.n > r.of || (err != nil && err != io.EOF && r.n >= r.of) {
		return n, &Error{Part: r.part, Msg: fmt.Sprintf("inflates past its declared %d bytes", r.of), Err: ErrBomb}
	}
	if err != nil && err != io.EOF {
		return n, &Error{Part: r.part, Msg: err.Error(), Err: ErrDamaged}
	}
	return n, err
}

func open(zf *zip.File, part string) (io.ReadCloser, io.Reader, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, nil, &Error{Part: part, Msg: err.Error(), Err: ErrDamaged}
	}
	br := &boundedReader{r: rc, of: int64(zf.UncompressedSize64), part: part}
	if zf.UncompressedSize64 >= asyncMin {
		a := newAsyncReader(br, rc.Close)
		return a, a, nil
	}
	return rc, br, nil
}

func (b *Book) fail(t *tokenizer, part string) error {
	switch err := t.rerr; {
	case err == errIdle:
		return &Error{Part: part, Msg: fmt.Sprintf("expands past %s without a cell", SizeText(b.lim.Idle)), Err: ErrBomb}
	case err == nil:
		return nil
	default:
		var e *Error
		if errors.As(err, &e) {
			return err
		}
		return &Error{Part: part, Msg: fmt.Sprintf("damaged XML at byte %d: %v", t.offset(), err), Err: ErrDamaged}
	}
}

// SizeText writes a size in GiB or MiB when it is a whole number of them,
// else in bytes: the unit of every limit in a message.
func SizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readShared reads sst > si > (t | r > t), phonetic runs left out, as
// excelize does.
func (b *Book) readShared(zf *zip.File) error {
	const part = "shared strings"
	rc, r, err := open(zf, part)
	if err != nil {
		return err
	}
	defer rc.Close()
	t := newTokenizer(r, b.lim.Cell+64<<10, b.lim.Idle, b.lim.Depth)
	t.maxText = b.lim.Cell
	// the text is about half the part; the declared size is the writer's
	// word, so no more than 16 MiB is reserved on it
	b.arena = make([]byte, 0, min(int64(zf.UncompressedSize64)/2+64, int64(b.lim.SharedStringBytes), 16<<20))
	b.offs = append(b.offs, 0)
	var (
		inSI, capture bool
		runDepth      int // depth of the <r> being read, 0 outside
		direct, runs  []byte
		text          []byte
		siDepth       int
	)
	long := func() error {
		return &Error{Part: part, Msg: fmt.Sprintf("string %d is longer than %s", b.Strings()+1, SizeText(int64(b.lim.Cell))), Err: ErrLimit}
	}
	for t.next(capture, &text) {
		switch t.kind {
		case tokStart:
			switch {
			case !inSI && string(t.local) == "si":
				if t.self {
					if err := b.addShared(nil, nil); err != nil {
						return err
					}
					t.progress()
					continue
				}
				if len(t.name) == 2 { // unprefixed: the shapes Excel writes, in one step
					v, ok := t.fastText("<t>", "</t></si>", b.lim.Cell)
					if !ok {
						v, ok = nil, t.fastEmpty("<t/></si>")
					}
					if ok {
						if err := b.addShared(v, nil); err != nil {
							return err
						}
						t.progress()
						continue
					}
				}
				inSI, siDepth, direct, runs = true, t.depth(), direct[:0], runs[:0]
			case inSI && string(t.local) == "r" && t.depth() == siDepth+1:
				runDepth = t.depth()
			case inSI && string(t.local) == "rPh" && t.depth() == siDepth+1:
				if !t.skip() {
					return b.fail(t, part)
				}
			case inSI && string(t.local) == "t" && (t.depth() == siDepth+1 || runDepth > 0 && t.depth() == runDepth+1):
				if !t.self {
					capture, text = true, text[:0]
				} else if runDepth == 0 {
					direct = direct[:0]
				}
			}
		case tokEnd:
			switch {
			case capture && string(t.local) == "t":
				capture = false
				if runDepth > 0 {
					runs = append(runs, text...)
				} else {
					direct = append(direct[:0], text...)
				}
			case runDepth > 0 && t.depth() == runDepth-1:
				runDepth = 0
			case inSI && t.depth() == siDepth-1:
				inSI = false
				if err := b.addShared(direct, runs); err != nil {
					return err
				}
				t.progress()
			}
		}
	}
	if t.rerr == errLongText {
		return long()
	}
	if err := b.fail(t, part); err != nil {
		return err
	}
	return nil
}

func (b *Book) addShared(direct, runs []byte) error {
	if b.Strings() >= b.lim.SharedStrings {
		return &Error{Part: "shared strings", Msg: fmt.Sprintf("more than %d strings", b.lim.SharedStrings), Err: ErrLimit}
	}
	if len(b.arena)+len(direct)+len(runs) > b.lim.SharedStringBytes {
		return &Error{Part: "shared strings", Msg: fmt.Sprintf("more than %s of text", SizeText(int64(b.lim.SharedStringBytes))), Err: ErrLimit}
	}
	start := len(b.arena)
	b.arena = append(b.arena, direct...)
	b.arena = append(b.arena, runs...)
	b.arena = append(b.arena[:start], unescapeBstr(b.arena[start:])...)
	b.offs = append(b.offs, uint32(len(b.arena)))
	return nil
}

// unescapeBstr decodes _xHHHH_ escapes as excelize does (an invalid code
// point is dropped, _x005F_ is an underscore).
func unescapeBstr(s []byte) []byte {
	if !strings.Contains(unsafe.String(unsafe.SliceData(s), len(s)), "_x") {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			v, _ := strconv.ParseUint(string(s[i+2:i+6]), 16, 32)
			if string(s[i:i+7]) == "_x005F_" {
				out = append(out, '_')
			} else if r := rune(v); !(r >= 0xD800 && r <= 0xDFFF) {
				out = appendRune(out, r)
			}
			i += 7
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}

func appendRune(b []byte, r rune) []byte { return append(b, string(r)...) }

// readStyles reads cellXfs' number formats and the custom format codes.
func (b *Book) readStyles(zf *zip.File, isDate IsDateFormat) error {
	const part = "styles"
	rc, r, err := open(zf, part)
	if err != nil {
		return err
	}
	defer rc.Close()
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID *int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.NewDecoder(io.LimitReader(r, 64<<20)).Decode(&st); err != nil {
		return &Error{Part: part, Msg: err.Error(), Err: ErrDamaged}
	}
	if len(st.Xfs) > b.lim.Styles {
		return &Error{Part: part, Msg: fmt.Sprintf("more than %d cell formats", b.lim.Styles), Err: ErrLimit}
	}
	codes := map[int]string{}
	for _, f := range st.NumFmts {
		codes[f.ID] = f.Code
	}
	b.dates = make([]bool, len(st.Xfs))
	for i, x := range st.Xfs {
		if x.NumFmtID == nil {
			continue
		}
		code, ok := codes[*x.NumFmtID]
		b.dates[i] = isDate(*x.NumFmtID, code, ok)
	}
	return nil
}
