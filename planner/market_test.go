package planner

import (
	"strings"
	"testing"
)

// The market check caps a new-customers target by the accounts left to
// win, and a contacts requirement by the market's contacts; without a row
// for the target's segment nothing changes.
func TestMarketCheck(t *testing.T) {
	deals := synthHistory(5, stdTeams)
	tg := target("t", "North", "new_customers", 40, "2017-01-01", "2017-12-31")
	base := buildOne(t, deals, tg, testOptions())
	if base.Verdict == Unrealistic || hasCode(base.Reasons, CodeMarket) {
		t.Fatalf("without a market: %v, %v", base.Verdict, base.Reasons)
	}
	seg := tg.Segment
	for _, c := range []struct {
		name     string
		market   []MarketSegment
		won      map[GroupKey]int
		want     Verdict // the verdict, or a cap of it
		contains string
	}{
		{"far from the market's size", []MarketSegment{{Segment: seg, Accounts: 2000}}, map[GroupKey]int{{Segment: seg}: 100}, base.Verdict, "1,900 are left"},
		{"more than a third of what is left", []MarketSegment{{Segment: seg, Accounts: 160}}, map[GroupKey]int{{Segment: seg}: 60}, Stretch, "more than the 30.0% a plan can count on"},
		{"more than is left", []MarketSegment{{Segment: seg, Accounts: 80}}, map[GroupKey]int{{Segment: seg}: 60}, Unrealistic, "20 are left to win"},
		{"no account column: the market's size alone", []MarketSegment{{Segment: seg, Accounts: 30}}, nil, Unrealistic, "30 are left"},
		{"another segment's row", []MarketSegment{{Segment: "elsewhere", Accounts: 1}}, nil, base.Verdict, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Build(Input{Deals: deals, Targets: []Target{tg}, Market: c.market, WonAccounts: c.won}, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			r := p.Targets[0]
			want := c.want
			if want == Stretch && base.Verdict == Unrealistic {
				want = Unrealistic
			}
			if r.Verdict != want {
				t.Errorf("verdict %v, want %v: %v", r.Verdict, want, r.Reasons)
			}
			found := false
			for _, rs := range r.Reasons {
				if rs.Code == CodeMarket && strings.Contains(rs.Message, c.contains) {
					found = true
				}
			}
			if found != (c.contains != "") {
				t.Errorf("market reason containing %q: %v in %v", c.contains, found, r.Reasons)
			}
		})
	}
	// A contacts requirement beyond the market's contacts.
	rev := target("r", "North", "revenue", 1e6, "2017-01-01", "2017-12-31")
	p, err := Build(Input{Deals: deals, Targets: []Target{rev}, Market: []MarketSegment{{Segment: rev.Segment, Accounts: 10, ContactsPerAccount: 2}}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if r := p.Targets[0]; r.Verdict != Unrealistic || !hasCode(r.Reasons, CodeMarketContacts) {
		t.Errorf("contacts beyond the market: %v, %v", r.Verdict, r.Reasons)
	}
}
