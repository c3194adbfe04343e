package report

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// update rewrites the golden files of every test of the package (XLSX, JSON
// and PDF): go test ./report -update.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Team names of the sample plan. The first one is long and accented on
// purpose: reports must wrap or shorten it, never overflow.
const (
	teamGC  = "Grands Comptes Île-de-France & Collectivités"
	teamPME = "PME Nord"
	teamMM  = "Mid-Market Sud-Ouest"
)

// samplePlan returns a realistic, internally consistent plan as the planner
// would produce it on 2026-11-30, with its sentences, reasons and messages in
// lang ("en" or "fr"). It covers every metric and every verdict, failed
// SMART letters, levers, monthly plans with actuals, borrowed ratios,
// assumptions, 33 input problems, three input files and two changes since
// the previous run. User text in the source sheets includes values that
// begin with "+", "=", "@" and "-" (formula injection cases).
//
// The numbers follow METHOD §4: deals = revenue / average deal, opportunities
// = deals / win rate, meetings = opportunities / opportunity rate, and so on.
func samplePlan(lang string) *planner.Plan {
	t := func(en, fr string) string { return tr(lang, en, fr) }
	asOf := day(2026, 11, 30)

	// History per scope over the 12 months Dec 2025 – Nov 2026.
	first := planner.Month{Year: 2025, Month: time.December}
	gcOpps := []float64{6, 7, 5, 6, 8, 5, 6, 7, 5, 6, 5, 6}
	gcRev := []float64{48000, 0, 96000, 48000, 48000, 48000, 96000, 48000, 0, 96000, 48000, 144000}
	pmeOpps := []float64{12, 11, 13, 12, 10, 14, 12, 12, 11, 13, 12, 12}
	pmeDeals := []float64{3, 2, 4, 3, 3, 2, 4, 3, 3, 3, 3, 3}
	pmeRev := scale(pmeDeals, 12000)
	mmOpps := []float64{1, 0, 2, 1, 1, 0, 2, 1, 1, 1, 1, 1}
	mmRev := []float64{0, 0, 20000, 0, 0, 0, 20000, 0, 0, 0, 20000, 0}

	assumed := planner.FunnelRates{ResponseRate: 0.10, MeetingRate: 0.60, OpportunityRate: 0.50}
	pmeFunnel := planner.FunnelRates{ResponseRate: 0.08, MeetingRate: 0.50, OpportunityRate: 0.40}

	company := ratios(planner.GroupKey{}, 54, 135, 1212000.0/54, 12500, 62, 118,
		series(first, add(gcOpps, pmeOpps, mmOpps)), series(first, add(gcRev, pmeRev, mmRev)))
	company.Open, company.OpenAmount, company.OpenAgeDaysMedian = 74, 1530000, 41
	company.Funnel, company.FunnelFromHistory = assumed, false

	gc := ratios(planner.GroupKey{Team: teamGC}, 15, 45, 48000, 42000, 95, 140,
		series(first, gcOpps), series(first, gcRev))
	gc.Open, gc.OpenAmount, gc.OpenAgeDaysMedian = 21, 1008000, 63
	gc.Funnel, gc.FunnelFromHistory = assumed, false

	gcColl := ratios(planner.GroupKey{Team: teamGC, Segment: "Collectivités"}, 9, 27, 48000, 44000, 101, 150,
		series(first, []float64{4, 6, 5, 3, 7, 5, 4, 6, 5, 5, 4, 6}), series(first, []float64{48000, 0, 48000, 48000, 0, 0, 96000, 48000, 0, 48000, 0, 96000}))
	gcColl.Funnel, gcColl.FunnelFromHistory = assumed, false

	pme := ratios(planner.GroupKey{Team: teamPME}, 36, 84, 12000, 11000, 45, 70,
		series(first, pmeOpps), series(first, pmeRev))
	pme.Open, pme.OpenAmount, pme.OpenAgeDaysMedian = 38, 456000, 22
	pme.Funnel, pme.FunnelFromHistory = pmeFunnel, true

	mm := ratios(planner.GroupKey{Team: teamMM}, 3, 6, 20000, 20000, 58, 80,
		series(first, mmOpps), series(first, mmRev))
	mm.Open, mm.OpenAmount, mm.OpenAgeDaysMedian = 15, 66000, 30
	mm.Funnel, mm.FunnelFromHistory = assumed, false
	mm.BorrowedFrom = "company"
	// The team has fewer than 20 closed deals: its targets use the
	// company's ratios (METHOD §3), and say so.
	mmUsed := company
	mmUsed.Key = planner.GroupKey{Team: teamMM}
	mmUsed.BorrowedFrom = "company"

	noHistory := planner.Ratios{Key: planner.GroupKey{Team: teamMM, Offer: "Nouveau produit IA"}, Funnel: assumed}

	pass := planner.Check{Pass: true}
	fail := func(en, fr string) planner.Check { return planner.Check{Reason: t(en, fr)} }
	reason := func(code, en, fr string) planner.Reason {
		return planner.Reason{Code: code, Message: t(en, fr)}
	}

	var targets []planner.TargetResult

	// 1. Revenue, unrealistic on capacity and growth, with actuals.
	{
		req := revenueFunnel(1200000, 48000, 0.25, assumed, 12)
		r := planner.TargetResult{
			Target: target("GC-REV-1", teamGC, "Collectivités", "", planner.Revenue, 1200000,
				day(2026, 7, 1), day(2027, 6, 30), "nouveaux appels d'offres", 1,
				"Plan stratégique 2027 : priorité au secteur public", "Grands Comptes IDF", 5),
			Verdict: planner.Unrealistic,
			Reasons: []planner.Reason{
				reason("capacity", "Needs 8.3 new opportunities a month; the team has created 5.0 a month over the last 12 months (ratio 1.67).",
					"Il faut 8,3 nouvelles opportunités par mois ; l'équipe en a créé 5,0 par mois sur les 12 derniers mois (ratio 1,67)."),
				reason("growth", "€1,200,000 is 178% above the trailing 12-month revenue of €432,000, with no lever that explains it.",
					"1 200 000 € dépasse de 178 % le chiffre d'affaires des 12 derniers mois (432 000 €) sans levier qui l'explique."),
			},
			Smart: planner.Smart{Specific: pass, Measurable: pass, Relevant: pass, TimeBound: pass,
				Achievable: fail("Unrealistic: 12% chance of reaching €1,200,000 by 30 June 2027.",
					"Irréaliste : 12 % de chances d'atteindre 1 200 000 € au 30 juin 2027.")},
			Sentence: t("Reach €1,200,000 on Collectivités before 30 June 2027, through nouveaux appels d'offres, i.e. 25 deals from 100 qualified opportunities (8.3 a month).",
				"Atteindre 1 200 000 € sur Collectivités avant le 30 juin 2027, grâce à nouveaux appels d'offres, soit 25 affaires issues de 100 opportunités qualifiées (8,3 par mois)."),
			Probability: 0.12, P10: 520000, P50: 690000, P90: 880000, HasProbability: true,
			ProbabilityError: 0.0065, Runs: 10000,
			CapacityRatio: req.OpportunitiesPerMonth / 5, HasCapacity: true,
			Required: req, HasRequired: true,
			History: gcColl,
			Levers: []planner.Lever{
				{Name: "opportunities", Current: 5, Required: req.OpportunitiesPerMonth, Feasible: true},
				{Name: "win_rate", Current: 0.25, Required: 0.25 * req.OpportunitiesPerMonth / 5, Feasible: true},
				{Name: "deal_size", Current: 48000, Required: 48000 * req.OpportunitiesPerMonth / 5, Feasible: true},
			},
			Monthly: monthly(planner.Month{Year: 2026, Month: time.July}, 12, req, 1200000,
				[]float64{48000, 96000, 0, 52000, 91000}),
			CreationStart: planner.Month{Year: 2026, Month: time.April}, CreationEnd: planner.Month{Year: 2027, Month: time.March},
			CreationMonths: 12,
			Mistakes: []planner.Reason{reason("over_capacity", "The budget ambition is larger than the pipeline can carry.",
				"L'ambition budgétaire dépasse ce que le pipeline peut porter.")},
			PlanToDate: 500000, ActualToDate: 287000, HasProgress: true, NeededPerMonth: (1200000 - 287000) / 7.0,
		}
		targets = append(targets, r)
	}
	// 2. New customers, achievable, no lever (Specific fails).
	{
		req := countFunnel(10, 0.25, assumed, 12)
		r := planner.TargetResult{
			Target: target("GC-NEW-2", teamGC, "", "Suite Analytics", planner.NewCustomers, 10,
				day(2026, 1, 1), day(2026, 12, 31), "", 2, "Cross-sell the analytics suite to key accounts", "Grands Comptes IDF", 6),
			Verdict: planner.Achievable,
			Reasons: []planner.Reason{reason("capacity", "Needs 3.3 new opportunities a month against 6.0 a month on record (ratio 0.56).",
				"Il faut 3,3 nouvelles opportunités par mois pour 6,0 par mois constatées (ratio 0,56).")},
			Smart: planner.Smart{Measurable: pass, Achievable: pass, Relevant: pass, TimeBound: pass,
				Specific: fail("No lever is stated.", "Aucun levier n'est indiqué.")},
			Sentence: t("Sign 10 new customers on Suite Analytics before 31 December 2026, i.e. 10 deals from 40 qualified opportunities (3.3 a month).",
				"Signer 10 nouveaux clients sur Suite Analytics avant le 31 décembre 2026, soit 10 affaires issues de 40 opportunités qualifiées (3,3 par mois)."),
			Probability: 0.82, P10: 8, P50: 11, P90: 13, HasProbability: true,
			CapacityRatio: req.OpportunitiesPerMonth / 6, HasCapacity: true,
			Required: req, HasRequired: true,
			History: gc,
			Monthly: monthly(planner.Month{Year: 2026, Month: time.January}, 12, req, 10*48000,
				[]float64{1, 0, 1, 1, 0, 1, 1, 0, 2, 1, 1}),
			CreationStart: planner.Month{Year: 2025, Month: time.October}, CreationEnd: planner.Month{Year: 2026, Month: time.September},
			CreationMonths: 12,
			PlanToDate:     10 * 11 / 12.0, ActualToDate: 9, HasProgress: true, NeededPerMonth: 1,
		}
		targets = append(targets, r)
	}
	// 3. Meetings, stretch; the funnel runs downward only.
	{
		req := planner.Funnel{Meetings: 420, Responses: 420 / pmeFunnel.MeetingRate,
			Contacts: 420 / pmeFunnel.MeetingRate / pmeFunnel.ResponseRate}
		r := planner.TargetResult{
			Target: target("PME-MTG-1", teamPME, "PME", "", planner.Meetings, 420,
				day(2026, 7, 1), day(2027, 6, 30), "prospection sortante", 1, "", "PME Nord", 5),
			Verdict: planner.Stretch,
			Reasons: []planner.Reason{reason("capacity", "Needs 35 meetings a month; the team has held 30 a month (ratio 1.17).",
				"Il faut 35 rendez-vous par mois ; l'équipe en a tenu 30 par mois (ratio 1,17).")},
			Smart: planner.Smart{Specific: pass, Measurable: pass, Achievable: pass, TimeBound: pass,
				Relevant: fail("PME is not a configured priority and no rationale is given.",
					"PME ne fait pas partie des priorités et aucune justification n'est donnée.")},
			Sentence: t("Hold 420 meetings on PME before 30 June 2027, through prospection sortante, i.e. 35 a month from 10,500 contacts.",
				"Tenir 420 rendez-vous sur PME avant le 30 juin 2027, grâce à prospection sortante, soit 35 par mois à partir de 10 500 contacts."),
			Probability: 0.44, P10: 360, P50: 410, P90: 455, HasProbability: true,
			CapacityRatio: 35.0 / 30, HasCapacity: true,
			Required: req, HasRequired: true,
			History: pme,
			Monthly: monthlyMeetings(planner.Month{Year: 2026, Month: time.July}, 12, req,
				[]float64{31, 28, 36, 33, 30}),
			CreationStart: planner.Month{Year: 2026, Month: time.July}, CreationEnd: planner.Month{Year: 2027, Month: time.June},
			CreationMonths: 12,
			PlanToDate:     175, ActualToDate: 158, HasProgress: true, NeededPerMonth: (420 - 158) / 7.0,
		}
		targets = append(targets, r)
	}
	// 4. Opportunities, stretch, in the future (no actuals). Its lever starts
	// with "+": it must stay text.
	{
		req := planner.Funnel{Opportunities: 180, OpportunitiesPerMonth: 15, Meetings: 180 / pmeFunnel.OpportunityRate,
			Responses: 180 / pmeFunnel.OpportunityRate / pmeFunnel.MeetingRate,
			Contacts:  180 / pmeFunnel.OpportunityRate / pmeFunnel.MeetingRate / pmeFunnel.ResponseRate}
		r := planner.TargetResult{
			Target: target("PME-OPP-2", teamPME, "", "Module Paie", planner.Opportunities, 180,
				day(2027, 1, 1), day(2027, 12, 31), "+2 SDR recrutés", 2, "=priorité du comité", "PME Nord", 6),
			Verdict: planner.Stretch,
			Reasons: []planner.Reason{reason("capacity", "Needs 15 new opportunities a month; the team has created 12 a month (ratio 1.25).",
				"Il faut 15 nouvelles opportunités par mois ; l'équipe en a créé 12 par mois (ratio 1,25).")},
			Smart: planner.Smart{Specific: pass, Measurable: pass, Achievable: pass, Relevant: pass, TimeBound: pass},
			Sentence: t("Create 180 qualified opportunities on Module Paie before 31 December 2027, through +2 SDR recrutés, i.e. 15 a month.",
				"Créer 180 opportunités qualifiées sur Module Paie avant le 31 décembre 2027, grâce à +2 SDR recrutés, soit 15 par mois."),
			Probability: 0.38, P10: 150, P50: 172, P90: 195, HasProbability: true,
			CapacityRatio: 15.0 / 12, HasCapacity: true,
			Required: req, HasRequired: true,
			History: pme,
			Levers:  []planner.Lever{{Name: "opportunities", Current: 12, Required: 15, Feasible: true}},
			Monthly: monthly(planner.Month{Year: 2027, Month: time.January}, 12,
				planner.Funnel{Deals: 0, Opportunities: 180, Meetings: req.Meetings, Contacts: req.Contacts}, 0, nil),
			CreationStart: planner.Month{Year: 2027, Month: time.January}, CreationEnd: planner.Month{Year: 2027, Month: time.December},
			CreationMonths: 12,
		}
		targets = append(targets, r)
	}
	// 5. Win rate, unrealistic: above the Wilson interval. No capacity, no
	// required funnel; the rationale starts with "@".
	{
		r := planner.TargetResult{
			Target: target("PME-WR-3", teamPME, "PME", "", planner.WinRate, 0.45,
				day(2026, 7, 1), day(2027, 6, 30), "qualification MEDDIC", 3, "@direction : marge", "PME Nord", 7),
			Verdict: planner.Unrealistic,
			Reasons: []planner.Reason{
				reason("rate_realism", fmt.Sprintf("A 45.0%% win rate is above the top of the historical interval (%.1f%%–%.1f%%) and the best quarter on record (36.4%%).", pme.WinRateLow*100, pme.WinRateHigh*100),
					fmt.Sprintf("Un taux de transformation de 45,0 %% dépasse le haut de l'intervalle historique (%s %%–%s %%) et le meilleur trimestre constaté (36,4 %%).", frDec(pme.WinRateLow*100), frDec(pme.WinRateHigh*100))),
				reason("revenue_effect", "Worth €259,200 a year: 144 opportunities × (45% − 30%) × €12,000.",
					"Représente 259 200 € par an : 144 opportunités × (45 % − 30 %) × 12 000 €."),
			},
			Smart: planner.Smart{Specific: pass, Measurable: pass, Relevant: pass, TimeBound: pass,
				Achievable: fail("Unrealistic: 4% chance of a 45% win rate.", "Irréaliste : 4 % de chances d'un taux de 45 %.")},
			Sentence: t("Reach a 45.0% win rate on PME before 30 June 2027, through qualification MEDDIC.",
				"Atteindre un taux de transformation de 45,0 % sur PME avant le 30 juin 2027, grâce à qualification MEDDIC."),
			Probability: 0.04, P10: 0.26, P50: 0.30, P90: 0.35, HasProbability: true,
			History: pme,
			Monthly: monthly(planner.Month{Year: 2026, Month: time.July}, 12,
				planner.Funnel{Deals: 144 * 0.45, Opportunities: 144, Meetings: 144 / 0.4, Contacts: 144 / 0.4 / 0.5 / 0.08}, 144*0.45*12000,
				[]float64{0.29, 0.33, 0.25, 0.31, 0.30}),
			CreationStart: planner.Month{Year: 2026, Month: time.June}, CreationEnd: planner.Month{Year: 2027, Month: time.May},
			CreationMonths: 12,
			PlanToDate:     0.45, ActualToDate: 0.296, HasProgress: true, NeededPerMonth: 0.45,
		}
		r.Target.Baseline, r.Target.HasBaseline = 0.30, true
		targets = append(targets, r)
	}
	// 6. Deal size, achievable, on ratios borrowed from the company; one
	// past month had no won deal (no actual).
	{
		r := planner.TargetResult{
			Target: target("MM-DS-1", teamMM, "", "Suite Analytics", planner.DealSize, 24000,
				day(2026, 7, 1), day(2027, 6, 30), "montée en gamme", 1, "Marge brute", "Mid-Market", 5),
			Verdict: planner.Achievable,
			Reasons: []planner.Reason{
				reason("borrowed", "Mid-Market Sud-Ouest has 9 closed deals: company ratios are used.",
					"Mid-Market Sud-Ouest compte 9 affaires conclues : les ratios de l'entreprise sont utilisés."),
				reason("rate_realism", "€24,000 is 7% above the historical average deal of €22,444.",
					"24 000 € dépasse de 7 % la taille moyenne historique de 22 444 €."),
			},
			Smart:       planner.Smart{Specific: pass, Measurable: pass, Achievable: pass, Relevant: pass, TimeBound: pass},
			Sentence:    t("Reach an average deal of €24,000 on Suite Analytics before 30 June 2027, through montée en gamme.", "Atteindre une affaire moyenne de 24 000 € sur Suite Analytics avant le 30 juin 2027, grâce à montée en gamme."),
			Probability: 0.72, P10: 20500, P50: 24600, P90: 29400, HasProbability: true,
			History: mmUsed,
			Monthly: monthly(planner.Month{Year: 2026, Month: time.July}, 12,
				planner.Funnel{Deals: 12, Opportunities: 12 / company.WinRate, Meetings: 12 / company.WinRate / 0.5,
					Contacts: 12 / company.WinRate / 0.5 / 0.6 / 0.1}, 12*24000,
				[]float64{19800, 24500, math.NaN(), 21000, 23100}),
			CreationStart: planner.Month{Year: 2026, Month: time.May}, CreationEnd: planner.Month{Year: 2027, Month: time.April},
			CreationMonths: 12,
			PlanToDate:     24000, ActualToDate: 22100, HasProgress: true, NeededPerMonth: (24000*11 - 22100*4) / 7.0,
		}
		targets = append(targets, r)
	}
	// 7. Revenue with no history for the scope and no start date:
	// insufficient data, every Has flag false.
	{
		r := planner.TargetResult{
			Target: target("MM-REV-2", teamMM, "all", "Nouveau produit IA", planner.Revenue, 300000,
				time.Time{}, day(2027, 3, 31), "lancement", 2, "", "Mid-Market", 6),
			Verdict: planner.InsufficientData,
			Reasons: []planner.Reason{
				reason("no_history", "No closed deal on Nouveau produit IA in the last 12 months: no win rate, deal size or cycle to judge from.",
					"Aucune affaire conclue sur Nouveau produit IA sur les 12 derniers mois : ni taux, ni taille, ni cycle pour juger."),
				reason("bad_dates", "The target has no start date.", "L'objectif n'a pas de date de début."),
			},
			Smart: planner.Smart{Measurable: pass,
				Specific:   fail("\"all\" is not a scope.", "« all » n'est pas un périmètre."),
				Achievable: fail("Insufficient data to judge.", "Données insuffisantes pour juger."),
				Relevant:   fail("Nouveau produit IA is not a configured priority and no rationale is given.", "Nouveau produit IA ne fait pas partie des priorités et aucune justification n'est donnée."),
				TimeBound:  fail("The start date is missing.", "La date de début manque.")},
			History: noHistory,
			Mistakes: []planner.Reason{reason("no_priority_order", "Mid-Market Sud-Ouest has several targets with no priority order.",
				"Mid-Market Sud-Ouest a plusieurs objectifs sans ordre de priorité.")},
		}
		targets = append(targets, r)
	}
	// 8. New customers in one month, shorter than the sales cycle.
	{
		req := countFunnel(5, company.WinRate, assumed, 1)
		r := planner.TargetResult{
			Target: target("MM-NEW-3", teamMM, "ETI", "", planner.NewCustomers, 5,
				day(2026, 12, 1), day(2026, 12, 31), "-10 % fin d'année", 3, "Clôture annuelle", "Mid-Market", 7),
			Verdict: planner.Unrealistic,
			Reasons: []planner.Reason{
				reason("cycle", "The period (31 days) is shorter than the median sales cycle (62 days): only the open pipeline can deliver.",
					"La période (31 jours) est plus courte que le cycle de vente médian (62 jours) : seul le pipeline ouvert peut livrer."),
				reason("coverage", "Open pipeline × win rate gives 2.1 deals against 5 to win.",
					"Pipeline ouvert × taux de transformation donne 2,1 affaires pour 5 à gagner."),
			},
			Smart: planner.Smart{Specific: pass, Measurable: pass, Relevant: pass,
				Achievable: fail("Unrealistic: 9% chance.", "Irréaliste : 9 % de chances."),
				TimeBound:  fail("The period ends before new pipeline can close.", "La période se termine avant que du nouveau pipeline puisse se conclure.")},
			Sentence: t("Sign 5 new customers on ETI before 31 December 2026, through -10 % fin d'année, i.e. 5 deals from 18 qualified opportunities.",
				"Signer 5 nouveaux clients sur ETI avant le 31 décembre 2026, grâce à -10 % fin d'année, soit 5 affaires issues de 18 opportunités qualifiées."),
			Probability: 0.09, P10: 1, P50: 2, P90: 4, HasProbability: true,
			CapacityRatio: req.OpportunitiesPerMonth / company.OpportunitiesPerMonth, HasCapacity: true,
			Required: req, HasRequired: true,
			History: mmUsed,
			Levers: []planner.Lever{
				{Name: "opportunities", Current: company.OpportunitiesPerMonth, Required: req.OpportunitiesPerMonth, Feasible: true},
				{Name: "win_rate", Current: company.WinRate, Required: 1.8, Feasible: false},
			},
			Monthly:       monthly(planner.Month{Year: 2026, Month: time.December}, 1, req, 5*company.AvgDeal, nil),
			CreationStart: planner.Month{Year: 2026, Month: time.December}, CreationEnd: planner.Month{Year: 2026, Month: time.October},
			Mistakes: []planner.Reason{reason("period_shorter_than_cycle", "The period is shorter than the sales cycle.",
				"La période est plus courte que le cycle de vente.")},
		}
		targets = append(targets, r)
	}

	p := &planner.Plan{
		AsOf:         asOf,
		WindowMonths: 12,
		Lang:         lang,
		Currency:     "EUR",
		Targets:      targets,
		Ratios:       []planner.Ratios{company, gc, gcColl, pme, mm},
		Assumptions: []planner.Assumption{
			{Scope: "", Name: "response_rate", Value: 0.10, Why: t("no activity history", "pas d'historique d'activité")},
			{Scope: "", Name: "meeting_rate", Value: 0.60, Why: t("no activity history", "pas d'historique d'activité")},
			{Scope: "", Name: "opportunity_rate", Value: 0.50, Why: t("no activity history", "pas d'historique d'activité")},
			{Scope: teamGC, Name: "response_rate", Value: 0.10, Why: t("no activity rows for the team", "aucune ligne d'activité pour l'équipe")},
			{Scope: teamMM, Name: "meeting_rate", Value: 0.60, Why: t("no activity rows for the team", "aucune ligne d'activité pour l'équipe")},
		},
		Sources:      sampleSources(),
		Problems:     sampleProblems(lang),
		Files:        sampleFiles(),
		PreviousAsOf: day(2026, 10, 31),
		Changes: []planner.Change{
			{TargetID: "GC-REV-1", Team: teamGC, Metric: planner.Revenue, OldVerdict: planner.Stretch, NewVerdict: planner.Unrealistic,
				OldProbability: 0.35, NewProbability: 0.12, HasProbability: true},
			{TargetID: "MM-NEW-3", Team: teamMM, Metric: planner.NewCustomers, NewVerdict: planner.Unrealistic,
				NewProbability: 0.09, New: true},
		},
		TrackRecord: sampleTrackRecord(),
	}
	return p
}

// sampleTrackRecord is a track record of 75 cases over five quarters, a
// little over-confident in the middle deciles.
func sampleTrackRecord() *planner.TrackRecord {
	counts := []int{14, 9, 6, 5, 6, 7, 6, 5, 8, 9}
	observed := []float64{0.07, 0.11, 0.33, 0.2, 0.33, 0.43, 0.5, 0.8, 0.88, 0.89}
	var bins []planner.BacktestBin
	for i, n := range counts {
		bins = append(bins, planner.BacktestBin{From: float64(i) / 10, To: float64(i+1) / 10,
			Predicted: float64(i)/10 + 0.05, Observed: observed[i], Count: n})
	}
	return &planner.TrackRecord{Enough: true, Runs: 2000, Skill: 0.12, LogSkill: 0.31,
		Result: planner.BacktestResult{By: "team", Cases: 75, Brier: 0.172, LogLoss: 0.521, Bins: bins},
		Naive:  planner.BacktestForecaster{Name: planner.NaiveNormal, Brier: 0.196, LogLoss: 0.755},
		From:   day(2025, 7, 1), To: day(2026, 7, 1)}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// target builds a Target read from row `row` of sheet `sheet` of
// targets.xlsx, whose columns are A id … L rationale.
func target(id, team, segment, offer string, m planner.Metric, value float64, start, deadline time.Time,
	lever string, priority int, rationale, sheet string, row int) planner.Target {
	cells := map[string]string{}
	for i, f := range []string{"id", "team", "segment", "offer", "metric", "value", "baseline", "start", "deadline", "lever", "priority", "rationale"} {
		cells[f] = fmt.Sprintf("%c%d", 'A'+i, row)
	}
	return planner.Target{ID: id, Team: team, Segment: segment, Offer: offer, Metric: m, Value: value, HasValue: true,
		Start: start, Deadline: deadline, Lever: lever, Priority: priority, Rationale: rationale,
		Source: planner.Position{File: "targets.xlsx", Sheet: sheet, Row: row}, Cells: cells}
}

// ratios builds a group's ratios from its won and lost counts and monthly
// series, computing the Wilson interval and the flows.
func ratios(k planner.GroupKey, won, lost int, avg, median, cycle, cycleP80 float64, opps, rev []planner.MonthValue) planner.Ratios {
	n := won + lost
	p := float64(won) / float64(n)
	lo, hi := wilson(won, n)
	r := planner.Ratios{Key: k, Closed: n, Won: won, Lost: lost, WinRate: p, WinRateLow: lo, WinRateHigh: hi,
		AvgDeal: avg, MedianDeal: median, CycleDaysMedian: cycle, CycleDaysP80: cycleP80,
		HasWinRate: true, HasDeal: true, HasCycle: true,
		MonthlyOpportunities: opps, MonthlyRevenue: rev}
	for _, v := range opps {
		r.Created += int(v.Value)
	}
	r.OpportunitiesPerMonth = float64(r.Created) / float64(len(opps))
	for _, v := range rev {
		r.Revenue += v.Value
	}
	r.Trailing12Revenue = r.Revenue
	return r
}

func wilson(k, n int) (lo, hi float64) {
	const z = 1.959963984540054
	p, nf := float64(k)/float64(n), float64(n)
	d := 1 + z*z/nf
	c := (p + z*z/(2*nf)) / d
	h := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / d
	return c - h, c + h
}

func series(first planner.Month, vals []float64) []planner.MonthValue {
	out := make([]planner.MonthValue, len(vals))
	for i, v := range vals {
		out[i] = planner.MonthValue{Month: first.Add(i), Value: v}
	}
	return out
}

func scale(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = v[i] * k
	}
	return out
}

func add(vs ...[]float64) []float64 {
	out := make([]float64, len(vs[0]))
	for _, v := range vs {
		for i := range v {
			out[i] += v[i]
		}
	}
	return out
}

func frDec(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

// revenueFunnel is METHOD §4 from a revenue target.
func revenueFunnel(revenue, avgDeal, winRate float64, f planner.FunnelRates, months int) planner.Funnel {
	return countFunnel(revenue/avgDeal, winRate, f, months)
}

// countFunnel is METHOD §4 from a number of deals.
func countFunnel(deals, winRate float64, f planner.FunnelRates, months int) planner.Funnel {
	opps := deals / winRate
	meetings := opps / f.OpportunityRate
	responses := meetings / f.MeetingRate
	return planner.Funnel{Deals: deals, Opportunities: opps, OpportunitiesPerMonth: opps / float64(months),
		Meetings: meetings, Responses: responses, Contacts: responses / f.ResponseRate}
}

// monthly phases a funnel flat over n months from first (METHOD §5). The
// actuals are those of the first months; NaN marks a past month with no
// actual.
func monthly(first planner.Month, n int, f planner.Funnel, revenue float64, actuals []float64) []planner.MonthPlan {
	out := make([]planner.MonthPlan, n)
	var cumD, cumR float64
	for i := range out {
		k := float64(n)
		cumD += f.Deals / k
		cumR += revenue / k
		out[i] = planner.MonthPlan{Month: first.Add(i), Deals: f.Deals / k, Opportunities: f.Opportunities / k,
			Meetings: f.Meetings / k, Contacts: f.Contacts / k, Revenue: revenue / k, CumDeals: cumD, CumRevenue: cumR}
		if i < len(actuals) && !math.IsNaN(actuals[i]) {
			out[i].Actual, out[i].HasActual = actuals[i], true
		}
	}
	return out
}

// monthlyMeetings phases a meetings target: no deals or revenue.
func monthlyMeetings(first planner.Month, n int, f planner.Funnel, actuals []float64) []planner.MonthPlan {
	return monthly(first, n, planner.Funnel{Meetings: f.Meetings, Contacts: f.Contacts}, 0, actuals)
}

// sampleSources is targets.xlsx as the user wrote it: one sheet per team,
// the second one with French headers, and rows that gave no target.
func sampleSources() []planner.SourceTable {
	en := []string{"id", "team", "segment", "offer", "metric", "value", "baseline", "start", "deadline", "lever", "priority", "rationale"}
	fr := []string{"id", "équipe", "segment", "offre", "indicateur", "valeur", "référence", "début", "échéance", "levier", "priorité", "justification"}
	row := func(r, idx int, cells ...any) planner.SourceRow {
		return planner.SourceRow{Row: r, Cells: cells, TargetIndex: idx}
	}
	return []planner.SourceTable{
		{File: "targets.xlsx", Sheet: "Grands Comptes IDF", HeaderRow: 4, Header: en, Rows: []planner.SourceRow{
			row(5, 0, "GC-REV-1", teamGC, "Collectivités", nil, "revenue", 1200000.0, nil, day(2026, 7, 1), day(2027, 6, 30), "nouveaux appels d'offres", 1.0, "Plan stratégique 2027 : priorité au secteur public"),
			row(6, 1, "GC-NEW-2", teamGC, nil, "Suite Analytics", "new_customers", 10.0, nil, day(2026, 1, 1), day(2026, 12, 31), nil, 2.0, "Cross-sell the analytics suite to key accounts"),
			row(7, -1, "Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "sum of the team's revenue targets"),
		}},
		{File: "targets.xlsx", Sheet: "PME Nord", HeaderRow: 4, Header: fr, Rows: []planner.SourceRow{
			row(5, 2, "PME-MTG-1", teamPME, "PME", nil, "rendez-vous", 420.0, nil, day(2026, 7, 1), day(2027, 6, 30), "prospection sortante", 1.0, nil),
			row(6, 3, "PME-OPP-2", teamPME, nil, "Module Paie", "opportunités", 180.0, nil, day(2027, 1, 1), day(2027, 12, 31), "+2 SDR recrutés", 2.0, "=priorité du comité"),
			row(7, 4, "PME-WR-3", teamPME, "PME", nil, "taux de transformation", "45 %", 0.30, day(2026, 7, 1), day(2027, 6, 30), "qualification MEDDIC", 3.0, "@direction : marge"),
		}},
		{File: "targets.xlsx", Sheet: "Mid-Market", HeaderRow: 4, Header: en, Rows: []planner.SourceRow{
			row(5, 5, "MM-DS-1", teamMM, nil, "Suite Analytics", "deal_size", 24000.0, nil, day(2026, 7, 1), day(2027, 6, 30), "montée en gamme", 1.0, "Marge brute"),
			row(6, 6, "MM-REV-2", teamMM, "all", "Nouveau produit IA", "revenue", 300000.0, nil, nil, day(2027, 3, 31), "lancement", 2.0, nil),
			row(7, 7, "MM-NEW-3", teamMM, "ETI", nil, "new_customers", 5.0, nil, day(2026, 12, 1), day(2026, 12, 31), "-10 % fin d'année", 3.0, "Clôture annuelle"),
			row(8, -1, "MM-XX-9", teamMM, nil, nil, "market share", true, nil, nil, nil, nil, nil, nil),
		}},
	}
}

// sampleProblems are 33 input problems of several kinds, in the CSV history
// (line positions) and the targets workbook (cell references).
func sampleProblems(lang string) []planner.Problem {
	t := func(en, fr string) string { return tr(lang, en, fr) }
	var out []planner.Problem
	for i := 0; i < 12; i++ {
		line := 14 + i*37
		out = append(out, planner.Problem{
			Position: planner.Position{File: "history.csv", Row: line, Col: 9},
			Kind:     "bad_amount", Severity: planner.SeverityError, Header: "Amount",
			Value: []string{"12,5x", "n/a", "=SUM(A1:A9)", "-", "€", "1.200.000,00,0"}[i%6], Expected: t("a number", "un nombre"),
			Message: t(fmt.Sprintf("history.csv:%d:9 (Amount): not a number; the deal was left out.", line),
				fmt.Sprintf("history.csv:%d:9 (Amount) : pas un nombre ; l'affaire a été écartée.", line)),
		})
	}
	for i := 0; i < 10; i++ {
		line := 31 + i*53
		out = append(out, planner.Problem{
			Position: planner.Position{File: "history.csv", Row: line, Col: 6},
			Kind:     "bad_date", Severity: planner.SeverityError, Header: "Close Date",
			Value: []string{"31/02/2026", "2026-13-01", "yesterday", "+45", "00/00/0000"}[i%5], Expected: t("a date (dd/mm/yyyy or yyyy-mm-dd)", "une date (jj/mm/aaaa ou aaaa-mm-jj)"),
			Message: t(fmt.Sprintf("history.csv:%d:6 (Close Date): not a date; the deal was left out.", line),
				fmt.Sprintf("history.csv:%d:6 (Close Date) : pas une date ; l'affaire a été écartée.", line)),
		})
	}
	for i := 0; i < 6; i++ {
		line := 200 + i*11
		out = append(out, planner.Problem{
			Position: planner.Position{File: "history.csv", Row: line, Col: 3},
			Kind:     "unknown_owner", Severity: planner.SeverityWarning, Header: "Owner",
			Value: []string{"J. Martin", "@sdr.bot", "Ext. partenaire"}[i%3], Expected: t("an owner listed in teams.csv", "un commercial présent dans teams.csv"),
			Message: t(fmt.Sprintf("history.csv:%d:3 (Owner): no team for this owner; counted in the company only.", line),
				fmt.Sprintf("history.csv:%d:3 (Owner) : pas d'équipe pour ce commercial ; compté au niveau entreprise seulement.", line)),
		})
	}
	out = append(out,
		planner.Problem{Position: planner.Position{File: "history.csv", Row: 77}, Kind: "duplicate_id", Severity: planner.SeverityWarning,
			Header: "Opportunity ID", Value: "OPP-00417", Expected: t("a unique id", "un identifiant unique"),
			Message: t("history.csv:77: OPP-00417 already appears on line 76; the later row was used.", "history.csv:77 : OPP-00417 figure déjà ligne 76 ; la ligne suivante a été retenue.")},
		planner.Problem{Position: planner.Position{File: "activity.csv", Row: 1}, Kind: "missing_column", Severity: planner.SeverityWarning,
			Header: "responses", Expected: t("a column of positive responses", "une colonne de réponses positives"),
			Message: t("activity.csv: no responses column; the meeting rate is an assumption.", "activity.csv : pas de colonne de réponses ; le taux de rendez-vous est une hypothèse.")},
		planner.Problem{Position: planner.Position{File: "targets.xlsx", Sheet: "Mid-Market", Row: 8, Col: 5, Ref: "E8"}, Kind: "unknown_metric", Severity: planner.SeverityError,
			Header: "metric", Value: "market share", Expected: "revenue, new_customers, meetings, opportunities, win_rate, deal_size",
			Message: t("targets.xlsx: Mid-Market!E8 (metric): unknown metric \"market share\"; the row was left out.", "targets.xlsx : Mid-Market!E8 (metric) : indicateur inconnu « market share » ; la ligne a été écartée.")},
		planner.Problem{Position: planner.Position{File: "targets.xlsx", Sheet: "Mid-Market", Row: 6, Col: 8, Ref: "H6"}, Kind: "missing_value", Severity: planner.SeverityWarning,
			Header: "start", Expected: t("a start date", "une date de début"),
			Message: t("targets.xlsx: Mid-Market!H6 (start): no start date.", "targets.xlsx : Mid-Market!H6 (start) : pas de date de début.")},
		planner.Problem{Position: planner.Position{File: "targets.xlsx", Sheet: "PME Nord", Row: 7, Col: 6, Ref: "F7"}, Kind: "rate_as_text", Severity: planner.SeverityWarning,
			Header: "valeur", Value: "45 %", Expected: t("a number", "un nombre"),
			Message: t("targets.xlsx: PME Nord!F7 (valeur): read \"45 %\" as 0.45.", "targets.xlsx : PME Nord!F7 (valeur) : « 45 % » lu comme 0,45.")},
	)
	return out
}

func sampleFiles() []planner.InputFile {
	h := func(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:]) }
	return []planner.InputFile{
		{Path: "samples/history.csv", Kind: "history", SHA256: h("history.csv 2026-11-30"), Rows: 2043},
		{Path: "samples/activity.csv", Kind: "activity", SHA256: h("activity.csv 2026-11-30"), Rows: 36},
		{Path: "samples/targets.xlsx", Kind: "targets", SHA256: h("targets.xlsx 2026-11-30"), Rows: 10},
	}
}

// TestSamplePlan checks that the fixture is what its documentation says:
// every metric and verdict, consistent funnels and phasing, and source rows
// that point back at their targets.
func TestSamplePlan(t *testing.T) {
	p := samplePlan("en")
	metrics, verdicts := map[planner.Metric]bool{}, map[planner.Verdict]bool{}
	for _, r := range p.Targets {
		metrics[r.Target.Metric], verdicts[r.Verdict] = true, true
		if r.HasRequired && r.Required.Deals > 0 {
			h := r.History
			if got, want := r.Required.Opportunities, r.Required.Deals/h.WinRate; r.Target.Metric != planner.Opportunities && math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: opportunities = %v, want deals / win rate = %v", r.Target.ID, got, want)
			}
			if r.Target.Metric == planner.Revenue {
				if got, want := r.Required.Deals, r.Target.Value/h.AvgDeal; math.Abs(got-want) > 1e-9 {
					t.Errorf("%s: deals = %v, want revenue / avg deal = %v", r.Target.ID, got, want)
				}
			}
		}
		if r.HasRequired && len(r.Monthly) > 0 {
			var opps, meetings float64
			for _, m := range r.Monthly {
				opps += m.Opportunities
				meetings += m.Meetings
			}
			if math.Abs(meetings-r.Required.Meetings) > 1e-6 {
				t.Errorf("%s: monthly meetings sum to %v, want %v", r.Target.ID, meetings, r.Required.Meetings)
			}
		}
		if r.Verdict == planner.InsufficientData && (r.HasProbability || r.HasCapacity || r.HasRequired || r.History.HasWinRate) {
			t.Errorf("%s: insufficient data with Has flags set", r.Target.ID)
		}
	}
	if len(metrics) != len(planner.Metrics) {
		t.Errorf("metrics covered: %v", metrics)
	}
	if len(verdicts) != 4 {
		t.Errorf("verdicts covered: %v", verdicts)
	}
	seen := map[int]bool{}
	for _, s := range p.Sources {
		for _, row := range s.Rows {
			if len(row.Cells) > len(s.Header) {
				t.Errorf("%s row %d: %d cells for %d headers", s.Sheet, row.Row, len(row.Cells), len(s.Header))
			}
			if row.TargetIndex < 0 {
				continue
			}
			seen[row.TargetIndex] = true
			tg := p.Targets[row.TargetIndex].Target
			if row.Cells[0] != tg.ID || tg.Source.Sheet != s.Sheet || tg.Source.Row != row.Row {
				t.Errorf("%s row %d points at %s (%s row %d)", s.Sheet, row.Row, tg.ID, tg.Source.Sheet, tg.Source.Row)
			}
		}
	}
	if len(seen) != len(p.Targets) {
		t.Errorf("%d targets have a source row, want %d", len(seen), len(p.Targets))
	}
	if len(p.Problems) < 30 {
		t.Errorf("%d problems, want 30 or more", len(p.Problems))
	}
}
