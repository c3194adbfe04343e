package planner

import (
	"fmt"
	"time"
)

// Status is the outcome of a deal: open, won or lost.
type Status uint8

// The statuses of a deal.
const (
	Open Status = iota
	Won
	Lost
)

// String returns "open", "won" or "lost".
func (s Status) String() string {
	switch s {
	case Won:
		return "won"
	case Lost:
		return "lost"
	default:
		return "open"
	}
}

// A Date is a calendar date, counted in days from 1 January of year 1 as
// time.Time counts its zero: the zero Date means no date. Dates compare
// with < and ==, and subtract into days.
type Date int32

// unixEpochDay is the Date of 1970-01-01.
const unixEpochDay = 719162

// DateOf returns the calendar date of t (its year, month and day, whatever
// its location); the zero time gives the zero Date.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return 0
	}
	_, offset := t.Zone()
	u := t.Unix() + int64(offset) // seconds since 1970 on t's own calendar
	days := u / 86400
	if u%86400 < 0 {
		days--
	}
	return Date(days + unixEpochDay)
}

// MakeDate returns the Date of a year, month and day (normalised as
// time.Date does).
func MakeDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Time returns the date at midnight UTC; the zero Date gives the zero time.
func (d Date) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix((int64(d)-unixEpochDay)*86400, 0).UTC()
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d == 0 }

// Month returns the month that contains the date.
func (d Date) Month() Month {
	y, m, _ := d.civil()
	return Month{y, m}
}

// monthIndex numbers the date's month continuously (year × 12 + month − 1).
func (d Date) monthIndex() int {
	y, m, _ := d.civil()
	return y*12 + int(m) - 1
}

// civil returns the year, month and day of the date, by integer arithmetic
// only (the days-to-civil algorithm of Howard Hinnant's date library): the
// planner reads the month of millions of deals.
func (d Date) civil() (int, time.Month, int) {
	z := int64(d) - unixEpochDay + 719468 // days since 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	if month > 12 {
		month -= 12
	}
	y := yoe + era*400
	if month <= 2 {
		y++
	}
	return int(y), time.Month(month), int(day)
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// A Deal is one opportunity of the sales history, as the importer read it,
// reduced to what the planner uses: a history can hold millions, and a
// Deal takes 40 bytes and holds no pointer (the garbage collector never
// scans a history). Dates are calendar dates; a zero Date means the date
// was absent. HasAmount distinguishes a blank amount from a zero one.
// Currency is the ISO code written on the deal, upper-case, if any.
type Deal struct {
	Owner, Team, Segment, Offer Name
	Currency                    Name
	Created, Closed             Date
	Amount                      float64
	Status                      Status
	HasAmount                   bool
}

// A Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month that contains t.
func MonthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// String returns the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Start returns the first day of the month at midnight UTC.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// Add returns the month n months after m (before it when n is negative).
func (m Month) Add(n int) Month { return MonthOf(m.Start().AddDate(0, n, 0)) }

// Before reports whether m is strictly before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// Activity is one team's prospecting volume in one month. A negative value
// means the column was absent or blank for that row.
type Activity struct {
	Team          string
	Month         Month
	Contacts      float64
	Responses     float64
	Meetings      float64
	Opportunities float64
}

// Metric is what a target measures.
type Metric string

// The metrics a target can have.
const (
	Revenue       Metric = "revenue"
	NewCustomers  Metric = "new_customers"
	Meetings      Metric = "meetings"
	Opportunities Metric = "opportunities"
	WinRate       Metric = "win_rate"
	DealSize      Metric = "deal_size"
)

// Metrics lists every metric in a stable order.
var Metrics = []Metric{Revenue, NewCustomers, Meetings, Opportunities, WinRate, DealSize}

// IsRate reports whether the metric is a rate (its value is a fraction
// between 0 and 1 and it needs a baseline).
func (m Metric) IsRate() bool { return m == WinRate }

// A Target is one row of a target sheet. Rates are fractions (0.25 for
// 25 %). HasBaseline, HasStart and HasDeadline tell absent values from zero
// ones. Priority is the rank among the team's targets, 0 when not given.
type Target struct {
	ID, Team, Segment, Offer string
	// TeamFromSheet is true when the team cell was blank and Team is the
	// name of the sheet the row is on. Such a team is the company when the
	// sheet name is not a team of the history (a single "Targets" sheet),
	// see CompanyWords.
	TeamFromSheet   bool
	Metric          Metric
	MetricText      string // the metric as written, when it is not a known one
	Value           float64
	HasValue        bool
	Baseline        float64
	HasBaseline     bool
	Start, Deadline time.Time
	Lever           string
	Priority        int
	Rationale       string
	// MonthlyBreakdown is true when the input gave the target per month
	// (several rows, or monthly columns) rather than one annual figure.
	MonthlyBreakdown bool
	// Source is where the row came from; Cells maps a field name ("value",
	// "deadline", …) to its cell reference ("C7"), so that reports can
	// annotate the very cell that failed a check.
	Source Position
	Cells  map[string]string
}

// A Position locates a row or cell in an input file. Row and Col are 1-based;
// Col is 0 when the position is a whole row. Ref is the A1 reference for a
// workbook cell, empty for CSV (where Row is the line number).
type Position struct {
	File  string
	Sheet string
	Row   int
	Col   int
	Ref   string
}

// String formats the position as budget.xlsx: North!C7 or deals.csv:12:3.
func (p Position) String() string {
	switch {
	case p.Sheet != "" && p.Ref != "":
		return fmt.Sprintf("%s: %s!%s", p.File, p.Sheet, p.Ref)
	case p.Sheet != "":
		return fmt.Sprintf("%s: %s row %d", p.File, p.Sheet, p.Row)
	case p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Row, p.Col)
	case p.Row > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Row)
	default:
		return p.File
	}
}

// A Problem is one thing wrong with the input: a bad cell, a missing column,
// an inconsistent row. Kind is a stable code ("bad_amount", "bad_date",
// "missing_column", …). Severity is "error" when the row was left out and
// "warning" when it was used anyway.
type Problem struct {
	Position
	Kind     string
	Severity string
	Header   string // the column header, when the problem is in a column
	Value    string // the value found
	Expected string // what was expected instead
	Message  string // a full sentence for people
	// MessageFr is Message in French, where the problem has one (the
	// reports in French show it; plan.json keeps Message).
	MessageFr string
	// Omitted > 0 marks a summary line: it stands for that many further
	// problems of its Kind that were not listed one by one.
	Omitted int
}

// MessageIn is the problem's sentence in lang: MessageFr in French when
// there is one, else Message.
func (p Problem) MessageIn(lang string) string {
	if lang == "fr" && p.MessageFr != "" {
		return p.MessageFr
	}
	return p.Message
}

// Count is the number of problems the line stands for: 1, or Omitted for
// a summary line.
func (p Problem) Count() int {
	if p.Omitted > 0 {
		return p.Omitted
	}
	return 1
}

// Problem severities.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// A SourceTable is a target sheet exactly as the user wrote it, kept so that
// the workbook can give it back with annotations. Each cell value is a
// string, a float64, a bool or a time.Time; nil for an empty cell.
type SourceTable struct {
	File, Sheet string
	HeaderRow   int // 1-based row of the header in the sheet
	Header      []string
	Rows        []SourceRow
}

// A SourceRow is one row of a SourceTable; TargetIndex is the index of the
// target read from it in Input.Targets, -1 when the row gave none.
type SourceRow struct {
	Row         int
	Cells       []any
	TargetIndex int
}

// An InputFile describes one file that was read, for traceability.
type InputFile struct {
	Path   string
	Kind   string // history, targets, activity, teams, accounts, config
	SHA256 string
	Rows   int
}

// Where is the problem's position and column header, as in
// `budget.xlsx: North!C7 (Revenue)`.
func (p Problem) Where() string {
	if p.Header != "" {
		return p.Position.String() + " (" + p.Header + ")"
	}
	return p.Position.String()
}

// String formats the problem as people read it: where, in which column,
// and what is wrong, as in `budget.xlsx: North!C7 (Revenue): not a number:
// "12,5x"`. Message itself holds only the last part.
func (p Problem) String() string {
	msg := p.Message
	if msg == "" {
		msg = fmt.Sprintf("%s: found %q, expected %s", p.Kind, p.Value, p.Expected)
	}
	return p.Where() + ": " + msg
}
