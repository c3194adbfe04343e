package planner

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// history is the sales history indexed by the groups the planner looks at:
// the company, each team, each team and segment, each team and offer, and
// each team, segment and offer. Keys are folded names.
type history struct {
	deals []Deal
	w     window
	opt   Options
	act   map[string]*activitySums
	idx   map[GroupKey][]int32
	names map[string]groupNames
	stats map[GroupKey]*groupStats
	// meetings are the meetings of each month per folded team, for the
	// actuals of meetings targets.
	meetings map[string]map[Month]float64
	// sims holds, per pair of groups (the one whose rates a scope uses,
	// the scope's own), what the simulation of any of its targets works
	// from whatever the period (simBase): built once per plan, by the
	// first target that needs it.
	simMu sync.Mutex
	sims  map[[2]GroupKey]*simBaseOnce
	// market and wonAccounts are Input.Market and Input.WonAccounts.
	market      []MarketSegment
	wonAccounts map[GroupKey]int
}

// simBase is the part of a simulation's input that depends on the scope
// and the as-of date only: the recent life table (recentLifeOf), the open
// deals with a created date, in the order the simulation sorts them, and
// the closed deals the life table was made from.
type simBase struct {
	life   *lifeTable
	open   []OpenDeal
	closed []ClosedDeal
	// prep is the simulation's preparation of the scope's lists
	// (newSimPrep), shared by its targets.
	prep *simPrep
	// openAmount is the open deals' amount (a deal without one at the
	// used group's average deal), fresh and stale how many are younger
	// and older than its 80th-percentile cycle: the coverage check's
	// figures (coverage).
	openAmount   float64
	fresh, stale int
}

type simBaseOnce struct {
	once sync.Once
	b    simBase
}

// simBase returns the simulation base of a scope with its own and its
// used groups; safe for concurrent use, each base built once.
func (h *history) simBase(used, own *groupStats) *simBase {
	k := [2]GroupKey{used.Key, own.Key}
	h.simMu.Lock()
	if h.sims == nil {
		h.sims = map[[2]GroupKey]*simBaseOnce{}
	}
	e := h.sims[k]
	if e == nil {
		e = &simBaseOnce{}
		h.sims[k] = e
	}
	h.simMu.Unlock()
	e.once.Do(func() {
		b := &e.b
		b.life = recentLifeOf(used.closed, own.open, h.w)
		b.closed = make([]ClosedDeal, len(used.closed))
		for i, c := range used.closed {
			b.closed[i] = ClosedDeal{Created: c.created.Time(), Closed: c.closed.Time(), Won: c.won}
		}
		for _, o := range own.open {
			// An open deal with no created date has no age to simulate from.
			if !o.created.IsZero() {
				b.open = append(b.open, OpenDeal{Amount: o.amount, Created: o.created.Time()})
			}
		}
		slices.SortStableFunc(b.open, compareOpen)
		asOf := h.w.asOf.AddDate(0, 0, 1) // (the simulation's first day to come)
		b.prep = newSimPrep(SimInput{AsOf: asOf, WonAmounts: used.wonAmounts, CycleDays: used.cycleDays,
			LostCycleDays: used.lostCycles, Open: b.open}, simDay(asOf))
		amounts := make([]float64, 0, len(own.open))
		for _, o := range own.open {
			if used.HasCycle && !o.created.IsZero() && float64(h.w.asOfDay-o.created) > used.CycleDaysP80 {
				b.stale++
			} else {
				b.fresh++
			}
			if o.amount == 0 {
				amounts = append(amounts, used.AvgDeal)
			} else {
				amounts = append(amounts, o.amount)
			}
		}
		b.openAmount = sumSorted(amounts)
	})
	return &e.b
}

// compareOpen orders open deals as the simulation does: by created date,
// then amount.
func compareOpen(a, b OpenDeal) int {
	return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Amount, b.Amount))
}

// dealIndex is what Build derives from the deals whatever the as-of
// date: the deals of each group, the names as the history writes them,
// and the index that resolves the targets' names. A backtest builds it
// once for all its periods (Input.index).
type dealIndex struct {
	idx     map[GroupKey][]int32
	names   map[string]groupNames
	targets *nameIndex
}

func newDealIndex(deals []Deal) *dealIndex {
	ix := &dealIndex{idx: map[GroupKey][]int32{}, targets: newNameIndex(deals)}
	tf, sf, of := newFolder(), newFolder(), newFolder()
	ix.names = map[string]groupNames{"team": tf.names, "segment": sf.names, "offer": of.names}
	for i := range deals {
		d := &deals[i]
		t, s, o := tf.fold(d.Team), sf.fold(d.Segment), of.fold(d.Offer)
		id := int32(i)
		ix.idx[GroupKey{}] = append(ix.idx[GroupKey{}], id)
		if t != "" {
			// a deal with no team is in the company's group only: a
			// team-less key is the company's
			ix.idx[GroupKey{Team: t}] = append(ix.idx[GroupKey{Team: t}], id)
		}
		if s != "" {
			ix.idx[GroupKey{Team: t, Segment: s}] = append(ix.idx[GroupKey{Team: t, Segment: s}], id)
		}
		if o != "" {
			ix.idx[GroupKey{Team: t, Offer: o}] = append(ix.idx[GroupKey{Team: t, Offer: o}], id)
		}
		if s != "" && o != "" {
			k := GroupKey{Team: t, Segment: s, Offer: o}
			ix.idx[k] = append(ix.idx[k], id)
		}
	}
	if _, ok := ix.idx[GroupKey{}]; !ok {
		ix.idx[GroupKey{}] = nil
	}
	return ix
}

// newHistory indexes deals as of the window's date, with the index ix of
// those deals (nil: built here).
func newHistory(deals []Deal, activity []Activity, w window, opt Options, ix *dealIndex) *history {
	if ix == nil {
		ix = newDealIndex(deals)
	}
	h := &history{deals: deals, w: w, opt: opt, act: sumActivity(activity, w),
		idx: ix.idx, names: ix.names, stats: map[GroupKey]*groupStats{}}
	h.meetings = map[string]map[Month]float64{}
	rows := slices.Clone(activity)
	slices.SortFunc(rows, func(a, b Activity) int { return cmp.Compare(a.Meetings, b.Meetings) })
	for _, a := range rows {
		if a.Meetings < 0 {
			continue
		}
		t := fold(a.Team)
		if h.meetings[t] == nil {
			h.meetings[t] = map[Month]float64{}
		}
		h.meetings[t][a.Month] += a.Meetings
	}
	return h
}

// display returns the key with the names as written in the history (or as
// given, for a group the history does not have).
func (h *history) display(k GroupKey, given GroupKey) GroupKey {
	name := func(kind, folded, given string) string {
		if n, ok := h.names[kind][folded]; ok && folded != "" {
			return n
		}
		return strings.TrimSpace(given)
	}
	return GroupKey{Team: name("team", k.Team, given.Team), Segment: name("segment", k.Segment, given.Segment),
		Offer: name("offer", k.Offer, given.Offer)}
}

// get returns the statistics of a group, computing them on first use. It is
// not safe for concurrent use: Build computes every group it needs before
// evaluating targets in parallel.
func (h *history) get(k GroupKey, given GroupKey) *groupStats {
	if g, ok := h.stats[k]; ok {
		return g
	}
	g := computeStats(h.deals, h.idx[k], h.w, h.display(k, given))
	act := h.act[k.Team]
	if k == (GroupKey{}) {
		act = h.act[""]
	}
	g.applyActivity(act, h.opt.Assumptions)
	h.stats[k] = g
	return g
}

// planRatios returns the ratios of Plan.Ratios: the company, each team, then
// each team and segment and each team and offer present in the history.
func (h *history) planRatios() []Ratios {
	var teams, subs []GroupKey
	for k := range h.idx {
		switch {
		case k == GroupKey{}:
		case k.Segment == "" && k.Offer == "":
			teams = append(teams, k)
		case k.Segment == "" || k.Offer == "":
			subs = append(subs, k)
		}
	}
	slices.SortFunc(teams, compareKeys)
	slices.SortFunc(subs, func(a, b GroupKey) int {
		// per team, segments before offers
		return cmp.Or(cmp.Compare(a.Team, b.Team), cmp.Compare(boolInt(a.Segment == ""), boolInt(b.Segment == "")),
			compareKeys(a, b))
	})
	out := []Ratios{h.get(GroupKey{}, GroupKey{}).Ratios}
	for _, k := range teams {
		out = append(out, h.get(k, k).Ratios)
	}
	for _, k := range subs {
		out = append(out, h.get(k, k).Ratios)
	}
	return out
}
