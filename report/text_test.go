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
	WriteProblemCounts(&counts, ps, Options{})
	if got, want := counts.String(), "302 input problems (duplicate_id 302)"; !strings.HasPrefix(got, want) {
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
