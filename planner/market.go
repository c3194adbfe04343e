package planner

import "fmt"

// A MarketSegment is one row of the addressable market (issue 11): the
// accounts a segment holds (or an offer within a segment), and optionally
// how many contacts an account has.
type MarketSegment struct {
	Segment, Offer     string
	Accounts           int
	ContactsPerAccount float64
}

// DefaultMarketShare is the share of a segment's accounts left to win
// above which a new-customers target is a stretch (Options.MarketShare).
const DefaultMarketShare = 0.30

// marketRow returns the market row of a target's scope: its segment and
// offer, else its segment alone; ok is false without one.
func marketRow(market []MarketSegment, t Target) (MarketSegment, bool) {
	seg, off := fold(t.Segment), fold(t.Offer)
	if seg == "" {
		return MarketSegment{}, false
	}
	var alone MarketSegment
	found := false
	for _, m := range market {
		if fold(m.Segment) != seg {
			continue
		}
		switch fold(m.Offer) {
		case off:
			if off != "" {
				return m, true
			}
			alone, found = m, true
		case "":
			alone, found = m, true
		}
	}
	return alone, found
}

// marketCheck is the addressable-market check of a target (issue 11): a
// new-customers target beyond the accounts not yet won is unrealistic,
// beyond share of them a stretch; a contacts requirement beyond the
// market's contacts is unrealistic. It returns the reason to give (always,
// where a market row applies: the figures are worth reading) and the
// verdict it caps at (Achievable: no cap).
func marketCheck(lang string, f fm, m MarketSegment, customers int, hasCustomers bool, t Target, left, contacts float64,
	share float64) (Reason, Verdict, bool) {
	scope := m.Segment
	if m.Offer != "" {
		scope = m.Segment + " · " + m.Offer
	}
	if t.Metric == NewCustomers {
		free := float64(m.Accounts)
		won := ""
		if hasCustomers {
			free = max(0, free-float64(customers))
			won = fmt.Sprintf(pick(lang, [2]string{", %s of them already customers", ", dont %s déjà clientes"}), f.num(float64(customers), 0))
		}
		switch {
		case left > free:
			return reason(lang, CodeMarket, f.num(left, 0), scope, f.num(float64(m.Accounts), 0), won, f.num(free, 0),
				pick(lang, [2]string{"more than that: unrealistic", "davantage : irréaliste"})), Unrealistic, true
		case left > share*free:
			return reason(lang, CodeMarket, f.num(left, 0), scope, f.num(float64(m.Accounts), 0), won, f.num(free, 0),
				fmt.Sprintf(pick(lang, [2]string{"%s of them, more than the %s a plan can count on: a stretch",
					"%s, plus que les %s sur lesquels un plan peut compter : ambitieux"}), f.pct(left/free), f.pct(share))), Stretch, true
		default:
			return reason(lang, CodeMarket, f.num(left, 0), scope, f.num(float64(m.Accounts), 0), won, f.num(free, 0),
				fmt.Sprintf(pick(lang, [2]string{"%s of them", "%s"}), f.pct(safeRatio(left, free)))), Achievable, true
		}
	}
	if m.ContactsPerAccount > 0 && contacts > 0 {
		avail := float64(m.Accounts) * m.ContactsPerAccount
		if contacts > avail {
			return reason(lang, CodeMarketContacts, f.num(contacts, 0), scope, f.num(float64(m.Accounts), 0),
				f.num(m.ContactsPerAccount, 1), f.num(avail, 0)), Unrealistic, true
		}
	}
	return Reason{}, Achievable, false
}

// wonAccountsOf returns the accounts already won in a market row's scope
// (Input.WonAccounts, keyed by the history's names); ok is false when the
// history says nothing of accounts.
func wonAccountsOf(won map[GroupKey]int, m MarketSegment) (int, bool) {
	for k, n := range won {
		if fold(k.Segment) == fold(m.Segment) && fold(k.Offer) == fold(m.Offer) {
			return n, true
		}
	}
	return 0, won != nil
}
