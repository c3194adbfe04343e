package parse

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var numberSeeds = []string{
	"0", "1054", "1124741.15", "1,234", "1.234", "1 200 000,00 €", "1,200,000.00", "$1,054.00",
	"1.200.000,00", "1'200'000", "EUR 1 200", "1200 EUR", "(1 200,00)", "−1 200", "18 %", "0,18",
	"1E+05", "1,5E+06", "010", "", "NaN", "0x1F", "1_000", "1.234,567.89", "$ (1,054.00)",
	"1\u202f200,5", "US$ 12,400.00", "-2,5 %", "9" + strings.Repeat("9", 30), "1e400",
}

var plainDecimal = regexp.MustCompile(`^(0|[1-9][0-9]{0,20})(\.[0-9]{1,20})?$`)

func FuzzParseNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Found != s {
				t.Fatalf("ParseNumber(%q): error %#v is not a *Error of the input", s, err)
			}
			if n != (Number{}) {
				t.Fatalf("ParseNumber(%q) failed but returned %+v", s, n)
			}
			return
		}
		if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) || math.IsNaN(n.Alt) || math.IsInf(n.Alt, 0) {
			t.Fatalf("ParseNumber(%q) = %+v: not finite", s, n)
		}
		if !n.Ambiguous && n.Alt != 0 {
			t.Fatalf("ParseNumber(%q) = %+v: Alt without ambiguity", s, n)
		}
		if n.Ambiguous && n.Style != NoStyle {
			t.Fatalf("ParseNumber(%q) = %+v: ambiguous yet proves a style", s, n)
		}
		if n.Percent && n.Currency != "" {
			t.Fatalf("ParseNumber(%q) = %+v: a rate with a currency", s, n)
		}
		// Surrounding spaces change nothing.
		if m, err := ParseNumber(" \u00a0" + s + " "); err != nil || m != n {
			t.Fatalf("ParseNumber(%q) with spaces = %+v, %v; want %+v", s, m, err, n)
		}
		// The fast path agrees with the full grammar.
		if fast, ok := plainNumber(s); ok {
			if full, err := parseNumber(s); err != nil || full != fast {
				t.Fatalf("ParseNumber(%q): fast path %+v, full grammar %+v, %v", s, fast, full, err)
			}
		}
		// A plain decimal reads as strconv reads it.
		if plainDecimal.MatchString(s) {
			want, err := strconv.ParseFloat(s, 64)
			if err == nil && n.Value != want {
				t.Fatalf("ParseNumber(%q) = %v, strconv says %v", s, n.Value, want)
			}
		}
	})
}

var dateSeeds = []string{
	"2026-12-31", "2024-01-22T16:14:25.000+0000", "2023-05-11 00:00:00", "31/12/2026",
	"12/31/2026", "3/1/2017", "31.12.2026", "31-12-2026", "02/23/26 08:55 PM", "31 décembre 2026",
	"31 déc. 2026", "1er janvier 2026", "Dec 31, 2026", "31-Dec-2026", "Thursday, December 31, 2026",
	"31/02/2026", "45291", "", "2026-12-31T10:00:00+05:", "29 Feb 2024",
}

func FuzzParseDate(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, two bool) {
		d, err := ParseDate(s, two)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Found != s || pe.What != "date" {
				t.Fatalf("ParseDate(%q): error %#v is not a date *Error of the input", s, err)
			}
			if d != (Date{}) {
				t.Fatalf("ParseDate(%q) failed but returned %+v", s, d)
			}
			return
		}
		checkDay := func(v time.Time) {
			if v.Location() != time.UTC || v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 ||
				v.Nanosecond() != 0 || v.Year() < 1 || v.Year() > 9999 {
				t.Fatalf("ParseDate(%q) = %v: not a calendar date", s, v)
			}
		}
		checkDay(d.Value)
		if d.Ambiguous {
			checkDay(d.Alt)
			if d.Proves != OrderUnknown || d.Alt.Equal(d.Value) {
				t.Fatalf("ParseDate(%q) = %+v: inconsistent ambiguity", s, d)
			}
		} else if !d.Alt.IsZero() {
			t.Fatalf("ParseDate(%q) = %+v: Alt without ambiguity", s, d)
		}
		if !two {
			if e, err := ParseDate(s, true); err != nil || e != d {
				t.Fatalf("ParseDate(%q) differs when two-digit years are allowed: %+v, %v", s, e, err)
			}
		}
	})
}

func FuzzExcelSerial(f *testing.F) {
	for _, v := range []float64{1, 59, 60, 61, 45291.5, 2958465, 2958466, 0, -1, 1e300} {
		f.Add(v, false)
		f.Add(v, true)
	}
	f.Fuzz(func(t *testing.T, v float64, d1904 bool) {
		got, err := ExcelSerial(v, d1904)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("ExcelSerial(%v): %#v is not a *Error", v, err)
			}
			return
		}
		if got.Location() != time.UTC || got.Hour() != 0 || got.Year() < 1900 || got.Year() > 9999 {
			t.Fatalf("ExcelSerial(%v, %v) = %v", v, d1904, got)
		}
	})
}

func FuzzHeader(f *testing.F) {
	for _, s := range []string{"Close Date", "Date de clôture", "Owner.External_Id__c", "Deal - Value",
		"(Do Not Modify) Opportunity", "Montant (EUR)", "Cœur", "Closed/Won", "6 - Gagné", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeHeader(s)
		if NormalizeHeader(n) != n {
			t.Fatalf("NormalizeHeader(%q) = %q is not stable", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("NormalizeHeader(%q) = %q has stray spaces", s, n)
		}
		if f1, ok1 := Field(s); ok1 != (FieldPriority(s) > 0) {
			t.Fatalf("Field(%q) = %q, %v but priority %d", s, f1, ok1, FieldPriority(s))
		}
		if f1, _ := Field(s); f1 != "" {
			if f2, _ := Field(n); f2 != f1 {
				t.Fatalf("Field(%q) = %q but Field(%q) = %q", s, f1, n, f2)
			}
		}
		st, ok := StageStatus(s, nil)
		if st2, ok2 := StageStatus(n, nil); st2 != st || ok2 != ok {
			t.Fatalf("StageStatus(%q) = %v, %v but of its normal form %v, %v", s, st, ok, st2, ok2)
		}
		_ = Closest(s, []string{"Amount", n})
	})
}

// FuzzNumberFormats writes a number in one of the conventions spreadsheets
// use (thousands separator, decimal separator, decimals, sign, currency)
// and checks that ParseNumber reads it back under the written style, and
// never proves the other style.
func FuzzNumberFormats(f *testing.F) {
	f.Add(int64(1234567), uint8(2), uint8(0), uint8(0))
	f.Add(int64(-1234), uint8(0), uint8(1), uint8(1))
	f.Add(int64(1234), uint8(3), uint8(2), uint8(2))
	f.Add(int64(5), uint8(1), uint8(3), uint8(3))
	f.Fuzz(func(t *testing.T, mant int64, decimals, conv, deco uint8) {
		if mant == math.MinInt64 {
			return
		}
		type convention struct {
			thousands, point string
			style            Style
		}
		convs := []convention{
			{",", ".", PointDecimal}, {".", ",", CommaDecimal}, {" ", ",", CommaDecimal},
			{"\u00a0", ",", CommaDecimal}, {"\u202f", ",", CommaDecimal}, {"'", ".", PointDecimal},
			{"", ".", PointDecimal}, {"", ",", CommaDecimal}, {" ", ".", PointDecimal},
		}
		c := convs[int(conv)%len(convs)]
		dec := int(decimals % 7)
		neg := mant < 0
		digits := strconv.FormatInt(mant, 10)
		if neg {
			digits = digits[1:]
		}
		for len(digits) <= dec {
			digits = "0" + digits
		}
		intPart, frac := digits[:len(digits)-dec], digits[len(digits)-dec:]
		var b strings.Builder
		for i := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteString(c.thousands)
			}
			b.WriteByte(intPart[i])
		}
		if dec > 0 {
			b.WriteString(c.point)
			b.WriteString(frac)
		}
		s := b.String()
		switch deco % 5 {
		case 1:
			s += "\u00a0€"
		case 2:
			s = "$" + s
		case 3:
			s += " %"
		case 4:
			s = "EUR " + s
		}
		if neg {
			if deco%2 == 0 {
				s = "(" + s + ")"
			} else {
				s = "-" + s
			}
		}
		canon := intPart
		if dec > 0 {
			canon += "." + frac
		}
		want, err := strconv.ParseFloat(canon, 64)
		if err != nil {
			t.Fatal(err)
		}
		if deco%5 == 3 {
			want, _ = strconv.ParseFloat(canon+"e-2", 64)
		}
		if neg {
			want = -want
		}
		n, err := ParseNumber(s)
		if err != nil {
			t.Fatalf("ParseNumber(%q): %v", s, err)
		}
		if got := n.Resolve(c.style); got != want && !(got == 0 && want == 0) {
			t.Fatalf("ParseNumber(%q) under %v = %v, want %v (%+v)", s, c.style, got, want, n)
		}
		if n.Style != NoStyle && n.Style != c.style {
			t.Fatalf("ParseNumber(%q) proves %v, written %v", s, n.Style, c.style)
		}
	})
}
