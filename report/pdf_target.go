package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// Heights of the funnel and trajectory charts on a target page, in mm:
// they take what the page leaves below the checklist and the verdict,
// within these bounds.
const (
	pdfMinChartH = 60.0
	pdfMaxChartH = 90.0
)

// targetPage draws the page of one target: title, key figures, SMART
// sentence, checklist and verdict side by side, funnel and trajectory side
// by side at the foot. To keep a target on one page, the verdict box lists
// only its most important reasons and the checklist its first classic
// mistakes when all of them would push the charts off the page; only
// content too long even then moves the charts to a continuation page.
func (d *pdfDoc) targetPage(r *planner.TargetResult, first bool) {
	d.cont = nil
	d.newPage()
	d.font("", 10)
	if first {
		d.f.Bookmark(d.tr("Targets", "Objectifs"), 0, 0)
	}
	d.f.Bookmark(pdfTeam(r.Target.Team)+" – "+metricLabel(d.lang, r.Target)+" "+r.Target.ID, 1, 0)
	d.targetTitle(r, false)
	d.cont = func() { d.targetTitle(r, true) }

	d.keyFigures(r)
	d.historyLine(r)
	d.progressLine(r)
	d.sentence(r)

	// Checklist | verdict.
	reasons := d.boxReasons(r)
	nr, nm, lh, rh := d.fitColumns(r, reasons, pdfBottom-d.y-pdfGap-pdfMinChartH)
	d.ensure(math.Max(lh, rh))
	d.checklist(r, pdfMargin, d.y, pdfColW, true, nm)
	d.verdictBox(r, reasons, pdfCol2X, d.y, pdfColW, true, nr)
	d.y += math.Max(lh, rh) + pdfGap

	// Funnel | trajectory: as tall as the page allows, within bounds.
	d.ensure(pdfMinChartH)
	chartH := math.Min(pdfMaxChartH, math.Max(pdfMinChartH, pdfBottom-d.y))
	d.funnel(r, pdfMargin, d.y, pdfColW, chartH)
	d.trajectory(r, pdfCol2X, d.y, pdfColW, chartH)
	d.y += chartH + pdfGap
	d.cont = nil
}

// The fewest reasons and classic mistakes a target page lists before it
// gives up keeping the charts on the same page: below that, the page would
// hide too much of why the verdict is what it is.
const (
	pdfMinReasons  = 4
	pdfMinMistakes = 2
)

// fitColumns chooses how many of the verdict box's reasons and of the
// classic mistakes to list so that both columns fit in room millimetres,
// dropping the least important first (the planner orders them by
// importance). When even the minimum does not fit, it lists them all (up
// to pdfMaxListed) and the charts go to a continuation page. It also
// returns the heights of the checklist (lh) and of the verdict box (rh)
// with the lists it chose.
func (d *pdfDoc) fitColumns(r *planner.TargetResult, reasons []planner.Reason, room float64) (nr, nm int, lh, rh float64) {
	allR := min(len(reasons), pdfMaxListed)
	allM := min(len(r.Mistakes), pdfMaxListed)
	verdict := func(n int) float64 { return d.verdictBox(r, reasons, 0, 0, pdfColW, false, n) }
	check := func(n int) float64 { return d.checklist(r, 0, 0, pdfColW, false, n) }
	nr, rh = allR, verdict(allR)
	for nr > pdfMinReasons && rh > room {
		nr--
		rh = verdict(nr)
	}
	nm, lh = allM, check(allM)
	for nm > pdfMinMistakes && lh > room {
		nm--
		lh = check(nm)
	}
	if rh > room || lh > room {
		return allR, allM, check(allM), verdict(allR)
	}
	return nr, nm, lh, rh
}

// boxReasons are the reasons the verdict box lists, by importance: the
// planner's, less the probability statement when the box's own
// probability line gives the same figures.
func (d *pdfDoc) boxReasons(r *planner.TargetResult) []planner.Reason {
	if !r.HasProbability || !pdfFinite(r.Probability) {
		return r.Reasons
	}
	out := make([]planner.Reason, 0, len(r.Reasons))
	for _, rs := range r.Reasons {
		if rs.Code != planner.CodeProbability {
			out = append(out, rs)
		}
	}
	return out
}

// targetTitle draws the head of a target page: team, metric, scope, id,
// period, and the verdict badge.
func (d *pdfDoc) targetTitle(r *planner.TargetResult, continued bool) {
	t := r.Target
	const bw = 36.0
	d.badge(pdfRight-bw, d.y+0.5, bw, 7, r.Verdict, 9)
	d.font("B", 14)
	d.color(pdfAccent)
	// A long team name wraps on two lines rather than overflowing; on a
	// continuation page the mark "(continued)" is kept whole.
	tw := pdfWidth - bw - 4
	lines := d.wrap(pdfTeam(t.Team), tw, 2)
	if continued {
		suffix := d.tr(" (continued)", " (suite)")
		last := &lines[len(lines)-1]
		*last = d.fit(*last, tw-d.f.GetStringWidth(suffix)) + suffix
	}
	for _, l := range lines {
		d.textAt(pdfMargin, d.y, tw, l, "L")
		d.y += d.lineH()
	}
	d.font("B", 10.5)
	d.color(pdfBlack)
	line := metricLabel(d.lang, t) + " · " + scopeLabel(d.lang, t)
	d.textAt(pdfMargin, d.y+0.5, pdfWidth-bw-4, line, "L")
	d.y += 5.5
	if !continued {
		d.font("", 8.5)
		d.color(pdfGrey)
		parts := []string{d.tr("Target ", "Objectif ") + pdfOr(t.ID, "–"), d.period(t)}
		if t.Priority > 0 {
			parts = append(parts, d.tr("priority ", "priorité ")+strconv.Itoa(t.Priority))
		} else {
			parts = append(parts, d.tr("no priority given", "sans priorité"))
		}
		if t.Source.File != "" {
			parts = append(parts, d.position(t.Source))
		}
		d.textAt(pdfMargin, d.y, pdfWidth, strings.Join(parts, " · "), "L")
		d.y += 4.5
	}
	d.drawColor(pdfLightGrey)
	d.f.SetLineWidth(0.3)
	d.f.Line(pdfMargin, d.y+1, pdfRight, d.y+1)
	d.y += 4
}

func pdfOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// keyFigures draws four boxes: target, probability, capacity ratio and the
// opportunities required a month.
func (d *pdfDoc) keyFigures(r *planner.TargetResult) {
	type fig struct{ label, value, sub string }
	q := pdfQuantityOf(r.Target.Metric)
	prob := fig{d.tr("Probability", "Probabilité"), pdfProbability(d.lang, r), ""}
	if r.HasProbability {
		prob.sub = "P50 " + d.pdfValue(q, r.P50)
		if r.ProbabilityError > 0 {
			prob.sub = "± " + pdfPct(d.lang, r.ProbabilityError, 1) + " · " + prob.sub
		}
	} else {
		prob.sub = d.tr("no simulation for this target", "pas de simulation pour cet objectif")
	}
	capa := fig{d.tr("Capacity ratio", "Ratio de capacité"), "–", d.tr("not computed", "non calculé")}
	if r.HasCapacity && pdfFinite(r.CapacityRatio) {
		capa.value = pdfNum(d.lang, r.CapacityRatio, 2) + "×"
		capa.sub = d.tr("required ÷ historical volume", "requis ÷ volume historique")
		if r.CapacityBase > 0 && r.CapacityBase != r.History.OpportunitiesPerMonth && r.Target.Metric != planner.Meetings {
			capa.sub = d.tr("required ÷ recent volume", "requis ÷ volume récent")
		}
	}
	opps := fig{d.tr("Opportunities a month", "Opportunités par mois"), "–", d.tr("not required", "non requis")}
	if !r.HasRequired {
		opps.sub = d.tr("not computed", "non calculé")
	}
	if r.HasRequired && r.Required.OpportunitiesPerMonth > 0 {
		opps.value = pdfCountText(d.lang, r.Required.OpportunitiesPerMonth)
		opps.sub = d.tr("history: ", "historique : ") + pdfNum(d.lang, r.History.OpportunitiesPerMonth, 1)
		if r.HasCapacity && r.CapacityBase > 0 && r.CapacityBase != r.History.OpportunitiesPerMonth {
			opps.sub = d.tr("recent pace: ", "rythme récent : ") + pdfNum(d.lang, r.CapacityBase, 1)
		}
	} else if r.HasRequired && r.Required.Meetings > 0 && r.Target.Metric == planner.Meetings {
		opps.label = d.tr("Meetings a month", "Rendez-vous par mois")
		if n := len(r.Monthly); n > 0 {
			opps.value = pdfCountText(d.lang, r.Required.Meetings/float64(n))
			opps.sub = fmt.Sprintf(d.tr("%s in total", "%s au total"), pdfCountText(d.lang, r.Required.Meetings))
		}
	}
	figs := []fig{
		{d.tr("Target", "Objectif"), TargetValue(d.lang, r.Target, d.cur), metricLabel(d.lang, r.Target)},
		prob, capa, opps,
	}
	const gap, h = 3.0, 16.0
	w := (pdfWidth - 3*gap) / 4
	d.ensure(h)
	for i, f := range figs {
		x := pdfMargin + float64(i)*(w+gap)
		d.fill(pdfZebra)
		d.f.Rect(x, d.y, w, h, "F")
		d.font("", 7.5)
		d.color(pdfGrey)
		d.textAt(x+2, d.y+1.5, w-4, f.label, "L")
		d.font("B", 12.5)
		d.color(pdfBlack)
		if f.value == "–" || (i == 1 && !r.HasProbability) {
			d.font("B", 10)
			d.color(pdfGrey)
		}
		d.textAt(x+2, d.y+5.3, w-4, f.value, "L")
		d.font("", 7)
		d.color(pdfGrey)
		d.textAt(x+2, d.y+11.3, w-4, f.sub, "L")
	}
	d.y += h + 3
}

// historyLine states the ratios the target was judged on.
func (d *pdfDoc) historyLine(r *planner.TargetResult) {
	h := r.History
	var parts []string
	if h.HasWinRate {
		parts = append(parts, fmt.Sprintf(d.tr("win rate %s (95%% interval %s – %s, %s)",
			"taux de transformation %s (IC 95\u00a0%% %s – %s, %s)"),
			pdfPct(d.lang, h.WinRate, 1), pdfPct(d.lang, h.WinRateLow, 0),
			pdfPct(d.lang, h.WinRateHigh, 0), countWords(d.lang, h.Closed, [4]string{"closed deal", "closed deals", "affaire clôturée", "affaires clôturées"})))
	} else {
		parts = append(parts, d.tr("no win rate", "pas de taux de transformation"))
	}
	if h.HasDeal {
		parts = append(parts, d.tr("average deal ", "panier moyen ")+pdfAmount(d.lang, h.AvgDeal, d.cur))
	}
	if h.HasCycle {
		parts = append(parts, fmt.Sprintf(d.tr("median cycle %s days", "cycle médian %s jours"), pdfNum(d.lang, h.CycleDaysMedian, 0)))
	}
	if h.Created == 0 && h.OpportunitiesPerMonth == 0 {
		parts = append(parts, d.tr("no opportunity created in the window", "aucune opportunité créée sur la fenêtre"))
	} else {
		parts = append(parts, fmt.Sprintf(d.tr("%s opportunities a month", "%s opportunités par mois"), pdfNum(d.lang, h.OpportunitiesPerMonth, 1)))
	}
	if h.BorrowedFrom != "" {
		parts = append(parts, d.tr("borrowed from ", "empruntés à ")+d.borrowedName(h.BorrowedFrom))
	}
	s := d.tr("History used: ", "Historique utilisé : ") + strings.Join(parts, " · ") + "."
	if r.CreationMonths > 0 {
		s += " " + fmt.Sprintf(d.tr("New pipeline to create from %s to %s (%d months).", "Pipeline à créer de %s à %s (%d mois)."),
			d.monthYear(r.CreationStart), d.monthYear(r.CreationEnd), r.CreationMonths)
	}
	d.font("", 8)
	d.color(pdfGrey)
	hh := d.paragraphHeight(pdfWidth, s, 3)
	d.ensure(hh)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, s, 3, "L") + 3
}

// progressLine shows plan and actual to date on a rerun (METHOD §8).
func (d *pdfDoc) progressLine(r *planner.TargetResult) {
	if !r.HasProgress {
		return
	}
	q := pdfQuantityOf(r.Target.Metric)
	gap := r.ActualToDate - r.PlanToDate
	gapText := d.pdfValue(q, gap)
	if q == pdfRate {
		// The gap between two rates is in percentage points.
		gapText = pdfNum(d.lang, gap*100, 1) + d.tr(" pts", "\u00a0pts")
	}
	if gap > 0 {
		gapText = "+" + gapText
	}
	s := fmt.Sprintf(d.tr("Progress: plan to date %s · actual to date %s · gap %s · needed a month from now %s",
		"Avancement : plan à date %s · réalisé à date %s · écart %s · nécessaire par mois désormais %s"),
		d.pdfValue(q, r.PlanToDate), d.pdfValue(q, r.ActualToDate), gapText, d.pdfValue(q, r.NeededPerMonth))
	d.font("B", 8.5)
	ink := pdfGreen
	if gap < 0 {
		ink = pdfRed
	}
	hh := d.paragraphHeight(pdfWidth-4, s, 2) + 2.4
	d.ensure(hh)
	d.fill(pdfColor{250, 250, 250})
	d.f.Rect(pdfMargin, d.y, pdfWidth, hh, "F")
	d.fill(ink)
	d.f.Rect(pdfMargin, d.y, 1, hh, "F")
	d.color(pdfBlack)
	d.paragraph(pdfMargin+3, d.y+1.2, pdfWidth-4, s, 2, "L")
	d.y += hh + 2.5
}

// sentence draws the SMART sentence in a box.
func (d *pdfDoc) sentence(r *planner.TargetResult) {
	s := strings.TrimSpace(r.Sentence)
	if s == "" {
		return
	}
	d.font("I", 9.5)
	h := d.paragraphHeight(pdfWidth-8, s, 5) + 4
	d.ensure(h)
	d.fill(pdfColor{238, 243, 248})
	d.f.Rect(pdfMargin, d.y, pdfWidth, h, "F")
	d.fill(pdfAccent)
	d.f.Rect(pdfMargin, d.y, 1.2, h, "F")
	d.color(pdfBlack)
	d.paragraph(pdfMargin+4, d.y+2, pdfWidth-8, s, 5, "L")
	d.y += h + pdfGap
}

// checklist draws (or, with draw false, only measures) the SMART checklist
// and the first nm classic mistakes in the column (x, w); it returns its
// height.
func (d *pdfDoc) checklist(r *planner.TargetResult, x, y, w float64, draw bool, nm int) float64 {
	y0 := y
	if draw {
		d.font("B", 10.5)
		d.color(pdfBlack)
		d.textAt(x, y, w, d.tr("SMART check", "Contrôle SMART"), "L")
	}
	y += 6
	s := r.Smart
	letters := []struct {
		letter, name string
		c            planner.Check
	}{
		{"S", d.tr("Specific", "Spécifique"), s.Specific},
		{"M", d.tr("Measurable", "Mesurable"), s.Measurable},
		{"A", d.tr("Achievable", "Atteignable"), s.Achievable},
		{"R", d.tr("Relevant", "Pertinent"), s.Relevant},
		{"T", d.tr("Time-bound", "Temporel"), s.TimeBound},
	}
	const box = 4.6
	for _, l := range letters {
		reason := ""
		if !l.c.Pass {
			reason = pdfOr(l.c.Reason, d.tr("Fails; no reason given.", "Non respecté ; aucune raison donnée."))
		}
		d.font("", 7.5)
		rh := 0.0
		if reason != "" {
			rh = d.paragraphHeight(w-box-8, reason, 3) + 0.4
		}
		h := math.Max(box, 4.2+rh) + 1.1
		if draw {
			bg := pdfPaleGreen
			if !l.c.Pass {
				bg = pdfPaleRed
			}
			d.fill(bg)
			d.f.Rect(x, y, w, h-0.5, "F")
			fill := pdfGreen
			if !l.c.Pass {
				fill = pdfRed
			}
			d.fill(fill)
			d.f.Rect(x, y, box, box, "F")
			d.font("B", 8.5)
			d.color(pdfWhite)
			d.textAt(x, y+(box-d.lineH())/2, box, l.letter, "C")
			d.font("B", 8.5)
			d.color(pdfBlack)
			d.textAt(x+box+2, y+(box-d.lineH())/2, w-box-10, l.name, "L")
			d.mark(x+w-5, y+(box-3.2)/2, 3.2, l.c.Pass)
			if reason != "" {
				d.font("", 7.5)
				d.color(pdfBlack)
				d.paragraph(x+box+2, y+4.4, w-box-8, reason, 3, "L")
			}
		}
		y += h
	}
	if len(r.Mistakes) > 0 {
		y += 2
		if draw {
			d.font("B", 8.5)
			d.color(pdfRed)
			d.textAt(x, y, w, d.tr("Classic mistakes seen", "Erreurs classiques relevées"), "L")
		}
		y += 4.5
		y = d.bullets(x, y, w-1, r.Mistakes, nm, 7.5, 3, draw, func(n int) string {
			return fmt.Sprintf(d.tr("… and %d more", "… et %d autres"), n)
		})
	}
	return y - y0
}

// pdfMaxListed caps the reasons and mistakes listed on a target page even
// when there is room for more; the workbook lists them all.
const pdfMaxListed = 8

// verdictBox draws (or measures) the verdict, the first nr of its reasons
// (from boxReasons), the levers when the target is not achievable, and the
// probability with P10/P50/P90.
func (d *pdfDoc) verdictBox(r *planner.TargetResult, reasons []planner.Reason, x, y, w float64, draw bool, nr int) float64 {
	y0 := y
	// The heading carries the verdict's badge, beside it.
	if draw {
		d.font("B", 10.5)
		d.color(pdfBlack)
		label := d.tr("Verdict", "Verdict")
		d.textAt(x, y, w, label, "L")
		bx := x + d.f.GetStringWidth(label) + 3
		// As wide as its label needs ("Données insuffisantes"), at least 30.
		d.font("B", 8.5)
		bw := math.Min(math.Max(30, d.f.GetStringWidth(verdictLabel(d.lang, r.Verdict))+6), x+w-bx)
		d.badge(bx, y-0.4, bw, 5.2, r.Verdict, 8.5)
	}
	y += 6
	top := y
	in := x + 3
	iw := w - 5
	y += 2
	// Reasons.
	if len(r.Reasons) == 0 {
		d.font("I", 8)
		if draw {
			d.color(pdfGrey)
			d.textAt(in, y, iw, d.tr("No reason given.", "Aucune raison donnée."), "L")
		}
		y += d.lineH() + 1
	}
	y = d.bullets(in, y, iw, reasons, nr, 7.8, 4, draw, d.moreReasons)
	// Levers.
	if r.Verdict != planner.Achievable && len(r.Levers) > 0 {
		y += 1.2
		d.font("B", 8.5)
		if draw {
			d.color(pdfBlack)
			d.textAt(in, y, iw, d.tr("What one lever alone would need", "Ce qu’il faudrait, un levier à la fois"), "L")
		}
		y += 4.3
		for _, l := range r.Levers {
			d.font("", 8)
			label := d.leverLabel(l.Name)
			val := d.leverValue(l.Name, l.Current) + " → " + d.leverValue(l.Name, l.Required)
			ink := pdfBlack
			var comps string
			if l.Name == planner.LeverDeclared {
				// The declared levers move together: each by the same uplift.
				label = d.tr("Declared levers together", "Leviers déclarés ensemble")
				val = "+" + pdfPct(d.lang, l.Uplift, 1) + d.tr(" each", " chacun")
				names := make([]string, len(l.Components))
				for i, c := range l.Components {
					names[i] = d.leverShort(c)
				}
				comps = strings.Join(names, ", ")
				if !l.Feasible {
					val = d.tr("out of reach", "hors d’atteinte")
				}
			} else if !l.Feasible {
				val = d.leverValue(l.Name, l.Current) + d.tr(" → out of reach alone", " → hors d’atteinte seul")
			}
			if !l.Feasible {
				ink = pdfRed
			}
			if draw {
				d.color(pdfGrey)
				d.textAt(in, y, iw*0.45, label, "L")
				d.font("B", 8)
				d.color(ink)
				d.textAt(in+iw*0.45, y, iw*0.55, val, "R")
			}
			y += d.lineH() + 0.8
			if comps != "" {
				d.font("", 7)
				h := d.paragraphHeight(iw-3, comps, 2)
				if draw {
					d.color(pdfGrey)
					d.paragraph(in+3, y-0.6, iw-3, comps, 2, "L")
				}
				y += h + 0.2
			}
		}
	}
	// Probability.
	y += 1.2
	d.font("B", 8.5)
	if draw {
		d.color(pdfBlack)
		d.textAt(in, y, iw*0.7, d.tr("Probability of reaching the target", "Probabilité d’atteindre l’objectif"), "L")
		d.font("B", 11)
		ink := pdfBlack
		if !r.HasProbability {
			d.font("I", 8.5)
			ink = pdfGrey
		}
		d.color(ink)
		d.textAt(in+iw*0.7, y-0.5, iw*0.3, pdfProbability(d.lang, r), "R")
	}
	y += 4.8
	d.font("", 8)
	var pq string
	if r.HasProbability {
		q := pdfQuantityOf(r.Target.Metric)
		pq = fmt.Sprintf(d.tr("Outcome P10 %s · P50 %s · P90 %s", "Résultat P10 %s · P50 %s · P90 %s"),
			d.pdfValue(q, r.P10), d.pdfValue(q, r.P50), d.pdfValue(q, r.P90))
	} else {
		pq = d.tr("Not computed: the history does not allow a simulation for this target.",
			"Non calculée : l’historique ne permet pas de simuler cet objectif.")
	}
	ph := d.paragraphHeight(iw, pq, 2)
	if draw {
		d.color(pdfGrey)
		d.paragraph(in, y, iw, pq, 2, "L")
	}
	y += ph + 1.5
	if draw {
		fill, _ := pdfVerdictColors(r.Verdict)
		d.fill(fill)
		d.f.Rect(x, top, 1.2, y-top, "F")
		d.drawColor(pdfLightGrey)
		d.f.SetLineWidth(0.2)
		d.f.Rect(x, top, w, y-top, "D")
	}
	return y - y0
}

// moreReasons says how many reasons the verdict box leaves out.
func (d *pdfDoc) moreReasons(n int) string {
	if n == 1 {
		return d.tr("+1 more reason in the workbook", "+1 autre raison dans le classeur")
	}
	return fmt.Sprintf(d.tr("+%d more reasons in the workbook", "+%d autres raisons dans le classeur"), n)
}

// position formats where a target row came from, in the report language
// (positionText).
func (d *pdfDoc) position(p planner.Position) string { return positionText(d.lang, p) }

// positionText formats where a target row came from, in lang:
// "targets.xlsx: North row 5" or "targets.xlsx : North, ligne 5".
func positionText(lang string, p planner.Position) string {
	if lang != "fr" {
		return p.String()
	}
	switch {
	case p.Sheet != "" && p.Ref != "":
		return fmt.Sprintf("%s : %s!%s", p.File, p.Sheet, p.Ref)
	case p.Sheet != "":
		return fmt.Sprintf("%s : %s, ligne %d", p.File, p.Sheet, p.Row)
	case p.Row > 0:
		return fmt.Sprintf("%s, ligne %d", p.File, p.Row)
	default:
		return p.File
	}
}

// bullets draws (or, when draw is false, only measures) a bulleted list of
// reasons from y in a column of width w, each wrapped to at most maxLines
// lines, and returns the y below it. After limit items it stops with the
// line more(n) for the n left out.
func (d *pdfDoc) bullets(x, y, w float64, items []planner.Reason, limit int, size float64, maxLines int,
	draw bool, more func(n int) string) float64 {
	for i, it := range items {
		if i == limit {
			d.font("I", 7.5)
			if draw {
				d.color(pdfGrey)
				d.textAt(x, y, w, more(len(items)-i), "L")
			}
			return y + d.lineH() + 0.8
		}
		d.font("", size)
		msg := pdfOr(it.Message, it.Code)
		h := d.paragraphHeight(w-3, msg, maxLines)
		if draw {
			d.color(pdfBlack)
			d.textAt(x, y, 3, "•", "L")
			d.paragraph(x+3, y, w-3, msg, maxLines, "L")
		}
		y += h + 0.8
	}
	return y
}
