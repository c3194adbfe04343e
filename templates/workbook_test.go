package templates

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/planner"
)

type writer func(io.Writer, string) error

// open writes a template and reopens it with excelize.
func open(t *testing.T, write writer, lang string) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, lang); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The headers are exactly those the importer accepts (issue 2 and the
// importer's aliases): the canonical English names and their French
// equivalents.
func TestTemplateHeaders(t *testing.T) {
	tests := []struct {
		name  string
		write writer
		lang  string
		sheet string
		want  []string
	}{
		{"targets en", WriteTargetsTemplate, "en", "Targets",
			[]string{"id", "team", "segment", "offer", "metric", "value", "baseline", "start", "deadline", "lever", "priority", "rationale"}},
		{"targets fr", WriteTargetsTemplate, "fr", "Objectifs",
			[]string{"identifiant", "équipe", "segment", "offre", "indicateur", "valeur", "référence", "début", "échéance", "levier", "priorité", "justification"}},
		{"history en", WriteHistoryTemplate, "en", "History",
			[]string{"id", "owner", "team", "segment", "offer", "account", "stage", "created date", "close date", "amount", "currency"}},
		{"history fr", WriteHistoryTemplate, "fr-FR", "Historique",
			[]string{"identifiant", "propriétaire", "équipe", "segment", "offre", "compte", "étape", "date de création", "date de clôture", "montant", "devise"}},
		{"activity en", WriteActivityTemplate, "en", "Activity",
			[]string{"team", "month", "contacts", "responses", "meetings", "opportunities"}},
		{"activity fr", WriteActivityTemplate, "fr", "Activité",
			[]string{"équipe", "mois", "contacts", "réponses positives", "rendez-vous", "opportunités"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, tt.write, tt.lang)
			if got, want := f.GetSheetList(), []string{tt.sheet, InstructionsSheet}; !slices.Equal(got, want) {
				t.Fatalf("sheets = %q, want %q", got, want)
			}
			if got := f.GetSheetName(f.GetActiveSheetIndex()); got != tt.sheet {
				t.Errorf("active sheet = %q, want %q", got, tt.sheet)
			}
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 {
				t.Fatalf("%d rows, want a header and one example row", len(rows))
			}
			if !slices.Equal(rows[0], tt.want) {
				t.Errorf("header = %q\nwant     %q", rows[0], tt.want)
			}
			// Every column is explained on the Instructions sheet.
			instr, err := f.GetRows(InstructionsSheet)
			if err != nil {
				t.Fatal(err)
			}
			var explained []string
			for _, r := range instr {
				if len(r) == 3 && r[2] != "" {
					explained = append(explained, r[0])
				}
			}
			if want := append([]string{explained[0]}, tt.want...); !slices.Equal(explained, want) {
				t.Errorf("instructions explain %q, want %q", explained, want)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("header row not frozen: %+v", panes)
			}
			props, err := f.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if props.Created != "2026-01-01T00:00:00Z" || props.Creator != "smartplan" {
				t.Errorf("doc properties not fixed: %+v", props)
			}
		})
	}
}

func TestTargetsTemplateValidations(t *testing.T) {
	tests := []struct {
		lang          string
		metrics       string
		levers        string
		metricCol     string
		leverCol      string
		exampleMetric string
	}{
		{"en", `"revenue,new_customers,meetings,opportunities,win_rate,deal_size"`,
			`"new_logos,upsell,pricing,new_offer,partners,productivity"`, "E2:E1000", "J2:J1000", "revenue"},
		{"fr", `"chiffre d'affaires,nouveaux clients,rendez-vous,opportunités,taux de transformation,panier moyen"`,
			`"nouveaux_clients,vente_additionnelle,prix,nouvelle_offre,partenaires,productivité"`, "E2:E1000", "J2:J1000", "chiffre d'affaires"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			f := open(t, WriteTargetsTemplate, tt.lang)
			sheet := f.GetSheetList()[0]
			dvs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			byRef := map[string]*excelize.DataValidation{}
			for _, dv := range dvs {
				byRef[dv.Sqref] = dv
			}
			metric := byRef[tt.metricCol]
			if metric == nil || metric.Type != "list" || metric.Formula1 != tt.metrics {
				t.Fatalf("metric drop-down = %+v, want list %s", metric, tt.metrics)
			}
			if metric.ErrorStyle == nil || *metric.ErrorStyle != "stop" {
				t.Errorf("metric drop-down should refuse other values")
			}
			lever := byRef[tt.leverCol]
			if lever == nil || lever.Type != "list" || lever.Formula1 != tt.levers {
				t.Fatalf("lever drop-down = %+v, want list %s", lever, tt.levers)
			}
			if lever.ErrorStyle == nil || *lever.ErrorStyle != "information" {
				t.Errorf("lever drop-down should accept free text")
			}
			for ref, typ := range map[string]string{"F2:F1000": "decimal", "G2:G1000": "decimal", "H2:H1000": "date", "I2:I1000": "date", "K2:K1000": "whole"} {
				if dv := byRef[ref]; dv == nil || dv.Type != typ {
					t.Errorf("validation on %s = %+v, want %s", ref, dv, typ)
				}
			}
			// The example row: a known metric, a number, real date cells.
			if got, _ := f.GetCellValue(sheet, "E2"); got != tt.exampleMetric {
				t.Errorf("example metric = %q, want %q", got, tt.exampleMetric)
			}
			if typ, _ := f.GetCellType(sheet, "F2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("example value is not a number cell (type %v)", typ)
			}
			for cell, want := range map[string]time.Time{"H2": time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "I2": time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)} {
				assertDateCell(t, f, sheet, cell, want)
			}
		})
	}
}

// assertDateCell checks that a cell holds a serial date with a date format.
func assertDateCell(t *testing.T, f *excelize.File, sheet, cell string, want time.Time) {
	t.Helper()
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := parseFloat(raw)
	if err != nil {
		t.Fatalf("%s = %q: not a serial date", cell, raw)
	}
	got, err := excelize.ExcelDateToTime(v, false)
	if err != nil || !got.Equal(want) {
		t.Errorf("%s = %v (%v), want %v", cell, got, err, want)
	}
	style, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yyyy") {
		t.Errorf("%s has no date format: %+v", cell, st.CustomNumFmt)
	}
}

func TestHistoryTemplateStages(t *testing.T) {
	for lang, want := range map[string]string{
		"en": `"Prospecting,Qualification,Proposal,Negotiation,Closed Won,Closed Lost"`,
		"fr": `"Prospection,Qualification,Proposition,Négociation,Gagné,Perdu"`,
	} {
		t.Run(lang, func(t *testing.T) {
			f := open(t, WriteHistoryTemplate, lang)
			sheet := f.GetSheetList()[0]
			dvs, err := f.GetDataValidations(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var stage *excelize.DataValidation
			for _, dv := range dvs {
				if dv.Sqref == "G2:G1000" {
					stage = dv
				}
			}
			if stage == nil || stage.Formula1 != want {
				t.Fatalf("stage drop-down = %+v, want %s", stage, want)
			}
			assertDateCell(t, f, sheet, "H2", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
			assertDateCell(t, f, sheet, "I2", time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC))
		})
	}
}

func TestActivityTemplateMonth(t *testing.T) {
	f := open(t, WriteActivityTemplate, "fr")
	assertDateCell(t, f, "Activité", "B2", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if got, _ := f.GetCellValue("Activité", "B2"); got != "03/2026" {
		t.Errorf("month shown as %q, want 03/2026", got)
	}
}

// Two runs give the same bytes: fixed document properties, no map order.
func TestTemplatesDeterministic(t *testing.T) {
	for _, w := range []struct {
		name  string
		write writer
	}{{"targets", WriteTargetsTemplate}, {"history", WriteHistoryTemplate}, {"activity", WriteActivityTemplate}} {
		for _, lang := range []string{"en", "fr"} {
			var a, b bytes.Buffer
			if err := w.write(&a, lang); err != nil {
				t.Fatal(err)
			}
			if err := w.write(&b, lang); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s %s: two runs differ", w.name, lang)
			}
		}
	}
}

func TestMetricName(t *testing.T) {
	if got := MetricName("fr", planner.WinRate); got != "taux de transformation" {
		t.Errorf("MetricName(fr, win_rate) = %q", got)
	}
	if got := MetricName("en", planner.NewCustomers); got != "new_customers" {
		t.Errorf("MetricName(en, new_customers) = %q", got)
	}
	if got := MetricName("fr", "turnover"); got != "turnover" {
		t.Errorf("MetricName(fr, unknown) = %q", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }

func TestTemplateWriteError(t *testing.T) {
	if err := WriteTargetsTemplate(failWriter{}, "en"); err == nil {
		t.Error("a failing writer gave no error")
	}
}

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
