package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// isDateTest is the importer's rule in small, enough to compare date-ness.
func isDateTest(id int, code string, custom bool) bool {
	if id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58 {
		return true
	}
	return custom && id > 81 && strings.ContainsAny(code, "dy")
}

// compareWorkbook reads every worksheet of data with excelize's Rows
// (raw values) and with this reader, and fails on any difference.
func compareWorkbook(t *testing.T, name string, data []byte) {
	t.Helper()
	xf, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Skipf("%s: excelize cannot open it: %v", name, err)
	}
	defer xf.Close()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	book, err := Open(zr, "xl/sharedStrings.xml", "xl/styles.xml", isDateTest, DefaultLimits)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	parts := sheetParts(t, zr)
	for _, sheet := range xf.GetSheetList() {
		p := parts[sheet]
		if p == "" || !strings.Contains(p, "worksheets/") {
			continue
		}
		xr, err := xf.Rows(sheet)
		if err != nil {
			t.Fatalf("%s!%s: excelize: %v", name, sheet, err)
		}
		mr, err := book.OpenSheet(p, sheet)
		if err != nil {
			t.Fatalf("%s!%s: %v", name, sheet, err)
		}
		// excelize's GetCellType and GetCellStyle answer for a merged
		// range's top-left cell: the other cells of a range are not compared
		merged := map[string]bool{}
		if xm, err := xf.GetMergeCells(sheet); err == nil {
			for _, m := range xm {
				c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
				c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
				for r := r1; r <= r2 && r-r1 < 1000; r++ {
					for c := c1; c <= c2 && c-c1 < 100; c++ {
						if r != r1 || c != c1 {
							ref, _ := excelize.CoordinatesToCellName(c, r)
							merged[ref] = true
						}
					}
				}
			}
		}
		line := 0
		for xr.Next() {
			line++
			want, xerr := xr.Columns(excelize.Options{RawCellValue: true})
			if !mr.Next() {
				if xerr != nil && mr.Err() != nil {
					break // both refuse the row
				}
				t.Fatalf("%s!%s: stopped at row %d (%v); excelize has %q (%v)", name, sheet, line, mr.Err(), want, xerr)
			}
			if xerr != nil {
				// excelize reads ahead: it reports a bad next row on this one
				for mr.Next() {
				}
				if mr.Err() == nil {
					t.Fatalf("%s!%s row %d: excelize: %v; this reader: %q and no error", name, sheet, line, xerr, mr.Row())
				}
				break
			}
			got := mr.Row()
			if mr.Line() != line || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Fatalf("%s!%s row %d (ours %d):\n got %q\nwant %q", name, sheet, line, mr.Line(), got, want)
			}
			for i := range got {
				ref, _ := excelize.CoordinatesToCellName(i+1, line)
				if merged[ref] {
					continue
				}
				ct, _ := xf.GetCellType(sheet, ref)
				c := mr.Cell(i)
				if wt := cellTypeName(c.Type); got[i] != "" && wt != ct {
					t.Errorf("%s!%s %s: type %v, excelize %v", name, sheet, ref, wt, ct)
				}
				sid, _ := xf.GetCellStyle(sheet, ref)
				if got[i] != "" && c.Date != book.IsDate(sid) {
					t.Errorf("%s!%s %s: date-ness differs", name, sheet, ref)
				}
			}
		}
		if mr.Next() && len(mr.Row()) > 0 {
			t.Fatalf("%s!%s: this reader has row %d %q past excelize's end (%v)", name, sheet, mr.Line(), mr.Row(), xr.Error())
		}
		for mr.Next() {
		}
		if xm, err := xf.GetMergeCells(sheet); err == nil && mr.Err() == nil && mr.Ended() {
			var want []string
			for _, m := range xm {
				want = append(want, m[0])
			}
			if got := mr.Merges(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s!%s: merged ranges %q, excelize %q", name, sheet, got, want)
			}
		}
		xr.Close()
		mr.Close()
	}
}

func cellTypeName(t string) excelize.CellType {
	switch t {
	case "b":
		return excelize.CellTypeBool
	case "d":
		return excelize.CellTypeDate
	case "e":
		return excelize.CellTypeError
	case "s":
		return excelize.CellTypeSharedString
	case "str":
		return excelize.CellTypeFormula
	case "inlineStr":
		return excelize.CellTypeInlineString
	case "n":
		return excelize.CellTypeNumber
	}
	return excelize.CellTypeUnset
}

// sheetParts maps sheet names to their zip parts, from the workbook and
// its relationships.
func sheetParts(t *testing.T, zr *zip.Reader) map[string]string {
	read := func(name string, v any) {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				if err := xml.NewDecoder(rc).Decode(v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	read("xl/workbook.xml", &wb)
	read("xl/_rels/workbook.xml.rels", &rels)
	out := map[string]string{}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				tg := r.Target
				if strings.HasPrefix(tg, "/") {
					tg = tg[1:]
				} else {
					tg = path.Join("xl", tg)
				}
				out[s.Name] = tg
			}
		}
	}
	return out
}

func workbooksIn(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xlsx") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestMatchesExcelizeOnFiles(t *testing.T) {
	files := workbooksIn(t, "../../../samples")
	real := workbooksIn(t, "../../../../shared/data/real")
	if len(real) == 0 {
		t.Log("../shared/data/real is absent: the real workbooks are not compared")
	}
	for _, p := range append(files, real...) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			compareWorkbook(t, p, data)
		})
	}
}
