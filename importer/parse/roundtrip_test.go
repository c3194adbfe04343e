package parse

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner/locale"
)

// TestDateRoundTrip writes every 3rd day of 1999–2031 in the layouts of
// English, French and US spreadsheets, and of the report locale, and reads
// each back: the date must come back exactly, with the order each layout
// can prove.
func TestDateRoundTrip(t *testing.T) {
	layouts := []struct {
		layout string
		order  DateOrder // OrderUnknown: proves nothing, or only for some days
	}{
		{"2006-01-02", YMD},
		{"2006-01-02T15:04:05.000-0700", YMD},
		{"2006-01-02 15:04:05", YMD},
		{"2006/01/02", YMD},
		{"02/01/2006", OrderUnknown},
		{"01/02/2006", OrderUnknown},
		{"2/1/2006 3:04 PM", OrderUnknown},
		{"02.01.2006", OrderUnknown},
		{"2-Jan-2006", OrderUnknown},
		{"January 2, 2006", OrderUnknown},
		{"Mon, Jan 2, 2006", OrderUnknown},
		{"2 Jan 2006 15:04", OrderUnknown},
	}
	zone := time.FixedZone("", -5*3600)
	for d := time.Date(1999, 1, 1, 23, 30, 0, 0, zone); d.Year() < 2032; d = d.AddDate(0, 0, 3) {
		want := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		for _, l := range layouts {
			s := d.Format(l.layout)
			got, err := ParseDate(s, false)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
			order := l.order
			if order == OrderUnknown && got.Proves != OrderUnknown {
				order = got.Proves
			}
			if strings.HasPrefix(l.layout, "01") || strings.HasPrefix(l.layout, "1/") {
				order = MDY // written month first: resolve so
			} else if order == OrderUnknown {
				order = DMY
			}
			if v := got.Resolve(order); !v.Equal(want) {
				t.Fatalf("ParseDate(%q) resolved %v = %v, want %v", s, order, v, want)
			}
			if l.order != OrderUnknown && got.Proves != l.order {
				t.Fatalf("ParseDate(%q) proves %v, want %v", s, got.Proves, l.order)
			}
		}
		for _, lang := range []string{"en", "fr"} {
			for _, s := range []string{locale.Date(lang, d), locale.ShortDate(lang, d)} {
				got, err := ParseDate(s, false)
				if err != nil {
					t.Fatalf("ParseDate(%q) of the %s report locale: %v", s, lang, err)
				}
				if v := got.Resolve(DMY); !v.Equal(want) {
					t.Fatalf("ParseDate(%q) = %v, want %v", s, v, want)
				}
			}
		}
	}
}

// TestNumberRoundTrip writes amounts and rates the way the report locale
// writes them and reads them back.
func TestNumberRoundTrip(t *testing.T) {
	for _, v := range []float64{0, 0.5, 1, 12.34, 999, 1000, 1234.5, 65432.1, 1e6, 1234567.89, 98765432.1, -1200.5} {
		for _, lang := range []string{"en", "fr"} {
			style := PointDecimal
			if lang == "fr" {
				style = CommaDecimal
			}
			for i, s := range []string{locale.Number(lang, v, 2), locale.MoneyDecimals(lang, v, "EUR", 2),
				locale.MoneyDecimals(lang, v, "USD", 2), locale.Number(lang, v, 0)} {
				n, err := ParseNumber(s)
				if err != nil {
					t.Fatalf("ParseNumber(%q): %v", s, err)
				}
				want := v
				if i == 3 {
					want = math.RoundToEven(v) // written without decimals, as strconv rounds
				}
				if got := n.Resolve(style); got != want {
					t.Errorf("ParseNumber(%q) = %v, want %v", s, got, want)
				}
				if n.Style != NoStyle && n.Style != style {
					t.Errorf("ParseNumber(%q) proves %v, written in %s", s, n.Style, lang)
				}
			}
		}
	}
	for _, v := range []float64{0, 0.05, 0.185, 0.25, 1} {
		for _, lang := range []string{"en", "fr"} {
			s := locale.Percent(lang, v, 1)
			n, err := ParseNumber(s)
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", s, err)
			}
			if !n.Percent || math.Abs(n.Value-v) > 1e-12 {
				t.Errorf("ParseNumber(%q) = %+v, want the rate %v", s, n, v)
			}
		}
	}
}
