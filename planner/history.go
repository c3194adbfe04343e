package planner

import (
	"cmp"
	"slices"
	"strings"
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
