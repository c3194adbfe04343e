package main

import (
	"reflect"
	"testing"
)

func TestReorderArgs(t *testing.T) {
	app := newApp(nil, nil)
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"flags first", []string{"smartplan", "check", "--sheet", "N", "a.csv"},
			[]string{"smartplan", "check", "--sheet", "N", "a.csv"}},
		{"flag after file", []string{"smartplan", "check", "a.csv", "--sheet", "N", "b.csv"},
			[]string{"smartplan", "check", "--sheet", "N", "a.csv", "b.csv"}},
		{"bool flag after file", []string{"smartplan", "ratios", "--history", "h.csv", "x", "--json"},
			[]string{"smartplan", "ratios", "--history", "h.csv", "--json", "x"}},
		{"equals form", []string{"smartplan", "check", "a.csv", "--sheet=N"},
			[]string{"smartplan", "check", "--sheet=N", "a.csv"}},
		{"double dash", []string{"smartplan", "check", "--", "-odd.csv"},
			[]string{"smartplan", "check", "--", "-odd.csv"}},
		{"no command", []string{"smartplan", "--help"}, []string{"smartplan", "--help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reorderArgs(app, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
