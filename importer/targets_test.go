package importer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"
)

func TestParseMetric(t *testing.T) {
	tests := []struct {
		in   string
		want planner.Metric
		ok   bool
	}{
		{"revenue", planner.Revenue, true},
		{"Chiffre d'affaires", planner.Revenue, true},
		{"CA", planner.Revenue, true},
		{"new_customers", planner.NewCustomers, true},
		{"Nouveaux clients", planner.NewCustomers, true},
		{"RENDEZ-VOUS", planner.Meetings, true},
		{"Réunions", planner.Meetings, true},
		{"opportunités", planner.Opportunities, true},
		{"Taux de transformation", planner.WinRate, true},
		{"taux de gain", planner.WinRate, true},
		{"win rate", planner.WinRate, true},
		{"Panier moyen", planner.DealSize, true},
		{"deal_size", planner.DealSize, true},
		{"grow the business", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseMetric(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMetric(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLoadTargetsWorkbookPerTeam(t *testing.T) {
	p := buildXLSX(t, "budget.xlsx", func(f *excelize.File) {
		f.SetSheetName("Sheet1", "North")
		ds := dateStyle(t, f)
		setRows(t, f, "North", 1, [][]any{
			{"Objectifs 2026 — équipe Nord"},
			{},
			{"Identifiant", "Segment", "Offre", "Indicateur", "Objectif", "Valeur de départ", "Date de début", "Échéance", "Levier", "Priorité", "Justification"},
			{"N1", "PME", "", "Chiffre d'affaires", 1200000, nil, day(2026, 1, 1), day(2026, 12, 31), "prospection", 1, "croissance"},
			{"N2", "PME", "", "Taux de transformation", "25 %", "0,2", day(2026, 1, 1), day(2026, 12, 31), "formation", 2, ""},
			{"N3", "", "", "grow the business", "12,5x", nil, day(2026, 1, 1), day(2026, 12, 31), "", nil, ""},
		})
		f.SetCellStyle("North", "G4", "H6", ds)
		f.NewSheet("South")
		setRows(t, f, "South", 1, [][]any{
			{"id", "team", "metric", "value", "start", "deadline"},
			{"S1", "", "new_customers", 3, "2026-01-01", "2026-01-31"},
			{"S2", "", "new_customers", 3, "2026-02-01", "2026-02-28"},
			{"S3", "", "new_customers", 4, "2026-03-01", "2026-03-31"},
			{"S4", "Export", "meetings", "40", "01/04/2026", "30/06/2026"},
		})
		f.NewSheet("Lists")
		setRows(t, f, "Lists", 1, [][]any{{"metric"}, {"revenue"}, {"meetings"}})
	})
	ts, err := LoadTargets(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ts.Targets), 7; got != want {
		t.Fatalf("targets = %d, want %d %s", got, want, dumpProblems(ts.Problems))
	}
	n1 := ts.Targets[0]
	if n1.ID != "N1" || n1.Team != "North" || n1.Segment != "PME" || n1.Metric != planner.Revenue || n1.Value != 1200000 || !n1.HasValue ||
		!n1.Start.Equal(day(2026, 1, 1)) || !n1.Deadline.Equal(day(2026, 12, 31)) || n1.Lever != "prospection" || n1.Priority != 1 || n1.Rationale != "croissance" {
		t.Errorf("N1 = %+v", n1)
	}
	if n1.Cells["value"] != "E4" || n1.Cells["deadline"] != "H4" || n1.Source.Sheet != "North" || n1.Source.Row != 4 {
		t.Errorf("N1 cells = %v, source %+v", n1.Cells, n1.Source)
	}
	n2 := ts.Targets[1]
	if n2.Metric != planner.WinRate || n2.Value != 0.25 || n2.Baseline != 0.2 || !n2.HasBaseline {
		t.Errorf("N2 = %+v", n2)
	}
	n3 := ts.Targets[2]
	if n3.Metric != "" || n3.MetricText != "grow the business" || n3.HasValue {
		t.Errorf("N3 = %+v", n3)
	}
	k := kinds(ts.Problems)
	if k[ProblemUnknownMetric] != 1 || k[ProblemBadNumber] != 1 {
		t.Errorf("problems: %s", dumpProblems(ts.Problems))
	}
	bad := findProblem(t, ts.Problems, ProblemBadNumber)
	if !strings.HasPrefix(bad.String(), `budget.xlsx: North!E6 (Objectif): not a number: "12,5x"`) {
		t.Errorf("message = %q", bad.String())
	}
	for i, id := range []string{"S1", "S2", "S3"} {
		s := ts.Targets[3+i]
		if s.ID != id || s.Team != "South" || !s.MonthlyBreakdown {
			t.Errorf("%s = %+v", id, s)
		}
	}
	s4 := ts.Targets[6]
	if s4.Team != "Export" || s4.MonthlyBreakdown || !s4.Start.Equal(day(2026, 4, 1)) || !s4.Deadline.Equal(day(2026, 6, 30)) {
		t.Errorf("S4 = %+v", s4)
	}
	if n1.MonthlyBreakdown {
		t.Error("annual target marked monthly")
	}
	// sources
	if got, want := len(ts.Sources), 2; got != want {
		t.Fatalf("sources = %d, want %d (the Lists sheet has no target header)", got, want)
	}
	src := ts.Sources[0]
	if src.Sheet != "North" || src.HeaderRow != 3 || src.Header[3] != "Indicateur" || len(src.Rows) != 3 {
		t.Fatalf("source = %+v", src)
	}
	r := src.Rows[0]
	if r.Row != 4 || r.TargetIndex != 0 {
		t.Errorf("row = %+v", r)
	}
	if v, ok := r.Cells[4].(float64); !ok || v != 1200000 {
		t.Errorf("value cell = %#v", r.Cells[4])
	}
	if v, ok := r.Cells[6].(time.Time); !ok || !v.Equal(day(2026, 1, 1)) {
		t.Errorf("start cell = %#v", r.Cells[6])
	}
	if v, ok := r.Cells[3].(string); !ok || v != "Chiffre d'affaires" {
		t.Errorf("metric cell = %#v", r.Cells[3])
	}
	if r.Cells[2] != nil {
		t.Errorf("empty cell = %#v", r.Cells[2])
	}
	if got := ts.Sources[1].Rows[3].Cells[4]; got != time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("resolved CSV-style date cell = %#v", got)
	}
	if ts.File.Kind != "targets" || ts.File.Rows != 7 {
		t.Errorf("file = %+v", ts.File)
	}
}

func TestLoadTargetsCSV(t *testing.T) {
	data := "id;team;segment;metric;value;baseline;start;deadline;lever;priority\n" +
		"T1;North;SMB;win_rate;30;0.2;2026-01-01;2026-12-31;training;1\n" +
		"T2;North;SMB;revenue;\"1 200 000,00 €\";;2026-01-01;2025-12-31;;x\n" +
		"T3;;;meetings;40;;03/04/2026;05/06/2026;;\n"
	ts, err := LoadTargets(writeFile(t, "targets.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Targets) != 3 {
		t.Fatalf("targets: %d %s", len(ts.Targets), dumpProblems(ts.Problems))
	}
	if v := ts.Targets[0].Value; v != 0.3 {
		t.Errorf("win rate 30 read as %v, want 0.3", v)
	}
	if v := ts.Targets[1].Value; v != 1200000 {
		t.Errorf("revenue = %v", v)
	}
	k := kinds(ts.Problems)
	for _, kind := range []string{ProblemRateAsPercent, ProblemDeadlineBeforeStart, ProblemBadNumber, ProblemAmbiguousDateOrder} {
		if k[kind] == 0 {
			t.Errorf("no %s problem: %s", kind, dumpProblems(ts.Problems))
		}
	}
	for _, p := range ts.Problems {
		// the deadline's own cell, the location once, and a fix
		want := "targets.csv:3:8 (deadline): target T2: the deadline 2025-12-31 comes before the start 2026-01-01: correct one of the two dates"
		if p.Kind == ProblemDeadlineBeforeStart && !strings.HasPrefix(p.String(), want) {
			t.Errorf("deadline before start: %q, want it to start %q", p.String(), want)
		}
	}
	if !ts.Targets[2].Start.IsZero() {
		t.Errorf("ambiguous start kept: %v", ts.Targets[2].Start)
	}
	if ts.Targets[0].Cells["value"] != "E2" || ts.Sources[0].Sheet != "" || ts.Sources[0].HeaderRow != 1 {
		t.Errorf("cells %v, source %+v", ts.Targets[0].Cells, ts.Sources[0])
	}
	ts, err = LoadTargets(writeFile(t, "targets.csv", []byte(data)), Options{DateOrder: "dmy"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ts.Targets[2].Start; !got.Equal(day(2026, 4, 3)) {
		t.Errorf("start with dmy = %v", got)
	}
}

func TestLoadTargetsMissingColumn(t *testing.T) {
	_, err := LoadTargets(writeFile(t, "t.csv", []byte("id,team,metric,Valeur cible HT\n1,a,revenue,5\n")), Options{})
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), "value") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadTargetsMonthlyColumns(t *testing.T) {
	data := "team,metric,value,start,deadline,Jan,Feb,Mar\nNorth,revenue,300,2026-01-01,2026-03-31,100,100,100\n"
	ts, err := LoadTargets(writeFile(t, "t.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !ts.Targets[0].MonthlyBreakdown {
		t.Error("monthly columns not seen")
	}
}

// No header spelling may stand for two fields of one kind of file.
func TestAliasTablesUnambiguous(t *testing.T) {
	for name, spec := range map[string]map[string][]string{"history": historySpec, "target": targetSpec, "activity": activitySpec, "lookup": lookupSpec} {
		seen := map[string]string{}
		for field, names := range spec {
			for _, n := range names {
				k := normKey(n)
				if old, dup := seen[k]; dup && old != field {
					t.Errorf("%s: %q maps to %s and %s", name, n, old, field)
				}
				seen[k] = field
			}
		}
	}
}
