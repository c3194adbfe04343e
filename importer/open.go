package importer

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// input is one table opened for a loader, positioned after its header.
type input struct {
	t *table
	b *bufferedRows
	h *header
}

// opened is a file opened for a loader: one input per sheet used.
type opened struct {
	check    *csvCheck    // the CSV's hash and UTF-8 check, running
	enc      textEncoding // the CSV's encoding as decided from its start
	sanitize bool         // read as UTF-8 despite damaged bytes
	// notes are the problems of the file's bytes (invalid UTF-8, NUL),
	// that every loader reports with its own.
	notes  []planner.Problem
	inputs []*input
	file   planner.InputFile
	wb     *workbook
	f      *budgetFile
}

// verify waits for a CSV's hash and its whole-file scan, and returns a
// *reencodeError when the file is not in the encoding its start suggested
// (or is UTF-8 with damaged bytes, read plainly). It is called once the
// rows are read.
func (o *opened) verify() error {
	if o.check == nil {
		return nil
	}
	sha, scan, err := o.check.wait()
	if err != nil {
		return fileErr(filepath.Base(o.file.Path), err)
	}
	o.file.SHA256 = sha
	switch o.enc {
	case encUTF8, encUTF8BOM, encCP1252:
		enc := scan.decide(o.enc)
		sanitize := (enc == encUTF8 || enc == encUTF8BOM) && scan.invalid+scan.nul > 0
		if enc != o.enc || sanitize != o.sanitize {
			return &reencodeError{enc: enc, sanitize: sanitize}
		}
		if sanitize {
			o.notes = scan.problems(filepath.Base(o.file.Path))
		}
	}
	return nil
}

// report adds the problems of the file's bytes to a loader's.
// finishTable ends the reading of a lookup-like table (a teams,
// accounts or exchange-rate file): the rows' reading error, the check of
// the whole file, the file's notes into probs, and ErrNoRows when none of
// its rows was kept (none says what was looked for).
func (o *opened) finishTable(name string, rowsErr error, probs *problems, kept int, none string) error {
	if rowsErr != nil {
		return fileErr(name, rowsErr)
	}
	if err := o.verify(); err != nil {
		return err
	}
	o.report(probs)
	if kept == 0 {
		return fileErr(name, fmt.Errorf("%w: %s", ErrNoRows, none))
	}
	return nil
}

func (o *opened) report(p *problems) {
	for _, n := range o.notes {
		p.add(n)
	}
}

// retry runs a load once more, in the encoding the whole file decides,
// when the first reading used another (see opened.verify).
func retry[T any](path string, load func(Options) (T, error), opt Options) (T, error) {
	return withBudget(filepath.Base(path), opt, func(opt Options) (T, error) { return retryOnce(load, opt) })
}

func retryOnce[T any](load func(Options) (T, error), opt Options) (T, error) {
	v, err := load(opt)
	var re *reencodeError
	if errors.As(err, &re) {
		opt.forceEnc, opt.forceSanitize = re.enc, re.sanitize
		v, err = load(opt)
	}
	var rs *rescanError
	if errors.As(err, &rs) {
		opt.scanMerges, opt.merges = true, map[string][]mergeRange{rs.part: rs.merges}
		v, err = load(opt)
	}
	return v, err
}

func (o *opened) Close() error {
	var err error
	for _, in := range o.inputs {
		if e := in.t.rows.Close(); e != nil && err == nil {
			err = e
		}
	}
	if o.wb != nil {
		if e := o.wb.Close(); e != nil && err == nil {
			err = e
		}
	} else if o.f != nil {
		if e := o.f.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// openFor opens path (CSV or workbook, decided by content), finds the
// header with m and returns the table(s) to read. With all set, every
// visible sheet with a matching header is returned (target workbooks with
// one sheet per team); otherwise the best-matching sheet.
func openFor(path string, opt Options, kind string, m *mapper, minFields int, all bool) (*opened, error) {
	name := filepath.Base(path)
	f, size, format, err := sniff(path, opt)
	if err != nil {
		return nil, err
	}
	o := &opened{f: f, file: planner.InputFile{Path: path, Kind: kind}}
	if format == formatText {
		t, info, err := openCSV(f, size, path, opt, m.aliases)
		if err != nil {
			f.Close()
			return nil, err
		}
		o.check, o.enc, o.sanitize = info.check, info.enc, info.sanitize
		b := newBuffered(t.rows, nil)
		t.rows = b
		h, err := findHeader(t, b, m, minFields)
		if err != nil {
			t.rows.Close()
			f.Close()
			return nil, fileErr(name, err)
		}
		o.inputs = []*input{{t: t, b: b, h: h}}
		return o, nil
	}
	wb, err := openWorkbook(f, size, path, opt)
	if err != nil {
		f.Close()
		return nil, err
	}
	o.wb = wb
	o.file.SHA256 = wb.sha
	var sheets []wbSheet
	if opt.Sheet != "" {
		for _, s := range wb.sheets {
			if s.Name == opt.Sheet {
				sheets = []wbSheet{s}
				break
			}
		}
		if sheets == nil {
			for _, s := range wb.sheets {
				if strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(opt.Sheet)) {
					sheets = []wbSheet{s}
					break
				}
			}
		}
		if sheets == nil {
			wb.Close()
			return nil, fileErrf(name, ErrSheetNotFound, "%q; the workbook has: %s", opt.Sheet, sheetNames(wb.sheets))
		}
	} else {
		for _, s := range wb.sheets {
			if !s.Hidden {
				sheets = append(sheets, s)
			}
		}
		if len(sheets) == 0 {
			wb.Close()
			return nil, fileErrf(name, ErrNoSheet, "every sheet is hidden (%s); name one with --sheet", sheetNames(wb.sheets))
		}
	}
	// a first pass without the byte-level scan picks the sheet(s) by their
	// header; only the sheets used are scanned (merged header cells need the
	// scan: when no sheet is found without it, every sheet is scanned)
	type pick struct {
		s     wbSheet
		score int
	}
	var picks []pick
	var firstErr error
	merged := opt.scanMerges
	for _, scan := range []bool{false, true} {
		merged = merged || scan
		for _, s := range sheets {
			t, err := wb.openSheet(s, scan, scan)
			if err != nil {
				o.Close()
				return nil, fileErr(name, err)
			}
			b := newBuffered(t.rows, t.merges)
			t.rows = b
			h, err := findHeader(t, b, m, minFields)
			t.rows.Close()
			if err != nil {
				if errors.Is(err, ErrMissingColumn) && scan {
					o.Close()
					return nil, fileErr(name, err)
				}
				if firstErr == nil || errors.Is(err, ErrMissingColumn) {
					firstErr = err
				}
				continue
			}
			picks = append(picks, pick{s, h.score})
		}
		if len(picks) > 0 {
			break
		}
		firstErr = nil
	}
	if !all && len(picks) > 1 {
		best := picks[0]
		for _, p := range picks[1:] {
			if p.score > best.score {
				best = p
			}
		}
		picks = []pick{best}
	}
	for _, p := range picks {
		t, err := wb.openSheet(p.s, true, merged)
		if err != nil {
			o.Close()
			return nil, fileErr(name, err)
		}
		b := newBuffered(t.rows, t.merges)
		t.rows = b
		h, err := findHeader(t, b, m, minFields)
		if err != nil {
			t.rows.Close()
			o.Close()
			return nil, fileErr(name, err)
		}
		o.inputs = append(o.inputs, &input{t: t, b: b, h: h})
	}
	if len(o.inputs) == 0 {
		o.Close()
		var hidden []wbSheet
		for _, s := range wb.sheets {
			if s.Hidden {
				hidden = append(hidden, s)
			}
		}
		if opt.Sheet == "" && len(hidden) > 0 {
			return nil, fileErrf(name, ErrNoSheet, "no visible sheet has a %s header; hidden sheets: %s (name one with --sheet)", kind, sheetNames(hidden))
		}
		if len(sheets) == 1 && firstErr != nil {
			return nil, fileErr(name, firstErr)
		}
		return nil, fileErrf(name, ErrNoSheet, "none of %s has a %s header", sheetNames(sheets), kind)
	}
	return o, nil
}

func sheetNames(ss []wbSheet) string {
	var parts []string
	for _, s := range ss {
		n := fmt.Sprintf("%q", s.Name)
		if s.Hidden {
			n += " (hidden)"
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// cellAt returns the trimmed cell col of row, "" when out of range.
func cellAt(row []string, col int) string {
	if col < 0 || col >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[col])
}
