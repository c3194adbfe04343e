package planner

import (
	"fmt"
	"time"

	"github.com/smartplan/smartplan/planner/locale"
)

// Reason codes. They are stable: reports and scripts key on them.
const (
	CodeBorrowed    = "borrowed"
	CodeSmallSample = "small_sample"
	CodeAssumption  = "assumption"
	CodeNoHistory   = "no_history"
	CodeNoAmounts   = "no_amounts"
	// CodeMarket and CodeMarketContacts are the addressable-market
	// check's (issue 11).
	CodeMarket         = "market"
	CodeMarketContacts = "market_contacts"
	CodeNoPipeline     = "no_pipeline"
	CodeUnknownMetric  = "unknown_metric"
	CodeNoValue        = "no_value"
	CodeBadValue       = "bad_value"
	CodeBadDates       = "bad_dates"
	CodeNoBaseline     = "no_baseline"
	CodeCapacity       = "capacity"
	CodeRecentPace     = "recent_pace"
	msgTrackShort      = "track.short"     // a track record with too few cases
	msgDriverMeetings  = "driver.meetings" // the capacity driver of a meetings target
	// msgCapacityYield and msgCapacityCovered are sentences of the
	// capacity check (Reason.Code CodeCapacity) done as a convolution.
	msgCapacityYield     = "capacity.yield"
	msgCapacityCovered   = "capacity.covered"
	CodeCapacityMeetings = "capacity_meetings"
	CodeCapacityContacts = "capacity_contacts"
	CodeCycle            = "cycle"
	CodeCycleWindow      = "cycle_window"
	CodeProbability      = "probability"
	CodeSimulation       = "simulation"
	CodeRateRealism      = "rate_realism"
	CodeDealSizeRealism  = "deal_size_realism"
	CodeGrowth           = "growth"
	CodeGrowthLever      = "growth_lever"
	CodeCoverage         = "coverage"
	CodeReached          = "reached"
	CodeSeasonalFallback = "seasonal_fallback"
	CodeLeverUnknown     = "lever_unknown"
	CodeLeverEffect      = "lever_effect"
	CodeRevenueEffect    = "revenue_effect"
	CodeDealSizeEffect   = "deal_size_effect"
	// CodeRevenueEffectDown and CodeDealSizeEffectDown are the effects of a
	// rate or deal-size target below the figure on record.
	CodeRevenueEffectDown = "revenue_effect_down"
	// The decision: what decided the verdict, and why the probability
	// decides where a deterministic check seems to say otherwise.
	CodeDecidedProbability = "decided_by_probability"
	CodeDecidedCap         = "decided_by_cap"
	// The drivers of a probability, quoted in the decision.
	CodeDriverOpenOnly       = "driver_open_only"
	CodeDriverCapacityOpen   = "driver_capacity_open"
	CodeDriverCapacity       = "driver_capacity"
	CodeDriverCapacityRecent = "driver_capacity_recent"
	CodeDriverRate           = "driver_rate"
	CodeDriverDealSize       = "driver_deal_size"
	CodeDriverMedian         = "driver_median"
	CodeReconcileCoverage    = "coverage_vs_probability"
	CodeReconcileCapacity    = "capacity_vs_probability"
	CodeDealSizeEffectDown   = "deal_size_effect_down"
	CodeMistakeCapacity      = "over_capacity"
	CodeMistakeMonthly       = "no_monthly_breakdown"
	CodeMistakeCycle         = "period_shorter_than_cycle"
	CodeMistakePriority      = "no_priority_order"
	CodeSpecificTeam         = "specific_team"
	CodeSpecificScope        = "specific_scope"
	CodeSpecificNoScope      = "specific_no_scope"
	CodeSpecificLever        = "specific_lever"
	CodeMeasurableMetric     = "measurable_metric"
	CodeMeasurableValue      = "measurable_value"
	CodeMeasurableBase       = "measurable_baseline"
	CodeAchievableVerdict    = "achievable_verdict"
	CodeRelevant             = "relevant"
	CodeTimeBound            = "time_bound"
)

// catalog holds every sentence of the planner, English then French. The
// arguments are already formatted for the language (numbers, amounts,
// percentages, dates) and are referred to by position.
var catalog = map[string][2]string{
	CodeBorrowed: {
		"Only %[1]s closed deals for %[2]s in the window: win rate, deal size and cycle are borrowed from %[3]s (%[4]s closed deals).",
		"Seulement %[1]s affaires clôturées pour %[2]s sur la période : taux de transformation, montant moyen et cycle sont empruntés à %[3]s (%[4]s affaires clôturées).",
	},
	CodeSmallSample: {
		"Only %[1]s closed deals in the whole history window: every ratio is uncertain.",
		"Seulement %[1]s affaires clôturées sur toute la période d’historique : tous les ratios sont incertains.",
	},
	CodeAssumption: {
		"No activity of team %[1]s measures its %[2]s: it is an assumption (%[3]s), not a measured rate.",
		"Aucune activité de l’équipe %[1]s ne mesure son %[2]s : c’est une hypothèse (%[3]s), pas un taux mesuré.",
	},
	CodeNoHistory: {
		"No won deal for %[1]s in the %[2]s months before %[3]s, even after borrowing: there is no ratio to plan from.",
		"Aucune affaire gagnée pour %[1]s dans les %[2]s mois avant le %[3]s, même en reprenant les ratios du groupe parent : aucun ratio sur lequel fonder le plan.",
	},
	CodeMarket: {
		"Needs %[1]s new customers in %[2]s, whose market holds %[3]s addressable accounts%[4]s: %[5]s are left to win, and the target is %[6]s.",
		"Il faut %[1]s nouveaux clients sur %[2]s, dont le marché compte %[3]s comptes adressables%[4]s : il en reste %[5]s à gagner, et l’objectif en représente %[6]s.",
	},
	CodeMarketContacts: {
		"Needs %[1]s contacts in %[2]s, more than its market holds: %[3]s accounts × %[4]s contacts, %[5]s in all.",
		"Il faut %[1]s contacts sur %[2]s, plus que n’en compte son marché : %[3]s comptes × %[4]s contacts, soit %[5]s.",
	},
	CodeNoAmounts: {
		"The deals won by %[1]s in the %[2]s months before %[3]s carry no usable amount (see the input problems: amounts in several currencies without exchange rates are left out): an amount target cannot be judged without them.",
		"Les affaires gagnées par %[1]s dans les %[2]s mois avant le %[3]s n’ont aucun montant utilisable (voir les anomalies des fichiers : des montants en plusieurs devises sans taux de change sont écartés) : un objectif en montant ne peut pas être jugé sans eux.",
	},
	CodeNoPipeline: {
		"No opportunity created for %[1]s in the %[2]s months before %[3]s and none open: the scope has no pipeline history.",
		"Aucune opportunité créée pour %[1]s dans les %[2]s mois avant le %[3]s et aucune en cours : le périmètre n’a pas d’historique de pipeline.",
	},
	CodeUnknownMetric: {
		"Unknown metric “%[1]s”: expected revenue, new_customers, meetings, opportunities, win_rate or deal_size.",
		"Indicateur inconnu « %[1]s » : attendu chiffre d’affaires, nouveaux clients, rendez-vous, opportunités, taux de transformation ou panier moyen.",
	},
	CodeNoValue: {
		"The target has no positive value.",
		"L’objectif n’a pas de valeur positive.",
	},
	CodeBadValue: {
		"A rate target must be between 0 and 100%%; found %[1]s.",
		"Un objectif de taux doit être compris entre 0 et 100 %%; valeur trouvée : %[1]s.",
	},
	CodeBadDates: {
		"The period is not usable: start %[1]s, deadline %[2]s (both are needed, in order).",
		"La période n’est pas exploitable : début %[1]s, échéance %[2]s (les deux sont nécessaires, dans l’ordre).",
	},
	CodeNoBaseline: {
		"No baseline given: the historical %[1]s (%[2]s) is used instead.",
		"Pas de point de départ donné : la valeur historique (%[2]s) du %[1]s est utilisée.",
	},
	CodeCapacity: {
		"Needs %[1]s qualified opportunities a month from %[2]s to %[3]s against %[4]s a month on record: capacity ratio %[5]s.",
		"Il faut %[1]s opportunités qualifiées par mois de %[2]s à %[3]s contre %[4]s par mois historiquement : ratio de capacité %[5]s.",
	},
	msgCapacityYield: {
		"Needs %[1]s qualified opportunities a month against %[2]s a month lately: capacity ratio %[3]s. This counts the open pipeline's expected %[4]s, a conversion of %[5]s per created opportunity, and how many of them close inside the period given the sales cycle (an opportunity created after %[6]s rarely closes by %[7]s).",
		"Il faut %[1]s opportunités qualifiées par mois contre %[2]s par mois récemment : ratio de capacité %[3]s. Ce calcul tient compte du rendement attendu du pipeline ouvert (%[4]s), d’une conversion de %[5]s par opportunité créée et de la part de celles-ci qui se concluent dans la période, vu le cycle de vente (une opportunité créée après le %[6]s se conclut rarement d’ici le %[7]s).",
	},
	msgTrackShort: {
		"The history gives only %[1]s cases to score (at least %[2]s are needed): too short to tell how far to trust the percentages.",
		"L’historique ne donne que %[1]s cas à évaluer (il en faut au moins %[2]s) : trop peu pour dire quel crédit accorder aux pourcentages.",
	},
	msgCapacityCovered: {
		"The open pipeline's expected %[1]s covers what is left to win (%[2]s): no new opportunity is needed (%[3]s a month lately), capacity ratio 0.",
		"Le rendement attendu du pipeline ouvert (%[1]s) couvre ce qui reste à gagner (%[2]s) : aucune nouvelle opportunité n’est nécessaire (%[3]s par mois récemment), ratio de capacité 0.",
	},
	CodeRecentPace: {
		"Opportunity creation has %[1]s: %[2]s a month lately (recent months weigh most, half-life of 3 months) against %[3]s a month over the window; the probability follows the recent pace.",
		"La création d’opportunités %[1]s : %[2]s par mois récemment (les derniers mois pèsent le plus, demi-vie de 3 mois) contre %[3]s par mois sur la fenêtre ; la probabilité suit le rythme récent.",
	},
	CodeCapacityMeetings: {
		"Needs %[1]s meetings a month against %[2]s a month on record (ratio %[3]s).",
		"Il faut %[1]s rendez-vous par mois contre %[2]s par mois historiquement (ratio %[3]s).",
	},
	CodeCapacityContacts: {
		"Needs %[1]s contacts a month against %[2]s a month on record (ratio %[3]s).",
		"Il faut %[1]s contacts par mois contre %[2]s par mois historiquement (ratio %[3]s).",
	},
	CodeCycle: {
		"With a median sales cycle of %[1]s days, opportunities created from now on cannot close by %[2]s: only the open pipeline (%[3]s recent deals, %[4]s expected) can deliver the %[5]s still needed.",
		"Avec un cycle de vente médian de %[1]s jours, les opportunités créées désormais ne peuvent pas être signées avant le %[2]s : seul le pipeline en cours (%[3]s affaires récentes, %[4]s attendus) peut apporter les %[5]s restants.",
	},
	CodeCycleWindow: {
		"With a median sales cycle of %[1]s days, new pipeline can only be created from %[2]s to %[3]s: %[4]s months instead of %[5]s, so the monthly requirement rises.",
		"Avec un cycle de vente médian de %[1]s jours, le nouveau pipeline ne peut être créé que de %[2]s à %[3]s : %[4]s mois au lieu de %[5]s, l’effort mensuel augmente d’autant.",
	},
	CodeProbability: {
		"Probability of reaching the target: %[1]s ± %[6]s (P10 %[2]s, P50 %[3]s, P90 %[4]s, %[5]s simulated runs; ± two standard errors of the simulation%[7]s).",
		"Probabilité d’atteindre l’objectif : %[1]s ± %[6]s (P10 %[2]s, P50 %[3]s, P90 %[4]s, %[5]s simulations ; ± deux écarts types de la simulation%[7]s).",
	},
	CodeSimulation: {
		"The probability could not be simulated: %[1]s.",
		"La probabilité n’a pas pu être simulée : %[1]s.",
	},
	CodeRateRealism: {
		"Target win rate %[1]s against %[2]s on record (95%% interval %[3]s to %[4]s, %[5]s closed deals); best quarter %[6]s.",
		"Taux de transformation visé %[1]s contre %[2]s historiquement (intervalle à 95\u00a0%% de %[3]s à %[4]s, %[5]s affaires clôturées) ; meilleur trimestre %[6]s.",
	},
	CodeDealSizeRealism: {
		"Target average deal %[1]s against %[2]s on record (95%% interval up to %[3]s, %[4]s won deals); best quarter %[5]s.",
		"Montant moyen visé %[1]s contre %[2]s historiquement (intervalle à 95\u00a0%% jusqu’à %[3]s, %[4]s affaires gagnées) ; meilleur trimestre %[5]s.",
	},
	CodeGrowth: {
		"The target is %[1]s a year against %[2]s won over the last 12 months%[4]s (%[3]s growth) and no lever is declared.",
		"L’objectif représente %[1]s par an contre %[2]s gagnés sur les 12 derniers mois%[4]s (croissance de %[3]s) et aucun levier n’est déclaré.",
	},
	CodeGrowthLever: {
		"The target is %[1]s a year against %[2]s won over the last 12 months%[5]s (%[3]s growth), through the declared lever %[4]s.",
		"L’objectif représente %[1]s par an contre %[2]s gagnés sur les 12 derniers mois%[5]s (croissance de %[3]s), grâce au levier déclaré %[4]s.",
	},
	CodeCoverage: {
		"Open pipeline of %[1]s (%[2]s deals%[7]s): won at about %[3]s, less for older deals, and counting only the deals expected to close by the deadline, it should bring %[4]s on average, %[5]s of the %[6]s still to win.",
		"Pipeline en cours de %[1]s (%[2]s affaires%[7]s) : transformé à environ %[3]s, moins pour les affaires anciennes, et en ne comptant que les affaires attendues avant l’échéance, il devrait apporter %[4]s en moyenne, soit %[5]s des %[6]s restant à gagner.",
	},
	CodeReached: {
		"Already reached: %[1]s achieved by %[2]s against a target of %[3]s.",
		"Déjà atteint : %[1]s réalisés au %[2]s pour un objectif de %[3]s.",
	},
	CodeSeasonalFallback: {
		"Only %[1]s months of history: seasonal phasing needs 12, so the months are phased flat.",
		"Seulement %[1]s mois d’historique : la saisonnalité en demande 12, la répartition mensuelle est donc linéaire.",
	},
	CodeLeverUnknown: {
		"The declared lever %[1]s is not one whose effect can be computed (volume, win rate or deal size).",
		"Le levier déclaré %[1]s n’a pas d’effet calculable (volume, taux de transformation ou montant).",
	},
	CodeLeverEffect: {
		"The declared lever %[1]s would need %[2]s more on %[3]s %[4]s.",
		"Le levier déclaré %[1]s demanderait %[2]s de plus sur %[3]s %[4]s.",
	},
	CodeRevenueEffect: {
		"Moving the %[1]s from %[2]s to %[3]s on %[4]s opportunities (the flow on record over the period) wins %[5]s more deals, worth %[6]s.",
		"Passer le %[1]s de %[2]s à %[3]s sur %[4]s opportunités (le flux historique sur la période) apporte %[5]s affaires de plus, soit %[6]s.",
	},
	CodeDecidedProbability: {
		"%[1]s at a %[2]s probability (achievable from %[3]s, unrealistic below %[4]s): %[5]s.",
		"%[1]s avec une probabilité de %[2]s (atteignable à partir de %[3]s, irréaliste en dessous de %[4]s) : %[5]s.",
	},
	CodeDriverOpenOnly: {
		"new pipeline cannot close in time, and the open pipeline should bring %[1]s of what is left",
		"une nouvelle opportunité n’a pas le temps de se conclure, et le pipeline en cours devrait apporter %[1]s du reste à faire",
	},
	CodeDriverCapacityOpen: {
		"it needs %[1]s times the opportunities created a month on record, and the open pipeline should bring %[2]s of what is left",
		"il faut %[1]s fois les opportunités créées par mois jusqu’ici, et le pipeline en cours devrait apporter %[2]s du reste à faire",
	},
	CodeDriverCapacityRecent: {
		"it needs %[1]s times the opportunities created a month over the window, and %[2]s times the recent pace, which the simulation follows",
		"il faut %[1]s fois les opportunités créées par mois sur la période, et %[2]s fois le rythme récent, que suit la simulation",
	},
	msgDriverMeetings: {
		"it needs %[1]s times the meetings held a month on record",
		"il faut %[1]s fois les rendez-vous tenus par mois jusqu’ici",
	},
	CodeDriverCapacity: {
		"it needs %[1]s times the opportunities created a month on record",
		"il faut %[1]s fois les opportunités créées par mois jusqu’ici",
	},
	CodeDriverRate: {
		"a win rate of %[1]s against %[2]s on record",
		"un taux de transformation de %[1]s contre %[2]s jusqu’ici",
	},
	CodeDriverDealSize: {
		"an average deal of %[1]s against %[2]s on record, with few deals in the period to average (median outcome %[3]s)",
		"un montant moyen de %[1]s contre %[2]s jusqu’ici, sur peu d’affaires dans la période (résultat médian %[3]s)",
	},
	CodeDriverMedian: {
		"in half of the simulated runs the outcome stays below %[1]s",
		"dans la moitié des simulations, le résultat reste sous %[1]s",
	},
	CodeDecidedCap: {
		"%[1]s, although the probability alone is %[2]s: %[3]s",
		"%[1]s, bien que la probabilité seule soit de %[2]s : %[3]s",
	},
	CodeReconcileCoverage: {
		"On average the open pipeline covers %[1]s of what is left, yet the probability is only %[2]s: %[3]s of that average rests on its %[4]s largest deals, and in most simulated runs some of them are lost or close after the deadline. The probability, which draws every deal, decides the verdict.",
		"En moyenne, le pipeline en cours couvre %[1]s du reste à faire, mais la probabilité n’est que de %[2]s : %[3]s de cette moyenne repose sur ses %[4]s plus grosses affaires, et dans la plupart des simulations certaines sont perdues ou se concluent après l’échéance. La probabilité, qui tire chaque affaire, décide du verdict.",
	},
	CodeReconcileCapacity: {
		"The capacity ratio of %[1]s counts new opportunities only: the open pipeline (%[2]s expected inside the period) carries much of the target, so the probability, which counts both, decides the verdict.",
		"Le ratio de capacité de %[1]s ne compte que les nouvelles opportunités : le pipeline en cours (%[2]s attendus sur la période) porte une bonne part de l’objectif ; la probabilité, qui compte les deux, décide donc du verdict.",
	},
	CodeRevenueEffectDown: {
		"The target is below the %[1]s on record: going from %[2]s to %[3]s on %[4]s opportunities (the flow on record over the period) would win %[5]s fewer deals, %[6]s less. It asks for no improvement; check that this is the intended figure.",
		"L’objectif est inférieur au %[1]s historique : passer de %[2]s à %[3]s sur %[4]s opportunités (le flux historique sur la période) ferait gagner %[5]s affaires de moins, soit %[6]s de moins. Il ne demande aucun progrès ; vérifiez que c’est bien le chiffre voulu.",
	},
	CodeDealSizeEffectDown: {
		"The target is below the average deal on record: going from %[1]s to %[2]s on %[3]s deals (the volume on record over the period) is worth %[4]s less. It asks for no improvement; check that this is the intended figure.",
		"L’objectif est inférieur au montant moyen historique : passer de %[1]s à %[2]s sur %[3]s affaires (le volume historique sur la période) représente %[4]s de moins. Il ne demande aucun progrès ; vérifiez que c’est bien le chiffre voulu.",
	},
	CodeDealSizeEffect: {
		"Moving the average deal from %[1]s to %[2]s on %[3]s deals (the volume on record over the period) is worth %[4]s.",
		"Passer le montant moyen de %[1]s à %[2]s sur %[3]s affaires (le volume historique sur la période) représente %[4]s.",
	},
	CodeMistakeCapacity: {
		"Budget ambition above what the pipeline can carry: it needs %[1]s times the volume it is judged against (%[3]s %[2]s a month).",
		"Ambition budgétaire supérieure à ce que le pipeline peut porter : l’objectif demande %[1]s fois le volume auquel il est comparé (%[3]s %[2]s par mois).",
	},
	CodeMistakeMonthly: {
		"Annual target with no monthly breakdown in the input: the planner derived one.",
		"Objectif annuel sans déclinaison mensuelle dans le fichier : le planificateur en a calculé une.",
	},
	CodeMistakeCycle: {
		"The period (%[1]s days) is shorter than the median sales cycle (%[2]s days).",
		"La période (%[1]s jours) est plus courte que le cycle de vente médian (%[2]s jours).",
	},
	CodeMistakePriority: {
		"Team %[1]s has %[2]s targets with no priority order.",
		"L’équipe %[1]s a %[2]s objectifs sans ordre de priorité.",
	},
	CodeSpecificTeam: {
		"No team is named.",
		"Aucune équipe n’est indiquée.",
	},
	CodeSpecificScope: {
		"No segment or offer is stated (“%[1]s” is not a scope).",
		"Aucun segment ni aucune offre n’est précisé (« %[1]s » n’est pas un périmètre).",
	},
	CodeSpecificNoScope: {
		"No segment or offer is stated.",
		"Aucun segment ni aucune offre n’est précisé.",
	},
	CodeSpecificLever: {
		"No lever is stated.",
		"Aucun levier n’est indiqué.",
	},
	CodeMeasurableMetric: {
		"The metric “%[1]s” is not a known one.",
		"L’indicateur « %[1]s » n’est pas reconnu.",
	},
	CodeMeasurableValue: {
		"The value is missing, not positive or out of range.",
		"La valeur est absente, non positive ou hors limites.",
	},
	CodeMeasurableBase: {
		"A rate target needs a baseline.",
		"Un objectif de taux a besoin d’un point de départ.",
	},
	CodeRelevant: {
		"The scope is not among the strategic priorities and no rationale is given.",
		"Le périmètre ne fait pas partie des priorités stratégiques et aucune justification n’est donnée.",
	},
	CodeTimeBound: {
		"The start and the deadline must both be given, the start first.",
		"Le début et l’échéance doivent être indiqués, le début en premier.",
	},
}

// verdictNames are the verdicts in words.
var verdictNames = map[Verdict][2]string{
	Achievable:       {"achievable", "atteignable"},
	Stretch:          {"stretch", "ambitieux"},
	Unrealistic:      {"unrealistic", "irréaliste"},
	InsufficientData: {"insufficient data", "données insuffisantes"},
}

// rateNames name the funnel rates.
var rateNames = [3][2]string{
	{"response rate", "taux de réponse"},
	{"meeting rate", "taux de rendez-vous"},
	{"opportunity rate", "taux d’opportunité"},
}

// text returns the sentence of a code in a language with its arguments.
func text(lang, code string, args ...any) string {
	t, ok := catalog[code]
	if !ok {
		panic("planner: no message for code " + code)
	}
	f := t[0]
	if locale.Normalize(lang) == "fr" {
		f = t[1]
	}
	return fmt.Sprintf(f, args...)
}

// reason builds a Reason from the catalog.
func reason(lang, code string, args ...any) Reason {
	return Reason{Code: code, Message: text(lang, code, args...)}
}

// pick returns the English or the French of a pair.
func pick(lang string, p [2]string) string {
	if locale.Normalize(lang) == "fr" {
		return p[1]
	}
	return p[0]
}

// fm formats numbers of messages in one language and currency.
type fm struct{ lang, cur string }

func (f fm) money(v float64) string { return locale.Money(f.lang, v, f.cur) }
func (f fm) pct(v float64) string   { return locale.Percent(f.lang, v, 1) }
func (f fm) count(v float64) string { return locale.Count(f.lang, v) }
func (f fm) num(v float64, d int) string {
	return locale.Number(f.lang, v, d)
}
func (f fm) date(t time.Time) string { return locale.Date(f.lang, t) }
func (f fm) month(m Month) string    { return locale.MonthName(f.lang, m.Year, m.Month) }

// value formats a value of a metric: money for revenue and deal size, a
// percentage for a rate, a count otherwise.
func (f fm) value(m Metric, v float64) string {
	switch m {
	case Revenue, DealSize:
		return f.money(v)
	case WinRate:
		return f.pct(v)
	default:
		return f.num(v, 1-boolInt(v == float64(int64(v))))
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
