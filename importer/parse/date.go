package parse

import "time"

// DateOrder is the order of day, month and year in a column of dates.
type DateOrder uint8

// The date orders. OrderUnknown means a text proves nothing ("02/03/2026",
// "31 déc. 2026").
const (
	OrderUnknown DateOrder = iota
	DMY                    // 31/12/2026
	MDY                    // 12/31/2026
	YMD                    // 2026-12-31
)

// String returns "unknown", "DMY", "MDY" or "YMD".
func (o DateOrder) String() string {
	switch o {
	case DMY:
		return "DMY"
	case MDY:
		return "MDY"
	case YMD:
		return "YMD"
	default:
		return "unknown"
	}
}

// A Date is a calendar date read from text, at midnight UTC.
type Date struct {
	// Value is the date; the day-first (DMY) reading when Ambiguous.
	Value time.Time
	// Alt is, when Ambiguous, the month-first (MDY) reading; zero
	// otherwise.
	Alt       time.Time
	Ambiguous bool
	// Proves is what the text proves about its column's order.
	Proves DateOrder
	// HasTime is true when a time of day followed the date. The time was
	// checked, then dropped: Value is always the calendar date as written,
	// never shifted by a time zone.
	HasTime bool
}

// Resolve returns the date under the column order o: Alt for an ambiguous
// date in an MDY column, Value otherwise.
func (d Date) Resolve(o DateOrder) time.Time {
	if d.Ambiguous && o == MDY {
		return d.Alt
	}
	return d.Value
}

// MonthWord returns the month named by an English or French month name or
// abbreviation ("January", "janvier", "févr.", "Sept"), ignoring case,
// accents and a final period.
func MonthWord(s string) (time.Month, bool) {
	m, ok := months[NormalizeHeader(s)]
	return m, ok
}

// months maps folded month names and abbreviations, English and French, to
// months. Keys have no accents and no final period.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "janvier": 1, "janv": 1,
	"february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
	"march": 3, "mar": 3, "mars": 3,
	"april": 4, "apr": 4, "avril": 4, "avr": 4,
	"may": 5, "mai": 5,
	"june": 6, "jun": 6, "juin": 6,
	"july": 7, "jul": 7, "juillet": 7, "juil": 7,
	"august": 8, "aug": 8, "aout": 8,
	"september": 9, "sep": 9, "sept": 9, "septembre": 9,
	"october": 10, "oct": 10, "octobre": 10,
	"november": 11, "nov": 11, "novembre": 11,
	"december": 12, "dec": 12, "decembre": 12,
}

// weekdays lists the day names a date may start with. French "mar" (mardi)
// is left out: it is March.
var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true,
	"samedi": true, "dimanche": true,
	"lun": true, "mer": true, "jeu": true, "ven": true, "sam": true, "dim": true,
}

// dateScanner walks a date text. It lives on the stack.
type dateScanner struct {
	s string
	p int
}

func (sc *dateScanner) done() bool { return sc.p >= len(sc.s) }

func (sc *dateScanner) peek() byte {
	if sc.p < len(sc.s) {
		return sc.s[sc.p]
	}
	return 0
}

// number reads up to max digits and returns the value and the count.
func (sc *dateScanner) number(max int) (int, int) {
	v, n := 0, 0
	for sc.p < len(sc.s) && isDigit(sc.s[sc.p]) {
		if n == max {
			return v, n + 1 // too long: the caller refuses it
		}
		v = v*10 + int(sc.s[sc.p]-'0')
		sc.p++
		n++
	}
	return v, n
}

// spaces skips space-like characters and reports how many bytes it
// skipped.
func (sc *dateScanner) spaces() int {
	st := sc.p
	for sc.p < len(sc.s) {
		w := spaceAt(sc.s, sc.p)
		if w == 0 {
			break
		}
		sc.p += w
	}
	return sc.p - st
}

// word reads letters and returns them folded (lower case, no accents) in
// buf; ok is false when the word is longer than buf.
func (sc *dateScanner) word(buf []byte) (n int, ok bool) {
	for sc.p < len(sc.s) {
		c, w := foldLetter(sc.s, sc.p)
		if w == 0 {
			break
		}
		if n == len(buf) {
			return n, false
		}
		buf[n] = c
		n++
		sc.p += w
	}
	return n, true
}

// month reads a month name with an optional final period.
func (sc *dateScanner) month() (time.Month, bool) {
	var buf [12]byte
	n, ok := sc.word(buf[:])
	if !ok || n == 0 {
		return 0, false
	}
	m, ok := months[string(buf[:n])]
	if ok && sc.peek() == '.' {
		sc.p++
	}
	return m, ok
}

// ordinal skips an ordinal suffix after a day number: "1er", "31st".
func (sc *dateScanner) ordinal() {
	rest := sc.s[sc.p:]
	for _, suf := range [...]string{"st", "nd", "rd", "th", "er"} {
		if len(rest) >= 2 && rest[0]|0x20 == suf[0] && rest[1]|0x20 == suf[1] &&
			(len(rest) == 2 || !isASCIILetter(rest[2])) {
			sc.p += 2
			return
		}
	}
}

// nameSep skips what separates the parts of a date written with a month
// name: spaces, a dash, a comma, or a comma and spaces.
func (sc *dateScanner) nameSep() bool {
	st := sc.p
	if sc.peek() == ',' {
		sc.p++
	}
	if sc.spaces() == 0 && sc.p == st && sc.peek() == '-' {
		sc.p++
	}
	return sc.p > st
}

// year reads a year of four digits, or of two digits when allowed.
func (sc *dateScanner) year(two bool) (int, string) {
	y, n := sc.number(4)
	switch {
	case n == 4 && y > 0:
		return y, ""
	case n == 2 && !two:
		return 0, "two-digit year"
	case n == 2:
		if y < 30 {
			return 2000 + y, ""
		}
		return 1900 + y, ""
	}
	return 0, "no year"
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func validDate(y, m, d int) bool {
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(m, y)
}

// ISODate reads a plain YYYY-MM-DD date, the commonest form in exports,
// without the general grammar and without allocating. ok is false for
// anything else, an invalid calendar date included: ParseDate then says
// what is wrong.
func ISODate(s string) (t time.Time, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	// straight-line digits: this runs for every date of a large export
	d0, d1, d2, d3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	m0, m1, a0, a1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	if d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || m0 > 9 || m1 > 9 || a0 > 9 || a1 > 9 {
		return time.Time{}, false
	}
	y := int(d0)*1000 + int(d1)*100 + int(d2)*10 + int(d3)
	m := int(m0)*10 + int(m1)
	d := int(a0)*10 + int(a1)
	if y < 1000 || !validDate(y, m, d) {
		return time.Time{}, false
	}
	return midnight(y, m, d), true
}

// midnight returns the valid date y-m-d at midnight UTC. It counts days
// from the civil calendar (H. Hinnant's algorithm) rather than calling
// time.Date, which normalises and is three times slower.
func midnight(y, m, d int) time.Time {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 for years 1 to 9999
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := int64(era*146097 + doe - 719468)
	return time.Unix(days*86400, 0).UTC()
}

// ParseDate reads a date. See the package documentation for the forms.
// Two-digit years are refused (Reason "two-digit year") unless
// twoDigitYears is true. Errors are *Error.
func ParseDate(s string, twoDigitYears bool) (Date, error) {
	t := trimSpace(s)
	if t == "" {
		return Date{}, dateError(s, "")
	}
	sc := dateScanner{s: t}
	var d Date
	var y, m, day int
	reason := ""

	// A leading day name: "Thursday, December 31, 2026", "jeudi 31 décembre
	// 2026".
	if !isDigit(t[0]) {
		var buf [12]byte
		n, ok := sc.word(buf[:])
		if !ok || n == 0 {
			return Date{}, dateError(s, "")
		}
		if _, isMonth := months[string(buf[:n])]; isMonth || !weekdays[string(buf[:n])] {
			sc.p = 0
		} else {
			if sc.peek() == '.' {
				sc.p++
			}
			if !sc.nameSep() {
				return Date{}, dateError(s, "")
			}
		}
	}

	if len(t) >= 10 && t[4] == '-' && t[7] == '-' && digits(t[0:4]) && digits(t[5:7]) && digits(t[8:10]) {
		// The commonest form, 2026-12-31, read directly.
		y = int(t[0]-'0')*1000 + int(t[1]-'0')*100 + int(t[2]-'0')*10 + int(t[3]-'0')
		m = int(t[5]-'0')*10 + int(t[6]-'0')
		day = int(t[8]-'0')*10 + int(t[9]-'0')
		d.Proves = YMD
		sc.p = 10
	} else if isDigit(sc.peek()) {
		a, na := sc.number(4)
		sep := sc.peek()
		switch {
		case na == 4 && (sep == '-' || sep == '/' || sep == '.'):
			// 2026-12-31, 2026/12/31
			sc.p++
			mm, nm := sc.number(2)
			if nm == 0 || nm > 2 || sc.peek() != sep {
				return Date{}, dateError(s, "")
			}
			sc.p++
			dd, nd := sc.number(2)
			if nd == 0 || nd > 2 {
				return Date{}, dateError(s, "")
			}
			y, m, day, d.Proves = a, mm, dd, YMD
		case na <= 2 && (sep == '/' || sep == '.' || sep == '-') && sc.p+1 < len(t) && isDigit(t[sc.p+1]):
			// 31/12/2026, 12/31/2026, 31.12.2026, 31-12-2026
			sc.p++
			b, nb := sc.number(2)
			if nb > 2 || sc.peek() != sep {
				return Date{}, dateError(s, "")
			}
			sc.p++
			if y, reason = sc.year(twoDigitYears); reason != "" {
				return Date{}, yearError(s, reason)
			}
			switch {
			case a > 12 && b > 12:
				return Date{}, dateError(s, "no field is a month")
			case a > 12:
				m, day, d.Proves = b, a, DMY
			case b > 12:
				m, day, d.Proves = a, b, MDY
			case a == b:
				m, day = a, a
			default:
				if !validDate(y, a, b) || !validDate(y, b, a) {
					return Date{}, dateError(s, "no such date")
				}
				d.Ambiguous = true
				m, day = b, a
				d.Alt = midnight(y, a, b)
			}
		case na <= 2:
			// 31 décembre 2026, 1er janv. 2026, 31-Dec-2026
			day = a
			sc.ordinal()
			if !sc.nameSep() {
				return Date{}, dateError(s, "")
			}
			mm, ok := sc.month()
			if !ok {
				return Date{}, dateError(s, "")
			}
			if !sc.nameSep() {
				return Date{}, dateError(s, "")
			}
			m = int(mm)
			if y, reason = sc.year(twoDigitYears); reason != "" {
				return Date{}, yearError(s, reason)
			}
		default:
			return Date{}, dateError(s, "")
		}
	} else {
		// Dec 31, 2026; December 31 2026
		mm, ok := sc.month()
		if !ok || !sc.nameSep() {
			return Date{}, dateError(s, "")
		}
		dd, nd := sc.number(2)
		if nd == 0 || nd > 2 {
			return Date{}, dateError(s, "")
		}
		sc.ordinal()
		if !sc.nameSep() {
			return Date{}, dateError(s, "")
		}
		if y, reason = sc.year(twoDigitYears); reason != "" {
			return Date{}, yearError(s, reason)
		}
		m, day = int(mm), dd
	}
	if !validDate(y, m, day) {
		return Date{}, dateError(s, "no such date")
	}
	d.Value = midnight(y, m, day)
	if !sc.done() {
		if !sc.clock() {
			return Date{}, dateError(s, "")
		}
		d.HasTime = true
	}
	return d, nil
}

func yearError(s, reason string) error {
	if reason == "two-digit year" {
		return &Error{Found: s, Expected: ExpectedYear, Reason: reason, What: "date"}
	}
	return dateError(s, reason)
}

// clock reads the time that may follow a date, to its end: "T16:14:25.000+0000",
// " 08:55 PM", " 00:00:00", " 10:00 UTC".
func (sc *dateScanner) clock() bool {
	if sc.peek() == 'T' {
		sc.p++
	} else if sc.spaces() == 0 {
		return false
	}
	h, nh := sc.number(2)
	if nh == 0 || nh > 2 || sc.peek() != ':' {
		return false
	}
	sc.p++
	mi, nm := sc.number(2)
	if nm != 2 || mi > 59 {
		return false
	}
	if sc.peek() == ':' {
		sc.p++
		sec, ns := sc.number(2)
		if ns != 2 || sec > 59 {
			return false
		}
		if c := sc.peek(); c == '.' || c == ',' {
			sc.p++
			if _, nf := sc.number(9); nf == 0 || nf > 9 {
				return false
			}
		}
	}
	sc.spaces()
	if rest := sc.s[sc.p:]; len(rest) >= 2 && (rest[1]|0x20) == 'm' &&
		((rest[0]|0x20) == 'a' || (rest[0]|0x20) == 'p') && (len(rest) == 2 || !isASCIILetter(rest[2])) {
		if h < 1 || h > 12 {
			return false
		}
		sc.p += 2
		sc.spaces()
	} else if h > 23 {
		return false
	}
	// Zone: Z, UTC, GMT, +0000, +00:00, -05.
	rest := sc.s[sc.p:]
	switch {
	case rest == "":
		return true
	case rest == "Z":
		return true
	case len(rest) >= 3 && (rest[:3] == "UTC" || rest[:3] == "GMT"):
		sc.p += 3
		if sc.done() {
			return true
		}
	}
	if c := sc.peek(); c != '+' && c != '-' {
		return false
	}
	sc.p++
	oh, ok := sc.fixed2()
	if !ok || oh > 14 {
		return false
	}
	colon := sc.peek() == ':'
	if colon {
		sc.p++
	}
	if colon || !sc.done() {
		om, ok := sc.fixed2()
		if !ok || om > 59 {
			return false
		}
	}
	return sc.done()
}

// fixed2 reads exactly two digits.
func (sc *dateScanner) fixed2() (int, bool) {
	if sc.p+2 > len(sc.s) || !isDigit(sc.s[sc.p]) || !isDigit(sc.s[sc.p+1]) {
		return 0, false
	}
	v := int(sc.s[sc.p]-'0')*10 + int(sc.s[sc.p+1]-'0')
	sc.p += 2
	return v, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
