package importer

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Canonical field names. History fields follow issue 3; target, activity
// and lookup fields follow the input formats of issue 2.
const (
	fID       = "id"
	fOwner    = "owner"
	fTeam     = "team"
	fSegment  = "segment"
	fOffer    = "offer"
	fAccount  = "account"
	fStage    = "stage"
	fStatus   = "status"
	fCreated  = "created"
	fClosed   = "closed"
	fAmount   = "amount"
	fCurrency = "currency"
	fIsWon    = "is_won"
	fIsClosed = "is_closed"

	fMetric    = "metric"
	fValue     = "value"
	fBaseline  = "baseline"
	fStart     = "start"
	fDeadline  = "deadline"
	fLever     = "lever"
	fPriority  = "priority"
	fRationale = "rationale"

	fMonth         = "month"
	fContacts      = "contacts"
	fResponses     = "responses"
	fMeetings      = "meetings"
	fOpportunities = "opportunities"

	// lookup value columns, in order of preference
	fTeamRegion  = "team_region"
	fTeamManager = "team_manager"
	fSector      = "sector"
	// fOwnerID is a user export's id column (Salesforce External_Id__c),
	// mapped beside the name: the history's owner column may hold either.
	fOwnerID = "owner_id"
)

// An alias is a header spelling of a field; Rank orders several columns that
// map to the same field (0 is preferred: "Amount" beats "Expected Revenue").
type alias struct {
	Field string
	Rank  int
}

type aliasTable map[string]alias

func buildAliases(spec map[string][]string, ranked map[string]map[string]int) aliasTable {
	t := aliasTable{}
	for field, names := range spec {
		for _, n := range names {
			k := normKey(n)
			t[k] = alias{Field: field, Rank: ranked[field][n]}
		}
	}
	return t
}

var historySpec = map[string][]string{
	fID: {"id", "opportunity id", "opportunity_id", "opportunityid", "deal id", "dealid", "deal - id",
		"record id", "hs_object_id", "external_id__c", "external id", "identifiant", "id opportunité",
		"n° opportunité", "numéro", "référence opportunité", "(do not modify) opportunity", "deal_id", "oppid", "opp id"},
	fOwner: {"owner", "opportunity owner", "deal owner", "deal - owner", "sales agent", "sales_agent", "salesperson",
		"sales person", "sales rep", "sales representative", "account executive", "account owner", "ownerid", "owner id",
		"owner.external_id__c", "owner name", "owner.name", "opportunity owner: full name", "hubspot_owner_id",
		"hubspot owner", "propriétaire", "propriétaire de l'opportunité", "propriétaire de la transaction",
		"propriétaire de la transaction", "commercial", "vendeur", "responsable", "chargé d'affaires", "user_id",
		"assigned to", "rep"},
	fTeam: {"team", "sales team", "sales_team", "équipe", "équipe commerciale", "team_id", "territory", "territoire",
		"region", "région", "regional office", "regional_office", "business unit", "division", "agence"},
	fSegment: {"segment", "customer segment", "market segment", "segment client", "secteur", "sector", "industry",
		"industrie", "vertical", "marché", "account segment"},
	fOffer: {"offer", "offre", "product", "produit", "product name", "product family", "product__c", "products",
		"associated product", "line of business", "gamme", "deal - product", "famille de produit", "solution"},
	fAccount: {"account", "account name", "accountid", "account id", "account.external_id__c", "account.name",
		"company", "company name", "customer", "client", "compte", "nom du compte", "société", "entreprise",
		"potential customer", "organization", "organisation", "deal - organization", "organization name", "partner_id"},
	fStage: {"stage", "stagename", "stage name", "deal stage", "deal_stage", "dealstage", "sales stage", "deal - stage",
		"deal - stage (pipeline)", "étape", "étape de la transaction", "étape de la vente", "phase", "pipeline phase",
		"stade", "stage_id", "phase de vente", "sales phase"},
	fStatus: {"deal status", "statut de la transaction", "outcome", "résultat", "won/lost"},
	fCreated: {"created", "created date", "createddate", "create date", "createdate", "creation date", "date created",
		"created on", "created at", "created_at", "create_date", "engage date", "engage_date", "deal - deal created",
		"deal - creation date", "deal - add time", "date de création", "date création", "créé le", "datetimecreated__c",
		"createddate__c", "open date", "date d'ouverture", "opened", "start date"},
	fClosed: {"closed", "close date", "closedate", "closed date", "closing date", "close_date", "date closed", "closed on",
		"closed at", "actual close date", "date_closed", "deal - closed on", "deal - close date", "deal - won time",
		"date de clôture", "date de fermeture", "clôturée le", "date de signature", "closedate__c",
		"expected close date", "deal - expected close date", "est. close date", "estimated close date",
		"expected closing", "date de clôture prévue", "closing_date", "date_deadline"},
	fAmount: {"amount", "value", "deal value", "deal - value", "close value", "close_value", "sales amount", "total amount",
		"opportunity amount", "deal amount", "amount (converted)", "montant", "montant total", "montant ht", "valeur",
		"chiffre d'affaires", "ca", "actual revenue", "actualvalue", "revenue", "est. revenue", "estimated revenue",
		"estimatedvalue", "expected revenue", "expected_revenue", "amount__c"},
	fCurrency: {"currency", "currencyisocode", "currency iso code", "deal - currency", "deal - currency of value",
		"devise", "total amount currency", "amount currency", "monnaie"},
	fIsWon:    {"iswon", "is won", "won", "gagné ?", "is_won"},
	fIsClosed: {"isclosed", "is closed", "is_closed", "fermé ?"},
}

var historyRanks = map[string]map[string]int{
	fClosed: {"expected close date": 1, "deal - expected close date": 1, "est. close date": 1,
		"estimated close date": 1, "expected closing": 1, "date de clôture prévue": 1, "date_deadline": 1,
		"closing_date": 0},
	fAmount: {"revenue": 1, "est. revenue": 1, "estimated revenue": 1, "estimatedvalue": 1,
		"expected revenue": 2, "expected_revenue": 2},
	fTeam:    {"region": 1, "région": 1, "regional office": 1, "regional_office": 1, "territory": 1, "territoire": 1, "division": 2, "business unit": 2, "agence": 2},
	fSegment: {"sector": 1, "secteur": 1, "industry": 1, "industrie": 1, "vertical": 1},
	fCreated: {"start date": 2, "opened": 1},
}

var targetSpec = map[string][]string{
	fID:        {"id", "identifiant", "target id", "code", "objectif id", "n°", "no", "num", "#"},
	fTeam:      {"team", "équipe", "sales team", "équipe commerciale"},
	fSegment:   {"segment", "marché", "market", "customer segment"},
	fOffer:     {"offer", "offre", "product", "produit"},
	fMetric:    {"metric", "métrique", "indicateur", "kpi", "measure", "mesure", "type d'objectif"},
	fValue:     {"value", "valeur", "objectif", "target", "cible", "target value", "valeur cible", "quota", "goal"},
	fBaseline:  {"baseline", "référence", "reference", "base", "valeur de départ", "current", "actuel", "point de départ", "valeur de référence"},
	fStart:     {"start", "début", "date de début", "start date", "from", "du", "période début"},
	fDeadline:  {"deadline", "échéance", "date limite", "fin", "end", "end date", "due date", "date de fin", "to", "au", "période fin"},
	fLever:     {"lever", "levier", "levers", "leviers", "action", "actions"},
	fPriority:  {"priority", "priorité", "rank", "rang"},
	fRationale: {"rationale", "justification", "raison", "why", "pourquoi", "reason", "motif", "enjeu"},
}

var activitySpec = map[string][]string{
	fTeam:  {"team", "équipe", "sales team", "équipe commerciale"},
	fMonth: {"month", "mois", "period", "période", "date"},
	fContacts: {"contacts", "contacts made", "prospects contacted", "contacts effectués", "prospects contactés",
		"touches", "outreach"},
	fResponses: {"responses", "positive responses", "réponses", "réponses positives", "replies", "positive replies"},
	fMeetings: {"meetings", "rendez-vous", "rdv", "réunions", "qualified meetings", "rendez-vous qualifiés",
		"meetings held", "rendez-vous réalisés"},
	fOpportunities: {"opportunities", "opportunités", "opportunities created", "opportunités créées", "opps",
		"new opportunities", "qualified opportunities", "opportunités qualifiées"},
}

var lookupSpec = map[string][]string{
	// A user export (Salesforce User.csv) names its people "Name" and its
	// teams by role: "UserRole.Name".
	fOwner:   append(slices.Clone(historySpec[fOwner]), "name", "full name", "user name", "username", "nom", "nom complet"),
	fOwnerID: {"external_id__c", "external id", "employee id", "matricule"},
	fTeam: {"team", "équipe", "sales team", "sales_team", "équipe commerciale", "team name",
		"userrole.name", "user role", "role", "role name", "rôle", "userrole"},
	fTeamRegion:  {"regional_office", "regional office", "region", "région", "territory", "territoire"},
	fTeamManager: {"manager", "sales manager", "manager.external_id__c", "directeur", "manager name"},
	fAccount:     historySpec[fAccount],
	fSegment:     {"segment", "customer segment", "segment client"},
	fSector:      {"sector", "industry", "secteur", "industrie", "secteur d'activité", "vertical"},
}

var (
	aliasOnce                                      sync.Once
	historyAliases, targetAliases, activityAliases aliasTable
	lookupAliases, fxAliases, marketAliases        aliasTable
	quotaAliases, activityExportAliases            aliasTable
)

func initAliases() {
	aliasOnce.Do(func() {
		historyAliases = buildAliases(historySpec, historyRanks)
		targetAliases = buildAliases(targetSpec, nil)
		activityAliases = buildAliases(activitySpec, nil)
		lookupAliases = buildAliases(lookupSpec, nil)
		fxAliases = buildAliases(fxSpec, nil)
		marketAliases = buildAliases(marketSpec, nil)
		quotaAliases = buildAliases(quotaSpec, nil)
		activityExportAliases = buildAliases(activityExportSpec, nil)
	})
}

// userFields maps what a user may write under `columns:` or --column to
// the canonical field.
var userFields = map[string]string{
	"id": fID, "owner": fOwner, "team": fTeam, "segment": fSegment, "offer": fOffer, "product": fOffer,
	"account": fAccount, "stage": fStage, "status": fStatus, "created": fCreated, "created_date": fCreated,
	"create_date": fCreated, "closed": fClosed, "close_date": fClosed, "closed_date": fClosed,
	"amount": fAmount, "value": fValue, "won": fIsWon, "closed_flag": fIsClosed, "currency": fCurrency, "is_won": fIsWon, "is_closed": fIsClosed,
	"metric": fMetric, "baseline": fBaseline, "start": fStart, "deadline": fDeadline, "lever": fLever,
	"priority": fPriority, "rationale": fRationale, "month": fMonth, "contacts": fContacts,
	"responses": fResponses, "meetings": fMeetings, "opportunities": fOpportunities,
}

func canonicalUserField(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.ReplaceAll(strings.ReplaceAll(k, " ", "_"), "-", "_")
	return userFields[k]
}

func knownUserFields() []string {
	out := make([]string, 0, len(userFields))
	for k := range userFields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// normKey folds a header or a label to a comparison key: accents removed,
// lower case, and only letters and digits kept ("Date de clôture" ->
// "datedecloture", "Deal - Value" -> "dealvalue").
func normKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				b.WriteByte(c)
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c == '#':
				b.WriteByte('#')
			}
		}
		return b.String()
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß':
			b.WriteString("ss")
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == '°':
			b.WriteByte('o')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '#':
			b.WriteByte('#')
		}
	}
	return b.String()
}
