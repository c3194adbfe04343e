package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dumpXLSX reopens a workbook written by WriteXLSX and returns a text dump
// for golden comparison: document properties, then per sheet its panes,
// defined names, column widths, row heights, conditional formats, then one
// line per non-empty cell (reference, type, raw value, number format,
// formula, comment), and finally the charts' titles and series references.
func dumpXLSX(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("reopen workbook: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "props: title=%q creator=%q lastModifiedBy=%q created=%s modified=%s language=%q\n",
		props.Title, props.Creator, props.LastModifiedBy, props.Created, props.Modified, props.Language)
	fmt.Fprintf(&b, "sheets: %s\n", strings.Join(f.GetSheetList(), ", "))
	for _, dn := range f.GetDefinedName() {
		fmt.Fprintf(&b, "defined name: %s scope=%s refers=%s\n", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== %s\n", sheet)
		dim, err := f.GetSheetDimension(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "dimension: %s\n", dim)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			fmt.Fprintf(&b, "freeze: rows=%d cols=%d top-left=%s\n", panes.YSplit, panes.XSplit, panes.TopLeftCell)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		maxCol := 0
		for _, r := range rows {
			maxCol = max(maxCol, len(r))
		}
		var widths []string
		for c := 1; c <= maxCol; c++ {
			w, err := f.GetColWidth(sheet, xlCol(c))
			if err != nil {
				t.Fatal(err)
			}
			widths = append(widths, fmt.Sprintf("%s=%g", xlCol(c), w))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		var heights []string
		for r := 1; r <= len(rows); r++ {
			h, err := f.GetRowHeight(sheet, r)
			if err != nil {
				t.Fatal(err)
			}
			if h != 15 { // the default height
				heights = append(heights, fmt.Sprintf("%d=%g", r, h))
			}
		}
		if len(heights) > 0 {
			fmt.Fprintf(&b, "heights: %s\n", strings.Join(heights, " "))
		}
		cfs, err := f.GetConditionalFormats(sheet)
		if err != nil {
			t.Fatal(err)
		}
		ranges := make([]string, 0, len(cfs))
		for r := range cfs {
			ranges = append(ranges, r)
		}
		slices.Sort(ranges)
		for _, r := range ranges {
			for _, o := range cfs[r] {
				fill := ""
				if o.Format != nil {
					if st, err := f.GetConditionalStyle(*o.Format); err == nil && len(st.Fill.Color) > 0 {
						fill = st.Fill.Color[0]
					}
				}
				fmt.Fprintf(&b, "conditional %s: %s %s %s fill=%s\n", r, o.Type, o.Criteria, o.Value, fill)
			}
		}
		comments, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		byCell := map[string]string{}
		for _, c := range comments {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			byCell[c.Cell] = c.Author + ": " + text
		}
		for ri, r := range rows {
			for ci, v := range r {
				ref := xlRef(ci+1, ri+1)
				comment, hasComment := byCell[ref]
				delete(byCell, ref)
				if v == "" && !hasComment {
					continue
				}
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				line := fmt.Sprintf("%s %s %q", ref, cellTypeName(typ), v)
				if fm := numFmt(t, f, sheet, ref); fm != "" {
					line += " fmt=" + strconv.Quote(fm)
				}
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					line += " FORMULA=" + strconv.Quote(formula)
				}
				if hasComment {
					line += " comment=" + strconv.Quote(comment)
				}
				b.WriteString(line + "\n")
			}
		}
		// Comments on empty cells beyond the row data.
		left := make([]string, 0, len(byCell))
		for ref := range byCell {
			left = append(left, ref)
		}
		slices.Sort(left)
		for _, ref := range left {
			fmt.Fprintf(&b, "%s (empty) comment=%q\n", ref, byCell[ref])
		}
	}
	b.WriteString(dumpCharts(t, data))
	return b.String()
}

func cellTypeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeBool:
		return "b"
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
		return "n"
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return "s"
	case excelize.CellTypeFormula:
		return "f"
	case excelize.CellTypeDate:
		return "d"
	}
	return "?" + strconv.Itoa(int(t))
}

// numFmt returns the number format of a cell: its custom code, or "#id" for
// a built-in format other than General.
func numFmt(t testing.TB, f *excelize.File, sheet, ref string) string {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		return ""
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt != 0 {
		return "#" + strconv.Itoa(st.NumFmt)
	}
	return ""
}

var (
	chartTitleRe = regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	chartRefRe   = regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`)
	chartTypeRe  = regexp.MustCompile(`<(?:c:)?(lineChart|barChart|areaChart|scatterChart)>`)
)

// dumpCharts lists each chart part with its type, texts and references.
func dumpCharts(t testing.TB, data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			names = append(names, zf.Name)
			files[zf.Name] = zf
		}
	}
	slices.SortFunc(names, func(a, b string) int { return chartNum(a) - chartNum(b) })
	var b strings.Builder
	if len(names) > 0 {
		b.WriteString("\n== charts\n")
	}
	for _, n := range names {
		rc, err := files[n].Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var typ, texts, refs []string
		for _, m := range chartTypeRe.FindAllSubmatch(x, -1) {
			typ = append(typ, string(m[1]))
		}
		for _, m := range chartTitleRe.FindAllSubmatch(x, -1) {
			texts = append(texts, html.UnescapeString(string(m[1])))
		}
		for _, m := range chartRefRe.FindAllSubmatch(x, -1) {
			refs = append(refs, html.UnescapeString(string(m[1])))
		}
		fmt.Fprintf(&b, "%s: %s %q\n", n, strings.Join(typ, ","), texts)
		for _, r := range refs {
			fmt.Fprintf(&b, "  ref %s\n", r)
		}
	}
	return b.String()
}

func chartNum(name string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "xl/charts/chart"), ".xml"))
	return n
}
