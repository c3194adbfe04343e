package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// realData returns the path of a dataset under ../shared/data/real, or
// skips the test when that folder is absent (it is never copied into the
// repo).
func realData(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "..", "shared", "data", "real"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real CRM data not available (%s): %v", p, err)
	}
	return p
}

// coveragePct reads the share of what is left that the open pipeline
// covers in a coverage reason.
var coveragePct = regexp.MustCompile(`, ([\d,.]+)% of the `)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"smartplan"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no args prints help", nil, exitOK},
		{"version", []string{"version"}, exitOK},
		{"unknown flag", []string{"plan", "--nope"}, exitUsage},
		{"missing required", []string{"plan", "--history", "x.csv"}, exitUsage},
		{"stray argument", []string{"ratios", "--history", "a.csv", "b.csv"}, exitUsage},
		{"bad as-of", []string{"ratios", "--history", "a.csv", "--as-of", "31/12/2026"}, exitUsage},
		{"bad lang", []string{"template", "--out", "x", "--lang", "de"}, exitUsage},
		{"missing file", []string{"ratios", "--history", "does-not-exist.csv", "--as-of", "2026-01-01"}, exitFailure},
		{"funnel needs a start", []string{"funnel", "--win-rate", "25%"}, exitUsage},
		{"check nothing", []string{"check"}, exitUsage},
		{"misspelt phasing in batch", []string{"batch", "--in", "x", "--out", "y", "--phasing", "seasonl"}, exitUsage},
		{"misspelt phasing in plan", []string{"plan", "--history", "a.csv", "--targets", "b.csv", "--phasing", "seasonl"}, exitUsage},
		{"unknown locale", []string{"ratios", "--history", "a.csv", "--locale", "de"}, exitUsage},
		{"bad currency", []string{"ratios", "--history", "a.csv", "--currency", "euros"}, exitUsage},
		{"bad teams column", []string{"ratios", "--history", "a.csv", "--teams-column", "region=Office"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.want, stderr)
			}
		})
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	_, out, _ := runCLI(t, "--help")
	if !strings.Contains(out, "75  batch") {
		t.Errorf("help does not list the exit codes:\n%s", out)
	}
}

// TestFunnelWorkedExamples checks METHOD §4 and §6 through the CLI.
func TestFunnelWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want map[string]float64
	}{
		{"revenue", []string{"--revenue", "1200000", "--deal-size", "20000", "--win-rate", "25%", "--months", "12"},
			map[string]float64{"deals": 60, "opportunities": 240, "opportunities_per_month": 20}},
		{"subscriptions", []string{"--deals", "40", "--win-rate", "0.20"},
			map[string]float64{"deals": 40, "opportunities": 200}},
		{"win-rate lever", []string{"--opportunities", "300", "--deal-size", "18000", "--win-rate", "22 %", "--target-win-rate", "30%"},
			map[string]float64{"uplift_deals": 24, "uplift_revenue": 432000}},
		{"meetings down to contacts", []string{"--meetings", "60", "--meeting-rate", "0.6", "--response-rate", "0.1"},
			map[string]float64{"meetings": 60, "responses": 100, "contacts": 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"funnel", "--json"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got map[string]*float64
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("bad JSON %q: %v", out, err)
			}
			for k, want := range tt.want {
				if got[k] == nil || math.Abs(*got[k]-want) > 1e-6 {
					t.Errorf("%s = %v, want %v", k, got[k], want)
				}
			}
			if tt.name == "meetings down to contacts" && got["deals"] != nil {
				t.Errorf("deals = %v, want null: a meetings target does not run upward", *got["deals"])
			}
		})
	}
}

// TestRatiosMaven checks `ratios --json` on the real Maven CRM export
// against figures computed independently (python csv module, documented in
// the closing note of issue 2): window (2016-12-31, 2017-12-31].
func TestRatiosMaven(t *testing.T) {
	dir := realData(t, "maven-crm")
	want := map[string]struct {
		won, lost       int
		winRate, avg    float64
		median, revenue float64
	}{
		"Central": {1629, 975, 0.6256, 2054.20, 1047, 3346293},
		"East":    {1171, 687, 0.6302, 2639.28, 2984, 3090594},
		"West":    {1438, 811, 0.6394, 2481.67, 1096.5, 3568647},
	}
	for _, file := range []string{"sales_pipeline.csv", "sales_pipeline_excel_resaved_mdy.csv"} {
		t.Run(file, func(t *testing.T) {
			code, out, stderr := runCLI(t, "ratios", "--json", "--as-of", "2017-12-31",
				"--history", filepath.Join(dir, file), "--teams", filepath.Join(dir, "sales_teams.csv"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				AsOf   string `json:"as_of"`
				Groups []struct {
					Team       string `json:"team"`
					Won, Lost  int
					WinRate    float64 `json:"win_rate"`
					AvgDeal    float64 `json:"avg_deal"`
					MedianDeal float64 `json:"median_deal"`
					Revenue    float64 `json:"revenue"`
				} `json:"groups"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("bad JSON: %v\n%s", err, out)
			}
			seen := 0
			for _, g := range got.Groups {
				w, ok := want[g.Team]
				if !ok {
					continue
				}
				seen++
				if g.Won != w.won || g.Lost != w.lost {
					t.Errorf("%s: won/lost %d/%d, want %d/%d", g.Team, g.Won, g.Lost, w.won, w.lost)
				}
				for _, c := range []struct {
					name      string
					got, want float64
					tol       float64
				}{{"win rate", g.WinRate, w.winRate, 5e-5}, {"avg deal", g.AvgDeal, w.avg, 0.005},
					{"median deal", g.MedianDeal, w.median, 1e-9}, {"revenue", g.Revenue, w.revenue, 1e-6}} {
					if math.Abs(c.got-c.want) > c.tol {
						t.Errorf("%s: %s = %v, want %v", g.Team, c.name, c.got, c.want)
					}
				}
			}
			if seen != 3 {
				t.Errorf("found %d of the 3 regional teams in %s", seen, out)
			}
		})
	}
}

// TestPlanSamples runs the main job on the bundled samples, as `make demo`
// does, and reads the outputs back.
func TestPlanSamples(t *testing.T) {
	samples := filepath.Join("..", "..", "samples")
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "plan", "--as-of", "2026-11-30", "--runs", "2000",
		"--history", filepath.Join(samples, "history.xlsx"),
		"--activity", filepath.Join(samples, "activity.xlsx"),
		"--targets", filepath.Join(samples, "targets.xlsx"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, v := range []string{"Achievable", "Stretch", "Unrealistic", "GC-01", "PAR-03"} {
		if !strings.Contains(stdout, v) {
			t.Errorf("summary has no %q:\n%s", v, stdout)
		}
	}
	f, err := excelize.OpenFile(filepath.Join(out, "plan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Targets,Plan,History,Problems"; !strings.HasPrefix(got, "Summary") || !strings.Contains(got, "Problems") {
		t.Errorf("sheets %s, want %s", got, want)
	}
	var plan struct {
		AsOf    string `json:"as_of"`
		Targets []struct {
			ID       string   `json:"id"`
			Verdict  string   `json:"verdict"`
			Prob     *float64 `json:"probability"`
			Monthly  []any    `json:"monthly"`
			Decision *struct{ Code, Message string }
			Reasons  []struct{ Code, Message string }
		} `json:"targets"`
	}
	b, err := os.ReadFile(filepath.Join(out, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &plan); err != nil {
		t.Fatal(err)
	}
	if plan.AsOf != "2026-11-30" || len(plan.Targets) < 9 {
		t.Errorf("plan.json: as_of %s, %d targets", plan.AsOf, len(plan.Targets))
	}
	verdicts := map[string]int{}
	for _, tg := range plan.Targets {
		verdicts[tg.Verdict]++
		if tg.Prob == nil || *tg.Prob < 0 || *tg.Prob > 1 {
			t.Errorf("%s: probability %v, want a number in [0, 1]", tg.ID, tg.Prob)
		}
		if len(tg.Monthly) == 0 {
			t.Errorf("%s: no monthly milestones", tg.ID)
		}
		// One story per target: the key reason names the check that
		// decided the verdict, and a coverage above 100 % beside a
		// probability under 50 % comes with the sentence that reconciles
		// them.
		decisive := map[string]bool{"decided_by_probability": true, "decided_by_cap": true, "reached": true}
		if tg.Decision == nil || !decisive[tg.Decision.Code] {
			t.Errorf("%s: decision %+v, want the check that decided the verdict", tg.ID, tg.Decision)
		}
		codes := map[string]bool{}
		covered := false
		for _, r := range tg.Reasons {
			codes[r.Code] = true
			if m := coveragePct.FindStringSubmatch(r.Message); r.Code == "coverage" && m != nil {
				pct, _ := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
				covered = pct >= 100
			}
		}
		if covered && *tg.Prob < 0.5 && !codes["coverage_vs_probability"] {
			t.Errorf("%s: coverage above 100 %% and probability %.2f with no sentence reconciling them", tg.ID, *tg.Prob)
		}
	}
	// The samples are built to hold every kind of target (samples/README.md).
	for _, v := range []string{"achievable", "stretch", "unrealistic"} {
		if verdicts[v] == 0 {
			t.Errorf("no %s target in the samples' plan: %v", v, verdicts)
		}
	}
	pdf, err := os.ReadFile(filepath.Join(out, "plan.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("plan.pdf missing or not a PDF: %v", err)
	}
}

// TestPlanVerdictsAcrossSeeds: the demo's verdicts do not depend on the
// seed. A probability within Monte Carlo error of a threshold is run again
// with more runs (PME-04 sits at 70.3 %), so five seeds give every sample
// target the same verdict. At 10,000 runs alone, seeds 6, 11 and 12 put
// PME-04 under 70 % (69.8 %, 69.6 %, 69.8 %) and the verdict flipped.
func TestPlanVerdictsAcrossSeeds(t *testing.T) {
	samples := filepath.Join("..", "..", "samples")
	var first map[string]string
	for _, seed := range []int{1, 2, 6, 11, 12} {
		out := t.TempDir()
		code, _, stderr := runCLI(t, "plan", "--as-of", "2026-11-30", "--seed", strconv.Itoa(seed), "--format", "json",
			"--history", filepath.Join(samples, "history.xlsx"), "--activity", filepath.Join(samples, "activity.xlsx"),
			"--targets", filepath.Join(samples, "targets.xlsx"), "--config", filepath.Join(samples, "config.yaml"), "--out", out)
		if code != 0 {
			t.Fatalf("seed %d: exit %d: %s", seed, code, stderr)
		}
		var plan struct {
			Targets []struct {
				ID, Verdict string
				Probability *float64
			}
		}
		b, err := os.ReadFile(filepath.Join(out, "plan.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &plan); err != nil {
			t.Fatal(err)
		}
		verdicts := map[string]string{}
		for _, tg := range plan.Targets {
			verdicts[tg.ID] = tg.Verdict
			if first != nil && first[tg.ID] != tg.Verdict {
				t.Errorf("seed %d: %s is %s (probability %v), %s with seed 1", seed, tg.ID, tg.Verdict, *tg.Probability, first[tg.ID])
			}
		}
		if first == nil {
			first = verdicts
		}
	}
}

// TestPlanDeterministic: same inputs and as-of date, same bytes.
// Same inputs, same bytes: twice, and on one core as on two (issue 17).
func TestPlanDeterministic(t *testing.T) {
	samples := filepath.Join("..", "..", "samples")
	var outs [3]string
	for i, procs := range []int{2, 2, 1} {
		outs[i] = t.TempDir()
		prev := runtime.GOMAXPROCS(procs)
		code, _, stderr := runCLI(t, "plan", "--as-of", "2026-11-30", "--runs", "500",
			"--history", filepath.Join(samples, "history_fr.csv"),
			"--targets", filepath.Join(samples, "targets.xlsx"), "--out", outs[i], "--lang", "fr")
		runtime.GOMAXPROCS(prev)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, name := range []string{"plan.xlsx", "plan.pdf", "plan.json"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], name))
		for i, what := range []string{"two identical runs", "two cores and one"} {
			b, _ := os.ReadFile(filepath.Join(outs[i+1], name))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s differs between %s (%d and %d bytes)", name, what, len(a), len(b))
			}
		}
	}
}

func TestRatiosCSV(t *testing.T) {
	code, out, stderr := runCLI(t, "ratios", "--csv", "--as-of", "2026-11-30",
		"--history", filepath.Join("..", "..", "samples", "history_fr.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, out)
	}
	if len(recs) != 4 || recs[0][0] != "team" || recs[0][7] != "win_rate" {
		t.Fatalf("want a header and 3 teams, got %q", recs)
	}
	for _, r := range recs[1:] {
		if v, err := strconv.ParseFloat(r[7], 64); err != nil || v <= 0 || v >= 1 {
			t.Errorf("%s: win_rate %q, want a fraction", r[0], r[7])
		}
	}
}

// Every command's help has examples whose flags exist, the README section
// for the method, and only its own exit codes.
func TestCommandHelp(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
	for _, c := range app.Commands {
		h, ok := commandHelps[c.Name]
		if !ok || len(h.examples) == 0 {
			t.Errorf("%s: no examples", c.Name)
			continue
		}
		flags := map[string]bool{"help": true}
		for _, f := range c.Flags {
			for _, n := range f.Names() {
				flags[n] = true
			}
		}
		for _, e := range h.examples {
			words := strings.Fields(e)
			if len(words) < 2 || words[0] != "smartplan" || words[1] != c.Name {
				t.Errorf("%s: example %q does not run the command", c.Name, e)
			}
			for _, w := range words {
				if name, ok := strings.CutPrefix(w, "--"); ok && !flags[name] {
					t.Errorf("%s: example %q uses --%s, which the command does not have", c.Name, e, name)
				}
			}
		}
		if h.readme != "" && !slices.Contains(readmeSections(t), strings.Trim(h.readme, `"`)) {
			t.Errorf("%s: README has no section %s", c.Name, h.readme)
		}
		_, out, _ := runCLI(t, c.Name, "--help")
		if strings.Contains(out, "METHOD") {
			t.Errorf("%s --help cites METHOD, which does not ship", c.Name)
		}
		if lists75 := strings.Contains(out, "\n   75 "); lists75 != (c.Name == "batch") {
			t.Errorf("%s --help lists exit code 75: %v", c.Name, lists75)
		}
		if !strings.Contains(out, "EXAMPLES:\n   "+h.examples[0]) {
			t.Errorf("%s --help shows no example:\n%s", c.Name, out)
		}
	}
}

// readmeSections returns the README's section titles, code marks left out.
func readmeSections(t *testing.T) []string {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(b)) {
		if title, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "### "); ok {
			out = append(out, strings.ReplaceAll(title, "`", ""))
		}
	}
	return out
}

// Issue 11's mixed-currency history: without exchange rates its amounts
// are refused with one error naming the currencies, while counts still
// compute; with them, 1,000 EUR + 1,000,000 JPY + 1,000 USD at EUR 1, JPY
// 0.0061, USD 0.92 is 8,020 EUR of revenue.
func TestMixedCurrencies(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "deals.csv")
	fx := filepath.Join(dir, "fx.csv")
	os.WriteFile(hist, []byte("id,owner,team,stage,created,closed,amount,currency\n"+
		"1,a,T,Won,2026-01-05,2026-02-01,1000,EUR\n2,a,T,Won,2026-01-05,2026-02-01,1000000,JPY\n"+
		"3,a,T,Won,2026-01-05,2026-02-01,1000,USD\n"), 0o644)
	os.WriteFile(fx, []byte("currency,rate\nEUR,1\nUSD,0.92\nJPY,0.0061\n"), 0o644)

	code, stdout, stderr := runCLI(t, "ratios", "--history", hist, "--as-of", "2026-03-01", "--csv")
	if code != 0 || !strings.Contains(stderr, "JPY (1 deal, 1000000), EUR (1 deal, 1000), USD (1 deal, 1000)") ||
		!strings.Contains(stderr, "--fx FILE") {
		t.Fatalf("without rates: exit %d, stderr %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("ratios CSV: %v\n%s", err, stdout)
	}
	col := func(name string) string {
		for i, h := range rows[0] {
			if h == name {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %q in %v", name, rows[0])
		return ""
	}
	if col("won") != "3" || col("revenue") != "" && col("revenue") != "0" {
		t.Errorf("without rates: won %q, revenue %q; want the count and no revenue", col("won"), col("revenue"))
	}

	code, stdout, stderr = runCLI(t, "ratios", "--history", hist, "--as-of", "2026-03-01", "--csv", "--fx", fx)
	if code != 0 {
		t.Fatalf("with rates: exit %d: %s", code, stderr)
	}
	if rows, err = csv.NewReader(strings.NewReader(stdout)).ReadAll(); err != nil {
		t.Fatal(err)
	}
	if v, err := strconv.ParseFloat(col("revenue"), 64); err != nil || math.Abs(v-8020) > 1e-6 {
		t.Errorf("with rates: revenue %q, want 8020", col("revenue"))
	}
}

// Issue 11: Salesforce's Quota export read as targets, per team (the
// owners' roles in User.csv) and quarter, with its Task and Event exports
// as activity, on the sf-wave export; each target is checked against the
// quotas summed independently here (the activity counts are checked in
// importer's TestActivityExportSFWave).
func TestQuotaSFWave(t *testing.T) {
	dir := realData(t, "sf-wave-sales")
	out := t.TempDir()
	code, _, stderr := runCLI(t, "plan", "--history", filepath.Join(dir, "Opportunity.csv"), "--teams", filepath.Join(dir, "User.csv"),
		"--teams-column", "owner=Name,team=UserRole.Name", "--quota", filepath.Join(dir, "Quota.csv"), "--as-of", "2016-12-31",
		"--activity", filepath.Join(dir, "Task.csv"), "--activity", filepath.Join(dir, "Event.csv"),
		"--format", "json", "--out", out, "--runs", "500", "--track-record=false")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	read := func(name string) []map[string]string {
		rows := readCSV(t, filepath.Join(dir, name))
		var out []map[string]string
		for _, r := range rows[1:] {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	team := map[string]string{}
	for _, u := range read("User.csv") {
		team[u["External_Id__c"]] = u["UserRole.Name"]
	}
	want := map[string]float64{}
	for _, q := range read("Quota.csv") {
		m, _ := strconv.Atoi(q["StartDate__c"][5:7])
		v, _ := strconv.ParseFloat(q["QuotaAmount__c"], 64)
		want[fmt.Sprintf("Q %s %s-Q%d", team[q["User.External_Id__c"]], q["StartDate__c"][:4], (m-1)/3+1)] += v
	}
	var plan struct {
		Targets []struct {
			ID      string  `json:"id"`
			Value   float64 `json:"value"`
			Verdict string  `json:"verdict"`
		} `json:"targets"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "plan.json"))
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Targets) != len(want) || len(want) != 24 {
		t.Fatalf("%d targets, want one per team and quarter: %d", len(plan.Targets), len(want))
	}
	for _, tg := range plan.Targets {
		if w, ok := want[tg.ID]; !ok || math.Abs(tg.Value-w) > 1e-6 || tg.Verdict == "" {
			t.Errorf("%s: %v (%s), want %v", tg.ID, tg.Value, tg.Verdict, w)
		}
	}
}
