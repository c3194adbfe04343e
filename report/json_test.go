package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// assertGolden compares got with testdata/<name>, or rewrites the file with
// -update.
func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run go test -update if the change is intended)", path, i+1, g, w)
			}
		}
		t.Fatalf("%s differs from the golden file", path)
	}
}

func writeJSON(t *testing.T, p *planner.Plan, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p, Options{Lang: lang}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteJSONGolden(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			got := writeJSON(t, samplePlan(lang), lang)
			if !bytes.HasSuffix(got, []byte("}\n")) {
				t.Errorf("output does not end with a newline")
			}
			if !json.Valid(got) {
				t.Fatalf("output is not valid JSON")
			}
			if !bytes.Equal(got, writeJSON(t, samplePlan(lang), lang)) {
				t.Errorf("two runs gave different bytes")
			}
			assertGolden(t, filepath.Join("json", "plan_"+lang+".json"), got)
		})
	}
}

// decode parses plan.json generically, the way a script would.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func jsonTargetByID(t *testing.T, doc map[string]any, id string) map[string]any {
	t.Helper()
	for _, x := range doc["targets"].([]any) {
		if m := x.(map[string]any); m["id"] == id {
			return m
		}
	}
	t.Fatalf("target %s not in plan.json", id)
	return nil
}

// TestWriteJSONContract checks the key names of the issue-2 contract.
func TestWriteJSONContract(t *testing.T) {
	doc := decode(t, writeJSON(t, samplePlan("en"), "en"))
	for _, k := range []string{"as_of", "targets", "problems"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q at the top level", k)
		}
	}
	if got, want := doc["as_of"], "2026-11-30"; got != want {
		t.Errorf("as_of = %v, want %v", got, want)
	}
	tg := jsonTargetByID(t, doc, "GC-REV-1")
	for _, k := range []string{"id", "team", "segment", "offer", "metric", "value", "start", "deadline", "verdict",
		"probability", "capacity_ratio", "required", "history", "smart", "reasons", "monthly"} {
		if _, ok := tg[k]; !ok {
			t.Errorf("no %q in a target", k)
		}
	}
	sub := map[string][]string{
		"required": {"deals", "opportunities", "opportunities_per_month", "meetings", "responses", "contacts"},
		"history":  {"win_rate", "avg_deal", "cycle_days_median", "opportunities_per_month"},
		"smart":    {"specific", "measurable", "achievable", "relevant", "time_bound"},
	}
	for obj, keys := range sub {
		m := tg[obj].(map[string]any)
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("no %q in %s", k, obj)
			}
		}
	}
	r0 := tg["reasons"].([]any)[0].(map[string]any)
	if r0["code"] != "capacity" || !strings.Contains(r0["message"].(string), "8.3") {
		t.Errorf("reasons[0] = %v", r0)
	}
	m0 := tg["monthly"].([]any)[0].(map[string]any)
	for _, k := range []string{"month", "deals", "opportunities", "meetings", "contacts", "revenue"} {
		if _, ok := m0[k]; !ok {
			t.Errorf("no %q in monthly", k)
		}
	}
	if got, want := m0["month"], "2026-07"; got != want {
		t.Errorf("monthly[0].month = %v, want %v", got, want)
	}
	if got, want := tg["start"], "2026-07-01"; got != want {
		t.Errorf("start = %v, want %v", got, want)
	}
	// Exact, unrounded numbers (METHOD §4: rounding is for people).
	req := tg["required"].(map[string]any)
	if got, want := req["deals"], 25.0; got != want {
		t.Errorf("required.deals = %v, want %v", got, want)
	}
	if got, want := req["opportunities_per_month"].(float64), 100.0/12; got != want {
		t.Errorf("required.opportunities_per_month = %v, want %v", got, want)
	}
	if got, want := len(doc["problems"].([]any)), 33; got != want {
		t.Errorf("%d problems, want %d", got, want)
	}
}

// TestWriteJSONNull checks that numbers that do not apply are null, never 0.
func TestWriteJSONNull(t *testing.T) {
	doc := decode(t, writeJSON(t, samplePlan("en"), "en"))
	tests := []struct {
		id   string
		path []string
		null bool
	}{
		{"MM-REV-2", []string{"probability"}, true},
		{"MM-REV-2", []string{"p50"}, true},
		{"MM-REV-2", []string{"capacity_ratio"}, true},
		{"MM-REV-2", []string{"start"}, true},
		{"MM-REV-2", []string{"deadline"}, false},
		{"MM-REV-2", []string{"baseline"}, true},
		{"MM-REV-2", []string{"required", "deals"}, true},
		{"MM-REV-2", []string{"required", "contacts"}, true},
		{"MM-REV-2", []string{"history", "win_rate"}, true},
		{"MM-REV-2", []string{"history", "avg_deal"}, true},
		{"MM-REV-2", []string{"history", "cycle_days_median"}, true},
		{"MM-REV-2", []string{"history", "opportunities_per_month"}, true},
		{"MM-REV-2", []string{"progress"}, true},
		{"MM-REV-2", []string{"smart_reasons", "measurable"}, true},
		{"MM-REV-2", []string{"smart_reasons", "time_bound"}, false},
		{"PME-MTG-1", []string{"required", "deals"}, true},
		{"PME-MTG-1", []string{"required", "opportunities"}, true},
		{"PME-MTG-1", []string{"required", "meetings"}, false},
		{"PME-OPP-2", []string{"required", "deals"}, true},
		{"PME-OPP-2", []string{"required", "opportunities_per_month"}, false},
		{"PME-WR-3", []string{"capacity_ratio"}, true},
		{"PME-WR-3", []string{"required", "opportunities"}, true},
		{"PME-WR-3", []string{"baseline"}, false},
		{"GC-REV-1", []string{"probability"}, false},
		{"GC-REV-1", []string{"capacity_ratio"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.id+"/"+strings.Join(tc.path, "."), func(t *testing.T) {
			var v any = jsonTargetByID(t, doc, tc.id)
			for _, k := range tc.path {
				m := v.(map[string]any)
				var ok bool
				if v, ok = m[k]; !ok {
					t.Fatalf("no key %q", k)
				}
			}
			if got := v == nil; got != tc.null {
				t.Errorf("null = %v (value %v), want null = %v", got, v, tc.null)
			}
			if f, ok := v.(float64); ok && tc.null {
				t.Errorf("got number %v", f)
			}
		})
	}
	// Monthly actuals: only past months with an actual have one; MM-DS-1
	// had no won deal in September.
	monthly := jsonTargetByID(t, doc, "MM-DS-1")["monthly"].([]any)
	var actuals []string
	for _, m := range monthly {
		mm := m.(map[string]any)
		if mm["actual"] != nil {
			actuals = append(actuals, mm["month"].(string))
		}
	}
	if got, want := strings.Join(actuals, ","), "2026-07,2026-08,2026-10,2026-11"; got != want {
		t.Errorf("months with actuals = %s, want %s", got, want)
	}
	// A meetings target's months carry no deals or revenue.
	m0 := jsonTargetByID(t, doc, "PME-MTG-1")["monthly"].([]any)[0].(map[string]any)
	if m0["deals"] != nil || m0["revenue"] != nil || m0["meetings"] != 35.0 {
		t.Errorf("PME-MTG-1 monthly[0] = %v", m0)
	}
}

// TestWriteJSONFirstRun checks a plan with no previous run: no previous
// as-of date, no changes (an empty list, not null).
func TestWriteJSONFirstRun(t *testing.T) {
	p := samplePlan("en")
	p.PreviousAsOf, p.Changes = time.Time{}, nil
	doc := decode(t, writeJSON(t, p, "en"))
	if v, ok := doc["previous_as_of"]; !ok || v != nil {
		t.Errorf("previous_as_of = %v (present %v), want null", v, ok)
	}
	if v, ok := doc["changes"].([]any); !ok || len(v) != 0 {
		t.Errorf("changes = %#v, want []", doc["changes"])
	}
	// The changes of the sample: one moved target, one new one whose
	// previous verdict and probability are null.
	doc = decode(t, writeJSON(t, samplePlan("en"), "en"))
	ch := doc["changes"].([]any)
	if len(ch) != 2 {
		t.Fatalf("%d changes, want 2", len(ch))
	}
	moved, added := ch[0].(map[string]any), ch[1].(map[string]any)
	if moved["old_verdict"] != "stretch" || moved["old_probability"] != 0.35 || moved["new_probability"] != 0.12 {
		t.Errorf("moved change = %v", moved)
	}
	if added["new"] != true || added["old_verdict"] != nil || added["old_probability"] != nil || added["new_probability"] != 0.09 {
		t.Errorf("new target change = %v", added)
	}
}

func TestWriteJSONNaN(t *testing.T) {
	p := samplePlan("en")
	p.Targets[0].Probability = 0 / zero()
	p.Targets[0].Required.Deals = 1 / zero()
	doc := decode(t, writeJSON(t, p, "en"))
	tg := jsonTargetByID(t, doc, "GC-REV-1")
	if tg["probability"] != nil || tg["required"].(map[string]any)["deals"] != nil {
		t.Errorf("NaN or Inf written as %v, %v; want null", tg["probability"], tg["required"].(map[string]any)["deals"])
	}
}

func zero() float64 { return 0 }

func TestReadJSONSummary(t *testing.T) {
	p := samplePlan("fr")
	asOf, got, err := ReadJSONSummary(bytes.NewReader(writeJSON(t, p, "fr")))
	if err != nil {
		t.Fatal(err)
	}
	if !asOf.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("as of = %v", asOf)
	}
	if len(got) != len(p.Targets) {
		t.Fatalf("%d targets, want %d", len(got), len(p.Targets))
	}
	for _, r := range p.Targets {
		want := PreviousTarget{Team: r.Target.Team, Metric: r.Target.Metric, Verdict: r.Verdict}
		if r.HasProbability {
			want.Probability, want.HasProbability = r.Probability, true
		}
		if g := got[r.Target.ID]; g != want {
			t.Errorf("%s: got %+v, want %+v", r.Target.ID, g, want)
		}
	}
}

func TestReadJSONSummaryErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "EOF"},
		{"no as_of", `{"targets": []}`, "no as_of"},
		{"bad as_of", `{"as_of": "30/11/2026", "targets": []}`, "as_of"},
		{"duplicate", `{"as_of": "2026-11-30", "targets": [{"id": "A"}, {"id": "A"}]}`, "appears twice"},
		{"not json", `as_of: 2026-11-30`, "invalid character"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadJSONSummary(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
