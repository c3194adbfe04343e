package importer

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// An exchange-rate table (issue 11): one row per currency, or per currency
// and date range, giving the value of one unit of the currency in the
// reporting currency.
const (
	fRate   = "rate"
	fFXFrom = "fx_from"
	fFXTo   = "fx_to"
)

var fxSpec = map[string][]string{
	fCurrency: {"currency", "devise", "currency code", "code devise", "iso code", "isocode", "currencyisocode", "monnaie"},
	fRate: {"rate", "taux", "exchange rate", "taux de change", "fx rate", "conversion rate", "rate to reporting currency",
		"cours", "value in reporting currency"},
	fFXFrom: {"from", "du", "start", "start date", "début", "date de début", "valid from", "valable du", "date"},
	fFXTo:   {"to", "au", "end", "end date", "fin", "date de fin", "valid to", "valable au", "until", "jusqu'au"},
	fMonth:  {"month", "mois"},
}

// FX is the kind of an exchange-rate file (planner.InputFile.Kind).
const FX = "fx"

// LoadFX reads an exchange-rate table: columns currency and rate (the
// value of one unit in the reporting currency: 0.92 for USD into EUR),
// and optionally from and to (a date range, both days included; a rate
// with a first day and no last holds until its currency's next first day,
// as a table of daily rates has it) or month (YYYY-MM, or a date in the
// month). A rate that is not a positive number,
// a date that cannot be read, a range that ends before it starts and two
// rows of one currency that hold on the same day are located errors, and
// the row is left out.
func LoadFX(path string, opt Options) ([]planner.FXRate, []planner.Problem, planner.InputFile, error) {
	type result struct {
		r     []planner.FXRate
		probs []planner.Problem
		file  planner.InputFile
	}
	r, err := retry(path, func(opt Options) (result, error) {
		rates, p, f, err := loadFX(path, opt)
		return result{rates, p, f}, err
	}, opt)
	return r.r, r.probs, r.file, err
}

func loadFX(path string, opt Options) ([]planner.FXRate, []planner.Problem, planner.InputFile, error) {
	name := filepath.Base(path)
	initAliases()
	m := &mapper{aliases: fxAliases, primary: func(string) (string, int, bool) { return "", 0, false }}
	o, err := openFor(path, opt, FX, m, 2, false)
	if err != nil {
		return nil, nil, planner.InputFile{}, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	cc, rc := h.colOf(fCurrency), h.colOf(fRate)
	var missing []string
	if cc < 0 {
		missing = append(missing, fCurrency)
	}
	if rc < 0 {
		missing = append(missing, fRate)
	}
	if len(missing) > 0 {
		return nil, nil, o.file, fileErr(name, missingColumn(t, h, m, missing))
	}
	fc, tc, mc := h.colOf(fFXFrom), h.colOf(fFXTo), h.colOf(fMonth)
	probs := newProblems()
	type row struct {
		r              planner.FXRate
		line, cellLine int
	}
	var out []row
	rows := t.rows
	in.b.skipTo(h.index + 1)
	read := 0
	date := func(c int, s string) (planner.Date, bool) {
		if s == "" {
			return 0, true
		}
		d, err := readDateCell(t, rows, c, s, opt)
		if err != nil {
			probs.cell(t, rows.CellLine(c), c, h.names[c], ProblemBadDate, planner.SeverityError, s, err, "row left out")
			return 0, false
		}
		return planner.DateOf(d), true
	}
	for rows.Next() {
		r := rows.Row()
		if isBlank(r) || isFooter(r) {
			continue
		}
		read++
		code := strings.ToUpper(strings.TrimSpace(cellAt(r, cc)))
		if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' || !unicode.IsLetter(r) }) >= 0 {
			probs.row(t, rows.CellLine(cc), cc, h.names[cc], ProblemBadCurrency, planner.SeverityError, cellAt(r, cc),
				"an ISO currency code such as USD", fmtNotACurrencyCode)
			continue
		}
		rs := cellAt(r, rc)
		n, err := parse.ParseNumber(rs)
		if err == nil && n.Ambiguous {
			err = fmt.Errorf("ambiguous number %q: %v or %v", rs, n.Value, n.Alt)
		}
		switch {
		case err != nil:
			probs.row(t, rows.CellLine(rc), rc, h.names[rc], ProblemBadNumber, planner.SeverityError, rs,
				"a positive rate such as 0.92", "not a number (%v); row left out", err)
			continue
		case !(n.Value > 0) || n.Percent:
			probs.row(t, rows.CellLine(rc), rc, h.names[rc], ProblemBadNumber, planner.SeverityError, rs,
				"a positive rate such as 0.92", fmtFXNotPositive)
			continue
		}
		fx := planner.FXRate{Currency: code, Rate: n.Value}
		ok := true
		if mc >= 0 && cellAt(r, mc) != "" {
			s := cellAt(r, mc)
			if len(s) == 7 && s[4] == '-' {
				s += "-01"
			}
			var d planner.Date
			if d, ok = date(mc, s); ok {
				first := d.Time().AddDate(0, 0, 1-d.Time().Day())
				fx.From, fx.To = planner.DateOf(first), planner.DateOf(first.AddDate(0, 1, -1))
			}
		} else {
			var okFrom, okTo bool
			fx.From, okFrom = date(fc, cellAt(r, fc))
			fx.To, okTo = date(tc, cellAt(r, tc))
			ok = okFrom && okTo
		}
		if !ok {
			continue
		}
		if !fx.From.IsZero() && !fx.To.IsZero() && fx.To < fx.From {
			probs.row(t, rows.CellLine(tc), tc, h.names[tc], ProblemBadDate, planner.SeverityError, fx.To.String(),
				"a date on or after "+fx.From.String(), fmtRangeEndsBefore)
			continue
		}
		out = append(out, row{fx, rows.Line(), rows.CellLine(max(fc, rc, mc))})
	}
	// Two rows of a currency that hold on the same day: the later row
	// of the file is left out. Sorted by currency and first day, a row
	// can only overlap the last one kept of its currency (linear after
	// the sort: a daily table of years of rates reads fast).
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(out[a].r.Currency, out[b].r.Currency), cmp.Compare(out[a].r.From, out[b].r.From))
	})
	// A rate with a first day and no last holds until the next first day
	// of its currency (a table of daily or monthly rates, one date column).
	for k := 1; k < len(order); k++ {
		a, b := &out[order[k-1]].r, out[order[k]].r
		if a.Currency == b.Currency && a.To.IsZero() && !a.From.IsZero() && b.From > a.From {
			a.To = b.From - 1
		}
	}
	drop := make([]bool, len(out))
	last := -1 // the row kept last, of the currency in hand
	for _, i := range order {
		if last < 0 || out[last].r.Currency != out[i].r.Currency || !out[last].r.To.IsZero() && out[i].r.From > out[last].r.To {
			last = i
			continue
		}
		left, kept := i, last // the file's later row is left out
		if out[i].line < out[last].line {
			left, kept = last, i
		}
		c := rc
		if fc >= 0 {
			c = fc
		}
		probs.row(t, out[left].cellLine, c, h.names[c], ProblemDuplicateKey, planner.SeverityError, out[left].r.Currency,
			"one rate per currency and day", fmtFXOverlap, out[left].r.Currency, out[kept].line)
		drop[left] = true
		last = kept
	}
	kept := out[:0]
	for i, r := range out {
		if !drop[i] {
			kept = append(kept, r)
		}
	}
	out = kept
	if err := o.finishTable(name, rows.Err(), probs, len(out), "no exchange rate"); err != nil {
		return nil, nil, o.file, err
	}
	o.file.Rows = read
	rates := make([]planner.FXRate, len(out))
	for i, r := range out {
		rates[i] = r.r
	}
	return rates, probs.finish(name), o.file, nil
}

// readDateCell reads one date cell of a table whose column proves nothing
// for the others (an exchange-rate, quota or activity export): an Excel
// date serial in a workbook, else a written date, its day and month order
// from the date_order setting when the text leaves it open.
func readDateCell(t *table, rows rowReader, col int, s string, opt Options) (time.Time, error) {
	if t.xlsx && isPlainNumber(s) && rows.Kind(col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return time.Time{}, err
		}
		return parse.ExcelSerial(v, t.date1904)
	}
	d, err := parse.ParseDate(s, opt.TwoDigitYears)
	if err == nil && d.Ambiguous {
		switch strings.ToLower(opt.DateOrder) {
		case "mdy":
			d.Value = d.Alt
		case "dmy":
		default:
			err = fmt.Errorf("ambiguous date %q: day first or month first? write it YYYY-MM-DD, or set date_order", s)
		}
	}
	return d.Value, err
}
