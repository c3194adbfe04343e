package ident

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"North", "north"},
		{"  North  ", "north"},
		{"Nord-Est", "nord est"},
		{"Nord  Est", "nord est"},
		{"Réseau Partenaires", "reseau partenaires"},
		{"RÉSEAU_PARTENAIRES", "reseau partenaires"},
		{"PME & ETI", "pme eti"},
		{"(company)", "company"},
		{"*", "*"},
		{" - ", "-"},
		{"", ""},
		{"Ærø", "ærø"},
		{"東京 チーム", "東京 チーム"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"équipe", "equipe", 1}, {"west", "westt", 1}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	known := []string{"Central", "East", "West", "Grands Comptes"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"Centrale", []string{"Central"}},
		{"Westt", []string{"West"}},
		{"Est", []string{"East", "West"}},
		{"grand compte", []string{"Grands Comptes"}},
		{"Asia Pacific", nil},
		{"central", nil}, // the same name is no suggestion
	} {
		if got := Nearest(tc.name, known, 3); !slices.Equal(got, tc.want) {
			t.Errorf("Nearest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
