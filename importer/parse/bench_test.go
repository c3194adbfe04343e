package parse

import (
	"strconv"
	"testing"
	"time"
)

// The common cells of real exports: what a million-row file is made of.
var benchNumbers = []string{"1054", "1124741.15", "0", "1 200 000,00 €", "$1,054.00", "4514", "12,5 %"}

var benchDates = []string{"2017-03-01", "3/1/2017", "2024-01-22T16:14:25.000+0000", "2023-05-11 00:00:00",
	"31/12/2026", "31 déc. 2026"}

var benchStages = []string{"Won", "Lost", "Engaging", "Closed Won", "Prospecting", "Fermée gagnée"}

func BenchmarkParseNumber(b *testing.B) {
	for _, s := range benchNumbers {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseNumber(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseDate(b *testing.B) {
	for _, s := range benchDates {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseDate(s, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStageStatus(b *testing.B) {
	overrides := map[string]string{"engaging": "open"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchStages {
			StageStatus(s, overrides)
		}
	}
}

func BenchmarkExcelSerial(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExcelSerial(45291.5, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoAllocations holds the hot paths to zero allocations on success:
// the importer calls them once per cell.
func TestNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	for _, s := range benchNumbers {
		if n := testing.AllocsPerRun(100, func() { ParseNumber(s) }); n != 0 {
			t.Errorf("ParseNumber(%q) allocates %v times", s, n)
		}
	}
	for _, s := range benchDates {
		if n := testing.AllocsPerRun(100, func() { ParseDate(s, false) }); n != 0 {
			t.Errorf("ParseDate(%q) allocates %v times", s, n)
		}
	}
	overrides := map[string]string{"engaging": "open"}
	for _, s := range benchStages {
		if n := testing.AllocsPerRun(100, func() { StageStatus(s, overrides) }); n != 0 {
			t.Errorf("StageStatus(%q) allocates %v times", s, n)
		}
	}
}

// Baselines, for reading the figures above on a busy machine: the standard
// library's (lenient) conversions of the same common cells.
func BenchmarkBaselineStrconv(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := strconv.ParseFloat("1124741.15", 64); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBaselineTimeParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := time.Parse(time.DateOnly, "2017-03-01"); err != nil {
			b.Fatal(err)
		}
	}
}
