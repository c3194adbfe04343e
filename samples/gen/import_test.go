package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
)

// The samples import cleanly: every deal, activity row and target is read,
// with no problem, and both history files give the same deals.
func TestSamplesImport(t *testing.T) {
	t.Parallel()
	path := func(name string) string { return filepath.Join(samplesDir, name) }
	xlsx, err := importer.LoadHistory(path("history.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	csv, err := importer.LoadHistory(path("history_fr.csv"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []*importer.History{xlsx, csv} {
		for _, p := range h.Problems {
			t.Errorf("%s: %s %s", h.File.Path, p.Kind, p.Message)
		}
		if len(h.Deals) != len(dataset.Deals) {
			t.Fatalf("%s: %d deals, want %d", h.File.Path, len(h.Deals), len(dataset.Deals))
		}
	}
	for i, d := range dataset.Deals {
		x, c := xlsx.Deals[i], csv.Deals[i]
		if x.Owner.String() != d.Owner || x.Status.String() != d.Status || x.Team.String() != d.Team || x.Segment.String() != d.Segment ||
			x.Offer.String() != d.Offer || x.Created != planner.DateOf(d.Created) || x.Closed != planner.DateOf(d.Closed) ||
			x.HasAmount != d.HasAmount || x.Amount != d.Amount {
			t.Fatalf("history.xlsx deal %d = %+v, generated %+v", i, x, d)
		}
		if c != x { // the stages differ (French in the CSV), not what they mean
			t.Fatalf("history_fr.csv deal %d = %+v, history.xlsx %+v", i, c, x)
		}
	}

	act, err := importer.LoadActivity(path("activity.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(act.Problems) != 0 || len(act.Activity) != len(dataset.Activity) {
		t.Errorf("activity: %d rows, %d problems; want %d, 0", len(act.Activity), len(act.Problems), len(dataset.Activity))
	}

	tg, err := importer.LoadTargets(path("targets.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tg.Problems {
		t.Errorf("targets: %s %s", p.Kind, p.Message)
	}
	want := dataset.Targets()
	if len(tg.Targets) != len(want) {
		t.Fatalf("%d targets, want %d", len(tg.Targets), len(want))
	}
	for i, w := range want {
		g := tg.Targets[i]
		if g.ID != w.ID || g.Team != w.Team || g.Segment != w.Segment || g.Offer != w.Offer || g.Metric != w.Metric ||
			g.Value != w.Value || g.HasBaseline != w.HasBaseline || g.Baseline != w.Baseline || !g.Start.Equal(w.Start) ||
			!g.Deadline.Equal(w.Deadline) || g.Lever != w.Lever || g.Priority != w.Priority || g.Rationale != w.Rationale {
			t.Errorf("target %d read as %+v, written %+v", i, g, w)
		}
	}

	teamsMap, problems, _, err := importer.LoadLookup(path("teams.csv"), "teams", importer.Options{})
	if err != nil || len(problems) != 0 {
		t.Fatalf("teams.csv: %v, %d problems", err, len(problems))
	}
	for _, d := range dataset.Deals {
		if teamsMap[d.Owner] != d.Team {
			t.Fatalf("teams.csv: %s -> %q, want %q", d.Owner, teamsMap[d.Owner], d.Team)
		}
	}
	if _, err := importer.LoadConfig(path("config.yaml")); err != nil {
		t.Errorf("config.yaml: %v", err)
	}
	for name, kind := range map[string]importer.Kind{"history.xlsx": "history", "history_fr.csv": "history",
		"activity.xlsx": "activity", "targets.xlsx": "targets", "teams.csv": "teams"} {
		if got, err := importer.Classify(path(name), importer.Options{}); err != nil || got != kind {
			t.Errorf("Classify(%s) = %q, %v; want %q", name, got, err, kind)
		}
	}
}

// TestSampleVerdictsAsIntended: planned as the demo plans them, every
// sample target whose intent names a verdict gets that verdict, so that
// samples/README.md and the demo's PDF tell the same story.
func TestSampleVerdictsAsIntended(t *testing.T) {
	t.Parallel()
	path := func(name string) string { return filepath.Join(samplesDir, name) }
	h, err := importer.LoadHistory(path("history.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := importer.LoadActivity(path("activity.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := importer.LoadTargets(path("targets.xlsx"), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.Build(planner.Input{Deals: h.Deals, Activity: a.Activity, Targets: tg.Targets},
		planner.Options{AsOf: date(2026, 11, 30), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	intents := map[string]string{}
	for _, w := range dataset.Targets() {
		intents[w.ID] = w.Intent
	}
	checked := 0
	for _, r := range p.Targets {
		word, _, _ := strings.Cut(intents[r.Target.ID], " ")
		switch planner.Verdict(word) {
		case planner.Achievable, planner.Stretch, planner.Unrealistic:
			checked++
			if string(r.Verdict) != word {
				t.Errorf("%s: %s at %.3f, samples/README.md says %q", r.Target.ID, r.Verdict, r.Probability, intents[r.Target.ID])
			}
		}
	}
	if checked < 10 {
		t.Errorf("%d targets with a verdict in their intent, want 10", checked)
	}
}
