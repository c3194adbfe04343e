package locale

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// NBSP is the no-break space used as the French thousands separator and
// before units. (The narrow no-break space U+202F of recent CLDR data is
// missing from many embedded fonts.)
const NBSP = "\u00a0"

// Normalize returns "fr" for any French tag ("fr", "fr-FR", "FR") and "en"
// otherwise.
func Normalize(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "fr") {
		return "fr"
	}
	return "en"
}

// Number formats v with the given number of decimals and grouped
// thousands: 1,234.5 (en) or 1 234,5 (fr).
func Number(lang string, v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	neg := v < 0
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if neg && strings.Trim(s, "0.") == "" {
		neg = false // no "-0"
	}
	thousands, point := ",", "."
	if Normalize(lang) == "fr" {
		thousands, point = NBSP, ","
	}
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// Count formats a count of people or things as a whole number, rounded up
// (METHOD §4: counts shown to people are rounded up). A value within 1e-9
// of an integer is taken as that integer, so 60.0000000001 stays 60.
func Count(lang string, v float64) string {
	return Number(lang, CeilCount(v), 0)
}

// Counted is n, grouped, with its noun agreed in lang: the singular one
// for 1 in English, below 2 in French ("1 deal", "0 affaire", "1 043
// affaires clôturées").
func Counted(lang string, n int, one, many string) string {
	w := many
	if n == 1 || Normalize(lang) == "fr" && n < 2 {
		w = one
	}
	return Number(lang, float64(n), 0) + " " + w
}

// Quarter names a calendar quarter (1 to 4) of a year: "Q1 2025", in
// French "T1 2025".
func Quarter(lang string, year, q int) string {
	p := "Q"
	if Normalize(lang) == "fr" {
		p = "T"
	}
	return p + strconv.Itoa(q) + " " + strconv.Itoa(year)
}

// CeilCount rounds a required count up, tolerating floating-point noise.
func CeilCount(v float64) float64 {
	if r := math.Round(v); math.Abs(v-r) < 1e-9 {
		return r
	}
	return math.Ceil(v)
}

// Money formats an amount in a currency with no decimals: "€1,200,000"
// (en) or "1 200 000 €" (fr). Currency is an ISO code (EUR, USD, GBP, …);
// empty means EUR.
func Money(lang string, v float64, currency string) string {
	return MoneyDecimals(lang, v, currency, 0)
}

// MoneyDecimals is Money with a chosen number of decimals.
func MoneyDecimals(lang string, v float64, currency string, decimals int) string {
	sym := Symbol(currency)
	n := Number(lang, math.Abs(v), decimals)
	sign := ""
	if v < 0 && n != Number(lang, 0, decimals) {
		sign = "-"
	}
	if sym == "" {
		return sign + n
	}
	if Normalize(lang) == "fr" {
		return sign + n + NBSP + sym
	}
	if len([]rune(sym)) > 1 {
		return sign + sym + NBSP + n
	}
	return sign + sym + n
}

// Symbol returns the symbol of a currency code: € for EUR, $ for USD, £
// for GBP; other codes are returned as they are. An empty code (the
// currency is not known) has no symbol: smartplan never shows a currency
// that no input stated.
func Symbol(currency string) string {
	switch strings.ToUpper(strings.TrimSpace(currency)) {
	case "":
		return ""
	case "EUR", "€":
		return "€"
	case "USD", "$":
		return "$"
	case "GBP", "£":
		return "£"
	case "CHF":
		return "CHF"
	default:
		return currency
	}
}

// Percent formats a fraction as a percentage: 0.25 is "25.0%" (en) or
// "25,0 %" (fr).
func Percent(lang string, v float64, decimals int) string {
	n := Number(lang, v*100, decimals)
	if Normalize(lang) == "fr" {
		return n + NBSP + "%"
	}
	return n + "%"
}

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin",
	"juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Date formats a date in full: "31 December 2026" (en) or "31 décembre
// 2026" (fr).
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if Normalize(lang) == "fr" {
		d := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			d = "1er"
		}
		return d + " " + frMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + strconv.Itoa(t.Year())
}

// MonthName formats a month and year: "March 2026" or "mars 2026".
func MonthName(lang string, year int, month time.Month) string {
	if Normalize(lang) == "fr" {
		return frMonths[month-1] + " " + strconv.Itoa(year)
	}
	return month.String() + " " + strconv.Itoa(year)
}

// ShortDate formats a date as 31/12/2026 (fr) or 2026-12-31 (en, ISO, which
// no reader misreads).
func ShortDate(lang string, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	if Normalize(lang) == "fr" {
		return t.Format("02/01/2006")
	}
	return t.Format("2006-01-02")
}
