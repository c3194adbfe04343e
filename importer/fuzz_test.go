package importer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/importer/hostile"
)

// Run the fuzzers with a short minimisation, for example
//
//	go test -run '^$' -fuzz FuzzLoadHistoryCSV -fuzztime 60s -fuzzminimizetime 1x ./importer/
//
// with the default (60 s per new input) the engine spends nearly all its
// time minimising the many interesting inputs a loader yields early on.

// checkLoadError is the fuzz invariant: any error is positioned (a
// *CellError) or a file-level *FileError.
func checkLoadError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ce *CellError
	var fe *FileError
	if !errors.As(err, &ce) && !errors.As(err, &fe) {
		t.Fatalf("error is neither a *CellError nor a *FileError: %T %v", err, err)
	}
}

func checkHistory(t *testing.T, h *History) {
	t.Helper()
	if h == nil {
		return
	}
	for _, p := range h.Problems {
		if p.File == "" || p.Kind == "" || p.Message == "" {
			t.Fatalf("problem without file, kind or message: %+v", p)
		}
	}
	for _, d := range h.Deals {
		if d.HasAmount && d.Amount != d.Amount {
			t.Fatalf("NaN amount: %+v", d)
		}
	}
}

// seedFiles adds the samples folder's files with the given extension, if
// the folder exists.
func seedFiles(f *testing.F, ext string) {
	paths, _ := filepath.Glob(filepath.Join("..", "samples", "*"+ext))
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Size() < 1<<20 {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzLoadHistoryCSV(f *testing.F) {
	f.Add([]byte(frenchHistory))
	f.Add([]byte("id,owner,stage,created,closed,amount\n1,a,Won,2024-01-01,2024-02-01,\"1,234\"\n2,b,Lost,03/04/2024,2024-02-01,(1 200,00)\n"))
	f.Add([]byte("Grand Totals (3 records)\nid,stage,created,closed,amount\n1,\"Won\nx\",2024-01-01,,5\n\"unclosed\n"))
	f.Add(utf16(&testing.T{}, "a\tb\nstage\tamount\tcreated\tclosed\nWon\t1\t2024-01-01\t2024-01-02\n", false))
	f.Add([]byte("id;stage;created;closed;amount\r1;Won;13/01/2024;01/13/2024;1 200,00 €\r"))
	seedFiles(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		h, err := LoadHistory(p, Options{})
		checkLoadError(t, err)
		checkHistory(t, h)
		_, err = LoadTargets(p, Options{})
		checkLoadError(t, err)
		_, err = LoadActivity(p, Options{})
		checkLoadError(t, err)
		_, err = Classify(p, Options{})
		checkLoadError(t, err)
	})
}

func FuzzLoadHistoryXLSX(f *testing.F) {
	build := func(rows [][]any, formula bool) []byte {
		x := excelize.NewFile()
		defer x.Close()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			x.SetSheetRow("Sheet1", cell, &r)
		}
		if formula {
			x.SetCellFormula("Sheet1", "E3", "A1*2")
			x.MergeCell("Sheet1", "A5", "B6")
		}
		buf, err := x.WriteToBuffer()
		if err != nil {
			f.Fatal(err)
		}
		return buf.Bytes()
	}
	f.Add(build([][]any{{"id", "stage", "created", "closed", "amount"}, {"1", "Won", 45300, 45310.5, 12.5}, {"2", "Lost", "2024-01-01", "x", nil}}, false))
	f.Add(build([][]any{{"Title"}, {}, {"Opportunity ID", "Stage", "Created Date", "Close Date", "Amount"}, {"1", "Closed Won", 45300, 45310, "1 200,50 €"}, {"Grand Totals (1 records)"}}, true))
	seedFiles(f, ".xlsx")
	// the hostile workbooks, each inflating past 1 MiB (sst-many is left
	// out: 9 Mi strings take seconds a run under the race detector)
	for _, h := range hostile.Names {
		if h.Name == "sst-many" {
			continue
		}
		var b bytes.Buffer
		if err := hostile.Write(&b, h.Name, 36); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// 16 MiB: the reader's own budgets (32 MiB of idle XML, 1 MiB a
		// cell), not the directory check, refuse the hostile seeds
		h, err := LoadHistory(p, Options{MaxBytes: 16 << 20})
		checkLoadError(t, err)
		checkHistory(t, h)
		_, err = LoadTargets(p, Options{MaxBytes: 16 << 20})
		checkLoadError(t, err)
	})
}
