package main

import (
	"fmt"
	"math"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// Target is one row of the sample target sheets, with what it is meant to
// show (Intent, Basis) for the README and the tests.
type Target struct {
	ID, Team, Segment, Offer string
	Metric                   planner.Metric
	Value                    float64
	Baseline                 float64
	HasBaseline              bool
	Start, Deadline          time.Time
	Lever                    string
	Priority                 int // 0: none
	Rationale                string
	Intent                   string // achievable, stretch, unrealistic, short period, …
	Basis                    string // the history figure it was sized from
}

var (
	y2027Start = date(2027, 1, 1)
	y2027End   = date(2027, 12, 31)
)

// Targets sizes the sample targets from the history's trailing twelve
// months (T12, as of 30 November 2026) so that each one is what it claims
// to be. smartplan calls a target achievable when the probability of
// reaching it is 70 % or more: a target equal to last year's figure is a
// coin toss, so the achievable ones sit a prudent margin below history.
// The intent of each target:
//
// Grands Comptes (priorities 1–4, rationale on most):
//   - GC-01 revenue, whole team (no segment, no offer): T12 +20 % — a stretch.
//   - GC-02 win rate on Industrie, with its T12 baseline: +3 points — a stretch.
//   - GC-03 revenue on Santé in January 2027 only: one month of T12 revenue,
//     a period shorter than the 90-day cycle — only the open pipeline can deliver.
//   - GC-04 deal size on the Suite ERP offer: T12 average +4 % — a stretch (no rationale).
//
// PME & ETI (no priority order at all: the "several targets, no priority"
// mistake of METHOD §7):
//   - PME-01 new customers on Distribution: 75 % of the T12 count — achievable.
//   - PME-02 revenue on Industrie: 3× T12 — plainly unrealistic.
//   - PME-03 opportunities on Santé: as many as created over T12 — a stretch (a coin toss), with no lever.
//   - PME-04 revenue on the Module Paie offer in Q1 2027: two thirds of Q1 2026 — achievable,
//     no rationale and not a configured priority (fails Relevant).
//
// Réseau Partenaires (a team column on this sheet, priorities 1–3):
//   - PAR-01 revenue on Industrie: 75 % of T12 — achievable.
//   - PAR-02 meetings on Collectivités: the segment's share of T12 team meetings — a stretch.
//   - PAR-03 win rate on Santé to 60 % from its T12 baseline — unrealistic (rate realism).
func (ds *Dataset) Targets() []Target {
	gc, pme, par := teams[0].name, teams[1].name, teams[2].name
	pct := func(x float64) string { return fmt.Sprintf("%.1f %%", 100*x) }
	eur := euros
	var out []Target

	t := ds.trailing(scope{team: gc})
	out = append(out, Target{ID: "GC-01", Team: gc, Metric: planner.Revenue, Value: roundTo(t.Revenue*1.20, 10000),
		Start: y2027Start, Deadline: y2027End, Lever: "new_logos", Priority: 1,
		Rationale: "Plan stratégique 2027 : +20 % sur les grands comptes.",
		Intent:    "stretch (+20 %); no segment or offer", Basis: "T12 revenue " + eur(t.Revenue)})

	t = ds.trailing(scope{team: gc, segment: "Industrie"})
	base := math.Round(t.WinRate*100) / 100
	out = append(out, Target{ID: "GC-02", Team: gc, Segment: "Industrie", Metric: planner.WinRate, Value: base + 0.03,
		Baseline: base, HasBaseline: true, Start: y2027Start, Deadline: y2027End, Lever: "productivity", Priority: 2,
		Rationale: "Mieux qualifier les opportunités industrielles avant la proposition.",
		Intent:    "stretch (+3 points)", Basis: fmt.Sprintf("T12 win rate %s (%d won of %d closed)", pct(t.WinRate), t.Won, t.Won+t.Lost)})

	t = ds.trailing(scope{team: gc, segment: "Santé"})
	out = append(out, Target{ID: "GC-03", Team: gc, Segment: "Santé", Metric: planner.Revenue, Value: roundTo(t.Revenue/12, 5000),
		Start: y2027Start, Deadline: date(2027, 1, 31), Lever: "upsell", Priority: 3,
		Rationale: "Consommer les budgets santé votés en fin d'année.",
		Intent:    "period (31 days) shorter than the 90-day cycle", Basis: "T12 revenue " + eur(t.Revenue) + ", one month of it"})

	t = ds.trailing(scope{team: gc, offer: "Suite ERP"})
	quoted, nOpen := ds.openQuotes(scope{team: gc, offer: "Suite ERP"})
	out = append(out, Target{ID: "GC-04", Team: gc, Offer: "Suite ERP", Metric: planner.DealSize, Value: roundTo(t.AvgDeal*1.04, 500),
		Baseline: roundTo(t.AvgDeal, 500), HasBaseline: true, Start: y2027Start, Deadline: y2027End, Lever: "pricing", Priority: 4,
		Intent: "unrealistic (+4 %): the open deals, much of 2027's wins, quote less than the deals won; no rationale",
		Basis:  fmt.Sprintf("T12 average won deal %s (%d won); %d open deals quote %s on average", eur(t.AvgDeal), t.Won, nOpen, eur(quoted))})

	t = ds.trailing(scope{team: pme, segment: "Distribution"})
	out = append(out, Target{ID: "PME-01", Team: pme, Segment: "Distribution", Metric: planner.NewCustomers, Value: math.Round(0.55 * float64(t.Won)),
		Start: y2027Start, Deadline: y2027End, Lever: "new_logos",
		Rationale: "Tenir le rythme de signatures dans la distribution.",
		Intent:    "achievable (55 % of T12: the segment's opportunity creation has slowed lately, and its yearly count varies widely); no priority on this sheet",
		Basis:     fmt.Sprintf("T12 won deals %d", t.Won)})

	t = ds.trailing(scope{team: pme, segment: "Industrie"})
	out = append(out, Target{ID: "PME-02", Team: pme, Segment: "Industrie", Metric: planner.Revenue, Value: roundTo(t.Revenue*3, 10000),
		Start: y2027Start, Deadline: y2027End, Lever: "productivity",
		Rationale: "Objectif fixé par la direction financière.",
		Intent:    "unrealistic (3× T12)", Basis: "T12 revenue " + eur(t.Revenue)})

	t = ds.trailing(scope{team: pme, segment: "Santé"})
	out = append(out, Target{ID: "PME-03", Team: pme, Segment: "Santé", Metric: planner.Opportunities, Value: float64(t.Created),
		Start: y2027Start, Deadline: y2027End,
		Rationale: "Remplir le pipeline santé pour 2028.",
		Intent:    "stretch (= T12); no lever", Basis: fmt.Sprintf("T12 opportunities created %d", t.Created)})

	q1, q1Won := ds.wonBetween(scope{team: pme, offer: "Module Paie"}, date(2026, 1, 1), date(2026, 3, 31))
	out = append(out, Target{ID: "PME-04", Team: pme, Offer: "Module Paie", Metric: planner.Revenue, Value: roundTo(q1*2/3, 5000),
		Start: y2027Start, Deadline: date(2027, 3, 31), Lever: "upsell",
		Intent: "achievable (two thirds of Q1 2026) over Q1 2027; no rationale, not a priority",
		Basis:  fmt.Sprintf("Q1 2026 revenue %s (%d won)", eur(q1), q1Won)})

	t = ds.trailing(scope{team: par, segment: "Industrie"})
	out = append(out, Target{ID: "PAR-01", Team: par, Segment: "Industrie", Metric: planner.Revenue, Value: roundTo(t.Revenue*0.75, 5000),
		Start: y2027Start, Deadline: y2027End, Lever: "partners", Priority: 1,
		Rationale: "Consolider le réseau d'intégrateurs industriels.",
		Intent:    "achievable (75 % of T12)", Basis: "T12 revenue " + eur(t.Revenue)})

	team := ds.trailing(scope{team: par})
	t = ds.trailing(scope{team: par, segment: "Collectivités"})
	share := float64(t.Created) / float64(team.Created)
	out = append(out, Target{ID: "PAR-02", Team: par, Segment: "Collectivités", Metric: planner.Meetings,
		Value: roundTo(float64(team.Meetings)*share, 5), Start: y2027Start, Deadline: y2027End, Lever: "partners", Priority: 2,
		Rationale: "Les appels d'offres publics passent par nos partenaires.",
		Intent:    "stretch (= T12)", Basis: fmt.Sprintf("T12 team meetings %d, Collectivités %.0f %% of opportunities", team.Meetings, 100*share)})

	t = ds.trailing(scope{team: par, segment: "Santé"})
	out = append(out, Target{ID: "PAR-03", Team: par, Segment: "Santé", Metric: planner.WinRate, Value: 0.60,
		Baseline: math.Round(t.WinRate*100) / 100, HasBaseline: true, Start: y2027Start, Deadline: y2027End, Lever: "new_offer", Priority: 3,
		Intent: "unrealistic (60 %, far above history); no rationale", Basis: fmt.Sprintf("T12 win rate %s (%d won of %d closed)", pct(t.WinRate), t.Won, t.Won+t.Lost)})
	return out
}
