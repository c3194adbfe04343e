package planner

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	asOf, start       time.Time
	asOfDay, startDay Date
	months            int
	// exportEnd is the latest created or close date of the whole history:
	// an as-of date before it replays the past, where an open deal with no
	// created date cannot be placed (see pointInTime).
	exportEnd Date
	// firstClosed is the earliest close date of the whole history known
	// at the as-of date: the export records no closing before it (an
	// export of "deals closed since X, and the open ones" starts there),
	// so no deal can be seen to close before it (see SimInput.ObservedFrom).
	firstClosed Date
	// firstDay is the earliest created or close date of the history known
	// at the as-of date: the months of the window before it are not
	// observed, and count in no monthly mean (see observed).
	firstDay Date
	bounds   []Date // bounds[i] = asOf - (months-i) months; bucket i is (bounds[i], bounds[i+1]]
}

// pointInTime sets the export's last date on the window, so that an as-of
// date before it sees the history as an export taken that day would.
func (w *window) pointInTime(deals []Deal) {
	var latest, first, firstDay Date
	for i := range deals {
		d := &deals[i]
		latest = max(latest, d.Created, d.Closed)
		for _, t := range [2]Date{d.Created, d.Closed} {
			if !t.IsZero() && t <= w.asOfDay && (firstDay.IsZero() || t < firstDay) {
				firstDay = t
			}
		}
		if (d.Status == Won || d.Status == Lost) && !d.Closed.IsZero() && d.Closed <= w.asOfDay && (first.IsZero() || d.Closed < first) {
			first = d.Closed
		}
	}
	w.exportEnd, w.firstClosed, w.firstDay = latest, first, firstDay
}

func newWindow(asOf time.Time, months int) window {
	w := window{asOf: asOf, months: months, start: addMonths(asOf, -months)}
	w.asOfDay, w.startDay = DateOf(w.asOf), DateOf(w.start)
	w.bounds = make([]Date, months+1)
	for i := range w.bounds {
		w.bounds[i] = DateOf(addMonths(asOf, i-months))
	}
	return w
}

// in reports whether t is a date inside the window (start, asOf].
func (w window) in(t time.Time) bool {
	return !t.IsZero() && t.After(w.start) && !t.After(w.asOf)
}

// bucket returns the month-long bucket (0 is the oldest) holding t, which
// must be in the window.
func (w window) bucket(d Date) int {
	// the first bound not before d closes d's bucket
	i, _ := slices.BinarySearch(w.bounds, d)
	return min(max(i-1, 0), w.months-1)
}

// observed is the number of the window's month-long buckets, the most
// recent ones, that the history covers: a history that starts inside the
// window leaves the older buckets empty because nothing was recorded then,
// not because nothing happened, and a monthly mean over them would read
// low. Without a known start (pointInTime not called, or an empty
// history), every bucket counts.
func (w window) observed() int { return w.monthsObserved(w.firstDay, w.months) }

// monthsObserved is how many of the last n month-long spans before the
// as-of date (the window's buckets when n is its length) a record that
// starts on first covers, at least one: a span counts when the record
// starts in its first half. It is the one rule for every monthly mean:
// the flow from the history's first date, the closings (revenue, won
// deals, the trailing 12 months) from w.firstClosed, which an export may
// record from a later day than the creations.
func (w window) monthsObserved(first Date, n int) int {
	if first.IsZero() {
		return n
	}
	for k := 1; k <= n; k++ {
		// span k, the latest being 1, ends on asOf − (k−1) months
		if DateOf(addMonths(w.asOf, 1-k)) < first+15 {
			return max(1, k-1)
		}
	}
	return n
}

// activityMonth reports whether an activity month belongs to the window:
// its first day is in (start, asOf], so that the window always holds
// WindowMonths calendar months of activity.
func (w window) activityMonth(m Month) bool { return w.in(m.Start()) }

// openDeal is an opportunity open at the as-of date.
type openDeal struct {
	amount  float64
	created Date
}

// closedDeal is a compact ClosedDeal.
type closedDeal struct {
	created, closed Date
	won             bool
}

// groupStats is everything the planner keeps about one group of deals: the
// public Ratios plus the raw material of the checks and of the simulation.
type groupStats struct {
	Ratios
	wonAmounts []float64 // won in the window, sorted
	cycleDays  []float64 // cycle of won deals in the window, sorted
	lostCycles []float64 // cycle of lost deals in the window, sorted
	// closed are the deals closed in the window with both dates, for the
	// simulation's recent life table of the open pipeline (SimInput.Closed).
	closed  []closedDeal
	buckets []float64 // opportunities created per month-long bucket of the window
	// wonBuckets and revenueBuckets are the deals won and their amounts
	// per month-long bucket of the window that observed closings
	// (window.monthsObserved from firstClosed); wonSquares sums the squares of
	// the won amounts over the window.
	wonBuckets, revenueBuckets []float64
	wonSquares                 float64
	open                       []openDeal
	assumed                    [3]bool // response, meeting, opportunity rate taken from assumptions

	bestWinRate, bestDeal      float64
	bestWinRateQ, bestDealQ    quarterKey
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

// monthIndex numbers months continuously (year × 12 + month − 1).
func monthIndex(t time.Time) int {
	y, m, _ := t.Date()
	return y*12 + int(m) - 1
}

func monthOfIndex(i int) Month {
	y := i / 12
	return Month{y, time.Month(i - y*12 + 1)}
}

// monthly is a dense series indexed by months before the as-of month
// (offset 0 is the as-of month), grown on demand.
type monthly[T any] []T

func (s *monthly[T]) at(off int) *T {
	if off >= len(*s) {
		*s = append(*s, make([]T, off+1-len(*s))...)
	}
	return &(*s)[off]
}

// wonAmount is the amount of a won deal, with the month it closed in
// (offset before the as-of month) and whether it closed in the window and
// in the trailing twelve months.
type wonAmount struct {
	amount     float64
	off        int32
	inWin, t12 bool
}

// computeStats computes the statistics of the deals idx of deals over the
// window. The result does not depend on the order of idx: every sum is
// taken over sorted values. The won amounts are sorted once, and every sum
// of a subset of them (a month, the window, the trailing year) is taken in
// that order, which is the subset's own sorted order.
func computeStats(deals []Deal, idx []int32, w window, key GroupKey) *groupStats {
	g := &groupStats{Ratios: Ratios{Key: key}}
	g.buckets = make([]float64, w.months)
	g.wonBuckets = make([]float64, w.months)
	g.revenueBuckets = make([]float64, w.months)
	asOfIdx := monthIndex(w.asOf)
	// All history up to the as-of date, per month.
	var createdAll, wonN, lostN monthly[float64]
	var won []wonAmount
	// The window, per month.
	var createdWin monthly[float64]
	var openAmounts, openAges []float64
	t12start := DateOf(addMonths(w.asOf, -12))
	asOf, start := w.asOfDay, w.startDay
	oldest := -1 // largest offset seen
	for _, i := range idx {
		d := &deals[i]
		hasCreated := !d.Created.IsZero() && d.Created <= asOf
		if hasCreated {
			off := asOfIdx - d.Created.monthIndex()
			oldest = max(oldest, off)
			*createdAll.at(off)++
			if d.Created > start {
				g.Created++
				g.buckets[w.bucket(d.Created)]++
				*createdWin.at(off)++
			}
		}
		closedKnown := !d.Closed.IsZero() && d.Closed <= asOf && (d.Status == Won || d.Status == Lost)
		// Open at the as-of date, as an export taken that day would show
		// it: created by then and not closed by then. A deal closed later
		// was open, and its close value was not yet known: its amount is
		// left unknown (the simulation draws it from the won deals). A
		// deal with no created date is open only in the export's present:
		// a replay of the past cannot tell whether it existed.
		openNow := d.Status == Open && (hasCreated || (d.Created.IsZero() && asOf >= w.exportEnd))
		closedLater := d.Status != Open && hasCreated && !d.Closed.IsZero() && d.Closed > asOf
		if openNow || closedLater {
			g.Open++
			od := openDeal{created: d.Created}
			if d.HasAmount && openNow {
				openAmounts = append(openAmounts, d.Amount)
				od.amount = d.Amount
			}
			if !d.Created.IsZero() {
				openAges = append(openAges, float64(asOf-d.Created))
			}
			g.open = append(g.open, od)
		}
		if !closedKnown {
			continue
		}
		off := asOfIdx - d.Closed.monthIndex()
		oldest = max(oldest, off)
		inWin := d.Closed > start
		// A cycle needs both dates, in an order that can be right: a deal
		// closed before it was created, or decades after, has none.
		timed := !d.Created.IsZero() && !impossibleDates(*d)
		if inWin && timed {
			g.closed = append(g.closed, closedDeal{d.Created, d.Closed, d.Status == Won})
		}
		if d.Status == Lost {
			*lostN.at(off)++
			if inWin {
				g.Closed++
				g.Lost++
				if timed {
					g.lostCycles = append(g.lostCycles, float64(d.Closed-d.Created))
				}
			}
			continue
		}
		*wonN.at(off)++
		if d.HasAmount {
			won = append(won, wonAmount{d.Amount, int32(off), inWin, d.Closed > t12start})
		}
		if !inWin {
			continue
		}
		g.Closed++
		g.Won++
		b := w.bucket(d.Closed)
		g.wonBuckets[b]++
		if d.HasAmount {
			g.revenueBuckets[b] += d.Amount
		}
		if timed {
			g.cycleDays = append(g.cycleDays, float64(d.Closed-d.Created))
		}
	}
	g.hasHistory = oldest >= 0
	if life := recentLifeOf(g.closed, g.open, w); life != nil {
		g.Conversion, g.HasConversion = life.conversion(), true
	}
	if g.hasHistory {
		g.firstMonth = monthOfIndex(asOfIdx - oldest)
	}
	g.wonByMonth = map[Month]float64{}
	g.createdByMonth = map[Month]float64{}
	g.wonAmountByMonth = map[Month]float64{}
	slices.SortFunc(won, func(a, b wonAmount) int { return cmp.Compare(a.amount, b.amount) })
	var wonSum, wonCount, revenueWin monthly[float64]
	for _, a := range won {
		*wonSum.at(int(a.off)) += a.amount
		*wonCount.at(int(a.off))++
		if a.t12 {
			g.Trailing12Revenue += a.amount
		}
		if a.inWin {
			g.wonSquares += a.amount * a.amount
			g.wonAmounts = append(g.wonAmounts, a.amount)
			*revenueWin.at(int(a.off)) += a.amount
		}
	}
	for off, n := range wonCount {
		if n > 0 {
			g.wonAmountByMonth[monthOfIndex(asOfIdx-off)] = wonSum[off]
		}
	}
	for off, v := range wonN {
		if v > 0 {
			g.wonByMonth[monthOfIndex(asOfIdx-off)] = v
		}
	}
	for off, v := range createdAll {
		if v > 0 {
			g.createdByMonth[monthOfIndex(asOfIdx-off)] = v
		}
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
	slices.Sort(g.lostCycles)
	if len(g.cycleDays) > 0 {
		slices.Sort(g.cycleDays)
		g.CycleDaysMedian = quantileSorted(g.cycleDays, 0.5)
		g.CycleDaysP80 = quantileSorted(g.cycleDays, 0.8)
		g.HasCycle = true
	}
	no, nc := w.observed(), w.monthsObserved(w.firstClosed, w.months)
	g.OpportunitiesPerMonth = float64(g.Created) / float64(no)
	g.buckets = g.buckets[w.months-no:]
	g.wonBuckets, g.revenueBuckets = g.wonBuckets[w.months-nc:], g.revenueBuckets[w.months-nc:]
	g.OpenAmount = sumSorted(openAmounts)
	if len(openAges) > 0 {
		g.OpenAgeDaysMedian = quantileSelect(openAges, 0.5)
	}
	// Monthly series over the calendar months the window touches.
	for m := MonthOf(w.start.AddDate(0, 0, 1)); !MonthOf(w.asOf).Before(m); m = m.Add(1) {
		off := asOfIdx - (m.Year*12 + int(m.Month) - 1)
		var c, r float64
		if off < len(createdWin) {
			c = createdWin[off]
		}
		if off < len(revenueWin) {
			r = revenueWin[off]
		}
		g.MonthlyOpportunities = append(g.MonthlyOpportunities, MonthValue{m, c})
		g.MonthlyRevenue = append(g.MonthlyRevenue, MonthValue{m, r})
	}
	// Best calendar quarter on record, from the monthly totals, oldest
	// quarter first so that ties go to the earliest.
	if g.hasHistory {
		firstQ, lastQ := (asOfIdx-oldest)/3, asOfIdx/3
		for q := firstQ; q <= lastQ; q++ {
			var won, lost, amount, nAmount float64
			for mi := q * 3; mi < q*3+3; mi++ {
				off := asOfIdx - mi
				if off < 0 {
					continue
				}
				if off < len(wonN) {
					won += wonN[off]
				}
				if off < len(lostN) {
					lost += lostN[off]
				}
				if off < len(wonSum) {
					amount += wonSum[off]
					nAmount += wonCount[off]
				}
			}
			name := quarterKey{q / 4, q%4 + 1}
			if n := won + lost; n >= minQuarterClosed {
				if r := won / n; !g.hasBestWin || r > g.bestWinRate {
					g.bestWinRate, g.bestWinRateQ, g.hasBestWin = r, name, true
				}
			}
			if nAmount >= minQuarterWon {
				if a := amount / nAmount; !g.hasBestDeal || a > g.bestDeal {
					g.bestDeal, g.bestDealQ, g.hasBestDeal = a, name, true
				}
			}
		}
	}
	return g
}

// recentLifeOf is a group's recent life table (see recentLife): its
// closed deals and its deals open at the as-of date; closed may be another
// group's, whose rates a scope borrows.
func recentLifeOf(closed []closedDeal, open []openDeal, w window) *lifeTable {
	spans := make([]lifeSpan, 0, len(closed)+len(open))
	for _, c := range closed {
		spans = append(spans, lifeSpan{created: int(c.created), end: int(c.closed), closed: true, won: c.won})
	}
	for _, o := range open {
		if !o.created.IsZero() {
			spans = append(spans, lifeSpan{created: int(o.created), end: int(w.asOfDay)})
		}
	}
	// The closed deals are those of the window: a window shorter than the
	// table's six months observes closings from its start only.
	observed := int(w.startDay) + 1
	if !w.firstClosed.IsZero() {
		observed = max(observed, int(w.firstClosed))
	}
	return recentLife(spans, int(w.asOfDay)+1, observed)
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
	var latest Date
	for i := range deals {
		latest = max(latest, deals[i].Created, deals[i].Closed)
	}
	if latest.IsZero() {
		return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return latest.Time()
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

// folder folds names and remembers their display spelling, computing each
// distinct spelling once.
type folder struct {
	folded map[Name]string // as written -> folded
	names  groupNames      // folded -> display
}

func newFolder() *folder { return &folder{folded: map[Name]string{}, names: groupNames{}} }

func (f *folder) fold(raw Name) string {
	if k, ok := f.folded[raw]; ok {
		return k
	}
	k := fold(raw.String())
	f.folded[raw] = k
	f.names.add(raw.String())
	return k
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
	w.pointInTime(deals)
	act := sumActivity(activity, w)
	var out []Ratios
	teamF, segF, offF, ownF := newFolder(), newFolder(), newFolder(), newFolder()
	emit := func(groups map[GroupKey][]int32) {
		keys := make([]GroupKey, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareKeys)
		// Groups are independent: compute them on every core, each into
		// its own slot, so that the order of the output stays the keys'.
		res := make([]Ratios, len(keys))
		parallelFor(len(keys), func(i int) {
			k := keys[i]
			disp := GroupKey{Team: teamF.names[k.Team], Segment: segF.names[k.Segment],
				Offer: offF.names[k.Offer], Owner: ownF.names[k.Owner]}
			g := computeStats(deals, groups[k], w, disp)
			if k.Owner != "" && k.Team == "" {
				g.applyActivity(nil, opt.Assumptions)
			} else {
				g.applyActivity(act[k.Team], opt.Assumptions)
			}
			res[i] = g.Ratios
		})
		out = append(out, res...)
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
	if !want.team && !want.segment && !want.offer && !want.owner {
		all := make([]int32, len(deals))
		for i := range all {
			all[i] = int32(i)
		}
		emit(map[GroupKey][]int32{{}: all})
		want.team = true // then each team
	}
	// Deals are grouped by their names as written (cheap to hash), then
	// the spellings of one folded name are merged.
	slots := map[[4]Name]int{}
	var lists [][]int32
	for i := range deals {
		d := &deals[i]
		var k [4]Name
		if want.team {
			k[0] = d.Team
		}
		if want.segment {
			k[1] = d.Segment
		}
		if want.offer {
			k[2] = d.Offer
		}
		if want.owner {
			k[3] = d.Owner
		}
		s, ok := slots[k]
		if !ok {
			s = len(lists)
			slots[k] = s
			lists = append(lists, nil)
		}
		lists[s] = append(lists[s], int32(i))
	}
	groups := make(map[GroupKey][]int32, len(slots))
	merged := map[GroupKey]bool{}
	for k, s := range slots {
		gk := GroupKey{Team: teamF.fold(k[0]), Segment: segF.fold(k[1]), Offer: offF.fold(k[2]), Owner: ownF.fold(k[3])}
		if prev, ok := groups[gk]; ok {
			merged[gk] = true
			groups[gk] = append(prev, lists[s]...)
		} else {
			groups[gk] = lists[s]
		}
	}
	for gk := range merged {
		slices.Sort(groups[gk]) // in file order, as one spelling gives
	}
	emit(groups)
	return out
}

func compareKeys(a, b GroupKey) int {
	return cmp.Or(cmp.Compare(a.Team, b.Team), cmp.Compare(a.Segment, b.Segment),
		cmp.Compare(a.Offer, b.Offer), cmp.Compare(a.Owner, b.Owner))
}

// parallelFor calls fn(0) … fn(n-1) on up to GOMAXPROCS goroutines and
// waits for them. fn must only write to its own index's data.
func parallelFor(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
