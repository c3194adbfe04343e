package templates

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// docTime is the fixed creation and modification time written into the
// document properties of every workbook this package writes, so that the
// same call always gives the same bytes.
var docTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// validatedRows is how far down the formats and drop-down lists reach.
const validatedRows = 1000

// kind is how a column's cells are formatted and validated.
type kind int

const (
	kindText kind = iota
	kindAmount
	kindCount
	kindDate
	kindMonth
	kindRank
)

// column describes one column of a template sheet.
type column struct {
	header   string
	width    float64
	kind     kind
	required bool
	advised  bool // optional for the importer, needed by a SMART check
	help     string
	example  any
	list     []string // drop-down values
	strict   bool     // the drop-down refuses other values
}

// sheetSpec is one template workbook: a data sheet and its instructions.
type sheetSpec struct {
	lang, sheet, title string
	notes              []string // general notes above the column table
	columns            []column
}

// WriteTargetsTemplate writes a blank targets workbook in the language
// ("en" or "fr"): a sheet with the columns id, team, segment, offer,
// metric, value, baseline, start, deadline, lever, priority, rationale
// (French headers with lang fr), drop-down lists for metric and lever, one
// example row, and an Instructions sheet that explains each column.
func WriteTargetsTemplate(w io.Writer, lang string) error {
	lang = locale.Normalize(lang)
	h := TargetHeaders(lang)
	metrics := make([]string, len(planner.Metrics))
	for i, m := range planner.Metrics {
		metrics[i] = MetricName(lang, m)
	}
	fr := lang == "fr"
	t := func(en, frText string) string { return pick(fr, en, frText) }
	spec := sheetSpec{
		lang:  lang,
		sheet: t("Targets", "Objectifs"),
		title: t("How to fill in the targets workbook", "Comment remplir le classeur des objectifs"),
		notes: []string{
			t("One row per target. Keep the header row as it is; the order of the columns does not matter.",
				"Une ligne par objectif. Gardez la ligne d'en-tête telle quelle ; l'ordre des colonnes est libre."),
			t("You may instead keep one sheet per team, named after the team, with the same columns: the team column may then be left blank.",
				"Vous pouvez aussi faire une feuille par équipe, nommée comme l'équipe, avec les mêmes colonnes : la colonne équipe peut alors rester vide."),
			t("Row 2 is an example: replace it or delete it.", "La ligne 2 est un exemple : remplacez-la ou supprimez-la."),
		},
		columns: []column{
			{header: h[0], width: 12, kind: kindText, required: true, example: t("T1", "O1"),
				help: t("A short unique reference for the target (T1, KA-2027-01); reports and problems use it.",
					"Une référence courte et unique de l'objectif (O1, GC-2027-01) ; les rapports l'utilisent.")},
			{header: h[1], width: 20, kind: kindText, example: t("Key Accounts", "Grands Comptes"),
				list: []string{t("(company)", "(entreprise)")},
				help: t("The team, spelt as in the CRM history, or (company) for a company-wide target. Blank: the sheet name if it names a team, else the whole company.",
					"L'équipe, écrite comme dans l'historique CRM, ou (entreprise) pour toute l'entreprise. Vide : le nom de la feuille s'il nomme une équipe, sinon toute l'entreprise.")},
			{header: h[2], width: 18, advised: true, kind: kindText, example: t("Healthcare", "Santé"),
				help: t("Customer segment covered (e.g. Healthcare). Blank means the whole team; \"all\" is not a scope.",
					"Segment de clientèle visé (par ex. Santé). Vide : toute l'équipe ; « tous » n'est pas un périmètre.")},
			{header: h[3], width: 18, kind: kindText,
				help: t("Offer or product covered (e.g. ERP Suite). Blank means every offer.",
					"Offre ou produit visé (par ex. Suite ERP). Vide : toutes les offres.")},
			{header: h[4], width: 24, kind: kindText, required: true, example: MetricName(lang, planner.Revenue), list: metrics, strict: true,
				help: t("What is measured: "+strings.Join(metrics, ", ")+" (drop-down list).",
					"Ce qui est mesuré : "+strings.Join(metrics, ", ")+" (liste déroulante).")},
			{header: h[5], width: 16, kind: kindAmount, required: true, example: 1200000.0,
				help: t("The target figure: an amount for revenue and deal_size, a count for new_customers, meetings and opportunities, a rate for win_rate (0.25, 25% or 25 %).",
					"La valeur visée : un montant pour le chiffre d'affaires et le panier moyen, un nombre pour les nouveaux clients, rendez-vous et opportunités, un taux pour le taux de transformation (0,25, 25% ou 25 %).")},
			{header: h[6], width: 14, kind: kindAmount,
				help: t("Where a win_rate or deal_size target starts from (today's rate or size). Required for win_rate.",
					"Point de départ d'un objectif de taux de transformation ou de panier moyen (le taux ou le panier actuel). Obligatoire pour un taux.")},
			{header: h[7], width: 13, kind: kindDate, required: true, example: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
				help: t("First day of the target's period (a date).", "Premier jour de la période de l'objectif (une date).")},
			{header: h[8], width: 13, kind: kindDate, required: true, example: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC),
				help: t("Last day of the period (a date after the start).", "Dernier jour de la période (une date après le début).")},
			{header: h[9], width: 20, advised: true, kind: kindText, example: Levers(lang)[0], list: Levers(lang),
				help: t("How the target will be reached: "+strings.Join(Levers(lang), ", ")+" (drop-down list), or your own words.",
					"Comment l'objectif sera atteint : "+strings.Join(Levers(lang), ", ")+" (liste déroulante), ou vos propres mots.")},
			{header: h[10], width: 10, advised: true, kind: kindRank, example: 1,
				help: t("Rank among the team's targets: 1 is the most important; give each target its own rank.",
					"Rang parmi les objectifs de l'équipe : 1 est le plus important ; un rang différent par objectif.")},
			{header: h[11], width: 44, advised: true, kind: kindText,
				example: t("Healthcare is the growth priority of the 2027 plan.", "La santé est la priorité de croissance du plan 2027."),
				help: t("Why the target matters strategically. It makes the target Relevant when its scope is not a configured priority.",
					"Pourquoi l'objectif compte pour la stratégie. Il rend l'objectif pertinent quand son périmètre n'est pas une priorité configurée.")},
		},
	}
	return writeTemplate(w, spec)
}

// WriteHistoryTemplate writes a blank history workbook in the language:
// the columns id, owner, team, segment, offer, account, stage, created
// date, close date, amount, currency (French headers with lang fr), date
// and amount formats, a drop-down list of stages and an Instructions
// sheet.
func WriteHistoryTemplate(w io.Writer, lang string) error {
	lang = locale.Normalize(lang)
	h := HistoryHeaders(lang)
	fr := lang == "fr"
	t := func(en, frText string) string { return pick(fr, en, frText) }
	stages := []string{"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"}
	if fr {
		stages = []string{"Prospection", "Qualification", "Proposition", "Négociation", "Gagné", "Perdu"}
	}
	spec := sheetSpec{
		lang:  lang,
		sheet: t("History", "Historique"),
		title: t("How to fill in the history workbook", "Comment remplir le classeur d'historique"),
		notes: []string{
			t("One row per opportunity (deal), won, lost or still open, as exported from the CRM. A CRM export with its own headers works too.",
				"Une ligne par opportunité (affaire), gagnée, perdue ou en cours, telle qu'exportée du CRM. Un export CRM avec ses propres en-têtes convient aussi."),
			t("Row 2 is an example: replace it or delete it.", "La ligne 2 est un exemple : remplacez-la ou supprimez-la."),
		},
		columns: []column{
			{header: h[0], width: 12, kind: kindText, required: true, example: "OPP-0001",
				help: t("Unique reference of the opportunity in the CRM.", "Référence unique de l'opportunité dans le CRM.")},
			{header: h[1], width: 20, kind: kindText, required: true, example: t("Alex Morgan", "Camille Martin"),
				help: t("Salesperson who owns the opportunity.", "Commercial propriétaire de l'opportunité.")},
			{header: h[2], width: 18, kind: kindText, required: true, example: t("Key Accounts", "Grands Comptes"),
				help: t("Sales team. May be left out when an owner-to-team file is given (--teams).",
					"Équipe commerciale. Peut manquer si un fichier propriétaire-équipe est fourni (--teams).")},
			{header: h[3], width: 16, kind: kindText, example: t("Healthcare", "Santé"),
				help: t("Customer segment (optional).", "Segment de clientèle (facultatif).")},
			{header: h[4], width: 18, kind: kindText, example: t("ERP Suite", "Suite ERP"),
				help: t("Offer or product sold (optional).", "Offre ou produit vendu (facultatif).")},
			{header: h[5], width: 24, kind: kindText, example: t("Northwind Clinics", "Clinique du Parc"),
				help: t("Customer account (optional).", "Compte client (facultatif).")},
			{header: h[6], width: 16, kind: kindText, required: true, example: stages[4], list: stages,
				help: t("Stage in the CRM. Closed Won and Closed Lost (Won, Lost) close the deal; every other stage is open.",
					"Étape dans le CRM. Gagné et Perdu clôturent l'affaire ; toute autre étape est en cours.")},
			{header: h[7], width: 14, kind: kindDate, required: true, example: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
				help: t("Date the opportunity was created (a date).", "Date de création de l'opportunité (une date).")},
			{header: h[8], width: 14, kind: kindDate, example: time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC),
				help: t("Date it was won or lost; blank while it is open.", "Date à laquelle elle a été gagnée ou perdue ; vide tant qu'elle est en cours.")},
			{header: h[9], width: 14, kind: kindAmount, required: true, example: 38500.0,
				help: t("Amount of the deal (required for won deals).", "Montant de l'affaire (obligatoire pour une affaire gagnée).")},
			{header: h[10], width: 10, kind: kindText, example: "EUR", list: []string{"EUR", "USD", "GBP", "CHF"},
				help: t("ISO currency code of the amount.", "Code ISO de la devise du montant.")},
		},
	}
	return writeTemplate(w, spec)
}

// WriteActivityTemplate writes a blank activity workbook in the language:
// the columns team, month, contacts, responses, meetings, opportunities
// (French headers with lang fr), with month and count formats and an
// Instructions sheet.
func WriteActivityTemplate(w io.Writer, lang string) error {
	lang = locale.Normalize(lang)
	h := ActivityHeaders(lang)
	fr := lang == "fr"
	t := func(en, frText string) string { return pick(fr, en, frText) }
	spec := sheetSpec{
		lang:  lang,
		sheet: t("Activity", "Activité"),
		title: t("How to fill in the activity workbook", "Comment remplir le classeur d'activité"),
		notes: []string{
			t("One row per team and month: the prospecting volumes of that month. They give the funnel ratios (METHOD §3); without them smartplan uses the configured assumptions.",
				"Une ligne par équipe et par mois : les volumes de prospection du mois. Ils donnent les taux du tunnel ; sans eux smartplan utilise les hypothèses configurées."),
			t("Row 2 is an example: replace it or delete it.", "La ligne 2 est un exemple : remplacez-la ou supprimez-la."),
		},
		columns: []column{
			{header: h[0], width: 20, kind: kindText, required: true, example: t("Key Accounts", "Grands Comptes"),
				help: t("Sales team, spelt as in the history.", "Équipe commerciale, écrite comme dans l'historique.")},
			{header: h[1], width: 12, kind: kindMonth, required: true, example: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
				help: t("The month (any date in it, or 2026-03).", "Le mois (une date du mois, ou 03/2026).")},
			{header: h[2], width: 12, kind: kindCount, example: 1450,
				help: t("Prospects contacted (calls, e-mails, events).", "Prospects contactés (appels, e-mails, salons).")},
			{header: h[3], width: 18, kind: kindCount, example: 145,
				help: t("Positive responses to those contacts.", "Réponses positives à ces contacts.")},
			{header: h[4], width: 14, kind: kindCount, example: 87,
				help: t("Qualified meetings held.", "Rendez-vous qualifiés tenus.")},
			{header: h[5], width: 14, kind: kindCount, example: 44,
				help: t("Qualified opportunities created.", "Opportunités qualifiées créées.")},
		},
	}
	return writeTemplate(w, spec)
}

func pick(fr bool, en, frText string) string {
	if fr {
		return frText
	}
	return en
}

// numFmt returns the custom number format of a column kind in a language.
func numFmt(lang string, k kind) string {
	switch k {
	case kindAmount:
		return "#,##0.00"
	case kindCount, kindRank:
		return "0"
	case kindDate:
		if lang == "fr" {
			return "dd/mm/yyyy"
		}
		return "yyyy-mm-dd"
	case kindMonth:
		if lang == "fr" {
			return "mm/yyyy"
		}
		return "yyyy-mm"
	}
	return "@"
}

// excelSerial converts a date to an Excel serial (1900 date system).
func excelSerial(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// writeTemplate builds the workbook of spec and writes it to w.
func writeTemplate(w io.Writer, spec sheetSpec) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := buildTemplate(f, spec); err != nil {
		return fmt.Errorf("%s template: %w", strings.ToLower(spec.sheet), err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write %s template: %w", strings.ToLower(spec.sheet), err)
	}
	return nil
}

func buildTemplate(f *excelize.File, spec sheetSpec) error {
	fr := spec.lang == "fr"
	if err := SetDocProps(f, pick(fr, "smartplan template: ", "modèle smartplan : ")+spec.sheet, spec.lang); err != nil {
		return err
	}
	sheet := spec.sheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, err := f.NewStyle(HeaderStyle())
	if err != nil {
		return err
	}
	last := len(spec.columns)
	for i, c := range spec.columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		fmtStr := numFmt(spec.lang, c.kind)
		st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr})
		if err != nil {
			return err
		}
		if err := f.SetColStyle(sheet, col, st); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, col, col, c.width); err != nil {
			return err
		}
		cell := col + "1"
		if err := f.SetCellStr(sheet, cell, c.header); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, header); err != nil {
			return err
		}
		if c.example != nil {
			ex := col + "2"
			v := c.example
			if t, ok := v.(time.Time); ok {
				v = excelSerial(t) // a real date cell: a serial with a date format
			}
			if err := f.SetCellValue(sheet, ex, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, ex, ex, st); err != nil {
				return err
			}
		}
		if err := addValidation(f, sheet, col, c, fr); err != nil {
			return fmt.Errorf("column %s: %w", c.header, err)
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(last)
	// excelize leaves <dimension ref="A1">, which makes some readers
	// (openpyxl read-only) see an empty sheet.
	if err := f.SetSheetDimension(sheet, "A1:"+lastCol+"2"); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return writeInstructions(f, spec)
}

// addValidation adds the drop-down list or the range check of a column.
func addValidation(f *excelize.File, sheet, col string, c column, fr bool) error {
	sqref := fmt.Sprintf("%s2:%s%d", col, col, validatedRows)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	switch {
	case len(c.list) > 0:
		if err := dv.SetDropList(c.list); err != nil {
			return err
		}
		if c.strict {
			dv.SetError(excelize.DataValidationErrorStyleStop, c.header,
				pick(fr, "Pick a value from the list.", "Choisissez une valeur dans la liste."))
		} else {
			// Own words are allowed: Excel only informs.
			dv.SetError(excelize.DataValidationErrorStyleInformation, c.header,
				pick(fr, "This value is not in the list; it will be kept as written.",
					"Cette valeur n'est pas dans la liste ; elle sera gardée telle quelle."))
		}
	case c.kind == kindAmount:
		if err := dv.SetRange(0, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.header,
			pick(fr, "Expected a positive number.", "Un nombre positif est attendu."))
	case c.kind == kindCount || c.kind == kindRank:
		lo := 0
		if c.kind == kindRank {
			lo = 1
		}
		if err := dv.SetRange(lo, 1000000000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.header,
			pick(fr, "Expected a whole number.", "Un nombre entier est attendu."))
	case c.kind == kindDate || c.kind == kindMonth:
		lo := excelSerial(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		hi := excelSerial(time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC))
		if err := dv.SetRange(lo, hi, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.header,
			pick(fr, "Expected a date.", "Une date est attendue."))
	default:
		return nil
	}
	dv.SetInput(c.header, truncate(c.help, 255))
	return f.AddDataValidation(sheet, dv)
}

// truncate shortens s to at most n runes (Excel's limit on prompts).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// InstructionsSheet is the name of the sheet that explains each column;
// it is the same word in English and French.
const InstructionsSheet = "Instructions"

func writeInstructions(f *excelize.File, spec sheetSpec) error {
	fr := spec.lang == "fr"
	sh := InstructionsSheet
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	header, err := f.NewStyle(HeaderStyle())
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetCellStr(sh, "A1", spec.title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", title); err != nil {
		return err
	}
	row := 2
	for _, n := range spec.notes {
		if err := f.SetCellStr(sh, fmt.Sprintf("A%d", row), n); err != nil {
			return err
		}
		row++
	}
	row++
	heads := []string{pick(fr, "Column", "Colonne"), pick(fr, "Required?", "Obligatoire ?"), pick(fr, "What to write", "Que saisir")}
	for i, h := range heads {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		if err := f.SetCellStr(sh, cell, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, header); err != nil {
			return err
		}
	}
	for _, c := range spec.columns {
		row++
		// "optional", not "no": a lone "no" reads as an id header ("No.")
		// to a header finder scanning this sheet.
		req := pick(fr, "optional", "facultatif")
		switch {
		case c.required:
			req = pick(fr, "required", "obligatoire")
		case c.advised:
			req = pick(fr, "recommended", "conseillé")
		}
		for i, v := range []string{c.header, req, c.help} {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := f.SetCellStr(sh, cell, v); err != nil {
				return err
			}
			if err := f.SetCellStyle(sh, cell, cell, wrap); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sh, "A", "A", 22); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 12); err != nil {
		return err
	}
	return f.SetColWidth(sh, "C", "C", 90)
}

// HeaderStyle is the style of header rows in the workbooks this package
// writes: bold white text on dark blue.
func HeaderStyle() *excelize.Style {
	return &excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}
}

// SetDocProps sets fixed document properties (1 January 2026, creator smartplan)
// on a workbook, so that its bytes depend only on its content.
func SetDocProps(f *excelize.File, title, lang string) error {
	ts := docTime.Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          title,
		Creator:        "smartplan",
		LastModifiedBy: "smartplan",
		Created:        ts,
		Modified:       ts,
		Language:       pick(lang == "fr", "en-GB", "fr-FR"),
	})
}
