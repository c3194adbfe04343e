package report

import "strings"

// problemKinds name each problem kind in the reader's words, English then
// French; the codes themselves stay in JSON (and the workbook's Problems
// sheet, for filtering).
var problemKinds = map[string][2]string{
	"bad_amount":            {"unreadable amounts", "montants illisibles"},
	"bad_date":              {"unreadable dates", "dates illisibles"},
	"bad_number":            {"unreadable numbers", "nombres illisibles"},
	"bad_row":               {"malformed rows", "lignes mal formées"},
	"bad_month":             {"unreadable months", "mois illisibles"},
	"missing_value":         {"missing values", "valeurs manquantes"},
	"duplicate_id":          {"ids used twice", "identifiants en double"},
	"duplicate_key":         {"names mapped twice", "noms associés deux fois"},
	"closed_before_created": {"closed before created", "clôture avant création"},
	"open_with_close_date":  {"open with a close date", "en cours, avec clôture"},
	"won_without_amount":    {"won with no amount", "gagnée sans montant"},
	"closed_without_date":   {"closed with no date", "clôturée sans date"},
	"negative_amount":       {"negative amounts", "montants négatifs"},
	"outlier_amount":        {"amounts out of range", "montants hors norme"},
	"ambiguous_number":      {"ambiguous numbers", "nombres ambigus"},
	"number_style_assumed":  {"number formats assumed", "formats de nombre supposés"},
	"ambiguous_date_order":  {"ambiguous dates", "dates ambiguës"},
	"date_order_assumed":    {"date orders assumed", "ordres de date supposés"},
	"date_serial_assumed":   {"Excel dates assumed", "dates Excel supposées"},
	"formula_without_value": {"formulas with no value", "formules sans valeur"},
	"unknown_metric":        {"unknown metrics", "indicateurs inconnus"},
	"unknown_owner":         {"owners with no team", "vendeurs sans équipe"},
	"unknown_team":          {"unknown teams", "équipes inconnues"},
	"unknown_segment":       {"unknown segments", "segments inconnus"},
	"unknown_offer":         {"unknown offers", "offres inconnues"},
	"rate_as_percent":       {"rates read as %", "taux lus en %"},
	"deadline_before_start": {"deadline before start", "échéance avant début"},
	"deadline_before_as_of": {"deadlines already past", "échéances déjà passées"},
	"mixed_currency":        {"several currencies", "plusieurs devises"},
	"no_currency":           {"no currency stated", "aucune devise indiquée"},
	"undated_open":          {"open, no created date", "en cours, sans création"},
	"pdf_glyphs_missing":    {"characters not drawn", "caractères non affichés"},
	"closed_after_as_of":    {"closed after the as-of date", "clôturées après la date de calcul"},
	"invalid_utf8":          {"not UTF-8 text", "texte non UTF-8"},
	"nul_byte":              {"NUL bytes", "octets NUL"},
	"unreadable_file":       {"unreadable files", "fichiers illisibles"},
}

// problemKind names a problem kind for people; an unknown code is shown
// with its underscores as spaces.
func problemKind(lang, kind string) string {
	if k, ok := problemKinds[kind]; ok {
		return tr(lang, k[0], k[1])
	}
	return strings.ReplaceAll(kind, "_", " ")
}
