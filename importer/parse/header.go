package parse

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/smartplan/smartplan/planner/ident"
)

// NormalizeHeader returns s in lower case without accents, every run of
// characters other than letters and digits (punctuation, underscores,
// symbols, spaces of any kind) replaced by one space, and trimmed:
// "Date de clôture" gives "date de cloture", "Owner.External_Id__c" gives
// "owner external id c", "Deal - Value" gives "deal value". Ligatures are
// spelled out (œ, æ, ß). Camel case is not split: "StageName" gives
// "stagename".
func NormalizeHeader(s string) string {
	var buf [128]byte
	return string(appendNormalized(buf[:0], s))
}

// appendNormalized appends the normalised form of s to dst. Letters of
// Latin-1 take a fast path; other letters are decomposed (NFD) and lose
// their combining marks.
func appendNormalized(dst []byte, s string) []byte {
	space := false // a separator is pending
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c |= 0x20
			default:
				space = true
				continue
			}
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, c)
			continue
		}
		if f, w := foldLetter(s, i); w > 0 {
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, f)
			i += w
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		var out []byte
		switch {
		case unicode.IsMark(r):
			continue // a combining accent of decomposed input
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			var tmp [32]byte
			for _, d := range string(norm.NFD.AppendString(tmp[:0], s[i-w:i])) {
				if !unicode.IsMark(d) {
					out = appendLower(out, d)
				}
			}
		default:
			space = true
			continue
		}
		if len(out) == 0 {
			continue
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, out...)
	}
	return dst
}

// appendLower appends r in lower case, with the ligatures spelled out.
func appendLower(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	if r >= 0xC0 && r <= 0xFF && latin1Fold[r-0xC0] != 0 {
		return append(b, latin1Fold[r-0xC0]) // ø from ǿ: as the fast path folds it
	}
	switch r {
	case 'œ':
		return append(b, "oe"...)
	case 'æ':
		return append(b, "ae"...)
	case 'ß':
		return append(b, "ss"...)
	}
	return utf8.AppendRune(b, r)
}

// The canonical fields of a deal row. Won and ClosedFlag are Salesforce's
// IsWon and IsClosed booleans.
const (
	FieldID         = "id"
	FieldOwner      = "owner"
	FieldTeam       = "team"
	FieldSegment    = "segment"
	FieldOffer      = "offer"
	FieldAccount    = "account"
	FieldStage      = "stage"
	FieldCreated    = "created"
	FieldClosed     = "closed"
	FieldAmount     = "amount"
	FieldCurrency   = "currency"
	FieldWon        = "won"
	FieldClosedFlag = "closed_flag"
)

// Fields lists the canonical fields in a stable order.
var Fields = []string{FieldID, FieldOwner, FieldTeam, FieldSegment, FieldOffer, FieldAccount,
	FieldStage, FieldCreated, FieldClosed, FieldAmount, FieldCurrency, FieldWon, FieldClosedFlag}

type alias struct {
	field    string
	priority int
}

// Header aliases, as the exports write them (normalised at start-up), by
// field and priority. Priority 10 is the field itself; lower priorities are
// stand-ins that a file's better column overrides: an expected or
// estimated close date (2) is not the date an open deal closed, an
// estimated or probability-weighted revenue (3, 4) is not the amount. Above
// 10, Pipedrive's "Deal - Status" (open, won, lost) beats its "Deal -
// Stage", which keeps the last pipeline stage of a won or lost deal.
var aliasTable = []struct {
	field    string
	priority int
	headers  []string
}{
	{FieldID, 10, []string{"Id", "Opportunity ID", "OpportunityId", "Deal ID", "Deal - ID",
		"Record ID", "hs_object_id", "Opportunity Number", "Identifiant", "ID opportunité",
		"ID de l'opportunité", "Identifiant opportunité", "Identifiant de l'opportunité",
		"N° opportunité", "Numéro d'opportunité", "Numéro", "ID affaire", "ID de la transaction",
		"ID de fiche d'informations", "Deal Number"}},
	{FieldID, 8, []string{"(Do Not Modify) Opportunity", "Référence", "Ref", "Reference"}},
	{FieldID, 5, []string{"External_Id__c", "External ID", "ID externe"}},

	{FieldOwner, 10, []string{"Owner", "Opportunity Owner", "Deal Owner", "Deal - Owner",
		"Owner Name", "Owner.Name", "Owner Full Name", "Sales Agent", "Salesperson", "Sales Person",
		"Sales Rep", "Sales Representative", "Account Executive", "Commercial", "Propriétaire",
		"Propriétaire de l'opportunité", "Propriétaire de la transaction", "Propriétaire de l'affaire",
		"Responsable", "Vendeur", "Chargé d'affaires", "Assigned To", "Attribué à", "Deal owner name",
		"Opportunity Owner: Full Name"}},
	{FieldOwner, 8, []string{"Owner.External_Id__c"}},
	{FieldOwner, 7, []string{"hubspot_owner_id", "Deal owner ID"}},
	{FieldOwner, 6, []string{"OwnerId", "Owner ID", "ownerid"}},
	{FieldOwner, 5, []string{"user_id"}},

	{FieldTeam, 10, []string{"Team", "Sales Team", "Équipe", "Équipe commerciale", "Équipe de vente",
		"Sales Team Name"}},
	{FieldTeam, 8, []string{"team_id"}},
	{FieldTeam, 7, []string{"Business Unit"}},
	{FieldTeam, 6, []string{"Region", "Regional Office", "Sales Region", "Agence"}},
	{FieldTeam, 5, []string{"Territory", "Territoire", "Owner Role", "Rôle du propriétaire", "Division"}},

	{FieldSegment, 10, []string{"Segment", "Customer Segment", "Market Segment", "Segment client",
		"Segment de marché", "Segment de clientèle"}},
	{FieldSegment, 7, []string{"Market", "Marché"}},
	{FieldSegment, 6, []string{"Client Size", "Taille client", "Taille du client", "Company Size"}},
	{FieldSegment, 5, []string{"Industry", "Sector", "Secteur", "Secteur d'activité",
		"Customer Type", "Type de client"}},

	{FieldOffer, 10, []string{"Offer", "Offre", "Product", "Produit", "Product Name", "Nom du produit",
		"Product__c", "Products", "Produits", "Associated Product", "Product Line", "Ligne de produit",
		"Ligne de produits", "Gamme", "Gamme de produits", "Solution"}},
	{FieldOffer, 8, []string{"Product Family", "Famille de produits", "Famille de produit"}},
	{FieldOffer, 7, []string{"Prestation"}},
	{FieldOffer, 6, []string{"Service"}},

	{FieldAccount, 10, []string{"Account", "Account Name", "Compte", "Nom du compte", "Client", "Customer",
		"Customer Name", "Nom du client", "Company", "Organization", "Organisation", "Organization Name",
		"Deal - Organization", "Potential Customer", "Client potentiel", "Société", "Entreprise",
		"Raison sociale"}},
	{FieldAccount, 9, []string{"Associated Company", "Associated Company (Primary)", "Entreprise associée",
		"Entreprise associée (principale)", "Client final"}},
	{FieldAccount, 8, []string{"Company Name", "Nom de l'entreprise"}},
	{FieldAccount, 7, []string{"Account.External_Id__c"}},
	{FieldAccount, 6, []string{"AccountId", "Account ID", "partner_id"}},
	{FieldAccount, 4, []string{"Account_Name.id"}},

	{FieldStage, 12, []string{"Deal - Status"}},
	{FieldStage, 10, []string{"Stage", "StageName", "Stage Name", "Deal Stage", "Deal - Stage",
		"dealstage", "Opportunity Stage", "Étape", "Étape de la transaction", "Étape de vente",
		"Étape de l'opportunité", "Phase de la transaction", "Phase de vente", "Stade"}},
	{FieldStage, 9, []string{"Status", "Statut", "Deal - Stage (pipeline)"}},
	{FieldStage, 8, []string{"Status Reason", "Raison du statut", "stage_id"}},
	{FieldStage, 7, []string{"Sales Stage", "Pipeline Phase", "Phase du pipeline"}},

	{FieldCreated, 10, []string{"Created", "Created Date", "CreatedDate", "Create Date", "createdate",
		"Created On", "Creation Date", "Date Created", "Created Time", "Deal - Deal created",
		"Deal created", "Deal - Creation date", "Date de création", "Créé le", "Créée le",
		"Créé", "Date de création de l'opportunité"}},
	{FieldCreated, 9, []string{"Date d'ouverture", "Open Date", "Opened Date", "Engage Date"}},
	{FieldCreated, 8, []string{"DateTimeCreated__c"}},
	{FieldCreated, 7, []string{"CreatedDate__c"}},

	{FieldClosed, 10, []string{"Close Date", "CloseDate", "Closed Date", "Closing Date", "Date Closed",
		"Closed On", "Deal - Closed on", "Actual Close Date", "actualclosedate", "Date de clôture",
		"Date de fermeture", "Date de clôture réelle", "Clôturé le", "Clôturée le", "Fermé le",
		"Fermée le", "Date de clôture de l'opportunité"}},
	{FieldClosed, 9, []string{"Date de signature", "Signature Date", "Signed Date", "Date signature"}},
	{FieldClosed, 8, []string{"Won Date", "Date de gain"}},
	{FieldClosed, 6, []string{"Deal - Won time"}},
	{FieldClosed, 5, []string{"Deal - Lost time", "Closed"}},
	{FieldClosed, 2, []string{"Expected Close Date", "Deal - Expected close date", "Est. Close Date",
		"Estimated Close Date", "estimatedclosedate", "Expected Closing", "date_deadline",
		"Date de clôture prévue", "Date de clôture estimée", "Date de fermeture prévue",
		"Date de clôture prévisionnelle"}},

	{FieldAmount, 10, []string{"Amount", "Total Amount", "Deal - Value", "Value", "Deal Value",
		"Close Value", "Sales Amount", "Montant", "Montant HT", "Montant H.T.", "Montant total", "Montant total HT",
		"Montant de la transaction", "Montant de l'opportunité", "Valeur", "Actual Revenue",
		"actualvalue", "Chiffre d'affaires HT"}},
	{FieldAmount, 8, []string{"Won Amount", "Chiffre d'affaires", "Montant TTC", "Montant T.T.C.", "Amount (converted)",
		"Amount in company currency", "Amount in home currency",
		"Montant dans la devise de l'entreprise"}},
	{FieldAmount, 7, []string{"Revenue", "Revenu"}},
	{FieldAmount, 6, []string{"Prix total", "Total Price"}},
	{FieldAmount, 4, []string{"Est. Revenue", "Estimated Revenue", "estimatedvalue", "Montant estimé"}},
	{FieldAmount, 3, []string{"Expected Revenue", "ExpectedRevenue", "Revenu attendu", "Montant prévisionnel",
		"Chiffre d'affaires prévisionnel"}},

	{FieldCurrency, 10, []string{"Currency", "CurrencyIsoCode", "Currency ISO Code", "Currency Code",
		"Devise", "Code devise", "Code de la devise", "Monnaie", "Deal - Currency",
		"Deal - Currency of value", "Total Amount Currency", "Amount Currency", "Deal Currency Code",
		"Transaction Currency", "Opportunity Currency", "Devise de la transaction"}},
	{FieldCurrency, 8, []string{"transactioncurrencyid"}},

	{FieldWon, 10, []string{"IsWon", "Is Won"}},
	{FieldWon, 5, []string{"Won", "Gagné ?", "Gagnée ?"}},
	{FieldClosedFlag, 10, []string{"IsClosed", "Is Closed"}},
	{FieldClosedFlag, 5, []string{"Fermé ?", "Fermée ?", "Clôturé ?", "Clôturée ?"}},
}

var aliases = buildAliases()

func buildAliases() map[string]alias {
	m := make(map[string]alias)
	for _, g := range aliasTable {
		for _, h := range g.headers {
			k := NormalizeHeader(h)
			if old, dup := m[k]; dup && old != (alias{g.field, g.priority}) {
				panic("parse: header alias " + h + " given twice")
			}
			m[k] = alias{g.field, g.priority}
		}
	}
	return m
}

// entityPrefixes are the words an export puts before a field's label
// ("Deal - Title", "Opportunity Stage"); a header that is not an alias is
// tried again without them, one priority lower.
var entityPrefixes = []string{"deal ", "opportunity ", "opportunite ", "transaction ", "affaire "}

func lookup(header string) (alias, bool) {
	var buf [128]byte
	k := appendNormalized(buf[:0], header)
	if a, ok := aliases[string(k)]; ok {
		return a, true
	}
	key := string(k)
	// "Amount (USD)", "Montant (EUR)": a unit after the label.
	if sp := strings.LastIndexByte(key, ' '); sp > 0 && len(key)-sp-1 == 3 && isCode(strings.ToUpper(key[sp+1:])) {
		if a, ok := aliases[key[:sp]]; ok {
			a.priority--
			return a, true
		}
	}
	for _, p := range entityPrefixes {
		if rest, ok := strings.CutPrefix(key, p); ok {
			if a, ok := aliases[rest]; ok {
				a.priority--
				return a, true
			}
		}
	}
	return alias{}, false
}

// Field returns the canonical field a column header stands for, among
// Fields, and whether it is a known alias. Matching ignores case, accents,
// punctuation and spacing (NormalizeHeader), a currency code after the
// label ("Amount (USD)") and an entity prefix before it ("Deal - Value",
// "Opportunity Stage"). When several columns of a file map to one field,
// take the one with the highest FieldPriority (the first one on a tie).
func Field(header string) (field string, ok bool) {
	a, ok := lookup(header)
	return a.field, ok
}

// FieldPriority returns how good a column with this header is for its
// field: 10 for the field itself ("Close Date"), less for a stand-in
// ("Expected Close Date" is 2), more where an export has a better column
// than the usual one (Pipedrive's "Deal - Status", 12, over "Deal -
// Stage"), and 0 when the header is not a known alias.
func FieldPriority(header string) int {
	a, _ := lookup(header)
	return a.priority
}

// Aliases returns the normalised aliases of a canonical field, highest
// priority first (alphabetical within a priority); nil for an unknown
// field.
func Aliases(field string) []string {
	type kv struct {
		k string
		p int
	}
	var list []kv
	for k, a := range aliases {
		if a.field == field {
			list = append(list, kv{k, a.priority})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].p != list[j].p {
			return list[i].p > list[j].p
		}
		return list[i].k < list[j].k
	})
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.k
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Closest returns the candidate most like header, by edit distance on the
// normalised strings, for messages such as "required column amount not
// found; closest: 'Montant H.T.'". When header is a canonical field name
// (Fields), candidates are compared with each of its aliases. A candidate
// that contains the header (or an alias) as whole words counts as two edits
// away. It returns "" when no candidate is within half the length of the
// longer string, so that an unrelated header is never suggested; on a tie
// the first candidate wins.
func Closest(header string, candidates []string) string {
	targets := Aliases(header)
	if targets == nil {
		if n := NormalizeHeader(header); n != "" {
			targets = []string{n}
		}
	}
	best, bestScore := "", -1
	for _, c := range candidates {
		nc := NormalizeHeader(c)
		if nc == "" {
			continue
		}
		for _, t := range targets {
			d := ident.Distance(nc, t)
			if d > 2 && strings.Contains(" "+nc+" ", " "+t+" ") {
				d = 2
			}
			if 2*d > max(utf8.RuneCountInString(nc), utf8.RuneCountInString(t)) {
				continue
			}
			if bestScore < 0 || d < bestScore {
				best, bestScore = c, d
			}
		}
	}
	return best
}
