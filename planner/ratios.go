package planner

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Quarters need this many closed (won) deals to count as the best quarter
// on record for the win rate (deal size): a 3-out-of-3 quarter proves
// nothing.
const (
	minQuarterClosed = 10
	minQuarterWon    = 5
)

// window is the history window (start, asOf] of METHOD §3 and its
// month-long buckets aligned on the as-of date.
type window struct {
	asOf, start time.Time
	months      int
	bounds      []time.Time // bounds[i] = asOf - (months-i) months; bucket i is (bounds[i], bounds[i+1]]
}

func newWindow(asOf time.Time, months int) window {
	w := window{asOf: asOf, months: months, start: addMonths(asOf, -months)}
	w.bounds = make([]time.Time, months+1)
	for i := range w.bounds {
		w.bounds[i] = addMonths(asOf, i-months)
	}
	return w
}

// in reports whether t is a date inside the window (start, asOf].
func (w window) in(t time.Time) bool {
	return !t.IsZero() && t.After(w.start) && !t.After(w.asOf)
}

// bucket returns the month-long bucket (0 is the oldest) holding t, which
// must be in the window.
func (w window) bucket(t time.Time) int {
	// the first bound not before t closes t's bucket
	i := sort.Search(len(w.bounds), func(i int) bool { return !w.bounds[i].Before(t) })
	return min(max(i-1, 0), w.months-1)
}

// activityMonth reports whether an activity month belongs to the window:
// its first day is in (start, asOf], so that the window always holds
// WindowMonths calendar months of activity.
func (w window) activityMonth(m Month) bool { return w.in(m.Start()) }

// openDeal is an opportunity open at the as-of date.
type openDeal struct {
	amount  float64
	created time.Time
}

// groupStats is everything the planner keeps about one group of deals: the
// public Ratios plus the raw material of the checks and of the simulation.
type groupStats struct {
	Ratios
	wonAmounts []float64 // won in the window, sorted
	cycleDays  []float64 // cycle of won deals in the window, sorted
	buckets    []float64 // opportunities created per month-long bucket of the window
	open       []openDeal
	assumed    [3]bool // response, meeting, opportunity rate taken from assumptions

	bestWinRate, bestDeal      float64
	bestWinRateQ, bestDealQ    string
	hasBestWin, hasBestDeal    bool
	dealStdDev                 float64
	wonByMonth, createdByMonth map[Month]float64 // all history up to as-of
	wonAmountByMonth           map[Month]float64
	firstMonth                 Month // earliest month of the group's history
	hasHistory                 bool
}

// activitySums are a team's activity totals over the window.
type activitySums struct {
	contacts, responses, meetings             float64 // volumes, summed over months where present
	contactMonths, responseMonths, meetMonths int
	respNum, respDen                          float64 // responses / contacts, months with both
	meetNum, meetDen                          float64 // meetings / responses
	oppNum, oppDen                            float64 // opportunities / meetings
}

func (a *activitySums) add(r Activity) {
	if r.Contacts >= 0 {
		a.contacts += r.Contacts
		a.contactMonths++
	}
	if r.Responses >= 0 {
		a.responses += r.Responses
		a.responseMonths++
	}
	if r.Meetings >= 0 {
		a.meetings += r.Meetings
		a.meetMonths++
	}
	if r.Contacts >= 0 && r.Responses >= 0 {
		a.respNum += r.Responses
		a.respDen += r.Contacts
	}
	if r.Responses >= 0 && r.Meetings >= 0 {
		a.meetNum += r.Meetings
		a.meetDen += r.Responses
	}
	if r.Meetings >= 0 && r.Opportunities >= 0 {
		a.oppNum += r.Opportunities
		a.oppDen += r.Meetings
	}
}

// sumActivity totals the activity of the window per folded team name; the
// company total is under "".
func sumActivity(activity []Activity, w window) map[string]*activitySums {
	rows := slices.Clone(activity)
	// Sorted so that float sums do not depend on row order.
	slices.SortFunc(rows, func(a, b Activity) int {
		return cmp.Or(cmp.Compare(fold(a.Team), fold(b.Team)), cmp.Compare(a.Month.Year, b.Month.Year),
			cmp.Compare(a.Month.Month, b.Month.Month), cmp.Compare(a.Contacts, b.Contacts),
			cmp.Compare(a.Responses, b.Responses), cmp.Compare(a.Meetings, b.Meetings),
			cmp.Compare(a.Opportunities, b.Opportunities))
	})
	out := map[string]*activitySums{}
	get := func(k string) *activitySums {
		a := out[k]
		if a == nil {
			a = &activitySums{}
			out[k] = a
		}
		return a
	}
	for _, r := range rows {
		if !w.activityMonth(r.Month) {
			continue
		}
		get(fold(r.Team)).add(r)
		get("").add(r)
	}
	return out
}

// applyActivity fills the funnel rates and activity volumes of r from a,
// falling back rate by rate on the assumptions.
func (g *groupStats) applyActivity(a *activitySums, assume FunnelRates) {
	g.Funnel = assume
	g.assumed = [3]bool{true, true, true}
	if a != nil {
		if a.respDen > 0 && a.respNum > 0 {
			g.Funnel.ResponseRate, g.assumed[0] = a.respNum/a.respDen, false
		}
		if a.meetDen > 0 && a.meetNum > 0 {
			g.Funnel.MeetingRate, g.assumed[1] = a.meetNum/a.meetDen, false
		}
		if a.oppDen > 0 && a.oppNum > 0 {
			g.Funnel.OpportunityRate, g.assumed[2] = a.oppNum/a.oppDen, false
		}
		if a.contactMonths > 0 {
			g.ContactsPerMonth = a.contacts / float64(a.contactMonths)
			g.HasActivity = true
		}
		if a.responseMonths > 0 {
			g.ResponsesPerMonth = a.responses / float64(a.responseMonths)
			g.HasActivity = true
		}
		if a.meetMonths > 0 {
			g.MeetingsPerMonth = a.meetings / float64(a.meetMonths)
			g.HasActivity = true
		}
	}
	g.FunnelFromHistory = !g.assumed[0] && !g.assumed[1] && !g.assumed[2]
}

type quarterKey struct{ year, q int }

type quarterAcc struct {
	won, lost int
	amounts   []float64
}

// computeStats computes the statistics of the deals idx of deals over the
// window. The result does not depend on the order of idx.
func computeStats(deals []Deal, idx []int32, w window, key GroupKey) *groupStats {
	g := &groupStats{Ratios: Ratios{Key: key}}
	g.buckets = make([]float64, w.months)
	g.wonByMonth = map[Month]float64{}
	g.createdByMonth = map[Month]float64{}
	g.wonAmountByMonth = map[Month]float64{}
	created := map[Month]float64{}
	revenue := map[Month][]float64{}
	var t12 []float64
	wonAmounts := map[Month][]float64{}
	var openAmounts, openAges []float64
	quarters := map[quarterKey]*quarterAcc{}
	t12start := addMonths(w.asOf, -12)
	first := Month{}
	see := func(t time.Time) {
		if t.IsZero() || t.After(w.asOf) {
			return
		}
		m := MonthOf(t)
		if !g.hasHistory || m.Before(first) {
			first = m
			g.hasHistory = true
		}
	}
	for _, i := range idx {
		d := &deals[i]
		see(d.Created)
		closedKnown := !d.Closed.IsZero() && !d.Closed.After(w.asOf)
		if closedKnown && (d.Status == Won || d.Status == Lost) {
			see(d.Closed)
		}
		if w.in(d.Created) {
			g.Created++
			g.buckets[w.bucket(d.Created)]++
			created[MonthOf(d.Created)]++
		}
		if !d.Created.IsZero() && !d.Created.After(w.asOf) {
			g.createdByMonth[MonthOf(d.Created)]++
		}
		// Open at the as-of date: created by then and not closed by then.
		if (d.Status == Open && (d.Created.IsZero() || !d.Created.After(w.asOf))) ||
			((d.Status == Won || d.Status == Lost) && !d.Created.IsZero() && !d.Created.After(w.asOf) &&
				!d.Closed.IsZero() && d.Closed.After(w.asOf)) {
			g.Open++
			od := openDeal{created: d.Created}
			if d.HasAmount {
				openAmounts = append(openAmounts, d.Amount)
				od.amount = d.Amount
			}
			if !d.Created.IsZero() {
				openAges = append(openAges, w.asOf.Sub(d.Created).Hours()/24)
			}
			g.open = append(g.open, od)
		}
		if !closedKnown || (d.Status != Won && d.Status != Lost) {
			continue
		}
		q := quarterKey{d.Closed.Year(), (int(d.Closed.Month())-1)/3 + 1}
		qa := quarters[q]
		if qa == nil {
			qa = &quarterAcc{}
			quarters[q] = qa
		}
		if d.Status == Won {
			qa.won++
			g.wonByMonth[MonthOf(d.Closed)]++
			if d.HasAmount {
				qa.amounts = append(qa.amounts, d.Amount)
				wonAmounts[MonthOf(d.Closed)] = append(wonAmounts[MonthOf(d.Closed)], d.Amount)
			}
			if d.Closed.After(t12start) && d.HasAmount {
				t12 = append(t12, d.Amount)
			}
		} else {
			qa.lost++
		}
		if !w.in(d.Closed) {
			continue
		}
		g.Closed++
		if d.Status == Lost {
			g.Lost++
			continue
		}
		g.Won++
		if d.HasAmount {
			g.wonAmounts = append(g.wonAmounts, d.Amount)
			revenue[MonthOf(d.Closed)] = append(revenue[MonthOf(d.Closed)], d.Amount)
		}
		if !d.Created.IsZero() && !d.Closed.Before(d.Created) {
			g.cycleDays = append(g.cycleDays, d.Closed.Sub(d.Created).Hours()/24)
		}
	}
	g.firstMonth = first
	for m, vs := range wonAmounts {
		g.wonAmountByMonth[m] = sumSorted(vs)
	}
	if g.Closed > 0 {
		g.WinRate = float64(g.Won) / float64(g.Closed)
		g.WinRateLow, g.WinRateHigh = Wilson(g.Won, g.Closed)
		g.HasWinRate = true
	}
	if len(g.wonAmounts) > 0 {
		g.Revenue = sumSorted(g.wonAmounts)
		g.AvgDeal = g.Revenue / float64(len(g.wonAmounts))
		g.MedianDeal = quantileSorted(g.wonAmounts, 0.5)
		g.dealStdDev = stdDev(g.wonAmounts, g.AvgDeal)
		g.HasDeal = true
	}
	if len(g.cycleDays) > 0 {
		slices.Sort(g.cycleDays)
		g.CycleDaysMedian = quantileSorted(g.cycleDays, 0.5)
		g.CycleDaysP80 = quantileSorted(g.cycleDays, 0.8)
		g.HasCycle = true
	}
	g.OpportunitiesPerMonth = float64(g.Created) / float64(w.months)
	g.Trailing12Revenue = sumSorted(t12)
	g.OpenAmount = sumSorted(openAmounts)
	if len(openAges) > 0 {
		slices.Sort(openAges)
		g.OpenAgeDaysMedian = quantileSorted(openAges, 0.5)
	}
	slices.SortFunc(g.open, func(a, b openDeal) int {
		return cmp.Or(a.created.Compare(b.created), cmp.Compare(a.amount, b.amount))
	})
	// Monthly series over the calendar months the window touches.
	for m := MonthOf(w.start.AddDate(0, 0, 1)); !MonthOf(w.asOf).Before(m); m = m.Add(1) {
		g.MonthlyOpportunities = append(g.MonthlyOpportunities, MonthValue{m, created[m]})
		g.MonthlyRevenue = append(g.MonthlyRevenue, MonthValue{m, sumSorted(revenue[m])})
	}
	// Best calendar quarter on record.
	qs := make([]quarterKey, 0, len(quarters))
	for q := range quarters {
		qs = append(qs, q)
	}
	slices.SortFunc(qs, func(a, b quarterKey) int { return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.q, b.q)) })
	for _, q := range qs {
		qa := quarters[q]
		name := quarterName(q)
		if n := qa.won + qa.lost; n >= minQuarterClosed {
			if r := float64(qa.won) / float64(n); !g.hasBestWin || r > g.bestWinRate {
				g.bestWinRate, g.bestWinRateQ, g.hasBestWin = r, name, true
			}
		}
		if len(qa.amounts) >= minQuarterWon {
			if a := sumSorted(qa.amounts) / float64(len(qa.amounts)); !g.hasBestDeal || a > g.bestDeal {
				g.bestDeal, g.bestDealQ, g.hasBestDeal = a, name, true
			}
		}
	}
	return g
}

func quarterName(q quarterKey) string {
	return strings.Join([]string{itoa(q.year), "Q" + itoa(q.q)}, "-")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// asOfOrLatest returns the as-of date of the options, or when it is unset
// the latest date found in the history, so that the same files always give
// the same ratios.
func asOfOrLatest(opt Options, deals []Deal) time.Time {
	if !opt.AsOf.IsZero() {
		return dateOf(opt.AsOf)
	}
	var latest time.Time
	for i := range deals {
		for _, t := range []time.Time{deals[i].Created, deals[i].Closed} {
			if t.After(latest) {
				latest = t
			}
		}
	}
	if latest.IsZero() {
		return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return dateOf(latest)
}

// groupNames remembers one display spelling per folded name: the smallest
// in byte order, so that the choice does not depend on row order.
type groupNames map[string]string

func (n groupNames) add(s string) {
	k := fold(s)
	s = strings.TrimSpace(s)
	if cur, ok := n[k]; !ok || s < cur {
		n[k] = s
	}
}

// ComputeRatios returns the ratios of METHOD §3 over the window (AsOf − N
// months, AsOf] of opt (N = WindowMonths), grouped by the keys in by (any
// of "team", "segment", "offer", "owner"; unknown names are ignored). With
// by empty it returns the company (empty key) and then each team. Groups
// are sorted by key. Names are matched without regard to case or
// surrounding spaces. An unset AsOf means the latest date of the history.
// The ratios are those of the group itself: ComputeRatios never borrows.
func ComputeRatios(deals []Deal, activity []Activity, by []string, opt Options) []Ratios {
	opt = opt.WithDefaults()
	asOf := asOfOrLatest(opt, deals)
	w := newWindow(asOf, opt.WindowMonths)
	act := sumActivity(activity, w)
	var out []Ratios
	emit := func(groups map[GroupKey][]int32, names map[string]groupNames) {
		keys := make([]GroupKey, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareKeys)
		for _, k := range keys {
			disp := GroupKey{Team: names["team"][k.Team], Segment: names["segment"][k.Segment],
				Offer: names["offer"][k.Offer], Owner: names["owner"][k.Owner]}
			g := computeStats(deals, groups[k], w, disp)
			if k.Owner != "" && k.Team == "" {
				g.applyActivity(nil, opt.Assumptions)
			} else {
				g.applyActivity(act[k.Team], opt.Assumptions)
			}
			out = append(out, g.Ratios)
		}
	}
	var want struct{ team, segment, offer, owner bool }
	for _, b := range by {
		switch fold(b) {
		case "team":
			want.team = true
		case "segment":
			want.segment = true
		case "offer":
			want.offer = true
		case "owner":
			want.owner = true
		}
	}
	names := map[string]groupNames{"team": {}, "segment": {}, "offer": {}, "owner": {}}
	if !want.team && !want.segment && !want.offer && !want.owner {
		all := make([]int32, len(deals))
		teams := map[GroupKey][]int32{}
		for i := range deals {
			all[i] = int32(i)
			names["team"].add(deals[i].Team)
			k := GroupKey{Team: fold(deals[i].Team)}
			teams[k] = append(teams[k], int32(i))
		}
		emit(map[GroupKey][]int32{{}: all}, names)
		emit(teams, names)
		return out
	}
	groups := map[GroupKey][]int32{}
	for i := range deals {
		d := &deals[i]
		var k GroupKey
		if want.team {
			k.Team = fold(d.Team)
			names["team"].add(d.Team)
		}
		if want.segment {
			k.Segment = fold(d.Segment)
			names["segment"].add(d.Segment)
		}
		if want.offer {
			k.Offer = fold(d.Offer)
			names["offer"].add(d.Offer)
		}
		if want.owner {
			k.Owner = fold(d.Owner)
			names["owner"].add(d.Owner)
		}
		groups[k] = append(groups[k], int32(i))
	}
	emit(groups, names)
	return out
}

func compareKeys(a, b GroupKey) int {
	return cmp.Or(cmp.Compare(a.Team, b.Team), cmp.Compare(a.Segment, b.Segment),
		cmp.Compare(a.Offer, b.Offer), cmp.Compare(a.Owner, b.Owner))
}
