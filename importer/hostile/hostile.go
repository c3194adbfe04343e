// Package hostile writes the hostile workbooks that smartplan must refuse
// quickly and in bounded memory: decompression bombs, shared-strings
// bombs, a row of more columns than a sheet has. They are deflated at the
// fastest level, which still packs 1 GiB of spaces into 1.3 MB. The
// reader's and the batch's tests and benchmarks use it; smartplan itself
// never does.
package hostile

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// Names lists the workbooks Write knows, each with the message (a part of
// it) that refuses it.
var Names = []struct{ Name, Want string }{
	{"spaces", "worksheet Deals expands past 32 MiB without a cell: refused as a decompression bomb"},
	{"sst-many", "shared strings: more than 8388608 strings"},
	{"sst-long", "shared strings: string 1 is longer than 1 MiB"},
	{"cell-long", "worksheet Deals: row 1: a cell longer than 1 MiB"},
	{"wide", "worksheet Deals: row 1048576 has more than 16384 columns"},
	{"nested", "elements nested deeper than 64"},
}

// FarCorner is a workbook that is not refused by the reader: one row,
// the sheet's last (1048576), of 16,384 cells, its last column. The
// loaders must still refuse it quickly, finding no header.
const FarCorner = "far-corner"

// ManySheets is a workbook that lists 100,000 sheets (one part behind
// them all): the importer refuses it from xl/workbook.xml, before any
// sheet is read.
const ManySheets = "many-sheets"

// Write writes workbook name to w. mib scales the bombs: the worksheet of
// "spaces" holds mib MiB of white space, the strings of "sst-long" and
// "cell-long" mib MiB (at least 4). Tests pass a few MiB, past the reader's budgets;
// benchmarks pass 1024.
//
//   - spaces: <sheetData> followed by white space, no cell;
//   - sst-many: 9 Mi empty shared strings;
//   - sst-long: one shared string of mib MiB;
//   - cell-long: one inline string of mib MiB;
//   - wide: one row, number 1048576, of 16,385 cells;
//   - nested: 100,000 nested elements in a cell.
func Write(w io.Writer, name string, mib int) error {
	emptySST := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>`
	text := func(head, unit string, n int, tail string) func(io.Writer) error {
		return func(w io.Writer) error { return repeat(w, head, unit, n, tail) }
	}
	long := strings.Repeat("a", 1<<20)
	switch name {
	case "spaces":
		return book(w, emptySST, text(sheetHead, strings.Repeat(" ", 1<<20), mib, ""))
	case "sst-many":
		return bookFunc(w, text(`<sst>`, strings.Repeat(`<si><t/></si>`, 1<<10), 9<<10, `</sst>`), emptySheet)
	case "sst-long":
		return bookFunc(w, text(`<sst><si><t>`, long, max(mib, 4), `</t></si></sst>`), emptySheet)
	case "cell-long":
		return book(w, emptySST, text(sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>`, long, max(mib, 4),
			`</t></is></c></row></sheetData></worksheet>`))
	case "wide":
		return book(w, emptySST, text(sheetHead+`<row r="1048576">`, `<c><v>1</v></c>`, 16385, `</row></sheetData></worksheet>`))
	case FarCorner:
		return book(w, emptySST, text(sheetHead+`<row r="1048576">`, `<c><v>1</v></c>`, 16384, `</row></sheetData></worksheet>`))
	case ManySheets:
		return bookSheets(w, 100_000, text(`<sst></sst>`, "", 0, ""), emptySheet)
	case "nested":
		return book(w, emptySST, text(sheetHead+`<row><c>`, "<a>", 100000, ""))
	}
	return fmt.Errorf("hostile: no workbook %q", name)
}

// repeat writes head, n times unit, then tail.
func repeat(w io.Writer, head, unit string, n int, tail string) error {
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	for range n {
		if _, err := io.WriteString(w, unit); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, tail)
	return err
}

const sheetHead = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

func emptySheet(w io.Writer) error {
	return repeat(w, sheetHead, "", 0, `</sheetData></worksheet>`)
}

// Book writes a minimal workbook of one sheet, Deals, around the shared
// strings sst; the worksheet's XML is written by sheet, streaming.
func Book(w io.Writer, sst string, sheet func(io.Writer)) error {
	return book(w, sst, func(w io.Writer) error { sheet(w); return nil })
}

func book(w io.Writer, sst string, sheet func(io.Writer) error) error {
	return bookFunc(w, func(w io.Writer) error { return repeat(w, sst, "", 0, "") }, sheet)
}

func bookFunc(w io.Writer, sst, sheet func(io.Writer) error) error {
	return bookSheets(w, 1, sst, sheet)
}

// sheetList lists n sheets in workbook.xml, every one on the same part.
func sheetList(n int) string {
	var b strings.Builder
	b.WriteString(`<sheet name="Deals" sheetId="1" r:id="rId1"/>`)
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, `<sheet name="S%d" sheetId="%d" r:id="rId1"/>`, i, i)
	}
	return b.String()
}

// bookSheets is bookFunc with a workbook that lists sheets sheets.
func bookSheets(w io.Writer, sheets int, sst, sheet func(io.Writer) error) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	add := func(name, body string) error {
		fw, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(fw, body)
		return err
	}
	for _, p := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			sheetList(sheets) + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
	} {
		if err := add(p[0], p[1]); err != nil {
			return err
		}
	}
	fw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	if err := sst(fw); err != nil {
		return err
	}
	fw, err = zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	if err := sheet(fw); err != nil {
		return err
	}
	return zw.Close()
}

// PeakHeap samples the heap in use every 2 ms until the returned function
// is called, which returns the highest value seen: what a refusal (or a
// read) cost in memory, for the benchmarks.
func PeakHeap() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		tk := time.NewTicker(2 * time.Millisecond)
		defer tk.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				done <- peak
				return
			case <-tk.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
