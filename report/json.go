package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/planner/locale"
)

// WriteJSON writes the plan as plan.json (the contract of issue 2): as_of,
// targets and problems, plus additive fields (window_months, inputs with
// their SHA-256, ratios, assumptions, changes since the previous run).
// Dates are "YYYY-MM-DD", months "YYYY-MM". A number that does not apply is
// null, never 0 or an invented value: probability and P10/P50/P90 without
// HasProbability, capacity_ratio without HasCapacity, the required funnel
// without HasRequired, and the funnel lines above the target's own metric
// (a meetings target has no deals or opportunities; an opportunities target
// has no deals). Output is indented by two spaces and ends with a newline;
// every object is a struct, so key order is fixed.
func WriteJSON(w io.Writer, p *planner.Plan, opt Options) error {
	if p == nil {
		return errors.New("write json: nil plan")
	}
	doc := jsonDocument(p)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

type jsonPlan struct {
	AsOf         string           `json:"as_of"`
	PreviousAsOf *string          `json:"previous_as_of"`
	WindowMonths int              `json:"window_months"`
	Lang         string           `json:"lang"`
	Inputs       []jsonInput      `json:"inputs"`
	Targets      []jsonTarget     `json:"targets"`
	Ratios       []jsonRatios     `json:"ratios"`
	Assumptions  []jsonAssumption `json:"assumptions"`
	Changes      []jsonChange     `json:"changes"`
	Problems     []jsonProblem    `json:"problems"`
	TrackRecord  *jsonTrack       `json:"track_record,omitempty"`
}

// jsonTrack is the plan's track record (planner.TrackRecord).
type jsonTrack struct {
	Enough   bool                  `json:"enough"`
	Why      string                `json:"why,omitempty"`
	By       string                `json:"by"`
	Cases    int                   `json:"cases"`
	Runs     int                   `json:"runs"`
	First    *string               `json:"first_quarter"`
	Last     *string               `json:"last_quarter"`
	Brier    float64               `json:"brier"`
	LogLoss  float64               `json:"log_loss"`
	Naive    jsonForecaster        `json:"naive_normal"`
	Skill    float64               `json:"skill"`
	LogSkill float64               `json:"log_skill"`
	Bins     []planner.BacktestBin `json:"bins"`
}

type jsonForecaster struct {
	Brier   float64 `json:"brier"`
	LogLoss float64 `json:"log_loss"`
}

type jsonInput struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
}

type jsonTarget struct {
	ID          string   `json:"id"`
	Team        string   `json:"team"`
	Segment     string   `json:"segment"`
	Offer       string   `json:"offer"`
	Metric      string   `json:"metric"`
	Value       *float64 `json:"value"`
	Baseline    *float64 `json:"baseline"`
	Start       *string  `json:"start"`
	Deadline    *string  `json:"deadline"`
	Lever       string   `json:"lever"`
	Priority    *int     `json:"priority"`
	Rationale   string   `json:"rationale"`
	Verdict     string   `json:"verdict"`
	Probability *float64 `json:"probability"`
	// ProbabilityError is the Monte Carlo error (± two standard errors)
	// of Probability, over Runs runs.
	ProbabilityError *float64       `json:"probability_error"`
	Runs             int            `json:"runs,omitempty"`
	P10              *float64       `json:"p10"`
	P50              *float64       `json:"p50"`
	P90              *float64       `json:"p90"`
	CapacityRatio    *float64       `json:"capacity_ratio"`
	Required         jsonRequired   `json:"required"`
	History          jsonHistory    `json:"history"`
	Smart            jsonSmart      `json:"smart"`
	SmartReasons     jsonSmartWhy   `json:"smart_reasons"`
	Sentence         string         `json:"sentence"`
	Decision         *jsonReason    `json:"decision"` // the reason that decided the verdict
	Reasons          []jsonReason   `json:"reasons"`
	Mistakes         []jsonReason   `json:"mistakes"`
	Levers           []jsonLever    `json:"levers"`
	CreationStart    *string        `json:"creation_start"`
	CreationEnd      *string        `json:"creation_end"`
	CreationMonths   int            `json:"creation_months"`
	Progress         *jsonProgress  `json:"progress"`
	Monthly          []jsonMonthRow `json:"monthly"`
	Source           string         `json:"source"`
}

type jsonRequired struct {
	Deals                 *float64 `json:"deals"`
	Opportunities         *float64 `json:"opportunities"`
	OpportunitiesPerMonth *float64 `json:"opportunities_per_month"`
	Meetings              *float64 `json:"meetings"`
	Responses             *float64 `json:"responses"`
	Contacts              *float64 `json:"contacts"`
}

type jsonHistory struct {
	WinRate               *float64 `json:"win_rate"`
	AvgDeal               *float64 `json:"avg_deal"`
	CycleDaysMedian       *float64 `json:"cycle_days_median"`
	OpportunitiesPerMonth *float64 `json:"opportunities_per_month"`
	WinRateLow            *float64 `json:"win_rate_low"`
	WinRateHigh           *float64 `json:"win_rate_high"`
	// Conversion is the chance that a new opportunity is won in the end
	// (planner.Ratios.Conversion): deals left open count against it.
	Conversion   *float64 `json:"conversion"`
	Closed       int      `json:"closed"`
	Won          int      `json:"won"`
	BorrowedFrom string   `json:"borrowed_from"`
}

type jsonSmart struct {
	Specific   bool `json:"specific"`
	Measurable bool `json:"measurable"`
	Achievable bool `json:"achievable"`
	Relevant   bool `json:"relevant"`
	TimeBound  bool `json:"time_bound"`
}

// jsonSmartWhy holds the reason of each failed letter; null when it passes.
type jsonSmartWhy struct {
	Specific   *string `json:"specific"`
	Measurable *string `json:"measurable"`
	Achievable *string `json:"achievable"`
	Relevant   *string `json:"relevant"`
	TimeBound  *string `json:"time_bound"`
}

type jsonReason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type jsonLever struct {
	Name     string   `json:"name"`
	Current  *float64 `json:"current"`
	Required *float64 `json:"required"`
	Feasible bool     `json:"feasible"`
}

type jsonProgress struct {
	PlanToDate     *float64 `json:"plan_to_date"`
	ActualToDate   *float64 `json:"actual_to_date"`
	Gap            *float64 `json:"gap"`
	NeededPerMonth *float64 `json:"needed_per_month"`
}

type jsonMonthRow struct {
	Month         string   `json:"month"`
	Deals         *float64 `json:"deals"`
	Opportunities *float64 `json:"opportunities"`
	Meetings      *float64 `json:"meetings"`
	Contacts      *float64 `json:"contacts"`
	Revenue       *float64 `json:"revenue"`
	CumDeals      *float64 `json:"cum_deals"`
	CumRevenue    *float64 `json:"cum_revenue"`
	Actual        *float64 `json:"actual"`
}

type jsonRatios struct {
	Team                  string   `json:"team,omitempty"`
	Segment               string   `json:"segment,omitempty"`
	Offer                 string   `json:"offer,omitempty"`
	Owner                 string   `json:"owner,omitempty"`
	Closed                int      `json:"closed"`
	Won                   int      `json:"won"`
	Lost                  int      `json:"lost"`
	WinRate               *float64 `json:"win_rate"`
	WinRateLow            *float64 `json:"win_rate_low"`
	WinRateHigh           *float64 `json:"win_rate_high"`
	Conversion            *float64 `json:"conversion"`
	AvgDeal               *float64 `json:"avg_deal"`
	MedianDeal            *float64 `json:"median_deal"`
	CycleDaysMedian       *float64 `json:"cycle_days_median"`
	CycleDaysP80          *float64 `json:"cycle_days_p80"`
	OpportunitiesPerMonth *float64 `json:"opportunities_per_month"`
	Revenue               *float64 `json:"revenue"`
	Open                  int      `json:"open"`
	OpenAmount            *float64 `json:"open_amount"`
	BorrowedFrom          string   `json:"borrowed_from"`
	FunnelFromHistory     bool     `json:"funnel_from_history"`
	ResponseRate          *float64 `json:"response_rate"`
	MeetingRate           *float64 `json:"meeting_rate"`
	OpportunityRate       *float64 `json:"opportunity_rate"`
}

type jsonAssumption struct {
	Scope string   `json:"scope"`
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
	Why   string   `json:"why"`
}

type jsonChange struct {
	ID             string   `json:"id"`
	Team           string   `json:"team"`
	Metric         string   `json:"metric"`
	OldVerdict     *string  `json:"old_verdict"`
	NewVerdict     string   `json:"new_verdict"`
	OldProbability *float64 `json:"old_probability"`
	NewProbability *float64 `json:"new_probability"`
	New            bool     `json:"new"`
}

type jsonProblem struct {
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Row      int    `json:"row"`
	Col      int    `json:"col"`
	Ref      string `json:"ref"`
	Position string `json:"position"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Header   string `json:"header"`
	Value    string `json:"value"`
	Expected string `json:"expected"`
	Message  string `json:"message"`
}

// jsonNum returns a pointer to v when ok and v is finite, nil (JSON null)
// otherwise.
func jsonNum(v float64, ok bool) *float64 {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func jsonStr(s string, ok bool) *string {
	if !ok {
		return nil
	}
	return &s
}

func jsonDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func jsonMonth(m planner.Month) *string {
	if m.Year == 0 {
		return nil
	}
	s := m.String()
	return &s
}

// metricFunnelLines reports which lines of the reverse funnel apply to a metric:
// the funnel starts at the metric's own line and runs downward (METHOD §4),
// so a meetings target requires no deals and no opportunities, and an
// opportunities target requires no deals. Revenue, win rate and deal-size
// targets use the whole funnel.
func metricFunnelLines(m planner.Metric) (deals, opps bool) {
	switch m {
	case planner.Meetings:
		return false, false
	case planner.Opportunities:
		return false, true
	default:
		return true, true
	}
}

func jsonDocument(p *planner.Plan) jsonPlan {
	doc := jsonPlan{
		AsOf:         p.AsOf.Format(time.DateOnly),
		PreviousAsOf: jsonDate(p.PreviousAsOf),
		WindowMonths: p.WindowMonths,
		Lang:         locale.Normalize(p.Lang),
		Inputs:       []jsonInput{},
		Targets:      []jsonTarget{},
		Ratios:       []jsonRatios{},
		Assumptions:  []jsonAssumption{},
		Changes:      []jsonChange{},
		Problems:     []jsonProblem{},
	}
	if tr := p.TrackRecord; tr != nil {
		doc.TrackRecord = &jsonTrack{Enough: tr.Enough, Why: tr.Why, By: "team", Cases: tr.Result.Cases, Runs: tr.Runs,
			First: jsonDate(tr.From), Last: jsonDate(tr.To), Brier: tr.Result.Brier, LogLoss: tr.Result.LogLoss,
			Naive: jsonForecaster{tr.Naive.Brier, tr.Naive.LogLoss}, Skill: tr.Skill, LogSkill: tr.LogSkill,
			Bins: tr.Result.Bins}
		if doc.TrackRecord.Bins == nil {
			doc.TrackRecord.Bins = []planner.BacktestBin{}
		}
	}
	for _, f := range p.Files {
		doc.Inputs = append(doc.Inputs, jsonInput{Path: f.Path, Kind: f.Kind, SHA256: f.SHA256, Rows: f.Rows})
	}
	for i := range p.Targets {
		doc.Targets = append(doc.Targets, jsonTargetOf(&p.Targets[i]))
	}
	for _, r := range p.Ratios {
		doc.Ratios = append(doc.Ratios, jsonRatiosOf(r))
	}
	for _, a := range p.Assumptions {
		doc.Assumptions = append(doc.Assumptions, jsonAssumption{Scope: a.Scope, Name: a.Name, Value: jsonNum(a.Value, true), Why: a.Why})
	}
	for _, c := range p.Changes {
		doc.Changes = append(doc.Changes, jsonChange{
			ID: c.TargetID, Team: c.Team, Metric: string(c.Metric),
			OldVerdict:     jsonStr(string(c.OldVerdict), !c.New && c.OldVerdict != ""),
			NewVerdict:     string(c.NewVerdict),
			OldProbability: jsonNum(c.OldProbability, c.HasProbability && !c.New),
			NewProbability: jsonNum(changeNewProbability(p, c)),
			New:            c.New,
		})
	}
	for _, pr := range p.Problems {
		doc.Problems = append(doc.Problems, jsonProblem{
			File: pr.File, Sheet: pr.Sheet, Row: pr.Row, Col: pr.Col, Ref: pr.Ref, Position: pr.Position.String(),
			Kind: pr.Kind, Severity: pr.Severity, Header: pr.Header, Value: pr.Value, Expected: pr.Expected, Message: pr.Message,
		})
	}
	return doc
}

func jsonTargetOf(r *planner.TargetResult) jsonTarget {
	t := r.Target
	metric := string(t.Metric)
	if metric == "" {
		metric = t.MetricText
	}
	hasDeals, hasOpps := metricFunnelLines(t.Metric)
	req := r.Required
	h := r.History
	jt := jsonTarget{
		ID: t.ID, Team: t.Team, Segment: t.Segment, Offer: t.Offer, Metric: metric,
		Value:            jsonNum(t.Value, t.HasValue),
		Baseline:         jsonNum(t.Baseline, t.HasBaseline),
		Start:            jsonDate(t.Start),
		Deadline:         jsonDate(t.Deadline),
		Lever:            t.Lever,
		Rationale:        t.Rationale,
		Verdict:          string(r.Verdict),
		Probability:      jsonNum(r.Probability, r.HasProbability),
		ProbabilityError: jsonNum(r.ProbabilityError, r.HasProbability),
		Runs:             r.Runs,
		P10:              jsonNum(r.P10, r.HasProbability),
		P50:              jsonNum(r.P50, r.HasProbability),
		P90:              jsonNum(r.P90, r.HasProbability),
		CapacityRatio:    jsonNum(r.CapacityRatio, r.HasCapacity),
		Required: jsonRequired{
			Deals:                 jsonNum(req.Deals, r.HasRequired && hasDeals),
			Opportunities:         jsonNum(req.Opportunities, r.HasRequired && hasOpps),
			OpportunitiesPerMonth: jsonNum(req.OpportunitiesPerMonth, r.HasRequired && hasOpps),
			Meetings:              jsonNum(req.Meetings, r.HasRequired),
			Responses:             jsonNum(req.Responses, r.HasRequired),
			Contacts:              jsonNum(req.Contacts, r.HasRequired),
		},
		History: jsonHistory{
			WinRate:               jsonNum(h.WinRate, h.HasWinRate),
			AvgDeal:               jsonNum(h.AvgDeal, h.HasDeal),
			CycleDaysMedian:       jsonNum(h.CycleDaysMedian, h.HasCycle),
			OpportunitiesPerMonth: jsonNum(h.OpportunitiesPerMonth, h.Closed > 0 || h.Created > 0),
			WinRateLow:            jsonNum(h.WinRateLow, h.HasWinRate),
			WinRateHigh:           jsonNum(h.WinRateHigh, h.HasWinRate),
			Conversion:            jsonNum(h.Conversion, h.HasConversion),
			Closed:                h.Closed,
			Won:                   h.Won,
			BorrowedFrom:          h.BorrowedFrom,
		},
		Smart: jsonSmart{
			Specific: r.Smart.Specific.Pass, Measurable: r.Smart.Measurable.Pass, Achievable: r.Smart.Achievable.Pass,
			Relevant: r.Smart.Relevant.Pass, TimeBound: r.Smart.TimeBound.Pass,
		},
		SmartReasons: jsonSmartWhy{
			Specific:   jsonStr(r.Smart.Specific.Reason, !r.Smart.Specific.Pass),
			Measurable: jsonStr(r.Smart.Measurable.Reason, !r.Smart.Measurable.Pass),
			Achievable: jsonStr(r.Smart.Achievable.Reason, !r.Smart.Achievable.Pass),
			Relevant:   jsonStr(r.Smart.Relevant.Reason, !r.Smart.Relevant.Pass),
			TimeBound:  jsonStr(r.Smart.TimeBound.Reason, !r.Smart.TimeBound.Pass),
		},
		Sentence:       r.Sentence,
		Decision:       jsonDecision(r.Decision),
		Reasons:        jsonReasons(r.Reasons),
		Mistakes:       jsonReasons(r.Mistakes),
		Levers:         []jsonLever{},
		CreationStart:  jsonMonth(r.CreationStart),
		CreationEnd:    jsonMonth(r.CreationEnd),
		CreationMonths: r.CreationMonths,
		Monthly:        []jsonMonthRow{},
		Source:         sourceString(t),
	}
	if t.Priority > 0 {
		pr := t.Priority
		jt.Priority = &pr
	}
	for _, l := range r.Levers {
		jt.Levers = append(jt.Levers, jsonLever{Name: l.Name, Current: jsonNum(l.Current, true), Required: jsonNum(l.Required, l.Feasible), Feasible: l.Feasible})
	}
	if r.HasProgress {
		jt.Progress = &jsonProgress{
			PlanToDate:     jsonNum(r.PlanToDate, true),
			ActualToDate:   jsonNum(r.ActualToDate, true),
			Gap:            jsonNum(r.ActualToDate-r.PlanToDate, true),
			NeededPerMonth: jsonNum(r.NeededPerMonth, true),
		}
	}
	hasRevenue := hasDeals
	for _, m := range r.Monthly {
		jt.Monthly = append(jt.Monthly, jsonMonthRow{
			Month:         m.Month.String(),
			Deals:         jsonNum(m.Deals, hasDeals),
			Opportunities: jsonNum(m.Opportunities, hasOpps),
			Meetings:      jsonNum(m.Meetings, true),
			Contacts:      jsonNum(m.Contacts, true),
			Revenue:       jsonNum(m.Revenue, hasRevenue),
			CumDeals:      jsonNum(m.CumDeals, hasDeals),
			CumRevenue:    jsonNum(m.CumRevenue, hasRevenue),
			Actual:        jsonNum(m.Actual, m.HasActual),
		})
	}
	return jt
}

func jsonDecision(r planner.Reason) *jsonReason {
	if r.Code == "" {
		return nil
	}
	return &jsonReason{Code: r.Code, Message: r.Message}
}

func jsonReasons(rs []planner.Reason) []jsonReason {
	out := make([]jsonReason, 0, len(rs))
	for _, r := range rs {
		out = append(out, jsonReason{Code: r.Code, Message: r.Message})
	}
	return out
}

func jsonRatiosOf(r planner.Ratios) jsonRatios {
	return jsonRatios{
		Team: r.Key.Team, Segment: r.Key.Segment, Offer: r.Key.Offer, Owner: r.Key.Owner,
		Closed: r.Closed, Won: r.Won, Lost: r.Lost,
		WinRate:               jsonNum(r.WinRate, r.HasWinRate),
		WinRateLow:            jsonNum(r.WinRateLow, r.HasWinRate),
		WinRateHigh:           jsonNum(r.WinRateHigh, r.HasWinRate),
		Conversion:            jsonNum(r.Conversion, r.HasConversion),
		AvgDeal:               jsonNum(r.AvgDeal, r.HasDeal),
		MedianDeal:            jsonNum(r.MedianDeal, r.HasDeal),
		CycleDaysMedian:       jsonNum(r.CycleDaysMedian, r.HasCycle),
		CycleDaysP80:          jsonNum(r.CycleDaysP80, r.HasCycle),
		OpportunitiesPerMonth: jsonNum(r.OpportunitiesPerMonth, true),
		Revenue:               jsonNum(r.Revenue, true),
		Open:                  r.Open,
		OpenAmount:            jsonNum(r.OpenAmount, true),
		BorrowedFrom:          r.BorrowedFrom,
		FunnelFromHistory:     r.FunnelFromHistory,
		ResponseRate:          jsonNum(r.Funnel.ResponseRate, r.Funnel.ResponseRate > 0),
		MeetingRate:           jsonNum(r.Funnel.MeetingRate, r.Funnel.MeetingRate > 0),
		OpportunityRate:       jsonNum(r.Funnel.OpportunityRate, r.Funnel.OpportunityRate > 0),
	}
}

// changeNewProbability is the current probability of a changed target. A
// Change only says whether both runs had one, so the current run's own flag
// is taken from the plan's target of the same id.
func changeNewProbability(p *planner.Plan, c planner.Change) (float64, bool) {
	for i := range p.Targets {
		if r := &p.Targets[i]; r.Target.ID == c.TargetID && r.Target.ID != "" {
			return r.Probability, r.HasProbability
		}
	}
	return c.NewProbability, c.HasProbability
}

// sourceString locates the target's input row: "targets.xlsx: North row 7".
func sourceString(t planner.Target) string {
	if t.Source.File == "" {
		return ""
	}
	return t.Source.String()
}

// PreviousTarget is what a rerun needs of one target of a previous
// plan.json to compute the changes since then (METHOD §8).
type PreviousTarget struct {
	Team           string
	Metric         planner.Metric
	Verdict        planner.Verdict
	Probability    float64
	HasProbability bool
}

// ReadJSONSummary reads a plan.json written by WriteJSON (or any file with
// the issue-2 contract) and returns its as-of date and its targets keyed by
// id. Targets without an id are skipped; a repeated id is an error, since
// the changes could not be attributed.
func ReadJSONSummary(r io.Reader) (asOf time.Time, targets map[string]PreviousTarget, err error) {
	var doc struct {
		AsOf    *string `json:"as_of"`
		Targets []struct {
			ID          string   `json:"id"`
			Team        string   `json:"team"`
			Metric      string   `json:"metric"`
			Verdict     string   `json:"verdict"`
			Probability *float64 `json:"probability"`
		} `json:"targets"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return time.Time{}, nil, fmt.Errorf("read previous plan: %w", err)
	}
	if doc.AsOf == nil {
		return time.Time{}, nil, errors.New("read previous plan: no as_of")
	}
	asOf, err = time.Parse(time.DateOnly, *doc.AsOf)
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("read previous plan: as_of: %w", err)
	}
	targets = make(map[string]PreviousTarget, len(doc.Targets))
	for _, t := range doc.Targets {
		if t.ID == "" {
			continue
		}
		if _, dup := targets[t.ID]; dup {
			return time.Time{}, nil, fmt.Errorf("read previous plan: target id %q appears twice", t.ID)
		}
		pt := PreviousTarget{Team: t.Team, Metric: planner.Metric(t.Metric), Verdict: planner.Verdict(t.Verdict)}
		if t.Probability != nil {
			pt.Probability, pt.HasProbability = *t.Probability, true
		}
		targets[t.ID] = pt
	}
	return asOf, targets, nil
}
