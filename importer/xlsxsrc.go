package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on what a workbook may expand to. Worksheets and the shared
// strings are streamed; every other part is read whole by excelize, so it is
// capped hard (a padded styles.xml is the classic bomb).
const (
	maxOtherPart    = 64 << 20
	minXMLSizeLimit = 16 << 20
	maxXMLSizeLimit = 256 << 20
)

// workbook is an opened XLSX file.
type workbook struct {
	name     string
	path     string
	f        *excelize.File
	zr       *zip.Reader
	file     *os.File
	sha      string
	date1904 bool
	sheets   []wbSheet
	styles   map[int]bool // style id -> is a date format
}

type wbSheet struct {
	Name   string
	Hidden bool
	Part   string // zip path of the worksheet XML
	Size   int64  // uncompressed size
}

func (w *workbook) Close() error {
	var err error
	if w.f != nil {
		err = w.f.Close()
	}
	if w.file != nil {
		if e := w.file.Close(); err == nil {
			err = e
		}
	}
	return err
}

// openWorkbook checks a zip file's directory before excelize sees it, then
// opens it with explicit decompression limits.
func openWorkbook(f *os.File, size int64, p string, opt Options) (*workbook, error) {
	name := filepath.Base(p)
	w := &workbook{name: name, path: p, file: f}
	sha, err := hashFile(f)
	if err != nil {
		return nil, fileErr(name, err)
	}
	w.sha = sha
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, fileErrf(name, ErrTruncated, "%v", err)
	}
	w.zr = zr
	unzipLimit := 4 * opt.maxBytes()
	var total, sst int64
	var hasWorkbook, hasBin, isODS bool
	for _, zf := range zr.File {
		n := strings.TrimPrefix(zf.Name, "/")
		sz := int64(zf.UncompressedSize64)
		if sz < 0 || zf.UncompressedSize64 > uint64(unzipLimit) {
			return nil, fileErrf(name, ErrZipBomb, "part %s declares %d bytes", n, zf.UncompressedSize64)
		}
		total += sz
		switch {
		case n == "xl/workbook.xml":
			hasWorkbook = true
		case n == "xl/workbook.bin":
			hasBin = true
		case n == "mimetype" || n == "content.xml":
			isODS = true
		}
		lower := strings.ToLower(n)
		isSheet := strings.HasPrefix(lower, "xl/worksheets/") && strings.HasSuffix(lower, ".xml")
		if lower == "xl/sharedstrings.xml" {
			sst = sz
		} else if !isSheet && sz > maxOtherPart && strings.HasSuffix(lower, ".xml") {
			return nil, fileErrf(name, ErrZipBomb, "part %s expands to %d bytes", n, sz)
		}
	}
	if total > unzipLimit {
		return nil, fileErrf(name, ErrZipBomb, "%d bytes uncompressed, limit %d", total, unzipLimit)
	}
	switch {
	case hasBin && !hasWorkbook:
		return nil, fileErrf(name, ErrLegacyXLS, "binary workbook (.xlsb): save it as .xlsx")
	case isODS && !hasWorkbook:
		return nil, fileErrf(name, ErrNotWorkbook, "an OpenDocument (.ods) spreadsheet: save it as .xlsx")
	case !hasWorkbook:
		return nil, fileErrf(name, ErrNotWorkbook, "a zip archive without xl/workbook.xml (a Word or other Office file?)")
	}
	if err := w.readWorkbookXML(); err != nil {
		return nil, fileErr(name, err)
	}
	xmlLimit := min(max(sst+1, minXMLSizeLimit), maxXMLSizeLimit, unzipLimit)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fileErr(name, err)
	}
	xf, err := excelize.OpenReader(f, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    unzipLimit,
		UnzipXMLSizeLimit: xmlLimit,
	})
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, zip.ErrFormat):
			return nil, fileErrf(name, ErrTruncated, "%v", err)
		case strings.Contains(err.Error(), "unzip size"):
			return nil, fileErrf(name, ErrZipBomb, "%v", err)
		}
		return nil, fileErrf(name, ErrTruncated, "%v", err)
	}
	w.f = xf
	w.styles = map[int]bool{}
	return w, nil
}

// readWorkbookXML lists the sheets with their state and zip part, and reads
// the date system, from xl/workbook.xml and its relationships.
func (w *workbook) readWorkbookXML() error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := w.readXML("xl/workbook.xml", &wb); err != nil {
		return fmt.Errorf("%w: xl/workbook.xml: %v", ErrTruncated, err)
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := w.readXML("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return fmt.Errorf("%w: xl/_rels/workbook.xml.rels: %v", ErrTruncated, err)
	}
	d := strings.ToLower(wb.Pr.Date1904)
	w.date1904 = d == "1" || d == "true"
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	sizes := map[string]int64{}
	for _, zf := range w.zr.File {
		sizes[strings.TrimPrefix(zf.Name, "/")] = int64(zf.UncompressedSize64)
	}
	for _, s := range wb.Sheets {
		part := targets[s.RID]
		if !strings.Contains(part, "worksheets/") {
			continue // chart sheets and dialogs hold no rows
		}
		w.sheets = append(w.sheets, wbSheet{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden", Part: part, Size: sizes[part]})
	}
	if len(w.sheets) == 0 {
		return fmt.Errorf("%w: the workbook has no worksheet", ErrNoSheet)
	}
	return nil
}

func (w *workbook) readXML(name string, v any) error {
	for _, zf := range w.zr.File {
		if strings.TrimPrefix(zf.Name, "/") != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, maxOtherPart)).Decode(v)
	}
	return errors.New("missing")
}

// isDateStyle reports whether a cell style shows numbers as dates.
func (w *workbook) isDateStyle(id int) bool {
	if id <= 0 {
		return false
	}
	if v, ok := w.styles[id]; ok {
		return v
	}
	st, err := w.f.GetStyle(id)
	v := false
	if err == nil && st != nil {
		switch {
		case st.CustomNumFmt != nil:
			v = isDateFormat(*st.CustomNumFmt)
		case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 27 && st.NumFmt <= 36,
			st.NumFmt >= 45 && st.NumFmt <= 47, st.NumFmt >= 50 && st.NumFmt <= 58:
			v = true
		}
	}
	w.styles[id] = v
	return v
}

// isDateFormat reports whether a number format code shows a date: it has a
// d, m or y token outside quotes, brackets and escapes (and is not only a
// time such as [h]:mm).
func isDateFormat(code string) bool {
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case inBracket:
			if c == ']' {
				inBracket = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == 'd' || c == 'D' || c == 'y' || c == 'Y':
			return true
		case c == 'm' || c == 'M':
			// m alone is minutes when it follows h or precedes s
			return !strings.ContainsAny(code, "hHsS")
		}
	}
	return false
}

// sheetInfo is what a byte-level pass over a worksheet's XML found that the
// row iterator does not tell: formulas with no cached value, merged cells,
// the last row, and (for small sheets) each cell's type and style.
type sheetInfo struct {
	scanned bool // the scan ran
	ended   bool // the XML reached </sheetData>
	lastRow int
	noValue map[int64]bool     // (row<<20 | col) of formulas with no cached value
	kinds   map[int64]cellKind // (row<<20 | col) -> kind, small sheets only
	merges  []mergeRange
}

type mergeRange struct{ r1, c1, r2, c2 int } // 1-based, inclusive

func cellKey(row, col int) int64 { return int64(row)<<20 | int64(col) }

// maxKindsSheet is the largest worksheet XML whose cell kinds are recorded.
const maxKindsSheet = 2 << 20

// scanSheet runs the byte-level pass over one worksheet part.
func (w *workbook) scanSheet(s wbSheet) (*sheetInfo, error) {
	var zf *zip.File
	for _, f := range w.zr.File {
		if strings.TrimPrefix(f.Name, "/") == s.Part {
			zf = f
			break
		}
	}
	info := &sheetInfo{scanned: true}
	if zf == nil {
		return info, fmt.Errorf("%w: part %s is missing", ErrTruncated, s.Part)
	}
	rc, err := zf.Open()
	if err != nil {
		return info, fmt.Errorf("%w: %s: %v", ErrTruncated, s.Part, err)
	}
	defer rc.Close()
	collectKinds := s.Size <= maxKindsSheet
	if collectKinds {
		info.kinds = map[int64]cellKind{}
	}
	br := bufio.NewReaderSize(rc, 1<<16)
	var (
		curRow, curCol int
		inCell         bool
		hasF, hasV     bool
		cellT          string
		cellS          int
	)
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				break
			}
			return info, fmt.Errorf("%w: %s: %v", ErrCorruptSheet, s.Part, err)
		}
		tag, err := br.ReadSlice('>')
		if err != nil {
			if err == bufio.ErrBufferFull {
				// an enormous tag: skip it
				for err == bufio.ErrBufferFull {
					_, err = br.ReadSlice('>')
				}
				continue
			}
			if err == io.EOF {
				break
			}
			return info, fmt.Errorf("%w: %s: %v", ErrCorruptSheet, s.Part, err)
		}
		if len(tag) < 2 {
			continue
		}
		switch {
		case tag[0] == 'c' && (tag[1] == ' ' || tag[1] == '>' || tag[1] == '/'):
			inCell, hasF, hasV, cellT, cellS = true, false, false, "", 0
			if r := attrBytes(tag, patR); r != nil {
				if c, rr, ok := splitRefBytes(r); ok {
					curCol, curRow = c, rr
				}
			} else {
				curCol++
			}
			if collectKinds {
				cellT = string(attrBytes(tag, patT))
				cellS = atoiBytes(attrBytes(tag, patS))
			}
			if bytes.HasSuffix(tag, []byte("/>")) {
				inCell = false
				w.noteCell(info, collectKinds, curRow, curCol, cellT, cellS, false, false)
			}
		case inCell && tag[0] == 'f' && (tag[1] == '>' || tag[1] == ' ' || tag[1] == '/'):
			hasF = true
		case inCell && (bytes.HasPrefix(tag, []byte("v>")) || bytes.HasPrefix(tag, []byte("v/>")) ||
			bytes.HasPrefix(tag, []byte("v ")) || bytes.HasPrefix(tag, []byte("is>"))):
			// a cached value, even empty (a formula that returned ""): only a
			// formula never calculated has no <v> at all
			hasV = true
		case inCell && bytes.HasPrefix(tag, []byte("/c>")):
			inCell = false
			w.noteCell(info, collectKinds, curRow, curCol, cellT, cellS, hasF, hasV)
		case bytes.HasPrefix(tag, []byte("row ")) || bytes.HasPrefix(tag, []byte("row>")):
			if r := attrBytes(tag, patR); r != nil {
				curRow = atoiBytes(r)
			} else {
				curRow++
			}
			curCol = 0
			if curRow > info.lastRow {
				info.lastRow = curRow
			}
		case bytes.HasPrefix(tag, []byte("/sheetData>")):
			info.ended = true
		case bytes.HasPrefix(tag, []byte("sheetData/>")):
			info.ended = true
		case bytes.HasPrefix(tag, []byte("mergeCell ")):
			if ref := string(attrBytes(tag, patRef)); ref != "" {
				a, b, _ := strings.Cut(ref, ":")
				c1, r1, ok1 := splitRef(a)
				c2, r2, ok2 := c1, r1, ok1
				if b != "" {
					c2, r2, ok2 = splitRef(b)
				}
				if ok1 && ok2 {
					info.merges = append(info.merges, mergeRange{r1, c1, r2, c2})
				}
			}
		}
	}
	return info, nil
}

func (w *workbook) noteCell(info *sheetInfo, collect bool, row, col int, t string, s int, hasF, hasV bool) {
	if hasF && !hasV {
		if info.noValue == nil {
			info.noValue = map[int64]bool{}
		}
		info.noValue[cellKey(row, col)] = true
	}
	if !collect || (!hasV && !hasF) {
		return
	}
	var k cellKind
	switch t {
	case "s", "str", "inlineStr":
		k = kindText
	case "b":
		k = kindBool
	case "d":
		k = kindDate
	case "e":
		k = kindText
	default:
		if w.isDateStyle(s) {
			k = kindDate
		} else {
			k = kindNumber
		}
	}
	info.kinds[cellKey(row, col)] = k
}

var (
	patR   = []byte(`r="`)
	patT   = []byte(`t="`)
	patS   = []byte(`s="`)
	patRef = []byte(`ref="`)
)

// attrBytes returns the value of the attribute whose `name="` is pat, nil
// when absent; it does not allocate.
func attrBytes(tag []byte, pat []byte) []byte {
	i := 0
	for {
		j := bytes.Index(tag[i:], pat)
		if j < 0 {
			return nil
		}
		j += i
		if j == 0 || tag[j-1] == ' ' || tag[j-1] == '\t' || tag[j-1] == '\n' || tag[j-1] == '\r' {
			start := j + len(pat)
			end := bytes.IndexByte(tag[start:], '"')
			if end < 0 {
				return nil
			}
			return tag[start : start+end]
		}
		i = j + 1
	}
}

func atoiBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<40 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// splitRefBytes splits "AB12" into column 28 and row 12 without allocating.
func splitRefBytes(ref []byte) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	start := i
	for i < len(ref) && col < 1<<20 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	if i == len(ref) {
		return 0, 0, false
	}
	row = atoiBytes(ref[i:])
	return col, row, row > 0 && col > 0
}

// splitRef splits "AB12" into column 28 and row 12.
func splitRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if ref != "" && ref[0] == '$' {
		return splitRef(ref[1:])
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	num := strings.TrimPrefix(ref[i:], "$")
	row, err := strconv.Atoi(num)
	return col, row, err == nil && row > 0 && col > 0
}

// xlsxRows adapts excelize's row iterator to rowReader.
type xlsxRows struct {
	rows   *excelize.Rows
	info   *sheetInfo
	cur    []string
	line   int
	err    error
	closed bool
}

var rawOpts = excelize.Options{RawCellValue: true}

func (x *xlsxRows) Next() bool {
	if x.err != nil || x.closed {
		return false
	}
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			x.err = err
		} else if x.info != nil && x.info.scanned && (x.line < x.info.lastRow || !x.info.ended) {
			x.err = fmt.Errorf("%w (stopped at row %d, last row %d)", ErrCorruptSheet, x.line, x.info.lastRow)
		}
		return false
	}
	x.line++
	cols, err := x.rows.Columns(rawOpts)
	if err != nil {
		x.err = err
		return false
	}
	x.cur = cols
	return true
}

func (x *xlsxRows) Row() []string    { return x.cur }
func (x *xlsxRows) Line() int        { return x.line }
func (x *xlsxRows) CellLine(int) int { return x.line }
func (x *xlsxRows) Err() error       { return x.err }
func (x *xlsxRows) Kind(col int) cellKind {
	if x.info == nil {
		return kindUnknown
	}
	key := cellKey(x.line, col+1)
	if x.info.noValue != nil && x.info.noValue[key] {
		return kindFormulaNoValue
	}
	if x.info.kinds != nil {
		return x.info.kinds[key]
	}
	return kindUnknown
}

func (x *xlsxRows) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	if err := x.rows.Close(); err != nil && x.err == nil {
		return err
	}
	return nil
}

// openSheet opens a sheet's row iterator, after the byte-level scan when
// scan is set (formulas without value, merged cells, cell kinds, the last
// row); without it the rows are read as the iterator gives them.
func (w *workbook) openSheet(s wbSheet, scan bool) (*table, error) {
	var info *sheetInfo
	if scan {
		var err error
		if info, err = w.scanSheet(s); err != nil {
			return nil, err
		}
	} else {
		info = &sheetInfo{}
	}
	rows, err := w.f.Rows(s.Name)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", s.Name, err)
	}
	return &table{
		file: w.name, path: w.path, sheet: s.Name, xlsx: true, date1904: w.date1904,
		rows: &xlsxRows{rows: rows, info: info}, merges: info.merges, estRows: info.lastRow,
	}, nil
}
