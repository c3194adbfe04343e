package planner

import (
	"math"
	"strings"
	"testing"
	"time"
)

// The example: 1,000 EUR, 1,000,000 JPY and 1,000 USD at EUR 1,
// USD 0.92, JPY 0.0061 are 1,000 + 6,100 + 920 = 8,020 EUR; the table
// names its reporting currency by its rate of 1.
func TestFXConvert(t *testing.T) {
	fx, err := NewFXTable("", []FXRate{{Currency: "EUR", Rate: 1}, {Currency: "usd", Rate: 0.92}, {Currency: "JPY", Rate: 0.0061}})
	if err != nil {
		t.Fatal(err)
	}
	if fx.Reporting != "EUR" {
		t.Errorf("reporting = %q, want EUR", fx.Reporting)
	}
	deal := func(cur string, amount float64) Deal {
		return Deal{Currency: NameOf(cur), Amount: amount, HasAmount: true, Status: Won, Closed: MakeDate(2026, 2, 1)}
	}
	deals := []Deal{deal("EUR", 1000), deal("JPY", 1e6), deal("USD", 1000), deal("", 50), deal("CHF", 10)}
	uses, missing := fx.Convert(deals, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	sum := 0.0
	for _, d := range deals[:3] {
		sum += d.Amount
	}
	if math.Abs(sum-8020) > 1e-9 || deals[3].Amount != 50 || len(missing) != 1 || missing[0] != 4 || deals[4].HasAmount {
		t.Errorf("converted %v (sum %v), missing %v", deals, sum, missing)
	}
	if err := CheckOneCurrency(deals); err != nil {
		t.Errorf("after conversion: %v", err)
	}
	if len(uses) != 2 || uses[0].Currency != "JPY" || uses[0].Deals != 1 || math.Abs(uses[0].Converted-6100) > 1e-9 {
		t.Errorf("uses = %+v", uses)
	}
	if merged := MergeFX(append(uses, uses...)); len(merged) != 2 || merged[1].Deals != 2 || merged[1].Amount != 2000 {
		t.Errorf("merged = %+v", merged)
	}
}

// A closed deal converts at its close date's rate, an open one at the
// as-of date's; a table with no currency at rate 1 and none configured
// is refused.
func TestFXDates(t *testing.T) {
	fx, err := NewFXTable("eur", []FXRate{{Currency: "USD", Rate: 0.92, To: MakeDate(2026, 3, 31)},
		{Currency: "USD", Rate: 0.9, From: MakeDate(2026, 4, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	deals := []Deal{
		{Currency: NameOf("USD"), Amount: 100, HasAmount: true, Status: Won, Closed: MakeDate(2026, 3, 31)},
		{Currency: NameOf("USD"), Amount: 100, HasAmount: true, Status: Open, Created: MakeDate(2026, 3, 1)},
	}
	fx.Convert(deals, time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC))
	if math.Abs(deals[0].Amount-92) > 1e-9 || math.Abs(deals[1].Amount-90) > 1e-9 || deals[0].Currency.String() != "EUR" {
		t.Errorf("converted %+v", deals)
	}
	if _, err := NewFXTable("", []FXRate{{Currency: "USD", Rate: 0.92}}); err == nil || !strings.Contains(err.Error(), "--currency") {
		t.Errorf("a table without its reporting currency: %v", err)
	}
}
