package planner

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// Date agrees with time.Time on every day from 1600 to 2400, both ways.
func TestDateRoundTrip(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := DateOf(start) - 1
	for tm := start; tm.Year() < 2400; tm = tm.AddDate(0, 0, 1) {
		d := DateOf(tm)
		if d != prev+1 {
			t.Fatalf("%s: Date %d follows %d", tm.Format(time.DateOnly), d, prev)
		}
		prev = d
		if got := d.Time(); !got.Equal(tm) {
			t.Fatalf("%s: Time() = %s", tm.Format(time.DateOnly), got)
		}
		y, m, dd := d.civil()
		if y != tm.Year() || m != tm.Month() || dd != tm.Day() {
			t.Fatalf("%s: civil() = %d-%d-%d", tm.Format(time.DateOnly), y, m, dd)
		}
	}
}

func TestDateEdges(t *testing.T) {
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"zero time is no date", time.Time{}, ""},
		{"epoch", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "1970-01-01"},
		{"day before epoch", time.Date(1969, 12, 31, 23, 59, 0, 0, time.UTC), "1969-12-31"},
		{"time of day dropped", time.Date(2026, 11, 27, 18, 30, 0, 0, time.UTC), "2026-11-27"},
		{"local calendar date kept", time.Date(2026, 12, 31, 23, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)), "2026-12-31"},
		{"leap day", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "2024-02-29"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := DateOf(tc.in)
			if got := d.String(); got != tc.want {
				t.Errorf("DateOf(%v) = %q, want %q", tc.in, got, tc.want)
			}
			if d.IsZero() != tc.in.IsZero() {
				t.Errorf("IsZero = %v", d.IsZero())
			}
		})
	}
	if got := MakeDate(2026, 2, 31).String(); got != "2026-03-03" {
		t.Errorf("MakeDate normalises like time.Date: got %s", got)
	}
	if got := MakeDate(2026, 3, 1).Month(); got != (Month{2026, time.March}) {
		t.Errorf("Month() = %v", got)
	}
}

func TestName(t *testing.T) {
	if !NameOf("").IsZero() || NameOf("").String() != "" || (Name{}).String() != "" {
		t.Error("the empty text is the zero Name")
	}
	a, b := NameOf("North"), NameOf(string([]byte("North")))
	if a != b || a.String() != "North" {
		t.Errorf("NameOf is not canonical: %v %v", a, b)
	}
	if NameOf("north") == a {
		t.Error("names are case-sensitive")
	}
}

// quantileSelect gives quantileSorted's value without sorting.
func TestQuantileSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 17, 18, 100, 1001} {
		for _, p := range []float64{0, 0.1, 0.5, 0.8, 0.99, 1} {
			vs := make([]float64, n)
			for i := range vs {
				vs[i] = float64(rng.IntN(50)) // ties included
			}
			sorted := slices.Clone(vs)
			slices.Sort(sorted)
			if got, want := quantileSelect(vs, p), quantileSorted(sorted, p); got != want {
				t.Errorf("n=%d p=%v: %v, want %v", n, p, got, want)
			}
		}
	}
}

// Names made on several goroutines at once agree.
func TestNameConcurrent(t *testing.T) {
	const workers, texts = 4, 500
	got := make([][]Name, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range texts {
				got[w] = append(got[w], NameOf(fmt.Sprintf("concurrent %d", (i*(w+1))%texts)))
			}
		}()
	}
	wg.Wait()
	for w := 1; w < workers; w++ {
		for i := range texts {
			if n := got[w][i]; n != NameOf(fmt.Sprintf("concurrent %d", (i*(w+1))%texts)) || n.String() != fmt.Sprintf("concurrent %d", (i*(w+1))%texts) {
				t.Fatalf("worker %d text %d: %v", w, i, n)
			}
		}
	}
}
