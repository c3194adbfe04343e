package xlsxstream

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeBook writes a workbook with every cell type excelize writes.
func excelizeBook(t testing.TB, date1904 bool) []byte {
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	ds, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	code := "yyyy-mm-dd"
	cs, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	set := func(ref string, v any) {
		if err := f.SetCellValue("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "text & <markup> \"quoted\"")
	set("B1", 12.5)
	set("C1", true)
	set("D1", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle("Sheet1", "D1", "D1", ds)
	set("F1", "  spaced  \r\n line")
	set("A4", 42)
	f.SetCellStyle("Sheet1", "A4", "A4", cs)
	f.SetCellFormula("Sheet1", "B4", "A4*2")
	set("Z4", "far column")
	f.SetCellRichText("Sheet1", "C5", []excelize.RichTextRun{{Text: "rich "}, {Text: "text", Font: &excelize.Font{Bold: true}}})
	set("A7", "_x0041_ escaped")
	sw, _ := f.NewSheet("Stream")
	_ = sw
	s, err := f.NewStreamWriter("Stream")
	if err != nil {
		t.Fatal(err)
	}
	s.SetRow("A1", []any{"inline", 1, false, excelize.Cell{Value: "x", StyleID: ds}})
	s.SetRow("B3", []any{nil, "after a gap"})
	s.Flush()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMatchesExcelizeOnWrittenBooks(t *testing.T) {
	for _, d1904 := range []bool{false, true} {
		t.Run(fmt.Sprint("date1904=", d1904), func(t *testing.T) {
			compareWorkbook(t, "written.xlsx", excelizeBook(t, d1904))
		})
	}
}

// sheetBook wraps worksheet XML (and optionally shared strings) into a
// minimal workbook; sheet is written by fn, streaming.
func sheetBook(t testing.TB, w io.Writer, sst string, sheet func(io.Writer)) {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestCompression) })
	add := func(name, body string) {
		fw, _ := zw.Create(name)
		io.WriteString(fw, body)
	}
	add("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	add("xl/sharedStrings.xml", sst)
	fw, _ := zw.Create("xl/worksheets/sheet1.xml")
	sheet(fw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

const sheetHead = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`

func readAll(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	b, err := Open(zr, "xl/sharedStrings.xml", "xl/styles.xml", isDateTest, DefaultLimits)
	if err != nil {
		return err
	}
	r, err := b.OpenSheet("xl/worksheets/sheet1.xml", "Deals")
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
	}
	return r.Err()
}

// hostile returns the named hostile workbook, generated streaming.
func hostile(t testing.TB, name string) []byte {
	var buf bytes.Buffer
	emptySST := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>`
	switch name {
	case "spaces":
		// 1 GiB for the benchmark; the test needs only to pass the 32 MiB
		// budget, and deflating 1 GiB under the race detector takes
		// minutes
		mib := 1024
		if _, test := t.(*testing.T); test {
			mib = 64
		}
		sheetBook(t, &buf, emptySST, func(w io.Writer) {
			io.WriteString(w, sheetHead)
			sp := bytes.Repeat([]byte(" "), 1<<20)
			for i := 0; i < mib; i++ {
				w.Write(sp)
			}
		})
	case "sst-many":
		var sst strings.Builder
		sst.WriteString(`<sst>`)
		for i := 0; i < 9<<20; i++ {
			sst.WriteString(`<si><t/></si>`)
		}
		sst.WriteString(`</sst>`)
		sheetBook(t, &buf, sst.String(), func(w io.Writer) { io.WriteString(w, sheetHead+`</sheetData></worksheet>`) })
	case "sst-long":
		sst := `<sst><si><t>` + strings.Repeat("a", 4<<20) + `</t></si></sst>`
		sheetBook(t, &buf, sst, func(w io.Writer) { io.WriteString(w, sheetHead+`</sheetData></worksheet>`) })
	case "wide":
		sheetBook(t, &buf, emptySST, func(w io.Writer) {
			io.WriteString(w, sheetHead+`<row r="1048576">`)
			for i := 0; i < 16385; i++ {
				io.WriteString(w, `<c><v>1</v></c>`)
			}
			io.WriteString(w, `</row></sheetData></worksheet>`)
		})
	case "nested":
		sheetBook(t, &buf, emptySST, func(w io.Writer) {
			io.WriteString(w, sheetHead+`<row><c>`+strings.Repeat("<a>", 100000))
		})
	}
	return buf.Bytes()
}

func TestHostile(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"spaces", "worksheet Deals expands past 32 MiB without a cell: refused as a decompression bomb"},
		{"sst-many", "shared strings: more than 8388608 strings"},
		{"sst-long", "shared strings: string 1 is longer than 1048576 bytes"},
		{"wide", "worksheet Deals: row 1048576 has more than 16384 columns"},
		{"nested", "elements nested deeper than 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := readAll(hostile(t, tc.name))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%T is not an *Error", err)
			}
		})
	}
}

// BenchmarkHostile reads each hostile workbook, reporting its peak heap.
func BenchmarkHostile(b *testing.B) {
	for _, name := range []string{"spaces", "sst-many", "sst-long", "wide", "nested"} {
		b.Run(name, func(b *testing.B) {
			data := hostile(b, name)
			b.SetBytes(int64(len(data)))
			runtime.GC()
			peak := peakHeap()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if readAll(data) == nil {
					b.Fatal("not refused")
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(peak())/(1<<20), "peak-MB")
		})
	}
}

// peakHeap samples the heap in use until the returned function is called,
// which returns the highest value seen.
func peakHeap() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var max uint64
		var ms runtime.MemStats
		tk := time.NewTicker(5 * time.Millisecond)
		defer tk.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > max {
				max = ms.HeapInuse
			}
			select {
			case <-stop:
				done <- max
				return
			case <-tk.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
