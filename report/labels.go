package report

import (
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// The words shared by every writer: one name per verdict, metric and scope,
// so that the PDF, the workbook and the terminal say the same thing.

// verdictLabel names a verdict for people.
func verdictLabel(lang string, v planner.Verdict) string {
	switch v {
	case planner.Achievable:
		return tr(lang, "Achievable", "Atteignable")
	case planner.Stretch:
		return tr(lang, "Stretch", "Ambitieux")
	case planner.Unrealistic:
		return tr(lang, "Unrealistic", "Irréaliste")
	case planner.InsufficientData:
		return tr(lang, "Insufficient data", "Données insuffisantes")
	case "":
		return "–"
	default:
		return string(v)
	}
}

// metricLabel names a target's metric for people; an unknown metric is
// shown as the user wrote it.
func metricLabel(lang string, t planner.Target) string {
	switch t.Metric {
	case planner.Revenue:
		return tr(lang, "Revenue", "Chiffre d’affaires")
	case planner.NewCustomers:
		return tr(lang, "New customers", "Nouveaux clients")
	case planner.Meetings:
		return tr(lang, "Meetings", "Rendez-vous")
	case planner.Opportunities:
		return tr(lang, "Opportunities", "Opportunités")
	case planner.WinRate:
		return tr(lang, "Win rate", "Taux de transformation")
	case planner.DealSize:
		return tr(lang, "Deal size", "Panier moyen")
	}
	if t.MetricText != "" {
		return t.MetricText
	}
	if t.Metric == "" {
		return "–"
	}
	return string(t.Metric)
}

// scopeLabel is the segment and offer of a target, or the whole team.
func scopeLabel(lang string, t planner.Target) string {
	var parts []string
	for _, s := range []string{t.Segment, t.Offer} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return tr(lang, "whole team", "toute l’équipe")
	}
	return strings.Join(parts, " · ")
}

// ratioLabel names a ratio of the funnel or the history, as assumptions
// name them ("response_rate", …).
func ratioLabel(lang, name string) string {
	switch name {
	case "response_rate":
		return tr(lang, "Response rate", "Taux de réponse")
	case "meeting_rate":
		return tr(lang, "Meeting rate", "Taux de rendez-vous")
	case "opportunity_rate":
		return tr(lang, "Opportunity rate", "Taux d’opportunité")
	case "win_rate":
		return tr(lang, "Win rate", "Taux de transformation")
	case "deal_size":
		return tr(lang, "Deal size", "Panier moyen")
	}
	return name
}
