package parse

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in       string
		value    float64
		alt      float64
		amb      bool
		style    Style
		percent  bool
		currency string
	}{
		// Plain integers and decimals.
		{in: "0", value: 0},
		{in: "7", value: 7},
		{in: "1054", value: 1054},
		{in: "462022", value: 462022},
		{in: "1124741.15", value: 1124741.15, style: PointDecimal},
		{in: "9225.225", value: 9225.225, style: PointDecimal},
		{in: "17499.9499999999", value: 17499.9499999999, style: PointDecimal},
		{in: "1.5", value: 1.5, style: PointDecimal},
		{in: "1,5", value: 1.5, style: CommaDecimal},
		{in: "1,23", value: 1.23, style: CommaDecimal},
		{in: "1.23", value: 1.23, style: PointDecimal},
		{in: "0,234", value: 0.234, style: CommaDecimal},
		{in: "0.234", value: 0.234, style: PointDecimal},
		{in: "0,18", value: 0.18, style: CommaDecimal},
		{in: "0.05", value: 0.05, style: PointDecimal},
		{in: "1234.5", value: 1234.5, style: PointDecimal},
		{in: "1234,5", value: 1234.5, style: CommaDecimal},
		{in: "1234,567", value: 1234.567, style: CommaDecimal},
		{in: "12,3456", value: 12.3456, style: CommaDecimal},
		{in: "12.3456", value: 12.3456, style: PointDecimal},
		{in: "0.1", value: 0.1, style: PointDecimal},
		{in: "0.00", value: 0, style: PointDecimal},

		// Ambiguous: thousands or decimals.
		{in: "1,234", value: 1234, alt: 1.234, amb: true},
		{in: "1.234", value: 1.234, alt: 1234, amb: true},
		{in: "12,500", value: 12500, alt: 12.5, amb: true},
		{in: "999.999", value: 999.999, alt: 999999, amb: true},
		{in: "-1,234", value: -1234, alt: -1.234, amb: true},
		{in: "$1,234", value: 1234, alt: 1.234, amb: true, currency: "USD"},
		{in: "1.234 €", value: 1.234, alt: 1234, amb: true, currency: "EUR"},
		{in: "1,234 %", value: 12.34, alt: 0.01234, amb: true, percent: true},

		// English and US grouping.
		{in: "1,200,000.00", value: 1200000, style: PointDecimal},
		{in: "1,200,000", value: 1200000, style: PointDecimal},
		{in: "$1,054.00", value: 1054, style: PointDecimal, currency: "USD"},
		{in: "$1,234,567", value: 1234567, style: PointDecimal, currency: "USD"},
		{in: "-$1,054.00", value: -1054, style: PointDecimal, currency: "USD"},
		{in: "$-1,054.00", value: -1054, style: PointDecimal, currency: "USD"},
		{in: "$ (1,054.00)", value: -1054, style: PointDecimal, currency: "USD"},
		{in: "($1,054.00)", value: -1054, style: PointDecimal, currency: "USD"},
		{in: " $ 1,054.00 ", value: 1054, style: PointDecimal, currency: "USD"},
		{in: "US$ 12,400.00", value: 12400, style: PointDecimal, currency: "USD"},
		{in: "£1,200.50", value: 1200.5, style: PointDecimal, currency: "GBP"},
		{in: "USD1,054.00", value: 1054, style: PointDecimal, currency: "USD"},
		{in: "95,570.69", value: 95570.69, style: PointDecimal},
		{in: "1 234.5", value: 1234.5, style: PointDecimal},

		// French and continental grouping.
		{in: "1 200 000,00 €", value: 1200000, style: CommaDecimal, currency: "EUR"},
		{in: "1\u00a0200\u00a0000,00\u00a0€", value: 1200000, style: CommaDecimal, currency: "EUR"},
		{in: "1\u202f200\u202f000,00\u202f€", value: 1200000, style: CommaDecimal, currency: "EUR"},
		{in: "1\u2009200,5", value: 1200.5, style: CommaDecimal},
		{in: "1.200.000,00", value: 1200000, style: CommaDecimal},
		{in: "1.200.000", value: 1200000, style: CommaDecimal},
		{in: "32.000,00", value: 32000, style: CommaDecimal},
		{in: "$ 32.000,00", value: 32000, style: CommaDecimal, currency: "USD"},
		{in: "1 200", value: 1200},
		{in: "1 200 000", value: 1200000},
		{in: "EUR 1 200", value: 1200, currency: "EUR"},
		{in: "1200 EUR", value: 1200, currency: "EUR"},
		{in: "1200EUR", value: 1200, currency: "EUR"},
		{in: "€1 200", value: 1200, currency: "EUR"},
		{in: "1 200 € ", value: 1200, currency: "EUR"},
		{in: "CHF 1'200.50", value: 1200.5, style: PointDecimal, currency: "CHF"},
		{in: "1'200'000", value: 1200000},
		{in: "1’200’000", value: 1200000},
		{in: "1'234,50", value: 1234.5, style: CommaDecimal},
		{in: "(1 200,00)", value: -1200, style: CommaDecimal},
		{in: "( 1 200,00 € )", value: -1200, style: CommaDecimal, currency: "EUR"},
		{in: "−1 200", value: -1200},
		{in: "−1 200,5", value: -1200.5, style: CommaDecimal},
		{in: "-1 200,5", value: -1200.5, style: CommaDecimal},
		{in: "+1 200", value: 1200},
		{in: "- 1 200", value: -1200},
		{in: "12,50 $US", value: 12.5, style: CommaDecimal, currency: "USD"},
		{in: "12,50 $CA", value: 12.5, style: CommaDecimal, currency: "CAD"},
		{in: "CA$ 12.50", value: 12.5, style: PointDecimal, currency: "CAD"},
		{in: "PEN 9225.225", value: 9225.225, style: PointDecimal, currency: "PEN"},

		// Rates.
		{in: "18 %", value: 0.18, percent: true},
		{in: "18%", value: 0.18, percent: true},
		{in: "18,5 %", value: 0.185, style: CommaDecimal, percent: true},
		{in: "18.5%", value: 0.185, style: PointDecimal, percent: true},
		{in: "100 %", value: 1, percent: true},
		{in: "0 %", value: 0, percent: true},
		{in: "-2,5 %", value: -0.025, style: CommaDecimal, percent: true},
		{in: "(5 %)", value: -0.05, percent: true},

		// Scientific notation as Excel writes it.
		{in: "1E+05", value: 1e5},
		{in: "1E5", value: 1e5},
		{in: "1e5", value: 1e5},
		{in: "1.2E+06", value: 1.2e6, style: PointDecimal},
		{in: "1,2E+06", value: 1.2e6, style: CommaDecimal},
		{in: "1,234E+05", value: 123400, style: CommaDecimal}, // a mantissa has no thousands
		{in: "2.5E-03", value: 0.0025, style: PointDecimal},
		{in: "-1.5E+10", value: -1.5e10, style: PointDecimal},
		{in: "1E+308", value: 1e308},

		// Zero is never negative.
		{in: "-0", value: 0},
		{in: "(0,00)", value: 0, style: CommaDecimal},

		// Long values go the slow, exact way.
		{in: "123456789012345678", value: 123456789012345678},
		{in: "1,234,567,890,123,456.78", value: 1234567890123456.78, style: PointDecimal},
		{in: "0.000000000000000000000001", value: 1e-24, style: PointDecimal},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := ParseNumber(tt.in)
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", tt.in, err)
			}
			if got, want := n.Value, tt.value; got != want || (want == 0 && math.Signbit(got)) {
				t.Errorf("Value = %v, want %v", got, want)
			}
			if got, want := n.Alt, tt.alt; got != want {
				t.Errorf("Alt = %v, want %v", got, want)
			}
			if got, want := n.Ambiguous, tt.amb; got != want {
				t.Errorf("Ambiguous = %v, want %v", got, want)
			}
			if got, want := n.Style, tt.style; got != want {
				t.Errorf("Style = %v, want %v", got, want)
			}
			if got, want := n.Percent, tt.percent; got != want {
				t.Errorf("Percent = %v, want %v", got, want)
			}
			if got, want := n.Currency, tt.currency; got != want {
				t.Errorf("Currency = %q, want %q", got, want)
			}
		})
	}
}

func TestParseNumberRejects(t *testing.T) {
	tests := []struct {
		in     string
		reason string // part of the message
	}{
		{"", "expected a value"},
		{"   ", "expected a value"},
		{"\u00a0", "expected a value"},
		{"NaN", ""},
		{"nan", ""},
		{"NAN", ""},
		{"Inf", ""},
		{"INF", ""},
		{"+Inf", ""},
		{"-Infinity", ""},
		{"∞", ""},
		{"0x1F", ""},
		{"0x10", ""},
		{"1_000", ""},
		{"010", "leading zero"},
		{"007", "leading zero"},
		{"01.5", "leading zero"},
		{"00,5", "leading zero"},
		{"0 123", "three digits"},
		{"12,5x", "expected an amount such as 1 200,50 or 1,200.50"},
		{"abc", ""},
		{"-", "no digits"},
		{"$", "no digits"},
		{"%", ""},
		{"()", ""},
		{"1.2.3", "two decimal separators"},
		{"1,2,3", "two decimal separators"},
		{"1.234.56", "two decimal separators"},
		{"1,234,56", "two decimal separators"},
		{"1.234,567.89", "wrong order"},
		{"1,234.567,89", "wrong order"},
		{"1.5,3", "three digits"},
		{"1,234.56.7", "wrong order"},
		{"1 234,5 6", "wrong order"},
		{"1,23,456", "three digits"},
		{"12,34,567.00", "three digits"},
		{"1234,567.00", "three digits"},
		{"1 2345", "three digits"},
		{"1 23", "three digits"},
		{"1  200", "not followed by a digit"},
		{".5", ""},
		{",5", ""},
		{"12.", ""},
		{"12,", ""},
		{"1e", ""},
		{"1E+", ""},
		{"1E+1234", "exponent"},
		{"1E5.0", "exponent"},
		{"1 000E3", "exponent"},
		{"1e400", "out of range"},
		{"(1 200", "parentheses"},
		{"1 200)", "parentheses"},
		{"-(1 200)", "sign and parentheses"},
		{"--5", ""},
		{"+-5", ""},
		{"5-", ""},
		{"$5 %", "currency and a percent"},
		{"5 %%", ""},
		{"$$5", ""},
		{"€ 5 EUR", ""},
		{"ABC 12", ""},
		{"12 abc", ""},
		{"eur 12", ""},
		{"1\t200", ""},
		{"١٢٣", ""},
		{"1 200 000,00 € HT", ""},
		{"12k", ""},
		{"TRUE", ""},
		{"2024-01-22", ""},
		{"1/2", ""},
		{strings.Repeat("9", 45), "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := ParseNumber(tt.in)
			if err == nil {
				t.Fatalf("ParseNumber(%q) = %+v, want an error", tt.in, n)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *Error", err)
			}
			if got, want := pe.Found, tt.in; got != want {
				t.Errorf("Found = %q, want %q", got, want)
			}
			if !strings.HasPrefix(err.Error(), "not a number: ") {
				t.Errorf("message %q does not start with \"not a number: \"", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("message %q does not mention %q", err, tt.reason)
			}
			if n != (Number{}) {
				t.Errorf("a refused number carries %+v", n)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := ParseNumber("12,5x")
	if got, want := err.Error(), `not a number: "12,5x" (expected an amount such as 1 200,50 or 1,200.50)`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, err = ParseNumber("")
	if got, want := err.Error(), `not a number: "" (expected a value)`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, err = ParseNumber("1.2.3")
	if got, want := err.Error(), `not a number: "1.2.3" (two decimal separators; expected an amount such as 1 200,50 or 1,200.50)`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var zero Error
	zero.Found, zero.Expected = "x", "y"
	if got, want := zero.Error(), `not a number: "x" (expected y)`; got != want {
		t.Errorf("zero What: got %s, want %s", got, want)
	}
}

func TestNumberResolve(t *testing.T) {
	tests := []struct {
		in    string
		style Style
		want  float64
	}{
		{"1,234", PointDecimal, 1234},
		{"1,234", CommaDecimal, 1.234},
		{"1,234", NoStyle, 1234},
		{"1.234", PointDecimal, 1.234},
		{"1.234", CommaDecimal, 1234},
		{"1 234,5", PointDecimal, 1234.5}, // not ambiguous: the style is ignored
		{"1,234.5", CommaDecimal, 1234.5},
		{"-1.234", CommaDecimal, -1234},
	}
	for _, tt := range tests {
		t.Run(tt.in+"/"+tt.style.String(), func(t *testing.T) {
			n, err := ParseNumber(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Resolve(tt.style); got != tt.want {
				t.Errorf("Resolve(%v) = %v, want %v", tt.style, got, tt.want)
			}
		})
	}
}

// TestParseNumberExact checks the fast path against strconv on canonical
// text for many values: the result must be the correctly rounded double.
func TestParseNumberExact(t *testing.T) {
	for _, c := range []struct{ in, canon string }{
		{"0,1", "0.1"}, {"0,3", "0.3"}, {"2,67", "2.67"}, {"2,6751", "2.6751"}, {"1 234 567,89", "1234567.89"},
		{"9 007 199 254 740 993", "9007199254740993"}, {"123 456 789 012 345,6", "123456789012345.6"},
		{"4,35 %", "0.0435"}, {"1,1E-22", "1.1e-22"}, {"5E-324", "5e-324"},
		{"8.598.000,9", "8598000.9"}, {"0,000123", "0.000123"},
	} {
		n, err := ParseNumber(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		want := mustFloat(t, c.canon)
		if n.Value != want {
			t.Errorf("ParseNumber(%q) = %v, want %v", c.in, n.Value, want)
		}
	}
}
