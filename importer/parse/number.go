package parse

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Style is the decimal convention of a column of numbers.
type Style uint8

// The decimal styles. NoStyle means a text proves nothing about the
// convention ("1234", "1 234", "1,234").
const (
	NoStyle      Style = iota
	PointDecimal       // 1,234.5 / 1 234.5 / 1234.5: the decimal separator is "."
	CommaDecimal       // 1 234,5 / 1.234,5 / 1234,5: the decimal separator is ","
)

// String returns "none", "point" or "comma".
func (s Style) String() string {
	switch s {
	case PointDecimal:
		return "point"
	case CommaDecimal:
		return "comma"
	default:
		return "none"
	}
}

// A Number is an amount or rate read from text.
type Number struct {
	// Value is the value under the style this text proves; under
	// PointDecimal when Ambiguous ("1,234" is 1234, "1.234" is 1.234).
	Value float64
	// Alt is, when Ambiguous, the value under CommaDecimal ("1,234": 1.234;
	// "1.234": 1234). It is 0 otherwise.
	Alt       float64
	Ambiguous bool
	// Style is what this text proves about its column's decimal
	// convention, NoStyle if nothing.
	Style Style
	// Percent is true when the text ended with "%"; Value (and Alt) are
	// then already divided by 100.
	Percent bool
	// Currency is the ISO 4217 code of a symbol or code written with the
	// number, empty if none. "$" alone is read as USD (write "CA$", "$CA"
	// or CAD for Canadian dollars), "€" as EUR, "£" as GBP.
	Currency string
}

// Resolve returns the value of n under the column style s: Alt for an
// ambiguous number in a CommaDecimal column, Value otherwise. Callers
// decide the style before resolving; with NoStyle an ambiguous number
// resolves to its PointDecimal reading.
func (n Number) Resolve(s Style) float64 {
	if n.Ambiguous && s == CommaDecimal {
		return n.Alt
	}
	return n.Value
}

type sepKind uint8

const (
	sepNone sepKind = iota
	sepSpace
	sepApos
	sepDot
	sepComma
)

// sepAt returns the separator at s[i] and its width.
func sepAt(s string, i int) (sepKind, int) {
	switch s[i] {
	case '.':
		return sepDot, 1
	case ',':
		return sepComma, 1
	case '\'':
		return sepApos, 1
	}
	if strings.HasPrefix(s[i:], "\u2019") { // ’ (Swiss thousands)
		return sepApos, 3
	}
	if w := spaceAt(s, i); w > 0 && s[i] != '\t' {
		return sepSpace, w
	}
	return sepNone, 0
}

func decimalStyle(k sepKind) Style {
	if k == sepDot {
		return PointDecimal
	}
	return CommaDecimal
}

// Currency symbols, longest first so that "US$" wins over "$".
var currencySymbols = [...]struct{ sym, code string }{
	{"US$", "USD"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
	{"$US", "USD"}, {"$CA", "CAD"}, {"$AU", "AUD"}, // French usage: 12,50 $US
	{"C$", "CAD"}, {"A$", "AUD"}, {"R$", "BRL"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"₣", "CHF"},
}

// isCode reports whether s is a known ISO 4217 code in upper case.
func isCode(s string) bool {
	if len(s) != 3 || !isUpper(s[0]) || !isUpper(s[1]) || !isUpper(s[2]) {
		return false
	}
	_, err := currency.ParseISO(s)
	return err == nil
}

// currencyPrefix returns the currency that starts s and its width.
func currencyPrefix(s string) (string, int) {
	if len(s) >= 3 && isCode(s[:3]) && (len(s) == 3 || !isASCIILetter(s[3])) {
		return s[:3], 3
	}
	for _, c := range currencySymbols {
		if strings.HasPrefix(s, c.sym) {
			return c.code, len(c.sym)
		}
	}
	return "", 0
}

// currencySuffix returns the currency that ends s and its width.
func currencySuffix(s string) (string, int) {
	if n := len(s); n >= 3 && isCode(s[n-3:]) && (n == 3 || !isASCIILetter(s[n-4])) {
		return s[n-3:], 3
	}
	for _, c := range currencySymbols {
		if strings.HasSuffix(s, c.sym) {
			return c.code, len(c.sym)
		}
	}
	return "", 0
}

const (
	maxRuns   = 16 // digit groups in one number
	maxDigits = 40 // significant and fractional digits in one number
)

// ParseNumber reads an amount or a rate. See the package documentation for
// the grammar. It never applies strconv to the raw text: the text is
// checked against the grammar first and only a canonical digit string ever
// reaches a float conversion. Errors are *Error.
func ParseNumber(s string) (Number, error) {
	if n, ok := plainNumber(s); ok {
		return n, nil
	}
	return parseNumber(s)
}

// parseNumber is the full grammar, kept apart so that the fast path does
// not pay for its large frame.
func parseNumber(s string) (Number, error) {
	var n Number
	t := trimSpace(s)
	if t == "" {
		return n, numberError(s, "")
	}
	i, j := 0, len(t)
	var neg, open, closed, signed bool
	// Prefix: sign, parenthesis and currency, in any order, with spaces.
	for i < j && !isDigit(t[i]) {
		if w := spaceAt(t, i); w > 0 {
			i += w
			continue
		}
		switch c := t[i]; {
		case c == '(' && !open:
			open = true
			i++
		case (c == '-' || c == '+') && !signed:
			signed, neg = true, c == '-'
			i++
		case strings.HasPrefix(t[i:], "\u2212") && !signed:
			signed, neg = true, true
			i += len("\u2212")
		default:
			code, w := currencyPrefix(t[i:j])
			if w == 0 || n.Currency != "" {
				return Number{}, numberError(s, "")
			}
			n.Currency = code
			i += w
		}
	}
	// Suffix: parenthesis, percent and currency, with spaces.
	for j > i && !isDigit(t[j-1]) {
		if w := spaceBefore(t, j); w > 0 {
			j -= w
			continue
		}
		switch c := t[j-1]; {
		case c == ')' && !closed:
			closed = true
			j--
		case c == '%' && !n.Percent:
			n.Percent = true
			j--
		default:
			code, w := currencySuffix(t[i:j])
			if w == 0 || n.Currency != "" {
				return Number{}, numberError(s, "")
			}
			n.Currency = code
			j -= w
		}
	}
	switch {
	case i >= j:
		return Number{}, numberError(s, "no digits")
	case open != closed:
		return Number{}, numberError(s, "unbalanced parentheses")
	case open && signed:
		return Number{}, numberError(s, "a sign and parentheses")
	case n.Percent && n.Currency != "":
		return Number{}, numberError(s, "a currency and a percent sign")
	}
	body := t[i:j]

	// Split the body into digit runs and the separators between them.
	var start, end [maxRuns]int
	var seps [maxRuns]sepKind // seps[r] is the separator before run r
	nr, p, exp := 0, 0, 0
	hasExp := false
	for {
		st := p
		for p < len(body) && isDigit(body[p]) {
			p++
		}
		if p == st {
			return Number{}, numberError(s, "a separator not followed by a digit")
		}
		if nr == maxRuns {
			return Number{}, numberError(s, "too many digit groups")
		}
		start[nr], end[nr] = st, p
		nr++
		if p == len(body) {
			break
		}
		if c := body[p]; c == 'E' || c == 'e' {
			e, ok := exponent(body[p+1:])
			if !ok {
				return Number{}, numberError(s, "a bad exponent")
			}
			exp, hasExp = e, true
			break
		}
		k, w := sepAt(body, p)
		if k == sepNone {
			return Number{}, numberError(s, "")
		}
		seps[nr] = k
		p += w
	}

	// Classify: which runs are thousands groups, is the last one decimals.
	decimal, ambiguous := false, false
	lead := body[start[0]] == '0' && end[0]-start[0] > 1
	switch last := seps[nr-1]; {
	case nr == 1:
	case hasExp:
		if nr > 2 || (last != sepDot && last != sepComma) {
			return Number{}, numberError(s, "separators in a number with an exponent")
		}
		decimal, n.Style = true, decimalStyle(last)
	case uniform(seps[1:nr]):
		switch {
		case last == sepSpace || last == sepApos:
			// thousands only: proves nothing
		case nr == 2:
			if end[0]-start[0] <= 3 && end[1]-start[1] == 3 && body[start[0]] != '0' {
				ambiguous = true
			} else {
				decimal, n.Style = true, decimalStyle(last)
			}
		default:
			// "1,234,567" can only be thousands: the other separator is
			// the decimal one.
			if end[nr-1]-start[nr-1] != 3 {
				return Number{}, numberError(s, "two decimal separators")
			}
			if last == sepDot {
				n.Style = CommaDecimal
			} else {
				n.Style = PointDecimal
			}
		}
	default:
		// Mixed: thousands separators, then one decimal separator.
		if last != sepDot && last != sepComma || !uniform(seps[1:nr-1]) {
			return Number{}, numberError(s, "separators in the wrong order")
		}
		if seps[1] == sepDot || seps[1] == sepComma {
			if (seps[1] == sepDot) == (last == sepDot) {
				return Number{}, numberError(s, "two decimal separators")
			}
		}
		decimal, n.Style = true, decimalStyle(last)
	}
	ints := nr
	if decimal {
		ints = nr - 1
	}
	if lead {
		return Number{}, numberError(s, "a leading zero")
	}
	if ints > 1 {
		if end[0]-start[0] > 3 || body[start[0]] == '0' {
			return Number{}, numberError(s, "thousands groups must have three digits")
		}
		for r := 1; r < ints; r++ {
			if end[r]-start[r] != 3 {
				return Number{}, numberError(s, "thousands groups must have three digits")
			}
		}
	}
	if n.Percent {
		exp -= 2
	}

	var ok bool
	if ambiguous {
		grouped, okg := decimalValue(body, start[:nr], end[:nr], nr, exp)
		point, okp := decimalValue(body, start[:nr], end[:nr], 1, exp)
		if !okg || !okp {
			return Number{}, numberError(s, "out of range")
		}
		n.Ambiguous = true
		if seps[1] == sepDot {
			n.Value, n.Alt = point, grouped
		} else {
			n.Value, n.Alt = grouped, point
		}
	} else {
		n.Value, ok = decimalValue(body, start[:nr], end[:nr], ints, exp)
		if !ok {
			return Number{}, numberError(s, "out of range")
		}
	}
	if neg || open {
		n.Value, n.Alt = -n.Value, -n.Alt
	}
	n.Value += 0 // no negative zero
	n.Alt += 0
	return n, nil
}

func uniform(seps []sepKind) bool {
	for _, k := range seps {
		if k != seps[0] {
			return false
		}
	}
	return true
}

// exponent reads [+-]digits (one to three digits) and nothing after.
func exponent(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	e := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		e = e*10 + int(s[i]-'0')
	}
	if neg {
		e = -e
	}
	return e, true
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimalValue returns the value of the digit runs of body, the first ints
// of them forming the integer part and the rest the fraction, times 10^exp.
// It is exact (correctly rounded): small values take the exact fast path,
// the others go through strconv on a canonical digit string.
func decimalValue(body string, start, end []int, ints, exp int) (float64, bool) {
	var buf [maxDigits + 8]byte
	nd, frac := 0, 0
	var mant uint64
	for r := range start {
		for p := start[r]; p < end[r]; p++ {
			c := body[p]
			if nd == 0 && c == '0' {
				if r >= ints {
					frac++
				}
				continue // leading zeros carry no significance
			}
			if nd == maxDigits {
				return 0, false
			}
			buf[nd] = c
			nd++
			mant = mant*10 + uint64(c-'0')
			if r >= ints {
				frac++
			}
		}
	}
	if nd == 0 {
		return 0, true
	}
	e := exp - frac
	if nd <= 15 && e >= -22 && e <= 22 {
		f := float64(mant) // exact below 2^53
		if e < 0 {
			return f / pow10[-e], true
		}
		return f * pow10[e], true
	}
	b := append(buf[:nd], 'e')
	b = strconv.AppendInt(b, int64(e), 10)
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// plainNumber is the fast path for the commonest cells, "1054" and
// "1124741.15": at most 15 digits, an optional decimal point, no leading
// zero and no ambiguity. It returns what the full grammar would.
func plainNumber(s string) (Number, bool) {
	if len(s) == 0 || len(s) > 16 {
		return Number{}, false
	}
	var mant uint64
	point := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			mant = mant*10 + uint64(c-'0')
		case c == '.' && point < 0 && i > 0 && i < len(s)-1:
			point = i
		default:
			return Number{}, false
		}
	}
	intLen, frac := len(s), 0
	if point >= 0 {
		intLen, frac = point, len(s)-point-1
	}
	if intLen+frac > 15 || intLen > 1 && s[0] == '0' || frac == 3 && intLen <= 3 && s[0] != '0' {
		return Number{}, false // long, refused or ambiguous: the full grammar says why
	}
	n := Number{Value: float64(mant) / pow10[frac]}
	if point >= 0 {
		n.Style = PointDecimal
	}
	return n, true
}
