package templates_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/templates"
)

// write saves a template to a file in a temporary directory.
func write(t *testing.T, w func(io.Writer, string) error, lang, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := w(&buf, lang); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func noProblems(t *testing.T, problems []planner.Problem) {
	t.Helper()
	for _, p := range problems {
		t.Errorf("problem: %s %s", p.Kind, p.Message)
	}
}

// The templates round-trip through the importer: their headers, example
// rows and Instructions sheet are read as the user would fill them.
func TestTemplatesRoundTrip(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			tg, err := importer.LoadTargets(write(t, templates.WriteTargetsTemplate, lang, "targets.xlsx"), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, tg.Problems)
			if len(tg.Targets) != 1 {
				t.Fatalf("%d targets, want the example row only", len(tg.Targets))
			}
			x := tg.Targets[0]
			if x.Metric != planner.Revenue || x.Value != 1200000 || x.Priority != 1 ||
				!x.Start.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) || !x.Deadline.Equal(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("example target read as %+v", x)
			}
			if code, ok := templates.LeverCode(x.Lever); !ok || code != "new_logos" {
				t.Errorf("example lever %q", x.Lever)
			}

			h, err := importer.LoadHistory(write(t, templates.WriteHistoryTemplate, lang, "history.xlsx"), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, h.Problems)
			if len(h.Deals) != 1 || h.Deals[0].Status != planner.Won || h.Deals[0].Amount != 38500 ||
				h.Deals[0].Closed != planner.MakeDate(2026, 6, 15) {
				t.Errorf("example deal read as %+v", h.Deals)
			}

			a, err := importer.LoadActivity(write(t, templates.WriteActivityTemplate, lang, "activity.xlsx"), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, a.Problems)
			if len(a.Activity) != 1 || a.Activity[0].Month != (planner.Month{Year: 2026, Month: time.March}) ||
				a.Activity[0].Contacts != 1450 || a.Activity[0].Opportunities != 44 {
				t.Errorf("example activity read as %+v", a.Activity)
			}
		})
	}
}

// Every value of the metric and lever drop-down lists, entered in a
// template the way a user would, is understood by the importer.
func TestTemplateDropDownsImport(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			path := write(t, templates.WriteTargetsTemplate, lang, "targets.xlsx")
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetList()[0]
			levers := templates.Levers(lang)
			for i, m := range planner.Metrics {
				row := i + 2
				value, baseline := any(100.0), any(nil)
				if m == planner.WinRate {
					value, baseline = 0.3, 0.25
				}
				cells := []any{fmt.Sprintf("T%d", i+1), "Grands Comptes", "Santé", nil, templates.MetricName(lang, m),
					value, baseline, 46388.0, 46752.0, levers[i%len(levers)], i + 1, nil}
				if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", row), &cells); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			tg, err := importer.LoadTargets(path, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			noProblems(t, tg.Problems)
			if len(tg.Targets) != len(planner.Metrics) {
				t.Fatalf("%d targets, want %d", len(tg.Targets), len(planner.Metrics))
			}
			for i, x := range tg.Targets {
				if x.Metric != planner.Metrics[i] {
					t.Errorf("row %d: metric %q (%q), want %s", i+2, x.Metric, x.MetricText, planner.Metrics[i])
				}
				if _, ok := templates.LeverCode(x.Lever); !ok {
					t.Errorf("row %d: lever %q not recognised", i+2, x.Lever)
				}
			}
		})
	}
}
