package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/planner"
)

// A summary line ("N more … not listed") counts for the problems it stands
// for and closes its file's list.
func TestProblemSummaryLines(t *testing.T) {
	summary := planner.Problem{Position: planner.Position{File: "a.csv"}, Kind: "duplicate_id",
		Severity: planner.SeverityWarning, Omitted: 300, Message: "300 more duplicate_id problems not listed (302 in all)"}
	listed := []planner.Problem{
		{Position: planner.Position{File: "a.csv", Row: 9, Col: 1}, Kind: "duplicate_id", Severity: planner.SeverityWarning, Header: "Id", Message: "id 7 already used"},
		{Position: planner.Position{File: "a.csv", Row: 4, Col: 1}, Kind: "duplicate_id", Severity: planner.SeverityWarning, Header: "Id", Message: "id 3 already used"},
	}
	ps := append([]planner.Problem{summary}, listed...)

	var counts bytes.Buffer
	WriteProblemCounts(&counts, ps, Options{}, "plan.xlsx")
	if got, want := counts.String(), "302 input problems (302 ids used twice); see the Problems sheet of plan.xlsx"; !strings.HasPrefix(got, want) {
		t.Errorf("counts = %q, want prefix %q", got, want)
	}

	var lines bytes.Buffer
	WriteProblems(&lines, ps, 0)
	got := strings.Split(strings.TrimSpace(lines.String()), "\n")
	want := []string{
		"a.csv:4:1 (Id): warning: id 3 already used",
		"a.csv:9:1 (Id): warning: id 7 already used",
		"a.csv: warning: 300 more duplicate_id problems not listed (302 in all)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The plan decides its currency once; every writer shows it, whatever the
// report options leave unset (a USD history once read "$" in the SMART
// sentence and "€" in the summary table).
func TestWritersUseThePlanCurrency(t *testing.T) {
	for _, tc := range []struct {
		currency, want, not string
	}{
		{"USD", "$1,200,000", "€"},
		{"", "1,200,000", "€"},
		{"EUR", "€1,200,000", "$"},
	} {
		p := samplePlan("en")
		p.Currency = tc.currency
		var buf bytes.Buffer
		if err := WriteSummaryTable(&buf, p, Options{Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), tc.want) || strings.Contains(buf.String(), tc.not) {
			t.Errorf("plan in %q: summary table should show %s and no %s:\n%s", tc.currency, tc.want, tc.not, buf.String())
		}
		x, err := newXLWriter(p, Options{Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if got := x.display(1200000, x.st.money); got != tc.want {
			t.Errorf("plan in %q: workbook money %q, want %q", tc.currency, got, tc.want)
		}
	}
}

// No CSV cell can start a formula: an owner named "=1+2" reaches Excel as
// text; numbers stay numbers.
func TestRatiosCSVCannotStartAFormula(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "@SUM(A1)": "'@SUM(A1)", "+33 1 23": "'+33 1 23",
		"-5": "-5", "+3.5": "+3.5", "\tx": "'\tx", "Anne": "Anne", "": ""} {
		if got := CSVText(in); got != want {
			t.Errorf("CSVText(%q) = %q, want %q", in, got, want)
		}
	}
	var buf bytes.Buffer
	rs := []planner.Ratios{{Key: planner.GroupKey{Owner: "=1+2"}, Closed: 1}}
	if err := WriteRatiosCSV(&buf, []string{"owner"}, rs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",'=1+2,") {
		t.Errorf("CSV:\n%s", buf.String())
	}
}
