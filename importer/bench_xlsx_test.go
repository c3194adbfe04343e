package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/importer/hostile"
	"github.com/smartplan/smartplan/planner"
)

// The workbook benchmarks of issue 18. Each one reads the same generated
// history workbook twice per iteration: once as `smartplan ratios` does
// (LoadHistory, then ratios by team), once as the inflate-and-scan floor
// (inflate the sheet and its shared strings and count the cells). It
// reports both times and their ratio, x-floor, measured in the same run:
//
//	go test -run '^$' -bench 'XLSX' -benchtime 3x -benchmem ./importer/

// genHistoryXLSXShared writes an n-deal history as Excel saves it: every
// text in one shared-strings table, numbers and dates as numbers (dates
// with the built-in date format 14), each cell with its reference, one
// deflate stream per part at the default level. With inline set, the
// texts are inline strings instead, as excelize's StreamWriter writes
// them.
func genHistoryXLSXShared(b *testing.B, n int, inline bool) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), fmt.Sprintf("history-%d.xlsx", n))
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	part := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		io.WriteString(w, body)
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook `+ns+` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	part("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet `+ns+`><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)

	ws, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(ws, 1<<20)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:I%d"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`, ns, n+1)
	index := map[string]int{}
	var sst []string
	str := func(ref []byte, s string) {
		if inline {
			w.WriteString(`<c r="`)
			w.Write(ref)
			w.WriteString(`" t="inlineStr"><is><t>`)
			w.WriteString(s)
			w.WriteString(`</t></is></c>`)
			return
		}
		i, ok := index[s]
		if !ok {
			i = len(sst)
			index[s] = i
			sst = append(sst, s)
		}
		w.WriteString(`<c r="`)
		w.Write(ref)
		w.WriteString(`" t="s"><v>`)
		w.WriteString(strconv.Itoa(i))
		w.WriteString(`</v></c>`)
	}
	num := func(ref []byte, style, v string) {
		w.WriteString(`<c r="`)
		w.Write(ref)
		w.WriteString(`"`)
		w.WriteString(style)
		w.WriteString(`><v>`)
		w.WriteString(v)
		w.WriteString(`</v></c>`)
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewSource(1))
	var ref []byte
	for i := 0; i <= n; i++ {
		rec := genHeader
		if i > 0 {
			rec = genHistoryRow(r, i-1)
		}
		row := strconv.Itoa(i + 1)
		fmt.Fprintf(w, `<row r="%s" spans="1:9">`, row)
		for j, v := range rec {
			if v == "" {
				continue
			}
			ref = append(append(ref[:0], byte('A'+j)), row...)
			switch {
			case i == 0 || j < 6:
				str(ref, v)
			case j < 8:
				t, _ := time.Parse("2006-01-02", v)
				num(ref, ` s="1"`, strconv.Itoa(int(t.Sub(epoch).Hours()/24)))
			default:
				num(ref, "", v)
			}
		}
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	ss, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		b.Fatal(err)
	}
	w = bufio.NewWriterSize(ss, 1<<20)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst %s count="%d" uniqueCount="%d">`, ns, len(sst), len(sst))
	for _, s := range sst {
		w.WriteString(`<si><t>`)
		w.WriteString(s)
		w.WriteString(`</t></si>`)
	}
	w.WriteString(`</sst>`)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

// inflateScan is the floor: it opens the workbook, inflates its worksheet
// and shared-strings parts and counts their cells and strings, as fast as
// a byte search can. No reader of these cells can do less.
func inflateScan(b *testing.B, p string) int {
	zr, err := zip.OpenReader(p)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	buf := make([]byte, 1<<20)
	n := 0
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" && zf.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			b.Fatal(err)
		}
		for {
			m, err := rc.Read(buf)
			// a tag cut by the chunk boundary is counted in neither
			// chunk: the count is only a use of the bytes
			n += bytes.Count(buf[:m], []byte("<c ")) + bytes.Count(buf[:m], []byte("<si>"))
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rc.Close()
	}
	return n
}

// BenchmarkXLSXvsFloor is issue 18's goal: `smartplan ratios` on a history
// workbook within 3 times the inflate-and-scan floor of the same file, for
// 100,000 and 1,000,000 deals, with shared strings as Excel writes them
// and with inline strings as excelize's StreamWriter writes them. peak-MB
// is the highest heap in use during the ratios half.
func BenchmarkXLSXvsFloor(b *testing.B) {
	opt := planner.Options{AsOf: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), WindowMonths: 12}
	for _, n := range []int{100_000, 1_000_000} {
		for _, inline := range []bool{false, true} {
			kind := "shared"
			if inline {
				kind = "inline"
			}
			b.Run(fmt.Sprintf("%dk-%s", n/1000, kind), func(b *testing.B) {
				p := genHistoryXLSXShared(b, n, inline)
				reportFile(b, p)
				runtime.GC()
				b.ResetTimer()
				var floor, work time.Duration
				var peak uint64
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					if inflateScan(b, p) < n {
						b.Fatal("floor scanned too few cells")
					}
					t1 := time.Now()
					stop := hostile.PeakHeap()
					h, err := LoadHistory(p, Options{})
					if err != nil {
						b.Fatal(err)
					}
					if len(h.Deals) != n {
						b.Fatalf("%d deals, want %d", len(h.Deals), n)
					}
					if rs := planner.ComputeRatios(h.Deals, nil, []string{"team"}, opt); len(rs) == 0 {
						b.Fatal("no ratios")
					}
					work += time.Since(t1)
					floor += t1.Sub(t0)
					peak = max(peak, stop())
					runtime.GC()
				}
				b.StopTimer()
				b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s")
				b.ReportMetric(work.Seconds()/float64(b.N), "ratios-s")
				b.ReportMetric(work.Seconds()/floor.Seconds(), "x-floor")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
	}
}

// writeBig writes a benchmark's input file through a 1 MiB buffer.
func writeBig(b *testing.B, name string, write func(w *bufio.Writer) error) string {
	p := filepath.Join(b.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	reportFile(b, p)
	return p
}

// loadPeak runs LoadHistory on p b.N times with check on each result,
// and reports the highest heap in use during a load as peak-MB.
func loadPeak(b *testing.B, p string, check func(*History, error)) {
	runtime.GC()
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		stop := hostile.PeakHeap()
		h, err := LoadHistory(p, Options{})
		peak = max(peak, stop())
		check(h, err)
	}
	b.StopTimer()
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkOneLineCSV500MB is issue 17's hostile CSV: a header, then one
// data line of 500 MB. It is refused as a row with a located error (its
// only one, so `smartplan check` exits 1) in bounded memory: peak-MB is
// the highest heap in use.
func BenchmarkOneLineCSV500MB(b *testing.B) {
	p := writeBig(b, "one-line.csv", func(w *bufio.Writer) error {
		w.WriteString("id;stage;created;closed;amount\n1;Won;2024-01-15;2024-02-15;")
		chunk := bytes.Repeat([]byte("9"), 1<<20)
		for range 500 {
			w.Write(chunk)
		}
		_, err := w.WriteString("\n")
		return err
	})
	loadPeak(b, p, func(h *History, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if len(h.Problems) != 1 || !strings.Contains(h.Problems[0].String(), "one-line.csv:2: parse error on line 2, column 1: the line is longer than the limit") {
			b.Fatalf("problems %v", h.Problems)
		}
	})
}

// BenchmarkHostileLoad is issue 16's goal for hostile workbooks: under the
// default budgets (Options{}), `LoadHistory` refuses each of them, at 1 GiB
// of inflated content, in under 5 s and 256 MB. peak-MB is the highest heap
// in use during the load.
func BenchmarkHostileLoad(b *testing.B) {
	names := []string{hostile.FarCorner, hostile.ManySheets}
	for _, h := range hostile.Names {
		names = append(names, h.Name)
	}
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			p := writeBig(b, name+".xlsx", func(w *bufio.Writer) error { return hostile.Write(w, name, 1024) })
			loadPeak(b, p, func(_ *History, err error) {
				if err == nil {
					b.Fatal("not refused")
				}
			})
		})
	}
}
