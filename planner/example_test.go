package planner_test

import (
	"fmt"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// 1,200,000 EUR of new revenue at 20,000 EUR per deal is 60 deals; at a 25 %
// win rate that is 240 qualified opportunities, 20 a month over a year
// (METHOD §4).
func ExampleReverseFunnel() {
	f, err := planner.ReverseFunnel(planner.FunnelInput{Revenue: 1200000, DealSize: 20000, WinRate: 0.25, Months: 12})
	if err != nil {
		panic(err)
	}
	fmt.Println(locale.Count("en", f.Deals), "deals")
	fmt.Println(locale.Count("en", f.Opportunities), "opportunities")
	fmt.Println(locale.Count("en", f.OpportunitiesPerMonth), "a month")
	// Output:
	// 60 deals
	// 240 opportunities
	// 20 a month
}

// 40 new annual subscriptions at a 20 % win rate need 200 qualified
// opportunities (METHOD §4).
func ExampleReverseFunnel_subscriptions() {
	f, _ := planner.ReverseFunnel(planner.FunnelInput{Deals: 40, WinRate: 0.20})
	fmt.Println(locale.Count("en", f.Opportunities), "opportunities")
	// Output: 200 opportunities
}

// A team signing 8 new customers a month at a 20 % win rate produces about
// 40 qualified opportunities a month; 20 signatures a month with no change
// in volume or win rate would need 100, two and a half times as many
// (METHOD §4).
func ExampleReverseFunnel_incoherent() {
	now, _ := planner.ReverseFunnel(planner.FunnelInput{Deals: 8, WinRate: 0.20, Months: 1})
	want, _ := planner.ReverseFunnel(planner.FunnelInput{Deals: 20, WinRate: 0.20, Months: 1})
	fmt.Println(locale.Count("en", now.OpportunitiesPerMonth), "opportunities a month today")
	fmt.Println(locale.Count("en", want.OpportunitiesPerMonth), "needed")
	fmt.Println(locale.Number("en", want.OpportunitiesPerMonth/now.OpportunitiesPerMonth, 1), "times the volume")
	// Output:
	// 40 opportunities a month today
	// 100 needed
	// 2.5 times the volume
}

// With a conversion per created opportunity, the opportunities line uses
// it: a 25 % win rate among closed deals, but a third of the deals never
// closed, is a 1-in-6 conversion. The 60 deals of the first example then
// need 360 opportunities, not 240.
func ExampleReverseFunnel_conversion() {
	f, _ := planner.ReverseFunnel(planner.FunnelInput{Revenue: 1200000, DealSize: 20000, WinRate: 0.25, Conversion: 1.0 / 6, Months: 12})
	fmt.Println(locale.Count("en", f.Opportunities), "opportunities,", locale.Count("en", f.OpportunitiesPerMonth), "a month")
	// Output: 360 opportunities, 30 a month
}

// A meetings target runs down the funnel to contacts.
func ExampleReverseFunnel_meetings() {
	f, _ := planner.ReverseFunnel(planner.FunnelInput{Meetings: 120,
		Rates: planner.FunnelRates{ResponseRate: 0.10, MeetingRate: 0.60}})
	fmt.Println(f.From, locale.Count("en", f.Responses), locale.Count("en", f.Contacts))
	// Output: meetings 200 2,000
}

// 300 qualified opportunities a year at 18,000 EUR: at a 22 % win rate that
// is 66 deals and 1,188,000 EUR; at 30 % it is 90 deals and 1,620,000 EUR,
// 432,000 EUR more with no extra volume (METHOD §6).
func ExampleWinRateLever() {
	for _, rate := range []float64{0.22, 0.30} {
		deals, revenue := planner.WinRateLever(300, 18000, 0, rate)
		fmt.Println(locale.Percent("en", rate, 0), locale.Count("en", deals), "deals", locale.Money("en", revenue, "EUR"))
	}
	deals, revenue := planner.WinRateLever(300, 18000, 0.22, 0.30)
	fmt.Println("uplift", locale.Count("en", deals), "deals", locale.Money("en", revenue, "EUR"))
	// Output:
	// 22% 66 deals €1,188,000
	// 30% 90 deals €1,620,000
	// uplift 24 deals €432,000
}

// 30 signatures by 31 December from 1 January is 2.5 a month (METHOD §5).
func ExamplePhase() {
	months, _ := planner.Phase(planner.Month{Year: 2026, Month: time.January},
		planner.Month{Year: 2026, Month: time.December}, 30, nil)
	fmt.Println(len(months), months[0].Month, months[0].Value, months[11].Month, months[11].Value)
	// Output: 12 2026-01 2.5 2026-12 2.5
}

// The 95 % Wilson interval of 8 wins out of 10 closed deals.
func ExampleWilson() {
	lo, hi := planner.Wilson(8, 10)
	fmt.Printf("%.4f %.4f\n", lo, hi)
	// Output: 0.4902 0.9433
}

// The addressable-market check (issue 11): 30 new customers in a segment
// of 80 accounts, 60 of them already customers, is unrealistic: only 20
// are left to win.
func ExampleBuild_market() {
	var deals []planner.Deal
	for m := range 12 {
		for i := range 10 {
			created := planner.MakeDate(2025, time.Month(m+1), 1+i)
			status, closed := planner.Lost, planner.DateOf(created.Time().AddDate(0, 0, 30))
			if i%3 == 0 {
				status = planner.Won
			}
			deals = append(deals, planner.Deal{Team: planner.NameOf("North"), Segment: planner.NameOf("Health"), Created: created, Closed: closed,
				Status: status, Amount: 10000, HasAmount: true})
		}
	}
	target := planner.Target{ID: "H", Team: "North", Segment: "Health", Metric: planner.NewCustomers, Value: 30, HasValue: true,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	plan, err := planner.Build(planner.Input{Deals: deals, Targets: []planner.Target{target},
		Market:      []planner.MarketSegment{{Segment: "Health", Accounts: 80}},
		WonAccounts: map[planner.GroupKey]int{{Segment: "Health"}: 60}},
		planner.Options{AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Runs: 500, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := plan.Targets[0]
	fmt.Println(r.Verdict)
	for _, rs := range r.Reasons {
		if rs.Code == planner.CodeMarket {
			fmt.Println(rs.Message)
		}
	}
	// Output:
	// unrealistic
	// Needs 30 new customers in Health, whose market holds 80 addressable accounts, 60 of them already customers: 20 are left to win, and the target is more than that: unrealistic.
}
