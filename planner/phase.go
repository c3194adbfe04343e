package planner

import (
	"fmt"
	"time"
)

// Phase spreads total over the calendar months first to last (both
// included): evenly when weights is nil (flat phasing), else in proportion
// to weights, which holds one weight per calendar month (weights[0] for
// January) such as the historical monthly pattern of SeasonalWeights
// (seasonal phasing). When the months of the period all weigh zero it
// falls back to flat. 30 signatures from January to December is 2.5 a
// month.
func Phase(first, last Month, total float64, weights []float64) ([]MonthValue, error) {
	if last.Before(first) {
		return nil, fmt.Errorf("phase %s to %s: %w: the last month is before the first", first, last, ErrBadPhase)
	}
	if weights != nil && len(weights) != 12 {
		return nil, fmt.Errorf("phase: %w: %d weights, want 12 (one per calendar month)", ErrBadPhase, len(weights))
	}
	for _, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("phase: %w: negative weight %v", ErrBadPhase, w)
		}
	}
	n := monthsBetween(first, last) + 1
	out := make([]MonthValue, n)
	sum := 0.0
	for i := range out {
		out[i].Month = first.Add(i)
		if weights != nil {
			sum += weights[out[i].Month.Month-1]
		}
	}
	for i := range out {
		if sum > 0 {
			out[i].Value = total * weights[out[i].Month.Month-1] / sum
		} else {
			out[i].Value = total / float64(n)
		}
	}
	return out, nil
}

// SeasonalWeights returns the historical monthly pattern of a monthly
// series: for each calendar month, the mean of the series over the
// occurrences of that month among the complete months from first to the
// month before the one holding the day after asOf. It also returns how many
// complete months that is; with fewer than 12 the pattern is not usable and
// weights is nil.
func SeasonalWeights(series map[Month]float64, first Month, asOf time.Time) (weights []float64, months int) {
	last := MonthOf(dateOf(asOf).AddDate(0, 0, 1)).Add(-1)
	if last.Before(first) {
		return nil, 0
	}
	months = monthsBetween(first, last) + 1
	if months < 12 {
		return nil, months
	}
	var sum, seen [12]float64
	for m := first; !last.Before(m); m = m.Add(1) {
		sum[m.Month-1] += series[m]
		seen[m.Month-1]++
	}
	weights = make([]float64, 12)
	for i := range weights {
		weights[i] = sum[i] / seen[i]
	}
	return weights, months
}
