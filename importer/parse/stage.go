package parse

import "github.com/smartplan/smartplan/planner"

// stageVocabulary maps normalised stage and status names to a status. The
// open entries are the explicit "open" statuses of status columns
// (Pipedrive's Deal - Status, Dynamics' Status); an unknown stage is open
// too, but StageStatus says it did not recognise it.
var stageVocabulary = buildVocabulary(map[planner.Status][]string{
	planner.Won: {
		"Won", "Closed Won", "Closed/Won", "closedwon", "Deal Won", "Won deal", "Win",
		"Gagné", "Gagnée", "Fermé gagné", "Fermée gagnée", "Fermé/Gagné", "Fermée/Gagnée",
		"Gagné fermé", "Gagnée fermée", "Conclu gagné", "Conclue gagnée", "Affaire gagnée",
		"Signé", "Signée", "Signed", "Commande", "Commandé", "Commandée",
	},
	planner.Lost: {
		"Lost", "Closed Lost", "Closed/Lost", "closedlost", "Deal Lost", "Lost deal",
		"Closed Lost to Competition", "Cancelled", "Canceled", "Out-Sold", "Outsold", "Declined",
		"Perdu", "Perdue", "Fermé perdu", "Fermée perdue", "Fermé/Perdu", "Fermée/Perdue",
		"Perdu fermé", "Perdue fermée", "Conclu perdu", "Conclue perdue", "Affaire perdue",
		"Abandonné", "Abandonnée", "Annulé", "Annulée", "Sans suite", "Classé sans suite",
		"Classée sans suite", "Refusé", "Refusée",
	},
	planner.Open: {
		"Open", "Ouvert", "Ouverte", "En cours", "In Progress",
	},
})

// statusWords are the names a configuration may give a status.
var statusWords = buildVocabulary(map[planner.Status][]string{
	planner.Won:  {"won", "win", "gagné", "gagnée", "gagne"},
	planner.Lost: {"lost", "perdu", "perdue"},
	planner.Open: {"open", "ouvert", "ouverte", "en cours"},
})

func buildVocabulary(by map[planner.Status][]string) map[string]planner.Status {
	m := make(map[string]planner.Status)
	for st, words := range by {
		for _, w := range words {
			k := NormalizeHeader(w)
			if old, dup := m[k]; dup && old != st {
				panic("parse: stage " + w + " has two statuses")
			}
			m[k] = st
		}
	}
	return m
}

// ParseStatus reads a status name as a configuration gives it ("won",
// "lost", "open", or French "gagné", "perdu", "ouvert", "en cours"), in any
// case and with or without accents.
func ParseStatus(s string) (planner.Status, bool) {
	var buf [64]byte
	st, ok := statusWords[string(appendNormalized(buf[:0], s))]
	return st, ok
}

// StageStatus returns the status of a deal stage and whether the stage was
// recognised. Overrides map stages to status names ("won", "lost", "open":
// see ParseStatus) and win over the built-in vocabulary; their keys are
// stages, matched like the stage through NormalizeHeader ("Signé" matches
// "SIGNE"). Keys already normalised are found by one map lookup; others
// cost a scan of the overrides, so callers that call StageStatus per row
// should normalise the keys once, or cache the status per distinct stage.
// An override whose value is not a status name is ignored: check them with
// ParseStatus when the configuration is read.
//
// The built-in vocabulary covers English, French and the CRMs' won and
// lost stages and statuses ("Closed Won", "closedwon", "Fermée gagnée",
// "Gagné", "Signé", "Commande"; "Closed Lost", "Perdue", "Abandonné",
// "Annulé", "Sans suite", "Out-Sold"), and explicit open statuses ("Open",
// "En cours"), whatever their case, accents and punctuation ("Closed/Won",
// "Fermé/Gagné"), and after a stage number ("6 - Closed Won"). Any other
// stage is open, with ok false.
func StageStatus(stage string, overrides map[string]string) (planner.Status, bool) {
	if len(overrides) > 0 {
		if v, ok := overrides[stage]; ok {
			if st, ok := ParseStatus(v); ok {
				return st, true
			}
		}
	}
	var buf [64]byte
	key := appendNormalized(buf[:0], stage)
	if st, ok := stageLookup(key, overrides); ok {
		return st, true
	}
	// A numbered stage: "6 - Closed Won", "06. Gagné".
	i := 0
	for i < len(key) && isDigit(key[i]) {
		i++
	}
	if i > 0 && i < len(key) && key[i] == ' ' {
		if st, ok := stageLookup(key[i+1:], overrides); ok {
			return st, true
		}
	}
	return planner.Open, false
}

func stageLookup(key []byte, overrides map[string]string) (planner.Status, bool) {
	if len(overrides) > 0 {
		if v, ok := overrides[string(key)]; ok {
			if st, ok := ParseStatus(v); ok {
				return st, true
			}
		}
		// Keys as a person wrote them ("Signé", "CLOSED - WON"): compare
		// their normal forms. Sorted, so that two keys with one normal
		// form always resolve the same way.
		var best string
		found := false
		for k, v := range overrides {
			var buf [64]byte
			if string(appendNormalized(buf[:0], k)) == string(key) {
				if _, ok := ParseStatus(v); ok && (!found || k < best) {
					best, found = k, true
				}
			}
		}
		if found {
			st, _ := ParseStatus(overrides[best])
			return st, true
		}
	}
	st, ok := stageVocabulary[string(key)]
	return st, ok
}
