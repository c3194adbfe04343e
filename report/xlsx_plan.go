package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
)

// The Plan, History and Problems sheets.

// xlPlanned is the month's plan of the target's own metric.
func xlPlanned(t planner.Target, m planner.MonthPlan) (float64, bool) {
	switch t.Metric {
	case planner.Revenue:
		return m.Revenue, true
	case planner.NewCustomers:
		return m.Deals, true
	case planner.Meetings:
		return m.Meetings, true
	case planner.Opportunities:
		return m.Opportunities, true
	case planner.WinRate, planner.DealSize:
		return t.Value, t.HasValue
	}
	return 0, false
}

// xlCumulative reports whether a metric adds up over months (and can be
// charted as cumulative progress).
func xlCumulative(m planner.Metric) bool {
	switch m {
	case planner.Revenue, planner.NewCustomers, planner.Meetings, planner.Opportunities:
		return true
	}
	return false
}

func (x *xlWriter) plan() error {
	sh := x.names[2]
	heads := []string{x.t("Team", "Équipe"), x.t("Target", "Objectif"), x.t("Metric", "Indicateur"), x.t("Month", "Mois"),
		x.t("Deals", "Affaires"), x.t("Opportunities to create", "Opportunités à créer"), x.t("Meetings", "Rendez-vous"),
		x.t("Contacts", "Contacts"), x.t("Revenue", "Chiffre d’affaires"),
		x.t("Cumulative deals", "Affaires cumulées"), x.t("Cumulative revenue", "Chiffre d’affaires cumulé"),
		x.t("Plan (metric)", "Plan (indicateur)"), x.t("Actual", "Réalisé"), x.t("Gap", "Écart")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	row := 1
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		t := r.Target
		hasDeals, hasOpps := metricFunnelLines(t.Metric)
		for _, m := range r.Monthly {
			row++
			pv, hasPlan := xlPlanned(t, m)
			mStyle := x.metricFlowStyle(t.Metric)
			for _, err := range []error{
				x.str(sh, 1, row, t.Team, x.st.wrap),
				x.str(sh, 2, row, t.ID, x.st.text),
				x.str(sh, 3, row, x.metricLabel(t), x.st.text),
				x.date(sh, 4, row, m.Month.Start(), x.st.month),
				x.numIf(sh, 5, row, m.Deals, hasDeals, x.st.dec),
				x.numIf(sh, 6, row, m.Opportunities, hasOpps, x.st.dec),
				x.num(sh, 7, row, m.Meetings, x.st.dec),
				x.num(sh, 8, row, m.Contacts, x.st.dec),
				x.numIf(sh, 9, row, m.Revenue, hasDeals, x.st.money),
				x.numIf(sh, 10, row, m.CumDeals, hasDeals, x.st.dec),
				x.numIf(sh, 11, row, m.CumRevenue, hasDeals, x.st.money),
				x.numIf(sh, 12, row, pv, hasPlan, mStyle),
				x.numIf(sh, 13, row, m.Actual, m.HasActual, mStyle),
				x.numIf(sh, 14, row, m.Actual-pv, m.HasActual && hasPlan, mStyle),
			} {
				if err != nil {
					return err
				}
			}
		}
	}
	x.sheets[sh].fixed[1] = 30 // team names can be long: they wrap
	return x.freezeFilter(sh, len(heads), row)
}

// History sheet.

func (x *xlWriter) groupLabel(k planner.GroupKey) string {
	var parts []string
	for _, s := range []string{k.Team, k.Segment, k.Offer, k.Owner} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return x.t("Company", "Entreprise")
	}
	return strings.Join(parts, " · ")
}

func (x *xlWriter) history() error {
	sh := x.names[3]
	heads := []string{x.t("Team", "Équipe"), "Segment", x.t("Offer", "Offre"), x.t("Owner", "Commercial"),
		x.t("Closed", "Clôturées"), x.t("Won", "Gagnées"), x.t("Lost", "Perdues"),
		x.t("Win rate", "Taux de transformation"), x.t("Win rate, low (95%)", "Taux, borne basse (95 %)"),
		x.t("Win rate, high (95%)", "Taux, borne haute (95 %)"),
		x.t("Conversion per created opportunity", "Conversion par opportunité créée"),
		x.t("Average deal", "Panier moyen"), x.t("Median deal", "Panier médian"),
		x.t("Cycle, median days", "Cycle médian (jours)"), x.t("Cycle, 80th percentile days", "Cycle, 80e centile (jours)"),
		x.t("Opportunities created", "Opportunités créées"), x.t("Opportunities per month", "Opportunités par mois"),
		x.t("Won revenue", "Chiffre d’affaires gagné"), x.t("Trailing 12-month revenue", "Chiffre d’affaires 12 mois glissants"),
		x.t("Open deals", "Affaires ouvertes"), x.t("Open amount", "Montant ouvert"), x.t("Open age, median days", "Âge médian des affaires ouvertes (jours)"),
		x.t("Response rate", "Taux de réponse"), x.t("Meeting rate", "Taux de rendez-vous"), x.t("Opportunity rate", "Taux d’opportunité"),
		x.t("Funnel rates from", "Source des taux"), x.t("Borrowed from", "Emprunté à")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	row := 1
	for _, r := range x.p.Ratios {
		row++
		team := r.Key.Team
		if team == "" && r.Key.Segment == "" && r.Key.Offer == "" && r.Key.Owner == "" {
			team = x.t("Company", "Entreprise")
		}
		source := x.t("history", "historique")
		if !r.FunnelFromHistory {
			source = x.t("assumption", "hypothèse")
		}
		hasFunnel := r.Funnel.ResponseRate > 0 || r.Funnel.MeetingRate > 0 || r.Funnel.OpportunityRate > 0
		if !hasFunnel {
			source = ""
		}
		for _, err := range []error{
			x.str(sh, 1, row, team, x.st.wrap), x.str(sh, 2, row, r.Key.Segment, x.st.text),
			x.str(sh, 3, row, r.Key.Offer, x.st.text), x.str(sh, 4, row, r.Key.Owner, x.st.text),
			x.num(sh, 5, row, float64(r.Closed), x.st.count), x.num(sh, 6, row, float64(r.Won), x.st.count),
			x.num(sh, 7, row, float64(r.Lost), x.st.count),
			x.numIf(sh, 8, row, r.WinRate, r.HasWinRate, x.st.pct), x.numIf(sh, 9, row, r.WinRateLow, r.HasWinRate, x.st.pct),
			x.numIf(sh, 10, row, r.WinRateHigh, r.HasWinRate, x.st.pct),
			x.numIf(sh, 11, row, r.Conversion, r.HasConversion, x.st.pct),
			x.numIf(sh, 12, row, r.AvgDeal, r.HasDeal, x.st.money), x.numIf(sh, 13, row, r.MedianDeal, r.HasDeal, x.st.money),
			x.numIf(sh, 14, row, r.CycleDaysMedian, r.HasCycle, x.st.count), x.numIf(sh, 15, row, r.CycleDaysP80, r.HasCycle, x.st.count),
			x.num(sh, 16, row, float64(r.Created), x.st.count), x.num(sh, 17, row, r.OpportunitiesPerMonth, x.st.dec),
			x.num(sh, 18, row, r.Revenue, x.st.money), x.num(sh, 19, row, r.Trailing12Revenue, x.st.money),
			x.num(sh, 20, row, float64(r.Open), x.st.count), x.num(sh, 21, row, r.OpenAmount, x.st.money),
			x.numIf(sh, 22, row, r.OpenAgeDaysMedian, r.Open > 0, x.st.count),
			x.numIf(sh, 23, row, r.Funnel.ResponseRate, hasFunnel, x.st.pct), x.numIf(sh, 24, row, r.Funnel.MeetingRate, hasFunnel, x.st.pct),
			x.numIf(sh, 25, row, r.Funnel.OpportunityRate, hasFunnel, x.st.pct),
			x.str(sh, 26, row, source, x.st.text), x.str(sh, 27, row, borrowedLabel(x.lang, r.BorrowedFrom), x.st.text),
		} {
			if err != nil {
				return err
			}
		}
	}
	s := x.sheets[sh]
	s.fixed[1] = 30
	lastRatios := row
	if err := x.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := x.f.AutoFilter(sh, "A1:"+xlRef(len(heads), max(lastRatios, 2)), nil); err != nil {
		return err
	}

	// Assumptions.
	if len(x.p.Assumptions) > 0 {
		row += 2
		if err := x.titleCell(sh, row, x.t("Assumptions (configured, not from history)", "Hypothèses (configurées, pas issues de l’historique)")); err != nil {
			return err
		}
		row++
		if err := x.header(sh, row, 1, []string{x.t("Scope", "Périmètre"), x.t("Ratio", "Ratio"), x.t("Value", "Valeur"), x.t("Why", "Pourquoi")}); err != nil {
			return err
		}
		for _, a := range x.p.Assumptions {
			row++
			scope := a.Scope
			if scope == "" {
				scope = x.t("Company", "Entreprise")
			}
			for _, err := range []error{
				x.str(sh, 1, row, scope, x.st.wrap), x.str(sh, 2, row, ratioLabel(x.lang, a.Name), x.st.text),
				x.num(sh, 3, row, a.Value, x.st.pct), x.str(sh, 4, row, a.Why, x.st.text),
			} {
				if err != nil {
					return err
				}
			}
		}
	}

	// Exchange rates (issue 11): the rate each amount was converted at.
	if len(x.p.FX) > 0 {
		row += 2
		title := fmt.Sprintf(x.t("Exchange rates used (into %s: a closed deal at its close date's rate, an open deal at the as-of date's)",
			"Taux de change appliqués (vers %s : une affaire close au taux de sa date de clôture, une affaire ouverte au taux de la date du plan)"),
			x.p.Currency)
		if err := x.titleCell(sh, row, title); err != nil {
			return err
		}
		row++
		if err := x.header(sh, row, 1, []string{x.t("Currency", "Devise"), x.t("Rate", "Taux"), x.t("From", "Du"), x.t("To", "Au"),
			x.t("Deals converted", "Affaires converties"), x.t("Amount in the currency", "Montant dans la devise"),
			x.t("Amount converted", "Montant converti")}); err != nil {
			return err
		}
		for _, u := range x.p.FX {
			row++
			for _, err := range []error{
				x.str(sh, 1, row, u.Currency, x.st.text), x.num(sh, 2, row, u.Rate, x.st.text),
				x.str(sh, 3, row, u.From.String(), x.st.text), x.str(sh, 4, row, u.To.String(), x.st.text),
				x.num(sh, 5, row, float64(u.Deals), x.st.count), x.num(sh, 6, row, u.Amount, x.st.dec),
				x.num(sh, 7, row, u.Converted, x.st.money),
			} {
				if err != nil {
					return err
				}
			}
		}
	}

	// Monthly series of each group.
	row += 2
	if err := x.titleCell(sh, row, x.t("Monthly series", "Séries mensuelles")); err != nil {
		return err
	}
	row++
	if err := x.header(sh, row, 1, []string{x.t("Group", "Groupe"), x.t("Month", "Mois"),
		x.t("Opportunities created", "Opportunités créées"), x.t("Won revenue", "Chiffre d’affaires gagné")}); err != nil {
		return err
	}
	for _, r := range x.p.Ratios {
		label := x.groupLabel(r.Key)
		months := map[planner.Month][2]float64{}
		var keys []planner.Month
		seen := map[planner.Month][2]bool{}
		for _, mv := range r.MonthlyOpportunities {
			v := months[mv.Month]
			v[0] = mv.Value
			months[mv.Month] = v
			s := seen[mv.Month]
			if !s[0] && !s[1] {
				keys = append(keys, mv.Month)
			}
			s[0] = true
			seen[mv.Month] = s
		}
		for _, mv := range r.MonthlyRevenue {
			v := months[mv.Month]
			v[1] = mv.Value
			months[mv.Month] = v
			s := seen[mv.Month]
			if !s[0] && !s[1] {
				keys = append(keys, mv.Month)
			}
			s[1] = true
			seen[mv.Month] = s
		}
		slices.SortFunc(keys, func(a, b planner.Month) int { return a.Start().Compare(b.Start()) })
		for _, m := range keys {
			row++
			v, s := months[m], seen[m]
			for _, err := range []error{
				x.str(sh, 1, row, label, x.st.text), x.date(sh, 2, row, m.Start(), x.st.month),
				x.numIf(sh, 3, row, v[0], s[0], x.st.count), x.numIf(sh, 4, row, v[1], s[1], x.st.money),
			} {
				if err != nil {
					return err
				}
			}
		}
	}
	return x.chartData(x.names[5], 1)
}

func (x *xlWriter) titleCell(sh string, row int, text string) error {
	ref := xlRef(1, row)
	x.sheets[sh].touch(1, row)
	if err := x.f.SetCellStr(sh, ref, text); err != nil {
		return err
	}
	return x.f.SetCellStyle(sh, ref, ref, x.st.title)
}

// xlChartTeam is one team's block of chart data on the hidden Chart data
// sheet.
type xlChartTeam struct {
	team           string
	headerRow      int // the row naming the series
	firstRow, last int // rows of months
	monthCol       int
	seriesCols     []int    // plan and actual of each target, in pairs
	ids            []string // the targets, one per pair
	spans          [][2]int // the rows of each target's own months, one per pair
}

// chartData writes, per team, the cumulative plan and actual of each of its
// cumulative targets as a share of the target, month by month, and records
// where, for the Plan sheet's charts.
func (x *xlWriter) chartData(sh string, row int) error {
	type teamTargets struct {
		team    string
		targets []*planner.TargetResult
	}
	var teams []*teamTargets
	byTeam := map[string]*teamTargets{}
	for i := range x.p.Targets {
		r := &x.p.Targets[i]
		if !xlCumulative(r.Target.Metric) || len(r.Monthly) == 0 || !r.Target.HasValue || r.Target.Value <= 0 {
			continue
		}
		tt := byTeam[r.Target.Team]
		if tt == nil {
			tt = &teamTargets{team: r.Target.Team}
			byTeam[r.Target.Team] = tt
			teams = append(teams, tt)
		}
		tt.targets = append(tt.targets, r)
	}
	x.charts = x.charts[:0]
	if len(teams) == 0 {
		return nil
	}
	if err := x.titleCell(sh, row, x.t("Chart data: cumulative plan and actual, share of each target",
		"Données des graphiques : plan et réalisé cumulés, en part de chaque objectif")); err != nil {
		return err
	}
	row++
	for _, tt := range teams {
		row++
		if err := x.str(sh, 1, row, tt.team, x.st.bold); err != nil {
			return err
		}
		ct := xlChartTeam{team: tt.team}
		row++
		ct.headerRow = row
		ct.monthCol = 1
		// The months of the team: from the earliest start to the latest end.
		first, last := tt.targets[0].Monthly[0].Month, tt.targets[0].Monthly[len(tt.targets[0].Monthly)-1].Month
		for _, r := range tt.targets {
			if m := r.Monthly[0].Month; m.Before(first) {
				first = m
			}
			if m := r.Monthly[len(r.Monthly)-1].Month; last.Before(m) {
				last = m
			}
		}
		var months []planner.Month
		for m := first; !last.Before(m); m = m.Add(1) {
			months = append(months, m)
		}
		heads := []string{x.t("Month", "Mois")}
		for _, r := range tt.targets {
			heads = append(heads, r.Target.ID+x.t(" plan", " plan"), r.Target.ID+x.t(" actual", " réalisé"))
		}
		if err := x.header(sh, row, 1, heads); err != nil {
			return err
		}
		ct.firstRow = row + 1
		for i, m := range months {
			if err := x.date(sh, 1, row+1+i, m.Start(), x.st.month); err != nil {
				return err
			}
		}
		for k, r := range tt.targets {
			planCol, actCol := 2+2*k, 3+2*k
			ct.seriesCols = append(ct.seriesCols, planCol, actCol)
			ct.ids = append(ct.ids, r.Target.ID)
			ct.spans = append(ct.spans, [2]int{row + 1 + xlMonthIndex(months, r.Monthly[0].Month),
				row + 1 + xlMonthIndex(months, r.Monthly[len(r.Monthly)-1].Month)})
			var cumPlan, cumAct float64
			actualRun := true
			for _, mp := range r.Monthly {
				i := xlMonthIndex(months, mp.Month)
				pv, _ := xlPlanned(r.Target, mp)
				cumPlan += pv
				if err := x.num(sh, planCol, row+1+i, cumPlan/r.Target.Value, x.st.pct0); err != nil {
					return err
				}
				if !mp.HasActual {
					actualRun = false
				}
				if actualRun {
					cumAct += mp.Actual
					if err := x.num(sh, actCol, row+1+i, cumAct/r.Target.Value, x.st.pct0); err != nil {
						return err
					}
				}
			}
		}
		row += len(months)
		ct.last = row
		x.charts = append(x.charts, ct)
	}
	return nil
}

func xlMonthIndex(months []planner.Month, m planner.Month) int {
	for i, v := range months {
		if v == m {
			return i
		}
	}
	return 0
}

// Problems sheet.

// problemRow writes one problem on the Problems sheet sh, at row.
func (x *xlWriter) problemRow(sh string, row int, pr planner.Problem) error {
	sev := pr.Severity
	switch sev {
	case planner.SeverityError:
		sev = x.t("error", "erreur")
	case planner.SeverityWarning:
		sev = x.t("warning", "avertissement")
	}
	for _, err := range []error{
		x.str(sh, 1, row, pr.File, x.st.text), x.str(sh, 2, row, pr.Sheet, x.st.text),
		x.numIf(sh, 3, row, float64(pr.Row), pr.Row > 0, x.st.count),
		x.numIf(sh, 4, row, float64(pr.Col), pr.Col > 0, x.st.count),
		x.str(sh, 5, row, pr.Ref, x.st.text), x.str(sh, 6, row, pr.Header, x.st.text),
		x.str(sh, 7, row, pr.Value, x.st.text), x.str(sh, 8, row, pr.Expected, x.st.wrap),
		x.str(sh, 9, row, problemKind(x.lang, pr.Kind), x.st.text), x.str(sh, 10, row, sev, x.st.text),
		x.str(sh, 11, row, pr.MessageIn(x.lang), x.st.wrap),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func (x *xlWriter) problems() error {
	sh := x.names[4]
	heads := []string{x.t("File", "Fichier"), x.t("Sheet", "Feuille"), x.t("Row / line", "Ligne"), x.t("Column", "Colonne"),
		x.t("Cell", "Cellule"), x.t("Header", "En-tête"), x.t("Value", "Valeur"), x.t("Expected", "Attendu"),
		x.t("Kind", "Type"), x.t("Severity", "Gravité"), x.t("Message", "Message")}
	if err := x.header(sh, 1, 1, heads); err != nil {
		return err
	}
	x.sheets[sh].fixed[11] = xlWrapWidth
	row := 2
	for _, pr := range x.p.Problems {
		if err := x.problemRow(sh, row, pr); err != nil {
			return err
		}
		row++
	}
	// the texts cut so far, this sheet's own included
	for i := 0; i < len(x.cuts); i++ {
		c := x.cuts[i]
		pr := planner.Problem{Position: planner.Position{Sheet: c.sheet, Ref: c.ref}, Kind: "text_cut", Severity: planner.SeverityWarning,
			Value:    fmt.Sprintf(x.t("%d characters", "%d caractères"), c.runes),
			Expected: x.t("at most 32,767 characters, the limit of a cell", "au plus 32 767 caractères, la limite d’une cellule"),
			Message: fmt.Sprintf(x.t("the text of %s!%s has %d characters: it is cut at 32,767 with a marker; plan.json holds it whole",
				"le texte de %s!%s a %d caractères : il est coupé à 32 767, avec une marque ; plan.json le contient entier"), c.sheet, c.ref, c.runes)}
		if err := x.problemRow(sh, row, pr); err != nil {
			return err
		}
		row++
	}
	x.sheets[sh].fixed[8] = min(xlMaxWidth, max(20, x.width(sh, 8)))
	return x.freezeFilter(sh, len(heads), row-1)
}
