package templates

import (
	"maps"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// targetHeaders are the target sheet columns (issue 2), in order, in
// English and French; the importer accepts both.
var targetHeaders = map[string][]string{
	"en": {"id", "team", "segment", "offer", "metric", "value", "baseline", "start", "deadline", "lever", "priority", "rationale"},
	"fr": {"identifiant", "équipe", "segment", "offre", "indicateur", "valeur", "référence", "début", "échéance", "levier", "priorité", "justification"},
}

// historyHeaders are the history columns of METHOD §2 / issue 3.
var historyHeaders = map[string][]string{
	"en": {"id", "owner", "team", "segment", "offer", "account", "stage", "created date", "close date", "amount", "currency"},
	"fr": {"identifiant", "propriétaire", "équipe", "segment", "offre", "compte", "étape", "date de création", "date de clôture", "montant", "devise"},
}

// activityHeaders are the activity columns of METHOD §2.
var activityHeaders = map[string][]string{
	"en": {"team", "month", "contacts", "responses", "meetings", "opportunities"},
	"fr": {"équipe", "mois", "contacts", "réponses positives", "rendez-vous", "opportunités"},
}

// TargetHeaders returns the target sheet headers in the language ("en" or
// "fr"): id, team, segment, offer, metric, value, baseline, start,
// deadline, lever, priority, rationale.
func TargetHeaders(lang string) []string { return clone(targetHeaders[locale.Normalize(lang)]) }

// HistoryHeaders returns the history headers in the language.
func HistoryHeaders(lang string) []string { return clone(historyHeaders[locale.Normalize(lang)]) }

// ActivityHeaders returns the activity headers in the language.
func ActivityHeaders(lang string) []string { return clone(activityHeaders[locale.Normalize(lang)]) }

func clone(s []string) []string { return append([]string(nil), s...) }

var frMetrics = map[planner.Metric]string{
	planner.Revenue:       "chiffre d'affaires",
	planner.NewCustomers:  "nouveaux clients",
	planner.Meetings:      "rendez-vous",
	planner.Opportunities: "opportunités",
	planner.WinRate:       "taux de transformation",
	planner.DealSize:      "panier moyen",
}

// MetricName returns the name of a metric as written in a target sheet:
// the metric itself in English ("new_customers"), its French name in
// French ("nouveaux clients"). An unknown metric is returned unchanged.
func MetricName(lang string, m planner.Metric) string {
	if locale.Normalize(lang) == "fr" {
		if s, ok := frMetrics[m]; ok {
			return s
		}
	}
	return string(m)
}

// frLeverCode is a lever code's French spelling: its French words, joined
// by underscores (nouveaux_clients).
func frLeverCode(code string) string {
	l, _ := planner.LeverLabel("fr", code)
	return strings.ReplaceAll(l, " ", "_")
}

// leverSynonyms maps a normalised lever text (see leverKey) to its code,
// for the words people write besides the codes and their French
// spellings, which leverAliases adds.
var leverSynonyms = map[string]string{
	"new_logo": "new_logos", "new_customers": "new_logos", "acquisition": "new_logos",
	"nouveaux_logos": "new_logos", "conquete": "new_logos",
	"up_sell": "upsell", "cross_sell": "upsell", "expansion": "upsell", "ventes_additionnelles": "upsell",
	"price": "pricing", "prix": "pricing", "tarification": "pricing", "hausse_de_prix": "pricing",
	"new_product": "new_offer", "nouveau_produit": "new_offer",
	"partner": "partners", "partnerships": "partners", "channel": "partners",
	"partenariats": "partners", "partenaire": "partners",
	"efficacite": "productivity",
}

// leverAliases maps a normalised lever text (see leverKey) to its code:
// every code of planner.TemplateLevers, its French spelling and the
// synonyms.
var leverAliases = func() map[string]string {
	m := maps.Clone(leverSynonyms)
	for _, c := range planner.TemplateLevers {
		m[leverKey(c)], m[leverKey(frLeverCode(c))] = c, c
	}
	return m
}()

// Levers returns the lever codes of the targets template's drop-down list
// in the language: new_logos, upsell, pricing, new_offer, partners,
// productivity, or their French spellings.
func Levers(lang string) []string {
	out := clone(planner.TemplateLevers)
	if locale.Normalize(lang) == "fr" {
		for i, c := range out {
			out[i] = frLeverCode(c)
		}
	}
	return out
}

// LeverCode returns the English code of a lever written in either
// language and in any case, accents or spacing ("Nouveaux clients",
// "new-logos", "Productivité"), and false when the text is not one of the
// known levers (a free-text lever is still a lever; it only has no
// dedicated wording).
func LeverCode(text string) (string, bool) {
	c, ok := leverAliases[leverKey(text)]
	return c, ok
}

// leverKey lower-cases s, strips accents and joins words with "_".
func leverKey(s string) string {
	if !isASCII(s) {
		t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		if r, _, err := transform.String(t, s); err == nil {
			s = r
		}
	}
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "_")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
