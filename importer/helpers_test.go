package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"
)

// writeFile writes data to a file named name in a fresh temporary folder.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// buildXLSX saves a workbook made by fill into a temporary file.
func buildXLSX(t testing.TB, name string, fill func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// setRows writes rows of values starting at cell A<firstRow>.
func setRows(t testing.TB, f *excelize.File, sheet string, firstRow int, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, firstRow+i)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
}

// kinds counts problems by kind.
func kinds(ps []planner.Problem) map[string]int {
	m := map[string]int{}
	for _, p := range ps {
		m[p.Kind]++
	}
	return m
}

// findProblem returns the first problem of a kind, or fails.
func findProblem(t testing.TB, ps []planner.Problem, kind string) planner.Problem {
	t.Helper()
	for _, p := range ps {
		if p.Kind == kind {
			return p
		}
	}
	t.Fatalf("no %s problem among %d: %s", kind, len(ps), dumpProblems(ps))
	return planner.Problem{}
}

func dumpProblems(ps []planner.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("\n  ")
		b.WriteString(p.Severity + " " + p.Kind + ": " + p.Message)
	}
	return b.String()
}

// realData returns the path of a file of the shared real datasets, or
// skips the test when the folder is absent.
func realData(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "data", "real", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real dataset not available (%s): %v", p, err)
	}
	return p
}
