package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
	"github.com/smartplan/smartplan/report/font"
)

// WritePDF writes the plan as an A4 portrait PDF for a leadership review:
// a cover, an executive summary of every target, the changes since the last
// run, one page per target (SMART sentence and checklist, funnel, monthly
// trajectory, verdict, levers and probability) and an appendix of ratios,
// assumptions and input problems. Every page carries its number, the as-of
// date and the input files with a short content hash.
//
// The text is set in the embedded Go fonts and numbers are formatted for
// opt.Lang. The same plan and options always give the same bytes.
func WritePDF(w io.Writer, p *planner.Plan, opt Options) error {
	if p == nil {
		return errors.New("write pdf: no plan")
	}
	d, err := renderPDF(p, opt, false)
	if err != nil {
		return err
	}
	if _, err := w.Write(d.out); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// Page geometry, in millimetres.
const (
	pdfPageW      = 210.0
	pdfPageH      = 297.0
	pdfMargin     = 15.0                   // left and right
	pdfTop        = 20.0                   // first line of content
	pdfBottom     = 278.0                  // content must end above this
	pdfWidth      = pdfPageW - 2*pdfMargin // 180
	pdfRight      = pdfPageW - pdfMargin   // 195
	pdfNbAlias    = "{nb}"                 // replaced by the page count
	pdfFamily     = "go"                   // the embedded Go fonts
	pdfLineH      = 0.42                   // line height per point of font size, in mm
	pdfGap        = 5.0                    // vertical space between blocks
	pdfMaxLog     = 1 << 20                // cap on recorded texts, for safety
	pdfColW       = pdfWidth/2 - 3         // width of a half-page column
	pdfCol2X      = pdfMargin + pdfWidth/2 + 3
	pdfEllipsis   = "…"
	pdfFooterSize = 6.5 // font size of the input files line
)

// pdfColor is an RGB colour.
type pdfColor struct{ r, g, b int }

// The palette: verdict colours are those of the workbook's conditional
// formats, muted so that a greyscale print still tells them apart by
// lightness.
var (
	pdfBlack     = pdfColor{33, 33, 33}
	pdfGrey      = pdfColor{110, 110, 110}
	pdfLightGrey = pdfColor{200, 200, 200}
	pdfRule      = pdfColor{170, 170, 170}
	pdfZebra     = pdfColor{244, 246, 248}
	pdfHeadFill  = pdfColor{226, 232, 240}
	pdfAccent    = pdfColor{31, 78, 121}   // required, plan
	pdfHistory   = pdfColor{150, 160, 170} // historical pace
	pdfActual    = pdfColor{230, 120, 20}  // actuals
	pdfGreen     = pdfColor{46, 125, 50}
	pdfAmber     = pdfColor{245, 166, 35}
	pdfRed       = pdfColor{198, 40, 40}
	pdfSlate     = pdfColor{117, 117, 117}
	pdfWhite     = pdfColor{255, 255, 255}
	pdfPaleGreen = pdfColor{232, 245, 233}
	pdfPaleRed   = pdfColor{253, 236, 234}
)

// pdfText is one piece of text drawn on a page, kept when recording so that
// tests can read the document back without a PDF parser. Mark is true for a
// pass or fail mark, which is drawn as a shape rather than as a glyph.
type pdfText struct {
	Page    int
	X, Y, W float64 // the box the text was fitted into
	TX, TW  float64 // where the text itself lies: its left edge and width
	Text    string
	Mark    bool
}

// pdfDoc is a PDF being laid out: the fpdf document, the plan, and the
// cursor. Rendering is single-threaded; each call of WritePDF has its own.
type pdfDoc struct {
	f      *fpdf.Fpdf
	p      *planner.Plan
	opt    Options
	lang   string
	cur    string // currency code
	y      float64
	record bool
	log    []pdfText
	// cont redraws the running title (and table header) of the current
	// section after a page break; nil on the cover.
	cont   func()
	footer string // input files and hashes, computed once
	asOf   string
	pages  int    // final page count, set after rendering
	out    []byte // the finished PDF
}

// renderPDF lays the whole document out. With record set, every text drawn
// is kept in d.log with its page and position.
func renderPDF(p *planner.Plan, opt Options, record bool) (*pdfDoc, error) {
	d, err := newPDFDoc(p, opt, record)
	if err != nil {
		return nil, err
	}
	d.cover()
	d.summary()
	d.changes()
	d.targets()
	d.appendix()

	d.pages = d.f.PageNo()
	d.cont = nil
	var out bytes.Buffer
	if err := d.f.Output(&out); err != nil { // draws the last footer, serialises
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	d.out = out.Bytes()
	if d.record {
		nb := fmt.Sprint(d.pages)
		for i := range d.log {
			d.log[i].Text = strings.ReplaceAll(d.log[i].Text, pdfNbAlias, nb)
		}
	}
	if err := d.f.Error(); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return d, nil
}

// newPDFDoc sets up an empty document: fonts, metadata, page geometry,
// running head and foot.
func newPDFDoc(p *planner.Plan, opt Options, record bool) (*pdfDoc, error) {
	f := fpdf.New("P", "mm", "A4", "")
	d := &pdfDoc{f: f, p: p, opt: opt, lang: opt.lang(), cur: opt.currency(p), record: record}
	f.AddUTF8FontFromBytes(pdfFamily, "", font.Regular)
	f.AddUTF8FontFromBytes(pdfFamily, "B", font.Bold)
	f.AddUTF8FontFromBytes(pdfFamily, "I", font.Italic)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("write pdf: load fonts: %w", err)
	}
	t := docTime(p.AsOf)
	f.SetCatalogSort(true)
	f.SetCreationDate(t)
	f.SetModificationDate(t)
	f.SetCompression(true)
	f.SetTitle(font.Clean(d.title()), true)
	f.SetSubject(d.tr("Sales plan", "Plan commercial")+" – "+d.asOfText(), true)
	creator := "smartplan"
	if opt.Version != "" {
		creator += " " + opt.Version
	}
	f.SetCreator(creator, true)
	f.SetAuthor(creator, true)
	f.SetLang(d.lang)
	f.SetMargins(pdfMargin, pdfTop, pdfMargin)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0)
	f.AliasNbPages(pdfNbAlias)
	d.asOf = d.asOfText()
	d.footer = d.filesLine()
	f.SetHeaderFunc(d.header)
	f.SetFooterFunc(d.drawFooter)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return d, nil
}

func (d *pdfDoc) tr(en, fr string) string { return tr(d.lang, en, fr) }

// title is the document title: the configured one, or "Sales plan".
func (d *pdfDoc) title() string {
	if s := strings.TrimSpace(d.opt.Title); s != "" {
		return s
	}
	return d.tr("Sales plan", "Plan commercial")
}

func (d *pdfDoc) asOfText() string {
	return d.tr("As of ", "Au ") + locale.Date(d.lang, d.p.AsOf)
}

// filesLine lists the input files by base name with the first 8 hex digits
// of their SHA-256, so that a printed page can be traced to its data. It
// fits the footer's width by shortening the names, never the hashes.
func (d *pdfDoc) filesLine() string {
	prefix := d.tr("Inputs: ", "Fichiers : ")
	if len(d.p.Files) == 0 {
		return d.tr("Inputs: none recorded", "Fichiers : aucun enregistré")
	}
	const sep = " · "
	names := make([]string, len(d.p.Files))
	hashes := make([]string, len(d.p.Files))
	for i, in := range d.p.Files {
		names[i] = font.Clean(filepath.Base(in.Path))
		if h := pdfShortHash(in.SHA256); h != "" {
			hashes[i] = " #" + h
		}
	}
	join := func() string {
		parts := make([]string, len(names))
		for i := range names {
			parts[i] = names[i] + hashes[i]
		}
		return prefix + strings.Join(parts, sep)
	}
	d.font("", pdfFooterSize)
	if d.f.GetStringWidth(join()) <= pdfWidth {
		return join()
	}
	// Share the width left by the prefix, separators and hashes equally
	// among the names; with too many files, keep what fits.
	fixed := d.f.GetStringWidth(prefix) + float64(len(names)-1)*d.f.GetStringWidth(sep)
	for _, h := range hashes {
		fixed += d.f.GetStringWidth(h)
	}
	each := (pdfWidth - fixed) / float64(len(names))
	if each < 8 {
		each = 8
	}
	for i := range names {
		names[i] = d.fit(names[i], each)
	}
	return d.fit(join(), pdfWidth)
}

// pdfShortHash returns the first 8 hex digits of a SHA-256, or "" when the
// hash is absent or malformed.
func pdfShortHash(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if len(h) < 8 {
		return ""
	}
	for _, c := range h[:8] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return h[:8]
}

// header draws the running head of every page but the cover.
func (d *pdfDoc) header() {
	if d.f.PageNo() == 1 {
		return
	}
	d.font("B", 8)
	d.color(pdfGrey)
	d.textAt(pdfMargin, 9, pdfWidth*0.65, d.title(), "L")
	d.font("", 8)
	d.textAt(pdfRight-pdfWidth*0.3, 9, pdfWidth*0.3, d.asOf, "R")
	d.drawColor(pdfLightGrey)
	d.f.SetLineWidth(0.2)
	d.f.Line(pdfMargin, 13.5, pdfRight, 13.5)
}

// drawFooter draws the page number, the as-of date and the input files.
func (d *pdfDoc) drawFooter() {
	d.drawColor(pdfLightGrey)
	d.f.SetLineWidth(0.2)
	d.f.Line(pdfMargin, 282, pdfRight, 282)
	d.font("B", 7.5)
	d.color(pdfBlack)
	page := fmt.Sprintf("%s %d / %s", d.tr("Page", "Page"), d.f.PageNo(), pdfNbAlias)
	d.textAt(pdfMargin, 284, 30, page, "L")
	d.font("", 7.5)
	d.color(pdfGrey)
	d.textAt(pdfMargin+30, 284, pdfWidth-30, d.asOf+" · "+d.title(), "R")
	d.font("", pdfFooterSize)
	d.textAt(pdfMargin, 288, pdfWidth, d.footer, "L")
}

// newPage starts a page and, when a section is running, redraws its title.
func (d *pdfDoc) newPage() {
	d.f.AddPage()
	d.y = pdfTop
	if d.cont != nil {
		d.cont()
	}
}

// ensure starts a new page when h millimetres do not fit below the cursor,
// and reports whether it did.
func (d *pdfDoc) ensure(h float64) bool {
	if d.y+h <= pdfBottom {
		return false
	}
	d.newPage()
	return true
}

func (d *pdfDoc) font(style string, size float64) { d.f.SetFont(pdfFamily, style, size) }

func (d *pdfDoc) color(c pdfColor)     { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *pdfDoc) fill(c pdfColor)      { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *pdfDoc) drawColor(c pdfColor) { d.f.SetDrawColor(c.r, c.g, c.b) }

// lineH is the height of a line of text at the current font size.
func (d *pdfDoc) lineH() float64 {
	size, _ := d.f.GetFontSize()
	return size * pdfLineH
}

// put records a drawn text for tests.
func (d *pdfDoc) put(x, y, w float64, s, align string, mark bool) {
	if !d.record || len(d.log) >= pdfMaxLog || s == "" {
		return
	}
	tw := w
	if !mark {
		tw = d.f.GetStringWidth(s)
	}
	tx := x
	switch align {
	case "R":
		tx = x + w - tw
	case "C":
		tx = x + (w-tw)/2
	}
	d.log = append(d.log, pdfText{Page: d.f.PageNo(), X: x, Y: y, W: w, TX: tx, TW: tw, Text: s, Mark: mark})
}

// textAt draws s on one line in the box (x, y, w), top-aligned, shortened
// with an ellipsis when it is wider than w. align is "L", "C" or "R".
func (d *pdfDoc) textAt(x, y, w float64, s, align string) {
	s = d.fit(font.Clean(s), w)
	if s == "" {
		return
	}
	h := d.lineH()
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, s, "", 0, align, false, 0, "")
	d.put(x, y, w, s, align, false)
}

// fit shortens s with an ellipsis so that it is at most w wide.
func (d *pdfDoc) fit(s string, w float64) string {
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.f.GetStringWidth(strings.TrimRight(string(r[:mid]), " ")+pdfEllipsis) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		if d.f.GetStringWidth(pdfEllipsis) <= w {
			return pdfEllipsis
		}
		return ""
	}
	return strings.TrimRight(string(r[:lo]), " ") + pdfEllipsis
}

// wrap breaks s into lines no wider than w at plain spaces (never at a
// no-break space, which joins a number to its unit), honouring line breaks
// in s. A word wider than w is cut. With maxLines > 0 the text is cut after
// that many lines and the last one ends with an ellipsis.
func (d *pdfDoc) wrap(s string, w float64, maxLines int) []string {
	var lines []string
	space := d.f.GetStringWidth(" ")
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if d.lang == "fr" {
			para = frenchSpaces.Replace(font.Clean(para))
		} else {
			para = pdfFrenchSpaces.Replace(font.Clean(para))
		}
		// Widths add up (fpdf does not kern), so a line's width is kept
		// as it grows instead of measuring it again for every word.
		line, lineW := "", 0.0
		for _, word := range strings.Split(para, " ") {
			if word == "" {
				continue
			}
			ww := d.f.GetStringWidth(word)
			if line == "" && ww <= w {
				line, lineW = word, ww
				continue
			}
			if line != "" && lineW+space+ww <= w {
				line, lineW = line+" "+word, lineW+space+ww
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			// A word wider than the box is cut into pieces that fit.
			for ww > w {
				r := []rune(word)
				n, nw := 0, 0.0
				for n < len(r) {
					cw := d.f.GetStringWidth(string(r[n]))
					if n > 0 && nw+cw > w {
						break
					}
					nw += cw
					n++
				}
				lines = append(lines, string(r[:n]))
				word = string(r[n:])
				ww = d.f.GetStringWidth(word)
			}
			line, lineW = word, ww
		}
		if line != "" || len(lines) == 0 {
			lines = append(lines, line)
		}
	}
	// Drop trailing empty lines left by a final line break.
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = d.fit(lines[maxLines-1]+pdfEllipsis, w)
		if !strings.HasSuffix(lines[maxLines-1], pdfEllipsis) {
			lines[maxLines-1] = d.fit(lines[maxLines-1]+" "+pdfEllipsis+pdfEllipsis, w)
		}
	}
	return lines
}

// pdfFrenchSpaces keeps French punctuation with its word: the space
// before ":", ";", "!", "?", "»" and after "«" never breaks a line.
// frenchSpaces is French typography for the texts of a French report:
// those rules, and a percent sign kept with its number.
var (
	frenchSpaceRules = []string{" :", "\u00a0:", " ;", "\u00a0;", " !", "\u00a0!", " ?", "\u00a0?", " »", "\u00a0»", "« ", "«\u00a0"}
	pdfFrenchSpaces  = strings.NewReplacer(frenchSpaceRules...)
	frenchSpaces     = strings.NewReplacer(append(slices.Clone(frenchSpaceRules), " %", "\u00a0%")...)
)

// paragraph draws wrapped text at (x, y) and returns its height.
func (d *pdfDoc) paragraph(x, y, w float64, s string, maxLines int, align string) float64 {
	lh := d.lineH()
	lines := d.wrap(s, w, maxLines)
	for i, l := range lines {
		d.textAt(x, y+float64(i)*lh, w, l, align)
	}
	return float64(len(lines)) * lh
}

// paragraphHeight is the height paragraph would take.
func (d *pdfDoc) paragraphHeight(w float64, s string, maxLines int) float64 {
	return float64(len(d.wrap(s, w, maxLines))) * d.lineH()
}

// sectionTitle draws a section heading at the cursor.
func (d *pdfDoc) sectionTitle(s string) {
	d.font("B", 14)
	d.color(pdfAccent)
	d.textAt(pdfMargin, d.y, pdfWidth, s, "L")
	d.y += 8
}

// subTitle draws a smaller heading at the cursor, keeping it with at least
// keep millimetres of what follows (no orphan headings).
func (d *pdfDoc) subTitle(s string, keep float64) {
	d.ensure(6 + keep)
	d.font("B", 10.5)
	d.color(pdfBlack)
	d.textAt(pdfMargin, d.y, pdfWidth, s, "L")
	d.y += 6
}

// badge draws a verdict as a coloured rounded box of w by h with its label
// centred in it.
func (d *pdfDoc) badge(x, y, w, h float64, v planner.Verdict, size float64) {
	fill, ink := pdfVerdictColors(v)
	d.fill(fill)
	d.f.RoundedRect(x, y, w, h, 1.2, "1234", "F")
	label := verdictLabel(d.lang, v)
	// A long label ("Données insuffisantes") takes a smaller size rather
	// than an ellipsis, down to a readable minimum.
	d.font("B", size)
	for size > 5.5 && d.f.GetStringWidth(label) > w-2 {
		size -= 0.25
		d.font("B", size)
	}
	d.color(ink)
	lh := d.lineH()
	d.textAt(x+1, y+(h-lh)/2, w-2, label, "C")
}

// mark draws a pass (check) or fail (cross) mark as a shape in a square of
// side s at (x, y): the Go fonts have no check-mark glyph.
func (d *pdfDoc) mark(x, y, s float64, pass bool) {
	d.f.SetLineWidth(0.55)
	d.f.SetLineCapStyle("round")
	d.f.SetLineJoinStyle("round")
	if pass {
		d.drawColor(pdfGreen)
		d.f.Line(x+0.1*s, y+0.55*s, x+0.4*s, y+0.85*s)
		d.f.Line(x+0.4*s, y+0.85*s, x+0.95*s, y+0.15*s)
		d.put(x, y, s, "✓", "L", true)
	} else {
		d.drawColor(pdfRed)
		d.f.Line(x+0.15*s, y+0.15*s, x+0.85*s, y+0.85*s)
		d.f.Line(x+0.85*s, y+0.15*s, x+0.15*s, y+0.85*s)
		d.put(x, y, s, "✗", "L", true)
	}
	d.f.SetLineCapStyle("butt")
	d.f.SetLineJoinStyle("miter")
	d.f.SetLineWidth(0.2)
}

// pdfVerdictColors returns a verdict's fill and text colours.
func pdfVerdictColors(v planner.Verdict) (fill, ink pdfColor) {
	switch v {
	case planner.Achievable:
		return pdfGreen, pdfWhite
	case planner.Stretch:
		return pdfAmber, pdfBlack
	case planner.Unrealistic:
		return pdfRed, pdfWhite
	default:
		return pdfSlate, pdfWhite
	}
}
