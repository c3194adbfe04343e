package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

var samples = filepath.Join("..", "..", "..", "..", "samples")

func TestLoadKeepsGoodFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.xlsx")
	if err := os.WriteFile(bad, []byte("PK\x03\x04 cut short"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := Inputs{
		History: []string{bad, filepath.Join(samples, "history_fr.csv")},
		Targets: []string{filepath.Join(samples, "targets.xlsx")},
	}
	pin, err := Load(context.Background(), in, importer.Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(pin.Deals) < 1000 || len(pin.Targets) == 0 {
		t.Errorf("%d deals, %d targets: the good files were not read", len(pin.Deals), len(pin.Targets))
	}
	var found bool
	for _, p := range pin.Problems {
		if p.Kind == "unreadable_file" && p.File == bad {
			found = true
		}
	}
	if !found {
		t.Errorf("the broken file is not reported: %v", pin.Problems)
	}
}

func TestLoadFailsWithoutHistory(t *testing.T) {
	in := Inputs{History: []string{filepath.Join(t.TempDir(), "missing.csv")}}
	_, err := Load(context.Background(), in, importer.Options{}, false)
	if !errors.Is(err, ErrNoHistory) {
		t.Errorf("err = %v, want ErrNoHistory", err)
	}
}

func TestAddTargetsLeavesSharedAlone(t *testing.T) {
	shared, err := LoadShared(context.Background(), Inputs{History: []string{filepath.Join(samples, "history_fr.csv")}}, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	shared.Problems = append(make([]planner.Problem, 0, 16), shared.Problems...) // room to alias into
	before := len(shared.Problems)
	for i := 0; i < 2; i++ {
		pin, err := AddTargets(shared, []string{filepath.Join(samples, "targets.xlsx")}, importer.Options{}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(pin.Targets) != 11 {
			t.Errorf("run %d: %d targets, want 11", i, len(pin.Targets))
		}
	}
	if len(shared.Problems) != before || len(shared.Targets) != 0 || len(shared.Files) != 1 {
		t.Errorf("shared input changed: %d problems (was %d), %d targets, %d files",
			len(shared.Problems), before, len(shared.Targets), len(shared.Files))
	}
}

func TestChanges(t *testing.T) {
	plan := &planner.Plan{Targets: []planner.TargetResult{
		{Target: planner.Target{ID: "A", Team: "T"}, Verdict: planner.Stretch, Probability: 0.5, HasProbability: true},
		{Target: planner.Target{ID: "B", Team: "T"}, Verdict: planner.Achievable, Probability: 0.8, HasProbability: true},
		{Target: planner.Target{ID: "C", Team: "T"}, Verdict: planner.Unrealistic, Probability: 0.1, HasProbability: true},
		{Target: planner.Target{ID: "D", Team: "T"}, Verdict: planner.Stretch, Probability: 0.4, HasProbability: true},
	}}
	prev := map[string]report.PreviousTarget{
		"A": {Verdict: planner.Stretch, Probability: 0.502, HasProbability: true}, // unchanged within 0.5 pt
		"B": {Verdict: planner.Stretch, Probability: 0.6, HasProbability: true},   // verdict moved
		"C": {Verdict: planner.Unrealistic, Probability: 0.2, HasProbability: true},
	}
	got := Changes(prev, plan)
	want := []struct {
		id  string
		new bool
	}{{"B", false}, {"C", false}, {"D", true}}
	if len(got) != len(want) {
		t.Fatalf("got %d changes %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].TargetID != w.id || got[i].New != w.new {
			t.Errorf("change %d = %s (new %v), want %s (new %v)", i, got[i].TargetID, got[i].New, w.id, w.new)
		}
	}
}

func TestRunWritesAtomically(t *testing.T) {
	out := t.TempDir()
	s := Settings{
		AsOf:    time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Planner: planner.Options{Runs: 200, Seed: 1},
		Formats: []string{"json", "xlsx"}, OutDir: out,
	}
	in := Inputs{History: []string{filepath.Join(samples, "history_fr.csv")}, Targets: []string{filepath.Join(samples, "targets.xlsx")}}
	res, err := Run(context.Background(), in, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) != 2 {
		t.Fatalf("outputs %v", res.Outputs)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output folder holds %v: a temporary file was left behind", names)
	}
}

// Names the PDF's fonts cannot draw (here a Japanese team name with an
// emoji) are named in a warning of the plan, which the PDF, the
// workbook and plan.json all carry; without a PDF there is no warning.
func TestUndrawableNamesWarned(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(samples, "history_fr.csv"))
	if err != nil {
		t.Skipf("samples not available: %v", err)
	}
	hist := filepath.Join(t.TempDir(), "history.csv")
	text := strings.Replace(string(b), ";PME & ETI;Distribution;", ";中小企業 🚀;Distribution;", 1)
	if err := os.WriteFile(hist, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	in := Inputs{History: []string{hist}, Targets: []string{filepath.Join(samples, "targets.xlsx")}}
	for _, formats := range [][]string{{"json"}, {"json", "pdf"}} {
		s := Settings{AsOf: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Planner: planner.Options{Runs: 200, Seed: 1},
			Formats: formats, OutDir: t.TempDir()}
		res, err := Run(context.Background(), in, s)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Plan.Problems {
			if p.Kind == "pdf_glyphs_missing" {
				got = append(got, p.Message)
			}
		}
		if len(formats) == 1 {
			if len(got) != 0 {
				t.Errorf("no PDF, yet %q", got)
			}
			continue
		}
		want := `the PDF's fonts cannot draw 5 characters of the inputs, shown there as '?': 中 (U+4E2D), 企 (U+4F01), 小 (U+5C0F), 業 (U+696D), 🚀 (U+1F680); the workbook and plan.json hold them as written`
		if len(got) != 1 || got[0] != want {
			t.Errorf("warnings %q, want one like %q", got, want)
		}
	}
}
