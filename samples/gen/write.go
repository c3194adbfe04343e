package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
	"github.com/smartplan/smartplan/templates"
)

// The CRM export's headers, as a Salesforce opportunity report writes them
// (history.xlsx) and as a French CRM writes them (history_fr.csv).
var (
	historyHeaderEN = []string{"Opportunity ID", "Opportunity Owner", "Team", "Segment", "Offer", "Account Name",
		"Stage", "Created Date", "Close Date", "Amount", "Currency"}
	historyHeaderFR = []string{"Identifiant", "Propriétaire", "Équipe", "Segment", "Offre", "Compte",
		"Étape", "Date de création", "Date de clôture", "Montant", "Devise"}
	activityHeader = []string{"Team", "Month", "Contacts", "Positive responses", "Meetings", "Opportunities created"}
)

// Sheet names and layout of the samples, shared with the tests.
const (
	historySheet     = "Opportunities"
	historyHeaderRow = 3 // a title row and a blank row above it
	activitySheet    = "Activity"
)

// excelSerial converts a date to an Excel serial in the 1900 date system.
func excelSerial(t time.Time) float64 {
	return t.Sub(date(1899, 12, 30)).Hours() / 24
}

// saveXLSX writes a workbook to path with fixed document properties.
func saveXLSX(f *excelize.File, path, title string) error {
	if err := templates.SetDocProps(f, title, "en"); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

type styles struct{ header, title, date, month, amount, count, percent int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	numFmt := func(code string) *excelize.Style { return &excelize.Style{CustomNumFmt: &code} }
	s.header = mk(templates.HeaderStyle())
	s.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	s.date = mk(numFmt("dd/mm/yyyy"))
	s.month = mk(numFmt("yyyy-mm"))
	s.amount = mk(numFmt("#,##0.00"))
	s.count = mk(numFmt("#,##0"))
	s.percent = mk(numFmt("0.0%"))
	return s, err
}

// writeHeader writes a styled header row.
func writeHeader(f *excelize.File, sheet string, row int, header []string, style int) error {
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(sheet, cell, &header); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(header), row)
	return f.SetCellStyle(sheet, cell, last, style)
}

func setWidths(f *excelize.File, sheet string, widths []float64) error {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// writeHistoryXLSX writes the deals as a CRM export: a title row, a blank
// row, the header, then one row per deal with real date cells.
func writeHistoryXLSX(path string, deals []Deal) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := historySheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("%s: all opportunities (CRM export of %s)", Company, exportDay.Format("02/01/2006"))
	if err := f.SetCellStr(sh, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", st.title); err != nil {
		return err
	}
	if err := writeHeader(f, sh, historyHeaderRow, historyHeaderEN, st.header); err != nil {
		return err
	}
	for i, d := range deals {
		row := historyHeaderRow + 1 + i
		var closed, amount any
		if !d.Closed.IsZero() {
			closed = excelSerial(d.Closed)
		}
		if d.HasAmount {
			amount = d.Amount
		}
		vals := []any{d.ID, d.Owner, d.Team, d.Segment, d.Offer, d.Account, d.Stage, excelSerial(d.Created), closed, amount, "EUR"}
		if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &vals); err != nil {
			return err
		}
	}
	last := historyHeaderRow + len(deals)
	for _, c := range []struct {
		from, to string
		style    int
	}{{"H", "I", st.date}, {"J", "J", st.amount}} {
		if err := f.SetCellStyle(sh, fmt.Sprintf("%s%d", c.from, historyHeaderRow+1), fmt.Sprintf("%s%d", c.to, last), c.style); err != nil {
			return err
		}
	}
	if err := setWidths(f, sh, []float64{16, 19, 19, 14, 16, 32, 14, 13, 13, 13, 9}); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:K%d", last)); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: historyHeaderRow,
		TopLeftCell: fmt.Sprintf("A%d", historyHeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return saveXLSX(f, path, Company+": opportunities")
}

// frenchAmount formats an amount the way a French spreadsheet exports it:
// a no-break space (U+00A0) between thousands and a decimal comma, always
// two decimals: 38 450,00.
func frenchAmount(v float64) string { return locale.Number("fr", v, 2) }

// writeHistoryCSV writes the same deals as a French-locale CSV: UTF-8 with
// a byte-order mark, CRLF, ";" separators, dd/mm/yyyy dates, French
// headers and stages.
func writeHistoryCSV(path string, deals []Deal) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = ';', true
	if err := w.Write(historyHeaderFR); err != nil {
		return err
	}
	for _, d := range deals {
		closed, amount := "", ""
		if !d.Closed.IsZero() {
			closed = d.Closed.Format("02/01/2006")
		}
		if d.HasAmount {
			amount = frenchAmount(d.Amount)
		}
		if err := w.Write([]string{d.ID, d.Owner, d.Team, d.Segment, d.Offer, d.Account, d.StageFR,
			d.Created.Format("02/01/2006"), closed, amount, "EUR"}); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// writeActivityXLSX writes one row per month and team.
func writeActivityXLSX(path string, act []Activity) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := activitySheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := writeHeader(f, sh, 1, activityHeader, st.header); err != nil {
		return err
	}
	rows := append([]Activity(nil), act...)
	// Month by month, teams in a fixed order: as a sales ops sheet is kept.
	order := map[string]int{}
	for i, t := range teams {
		order[t.name] = i
	}
	sortStable(rows, func(a, b Activity) bool {
		if !a.Month.Equal(b.Month) {
			return a.Month.Before(b.Month)
		}
		return order[a.Team] < order[b.Team]
	})
	for i, a := range rows {
		vals := []any{a.Team, excelSerial(a.Month), a.Contacts, a.Responses, a.Meetings, a.Opportunities}
		if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &vals); err != nil {
			return err
		}
	}
	last := len(rows) + 1
	if err := f.SetCellStyle(sh, "B2", fmt.Sprintf("B%d", last), st.month); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "C2", fmt.Sprintf("F%d", last), st.count); err != nil {
		return err
	}
	if err := setWidths(f, sh, []float64{18, 10, 11, 19, 11, 22}); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:F%d", last)); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return saveXLSX(f, path, Company+": prospecting activity")
}

// teamWithColumn is the team whose sheet also carries a team column, to
// show that both layouts work.
const teamWithColumn = "Réseau Partenaires"

// writeTargetsXLSX writes one sheet per team, named by the team, with the
// template's columns (English headers); only one sheet has a team column.
func writeTargetsXLSX(path string, targets []Target) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	headers := templates.TargetHeaders("en")
	for ti, tm := range teams {
		sh := tm.name
		if ti == 0 {
			if err := f.SetSheetName("Sheet1", sh); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh); err != nil {
			return err
		}
		cols := headers
		if sh != teamWithColumn {
			cols = append(append([]string(nil), headers[:1]...), headers[2:]...) // the sheet name is the team
		}
		if err := writeHeader(f, sh, 1, cols, st.header); err != nil {
			return err
		}
		row := 1
		for _, t := range targets {
			if t.Team != tm.name {
				continue
			}
			row++
			if err := writeTarget(f, sh, row, cols, t, st); err != nil {
				return fmt.Errorf("%s: %w", t.ID, err)
			}
		}
		widths := map[string]float64{"id": 9, "team": 16, "segment": 15, "offer": 16, "metric": 15, "value": 14,
			"baseline": 11, "start": 12, "deadline": 12, "lever": 14, "priority": 9, "rationale": 58}
		for i, c := range cols {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(sh, col, col, widths[c]); err != nil {
				return err
			}
		}
		lastCol, _ := excelize.ColumnNumberToName(len(cols))
		if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:%s%d", lastCol, row)); err != nil {
			return err
		}
		if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return saveXLSX(f, path, Company+": targets 2027")
}

func writeTarget(f *excelize.File, sh string, row int, cols []string, t Target, st styles) error {
	valueStyle := st.amount
	switch t.Metric {
	case planner.WinRate:
		valueStyle = st.percent
	case planner.NewCustomers, planner.Meetings, planner.Opportunities:
		valueStyle = st.count
	}
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, row)
		var v any
		style := 0
		switch c {
		case "id":
			v = t.ID
		case "team":
			v = t.Team
		case "segment":
			v = nilIfEmpty(t.Segment)
		case "offer":
			v = nilIfEmpty(t.Offer)
		case "metric":
			v = string(t.Metric)
		case "value":
			v, style = t.Value, valueStyle
		case "baseline":
			if t.HasBaseline {
				v, style = t.Baseline, valueStyle
			}
		case "start":
			v, style = excelSerial(t.Start), st.date
		case "deadline":
			v, style = excelSerial(t.Deadline), st.date
		case "lever":
			v = nilIfEmpty(t.Lever)
		case "priority":
			if t.Priority > 0 {
				v = t.Priority
			}
		case "rationale":
			v = nilIfEmpty(t.Rationale)
		}
		if v == nil {
			continue
		}
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		if style != 0 {
			if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writeTeamsCSV writes the owner-to-team mapping for exports without a
// team column (`--teams`).
func writeTeamsCSV(path string) error {
	var b strings.Builder
	b.WriteString("owner;team\n")
	for _, t := range teams {
		for _, o := range t.owners {
			b.WriteString(o.name + ";" + t.name + "\n")
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// marketAccounts is the addressable market of each segment in the
// samples: the firms of the region a team could sell to, far more than the
// 60 accounts per segment the history deals with.
var marketAccounts = map[string]int{"Industrie": 420, "Santé": 260, "Collectivités": 310, "Distribution": 380}

// writeMarketCSV writes the addressable market per segment (`--market`).
func writeMarketCSV(path string) error {
	var b strings.Builder
	b.WriteString("segment;comptes adressables\n")
	for _, seg := range segments {
		fmt.Fprintf(&b, "%s;%d\n", seg, marketAccounts[seg])
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// configYAML is the example configuration (keys of importer.Config).
const configYAML = `# smartplan configuration for the samples. Every key is optional; use it with
#   smartplan plan --config samples/config.yaml …
lang: en          # report language: en or fr
currency: EUR
window_months: 12 # history window of the ratios (METHOD §3)

# Strategic priorities: a target whose scope (segment, offer or team) is listed
# here is Relevant even without a rationale (METHOD §7).
priorities:
  - Santé
  - Industrie
  - Suite ERP

# Verdict thresholds on the probability of reaching a target (METHOD §6).
thresholds:
  achievable: 0.7   # at or above: achievable
  unrealistic: 0.3  # below: unrealistic; in between: stretch

# Funnel ratios used for a team with no activity history (METHOD §3); they are
# labelled as assumptions in every output.
assumptions:
  response_rate: 0.10    # positive responses / contacts
  meeting_rate: 0.60     # meetings / responses
  opportunity_rate: 0.50 # opportunities / meetings

# When an export's headers are not recognised, map smartplan's fields to them:
# columns:
#   amount: "Montant HT (EUR)"
#   created: "Date d'ouverture"
#   closed: "Date de signature"
#   team: "Business Unit"
# and stages that are not in the built-in vocabularies to won, lost or open:
# status:
#   "Signé": won
#   "Abandonné": lost

# Reading one input file may take this long and this much memory; past
# either, the file is refused and the run goes on with the others.
# file_budget:
#   seconds: 120
#   memory_mb: 1024
`

// writeAll writes every sample file into dir.
func writeAll(dir string, ds *Dataset) error {
	targets := ds.Targets()
	steps := []struct {
		name  string
		write func(string) error
	}{
		{"history.xlsx", func(p string) error { return writeHistoryXLSX(p, ds.Deals) }},
		{"history_fr.csv", func(p string) error { return writeHistoryCSV(p, ds.Deals) }},
		{"activity.xlsx", func(p string) error { return writeActivityXLSX(p, ds.Activity) }},
		{"targets.xlsx", func(p string) error { return writeTargetsXLSX(p, targets) }},
		{"teams.csv", writeTeamsCSV},
		{"market.csv", writeMarketCSV},
		{"config.yaml", func(p string) error { return os.WriteFile(p, []byte(configYAML), 0o644) }},
		{"README.md", func(p string) error { return os.WriteFile(p, []byte(readme(ds, targets)), 0o644) }},
	}
	for _, s := range steps {
		if err := s.write(filepath.Join(dir, s.name)); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}
