package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFirstRealUse is a newcomer's first plan on a real export: write the
// template, fill it in as the template says (a company-wide target from
// the drop-down, a team target), plan, and check that every target sees
// the history that `ratios` reports, once, with a sensible verdict.
func TestFirstRealUse(t *testing.T) {
	dir := realData(t, "maven-crm")
	history, teams := filepath.Join(dir, "sales_pipeline.csv"), filepath.Join(dir, "sales_teams.csv")
	work := t.TempDir()
	if code, _, stderr := runCLI(t, "template", "--out", work); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}

	code, out, stderr := runCLI(t, "ratios", "--history", history, "--teams", teams, "--as-of", "2017-09-30", "--json")
	if code != exitOK {
		t.Fatalf("ratios: exit %d: %s", code, stderr)
	}
	var ratios struct {
		Groups []struct {
			Team          string
			Closed, Won   int
			Revenue       float64
			Opportunities float64 `json:"opportunities_per_month"`
		}
	}
	if err := json.Unmarshal([]byte(out), &ratios); err != nil {
		t.Fatal(err)
	}
	var closed, won int
	var revenue, opps, centralRevenue float64
	centralClosed := -1
	for _, g := range ratios.Groups {
		closed, won, revenue, opps = closed+g.Closed, won+g.Won, revenue+g.Revenue, opps+g.Opportunities
		if g.Team == "Central" {
			centralClosed, centralRevenue = g.Closed, g.Revenue
		}
	}
	if centralClosed < 0 || closed == 0 {
		t.Fatalf("ratios gave no Central team or no deals: %s", out)
	}

	// Fill in the template: row 2 is its example, replaced by the company
	// target; row 3 is a team target. A quarter at half the trailing
	// quarterly average is achievable; three times it is not.
	path := filepath.Join(work, "targets_template.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"Q4-ALL", "(company)", "", "", "revenue", revenue / 4 * 0.5, nil, "2017-10-01", "2017-12-31", "new_logos", 1, "company plan"},
		{"Q4-C", "Central", "", "", "revenue", centralRevenue / 4 * 3, nil, "2017-10-01", "2017-12-31", "new_logos", 2, "team plan"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Targets", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()

	outDir := filepath.Join(work, "out")
	code, _, stderr = runCLI(t, "plan", "--history", history, "--teams", teams, "--targets", path,
		"--as-of", "2017-09-30", "--out", outDir, "--format", "json", "--runs", "2000")
	if code != exitOK {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	plan := readPlanJSON(t, filepath.Join(outDir, "plan.json"))
	byID := map[string]planTarget{}
	for _, tg := range plan.Targets {
		byID[tg.ID] = tg
	}
	all, central := byID["Q4-ALL"], byID["Q4-C"]
	if all.Team != "" || all.History.Closed != closed || all.History.Won != won || !near(all.History.Opportunities, opps) {
		t.Errorf("company target: team %q, closed %d, won %d, %.1f opportunities a month; ratios total %d, %d, %.1f",
			all.Team, all.History.Closed, all.History.Won, all.History.Opportunities, closed, won, opps)
	}
	if central.History.Closed != centralClosed {
		t.Errorf("Central target sees %d closed deals, ratios %d", central.History.Closed, centralClosed)
	}
	if all.Verdict != "achievable" {
		t.Errorf("half the trailing quarter company-wide is %s (p %.3f), want achievable", all.Verdict, all.Probability)
	}
	if central.Verdict != "unrealistic" {
		t.Errorf("three times Central's trailing quarter is %s (p %.3f), want unrealistic", central.Verdict, central.Probability)
	}
}

type planTarget struct {
	ID, Team, Verdict string
	Probability       float64
	History           struct {
		Closed, Won   int
		Opportunities float64 `json:"opportunities_per_month"`
	}
}

func readPlanJSON(t *testing.T, path string) struct{ Targets []planTarget } {
	t.Helper()
	var p struct{ Targets []planTarget }
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

// Without --as-of, a history that ended long before today is refused with
// its last date and the flag to use, instead of ratios of zero (exit 0).
func TestDefaultAsOfRefusesStaleHistory(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "deals.csv")
	csv := "id,owner,team,stage,created,closed,amount\n" +
		"1,Ann,North,Won,2017-01-05,2017-03-01,1000\n2,Bob,North,Lost,2017-02-05,2017-12-27,500\n"
	if err := os.WriteFile(hist, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "ratios", "--history", hist)
	if code != exitFailure || !strings.Contains(stderr, "the history ends on 2017-12-27") || !strings.Contains(stderr, "--as-of 2017-12-27") {
		t.Errorf("ratios without --as-of: exit %d, stderr %q; want exit 1 naming the last date and the flag", code, stderr)
	}
	if code, _, stderr := runCLI(t, "ratios", "--history", hist, "--as-of", "2017-12-31"); code != exitOK {
		t.Errorf("ratios with --as-of: exit %d: %s", code, stderr)
	}
}

// check fails on errors, not on warnings alone, unless --strict.
func TestCheckExitsOnErrorsOnly(t *testing.T) {
	dir := t.TempDir()
	warn := filepath.Join(dir, "warn.csv") // an open deal with a close date: a warning
	if err := os.WriteFile(warn, []byte("id,owner,stage,created,closed,amount\n1,Ann,Won,2017-01-05,2017-03-01,1000\n2,Bob,Open,2017-02-05,2017-12-27,500\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv") // an amount that is no number: an error
	if err := os.WriteFile(bad, []byte("id,owner,stage,created,closed,amount\n1,Ann,Won,2017-01-05,2017-03-01,lots\n2,Bob,Won,2017-02-05,2017-03-27,500\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"check", warn}, exitOK},
		{[]string{"check", "--strict", warn}, exitFailure},
		{[]string{"check", bad}, exitFailure},
	} {
		if code, out, stderr := runCLI(t, tc.args...); code != tc.want {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.want, out, stderr)
		}
	}
}

// Names holding terminal escape sequences reach the screen without them.
func TestTerminalOutputHasNoControlCharacters(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "deals.csv")
	csv := "id,owner,team,stage,created,closed,amount\n" +
		"1,Ann,\x1b[2JNorth\x1b]0;pwned\x07,Won,2017-01-05,2017-03-01,1000\n"
	if err := os.WriteFile(hist, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "ratios", "--history", hist, "--as-of", "2017-12-31")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "[2JNorth]0;pwned") {
		t.Errorf("stdout %q: want the name without its control characters", out)
	}
}
