package report

import (
	"math"

	"github.com/smartplan/smartplan/planner/locale"
)

// The PDF formats every number through these wrappers: a value that is
// not a finite number (a NaN or an infinity that slipped through) prints
// as a dash, never as "NaN", "+Inf" or "–%".

func pdfFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func pdfPct(lang string, v float64, decimals int) string {
	if !pdfFinite(v) {
		return "–"
	}
	return locale.Percent(lang, v, decimals)
}

func pdfNum(lang string, v float64, decimals int) string {
	if !pdfFinite(v) {
		return "–"
	}
	return locale.Number(lang, v, decimals)
}

func pdfAmount(lang string, v float64, currency string) string {
	if !pdfFinite(v) {
		return "–"
	}
	return locale.Money(lang, v, currency)
}

func pdfCountText(lang string, v float64) string {
	if !pdfFinite(v) {
		return "–"
	}
	return locale.Count(lang, v)
}

// probLabel formats a probability as a whole percentage, with one decimal
// near the ends so that 0.3 % does not read as an impossible 0 % (nor
// 99.7 % as a certain 100 %), and "< 0.1 %" below that.
func probLabel(lang string, p float64) string {
	if !pdfFinite(p) {
		return "–"
	}
	switch probBand(p) {
	case probBelow:
		return "< " + locale.Percent(lang, 0.001, 1)
	case probAbove:
		return "> " + locale.Percent(lang, 0.999, 1)
	case probNearEnd:
		return locale.Percent(lang, p, 1)
	}
	return locale.Percent(lang, p, 0)
}

// How a probability is written: the bands of probLabel, which the
// workbook's number formats follow too.
const (
	probWhole   = iota // a whole percentage
	probNearEnd        // one decimal, within 1 % of 0 or 1
	probBelow          // under 0.05 %: "< 0.1 %"
	probAbove          // over 99.95 %: "> 99.9 %"
)

func probBand(p float64) int {
	switch {
	case p > 0 && p < 0.0005:
		return probBelow
	case p < 1 && p > 0.9995:
		return probAbove
	case p > 0 && p < 0.0095, p < 1 && p > 0.9905:
		return probNearEnd
	}
	return probWhole
}
