package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestPointInTime replays the Maven export as of several dates and checks
// that every figure is what an export taken on that date would give: the
// same export truncated by hand (deals created later removed, deals closed
// later open with no close date nor close value, undated open deals
// removed) gives the same ratios and the same plan, to the last digit.
func TestPointInTime(t *testing.T) {
	dir := realData(t, "maven-crm")
	full, teams := filepath.Join(dir, "sales_pipeline.csv"), filepath.Join(dir, "sales_teams.csv")
	rows := readCSV(t, full)
	work := t.TempDir()
	targets := filepath.Join(work, "targets.csv")
	if err := os.WriteFile(targets, []byte("id,team,metric,value,start,deadline\n"+
		"ALL,(company),revenue,1500000,2017-10-01,2017-12-31\n"+
		"C,Central,revenue,600000,2017-10-01,2017-12-31\n"+
		"E,East,new_customers,150,2017-10-01,2017-12-31\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2017-03-31", "2017-06-30", "2017-09-30"} {
		t.Run(asOf, func(t *testing.T) {
			cut := filepath.Join(work, "cut-"+asOf+".csv")
			writeCSV(t, cut, truncateMaven(rows, asOf))
			for _, by := range []string{"team", "owner"} {
				a := cliJSON(t, "ratios", "--history", full, "--teams", teams, "--as-of", asOf, "--json", "--by", by)
				b := cliJSON(t, "ratios", "--history", cut, "--teams", teams, "--as-of", asOf, "--json", "--by", by)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("ratios by %s as of %s differ between the full export and the export truncated to that date", by, asOf)
				}
			}
			plans := make([]any, 2)
			for i, h := range []string{full, cut} {
				out := filepath.Join(work, "out", asOf, filepath.Base(h))
				if code, _, stderr := runCLI(t, "plan", "--history", h, "--teams", teams, "--targets", targets,
					"--as-of", asOf, "--out", out, "--format", "json", "--runs", "2000"); code != exitOK {
					t.Fatalf("plan: exit %d: %s", code, stderr)
				}
				var p map[string]any
				b, _ := os.ReadFile(filepath.Join(out, "plan.json"))
				if err := json.Unmarshal(b, &p); err != nil {
					t.Fatal(err)
				}
				plans[i] = p["targets"]
			}
			if !reflect.DeepEqual(plans[0], plans[1]) {
				t.Errorf("plan as of %s differs between the full export and the export truncated to that date", asOf)
			}
		})
	}
}

// truncateMaven is the Maven export as it stood on asOf (ISO dates compare
// as strings).
func truncateMaven(rows [][]string, asOf string) [][]string {
	out := [][]string{rows[0]}
	for _, r := range rows[1:] {
		created, closed := r[5], r[6]
		switch {
		case created == "" || created > asOf:
			continue // unknown on that date, or not created yet
		case closed != "" && closed > asOf:
			r = append([]string(nil), r...)
			r[4], r[6], r[7] = "Engaging", "", ""
		}
		out = append(out, r)
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func cliJSON(t *testing.T, args ...string) any {
	t.Helper()
	code, out, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return v
}
