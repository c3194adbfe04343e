package planner

import "math"

// z95 is the two-sided 95 % quantile of the standard normal distribution.
const z95 = 1.959963984540054

// Wilson returns the 95 % Wilson score interval of a proportion of
// successes out of n trials. With no trial it returns the uninformative
// interval [0, 1].
func Wilson(successes, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	if successes < 0 {
		successes = 0
	}
	if successes > n {
		successes = n
	}
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z95 * z95
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	lo, hi = center-half, center+half
	// The exact bounds at 0 and n are 0 and 1; rounding must not leave a
	// tiny negative or above-one value.
	if successes == 0 || lo < 0 {
		lo = 0
	}
	if successes == n || hi > 1 {
		hi = 1
	}
	return lo, hi
}
