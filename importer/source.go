package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/smartplan/smartplan/importer/internal/xlsxstream"
	"github.com/smartplan/smartplan/planner"
)

// cellKind is what a file says about a cell beyond its text.
type cellKind uint8

const (
	kindUnknown        cellKind = iota // CSV, or a workbook cell with no recorded type
	kindText                           // a workbook string cell
	kindNumber                         // a workbook number cell
	kindDate                           // a workbook number cell with a date format
	kindBool                           // a workbook boolean cell
	kindFormulaNoValue                 // a formula with no cached value (reads as empty)
)

// rowReader is the row source behind every loader: a CSV reader or a
// workbook's row iterator. It is kept this small so that the XLSX side can
// be replaced by a faster reader without touching the loaders.
type rowReader interface {
	// Next advances to the next row; false at the end or on error.
	Next() bool
	// Row returns the current row's raw cell texts. It may be shorter than
	// the header (trailing blanks dropped) and is only valid until Next.
	Row() []string
	// Line returns the 1-based physical row of the current row: the sheet
	// row, or the CSV line where the record starts.
	Line() int
	// CellLine returns the physical line of cell col (0-based); it differs
	// from Line only in a CSV record that spans lines.
	CellLine(col int) int
	// Kind returns what the file says about cell col of the current row.
	Kind(col int) cellKind
	// Err returns the first error that stopped the iteration.
	Err() error
	Close() error
}

// table is one opened sheet or CSV file.
type table struct {
	file     string // base name, for messages
	path     string
	sheet    string // empty for CSV
	xlsx     bool
	date1904 bool
	rows     rowReader
	merges   []mergeRange
	estRows  int // an estimate of the number of rows, for preallocation
}

// pos returns the position of cell col (0-based; -1 for the whole row) on
// physical row line.
func (t *table) pos(line, col int) planner.Position {
	p := planner.Position{File: t.file, Sheet: t.sheet, Row: line}
	if col >= 0 {
		p.Col = col + 1
		if t.xlsx {
			p.Ref = colName(col+1) + strconv.Itoa(line)
		}
	}
	return p
}

// colName returns the column letters of 1-based column n (1 -> A, 27 -> AA).
func colName(n int) string { return xlsxstream.ColName(n) }

// format is what a file's first bytes say it is.
type format int

const (
	formatText format = iota
	formatZip
	formatOLE
)

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff opens path, checks its size against the cap and classifies it by its
// first bytes. The caller closes the file.
func sniff(path string, opt Options) (*budgetFile, int64, format, error) {
	name := filepath.Base(path)
	osf, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, fileErr(name, err)
	}
	f := &budgetFile{File: osf, ctx: opt.ctx}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, 0, fileErr(name, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, 0, fileErr(name, fmt.Errorf("is a directory"))
	}
	size := st.Size()
	if size == 0 {
		f.Close()
		return nil, 0, 0, fileErr(name, ErrEmpty)
	}
	if size > opt.maxBytes() {
		f.Close()
		return nil, 0, 0, fileErrf(name, ErrTooLarge, "%d bytes, limit %d (set max_bytes to raise it)", size, opt.maxBytes())
	}
	var head [8]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && err != io.ErrUnexpectedEOF {
		f.Close()
		return nil, 0, 0, fileErr(name, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, 0, 0, fileErr(name, err)
	}
	h := head[:n]
	isXLSXName := isWorkbookName(path)
	switch {
	case bytes.HasPrefix(h, magicZip), bytes.HasPrefix(h, []byte("PK\x05\x06")):
		return f, size, formatZip, nil
	case bytes.HasPrefix(h, magicOLE):
		err := oleError(f, name)
		f.Close()
		return nil, 0, 0, err
	case bytes.HasPrefix(h, []byte("PK")) && isXLSXName:
		f.Close()
		return nil, 0, 0, fileErr(name, ErrTruncated)
	case isXLSXName:
		f.Close()
		if looksBinary(h) {
			return nil, 0, 0, fileErrf(name, ErrTruncated, "the file does not start like a workbook")
		}
		return nil, 0, 0, fileErr(name, ErrRenamedText)
	}
	return f, size, formatText, nil
}

func isWorkbookName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls":
		return true
	}
	return false
}

func looksBinary(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}

// oleError tells an encrypted OOXML workbook (an OLE container holding an
// "EncryptionInfo" stream) from a legacy .xls.
func oleError(f *budgetFile, name string) error {
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		return fileErr(name, err)
	}
	if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
		return fileErr(name, ErrEncrypted)
	}
	if bytes.Contains(data, utf16le("Workbook")) || bytes.Contains(data, utf16le("Book")) {
		return fileErrf(name, ErrLegacyXLS, "this is an Excel 97-2003 .xls file")
	}
	return fileErr(name, ErrLegacyXLS)
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// hashFile returns the hex SHA-256 of the whole file and rewinds it.
func hashFile(f *budgetFile) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
