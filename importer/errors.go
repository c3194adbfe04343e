package importer

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors for file-level failures. They are wrapped in a *FileError
// that names the file, so callers test them with errors.Is.
var (
	ErrEmpty              = errors.New("file is empty")
	ErrTooLarge           = errors.New("file is larger than the input size limit")
	ErrLegacyXLS          = errors.New("legacy .xls or encrypted workbook: save it as .xlsx (Excel workbook) without a password")
	ErrEncrypted          = errors.New("workbook is encrypted (password protected): save a copy without a password")
	ErrRenamedText        = errors.New("not a workbook: looks like CSV/text renamed to .xlsx; rename it to .csv")
	ErrTruncated          = errors.New("workbook is truncated or damaged (not a complete zip archive)")
	ErrNotWorkbook        = errors.New("not an Excel workbook")
	ErrZipBomb            = errors.New("workbook expands beyond the size limit (refused as a possible zip bomb)")
	ErrCorruptSheet       = errors.New("worksheet XML is damaged: the sheet ends early")
	ErrNoSheet            = errors.New("no sheet with a matching header")
	ErrSheetNotFound      = errors.New("sheet not found")
	ErrNoHeader           = errors.New("no header row found in the first 30 rows")
	ErrMissingColumn      = errors.New("required column missing")
	ErrAmbiguousDelimiter = errors.New("cannot tell the delimiter")
	ErrBadEncoding        = errors.New("cannot decode the text")
	ErrDuplicateColumn    = errors.New("duplicate column")
	ErrBadCSV             = errors.New("malformed CSV")
	ErrUnknownKind        = errors.New("unknown lookup kind")
	ErrConfig             = errors.New("invalid configuration")
	ErrNoRows             = errors.New("no data rows")
)

// A FileError is a failure that concerns a whole input file: it cannot be
// opened, is not what it claims to be, or lacks a required column.
type FileError struct {
	File string // the file name as given
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

func fileErr(file string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return &FileError{File: file, Err: err}
}

func fileErrf(file string, sentinel error, format string, args ...any) error {
	return &FileError{File: file, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// A CellError reports one bad input cell. Row and Col are 1-based; Ref is
// the A1 reference in a workbook, empty for CSV (where Row is the physical
// line and Col the field number).
type CellError struct {
	File, Sheet, Column string // Sheet is empty for CSV; Column is the header
	Row, Col            int
	Ref                 string
	Value               string
	Err                 error
}

// Error formats the error as `budget.xlsx: North!C7 (Revenue): not a
// number: "12,5x"` or `deals.csv:12:3 (Amount): …`.
func (e *CellError) Error() string {
	var b []byte
	b = append(b, e.File...)
	switch {
	case e.Sheet != "" && e.Ref != "":
		b = append(b, ": "...)
		b = append(b, e.Sheet...)
		b = append(b, '!')
		b = append(b, e.Ref...)
	case e.Sheet != "":
		b = append(b, ": "...)
		b = append(b, e.Sheet...)
		b = append(b, " row "...)
		b = strconv.AppendInt(b, int64(e.Row), 10)
	default:
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(e.Row), 10)
		if e.Col > 0 {
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(e.Col), 10)
		}
	}
	if e.Column != "" {
		b = append(b, " ("...)
		b = append(b, e.Column...)
		b = append(b, ')')
	}
	b = append(b, ": "...)
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "bad value"...)
	}
	return string(b)
}

// Unwrap returns the underlying error.
func (e *CellError) Unwrap() error { return e.Err }
