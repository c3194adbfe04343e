package templates

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// dump renders a workbook as text: document properties, then per sheet
// every non-empty cell with its raw value and number format, the panes,
// and the data validations. It is what the golden files hold, so that a
// change of wording, layout or format shows up as a readable diff.
func dump(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "props: title=%q creator=%q created=%s modified=%s language=%s\n",
		props.Title, props.Creator, props.Created, props.Modified, props.Language)
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== sheet %q\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, err := f.GetCellStyle(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				format := ""
				if st.CustomNumFmt != nil {
					format = " fmt=" + *st.CustomNumFmt
				}
				if st.Font != nil && st.Font.Bold {
					format += " bold"
				}
				fmt.Fprintf(&b, "%s %q%s\n", cell, v, format)
			}
		}
		if p, err := f.GetPanes(sheet); err == nil && p.Freeze {
			fmt.Fprintf(&b, "frozen: %s\n", p.TopLeftCell)
		}
		dvs, err := f.GetDataValidations(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s %s %s %s", dv.Sqref, dv.Type, dv.Operator, dv.Formula1)
			if dv.Formula2 != "" {
				fmt.Fprintf(&b, " %s", dv.Formula2)
			}
			if dv.ErrorStyle != nil {
				fmt.Fprintf(&b, " on-error=%s", *dv.ErrorStyle)
			}
			if dv.Prompt != nil {
				fmt.Fprintf(&b, " prompt=%q", *dv.Prompt)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestTemplatesGolden(t *testing.T) {
	for _, w := range []struct {
		name  string
		write func(io.Writer, string) error
	}{{"targets", WriteTargetsTemplate}, {"history", WriteHistoryTemplate}, {"activity", WriteActivityTemplate}} {
		for _, lang := range []string{"en", "fr"} {
			name := w.name + "_" + lang
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := w.write(&buf, lang); err != nil {
					t.Fatal(err)
				}
				f, err := excelize.OpenReader(&buf)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				got := dump(t, f)
				path := filepath.Join("testdata", name+".txt")
				if *update {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./templates -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the golden file (run go test ./templates -update and review the diff):\n%s", name, firstDiff(string(want), got))
				}
			})
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %s\n  got %s", i+1, wl, gl)
		}
	}
	return ""
}
