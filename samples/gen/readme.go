package main

import (
	"fmt"
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// readme writes samples/README.md: what each file is and what each target
// is meant to show, with the history figures it was sized from.
func readme(ds *Dataset, targets []Target) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	won, lost, open := 0, 0, 0
	for _, d := range ds.Deals {
		switch d.Status {
		case "won":
			won++
		case "lost":
			lost++
		default:
			open++
		}
	}
	p("# Samples\n\n")
	p("Small, realistic inputs for **%s**, a fictitious French publisher of\n", Company)
	p("business software with three sales teams. They feed `make demo`, the end-to-end tests\n")
	p("and the importer's fuzz seeds. Every file here is written by the generator:\n\n")
	p("    go run ./samples/gen -out samples    # or: make samples\n\n")
	p("It is deterministic (seeded PCG, fixed document properties): running it twice gives the\n")
	p("same bytes, and a test in `samples/gen` fails when the committed files are out of date.\n")
	p("Do not edit these files by hand; change the generator and rerun it.\n\n")

	p("## Files\n\n")
	p("| file | what it is |\n|---|---|\n")
	p("| `history.xlsx` | %d opportunities created %s to %s (won %d, lost %d, open %d), as an English CRM export: a title row and a blank row above the header (`Opportunity ID, Opportunity Owner, Team, Segment, Offer, Account Name, Stage, Created Date, Close Date, Amount, Currency`), real date cells, stages Prospecting/Qualification/Proposal/Negotiation/Closed Won/Closed Lost. Open deals have no close date; some early-stage ones have no amount yet. |\n",
		len(ds.Deals), firstDay.Format("2006-01-02"), exportDay.Format("2006-01-02"), won, lost, open)
	p("| `history_fr.csv` | The same deals as a French-locale CSV: UTF-8 with BOM, CRLF, `;`, `dd/mm/yyyy`, French headers (`Identifiant;Propriétaire;Équipe;Segment;Offre;Compte;Étape;Date de création;Date de clôture;Montant;Devise`) and stages (Prospection, Qualification, Proposition, Négociation, Gagné, Perdu). Amounts always have two decimals after a comma and a **no-break space (U+00A0)** between thousands: `38 450,00`. |\n")
	p("| `activity.xlsx` | Per team and month (%d rows): contacts, positive responses, meetings and opportunities created. The opportunities are exactly the history's counts per team and creation month; the rates are about 8–12 %% (responses/contacts), 50–65 %% (meetings/responses) and 40–60 %% (opportunities/meetings). |\n", len(ds.Activity))
	p("| `targets.xlsx` | The 2027 targets, one sheet per team named after it, with the template's columns. The `%s` sheet also has a `team` column (both layouts work); the others rely on the sheet name. |\n", teamWithColumn)
	p("| `teams.csv` | Owner to team mapping (`owner;team`) for `--teams` demos with an export that has no team column. |\n")
	p("| `market.csv` | Addressable accounts per segment (`segment;comptes adressables`) for `--market`: the region's firms, far more than the 60 accounts per segment the history deals with. |\n")
	p("| `config.yaml` | Example configuration: priorities, thresholds 0.7/0.3, funnel assumptions, language, currency, a commented `columns:` and `status:` example. |\n\n")

	p("## The history, trailing twelve months to %s\n\n", asOf.Format("2006-01-02"))
	p("What the teams did over (%s, %s], the window `smartplan ratios --as-of %s` uses:\n\n",
		asOf.AddDate(-1, 0, 0).Format("2006-01-02"), asOf.Format("2006-01-02"), asOf.Format("2006-01-02"))
	p("| team | owners | created | won | lost | win rate | average won deal | median cycle (days) | won revenue |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, t := range teams {
		tr := ds.trailing(scope{team: t.name})
		p("| %s | %d | %d | %d | %d | %.1f %% | %s | %.0f | %s |\n", t.name, len(t.owners), tr.Created, tr.Won, tr.Lost,
			100*tr.WinRate, euros(tr.AvgDeal), tr.CycleMedian, euros(tr.Revenue))
	}
	p("\nThe generator's model: opportunities per team and month are Poisson with a mild seasonality\n")
	p("(December peak, August trough) and about +12 %% a year of growth; win rates differ by team\n")
	p("(about 22 %%, 33 %% and 27 %%), segment and owner; cycles are lognormal around 90, 45 and 60 days\n")
	p("(longer for public buyers and the ERP suite); amounts are lognormal around 40k, 12k and 20k EUR\n")
	p("(larger for the ERP suite, smaller for support); August signatures often slip to September and\n")
	p("some January ones are pulled into December.\n\n")

	p("## The targets and what each is meant to show\n\n")
	p("Sized from the figures above by the generator (`samples/gen/targets.go`), so that each is what it\n")
	p("claims whatever the seed. A target is achievable when the probability of reaching it is 70 %%\n")
	p("or more: repeating last year's figure is a coin toss (a stretch), so the achievable targets sit\n")
	p("a prudent margin below history. %s and %s rank their targets; %s does not\n", teams[0].name, teams[2].name, teams[1].name)
	p("(the \"several targets, no priority order\" mistake of METHOD §7).\n\n")
	p("| id | team | scope | metric | value | period | lever | priority | meant to be | sized from |\n|---|---|---|---|---:|---|---|---:|---|---|\n")
	for _, t := range targets {
		sc := strings.TrimSpace(t.Segment + " " + t.Offer)
		if sc == "" {
			sc = "(blank: whole team)"
		}
		lever := t.Lever
		if lever == "" {
			lever = "(none)"
		}
		prio := "–"
		if t.Priority > 0 {
			prio = fmt.Sprint(t.Priority)
		}
		p("| %s | %s | %s | %s | %s | %s to %s | %s | %s | %s | %s |\n", t.ID, t.Team, sc, t.Metric, targetValue(t),
			t.Start.Format("2006-01-02"), t.Deadline.Format("2006-01-02"), lever, prio, t.Intent, t.Basis)
	}
	p("\nThe configuration's priorities are Santé, Industrie and Suite ERP, so PME-04 (Module Paie, no\n")
	p("rationale) is the one target that is not Relevant.\n")
	return b.String()
}

func targetValue(t Target) string {
	switch t.Metric {
	case planner.WinRate:
		s := fmt.Sprintf("%.0f %%", 100*t.Value)
		if t.HasBaseline {
			s += fmt.Sprintf(" (baseline %.0f %%)", 100*t.Baseline)
		}
		return s
	case planner.Revenue:
		return euros(t.Value)
	case planner.DealSize:
		return euros(t.Value) + " (baseline " + euros(t.Baseline) + ")"
	}
	return fmt.Sprintf("%.0f", t.Value)
}

// euros formats an amount as 1,234,567 EUR (README text is English).
func euros(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out) + " EUR"
}
