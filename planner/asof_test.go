package planner

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckDefaultAsOf(t *testing.T) {
	deals := []Deal{deal("A", Won, "2017-01-10", "2017-12-27", 100), deal("A", Open, "2017-06-01", "", 50)}
	for _, tc := range []struct {
		name   string
		asOf   string
		window int
		stale  bool
	}{
		{"eight years later", "2026-12-02", 12, true},
		{"the day after the history", "2017-12-28", 12, false},
		{"a window that just reaches the last date", "2018-12-26", 12, false},
		{"a window that just misses it", "2018-12-27", 12, true},
		{"a longer window", "2026-12-02", 120, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckDefaultAsOf(deals, day(tc.asOf), tc.window)
			var stale *StaleAsOfError
			if errors.As(err, &stale) != tc.stale {
				t.Fatalf("CheckDefaultAsOf(%s, %d) = %v, want stale %v", tc.asOf, tc.window, err, tc.stale)
			}
			if tc.stale && !strings.Contains(err.Error(), "ends on 2017-12-27") || tc.stale && !strings.Contains(err.Error(), "--as-of 2017-12-27") {
				t.Errorf("message %q should give the history's last date and the flag", err)
			}
		})
	}
	if err := CheckDefaultAsOf(nil, day("2026-12-02"), 12); err != nil {
		t.Errorf("empty history: %v, want nil (the loaders report it)", err)
	}
}

func TestBuildFlagsPastDeadline(t *testing.T) {
	deals := synthHistory(3, stdTeams)
	past := target("P", "North", "revenue", 1000, "2016-01-01", "2016-06-30")
	past.Cells = map[string]string{"deadline": "I2"}
	past.Source = Position{File: "t.xlsx", Sheet: "Targets", Row: 2}
	future := target("F", "North", "revenue", 1000, "2017-01-01", "2017-06-30")
	p, err := Build(Input{Deals: deals, Targets: []Target{past, future}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var got []Problem
	for _, pr := range p.Problems {
		if pr.Kind == "deadline_before_as_of" {
			got = append(got, pr)
		}
	}
	if len(got) != 1 || got[0].Ref != "I2" || !strings.Contains(got[0].Message, "target P: the deadline 2016-06-30 is before the as-of date 2016-12-31") {
		t.Errorf("past-deadline problems %+v, want one for P at I2", got)
	}
}

func TestReportingCurrency(t *testing.T) {
	usd := deal("A", Won, "2017-01-10", "2017-02-27", 100)
	usd.Currency = NameOf("USD")
	none := deal("A", Won, "2017-01-10", "2017-02-27", 100)
	for _, tc := range []struct {
		name       string
		deals      []Deal
		configured string
		want       string
	}{
		{"configured wins", []Deal{usd}, "gbp", "GBP"},
		{"the history's", []Deal{usd, usd, none}, "", "USD"},
		{"none stated: no currency, never a silent euro", []Deal{none}, "", ""},
	} {
		if got := ReportingCurrency(tc.deals, tc.configured); got != tc.want {
			t.Errorf("%s: ReportingCurrency = %q, want %q", tc.name, got, tc.want)
		}
	}
	p, err := Build(Input{Deals: []Deal{none}, Files: []InputFile{{Path: "/x/deals.csv", Kind: "history"}}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if p.Currency != "" || len(p.Problems) != 1 || p.Problems[0].Kind != "no_currency" || p.Problems[0].File != "deals.csv" {
		t.Errorf("plan currency %q, problems %+v; want none and one no_currency warning on deals.csv", p.Currency, p.Problems)
	}
}

// Mixed currencies used to be added as they were: 1,000 EUR, 1,000,000 JPY
// and 1,000 USD made an average deal of €334,000. They are refused, with
// the currencies listed.
func TestCheckOneCurrency(t *testing.T) {
	d := func(cur string, amount float64) Deal {
		x := deal("A", Won, "2017-01-10", "2017-02-27", amount)
		x.Currency = NameOf(cur)
		return x
	}
	for _, tc := range []struct {
		name  string
		deals []Deal
		want  string // "" for no error
	}{
		{"one currency", []Deal{d("EUR", 1), d("eur", 2)}, ""},
		{"a currency and blanks", []Deal{d("USD", 1), d("", 2)}, ""},
		{"three", []Deal{d("EUR", 1000), d("JPY", 1000000), d("USD", 1000)},
			"JPY (1 deal, 1000000), EUR (1 deal, 1000), USD (1 deal, 1000)"},
	} {
		err := CheckOneCurrency(tc.deals)
		var mixed *MixedCurrencyError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &mixed) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want the currencies %s", tc.name, err, tc.want)
		}
	}
}

// Won and lost deals closing after the as-of date are open as of it: the
// plan says how many, and until when, instead of counting them silently.
func TestClosedAfterAsOf(t *testing.T) {
	deals := synthHistory(3, stdTeams)
	p, err := Build(Input{Deals: deals, Targets: []Target{target("F", "North", "revenue", 1000, "2017-01-01", "2017-06-30")}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range p.Problems {
		if pr.Kind == "closed_after_as_of" {
			t.Fatalf("no deal closes after the as-of date, got %+v", pr)
		}
	}
	late := deal("North", Won, "2016-11-02", "2017-03-15", 5000)
	lost := deal("North", Lost, "2016-12-01", "2017-01-20", 0)
	future := deal("North", Won, "2017-01-05", "2017-02-01", 700) // created after: not known at all
	p, err = Build(Input{Deals: append(deals, late, lost, future), Targets: []Target{target("F", "North", "revenue", 1000, "2017-01-01", "2017-06-30")}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var got []Problem
	for _, pr := range p.Problems {
		if pr.Kind == "closed_after_as_of" {
			got = append(got, pr)
		}
	}
	want := "2 won or lost deals close after the as-of date 2016-12-31 (the last on 2017-03-15): as of that date they were still open"
	if len(got) != 1 || got[0].Severity != SeverityWarning || got[0].Value != "2" || !strings.Contains(got[0].Message, want) {
		t.Errorf("problems %+v, want one warning %q", got, want)
	}
}
