package report

import (
	"math"
	"strconv"
)

// trackRecord draws the plan's track record (planner.TrackRecord): how its
// probabilities fared on the history's own past quarters, with the naive
// normal forecaster beside them and a reliability diagram (predicted
// against observed by decile, with counts). Where the history is too short,
// it says so.
func (d *pdfDoc) trackRecord() {
	tr := d.p.TrackRecord
	if tr == nil {
		return
	}
	d.subTitle(d.tr("Track record: how far to trust the percentages", "Bilan : quel crédit accorder aux pourcentages"), 60)
	d.font("", 8.5)
	d.color(pdfBlack)
	if tr.Result.Cases == 0 || tr.From.IsZero() {
		d.y += d.paragraph(pdfMargin, d.y, pdfWidth, tr.Why, 4, "L") + 4
		return
	}
	r := tr.Result
	intro, scores := trackText(d.lang, tr)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, intro, 4, "L") + 2
	d.font("B", 8.5)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, scores, 4, "L") + 3

	// The reliability diagram: a square, predicted across, observed up.
	const side = 62.0
	d.ensure(side + 14)
	x0, y0 := pdfMargin+12, d.y+2
	d.drawColor(pdfRule)
	d.f.SetLineWidth(0.2)
	d.f.Rect(x0, y0, side, side, "D")
	d.font("", 6.5)
	d.color(pdfGrey)
	for i := 0; i <= 10; i += 2 {
		v := float64(i) / 10
		d.f.Line(x0+v*side, y0+side, x0+v*side, y0+side+1)
		d.textAt(x0+v*side-5, y0+side+1.2, 10, pdfPct(d.lang, v, 0), "C")
		d.f.Line(x0-1, y0+side-v*side, x0, y0+side-v*side)
		d.textAt(x0-12, y0+side-v*side-d.lineH()/2, 10.5, pdfPct(d.lang, v, 0), "R")
	}
	d.textAt(x0, y0+side+5, side, d.tr("predicted probability", "probabilité annoncée"), "C")
	d.textAt(x0+1, y0+0.8, side-2, d.tr("↑ share that came true", "↑ part réalisée"), "L")
	d.f.SetDashPattern([]float64{1, 1}, 0)
	d.f.Line(x0, y0+side, x0+side, y0)
	d.f.SetDashPattern([]float64{}, 0)
	maxCount := 1
	for _, b := range r.Bins {
		maxCount = max(maxCount, b.Count)
	}
	d.fill(pdfAccent)
	for _, b := range r.Bins {
		if b.Count == 0 {
			continue
		}
		px, py := x0+b.Predicted*side, y0+side-b.Observed*side
		rad := 0.8 + 1.6*math.Sqrt(float64(b.Count)/float64(maxCount))
		d.f.Circle(px, py, rad, "F")
		d.font("", 6)
		d.color(pdfBlack)
		d.textAt(px+rad+0.4, py-d.lineH()/2, 12, strconv.Itoa(b.Count), "L")
	}

	// Beside it, the same bins as a table.
	tx := x0 + side + 12
	d.font("B", 7.5)
	d.color(pdfBlack)
	cols := []float64{24, 22, 22, 16}
	heads := []string{d.tr("Predicted", "Annoncé"), d.tr("Mean", "Moyenne"), d.tr("Came true", "Réalisé"), d.tr("Cases", "Cas")}
	yy := y0
	cx := tx
	for i, h := range heads {
		d.textAt(cx, yy, cols[i], h, "R")
		cx += cols[i]
	}
	yy += 4.2
	d.font("", 7.5)
	for _, b := range r.Bins {
		cx = tx
		cells := []string{pdfPct(d.lang, b.From, 0) + "–" + pdfPct(d.lang, b.To, 0), "–", "–", strconv.Itoa(b.Count)}
		if b.Count > 0 {
			cells[1], cells[2] = pdfPct(d.lang, b.Predicted, 0), pdfPct(d.lang, b.Observed, 0)
		}
		ink := pdfBlack
		if b.Count >= 20 && math.Abs(b.Predicted-b.Observed) > 0.08 {
			ink = pdfRed // off by more than 8 points on 20 cases or more
		}
		for i, c := range cells {
			d.color(pdfBlack)
			if i == 2 {
				d.color(ink)
			}
			d.textAt(cx, yy, cols[i], c, "R")
			cx += cols[i]
		}
		yy += 4
	}
	d.font("I", 6.5)
	d.color(pdfGrey)
	d.paragraph(tx, yy+1, 84, d.tr("In red: a decile of 20 cases or more whose outcomes missed its mean prediction by more than 8 points.",
		"En rouge : un décile d’au moins 20 cas dont la réalisation s’écarte de plus de 8 points de la prévision moyenne."), 3, "L")
	d.y = max(y0+side+10, yy+8)
}
