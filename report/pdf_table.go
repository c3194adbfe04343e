package report

import (
	"github.com/smartplan/smartplan/planner"
)

// pdfCol is a table column: its heading, width and alignment.
type pdfCol struct {
	Title string
	W     float64
	Align string // "L", "C" or "R"; "" is "L"
}

// pdfCell is one cell of a table row. Text wraps within the column, up to
// MaxLines lines (1 when zero); Sub is a second, smaller grey text below it.
// When Badges is set the cell shows verdict badges (an empty verdict reads
// New) separated by arrows instead of Text.
type pdfCell struct {
	Text     string
	Sub      string
	Bold     bool
	MaxLines int
	Ink      *pdfColor
	Badges   []planner.Verdict
}

// pdfTable draws a table that flows over pages, repeating its heading row
// (and the section title) on each new page.
type pdfTable struct {
	d     *pdfDoc
	cols  []pdfCol
	title string // section title on continuation pages
	rows  int
	size  float64 // font size of rows
}

const (
	pdfCellPadX = 1.2
	pdfCellPadY = 1.1
	pdfBadgeH   = 4.6
)

// newTable starts a table at the cursor: it draws the heading row and
// makes page breaks repeat it under "title (continued)".
func (d *pdfDoc) newTable(title string, cols []pdfCol) *pdfTable {
	t := &pdfTable{d: d, cols: cols, title: title, size: 8}
	d.ensure(t.headerHeight() + 9) // never a heading row alone at the foot of a page
	t.header()
	d.cont = func() {
		d.sectionTitle(title + d.tr(" (continued)", " (suite)"))
		t.header()
	}
	return t
}

func (t *pdfTable) headerHeight() float64 {
	d := t.d
	d.font("B", 7.5)
	n := 1
	for _, c := range t.cols {
		if k := len(d.wrap(c.Title, c.W-2*pdfCellPadX, 3)); k > n {
			n = k
		}
	}
	return float64(n)*d.lineH() + 2*pdfCellPadY
}

func (t *pdfTable) header() {
	d := t.d
	h := t.headerHeight()
	d.fill(pdfHeadFill)
	d.f.Rect(pdfMargin, d.y, t.width(), h, "F")
	d.font("B", 7.5)
	d.color(pdfBlack)
	x := pdfMargin
	for _, c := range t.cols {
		d.paragraph(x+pdfCellPadX, d.y+pdfCellPadY, c.W-2*pdfCellPadX, c.Title, 3, pdfAlign(c.Align))
		x += c.W
	}
	d.y += h
}

func (t *pdfTable) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.W
	}
	return w
}

func pdfAlign(a string) string {
	if a == "" {
		return "L"
	}
	return a
}

// cellLines lays a cell out: its text lines, sub lines and height.
func (t *pdfTable) cellLines(c pdfCell, w float64) (lines, sub []string, h float64) {
	d := t.d
	if len(c.Badges) > 0 {
		return nil, nil, pdfBadgeH
	}
	maxLines := c.MaxLines
	if maxLines == 0 {
		maxLines = 1
	}
	style := ""
	if c.Bold {
		style = "B"
	}
	d.font(style, t.size)
	lines = d.wrap(c.Text, w, maxLines)
	h = float64(len(lines)) * d.lineH()
	if c.Sub != "" {
		d.font("", t.size-1)
		sub = d.wrap(c.Sub, w, 2)
		h += float64(len(sub)) * d.lineH()
	}
	return lines, sub, h
}

// row draws one row, starting a new page first when it does not fit.
func (t *pdfTable) row(cells []pdfCell) {
	d := t.d
	type laid struct {
		lines, sub []string
	}
	ls := make([]laid, len(cells))
	h := 0.0
	for i, c := range cells {
		if i >= len(t.cols) {
			break
		}
		lines, sub, ch := t.cellLines(c, t.cols[i].W-2*pdfCellPadX)
		ls[i] = laid{lines, sub}
		if ch > h {
			h = ch
		}
	}
	h += 2 * pdfCellPadY
	d.ensure(h)
	if t.rows%2 == 1 {
		d.fill(pdfZebra)
		d.f.Rect(pdfMargin, d.y, t.width(), h, "F")
	}
	x := pdfMargin
	for i, c := range cells {
		if i >= len(t.cols) {
			break
		}
		col := t.cols[i]
		cx, cw := x+pdfCellPadX, col.W-2*pdfCellPadX
		cy := d.y + pdfCellPadY
		if len(c.Badges) > 0 {
			d.badgeRow(cx, cy, cw, c.Badges)
		} else {
			style := ""
			if c.Bold {
				style = "B"
			}
			d.font(style, t.size)
			ink := pdfBlack
			if c.Ink != nil {
				ink = *c.Ink
			}
			d.color(ink)
			lh := d.lineH()
			for j, l := range ls[i].lines {
				d.textAt(cx, cy+float64(j)*lh, cw, l, pdfAlign(col.Align))
			}
			cy += float64(len(ls[i].lines)) * lh
			d.font("", t.size-1)
			d.color(pdfGrey)
			for j, l := range ls[i].sub {
				d.textAt(cx, cy+float64(j)*d.lineH(), cw, l, pdfAlign(col.Align))
			}
		}
		x += col.W
	}
	d.drawColor(pdfLightGrey)
	d.f.SetLineWidth(0.15)
	d.f.Line(pdfMargin, d.y+h, pdfMargin+t.width(), d.y+h)
	d.y += h
	t.rows++
}

// end closes the table: later page breaks no longer repeat its heading.
func (t *pdfTable) end() {
	t.d.cont = nil
	t.d.y += 2
}

// badgeRow draws verdict badges separated by arrows within width w.
func (d *pdfDoc) badgeRow(x, y, w float64, vs []planner.Verdict) {
	n := float64(len(vs))
	arrow := 5.0
	bw := (w - arrow*(n-1)) / n
	if bw > 26 {
		bw = 26
	}
	for i, v := range vs {
		if i > 0 {
			d.font("", 8)
			d.color(pdfGrey)
			d.textAt(x, y+(pdfBadgeH-d.lineH())/2, arrow, "→", "C")
			x += arrow
		}
		if v == "" {
			d.font("I", 7.5)
			d.color(pdfGrey)
			d.textAt(x, y+(pdfBadgeH-d.lineH())/2, bw, d.tr("new", "nouveau"), "C")
		} else {
			d.badge(x, y, bw, pdfBadgeH, v, 7)
		}
		x += bw
	}
}
