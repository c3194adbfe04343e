package planner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// An FXRate is one row of an exchange-rate table (issue 11): the value of
// one unit of Currency in the reporting currency, from From to To, both
// included (a zero bound is open: a rate with neither holds at any date).
type FXRate struct {
	Currency string
	Rate     float64
	From, To Date
}

// An FXTable converts amounts into one reporting currency. The rule, one
// home for it: a closed deal's amount at the rate of its close date, an
// open deal's (a quote, still to be won) at the as-of date's; a deal
// without a currency, or in the reporting one, is taken as it is.
type FXTable struct {
	Reporting string
	rates     map[string][]FXRate // per currency, by From
}

// NewFXTable returns the table of rates into reporting, which must be
// named: the configured currency, or else the one currency the table
// rates at exactly 1.
func NewFXTable(reporting string, rates []FXRate) (*FXTable, error) {
	reporting = strings.ToUpper(strings.TrimSpace(reporting))
	if reporting == "" {
		var ones []string
		for _, r := range rates {
			if r.Rate == 1 && !slices.Contains(ones, r.Currency) {
				ones = append(ones, r.Currency)
			}
		}
		if len(ones) != 1 {
			return nil, fmt.Errorf("the exchange-rate table does not say which currency it converts into: " +
				"name it with --currency (or the config's currency:), or give that currency one row at rate 1")
		}
		reporting = ones[0]
	}
	t := &FXTable{Reporting: reporting, rates: map[string][]FXRate{}}
	for _, r := range rates {
		c := strings.ToUpper(strings.TrimSpace(r.Currency))
		if c == reporting {
			continue // its own rate is 1
		}
		r.Currency = c
		t.rates[c] = append(t.rates[c], r)
	}
	for _, rs := range t.rates {
		slices.SortStableFunc(rs, func(a, b FXRate) int { return cmp.Compare(a.From, b.From) })
	}
	return t, nil
}

// rateAt returns the rate of the currency code c (upper-case, trimmed) at
// day; ok is false when the table has none. The reporting currency, and
// no currency, have the rate 1.
func (t *FXTable) rateAt(c string, day Date) (r FXRate, ok bool) {
	if c == "" || c == t.Reporting {
		return FXRate{Currency: t.Reporting, Rate: 1}, true
	}
	// The rates start in order: the last that starts by day decides
	// (LoadFX refuses overlapping ranges), else an undated rate at the
	// start, where the table has one; a binary search, so that a daily
	// table of years converts a large history fast.
	rs := t.rates[c]
	i, _ := slices.BinarySearchFunc(rs, day+1, func(r FXRate, d Date) int { return cmp.Compare(r.From, d) })
	if i--; i >= 0 {
		if r := rs[i]; r.To.IsZero() || day <= r.To {
			return r, true
		}
	}
	if len(rs) > 0 && rs[0].From.IsZero() && i > 0 && (rs[0].To.IsZero() || day <= rs[0].To) {
		return rs[0], true // an undated rate, where no dated one holds
	}
	return FXRate{}, false
}

// An FXUse is a rate as a conversion used it, for the reports: the deals
// it converted and their amounts before and after.
type FXUse struct {
	FXRate
	Deals     int
	Amount    float64 // in Currency
	Converted float64 // in the reporting currency
}

// Convert converts the deals' amounts, in place, into the reporting
// currency (FXTable's rule). It returns the rates used, by currency and
// first day, and the indices of the deals whose currency has no rate at
// their date: their amount is dropped (HasAmount false), for the caller
// to report where they are.
func (t *FXTable) Convert(deals []Deal, asOf time.Time) (uses []FXUse, missing []int) {
	reporting := NameOf(t.Reporting)
	used := map[FXRate]*FXUse{}
	asOfDay := DateOf(asOf)
	codes := map[Name]string{} // each deal's code, normalised once per name
	for i := range deals {
		d := &deals[i]
		c, ok := codes[d.Currency]
		if !ok {
			c = strings.ToUpper(strings.TrimSpace(d.Currency.String()))
			codes[d.Currency] = c
		}
		if !d.HasAmount || c == "" || c == t.Reporting {
			continue
		}
		at := asOfDay
		if d.Status != Open && !d.Closed.IsZero() {
			at = d.Closed
		}
		r, ok := t.rateAt(c, at)
		if !ok {
			d.HasAmount, d.Amount = false, 0
			missing = append(missing, i)
			continue
		}
		u := used[r]
		if u == nil {
			u = &FXUse{FXRate: r}
			used[r] = u
		}
		u.Deals++
		u.Amount += d.Amount
		d.Amount *= r.Rate
		u.Converted += d.Amount
		d.Currency = reporting
	}
	for _, u := range used {
		uses = append(uses, *u)
	}
	sortFXUses(uses)
	return uses, missing
}

// WithoutAmounts returns a copy of the deals with no amount: what is left
// of a history whose amounts are in several currencies and that has no
// exchange rates, so that counts and rates still compute and no figure
// adds yen to euros.
func WithoutAmounts(deals []Deal) []Deal {
	out := make([]Deal, len(deals))
	for i, d := range deals {
		d.Amount, d.HasAmount, d.Currency = 0, false, Name{}
		out[i] = d
	}
	return out
}

// MergeFX merges the rates used by several conversions (one per history
// file): one FXUse per rate, by currency and first day.
func MergeFX(uses []FXUse) []FXUse {
	if len(uses) == 0 {
		return nil
	}
	by := map[FXRate]*FXUse{}
	var out []FXUse
	for _, u := range uses {
		if m := by[u.FXRate]; m != nil {
			m.Deals += u.Deals
			m.Amount += u.Amount
			m.Converted += u.Converted
			continue
		}
		c := u
		by[u.FXRate] = &c
	}
	for _, u := range by {
		out = append(out, *u)
	}
	sortFXUses(out)
	return out
}

// sortFXUses orders rates used by currency and first day.
func sortFXUses(uses []FXUse) {
	slices.SortFunc(uses, func(a, b FXUse) int {
		return cmp.Or(cmp.Compare(a.Currency, b.Currency), cmp.Compare(a.From, b.From))
	})
}
