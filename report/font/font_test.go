package font

import "testing"

func TestHas(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'A', true}, {'é', true}, {'É', true}, {'ç', true}, {'€', true},
		{'\u00a0', true}, {'→', true}, {'…', true}, {'–', true}, {'▲', true},
		{'\u202f', false}, {'✓', false}, {'✗', false}, {'\n', false},
		{'漢', false}, {0x1F600, false}, {-1, false},
	} {
		if got := Has(tc.r); got != tc.want {
			t.Errorf("Has(%U) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Équipe Île-de-France 1\u00a0200\u00a0€", "Équipe Île-de-France 1\u00a0200\u00a0€"},
		{"1\u202f200\u2009€", "1\u00a0200\u00a0€"},
		{"line\nbreak\ttab", "line break tab"},
		{"✓ done 漢字", "? done ??"},
		{"bad \xff byte", "bad ? byte"},
		{"", ""},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func BenchmarkClean(b *testing.B) {
	s := "Équipe Grands Comptes Île-de-France: 1\u00a0200\u00a0000\u00a0€"
	for b.Loop() {
		_ = Clean(s)
	}
}
