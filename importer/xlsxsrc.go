package importer

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/smartplan/smartplan/importer/internal/xlsxstream"
)

// Limits on what a workbook may expand to. Worksheets and the shared
// strings are streamed; every other part is read whole (encoding/xml), so
// it is capped hard (a padded styles.xml is the classic bomb).
const (
	maxOtherPart    = 64 << 20
	minXMLSizeLimit = 16 << 20
	maxXMLSizeLimit = 256 << 20
)

// workbook is an opened XLSX file.
type workbook struct {
	name     string
	path     string
	book     *xlsxstream.Book
	files    map[string]*zip.File
	zr       *zip.Reader
	file     *budgetFile
	sha      string
	date1904 bool
	sheets   []wbSheet

	sstPart, stylesPart string
	// merges are the merged ranges of each sheet part already read through
	// (sheetMerges), some known from an earlier reading (Options.merges).
	merges map[string][]mergeRange
}

// maxSheets is the most sheets a workbook may list.
const maxSheets = 4096

type wbSheet struct {
	Name   string
	Hidden bool
	Part   string // zip path of the worksheet XML
	Size   int64  // uncompressed size
}

func (w *workbook) Close() error {
	if w.file != nil {
		return w.file.Close()
	}
	return nil
}

// openWorkbook checks a zip file's directory before any part is inflated,
// then opens it with explicit decompression limits.
func openWorkbook(f *budgetFile, size int64, p string, opt Options) (*workbook, error) {
	name := filepath.Base(p)
	w := &workbook{name: name, path: p, file: f, merges: maps.Clone(opt.merges)}
	if w.merges == nil {
		w.merges = map[string][]mergeRange{}
	}
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
	w.files = make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		w.files[strings.TrimPrefix(zf.Name, "/")] = zf
	}
	unzipLimit := 4 * opt.maxBytes()
	var total int64
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
		if lower != "xl/sharedstrings.xml" && !isSheet && sz > maxOtherPart && strings.HasSuffix(lower, ".xml") {
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
	book, err := xlsxstream.Open(zr, w.sstPart, w.stylesPart, isDateNumFmt, xlsxstream.DefaultLimits)
	if err != nil {
		return nil, fileErr(name, streamErr(err))
	}
	w.book = book
	return w, nil
}

// streamErr maps the reader's errors to the importer's sentinels.
func streamErr(err error) error {
	switch {
	case errors.Is(err, xlsxstream.ErrBomb), errors.Is(err, xlsxstream.ErrLimit):
		return fmt.Errorf("%w: %v", ErrZipBomb, err)
	case errors.Is(err, xlsxstream.ErrDamaged):
		return fmt.Errorf("%w: %v", ErrCorruptSheet, err)
	}
	return err
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
			Type   string `xml:"Type,attr"`
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
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			w.sstPart = t
		case strings.HasSuffix(r.Type, "/styles"):
			w.stylesPart = t
		}
	}
	if w.sstPart == "" {
		w.sstPart = "xl/sharedStrings.xml"
	}
	if w.stylesPart == "" {
		w.stylesPart = "xl/styles.xml"
	}
	if len(wb.Sheets) > maxSheets {
		return fmt.Errorf("%w: the workbook lists %d sheets, limit %d", ErrZipBomb, len(wb.Sheets), maxSheets)
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

// isDateNumFmt reports whether number format id shows dates: a built-in
// or language format by its id, else the workbook's custom code (the rule
// excelize's GetStyle applied before the streaming reader).
func isDateNumFmt(id int, code string, custom bool) bool {
	builtin := id >= 0 && id <= 4 || id >= 9 && id <= 22 || id >= 37 && id <= 49
	lang := id >= 27 && id <= 36 || id >= 50 && id <= 62 || id >= 67 && id <= 81
	switch {
	case builtin || lang:
		return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
	case custom:
		return isDateFormat(code)
	}
	return false
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

type mergeRange struct{ r1, c1, r2, c2 int } // 1-based, inclusive

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

// xlsxRows adapts the streaming reader to rowReader.
type xlsxRows struct {
	rows   *xlsxstream.Rows
	part   string
	err    error
	kinds  bool // tell text from numbers (small sheets, as before the streaming reader)
	rescan bool // merged ranges found after the rows end in errRescan
}

// maxKindsSheet is the largest worksheet XML whose cells' text and number
// kinds are told to the loaders: the limit of the byte-level pass that
// excelize needed, kept so that large sheets read exactly as they did.
const maxKindsSheet = 2 << 20

func (x *xlsxRows) Next() bool {
	if x.err != nil {
		return false
	}
	if !x.rows.Next() {
		if err := x.rows.Err(); err != nil {
			x.err = streamErr(err)
		} else if ms := parseMerges(x.rows.Merges()); x.rescan && len(ms) > 0 {
			x.err = &rescanError{part: x.part, merges: ms}
		}
		return false
	}
	return true
}

func (x *xlsxRows) Row() []string    { return x.rows.Row() }
func (x *xlsxRows) Line() int        { return x.rows.Line() }
func (x *xlsxRows) CellLine(int) int { return x.rows.Line() }
func (x *xlsxRows) Err() error       { return x.err }

// Kind tells text, numbers, dates and booleans apart by the cell's type and
// style, and formulas that were never calculated.
func (x *xlsxRows) Kind(col int) cellKind {
	c := x.rows.Cell(col)
	switch {
	case c.Formula && !c.HasValue:
		return kindFormulaNoValue
	case !x.kinds, !c.HasValue && !c.Formula:
		return kindUnknown
	}
	switch c.Type {
	case "s", "str", "inlineStr", "e":
		return kindText
	case "b":
		return kindBool
	case "d":
		return kindDate
	}
	if c.Date {
		return kindDate
	}
	return kindNumber
}

func (x *xlsxRows) Close() error { return x.rows.Close() }

// openSheet opens a sheet's rows. With scan set, these are the rows to
// load: cells tell text from numbers. With prescan set, the sheet is read
// through once first for its merged ranges (they follow the rows in the
// XML), for rows that need them before they are read. Without it a sheet
// to load whose merged ranges turn out to matter ends in errRescan, and
// the loader reads it again with prescan: most exports have no merged
// cell, and are inflated once.
func (w *workbook) openSheet(s wbSheet, scan, prescan bool) (*table, error) {
	var merges []mergeRange
	if prescan {
		merges = w.sheetMerges(s)
	}
	rows, err := w.book.OpenSheet(s.Part, s.Name)
	if err != nil {
		return nil, streamErr(err)
	}
	return &table{
		file: w.name, path: w.path, sheet: s.Name, xlsx: true, date1904: w.date1904,
		rows:   &xlsxRows{rows: rows, part: s.Part, kinds: scan && s.Size <= maxKindsSheet, rescan: scan && !prescan},
		merges: merges, estRows: dimensionLastRow(rows.Dimension()),
	}, nil
}

// sheetMerges reads a sheet through to its end for the merged ranges that
// follow its rows, once per sheet. An error is left to the read that
// follows, which meets it again where it is.
func (w *workbook) sheetMerges(s wbSheet) []mergeRange {
	if ms, ok := w.merges[s.Part]; ok {
		return ms
	}
	rows, err := w.book.OpenSheet(s.Part, s.Name)
	if err != nil {
		return nil
	}
	defer rows.Close()
	for rows.Next() {
	}
	if rows.Err() != nil {
		return nil
	}
	ms := parseMerges(rows.Merges())
	w.merges[s.Part] = ms
	return ms
}

// dimensionLastRow returns the last row of a <dimension> ref ("A1:I1001"
// gives 1001), 0 when it names none.
func dimensionLastRow(ref string) int {
	if _, b, ok := strings.Cut(ref, ":"); ok {
		ref = b
	}
	if _, r, ok := splitRef(ref); ok {
		return r
	}
	return 0
}

// errRescan ends the rows of a sheet read without its merged ranges known
// first, when those ranges, found after the rows, would have changed them
// (a rescanError, which carries them).
var errRescan = errors.New("the sheet's merged cells are known only after its rows: read it again")

// rescanError is errRescan with the merged ranges the reading found, so
// that the next reading knows them before the rows without inflating the
// sheet once more.
type rescanError struct {
	part   string
	merges []mergeRange
}

func (e *rescanError) Error() string        { return errRescan.Error() }
func (e *rescanError) Is(target error) bool { return target == errRescan }

// parseMerges returns the ranges of merged-cell refs, nil past
// xlsxstream.MaxMerges (newBuffered ignores so many).
func parseMerges(refs []string) []mergeRange {
	if len(refs) > xlsxstream.MaxMerges {
		return nil
	}
	var out []mergeRange
	for _, ref := range refs {
		a, b, _ := strings.Cut(ref, ":")
		c1, r1, ok1 := splitRef(a)
		c2, r2, ok2 := c1, r1, ok1
		if b != "" {
			c2, r2, ok2 = splitRef(b)
		}
		if ok1 && ok2 && (r1 != r2 || c1 != c2) { // a one-cell range changes nothing
			out = append(out, mergeRange{r1, c1, r2, c2})
		}
	}
	return out
}
