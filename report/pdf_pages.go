package report

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// cover draws the first page: title, as-of date, history window, the
// targets counted by verdict, and the input files.
func (d *pdfDoc) cover() {
	d.cont = nil
	d.newPage()
	d.font("", 10)
	d.f.Bookmark(d.tr("Cover", "Couverture"), 0, 0)
	d.fill(pdfAccent)
	d.f.Rect(0, 0, pdfPageW, 10, "F")

	d.y = 55
	d.font("B", 26)
	d.color(pdfAccent)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, d.title(), 3, "L") + 2
	if strings.TrimSpace(d.opt.Title) != "" {
		d.font("", 15)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("Sales plan", "Plan commercial"), "L")
		d.y += 9
	}
	d.y += 4
	d.font("B", 13)
	d.color(pdfBlack)
	d.textAt(pdfMargin, d.y, pdfWidth, d.asOf, "L")
	d.y += 7
	d.font("", 10)
	d.color(pdfGrey)
	d.textAt(pdfMargin, d.y, pdfWidth, d.windowText(), "L")
	d.y += 5
	if !d.p.PreviousAsOf.IsZero() {
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("Previous run: ", "Calcul précédent : ")+
			locale.Date(d.lang, d.p.PreviousAsOf), "L")
		d.y += 5
	}

	// Targets by verdict.
	d.y += 12
	d.font("B", 11)
	d.color(pdfBlack)
	d.textAt(pdfMargin, d.y, pdfWidth, d.tr("Targets by verdict", "Objectifs par verdict"), "L")
	d.y += 7
	counts := map[planner.Verdict]int{}
	for i := range d.p.Targets {
		counts[d.p.Targets[i].Verdict]++
	}
	const gap = 4.0
	tw := (pdfWidth - 3*gap) / 4
	for i, v := range pdfVerdicts {
		x := pdfMargin + float64(i)*(tw+gap)
		fill, ink := pdfVerdictColors(v)
		d.fill(fill)
		d.f.RoundedRect(x, d.y, tw, 24, 2, "1234", "F")
		d.font("B", 22)
		d.color(ink)
		d.textAt(x, d.y+3, tw, strconv.Itoa(counts[v]), "C")
		d.font("B", 9)
		d.textAt(x+2, d.y+15.5, tw-4, verdictLabel(d.lang, v), "C")
	}
	d.y += 28
	teams := map[string]bool{}
	for i := range d.p.Targets {
		teams[d.p.Targets[i].Target.Team] = true
	}
	d.font("", 10)
	d.color(pdfBlack)
	d.textAt(pdfMargin, d.y, pdfWidth, d.countsText(len(d.p.Targets), len(teams)), "L")
	d.y += 5
	if other := len(d.p.Targets) - counts[planner.Achievable] - counts[planner.Stretch] -
		counts[planner.Unrealistic] - counts[planner.InsufficientData]; other > 0 {
		d.color(pdfRed)
		d.textAt(pdfMargin, d.y, pdfWidth, fmt.Sprintf(d.tr("%d targets have no verdict.",
			"%d objectifs n’ont pas de verdict."), other), "L")
		d.y += 5
	}

	// Inputs.
	d.y += 10
	d.font("B", 11)
	d.color(pdfBlack)
	d.textAt(pdfMargin, d.y, pdfWidth, d.tr("Input files", "Fichiers lus"), "L")
	d.y += 7
	if len(d.p.Files) == 0 {
		d.font("I", 9)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("No input file was recorded.", "Aucun fichier n’a été enregistré."), "L")
		d.y += 6
	} else {
		t := d.newTable(d.tr("Input files", "Fichiers lus"), []pdfCol{
			{Title: d.tr("File", "Fichier"), W: 82},
			{Title: d.tr("Kind", "Type"), W: 25},
			{Title: d.tr("Rows", "Lignes"), W: 20, Align: "R"},
			{Title: "SHA-256", W: 53},
		})
		for _, in := range d.p.Files {
			h := in.SHA256
			if len(h) > 16 {
				h = h[:16] + "…"
			}
			t.row([]pdfCell{{Text: filepath.Base(in.Path), Sub: pdfDirOf(in.Path)}, {Text: fileKindLabel(d.lang, in.Kind)},
				{Text: pdfNum(d.lang, float64(in.Rows), 0)}, {Text: h}})
		}
		t.end()
	}
	d.y += 4
	d.font("", 9.5)
	d.color(pdfBlack)
	d.paragraph(pdfMargin, d.y, pdfWidth, d.problemsText(), 2, "L")
}

// pdfDirOf is the directory of a path, or "" when it has none.
func pdfDirOf(p string) string {
	dir := filepath.Dir(p)
	if dir == "." || dir == "" {
		return ""
	}
	return dir
}

// windowText describes the history window (AsOf minus N months, AsOf].
func (d *pdfDoc) windowText() string {
	n := d.p.WindowMonths
	if n <= 0 || d.p.AsOf.IsZero() {
		return d.tr("History window: not recorded", "Fenêtre d’historique : non indiquée")
	}
	from := d.p.AsOf.AddDate(0, -n, 1)
	return fmt.Sprintf(d.tr("History window: %d months, %s – %s", "Fenêtre d’historique : %d mois, du %s au %s"),
		n, locale.Date(d.lang, from), locale.Date(d.lang, d.p.AsOf))
}

func (d *pdfDoc) countsText(targets, teams int) string {
	ts := d.tr("targets", "objectifs")
	if targets == 1 {
		ts = d.tr("target", "objectif")
	}
	tm := d.tr("teams", "équipes")
	if teams == 1 {
		tm = d.tr("team", "équipe")
	}
	return fmt.Sprintf("%d %s, %d %s", targets, ts, teams, tm)
}

func (d *pdfDoc) problemsText() string {
	return d.problemsCount(true)
}

// problemsCount counts the input problems in a sentence, pointing to the
// appendix when seeAppendix is set.
func (d *pdfDoc) problemsCount(seeAppendix bool) string {
	if len(d.p.Problems) == 0 {
		return d.tr("No problem was found in the input files.", "Aucun problème n’a été trouvé dans les fichiers.")
	}
	errs, total := 0, 0
	for _, pr := range d.p.Problems {
		total += pr.Count()
		if pr.Severity == planner.SeverityError {
			errs += pr.Count()
		}
	}
	s := fmt.Sprintf(d.tr("%s: %s (errors), %s.", "%s : %s (erreurs), %s."),
		countWords(d.lang, total, [4]string{"input problem", "input problems", "problème dans les fichiers", "problèmes dans les fichiers"}),
		countWords(d.lang, errs, [4]string{"row left out", "rows left out", "ligne écartée", "lignes écartées"}),
		countWords(d.lang, total-errs, [4]string{"warning", "warnings", "avertissement", "avertissements"}))
	if seeAppendix {
		s += d.tr(" See the appendix.", " Voir l’annexe.")
	}
	return s
}

// order returns the indexes of the targets sorted by team, then priority
// (unranked last), then id: the order of the summary and of the pages.
func (d *pdfDoc) order() []int {
	ts := d.p.Targets
	idx := make([]int, len(ts))
	for i := range idx {
		idx[i] = i
	}
	rank := func(p int) int {
		if p <= 0 {
			return math.MaxInt
		}
		return p
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := ts[idx[a]].Target, ts[idx[b]].Target
		if kx, ky := strings.ToLower(x.Team), strings.ToLower(y.Team); kx != ky {
			return kx < ky
		}
		if x.Team != y.Team {
			return x.Team < y.Team
		}
		if rx, ry := rank(x.Priority), rank(y.Priority); rx != ry {
			return rx < ry
		}
		return x.ID < y.ID
	})
	return idx
}

// summary draws the executive summary: one row per target.
func (d *pdfDoc) summary() {
	title := d.tr("Executive summary", "Synthèse")
	d.cont = nil
	d.newPage()
	d.f.Bookmark(title, 0, 0)
	d.sectionTitle(title)
	if len(d.p.Targets) == 0 {
		d.font("I", 10)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("The target files gave no target.", "Les fichiers d’objectifs ne contiennent aucun objectif."), "L")
		d.y += 8
		return
	}
	d.font("", 8.5)
	d.color(pdfGrey)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, d.tr(
		"Sorted by team, then priority. Probability: chance of reaching the target by its deadline, from a simulation of the team’s history.",
		"Triés par équipe, puis priorité. Probabilité : chance d’atteindre l’objectif à l’échéance, d’après une simulation de l’historique de l’équipe."), 3, "L") + 2
	t := d.newTable(title, []pdfCol{
		{Title: d.tr("Team / scope", "Équipe / périmètre"), W: 34},
		{Title: d.tr("Metric", "Indicateur"), W: 24},
		{Title: d.tr("Target", "Objectif"), W: 23, Align: "R"},
		{Title: d.tr("Verdict", "Verdict"), W: 27, Align: "C"},
		{Title: d.tr("Probability", "Probabilité"), W: 17, Align: "R"},
		{Title: d.tr("Main reason", "Raison principale"), W: 55},
	})
	for _, i := range d.order() {
		r := &d.p.Targets[i]
		prob := pdfCell{Text: pdfProbability(d.lang, r)}
		if !r.HasProbability {
			prob.Ink = &pdfGrey
			prob.MaxLines = 2
		}
		t.row([]pdfCell{
			{Text: pdfTeam(r.Target.Team), Sub: scopeLabel(d.lang, r.Target), Bold: true, MaxLines: 3},
			{Text: metricLabel(d.lang, r.Target), Sub: r.Target.ID, MaxLines: 2},
			{Text: TargetValue(d.lang, r.Target, d.cur), MaxLines: 2},
			{Badges: []planner.Verdict{r.Verdict}},
			prob,
			{Text: pdfMainReason(r), MaxLines: 4},
		})
	}
	t.end()
}

// changes draws the changes since the previous run, when there are any.
func (d *pdfDoc) changes() {
	if len(d.p.Changes) == 0 {
		return
	}
	title := d.tr("Changes since the last run", "Évolutions depuis le dernier calcul")
	d.cont = nil
	d.y += pdfGap
	d.ensure(40) // the title, the note, the table head and a first row
	d.f.Bookmark(title, 0, d.y)
	d.sectionTitle(title)
	if !d.p.PreviousAsOf.IsZero() {
		d.font("", 8.5)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, fmt.Sprintf(d.tr("Previous run as of %s.", "Calcul précédent au %s."),
			locale.Date(d.lang, d.p.PreviousAsOf)), "L")
		d.y += 5
	}
	t := d.newTable(title, []pdfCol{
		{Title: d.tr("Target", "Objectif"), W: 70},
		{Title: d.tr("Verdict: before → now", "Verdict : avant → maintenant"), W: 62, Align: "C"},
		{Title: d.tr("Probability: before → now", "Probabilité : avant → maintenant"), W: 48, Align: "R"},
	})
	for _, c := range d.p.Changes {
		sub := metricLabel(d.lang, planner.Target{Metric: c.Metric})
		if c.TargetID != "" {
			sub += " · " + c.TargetID
		}
		old := c.OldVerdict
		if c.New {
			old = ""
		}
		t.row([]pdfCell{
			{Text: pdfTeam(c.Team), Sub: sub, Bold: true, MaxLines: 2},
			{Badges: []planner.Verdict{old, c.NewVerdict}},
			{Text: d.probabilityChange(c), MaxLines: 2},
		})
	}
	t.end()
}

// probabilityChange formats "35% → 12% (−23 pts)", or the new probability
// alone for a new target; "not computed" when a run had none.
func (d *pdfDoc) probabilityChange(c planner.Change) string {
	now := probLabel(d.lang, c.NewProbability)
	switch {
	case c.New && c.NewVerdict != "" && c.NewProbability > 0:
		return d.tr("new: ", "nouveau : ") + now
	case c.New:
		return d.tr("new target", "nouvel objectif")
	case !c.HasProbability:
		return d.tr("not computed", "non calculée")
	}
	delta := math.Round((c.NewProbability - c.OldProbability) * 100)
	sign := "+"
	if delta < 0 {
		sign = "−"
	}
	pts := d.tr(" pts", "\u00a0pts")
	return fmt.Sprintf("%s → %s (%s%s%s)", probLabel(d.lang, c.OldProbability), now, sign,
		pdfNum(d.lang, math.Abs(delta), 0), pts)
}

// targets draws one page (or more) per target, in the summary's order.
func (d *pdfDoc) targets() {
	if len(d.p.Targets) == 0 {
		return
	}
	for n, i := range d.order() {
		d.targetPage(&d.p.Targets[i], n == 0)
	}
}

// appendix draws the ratios, assumptions, input problems and files.
func (d *pdfDoc) appendix() {
	title := d.tr("Appendix", "Annexe")
	d.cont = nil
	d.newPage()
	d.f.Bookmark(title, 0, 0)
	d.sectionTitle(title)

	if d.p.TrackRecord != nil {
		d.trackRecord()
		d.y += 3
	}
	d.subTitle(d.tr("Ratios by team", "Ratios par équipe"), 12)
	d.font("", 8)
	d.color(pdfGrey)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, d.tr(
		"Over the history window. Win rate with its 95% Wilson interval; n is the number of closed deals it rests on. A group with too few closed deals borrows its ratios from its parent.",
		"Sur la fenêtre d’historique. Taux de transformation avec son intervalle de Wilson à 95\u00a0% ; n est le nombre d’affaires clôturées (gagnées ou perdues) sur lequel il repose. Un groupe avec trop peu d’affaires clôturées emprunte les ratios de son parent."), 3, "L") + 1.5
	if len(d.p.Ratios) == 0 {
		d.none()
	} else {
		t := d.newTable(d.tr("Ratios by team", "Ratios par équipe"), []pdfCol{
			{Title: d.tr("Group", "Groupe"), W: 44},
			{Title: "n", W: 12, Align: "R"},
			{Title: d.tr("Win rate (95% interval)", "Taux de transformation (IC 95\u00a0%)"), W: 30, Align: "R"},
			{Title: d.tr("Average deal", "Panier moyen"), W: 22, Align: "R"},
			{Title: d.tr("Median cycle (days)", "Cycle médian (jours)"), W: 18, Align: "R"},
			{Title: d.tr("Opportunities a month", "Opportunités par mois"), W: 21, Align: "R"},
			{Title: d.tr("Won revenue", "CA gagné"), W: 33, Align: "R"},
		})
		for _, r := range d.p.Ratios {
			rate, ci := "–", ""
			if r.HasWinRate {
				rate = pdfPct(d.lang, r.WinRate, 1)
				ci = pdfPct(d.lang, r.WinRateLow, 0) + " – " + pdfPct(d.lang, r.WinRateHigh, 0)
			}
			avg := "–"
			if r.HasDeal {
				avg = pdfAmount(d.lang, r.AvgDeal, d.cur)
			}
			cyc := "–"
			if r.HasCycle {
				cyc = pdfNum(d.lang, r.CycleDaysMedian, 0)
			}
			sub := ""
			if r.BorrowedFrom != "" {
				sub = d.tr("uses the ratios of ", "utilise les ratios de ") + d.borrowedName(r.BorrowedFrom)
			}
			t.row([]pdfCell{
				{Text: d.groupLabel(r.Key), Sub: sub, Bold: r.Key.Segment == "" && r.Key.Offer == "" && r.Key.Owner == "", MaxLines: 2},
				{Text: pdfNum(d.lang, float64(r.Closed), 0)},
				{Text: rate, Sub: ci},
				{Text: avg},
				{Text: cyc},
				{Text: pdfNum(d.lang, r.OpportunitiesPerMonth, 1)},
				{Text: pdfAmount(d.lang, r.Revenue, d.cur)},
			})
		}
		t.end()

		d.y += 3
		d.subTitle(d.tr("Funnel rates", "Taux du tunnel"), 12)
		t = d.newTable(d.tr("Funnel rates", "Taux du tunnel"), []pdfCol{
			{Title: d.tr("Group", "Groupe"), W: 60},
			{Title: d.tr("Response rate", "Taux de réponse"), W: 26, Align: "R"},
			{Title: d.tr("Meeting rate", "Taux de rendez-vous"), W: 26, Align: "R"},
			{Title: d.tr("Opportunity rate", "Taux d’opportunité"), W: 26, Align: "R"},
			{Title: d.tr("Source", "Source"), W: 42},
		})
		for _, r := range d.p.Ratios {
			src, ink := d.tr("activity history", "historique d’activité"), pdfBlack
			if !r.FunnelFromHistory {
				src, ink = d.tr("ASSUMPTION (configured)", "HYPOTHÈSE (configurée)"), pdfRed
			}
			pct := func(v float64) string {
				if v <= 0 {
					return "–"
				}
				return pdfPct(d.lang, v, 1)
			}
			t.row([]pdfCell{
				{Text: d.groupLabel(r.Key), MaxLines: 2},
				{Text: pct(r.Funnel.ResponseRate)},
				{Text: pct(r.Funnel.MeetingRate)},
				{Text: pct(r.Funnel.OpportunityRate)},
				{Text: src, Ink: &ink, Bold: !r.FunnelFromHistory},
			})
		}
		t.end()
	}

	d.y += 3
	d.subTitle(d.tr("Assumptions used", "Hypothèses utilisées"), 12)
	if len(d.p.Assumptions) == 0 {
		d.font("I", 9)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("No configured assumption was used.",
			"Aucune hypothèse configurée n’a été utilisée."), "L")
		d.y += 6
	} else {
		t := d.newTable(d.tr("Assumptions used", "Hypothèses utilisées"), []pdfCol{
			{Title: d.tr("Scope", "Périmètre"), W: 50},
			{Title: d.tr("Assumption", "Hypothèse"), W: 40},
			{Title: d.tr("Value", "Valeur"), W: 22, Align: "R"},
			{Title: d.tr("Why", "Pourquoi"), W: 68},
		})
		for _, a := range d.p.Assumptions {
			scope := a.Scope
			if scope == "" {
				scope = d.tr("Company", "Entreprise")
			}
			val := pdfNum(d.lang, a.Value, 2)
			if strings.HasSuffix(a.Name, "_rate") || a.Name == "win_rate" {
				val = pdfPct(d.lang, a.Value, 1)
			}
			t.row([]pdfCell{
				{Text: scope, MaxLines: 2},
				{Text: d.tr("ASSUMPTION: ", "HYPOTHÈSE : ") + ratioLabel(d.lang, a.Name), MaxLines: 2},
				{Text: val},
				{Text: a.Why, MaxLines: 3},
			})
		}
		t.end()
	}

	d.y += 3
	d.problemsSection()
}

// borrowedName names the parent a group borrowed from.
func (d *pdfDoc) borrowedName(s string) string { return borrowedLabel(d.lang, s) }

// borrowedLabel names the parent a group borrowed from (Ratios.BorrowedFrom):
// "company" in the reader's words, a group as it is.
func borrowedLabel(lang, s string) string {
	if s == "company" {
		return tr(lang, "the company", "l’entreprise")
	}
	return s
}

// countWords is a count with its noun agreed in lang (locale.Counted):
// words holds the English singular and plural, then the French ones.
func countWords(lang string, n int, words [4]string) string {
	return locale.Counted(lang, n, tr(lang, words[0], words[2]), tr(lang, words[1], words[3]))
}

// fileKindLabel names the kind of an input file (planner.InputFile.Kind)
// in the reader's language.
func fileKindLabel(lang, kind string) string {
	if l, ok := fileKindLabels[kind]; ok {
		return tr(lang, l[0], l[1])
	}
	return kind
}

var fileKindLabels = map[string][2]string{
	"history": {"history", "historique"}, "activity": {"activity", "activité"}, "targets": {"targets", "objectifs"},
	"teams": {"teams", "équipes"}, "accounts": {"accounts", "comptes"}, "fx": {"exchange rates", "taux de change"}, "market": {"market", "marché"},
	"config": {"configuration", "configuration"},
}

func (d *pdfDoc) none() {
	d.font("I", 9)
	d.color(pdfGrey)
	d.textAt(pdfMargin, d.y, pdfWidth, d.tr("None.", "Aucun."), "L")
	d.y += 6
}

// pdfExamplesPerKind and pdfMaxExamples cap the problem examples.
const (
	pdfExamplesPerKind = 3
	pdfMaxExamples     = 30
)

// problemsSection summarises the input problems: counts by kind, then the
// first examples of each kind with their positions.
func (d *pdfDoc) problemsSection() {
	title := d.tr("Input problems", "Problèmes dans les fichiers")
	d.subTitle(title, 12)
	if len(d.p.Problems) == 0 {
		d.font("I", 9)
		d.color(pdfGrey)
		d.textAt(pdfMargin, d.y, pdfWidth, d.tr("No problem was found in the input files.",
			"Aucun problème n’a été trouvé dans les fichiers."), "L")
		d.y += 6
		return
	}
	ps := append([]planner.Problem(nil), d.p.Problems...)
	sort.SliceStable(ps, func(i, j int) bool { return problemLess(ps[i], ps[j]) })
	type count struct {
		kind          string
		errors, warns int
		first         planner.Problem
	}
	byKind := map[string]*count{}
	var kinds []string
	for _, pr := range ps {
		c := byKind[pr.Kind]
		if c == nil {
			c = &count{kind: pr.Kind, first: pr}
			byKind[pr.Kind] = c
			kinds = append(kinds, pr.Kind)
		}
		if pr.Severity == planner.SeverityError {
			c.errors += pr.Count()
		} else {
			c.warns += pr.Count()
		}
	}
	sort.Strings(kinds)
	d.font("", 8.5)
	d.color(pdfBlack)
	d.y += d.paragraph(pdfMargin, d.y, pdfWidth, d.problemsCount(false), 2, "L") + 1.5
	t := d.newTable(title, []pdfCol{
		{Title: d.tr("Kind", "Type"), W: 40},
		{Title: d.tr("Errors (row left out)", "Erreurs (ligne écartée)"), W: 24, Align: "R"},
		{Title: d.tr("Warnings (row used)", "Avertissements (ligne utilisée)"), W: 26, Align: "R"},
		{Title: d.tr("First at", "Première position"), W: 90},
	})
	for _, k := range kinds {
		c := byKind[k]
		t.row([]pdfCell{{Text: problemKind(d.lang, k), Bold: true}, {Text: pdfNum(d.lang, float64(c.errors), 0)}, {Text: pdfNum(d.lang, float64(c.warns), 0)},
			{Text: c.first.Position.String(), MaxLines: 2}})
	}
	t.end()

	d.y += 3
	d.subTitle(d.tr("First examples", "Premiers exemples"), 12)
	// Choose the examples first, so that the note about the others stands
	// above the table and never alone at the top of a page.
	shown := map[string]int{}
	var examples []planner.Problem
	listed := 0
	for _, pr := range ps {
		listed += pr.Count()
		if pr.Omitted > 0 || shown[pr.Kind] >= pdfExamplesPerKind || len(examples) >= pdfMaxExamples {
			continue
		}
		shown[pr.Kind]++
		examples = append(examples, pr)
	}
	if len(examples) < listed {
		d.font("I", 8)
		d.color(pdfGrey)
		d.ensure(5)
		d.textAt(pdfMargin, d.y, pdfWidth, fmt.Sprintf(d.tr("%d of %d problems; the workbook’s Problems sheet has more.",
			"%d problèmes sur %d ; la feuille Problèmes du classeur en donne davantage."), len(examples), listed), "L")
		d.y += 5
	}
	t = d.newTable(d.tr("First examples", "Premiers exemples"), []pdfCol{
		{Title: d.tr("Position", "Position"), W: 46},
		{Title: d.tr("Kind", "Type"), W: 38},
		{Title: d.tr("Problem", "Problème"), W: 96},
	})
	for _, pr := range examples {
		msg := pr.MessageIn(d.lang)
		if msg == "" {
			msg = fmt.Sprintf(d.tr("found %q, expected %s", "trouvé « %s », attendu %s"), pr.Value, pr.Expected)
		}
		pos := pr.Position.String()
		sub := ""
		if pr.Header != "" {
			sub = pr.Header
		}
		sev := pr.Severity
		if sev == planner.SeverityError {
			sev = d.tr("error", "erreur")
		} else if sev == planner.SeverityWarning {
			sev = d.tr("warning", "avertissement")
		}
		t.row([]pdfCell{{Text: pos, Sub: sub, MaxLines: 2}, {Text: problemKind(d.lang, pr.Kind), Sub: sev}, {Text: msg, MaxLines: 3}})
	}
	t.end()
}
