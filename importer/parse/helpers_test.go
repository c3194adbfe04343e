package parse

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func mustFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// realData returns the path of a file under shared/data/real, found by
// walking up from the test's working directory, or skips the test.
func realData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", "real", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("real data %s not found above the test directory: skipped", rel)
		}
		dir = parent
	}
}
