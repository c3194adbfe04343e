package planner

import (
	"encoding/json"
	"os"
	"testing"
)

// Temporary: dumps the BenchmarkBuild plan for byte comparison.
func TestZZPerfDump(t *testing.T) {
	path := os.Getenv("PERFDUMP")
	if path == "" {
		t.Skip("PERFDUMP not set")
	}
	deals, targets := benchBuildTargets()
	p, err := Build(Input{Deals: deals, Targets: targets}, Options{AsOf: day("2016-12-31"), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
