package parse

import (
	"testing"

	"github.com/smartplan/smartplan/planner"
)

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Close Date", "close date"},
		{"  Close   Date  ", "close date"},
		{"CLOSE_DATE", "close date"},
		{"close-date", "close date"},
		{"Date de clôture", "date de cloture"},
		{"DATE DE CLÔTURE", "date de cloture"},
		{"Date de cl\u006f\u0302ture", "date de cloture"}, // decomposed accent
		{"Étape", "etape"},
		{"Propriétaire", "proprietaire"},
		{"Montant (€)", "montant"},
		{"Montant\u00a0HT", "montant ht"},
		{"Owner.External_Id__c", "owner external id c"},
		{"Deal - Value", "deal value"},
		{"Est. Close Date", "est close date"},
		{"(Do Not Modify) Opportunity", "do not modify opportunity"},
		{"StageName", "stagename"},
		{"N° opportunité", "n opportunite"},
		{"\ufeffId", "id"},
		{"Chargé d'affaires", "charge d affaires"},
		{"Chargé d’affaires", "charge d affaires"},
		{"Cœur de cible", "coeur de cible"},
		{"Straße", "strasse"},
		{"Ÿ Łódź", "y łodz"},
		{"Имя", "имя"},
		{"ǣ", "ae"},    // decomposes to æ and a macron
		{"Ǿ ǿ", "o o"}, // decomposes to ø, folded as the fast path folds Ø
		{"", ""},
		{"---", ""},
	}
	for _, tt := range tests {
		if got := NormalizeHeader(tt.in); got != tt.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestField(t *testing.T) {
	tests := []struct {
		header   string
		field    string
		priority int
	}{
		// English and French labels.
		{"Amount", FieldAmount, 10},
		{"Montant", FieldAmount, 10},
		{"Montant HT", FieldAmount, 10},
		{"MONTANT H.T.", FieldAmount, 10},
		{"Montant TTC", FieldAmount, 8},
		{"Amount (USD)", FieldAmount, 9},
		{"Montant (EUR)", FieldAmount, 9},
		{"Montant (€)", FieldAmount, 10},
		{"Date de clôture", FieldClosed, 10},
		{"Date de cloture", FieldClosed, 10},
		{"Date de clôture prévue", FieldClosed, 2},
		{"Date de création", FieldCreated, 10},
		{"Étape", FieldStage, 10},
		{"Statut", FieldStage, 9},
		{"Propriétaire", FieldOwner, 10},
		{"Commercial", FieldOwner, 10},
		{"Équipe", FieldTeam, 10},
		{"Segment", FieldSegment, 10},
		{"Offre", FieldOffer, 10},
		{"Produit", FieldOffer, 10},
		{"Compte", FieldAccount, 10},
		{"Client", FieldAccount, 10},
		{"Devise", FieldCurrency, 10},
		{"Identifiant", FieldID, 10},

		// Salesforce API names and report labels.
		{"Id", FieldID, 10},
		{"StageName", FieldStage, 10},
		{"CloseDate", FieldClosed, 10},
		{"CreatedDate", FieldCreated, 10},
		{"Amount", FieldAmount, 10},
		{"OwnerId", FieldOwner, 6},
		{"Owner.External_Id__c", FieldOwner, 8},
		{"Account.External_Id__c", FieldAccount, 7},
		{"AccountId", FieldAccount, 6},
		{"CurrencyIsoCode", FieldCurrency, 10},
		{"Product__c", FieldOffer, 10},
		{"External_Id__c", FieldID, 5},
		{"DateTimeCreated__c", FieldCreated, 8},
		{"IsWon", FieldWon, 10},
		{"IsClosed", FieldClosedFlag, 10},
		{"Gagné ?", FieldWon, 5},
		{"Fermé ?", FieldClosedFlag, 5},
		{"ExpectedRevenue", FieldAmount, 3},
		{"Opportunity Owner", FieldOwner, 10},
		{"Account Name", FieldAccount, 10},
		{"Stage", FieldStage, 10},
		{"Close Date", FieldClosed, 10},
		{"Total Amount", FieldAmount, 10},
		{"Total Amount Currency", FieldCurrency, 10},
		{"Created Date", FieldCreated, 10},
		{"Owner Role", FieldTeam, 5},

		// HubSpot.
		{"Record ID", FieldID, 10},
		{"Deal Stage", FieldStage, 10},
		{"Deal owner", FieldOwner, 10},
		{"Create Date", FieldCreated, 10},
		{"dealstage", FieldStage, 10},
		{"closedate", FieldClosed, 10},
		{"createdate", FieldCreated, 10},
		{"amount", FieldAmount, 10},
		{"hubspot_owner_id", FieldOwner, 7},
		{"Associated Company", FieldAccount, 9},
		{"Associated Company (Primary)", FieldAccount, 9},
		// HubSpot in French (labels seen in code written against real exports).
		{"Phase de la transaction", FieldStage, 10},
		{"ID de fiche d'informations", FieldID, 10},
		{"Propriétaire de la transaction", FieldOwner, 10},
		{"Date de fermeture", FieldClosed, 10},
		// A French Salesforce report.
		{"Propriétaire de l'opportunité", FieldOwner, 10},
		{"Etape", FieldStage, 10},
		{"Opportunity Number", FieldID, 10},
		{"Client Final", FieldAccount, 9},
		{"Nom du produit", FieldOffer, 10},
		{"Prix total", FieldAmount, 6},

		// Pipedrive.
		{"Deal - ID", FieldID, 10},
		{"Deal - Value", FieldAmount, 10},
		{"Deal - Stage", FieldStage, 10},
		{"Deal - Status", FieldStage, 12},
		{"Deal - Owner", FieldOwner, 10},
		{"Deal - Organization", FieldAccount, 10},
		{"Deal - Deal created", FieldCreated, 10},
		{"Deal - Creation date", FieldCreated, 10},
		{"Deal - Won time", FieldClosed, 6},
		{"Deal - Lost time", FieldClosed, 5},
		{"Deal - Closed on", FieldClosed, 10},
		{"Deal - Expected close date", FieldClosed, 2},
		{"Deal - Currency", FieldCurrency, 10},
		{"Deal - Currency of value", FieldCurrency, 10},
		{"Deal - Product", FieldOffer, 9}, // entity prefix

		// Dynamics.
		{"Est. Close Date", FieldClosed, 2},
		{"Est. close date", FieldClosed, 2},
		{"Actual Close Date", FieldClosed, 10},
		{"Est. Revenue", FieldAmount, 4},
		{"Actual Revenue", FieldAmount, 10},
		{"Status", FieldStage, 9},
		{"Status Reason", FieldStage, 8},
		{"Potential Customer", FieldAccount, 10},
		{"Created On", FieldCreated, 10},
		{"(Do Not Modify) Opportunity", FieldID, 8},

		// Zoho.
		{"Record Id", FieldID, 10},
		{"Closing Date", FieldClosed, 10},
		{"Closing_Date", FieldClosed, 10},
		{"Deal Owner", FieldOwner, 10},
		{"Account_Name", FieldAccount, 10},
		{"Created Time", FieldCreated, 10},

		// Odoo.
		{"Salesperson", FieldOwner, 10},
		{"Sales Team", FieldTeam, 10},
		{"Expected Revenue", FieldAmount, 3},
		{"Expected Closing", FieldClosed, 2},
		{"Closed Date", FieldClosed, 10},
		{"Customer", FieldAccount, 10},
		{"Created on", FieldCreated, 10},

		// Maven and the Sales Pipeline workbook.
		{"opportunity_id", FieldID, 10},
		{"sales_agent", FieldOwner, 10},
		{"product", FieldOffer, 10},
		{"account", FieldAccount, 10},
		{"deal_stage", FieldStage, 10},
		{"engage_date", FieldCreated, 9},
		{"close_date", FieldClosed, 10},
		{"close_value", FieldAmount, 10},
		{"regional_office", FieldTeam, 6},
		{"sector", FieldSegment, 5},
		{"Opportunity ID", FieldID, 10},
		{"Closed Date", FieldClosed, 10},
		{"Sales Amount", FieldAmount, 10},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			f, ok := Field(tt.header)
			if !ok || f != tt.field {
				t.Errorf("Field(%q) = %q, %v; want %q", tt.header, f, ok, tt.field)
			}
			if got := FieldPriority(tt.header); got != tt.priority {
				t.Errorf("FieldPriority(%q) = %d, want %d", tt.header, got, tt.priority)
			}
		})
	}
}

func TestFieldUnknown(t *testing.T) {
	for _, h := range []string{"", "Name", "Opportunity Name", "Deal Name", "Topic", "Probability",
		"Lead Source", "index", "Row ID", "Opportunity", "Pipeline", "Type", "ForecastCategoryName",
		"LastModifiedDate", "(Do Not Modify) Row Checksum", "Opp Close Date_Simulated", "State",
		"Deal - Title", "Amount EUROS", "Manager"} {
		if f, ok := Field(h); ok {
			t.Errorf("Field(%q) = %q, want no field", h, f)
		}
		if p := FieldPriority(h); p != 0 {
			t.Errorf("FieldPriority(%q) = %d, want 0", h, p)
		}
	}
}

// TestAliasesCoverFields checks that every canonical field has aliases,
// listed by priority, and that each alias maps back to its field.
func TestAliasesCoverFields(t *testing.T) {
	for _, f := range Fields {
		as := Aliases(f)
		if len(as) == 0 {
			t.Errorf("no aliases for %s", f)
		}
		prev := 1 << 30
		for _, a := range as {
			got, ok := Field(a)
			if !ok || got != f {
				t.Errorf("alias %q of %s maps to %q", a, f, got)
			}
			p := FieldPriority(a)
			if p > prev {
				t.Errorf("aliases of %s out of priority order at %q", f, a)
			}
			prev = p
		}
	}
	if Aliases("nothing") != nil {
		t.Error("Aliases of an unknown field is not nil")
	}
}

func TestClosest(t *testing.T) {
	tests := []struct {
		header     string
		candidates []string
		want       string
	}{
		{"amount", []string{"Opportunity", "Montant H.T", "Date"}, "Montant H.T"},
		{"amount", []string{"index", "Row ID", "Lead Source"}, ""},
		{"amount", []string{"Amounts", "Amount EUROS"}, "Amounts"},
		{"amount", []string{"Deal Amount EUROS", "Owner"}, "Deal Amount EUROS"},
		{"closed", []string{"Date de cloture prevu", "Created"}, "Date de cloture prevu"},
		{"stage", []string{"Stagse", "Stage Nme"}, "Stagse"}, // one edit from "stage", as "Stage Nme" is from "stage name": the first wins
		{"Montant HT", []string{"Montant H.T.", "Montant TTC"}, "Montant H.T."},
		{"owner", nil, ""},
		{"amount", []string{"", "---"}, ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.header, tt.candidates); got != tt.want {
			t.Errorf("Closest(%q, %q) = %q, want %q", tt.header, tt.candidates, got, tt.want)
		}
	}
}

func TestStageStatus(t *testing.T) {
	tests := []struct {
		stage string
		want  planner.Status
		ok    bool
	}{
		{"Won", planner.Won, true},
		{"won", planner.Won, true},
		{"WON", planner.Won, true},
		{"Closed Won", planner.Won, true},
		{"Closed/Won", planner.Won, true},
		{"Closed - Won", planner.Won, true},
		{"closedwon", planner.Won, true},
		{"Deal Won", planner.Won, true},
		{"Gagné", planner.Won, true},
		{"Gagnée", planner.Won, true},
		{"gagne", planner.Won, true},
		{"Fermée gagnée", planner.Won, true},
		{"Fermé/Gagné", planner.Won, true},
		{"Fermé gagné", planner.Won, true},
		{"Signé", planner.Won, true},
		{"Signée", planner.Won, true},
		{"Commande", planner.Won, true},
		{"6 - Closed Won", planner.Won, true},
		{"06. Gagné", planner.Won, true},
		{" Closed Won ", planner.Won, true},
		{"Lost", planner.Lost, true},
		{"Closed Lost", planner.Lost, true},
		{"closedlost", planner.Lost, true},
		{"Perdu", planner.Lost, true},
		{"Perdue", planner.Lost, true},
		{"Fermée perdue", planner.Lost, true},
		{"Fermé/Perdu", planner.Lost, true},
		{"Abandonné", planner.Lost, true},
		{"Annulé", planner.Lost, true},
		{"Sans suite", planner.Lost, true},
		{"Out-Sold", planner.Lost, true},
		{"Canceled", planner.Lost, true},
		{"Open", planner.Open, true},
		{"En cours", planner.Open, true},
		{"Engaging", planner.Open, false},
		{"Prospecting", planner.Open, false},
		{"Negotiation/Review", planner.Open, false},
		{"Qualification", planner.Open, false},
		{"Proposal/Price Quote", planner.Open, false},
		{"Closed", planner.Open, false},
		{"Won't buy", planner.Open, false},
		{"Lost and found", planner.Open, false},
		{"", planner.Open, false},
		{"12", planner.Open, false},
	}
	for _, tt := range tests {
		got, ok := StageStatus(tt.stage, nil)
		if got != tt.want || ok != tt.ok {
			t.Errorf("StageStatus(%q) = %v, %v; want %v, %v", tt.stage, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStageStatusOverrides(t *testing.T) {
	overrides := map[string]string{
		"signe":           "open",  // normalised key: beats the built-in "Signé"
		"commande ferme":  "won",   // a stage the built-ins do not know
		"closed lost":     "Perdu", // French status name
		"Exact Key":       "lost",  // a key written as the stage
		"En Négociation":  "lost",  // a key written as a person would
		"proposal":        "bogus", // not a status: ignored
		"negotiation won": "gagné",
	}
	tests := []struct {
		stage string
		want  planner.Status
		ok    bool
	}{
		{"Signé", planner.Open, true},
		{"SIGNE", planner.Open, true},
		{"Commande ferme", planner.Won, true},
		{"Commande", planner.Won, true},
		{"Closed Lost", planner.Lost, true},
		{"Exact Key", planner.Lost, true},
		{"EN NEGOCIATION", planner.Lost, true},
		{"en négociation", planner.Lost, true},
		{"Proposal", planner.Open, false},
		{"3 - Negotiation Won", planner.Won, true},
		{"Closed Won", planner.Won, true},
	}
	for _, tt := range tests {
		got, ok := StageStatus(tt.stage, overrides)
		if got != tt.want || ok != tt.ok {
			t.Errorf("StageStatus(%q) = %v, %v; want %v, %v", tt.stage, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want planner.Status
		ok   bool
	}{
		{"won", planner.Won, true}, {"WON", planner.Won, true}, {"Gagné", planner.Won, true},
		{"lost", planner.Lost, true}, {"perdue", planner.Lost, true},
		{"open", planner.Open, true}, {"En cours", planner.Open, true},
		{"maybe", planner.Open, false}, {"", planner.Open, false},
	} {
		got, ok := ParseStatus(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
