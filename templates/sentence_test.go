package templates

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

var dec31 = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)

// nb replaces "_" with a no-break space, the French thousands separator,
// so that expected strings stay readable.
func nb(s string) string { return strings.ReplaceAll(s, "_", "\u00a0") }

func TestSentence(t *testing.T) {
	revenue := planner.SentenceData{Metric: planner.Revenue, Value: 1200000, Currency: "EUR", Scope: "Healthcare",
		Deadline: dec31, Lever: "new_logos", Deals: 60, Opportunities: 240, OpportunitiesPerMonth: 20}
	tests := []struct {
		name string
		lang string
		d    planner.SentenceData
		want string
	}{
		{"revenue en (METHOD §4 example)", "en", revenue,
			"Reach €1,200,000 of revenue on Healthcare before 31 December 2026, through new logos, i.e. 60 deals from 240 qualified opportunities (20 a month)."},
		{"revenue fr", "fr", func() planner.SentenceData { d := revenue; d.Scope = "Santé"; return d }(),
			nb("Atteindre 1_200_000_€ de chiffre d’affaires sur Santé avant le 31 décembre 2026, grâce à de nouveaux clients, soit 60 affaires issues de 240 opportunités qualifiées (20 par mois).")},
		{"revenue exact values are rounded up", "en", planner.SentenceData{Metric: planner.Revenue, Value: 1000000, Currency: "EUR",
			Scope: "PME & ETI", Deadline: dec31, Lever: "upsell", Deals: 83.33, Opportunities: 277.8, OpportunitiesPerMonth: 23.15},
			"Reach €1,000,000 of revenue on PME & ETI before 31 December 2026, through upsell to existing customers, i.e. 84 deals from 278 qualified opportunities (24 a month)."},
		{"revenue floating-point noise is not rounded up", "en", planner.SentenceData{Metric: planner.Revenue, Currency: "EUR", Value: 1200000,
			Scope: "Healthcare", Deadline: dec31, Deals: 60.0000000001, Opportunities: 240.00000000004, OpportunitiesPerMonth: 20},
			"Reach €1,200,000 of revenue on Healthcare before 31 December 2026, i.e. 60 deals from 240 qualified opportunities (20 a month)."},
		{"revenue in dollars", "en", func() planner.SentenceData { d := revenue; d.Currency = "USD"; return d }(),
			"Reach $1,200,000 of revenue on Healthcare before 31 December 2026, through new logos, i.e. 60 deals from 240 qualified opportunities (20 a month)."},
		{"new customers en (METHOD §4: 40 at 20 %)", "en", planner.SentenceData{Metric: planner.NewCustomers, Value: 40, Scope: "Industrie",
			Deadline: dec31, Lever: "partners", Deals: 40, Opportunities: 200, OpportunitiesPerMonth: 200.0 / 12},
			"Win 40 new customers on Industrie before 31 December 2026, through partners, i.e. 40 deals from 200 qualified opportunities (17 a month)."},
		{"new customers fr", "fr", planner.SentenceData{Metric: planner.NewCustomers, Value: 40, Scope: "Industrie",
			Deadline: dec31, Lever: "partenaires", Deals: 40, Opportunities: 200, OpportunitiesPerMonth: 200.0 / 12},
			"Signer 40 nouveaux clients sur Industrie avant le 31 décembre 2026, grâce aux partenaires, soit 40 affaires issues de 200 opportunités qualifiées (17 par mois)."},
		{"one new customer en", "en", planner.SentenceData{Metric: planner.NewCustomers, Value: 1, Scope: "Santé",
			Deadline: dec31, Opportunities: 4, OpportunitiesPerMonth: 1},
			"Win 1 new customer on Santé before 31 December 2026, i.e. 1 deal from 4 qualified opportunities (1 a month)."},
		{"one new customer fr", "fr", planner.SentenceData{Metric: planner.NewCustomers, Value: 1, Scope: "Santé",
			Deadline: dec31, Opportunities: 4, OpportunitiesPerMonth: 1},
			"Signer 1 nouveau client sur Santé avant le 31 décembre 2026, soit 1 affaire issue de 4 opportunités qualifiées (1 par mois)."},
		{"meetings en", "en", planner.SentenceData{Metric: planner.Meetings, Value: 300, Scope: "Collectivités", Deadline: dec31,
			Lever: "productivity", MeetingsPerMonth: 25, Meetings: 300, Contacts: 5000},
			"Hold 300 qualified meetings on Collectivités before 31 December 2026, through sales productivity, i.e. 25 a month, from 5,000 contacts."},
		{"meetings fr", "fr", planner.SentenceData{Metric: planner.Meetings, Value: 300, Scope: "Collectivités", Deadline: dec31,
			Lever: "Productivité", MeetingsPerMonth: 25, Meetings: 300, Contacts: 5000},
			nb("Obtenir 300 rendez-vous qualifiés sur Collectivités avant le 31 décembre 2026, grâce à la productivité commerciale, soit 25 par mois, à partir de 5_000 contacts.")},
		{"meetings without the downward funnel", "en", planner.SentenceData{Metric: planner.Meetings, Value: 120, Team: "Partenaires", Deadline: dec31},
			"Hold 120 qualified meetings for Partenaires before 31 December 2026."},
		{"opportunities en", "en", planner.SentenceData{Metric: planner.Opportunities, Value: 240, Scope: "Suite ERP", Deadline: dec31,
			Lever: "new_offer", Deals: 60, OpportunitiesPerMonth: 20},
			"Create 240 qualified opportunities on Suite ERP before 31 December 2026, through a new offer, i.e. 20 a month, for 60 deals at the historical win rate."},
		{"opportunities fr", "fr", planner.SentenceData{Metric: planner.Opportunities, Value: 240, Scope: "Suite ERP", Deadline: dec31,
			Lever: "nouvelle offre", Deals: 60, OpportunitiesPerMonth: 20},
			"Créer 240 opportunités qualifiées sur Suite ERP avant le 31 décembre 2026, grâce à une nouvelle offre, soit 20 par mois, pour 60 affaires au taux de transformation historique."},
		{"win rate en (METHOD §6 lever example)", "en", planner.SentenceData{Metric: planner.WinRate, Value: 0.30, Baseline: 0.22, HasBaseline: true,
			Scope: "Grands Comptes", Deadline: dec31, Lever: "pricing", Deals: 90, Opportunities: 300, OpportunitiesPerMonth: 25},
			"Raise the win rate on Grands Comptes from 22.0% to 30.0% before 31 December 2026, through pricing, i.e. 90 deals from 300 qualified opportunities (25 a month)."},
		{"win rate fr", "fr", planner.SentenceData{Metric: planner.WinRate, Value: 0.30, Baseline: 0.22, HasBaseline: true,
			Scope: "Grands Comptes", Deadline: dec31, Lever: "prix", Deals: 90, Opportunities: 300, OpportunitiesPerMonth: 25},
			nb("Porter le taux de transformation sur Grands Comptes de 22,0_% à 30,0_% avant le 31 décembre 2026, grâce à la politique tarifaire, soit 90 affaires issues de 300 opportunités qualifiées (25 par mois).")},
		{"win rate without baseline", "en", planner.SentenceData{Metric: planner.WinRate, Value: 0.25, Scope: "Santé", Deadline: dec31},
			"Raise the win rate on Santé to 25.0% before 31 December 2026."},
		{"win rate lowered fr", "fr", planner.SentenceData{Metric: planner.WinRate, Value: 0.2, Baseline: 0.25, HasBaseline: true, Scope: "Santé", Deadline: dec31},
			nb("Ramener le taux de transformation sur Santé de 25,0_% à 20,0_% avant le 31 décembre 2026.")},
		{"deal size en", "en", planner.SentenceData{Metric: planner.DealSize, Value: 25000, Baseline: 18000, HasBaseline: true, Currency: "EUR",
			Scope: "Module Paie", Deadline: dec31, Lever: "upsell", Deals: 48, Opportunities: 192, OpportunitiesPerMonth: 16},
			"Raise the average deal size on Module Paie from €18,000 to €25,000 before 31 December 2026, through upsell to existing customers, i.e. 48 deals from 192 qualified opportunities (16 a month)."},
		{"deal size fr", "fr", planner.SentenceData{Metric: planner.DealSize, Value: 25000, Baseline: 18000, HasBaseline: true, Currency: "EUR",
			Scope: "Module Paie", Deadline: dec31, Lever: "vente additionnelle", Deals: 48, Opportunities: 192, OpportunitiesPerMonth: 16},
			nb("Porter le panier moyen sur Module Paie de 18_000_€ à 25_000_€ avant le 31 décembre 2026, grâce aux ventes additionnelles, soit 48 affaires issues de 192 opportunités qualifiées (16 par mois).")},
		{"free-text lever en", "en", planner.SentenceData{Metric: planner.Revenue, Currency: "EUR", Value: 500000, Scope: "Distribution", Deadline: dec31,
			Lever: "two new account managers", Deals: 25, Opportunities: 100, OpportunitiesPerMonth: 9},
			"Reach €500,000 of revenue on Distribution before 31 December 2026, through two new account managers, i.e. 25 deals from 100 qualified opportunities (9 a month)."},
		{"free-text lever fr", "fr", planner.SentenceData{Metric: planner.Revenue, Currency: "EUR", Value: 500000, Scope: "Distribution", Deadline: dec31,
			Lever: "recrutement de deux commerciaux", Deals: 25, Opportunities: 100, OpportunitiesPerMonth: 9},
			nb("Atteindre 500_000_€ de chiffre d’affaires sur Distribution avant le 31 décembre 2026, grâce au levier « recrutement de deux commerciaux », soit 25 affaires issues de 100 opportunités qualifiées (9 par mois).")},
		{"first of the month fr, team as scope", "fr", planner.SentenceData{Metric: planner.Revenue, Value: 90000, Currency: "EUR", Team: "Partenaires",
			Deadline: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
			nb("Atteindre 90_000_€ de chiffre d’affaires pour Partenaires avant le 1er mars 2027.")},
		{"team as scope, given as both en", "en", planner.SentenceData{Metric: planner.Revenue, Value: 3440000, Currency: "EUR", Scope: "Grands Comptes",
			Team: "Grands Comptes", Deadline: dec31, Lever: "new logos", Deals: 69, Opportunities: 330, OpportunitiesPerMonth: 33},
			"Reach €3,440,000 of revenue for Grands Comptes before 31 December 2026, through new logos, i.e. 69 deals from 330 qualified opportunities (33 a month)."},
		{"segment of a team en", "en", planner.SentenceData{Metric: planner.Revenue, Currency: "EUR", Value: 95000, Scope: "Santé",
			Team: "Grands Comptes", Deadline: dec31},
			"Reach €95,000 of revenue on Santé before 31 December 2026."},
		{"no scope, no deadline, no funnel", "en", planner.SentenceData{Metric: planner.Revenue, Value: 90000, Currency: "EUR"},
			"Reach €90,000 of revenue."},
		{"no currency known: no symbol", "en", planner.SentenceData{Metric: planner.Revenue, Value: 90000},
			"Reach 90,000 of revenue."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sentence(tt.lang, tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Sentence(%s)\n got %q\nwant %q", tt.lang, got, tt.want)
			}
		})
	}
}

// Every metric has wording in both languages, on one line, with no
// template residue.
func TestSentenceEveryMetric(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		for _, m := range planner.Metrics {
			d := planner.SentenceData{Metric: m, Value: 10, Scope: "Santé", Deadline: dec31, Lever: "upsell",
				Deals: 10, Opportunities: 40, OpportunitiesPerMonth: 4, Meetings: 10, MeetingsPerMonth: 1, Contacts: 100,
				Baseline: 5, HasBaseline: true}
			if m == planner.WinRate {
				d.Value, d.Baseline = 0.3, 0.2
			}
			got, err := Sentence(lang, d)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, m, err)
			}
			if strings.ContainsAny(got, "\n{}<") || strings.Contains(got, "  ") || !strings.HasSuffix(got, ".") {
				t.Errorf("%s %s: malformed sentence %q", lang, m, got)
			}
			if !strings.Contains(got, "Santé") || !strings.Contains(got, "2026") {
				t.Errorf("%s %s: scope or deadline missing from %q", lang, m, got)
			}
		}
	}
}

func TestSentenceErrors(t *testing.T) {
	if _, err := Sentence("en", planner.SentenceData{Metric: "turnover", Value: 1}); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("unknown metric: got %v, want ErrUnknownMetric", err)
	}
	if _, err := Sentence("fr", planner.SentenceData{Metric: "", Value: 1}); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("empty metric: got %v, want ErrUnknownMetric", err)
	}
	if _, err := Sentence("en", planner.SentenceData{Metric: planner.Revenue, Value: math.NaN()}); err == nil {
		t.Error("NaN value: got no error")
	}
}

func TestLeverCode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"new_logos", "new_logos", true},
		{"New logos", "new_logos", true},
		{"  nouveaux-clients ", "new_logos", true},
		{"Productivité", "productivity", true},
		{"VENTE ADDITIONNELLE", "upsell", true},
		{"prix", "pricing", true},
		{"nouvelle_offre", "new_offer", true},
		{"Partenaires", "partners", true},
		{"hire two reps", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := LeverCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LeverCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// Every lever of the drop-down lists, in both languages, is known.
	for _, lang := range []string{"en", "fr"} {
		for i, l := range Levers(lang) {
			if got, ok := LeverCode(l); !ok || got != planner.TemplateLevers[i] {
				t.Errorf("LeverCode(%q) = %q, %v; want %q", l, got, ok, planner.TemplateLevers[i])
			}
		}
	}
}

func ExampleSentence() {
	s, _ := Sentence("en", planner.SentenceData{
		Metric: planner.Revenue, Value: 1200000, Currency: "EUR", Scope: "Healthcare",
		Deadline: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Lever: "new_logos",
		Deals: 60, Opportunities: 240, OpportunitiesPerMonth: 20,
	})
	fmt.Println(s)
	// Output: Reach €1,200,000 of revenue on Healthcare before 31 December 2026, through new logos, i.e. 60 deals from 240 qualified opportunities (20 a month).
}

// TestLeverAliases: each lever code, its French spelling and the usual
// synonyms read as the code.
func TestLeverAliases(t *testing.T) {
	want := map[string]string{
		"new_logos": "new_logos", "new_logo": "new_logos", "new_customers": "new_logos", "acquisition": "new_logos",
		"nouveaux_clients": "new_logos", "nouveaux_logos": "new_logos", "conquete": "new_logos",
		"upsell": "upsell", "up_sell": "upsell", "cross_sell": "upsell", "expansion": "upsell",
		"vente_additionnelle": "upsell", "ventes_additionnelles": "upsell",
		"pricing": "pricing", "price": "pricing", "prix": "pricing", "tarification": "pricing", "hausse_de_prix": "pricing",
		"new_offer": "new_offer", "new_product": "new_offer", "nouvelle_offre": "new_offer", "nouveau_produit": "new_offer",
		"partners": "partners", "partner": "partners", "partnerships": "partners", "channel": "partners",
		"partenaires": "partners", "partenariats": "partners", "partenaire": "partners",
		"productivity": "productivity", "productivite": "productivity", "efficacite": "productivity",
	}
	for text, code := range want {
		if got, ok := LeverCode(text); !ok || got != code {
			t.Errorf("LeverCode(%q) = %q, %v; want %q", text, got, ok, code)
		}
	}
	if len(leverAliases) != len(want) {
		t.Errorf("%d aliases, want %d", len(leverAliases), len(want))
	}
}
