package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/smartplan/smartplan/planner"
)

// pdfPeriodMonths is the number of calendar months of a target's period,
// start to deadline; without both dates, the months of its monthly plan
// (which may include the pipeline months before the start); 0 when unknown.
func pdfPeriodMonths(r *planner.TargetResult) int {
	t := r.Target
	if !t.Start.IsZero() && !t.Deadline.IsZero() && !t.Deadline.Before(t.Start) {
		a, b := planner.MonthOf(t.Start), planner.MonthOf(t.Deadline)
		return (b.Year-a.Year)*12 + int(b.Month-a.Month) + 1
	}
	return len(r.Monthly)
}

// pdfPipelineMonths is the number of months over which the new pipeline
// is created (METHOD §5): the creation window, or the period.
func pdfPipelineMonths(r *planner.TargetResult) int {
	if r.CreationMonths > 0 {
		return r.CreationMonths
	}
	return pdfPeriodMonths(r)
}

// pdfFunnelRow is one line of the funnel graphic. A negative value means
// "not available" (no history, or the line does not apply).
type pdfFunnelRow struct {
	label     string
	req, hist float64
	money     bool
}

// funnelRows computes the funnel lines of a target: what it requires over
// its period, beside what the history would give at its pace over the
// same number of months. Lines above the metric's own line (deals for a
// meetings target) are left out (METHOD §4).
func (d *pdfDoc) funnelRows(r *planner.TargetResult) []pdfFunnelRow {
	h := r.History
	// Deals and revenue are won over the period; the pipeline behind them
	// is created over the creation window.
	n := float64(pdfPeriodMonths(r))
	np := float64(pdfPipelineMonths(r))
	window := float64(d.p.WindowMonths)
	if window <= 0 {
		window = 12
	}
	na := -1.0
	req := func(v float64) float64 {
		if !r.HasRequired || v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return na
		}
		return v
	}
	histOpps, histDeals, histRev := na, na, na
	if np > 0 && (h.Created > 0 || h.OpportunitiesPerMonth > 0) {
		histOpps = h.OpportunitiesPerMonth * np
	}
	if n > 0 && h.Closed > 0 {
		histDeals = float64(h.Won) / window * n
	}
	if n > 0 && h.Won > 0 {
		histRev = h.Revenue / window * n
	}
	histMeet, histResp, histCont := na, na, na
	f := h.Funnel
	if h.FunnelFromHistory && histOpps >= 0 && f.OpportunityRate > 0 {
		histMeet = histOpps / f.OpportunityRate
		if f.MeetingRate > 0 {
			histResp = histMeet / f.MeetingRate
			if f.ResponseRate > 0 {
				histCont = histResp / f.ResponseRate
			}
		}
	}
	reqRev := na
	if !r.HasRequired {
		// no requirement was computed: show none rather than one derived here
	} else if m := len(r.Monthly); m > 0 && r.Monthly[m-1].CumRevenue > 0 {
		reqRev = r.Monthly[m-1].CumRevenue
	} else if r.Target.Metric == planner.Revenue && r.Target.HasValue && r.Target.Value > 0 {
		reqRev = r.Target.Value
	}
	for _, v := range []*float64{&histOpps, &histDeals, &histRev, &histMeet, &histResp, &histCont, &reqRev} {
		if !pdfFinite(*v) || *v < 0 {
			*v = na
		}
	}
	rows := []pdfFunnelRow{
		{d.tr("Contacts", "Contacts"), req(r.Required.Contacts), histCont, false},
		{d.tr("Responses", "Réponses"), req(r.Required.Responses), histResp, false},
		{d.tr("Meetings", "Rendez-vous"), req(r.Required.Meetings), histMeet, false},
	}
	switch r.Target.Metric {
	case planner.Meetings:
		return rows
	case planner.Opportunities:
		return append(rows, pdfFunnelRow{d.tr("Opportunities", "Opportunités"), req(r.Required.Opportunities), histOpps, false})
	}
	return append(rows,
		pdfFunnelRow{d.tr("Opportunities", "Opportunités"), req(r.Required.Opportunities), histOpps, false},
		pdfFunnelRow{d.tr("Deals", "Affaires"), req(r.Required.Deals), histDeals, false},
		pdfFunnelRow{d.tr("Revenue", "CA"), reqRev, histRev, true},
	)
}

// funnel draws the funnel graphic in the box (x, y, w, h): for each line a
// bar of the requirement over the period (dark) above a bar of the history
// at its pace over the same months (grey), each labelled with its number.
func (d *pdfDoc) funnel(r *planner.TargetResult, x, y, w, h float64) {
	d.font("B", 10.5)
	d.color(pdfBlack)
	d.textAt(x, y, w, d.tr("Funnel over the period", "Tunnel sur la période"), "L")
	bottom := y + h
	y += 6
	rows := d.funnelRows(r)
	if pdfAllMissing(rows) {
		d.font("I", 8)
		d.color(pdfGrey)
		d.paragraph(x, y+1, w, d.tr("Not computed: neither a requirement nor a history to show for this target.",
			"Non calculé : ni besoin ni historique à montrer pour cet objectif."), 3, "L")
		return
	}
	y = d.legend(x, y, w, []pdfLegend{
		{label: d.tr("Required", "Requis"), c: pdfAccent},
		{label: pdfPace(d, pdfPeriodMonths(r), pdfPipelineMonths(r)), c: pdfHistory},
	})
	// The rows share what the title, the legend and the note under them
	// leave of the box.
	var notes []string
	if h := r.History; r.HasRequired && r.Required.Conversion > 0 && h.HasConversion && r.Required.Conversion == h.Conversion {
		// The funnel's two rates from opportunities to deals, labelled.
		notes = append(notes, fmt.Sprintf(d.tr("Opportunities: the new ones to create, on top of the open pipeline; %s conversion per created opportunity (deals never closed count as not won); win rate of closed deals %s.",
			"Opportunités : les nouvelles à créer, en plus du pipeline en cours ; conversion de %s par opportunité créée (les affaires jamais conclues comptent comme non gagnées) ; taux de transformation des affaires clôturées %s."),
			pdfPct(d.lang, h.Conversion, 1), pdfPct(d.lang, h.WinRate, 1)))
	}
	if !r.History.FunnelFromHistory {
		notes = append(notes, d.tr("Contacts, responses and meetings use assumed rates: no activity history.",
			"Contacts, réponses et rendez-vous : taux supposés, pas d’historique d’activité."))
	}
	note := strings.Join(notes, " ")
	noteH := 0.0
	if note != "" {
		d.font("I", 6.5)
		noteH = d.paragraphHeight(w, note, 3) + 0.5
	}
	const labelW, numW = 21.0, 19.0
	barX := x + labelW
	barW := w - labelW - numW
	pitch := math.Min(9.5, (bottom-y-noteH)/float64(len(rows)))
	bh := math.Min(3.2, (pitch-1.6)/2)
	for i, row := range rows {
		ry := y + float64(i)*pitch
		d.font("B", 7.5)
		d.color(pdfBlack)
		d.textAt(x, ry+bh-d.lineH()/2+0.4, labelW-1.5, row.label, "L")
		top := math.Max(row.req, row.hist)
		d.drawColor(pdfRule)
		d.f.SetLineWidth(0.15)
		d.f.Line(barX, ry-0.3, barX, ry+2*bh+1.1)
		for j, v := range []float64{row.req, row.hist} {
			by := ry + float64(j)*(bh+0.8)
			col := pdfAccent
			if j == 1 {
				col = pdfHistory
			}
			d.font("", 6.8)
			if v < 0 {
				d.color(pdfGrey)
				txt := d.tr("no history", "sans historique")
				if j == 0 {
					txt = d.tr("not computed", "non calculé")
				}
				d.textAt(barX+1, by+(bh-d.lineH())/2, barW, txt, "L")
				continue
			}
			bw := 0.0
			if top > 0 {
				bw = barW * v / top
			}
			if bw > 0 {
				d.fill(col)
				d.f.Rect(barX, by, math.Max(bw, 0.4), bh, "F")
			}
			label := pdfCountText(d.lang, v)
			if row.money {
				label = d.compact(pdfMoney, v)
			}
			if j == 0 {
				d.font("B", 6.8)
			}
			d.color(pdfBlack)
			d.textAt(barX+bw+1, by+(bh-d.lineH())/2, numW+barW-bw-1, label, "L")
		}
	}
	if note != "" {
		d.font("I", 6.5)
		d.color(pdfGrey)
		d.paragraph(x, y+float64(len(rows))*pitch+0.5, w, note, 3, "L")
	}
}

func pdfAllMissing(rows []pdfFunnelRow) bool {
	for _, r := range rows {
		if r.req >= 0 || r.hist >= 0 {
			return false
		}
	}
	return true
}

// pdfPace is the legend of the historical bars: the history at its pace
// over the same months as the requirement.
func pdfPace(d *pdfDoc, months, pipeline int) string {
	switch {
	case months <= 0:
		return d.tr("Historical pace", "Rythme historique")
	case pipeline != months && pipeline > 0:
		return fmt.Sprintf(d.tr("History over %d months (pipeline %d)", "Historique sur %d mois (pipeline %d)"), months, pipeline)
	case months == 1:
		return d.tr("History, same 1 month", "Historique, même mois")
	}
	return fmt.Sprintf(d.tr("History, same %d months", "Historique, mêmes %d mois"), months)
}

// pdfLegend is one entry of a chart legend; Line draws a line sample
// instead of a square.
type pdfLegend struct {
	label string
	c     pdfColor
	line  bool
	dash  bool // a dashed line sample
}

// legend draws legend entries on one line (or more) and returns the y
// below it.
func (d *pdfDoc) legend(x, y, w float64, items []pdfLegend) float64 {
	d.font("", 7)
	cx := x
	for _, it := range items {
		lw := d.f.GetStringWidth(it.label) + 7
		if cx+lw > x+w && cx > x {
			cx = x
			y += 4
		}
		if it.line {
			d.drawColor(it.c)
			d.f.SetLineWidth(0.6)
			if it.dash {
				d.f.SetDashPattern([]float64{1.2, 0.9}, 0)
			}
			d.f.Line(cx, y+1.5, cx+4, y+1.5)
			d.f.SetDashPattern(nil, 0)
			d.f.SetLineWidth(0.2)
		} else {
			d.fill(it.c)
			d.f.Rect(cx, y+0.4, 3, 2.4, "F")
		}
		d.color(pdfGrey)
		d.textAt(cx+5, y, lw-5, it.label, "L")
		cx += lw + 2
	}
	return y + 5
}

// pdfSeries is the trajectory of a target: plan, historical run-rate and
// actuals per month, cumulative for volumes, levels for rates.
type pdfSeries struct {
	q          pdfQuantity
	cumulative bool
	plan       []float64
	hist       []float64 // nil when the history gives no pace
	actual     []float64 // NaN where there is no actual
	hasActual  bool
	// catchUp runs from the last actual to the plan's end: the pace now
	// needed (METHOD §8); nil when no month remains or there is no actual.
	catchUp []float64
	months  []planner.Month
}

// series builds the trajectory of a target from its monthly plan.
func (d *pdfDoc) series(r *planner.TargetResult) pdfSeries {
	h := r.History
	window := float64(d.p.WindowMonths)
	if window <= 0 {
		window = 12
	}
	s := pdfSeries{q: pdfQuantityOf(r.Target.Metric), cumulative: true}
	var perMonth func(m planner.MonthPlan) float64
	rate := math.NaN()
	switch r.Target.Metric {
	case planner.NewCustomers:
		perMonth = func(m planner.MonthPlan) float64 { return m.Deals }
		if h.Closed > 0 {
			rate = float64(h.Won) / window
		}
	case planner.Opportunities:
		perMonth = func(m planner.MonthPlan) float64 { return m.Opportunities }
		if h.Created > 0 || h.OpportunitiesPerMonth > 0 {
			rate = h.OpportunitiesPerMonth
		}
	case planner.Meetings:
		perMonth = func(m planner.MonthPlan) float64 { return m.Meetings }
		if h.FunnelFromHistory && h.Funnel.OpportunityRate > 0 && h.OpportunitiesPerMonth > 0 {
			rate = h.OpportunitiesPerMonth / h.Funnel.OpportunityRate
		}
	case planner.WinRate, planner.DealSize:
		s.cumulative = false
	default: // revenue, and metrics the planner did not recognise
		s.q = pdfMoney
		perMonth = func(m planner.MonthPlan) float64 { return m.Revenue }
		if h.Won > 0 {
			rate = h.Revenue / window
		}
	}
	cum, cumA := 0.0, 0.0
	started, ended := false, false
	for i, m := range r.Monthly {
		s.months = append(s.months, m.Month)
		a := math.NaN()
		if s.cumulative {
			cum += perMonth(m)
			s.plan = append(s.plan, cum)
			if !math.IsNaN(rate) {
				s.hist = append(s.hist, rate*float64(i+1))
			}
			// Actuals accumulate from the first month that has one (the
			// pipeline months before the start have none); a later gap
			// ends the line rather than drawing a false plateau.
			switch {
			case m.HasActual && !ended && pdfFinite(m.Actual):
				cumA += m.Actual
				a = cumA
				s.hasActual, started = true, true
			case started:
				ended = true
			}
		} else {
			target := math.NaN()
			if r.Target.HasValue {
				target = r.Target.Value
			}
			s.plan = append(s.plan, target)
			switch {
			case r.Target.Metric == planner.WinRate && h.HasWinRate:
				s.hist = append(s.hist, h.WinRate)
			case r.Target.Metric == planner.DealSize && h.HasDeal:
				s.hist = append(s.hist, h.AvgDeal)
			}
			if m.HasActual {
				a = m.Actual
				s.hasActual = true
			}
		}
		s.actual = append(s.actual, a)
	}
	if len(s.hist) != len(s.plan) {
		s.hist = nil
	}
	if n := len(s.plan); s.cumulative && s.hasActual && n > 0 && pdfFinite(s.plan[n-1]) {
		k := -1
		for i, a := range s.actual {
			if !math.IsNaN(a) {
				k = i
			}
		}
		if k >= 0 && k < n-1 {
			s.catchUp = make([]float64, n)
			from, to := s.actual[k], s.plan[n-1]
			for i := range s.catchUp {
				s.catchUp[i] = math.NaN()
				if i >= k {
					s.catchUp[i] = from + (to-from)*float64(i-k)/float64(n-1-k)
				}
			}
		}
	}
	return s
}

// trajectory draws the monthly trajectory chart in the box (x, y, w, h).
func (d *pdfDoc) trajectory(r *planner.TargetResult, x, y, w, h float64) {
	s := d.series(r)
	title := d.tr("Monthly trajectory (cumulative)", "Trajectoire mensuelle (cumulée)")
	if !s.cumulative {
		title = d.tr("Monthly trajectory", "Trajectoire mensuelle")
	}
	d.font("B", 10.5)
	d.color(pdfBlack)
	d.textAt(x, y, w, title, "L")
	bottom := y + h
	y += 6
	hasData := false
	for _, v := range s.plan {
		if !math.IsNaN(v) && v > 0 {
			hasData = true
		}
	}
	if !hasData {
		d.font("I", 8)
		d.color(pdfGrey)
		d.paragraph(x, y+1, w, d.tr("No monthly plan for this target.", "Pas de plan mensuel pour cet objectif."), 2, "L")
		return
	}
	items := []pdfLegend{{label: d.tr("Plan", "Plan"), c: pdfAccent, line: true}}
	if s.hist != nil {
		items = append(items, pdfLegend{label: d.tr("Historical run-rate", "Rythme historique"), c: pdfHistory, line: true, dash: true})
	}
	if s.hasActual {
		items = append(items, pdfLegend{label: d.tr("Actual", "Réalisé"), c: pdfActual, line: true})
	}
	if s.catchUp != nil {
		items = append(items, pdfLegend{label: d.tr("Needed from now", "Nécessaire désormais"), c: pdfActual, line: true, dash: true})
	}
	y = d.legend(x, y, w, items)
	maxV, minV := 0.0, math.Inf(1)
	for _, vs := range [][]float64{s.plan, s.hist, s.actual} {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			maxV = math.Max(maxV, v)
			minV = math.Min(minV, v)
		}
	}
	if len(s.months) == 0 || maxV <= 0 {
		d.font("I", 8)
		d.color(pdfGrey)
		d.paragraph(x, y+2, w, d.tr("No monthly plan for this target.", "Pas de plan mensuel pour cet objectif."), 2, "L")
		return
	}
	// Cumulative volumes start at zero; a level (a rate, a deal size) is
	// read against its neighbours, so its axis starts near the lowest value
	// when that is well above zero.
	lo := 0.0
	if !s.cumulative && minV > 0.5*maxV {
		lo = minV * 0.8
	}
	ticks := pdfTicks(lo, maxV, 5)
	bot, top := ticks[0], ticks[len(ticks)-1]
	const axisW, labelsH = 14.0, 7.0
	cx, cw := x+axisW, w-axisW-1
	cy, ch := y+1, bottom-y-1-labelsH
	yOf := func(v float64) float64 { return cy + ch - ch*(v-bot)/(top-bot) }
	// Grid and y labels.
	d.f.SetLineWidth(0.12)
	for _, t := range ticks {
		yy := yOf(t)
		d.drawColor(pdfLightGrey)
		d.f.Line(cx, yy, cx+cw, yy)
		d.font("", 6.3)
		d.color(pdfGrey)
		d.textAt(x, yy-d.lineH()/2, axisW-1.2, d.compact(s.q, t), "R")
	}
	d.drawColor(pdfGrey)
	d.f.SetLineWidth(0.25)
	d.f.Line(cx, cy, cx, cy+ch)
	d.f.Line(cx, cy+ch, cx+cw, cy+ch)
	// X labels: every month when they fit, else every k-th.
	n := len(s.months)
	slot := cw / float64(n)
	xOf := func(i int) float64 { return cx + slot*(float64(i)+0.5) }
	d.font("", 6.3)
	step := 1
	for step < n && slot*float64(step) < d.f.GetStringWidth("MMMM")+1.2 {
		step++
	}
	for i := 0; i < n; i += step {
		m := s.months[i]
		lab := d.shortMonth(m.Month)
		d.color(pdfGrey)
		d.textAt(xOf(i)-slot*float64(step)/2, cy+ch+0.8, slot*float64(step), lab, "C")
		// The year under the first label and under the first label of
		// each new year.
		if i == 0 || m.Year != s.months[i-step].Year {
			d.textAt(xOf(i)-slot*float64(step)/2, cy+ch+3.6, slot*float64(step), strconv.Itoa(m.Year), "C")
		}
	}
	// Series.
	line := func(vs []float64, c pdfColor, width float64, dash bool, dots bool) {
		d.drawColor(c)
		d.f.SetLineWidth(width)
		if dash {
			d.f.SetDashPattern([]float64{1.2, 0.9}, 0)
		}
		var pts []fpdf.PointType
		flush := func() {
			if len(pts) > 1 {
				for i := 1; i < len(pts); i++ {
					d.f.Line(pts[i-1].X, pts[i-1].Y, pts[i].X, pts[i].Y)
				}
			}
			pts = pts[:0]
		}
		for i, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				flush()
				continue
			}
			v = math.Max(v, bot)
			pts = append(pts, fpdf.PointType{X: xOf(i), Y: yOf(v)})
			if dots {
				d.fill(c)
				d.f.Circle(xOf(i), yOf(v), 0.55, "F")
			}
		}
		flush()
		if dash {
			d.f.SetDashPattern(nil, 0)
		}
	}
	if s.hist != nil {
		line(s.hist, pdfHistory, 0.45, true, n <= 2)
	}
	line(s.plan, pdfAccent, 0.6, false, n <= 24)
	if s.catchUp != nil {
		line(s.catchUp, pdfActual, 0.45, true, false)
	}
	if s.hasActual {
		line(s.actual, pdfActual, 0.6, false, true)
	}
	// The plan's end value, so the chart can be read without the axis.
	if last := s.plan[n-1]; !math.IsNaN(last) {
		d.font("B", 6.5)
		d.color(pdfAccent)
		lx := xOf(n-1) - 22
		ly := yOf(last) - d.lineH() - 0.6
		if ly < cy-1 {
			ly = cy - 1
		}
		d.labelAt(lx, ly, 22.5, d.pdfValue(s.q, last), "R")
	}
	// The last actual, where there is one.
	for i := n - 1; i >= 0 && s.hasActual; i-- {
		if v := s.actual[i]; !math.IsNaN(v) {
			d.font("B", 6.5)
			d.color(pdfActual)
			ly := yOf(v) + 0.8
			if ly > cy+ch-d.lineH() {
				ly = yOf(v) - d.lineH() - 0.6
			}
			lab := d.pdfValue(s.q, v)
			if lw := d.f.GetStringWidth(lab); xOf(i)+1+lw > cx+cw {
				d.labelAt(xOf(i)-1-lw, ly, lw, lab, "R")
			} else {
				d.labelAt(xOf(i)+1, ly, lw, lab, "L")
			}
			break
		}
	}
	d.f.SetLineWidth(0.2)
}

// pdfTicks returns round axis ticks covering [lo, hi], about n of them (1,
// 2, 2.5 or 5 times a power of ten apart), starting at a multiple of the
// step at or below lo.
func pdfTicks(lo, hi float64, n int) []float64 {
	if hi <= 0 || math.IsNaN(hi) || math.IsInf(hi, 0) || math.IsNaN(lo) || lo < 0 || lo >= hi {
		lo = 0
	}
	if hi <= 0 || math.IsNaN(hi) || math.IsInf(hi, 0) {
		return []float64{0, 1}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	k0 := math.Floor(lo / step)
	var ticks []float64
	for i := 0; ; i++ {
		v := (k0 + float64(i)) * step
		ticks = append(ticks, v)
		if v >= hi*0.999999 || len(ticks) > 50 {
			break
		}
	}
	return ticks
}

// labelAt draws a chart label on a white ground so that lines under it do
// not cross the figures.
func (d *pdfDoc) labelAt(x, y, w float64, s, align string) {
	tw := math.Min(d.f.GetStringWidth(s), w)
	lx := x
	switch align {
	case "R":
		lx = x + w - tw
	case "C":
		lx = x + (w-tw)/2
	}
	d.fill(pdfWhite)
	d.f.Rect(lx-0.4, y, tw+0.8, d.lineH(), "F")
	d.textAt(x, y, w, s, align)
}
