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
}

// simBase is the part of a simulation's input that depends on the scope
// and the as-of date only: the recent life table (recentLifeOf), the open
// deals with a created date, in the order the simulation sorts them, and
// the closed deals the life table was made from.
type simBase struct {
	life   *lifeTable
	open   []OpenDeal
	closed []ClosedDeal
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
	})
	return &e.b
}

// compareOpen orders open deals as the simulation does: by created date,
// then amount.
func compareOpen(a, b OpenDeal) int {
	return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.Amount, b.Amount))
}

func newHistory(deals []Deal, activity []Activity, w window, opt Options) *history {
	h := &history{deals: deals, w: w, opt: opt, act: sumActivity(activity, w),
		idx:   map[GroupKey][]int32{},
		names: map[string]groupNames{"team": {}, "segment": {}, "offer": {}},
		stats: map[GroupKey]*groupStats{}}
	tf, sf, of := newFolder(), newFolder(), newFolder()
	h.names = map[string]groupNames{"team": tf.names, "segment": sf.names, "offer": of.names}
	for i := range deals {
		d := &deals[i]
		t, s, o := tf.fold(d.Team), sf.fold(d.Segment), of.fold(d.Offer)
		id := int32(i)
		h.idx[GroupKey{}] = append(h.idx[GroupKey{}], id)
		if t != "" {
			// a deal with no team is in the company's group only: a
			// team-less key is the company's
			h.idx[GroupKey{Team: t}] = append(h.idx[GroupKey{Team: t}], id)
		}
		if s != "" {
			h.idx[GroupKey{Team: t, Segment: s}] = append(h.idx[GroupKey{Team: t, Segment: s}], id)
		}
		if o != "" {
			h.idx[GroupKey{Team: t, Offer: o}] = append(h.idx[GroupKey{Team: t, Offer: o}], id)
		}
		if s != "" && o != "" {
			k := GroupKey{Team: t, Segment: s, Offer: o}
			h.idx[k] = append(h.idx[k], id)
		}
	}
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
	if _, ok := h.idx[GroupKey{}]; !ok {
		h.idx[GroupKey{}] = nil
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
