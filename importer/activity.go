package importer

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// ActivityFile is an activity file read into monthly prospecting volumes.
type ActivityFile struct {
	Activity []planner.Activity
	Problems []planner.Problem
	File     planner.InputFile
}

var activityFields = []string{fTeam, fMonth, fContacts, fResponses, fMeetings, fOpportunities}

func activityMapper(opt Options) *mapper {
	initAliases()
	return &mapper{aliases: activityAliases, overrides: overridesFor(opt.Columns, activityFields)}
}

// LoadActivity reads team × month prospecting volumes. A volume column that
// is absent, or a blank cell, gives -1.
//
// A CRM activity export (one row per call, email or meeting: Salesforce's
// Task and Event, HubSpot's or Pipedrive's activities) is read as well,
// into monthly contacts and meetings per team (loadActivityExport).
func LoadActivity(path string, opt Options) (*ActivityFile, error) {
	return retry(path, func(opt Options) (*ActivityFile, error) {
		a, err := loadActivity(path, opt)
		if err == nil {
			return a, nil
		}
		// Not a team × month table: an activity export, whose own error
		// says more once its header is found.
		b, err2 := loadActivityExport(path, opt)
		if err2 == nil || !errors.Is(err2, ErrNoHeader) {
			return b, err2
		}
		return nil, err
	}, opt)
}

func loadActivity(path string, opt Options) (*ActivityFile, error) {
	m := activityMapper(opt)
	o, err := openFor(path, opt, "activity", m, 2, false)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	var missing []string
	if !h.has(fMonth) {
		missing = append(missing, fMonth)
	}
	if !h.has(fContacts) && !h.has(fResponses) && !h.has(fMeetings) && !h.has(fOpportunities) {
		missing = append(missing, "contacts, responses, meetings or opportunities")
	}
	if len(missing) > 0 {
		return nil, fileErr(t.file, missingColumn(t, h, m, missing))
	}
	probs := newProblems()
	out := &ActivityFile{}
	type pend struct {
		idx  int
		d    parse.Date
		line int
	}
	var pending []pend
	var proofs [4]int
	lines := []int{}
	rows := t.rows
	in.b.skipTo(h.index + 1)
	mc := h.colOf(fMonth)
	read := 0
	for rows.Next() {
		row := rows.Row()
		if isBlank(row) || isFooter(row) {
			continue
		}
		read++
		line := rows.Line()
		a := planner.Activity{Team: cellAt(row, h.colOf(fTeam))}
		if a.Team == "" && t.sheet != "" && !h.has(fTeam) {
			a.Team = strings.TrimSpace(t.sheet)
		}
		ms := cellAt(row, mc)
		if ms == "" {
			probs.row(t, rows.CellLine(mc), mc, h.names[mc], ProblemMissingValue, planner.SeverityError, "", "a month such as 2026-03",
				"no month; row left out")
			continue
		}
		mo, d, err := readMonth(t, rows, mc, ms, opt)
		if err != nil {
			probs.cell(t, rows.CellLine(mc), mc, h.names[mc], ProblemBadMonth, planner.SeverityError, ms, err,
				"a month such as 2026-03, 03/2026, mars 2026 or a date")
			continue
		}
		proofs[d.Proves]++
		a.Month = mo
		bad := false
		for _, f := range []struct {
			field string
			dst   *float64
		}{{fContacts, &a.Contacts}, {fResponses, &a.Responses}, {fMeetings, &a.Meetings}, {fOpportunities, &a.Opportunities}} {
			*f.dst = -1
			c := h.colOf(f.field)
			s := cellAt(row, c)
			if s == "" {
				continue
			}
			v, err := readCount(t, rows, c, s)
			if err != nil {
				probs.cell(t, rows.CellLine(c), c, h.names[c], ProblemBadNumber, planner.SeverityError, s, err, "a count such as 120")
				bad = true
				continue
			}
			*f.dst = v
		}
		if bad {
			continue
		}
		if d.Ambiguous {
			pending = append(pending, pend{idx: len(out.Activity), d: d, line: rows.CellLine(mc)})
		}
		out.Activity = append(out.Activity, a)
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		return nil, fileErr(t.file, err)
	}
	if err := o.verify(); err != nil {
		return nil, err
	}
	o.report(probs)
	drop := map[int]bool{}
	assumed := false
	for _, p := range pending {
		order, why := parse.OrderUnknown, ""
		switch {
		case proofs[parse.DMY] > 0 && proofs[parse.MDY] == 0:
			order = parse.DMY
		case proofs[parse.MDY] > 0 && proofs[parse.DMY] == 0:
			order = parse.MDY
		case proofs[parse.DMY] == 0 && proofs[parse.MDY] == 0:
			switch {
			case opt.DateOrder == "dmy", opt.DateOrder == "" && strings.HasPrefix(strings.ToLower(opt.Locale), "fr"):
				order, why = parse.DMY, "day first"
			case opt.DateOrder == "mdy", opt.DateOrder == "" && strings.HasPrefix(strings.ToLower(opt.Locale), "en"):
				order, why = parse.MDY, "month first"
			}
		}
		if order == parse.OrderUnknown && planner.MonthOf(p.d.Value) == planner.MonthOf(p.d.Alt) {
			order = parse.DMY // both readings fall in the same month
		}
		if order == parse.OrderUnknown {
			drop[p.idx] = true
			probs.row(t, p.line, mc, h.names[mc], ProblemAmbiguousDateOrder, planner.SeverityError,
				p.d.Value.Format("2006-01-02")+" or "+p.d.Alt.Format("2006-01-02"), "dd/mm/yyyy or mm/dd/yyyy, decided",
				"day and month cannot be told apart; set date_order: dmy or mdy; row left out")
			continue
		}
		out.Activity[p.idx].Month = planner.MonthOf(p.d.Resolve(order))
		if why != "" && !assumed {
			assumed = true
			probs.row(t, p.line, mc, h.names[mc], ProblemDateOrderAssumed, planner.SeverityWarning, "", "",
				"no date of the column tells day from month: its dates are read %s (configured)", why)
		}
	}
	kept := out.Activity[:0]
	keptLines := lines[:0]
	for i, a := range out.Activity {
		if !drop[i] {
			kept = append(kept, a)
			keptLines = append(keptLines, lines[i])
		}
	}
	out.Activity = kept
	seen := map[string]int{}
	for i, a := range out.Activity {
		k := normKey(a.Team) + "|" + a.Month.String()
		if first, dup := seen[k]; dup {
			probs.row(t, keptLines[i], -1, "", ProblemDuplicateKey, planner.SeverityWarning, a.Team+" "+a.Month.String(), "one row per team and month",
				"team %q has a second row for %s (first on row %d): both are used", a.Team, a.Month, first)
			continue
		}
		seen[k] = keptLines[i]
	}
	o.file.Rows = read
	out.File = o.file
	out.Problems = probs.finish(t.file)
	return out, nil
}

// readCount reads a whole count. An ambiguous "1,234" is 1234: a count is
// a whole number, and 1.234 contacts is not one.
func readCount(t *table, rows rowReader, col int, s string) (float64, error) {
	if t.xlsx && isPlainNumber(s) && rows.Kind(col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil && !math.IsInf(v, 0) && v >= 0 {
			return v, nil
		}
	}
	n, err := parse.ParseNumber(s)
	if err != nil {
		return 0, err
	}
	v := n.Value
	if n.Ambiguous {
		switch {
		case n.Value == math.Trunc(n.Value) && n.Alt != math.Trunc(n.Alt):
			v = n.Value
		case n.Alt == math.Trunc(n.Alt) && n.Value != math.Trunc(n.Value):
			v = n.Alt
		}
	}
	if v < 0 || n.Percent || n.Currency != "" {
		return 0, fmt.Errorf("not a count: %q", s)
	}
	return v, nil
}

// readMonth reads a month cell: a workbook date, "2026-03", "03/2026",
// "mars 2026", "March 2026", or a full date (whose day/month order may be
// ambiguous and is then decided for the column).
func readMonth(t *table, rows rowReader, col int, s string, opt Options) (planner.Month, parse.Date, error) {
	if t.xlsx && isPlainNumber(s) && rows.Kind(col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil {
			d, err := parse.ExcelSerial(v, t.date1904)
			if err != nil {
				return planner.Month{}, parse.Date{}, err
			}
			return planner.MonthOf(d), parse.Date{Value: d}, nil
		}
	}
	if m, err := parseMonthText(s); err == nil {
		return m, parse.Date{}, nil
	}
	d, err := parse.ParseDate(s, opt.TwoDigitYears)
	if err != nil {
		return planner.Month{}, d, err
	}
	return planner.MonthOf(d.Value), d, nil
}

// monthName reads a month name alone ("Jan", "janvier", "M01").
func monthName(s string) (time.Month, bool) {
	if m, ok := parse.MonthWord(s); ok {
		return m, true
	}
	k := normKey(s)
	if len(k) == 3 && k[0] == 'm' {
		if n, err := strconv.Atoi(k[1:]); err == nil && n >= 1 && n <= 12 {
			return time.Month(n), true
		}
	}
	return 0, false
}

// parseMonthText reads "2026-03", "2026/03", "03/2026", "3-2026",
// "mars 2026", "March 2026", "Mar. 2026".
func parseMonthText(s string) (planner.Month, error) {
	s = strings.TrimSpace(s)
	bad := &parse.Error{Found: s, Expected: "a month such as 2026-03, 03/2026 or mars 2026", What: "month"}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == ' ' || r == '.' || r == '\u00a0' })
	if len(f) != 2 {
		return planner.Month{}, bad
	}
	num := func(x string, lo, hi int) (int, bool) {
		if x == "" || len(x) > 4 {
			return 0, false
		}
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return 0, false
			}
		}
		n, _ := strconv.Atoi(x)
		return n, n >= lo && n <= hi
	}
	if y, ok := num(f[0], 1900, 9999); ok && len(f[0]) == 4 {
		if m, ok := num(f[1], 1, 12); ok && len(f[1]) <= 2 {
			return planner.Month{Year: y, Month: time.Month(m)}, nil
		}
		return planner.Month{}, bad
	}
	y, ok := num(f[1], 1900, 9999)
	if !ok || len(f[1]) != 4 {
		return planner.Month{}, bad
	}
	if m, ok := num(f[0], 1, 12); ok && len(f[0]) <= 2 {
		return planner.Month{Year: y, Month: time.Month(m)}, nil
	}
	if m, ok := parse.MonthWord(f[0]); ok {
		return planner.Month{Year: y, Month: m}, nil
	}
	return planner.Month{}, bad
}
