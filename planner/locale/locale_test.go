package locale

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	dec31 := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, got, want string
	}{
		{"en number", Number("en", 1200000, 0), "1,200,000"},
		{"fr number", Number("fr", 1200000.5, 2), "1\u00a0200\u00a0000,50"},
		{"small", Number("en", 999, 0), "999"},
		{"negative", Number("en", -1234.5, 1), "-1,234.5"},
		{"no minus zero", Number("en", -0.001, 1), "0.0"},
		{"en money", Money("en", 1200000, "EUR"), "€1,200,000"},
		{"fr money", Money("fr", 1200000, "EUR"), "1\u00a0200\u00a0000\u00a0€"},
		{"no currency, no symbol", Money("en", 1200000, ""), "1,200,000"},
		{"no currency, no symbol fr", Money("fr", -1200, ""), "-1\u00a0200"},
		{"usd", Money("en", -1054, "USD"), "-$1,054"},
		{"chf", Money("en", 10, "CHF"), "CHF\u00a010"},
		{"en percent", Percent("en", 0.25, 1), "25.0%"},
		{"fr percent", Percent("fr", 0.25, 1), "25,0\u00a0%"},
		{"count exact", Count("en", 60.0000000001), "60"},
		{"count up", Count("en", 240.2), "241"},
		{"en date", Date("en", dec31), "31 December 2026"},
		{"fr date", Date("fr", dec31), "31 décembre 2026"},
		{"fr first", Date("fr-FR", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)), "1er mars 2026"},
		{"short fr", ShortDate("fr", dec31), "31/12/2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestCountedAndQuarter(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Counted("en", 1, "deal", "deals"), "1 deal"},
		{Counted("en", 0, "deal", "deals"), "0 deals"},
		{Counted("en", 1043, "deal", "deals"), "1,043 deals"},
		{Counted("fr", 0, "affaire", "affaires"), "0 affaire"},
		{Counted("fr", 1, "affaire", "affaires"), "1 affaire"},
		{Counted("fr", 1043, "affaire", "affaires"), "1\u00a0043 affaires"},
		{Quarter("en", 2025, 1), "Q1 2025"},
		{Quarter("fr", 2026, 3), "T3 2026"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
