package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unsafe"
)

// Cell is what a worksheet says about one cell beyond its value.
type Cell struct {
	Type     string // the t attribute: "", "n", "s", "str", "inlineStr", "b", "e", "d"
	Date     bool   // its style shows numbers as dates
	Formula  bool   // it has an <f>
	HasValue bool   // it has a <v> or an <is>
}

// Rows iterates over a worksheet's rows. Like excelize's Rows, it yields
// every row number from 1 to the last row (rows missing from the XML are
// empty), and a row's values stop at its last non-empty cell.
type Rows struct {
	b      *Book
	part   string
	rc     io.Closer
	t      *tokenizer
	line   int // the row returned
	next   int // number of the pending <row>, 0 when none
	done   bool
	ended  bool
	err    error
	vals   []string
	cells  []Cell
	offs   []int // value i is arena[offs[2i]:offs[2i+1]], -1 start for shared
	arena  []byte
	text   []byte
	shared []string
	dim    string   // the <dimension> ref, "" when absent
	merges []string // the <mergeCell> refs after </sheetData>
}

// MaxMerges is the most merged ranges Merges returns; past it the rest
// are counted, not kept.
const MaxMerges = 10000

// Dimension returns the ref of the sheet's <dimension> ("A1:I1001"), ""
// when it has none. The sheet's writer declares it; it may be wrong.
func (x *Rows) Dimension() string { return x.dim }

// Merges returns the refs of the merged ranges ("A1:C1"), known once the
// rows have all been read; a sheet with more than MaxMerges returns
// MaxMerges+1 of them.
func (x *Rows) Merges() []string { return x.merges }

// OpenSheet opens the worksheet at part; name is used in messages.
func (b *Book) OpenSheet(part, name string) (*Rows, error) {
	label := "worksheet " + name
	zf := b.file(part)
	if zf == nil {
		return nil, &Error{Part: label, Msg: "part " + part + " is missing", Err: ErrDamaged}
	}
	rc, r, err := open(zf, label)
	if err != nil {
		return nil, err
	}
	x := &Rows{b: b, part: label, rc: rc, t: newTokenizer(r, b.lim.Cell+64<<10, b.lim.Idle, b.lim.Depth)}
	x.t.maxText = b.lim.Cell
	// position on <sheetData>
	for x.t.next(false, nil) {
		if x.t.kind == tokStart && string(x.t.local) == "dimension" {
			if v, ok := x.t.attr("ref"); ok {
				x.dim = string(v)
			}
		}
		if x.t.kind == tokStart && string(x.t.local) == "sheetData" {
			x.t.progress()
			if x.t.self {
				x.done, x.ended = true, true
				x.readTail()
				if x.err != nil {
					rc.Close()
					return nil, x.err
				}
			}
			return x, nil
		}
	}
	if err := b.fail(x.t, label); err != nil {
		rc.Close()
		return nil, err
	}
	x.done = true
	return x, nil
}

// Close releases the part.
func (x *Rows) Close() error {
	if x.rc == nil {
		return nil
	}
	err := x.rc.Close()
	x.rc = nil
	return err
}

// Err returns the error that stopped the iteration.
func (x *Rows) Err() error { return x.err }

// Ended reports whether the XML reached </sheetData>.
func (x *Rows) Ended() bool { return x.ended }

// Line returns the 1-based row number of the current row.
func (x *Rows) Line() int { return x.line }

// Row returns the current row's values, valid until Next.
func (x *Rows) Row() []string { return x.vals }

// Cell returns what the worksheet says about cell col (0-based).
func (x *Rows) Cell(col int) Cell {
	if col < 0 || col >= len(x.cells) {
		return Cell{}
	}
	return x.cells[col]
}

func (x *Rows) failf(format string, a ...any) bool {
	x.err = &Error{Part: x.part, Msg: fmt.Sprintf(format, a...), Err: ErrDamaged}
	x.done = true
	return false
}

// Next advances to the next row.
func (x *Rows) Next() bool {
	if x.err != nil {
		return false
	}
	x.line++
	x.vals, x.cells = x.vals[:0], x.cells[:0]
	if x.next == 0 && !x.done {
		x.readRowStart()
		if x.err != nil {
			return false
		}
	}
	if x.next == 0 {
		x.line--
		return false
	}
	if x.next > x.line {
		return true // a row missing from the XML
	}
	x.next = 0
	if x.t.self {
		return true
	}
	return x.readCells()
}

// readRowStart reads up to the next <row> (x.next) or the end.
func (x *Rows) readRowStart() {
	t := x.t
	for t.next(false, nil) {
		switch {
		case t.kind == tokStart && string(t.local) == "row":
			t.progress()
			n := x.line
			if v, ok := t.attr("r"); ok {
				r, err := strconv.Atoi(string(v))
				if err != nil {
					x.failf("row %q is not a row number", v)
					return
				}
				if r > n {
					n = r
				}
			}
			if n > MaxRows {
				x.failf("row %d is past the last row %d", n, MaxRows)
				return
			}
			x.next = n
			return
		case t.kind == tokEnd && string(t.local) == "sheetData":
			x.done, x.ended = true, true
			x.readTail()
			return
		case t.kind == tokStart:
			if !t.skip() {
				x.stop()
				return
			}
		}
	}
	x.stop()
}

// readTail reads what follows </sheetData> for the merged ranges. Damage
// there is ignored, as excelize's Rows ignores it, but a bomb is not.
func (x *Rows) readTail() {
	t := x.t
	for t.next(false, nil) {
		if t.kind != tokStart || string(t.local) != "mergeCell" {
			continue
		}
		t.progress()
		if v, ok := t.attr("ref"); ok && len(x.merges) <= MaxMerges {
			x.merges = append(x.merges, string(v))
		}
	}
	var e *Error
	if err := x.b.fail(t, x.part); errors.As(err, &e) && e.Err == ErrBomb {
		x.err = err
	}
}

func (x *Rows) stop() {
	x.done = true
	if err := x.b.fail(x.t, x.part); err != nil {
		x.err = err
	} else if !x.ended {
		x.err = &Error{Part: x.part, Msg: "the XML ends before </sheetData>", Err: ErrDamaged}
	}
}

// readCells reads the cells of the current row up to </row>.
func (x *Rows) readCells() bool {
	t := x.t
	x.arena, x.offs, x.shared = x.arena[:0], x.offs[:0], x.shared[:0]
	col := 0
	rowDepth := t.depth()
	for t.next(false, nil) {
		if t.kind == tokEnd {
			if t.depth() < rowDepth {
				x.finishRow()
				return true
			}
			continue
		}
		if string(t.local) != "c" {
			if !t.skip() {
				break
			}
			continue
		}
		t.progress()
		col++
		var c Cell
		ref, typ, sty := t.cellAttrs()
		if len(ref) > 0 { // excelize counts a cell with r=""
			n, ok := refCol(ref)
			if !ok {
				return x.failf("row %d: cell reference %q is not a cell past the last column XFD or invalid", x.line, ref)
			}
			col = n
		}
		if col > x.b.lim.Columns {
			return x.failf("row %d has more than %d columns", x.line, x.b.lim.Columns)
		}
		if typ != nil {
			c.Type = cellType(typ)
		}
		style := 0
		if sty != nil {
			style, _ = strconv.Atoi(string(sty))
		}
		c.Date = x.b.IsDate(style)
		start := len(x.arena)
		sharedIdx := -1
		if !t.self {
			if v, ok := x.fastCell(&c); ok {
				x.arena = append(x.arena, v...)
			} else if sharedIdx, ok = x.readCell(&c, start); !ok {
				return false
			}
		}
		if c.Type == "s" && c.HasValue {
			v := bytes.TrimSpace(x.arena[start:])
			if len(v) > 0 {
				i, err := strconv.Atoi(string(v))
				if err != nil || i < 0 || i >= x.b.Strings() {
					return x.failf("cell %s%d: shared string index %q out of range (the table has %d)", ColName(col), x.line, v, x.b.Strings())
				}
				sharedIdx = i
			}
		}
		empty := len(x.arena) == start && (sharedIdx < 0 || x.b.String(sharedIdx) == "")
		if empty && !c.Formula {
			x.arena = x.arena[:start]
			continue
		}
		for len(x.cells) < col-1 {
			x.cells = append(x.cells, Cell{})
			x.offs = append(x.offs, 0, 0)
		}
		if sharedIdx >= 0 {
			x.arena = x.arena[:start]
			x.offs = append(x.offs, -1-sharedIdx, 0)
		} else {
			x.offs = append(x.offs, start, len(x.arena))
		}
		x.cells = append(x.cells, c)
		if len(x.arena) > x.b.lim.Row {
			return x.failf("row %d holds more than %s", x.line, SizeText(int64(x.b.lim.Row)))
		}
	}
	x.stop()
	if x.err == nil {
		x.err = &Error{Part: x.part, Msg: "the XML ends inside a row", Err: ErrDamaged}
	}
	return false
}

// fastCell reads the children of an unprefixed <c> of the shapes Excel and
// excelize write, <v>text</v></c> and, for inline strings,
// <is><t>text</t></is></c>, in one step; any other shape is left to
// readCell.
func (x *Rows) fastCell(c *Cell) ([]byte, bool) {
	t := x.t
	if len(t.name) != 1 {
		return nil, false
	}
	var v []byte
	var ok bool
	if c.Type == "inlineStr" {
		if v, ok = t.fastText("<is><t>", "</t></is></c>", x.b.lim.Cell); ok {
			v = unescapeBstr(v)
		}
	} else {
		v, ok = t.fastText("<v>", "</v></c>", x.b.lim.Cell)
	}
	c.HasValue = ok
	return v, ok
}

// readCell reads one <c> element's children into the arena from start.
func (x *Rows) readCell(c *Cell, start int) (int, bool) {
	t := x.t
	d := t.depth()
	var isDirect, isRuns []byte
	inIS, isDepth, runDepth := false, 0, 0
	for {
		capture := false
		if !t.next(false, nil) {
			x.stop()
			return -1, false
		}
		if t.kind == tokEnd {
			switch {
			case t.depth() < d:
				if inIS || isDirect != nil || isRuns != nil {
					if c.Type == "inlineStr" {
						x.arena = append(x.arena[:start], unescapeBstr(append(isDirect, isRuns...))...)
					}
				}
				return -1, true
			case runDepth > 0 && t.depth() < runDepth:
				runDepth = 0
			case inIS && t.depth() < isDepth:
				inIS = false
			}
			continue
		}
		switch {
		case !inIS && string(t.local) == "v" && t.depth() == d+1:
			c.HasValue = true
			capture = true
		case !inIS && string(t.local) == "f" && t.depth() == d+1:
			c.Formula = true
			if !t.skip() {
				x.stop()
				return -1, false
			}
		case !inIS && string(t.local) == "is" && t.depth() == d+1:
			c.HasValue = true
			if !t.self {
				inIS, isDepth = true, t.depth()
			}
		case inIS && string(t.local) == "r" && t.depth() == isDepth+1:
			runDepth = t.depth()
		case inIS && string(t.local) == "t" && (t.depth() == isDepth+1 || runDepth > 0 && t.depth() == runDepth+1):
			if t.self {
				if runDepth == 0 {
					isDirect = []byte{}
				}
				continue
			}
			x.text = x.text[:0]
			if !x.readText() {
				return -1, false
			}
			if runDepth > 0 {
				isRuns = append(isRuns, x.text...)
			} else {
				isDirect = append([]byte{}, x.text...)
			}
		default:
			if !t.skip() {
				x.stop()
				return -1, false
			}
		}
		if capture {
			if t.self {
				if c.Type != "inlineStr" {
					x.arena = x.arena[:start]
				}
				continue
			}
			x.text = x.text[:0]
			if !x.readText() {
				return -1, false
			}
			if c.Type != "inlineStr" || x.arena == nil || len(x.arena) == start {
				x.arena = append(x.arena[:start], x.text...)
			}
		}
	}
}

// readText reads the text of the current element into x.text, skipping
// child elements, up to its end tag.
func (x *Rows) readText() bool {
	t := x.t
	d := t.depth()
	for t.next(true, &x.text) {
		if t.kind == tokEnd && t.depth() < d {
			return true
		}
		if t.kind == tokStart && !t.skip() {
			break
		}
	}
	if t.rerr == errLongText {
		x.err = &Error{Part: x.part, Msg: fmt.Sprintf("row %d: a cell longer than %s", x.line, SizeText(int64(x.b.lim.Cell))), Err: ErrLimit}
		x.done = true
		return false
	}
	x.stop()
	return false
}

func (x *Rows) finishRow() {
	n := len(x.cells)
	for i := 0; i < n; i++ {
		s, e := x.offs[2*i], x.offs[2*i+1]
		switch {
		case s < 0:
			x.vals = append(x.vals, x.b.String(-1-s))
		case s == e:
			x.vals = append(x.vals, "")
		default:
			x.vals = append(x.vals, unsafe.String(&x.arena[s], e-s))
		}
	}
}

func cellType(v []byte) string {
	switch string(v) {
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(v)
}

// refCol returns the column of a cell reference such as "AB12" (1-based),
// with excelize's rules: letters then a row number, column at most XFD.
func refCol(ref []byte) (int, bool) {
	i, col := 0, 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	st := i
	for i < len(ref) && (ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z') {
		col = col*26 + int(ref[i]|0x20-'a'+1)
		if col > 16384 {
			return 0, false
		}
		i++
	}
	if i == st {
		return 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	row, err := strconv.Atoi(string(ref[i:]))
	if err != nil || row < 1 || row > MaxRows || ref[i] == '+' || ref[i] == '-' {
		return 0, false
	}
	return col, true
}

// ColName returns the column letters of 1-based column n (1 -> A, 27 -> AA).
func ColName(n int) string {
	var buf [8]byte
	i := len(buf)
	for n > 0 && i > 0 {
		n--
		i--
		buf[i] = byte('A' + n%26)
		n /= 26
	}
	return string(buf[i:])
}
