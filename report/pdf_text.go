package report

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// This file holds the words and number formats of the PDF.

// pdfVerdicts lists the verdicts in the order of the cover.
var pdfVerdicts = []planner.Verdict{planner.Achievable, planner.Stretch, planner.Unrealistic, planner.InsufficientData}

// pdfTeam is a team name, or a dash when it is blank.
func pdfTeam(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return "–"
	}
	return s
}

// pdfProbability formats a probability, or says that none was computed:
// never a made-up number.
func pdfProbability(lang string, r *planner.TargetResult) string {
	if !r.HasProbability {
		return tr(lang, "not computed", "non calculée")
	}
	return probLabel(lang, r.Probability)
}

// pdfMainReason is the reason that matters most: the planner lists reasons
// by importance, so it is the first one.
func pdfMainReason(r *planner.TargetResult) string {
	rs, ok := r.KeyReason()
	if !ok {
		return "–"
	}
	if m := strings.TrimSpace(rs.Message); m != "" {
		return m
	}
	return rs.Code
}

// pdfQuantity tells how a metric's quantity is formatted.
type pdfQuantity int

const (
	pdfCount pdfQuantity = iota
	pdfMoney
	pdfRate
)

func pdfQuantityOf(m planner.Metric) pdfQuantity {
	switch m {
	case planner.Revenue, planner.DealSize:
		return pdfMoney
	case planner.WinRate:
		return pdfRate
	default:
		return pdfCount
	}
}

// pdfValue formats v as a quantity: money without decimals, a rate with
// one decimal, a count with up to one decimal (outcomes such as a P50 are
// not always whole).
func (d *pdfDoc) pdfValue(q pdfQuantity, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	switch q {
	case pdfMoney:
		return pdfAmount(d.lang, v, d.cur)
	case pdfRate:
		return pdfPct(d.lang, v, 1)
	default:
		if math.Abs(v-math.Round(v)) < 1e-9 || math.Abs(v) >= 100 {
			return pdfNum(d.lang, v, 0)
		}
		return pdfNum(d.lang, v, 1)
	}
}

// compact formats v for an axis: 1.2M, 350k, 12 (en) or 1,2 M, 350 k (fr),
// with the currency symbol for money.
func (d *pdfDoc) compact(q pdfQuantity, v float64) string {
	if q == pdfRate {
		return pdfPct(d.lang, v, 0)
	}
	abs := math.Abs(v)
	suffix, div := "", 1.0
	switch {
	case abs >= 1e9:
		suffix, div = "G", 1e9
		if d.lang == "en" {
			suffix = "B"
		}
	case abs >= 1e6:
		suffix, div = "M", 1e6
	case abs >= 1e4:
		suffix, div = "k", 1e3
	}
	x := v / div
	dec := 0
	if x != math.Round(x) && math.Abs(x) < 10 {
		dec = 1
	}
	n := pdfNum(d.lang, x, dec)
	if q != pdfMoney {
		if suffix != "" && d.lang == "fr" {
			return n + locale.NBSP + suffix
		}
		return n + suffix
	}
	sym := locale.Symbol(d.cur)
	if sym == "" {
		return n + suffix
	}
	if d.lang == "fr" {
		return n + locale.NBSP + suffix + sym
	}
	if len([]rune(sym)) > 1 {
		return sym + locale.NBSP + n + suffix
	}
	return sym + n + suffix
}

var (
	pdfMonthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	pdfMonthsFR = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

// shortMonth names a month for an axis: "Jan", "janv.".
func (d *pdfDoc) shortMonth(m time.Month) string {
	if m < time.January || m > time.December {
		return "?"
	}
	if d.lang == "fr" {
		return pdfMonthsFR[m-1]
	}
	return pdfMonthsEN[m-1]
}

// monthYear formats a month as "Jan 2026" / "janv. 2026".
func (d *pdfDoc) monthYear(m planner.Month) string {
	if m.Year == 0 {
		return "–"
	}
	return d.shortMonth(m.Month) + " " + strconv.Itoa(m.Year)
}

// period formats a target's period, "1 January 2026 – 31 December 2026".
func (d *pdfDoc) period(t planner.Target) string {
	start, end := locale.Date(d.lang, t.Start), locale.Date(d.lang, t.Deadline)
	if t.Start.IsZero() {
		start = d.tr("no start date", "sans date de début")
	}
	if t.Deadline.IsZero() {
		end = d.tr("no deadline", "sans échéance")
	}
	return start + " – " + end
}

// leverLabel names a lever of METHOD §6.
func (d *pdfDoc) leverLabel(name string) string {
	switch name {
	case "opportunities":
		return d.tr("Opportunities a month", "Opportunités par mois")
	case "win_rate":
		return d.tr("Win rate", "Taux de transformation")
	case "deal_size":
		return d.tr("Deal size", "Panier moyen")
	}
	return name
}

// leverShort names a lever inside a sentence.
func (d *pdfDoc) leverShort(name string) string {
	switch name {
	case "opportunities":
		return d.tr("opportunity volume", "volume d’opportunités")
	case "win_rate":
		return d.tr("win rate", "taux de transformation")
	case "deal_size":
		return d.tr("deal size", "panier moyen")
	}
	return name
}

// leverValue formats a lever's value in its unit.
func (d *pdfDoc) leverValue(name string, v float64) string {
	switch name {
	case "win_rate":
		return d.pdfValue(pdfRate, v)
	case "deal_size":
		return d.pdfValue(pdfMoney, v)
	default:
		return pdfNum(d.lang, v, 1)
	}
}

// groupLabel names a ratios group: "Company", a team, or "team › segment".
func (d *pdfDoc) groupLabel(k planner.GroupKey) string {
	var parts []string
	for _, s := range []string{k.Team, k.Segment, k.Offer, k.Owner} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return d.tr("Company", "Entreprise")
	}
	return strings.Join(parts, " › ")
}
