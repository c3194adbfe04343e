package planner

import (
	"math"
	"slices"
)

// quantileSorted returns the p-quantile of sorted values by linear
// interpolation between closest ranks (the definition of Excel's
// PERCENTILE.INC and of R's default type 7), so that a finance user can
// check a median or an 80th percentile in a spreadsheet.
func quantileSorted(sorted []float64, p float64) float64 {
	n := len(sorted)
	switch {
	case n == 0:
		return math.NaN()
	case n == 1:
		return sorted[0]
	}
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// quantileSelect returns quantileSorted(sorted copy of vs, p) without
// sorting: it selects the two closest ranks. It reorders vs.
func quantileSelect(vs []float64, p float64) float64 {
	n := len(vs)
	switch {
	case n == 0:
		return math.NaN()
	case n == 1:
		return vs[0]
	}
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return simSelect(vs, n-1)
	}
	a := simSelect(vs, lo)
	b := slices.Min(vs[lo+1:]) // everything after lo is at least a
	return a + (h-float64(lo))*(b-a)
}

// sumSorted sums values after sorting them, so that the result does not
// depend on the order the rows came in (floating-point addition is not
// associative). It sorts vs in place.
func sumSorted(vs []float64) float64 {
	slices.Sort(vs)
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s
}

// meanSorted returns the mean of sorted values (0 for none).
func meanSorted(sorted []float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range sorted {
		s += v
	}
	return s / float64(len(sorted))
}

// stdDev returns the sample standard deviation of values (0 below two).
func stdDev(vs []float64, mean float64) float64 {
	if len(vs) < 2 {
		return 0
	}
	ss := 0.0
	for _, v := range vs {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss / float64(len(vs)-1))
}
