package planner

import "time"

// Verdict is the judgement on a target's achievability (METHOD §6).
type Verdict string

// The verdicts.
const (
	Achievable       Verdict = "achievable"
	Stretch          Verdict = "stretch"
	Unrealistic      Verdict = "unrealistic"
	InsufficientData Verdict = "insufficient_data"
)

// Options are the planner's settings. Time is an input (AsOf) and randomness
// is a seed: the same Input and Options always give the same Plan.
type Options struct {
	AsOf         time.Time // the date the plan is made on
	WindowMonths int       // history window, default 12
	Seed         int64     // Monte Carlo seed
	Runs         int       // Monte Carlo runs, default 10,000; 0 keeps the default
	Lang         string    // "en" or "fr", for sentences
	Phasing      string    // "flat" (default) or "seasonal"
	// Achievability thresholds on the probability (defaults 0.7 and 0.3).
	AchievableAt, UnrealisticBelow float64
	// Funnel assumptions used when no activity history exists (defaults:
	// response rate 0.10, meeting rate 0.60, opportunity rate 0.50).
	Assumptions FunnelRates
	// Priorities are the configured strategic priorities (segments, offers
	// or teams) for the Relevant letter of SMART.
	Priorities []string
	// MinClosed is the number of closed deals below which a group borrows
	// its ratios from its parent (default 20).
	MinClosed int
	// Sentence renders the SMART sentence of a target in a language. It is
	// injected (templates.Sentence) so that the planner stays free of I/O
	// and of embedded files; when nil, Sentence fields are left empty.
	Sentence func(lang string, s SentenceData) (string, error)

	// MarketShare is the share of a segment's accounts left to win above
	// which a new-customers target is a stretch (0: DefaultMarketShare).
	MarketShare float64

	// TrackRecord asks for Plan.TrackRecord: the rolling backtest of the
	// history by team over the quarters that ended by AsOf.
	TrackRecord bool

	// probabilitiesOnly leaves out what a backtest does not read: the
	// lever search, the ratios of every group (Plan.Ratios), the input
	// problems, and the company's statistics where no target borrows
	// them.
	probabilitiesOnly bool

	// Currency is the ISO code of amounts (--currency, the config's
	// currency); when empty, the most frequent currency of the history, else
	// none: amounts then have no symbol (see ReportingCurrency).
	Currency string
}

// FunnelRates are the conversion rates of the funnel (METHOD §3, §4).
type FunnelRates struct {
	ResponseRate    float64 // responses / contacts
	MeetingRate     float64 // meetings / responses
	OpportunityRate float64 // opportunities / meetings
}

// Input is everything the planner works from.
type Input struct {
	Deals    []Deal
	Activity []Activity
	Targets  []Target
	Sources  []SourceTable // the target sheets as written, passed through
	Problems []Problem     // input problems, passed through to the reports
	Files    []InputFile   // the files read, passed through
	// Market is the addressable market (issue 11), by segment or segment
	// and offer; WonAccounts the accounts the history has already won
	// there, keyed by Segment (and Offer), nil when it names no account.
	Market      []MarketSegment
	WonAccounts map[GroupKey]int
	// FX are the exchange rates the history's amounts were converted at
	// (importer.Options.FX), passed through to the reports.
	FX []FXUse
	// index is the deals' index when the caller has it (a backtest plans
	// the same deals at many dates); nil: Build makes it.
	index *dealIndex
}

// A Plan is the planner's whole output: what the reports show.
type Plan struct {
	AsOf         time.Time
	WindowMonths int
	Lang         string
	// Currency is the ISO code of every amount of the plan, decided once
	// (ReportingCurrency); "" when no input states one.
	Currency    string
	Targets     []TargetResult
	Ratios      []Ratios // company, then per team, then per team and segment/offer
	Assumptions []Assumption
	Sources     []SourceTable
	Problems    []Problem
	Files       []InputFile
	// FX are the exchange rates used (Input.FX), merged by rate.
	FX []FXUse
	// TrackRecord is how the probabilities fared on the history itself
	// (Options.TrackRecord), nil when not asked for.
	TrackRecord *TrackRecord
	// Changes since the previous run of the same targets (METHOD §8),
	// filled in by the caller from the previous plan.json; empty on a
	// first run.
	PreviousAsOf time.Time
	Changes      []Change
}

// A Change is how one target's judgement moved since the previous run.
type Change struct {
	TargetID, Team                 string
	Metric                         Metric
	OldVerdict, NewVerdict         Verdict
	OldProbability, NewProbability float64
	HasProbability                 bool // both runs had a probability
	New                            bool // the target was not in the previous run
}

// An Assumption is a ratio taken from configuration instead of history.
type Assumption struct {
	Scope string // team name, or "" for the company
	Name  string // "response_rate", …
	Value float64
	Why   string
}

// GroupKey identifies a group of deals. Empty fields are not grouped on.
type GroupKey struct {
	Team, Segment, Offer, Owner string
}

// MonthValue is one point of a monthly series.
type MonthValue struct {
	Month Month
	Value float64
}

// Ratios are what the history yields for one group (METHOD §3), over the
// window (AsOf minus WindowMonths months, AsOf]. Fields that cannot be
// computed (no won deal, no activity) are NaN-free: their Has flag is false.
type Ratios struct {
	Key                              GroupKey
	Closed, Won, Lost                int
	WinRate, WinRateLow, WinRateHigh float64 // Wilson 95 % interval
	AvgDeal, MedianDeal              float64
	CycleDaysMedian, CycleDaysP80    float64
	HasWinRate, HasDeal, HasCycle    bool
	// Conversion is the chance that a new opportunity is won in the end:
	// the chance at age 0 of the recent life table (how deals of each age
	// were won, lost or kept open over the last six months). It differs
	// from WinRate, won / (won + lost) over the window: deals never closed
	// count against it, and it follows the last six months. HasConversion
	// is false with fewer than 20 closings in that time.
	Conversion            float64
	HasConversion         bool
	Created               int     // opportunities created in the window
	OpportunitiesPerMonth float64 // Created / WindowMonths
	MonthlyOpportunities  []MonthValue
	MonthlyRevenue        []MonthValue
	Revenue               float64 // won amount closed in the window
	Trailing12Revenue     float64
	Open                  int
	OpenAmount            float64
	OpenAgeDaysMedian     float64
	Funnel                FunnelRates
	FunnelFromHistory     bool   // false: Funnel holds assumptions
	BorrowedFrom          string // "", or the parent whose ratios were used

	// Activity volumes per month over the window (from the activity
	// history of the group's team, or of all teams for the company);
	// HasActivity is false when there is none.
	ContactsPerMonth, ResponsesPerMonth, MeetingsPerMonth float64
	HasActivity                                           bool
}

// Funnel is the activity a target requires (METHOD §4). Exact values; round
// up for people.
type Funnel struct {
	Deals, Opportunities, OpportunitiesPerMonth float64
	Meetings, Responses, Contacts               float64
	// From is the line the funnel starts at ("revenue", "deals",
	// "opportunities" or "meetings"): lines above it do not apply.
	From string
	// Conversion is the rate from opportunities to deals the funnel used
	// (FunnelInput.Conversion, else its WinRate); 0 when it did not go
	// from deals to opportunities.
	Conversion float64
}

// Check is one SMART letter: whether it passes and, when not, why.
type Check struct {
	Pass   bool
	Reason string
}

// Smart is the SMART check of a target (METHOD §7).
type Smart struct {
	Specific, Measurable, Achievable, Relevant, TimeBound Check
}

// A Reason explains a verdict. Code is stable ("capacity", "cycle",
// "growth", "no_history", …); Message is a sentence with its numbers.
type Reason struct {
	Code    string
	Message string
}

// MonthPlan is one month's milestone of a target (METHOD §5).
type MonthPlan struct {
	Month                                    Month
	Deals, Opportunities, Meetings, Contacts float64
	Revenue                                  float64
	CumDeals, CumRevenue                     float64
	Actual                                   float64 // actual of the target's metric, when the month is past
	HasActual                                bool
}

// Lever is what one lever alone would need for the target to become
// achievable (METHOD §6).
type Lever struct {
	Name     string  // "opportunities", "win_rate", "deal_size"
	Current  float64 // historical value
	Required float64 // value needed, the other levers at history
	Feasible bool    // false when no value can do it (a rate above 1)

	// When Feasible is false, Required is the largest value tried (20
	// times the history, or a 99 % win rate) and still falls short.
	// Uplift is Required / Current - 1. For the combined lever (Name
	// "declared"), Components are the declared levers moved together and
	// Uplift is how much each must move; Current is 1 and Required 1 +
	// Uplift. Method is "simulation" (bisection on the simulated
	// probability up to the achievable threshold) or "funnel" (closed form
	// of METHOD §4, the value at which the funnel meets the target).
	Uplift     float64
	Components []string
	Method     string
}

// TargetResult is the planner's judgement and plan for one target. Fields
// that do not apply have their Has flag false; the JSON output writes them
// as null.
type TargetResult struct {
	Target  Target
	Verdict Verdict
	// Decision is the reason that decided the verdict, naming the check
	// that decided it (see KeyReason).
	Decision Reason
	Reasons  []Reason
	Smart    Smart
	Sentence string

	Probability    float64
	P10, P50, P90  float64
	HasProbability bool
	// ProbabilityError is the Monte Carlo error of Probability, two
	// standard errors of the share of Runs runs that reach the target.
	// Runs is more than asked when the first runs left the probability
	// within that error of a verdict threshold.
	ProbabilityError float64
	Runs             int
	CapacityRatio    float64
	// CapacityBase is the monthly volume the capacity ratio divides by:
	// the recent creation of opportunities the simulation follows (for a
	// revenue or new-customers target), else the history's monthly mean of
	// opportunities or meetings.
	CapacityBase   float64
	HasCapacity    bool
	Required       Funnel
	HasRequired    bool
	History        Ratios // the ratios used (possibly borrowed)
	Levers         []Lever
	Monthly        []MonthPlan
	CreationStart  Month // creation window for new pipeline (METHOD §5)
	CreationEnd    Month
	CreationMonths int
	Mistakes       []Reason // classic mistakes of METHOD §7 that concern this target

	// Progress on reruns (METHOD §8).
	PlanToDate, ActualToDate float64
	HasProgress              bool
	NeededPerMonth           float64
}

// SentenceData is what a SMART sentence template is given.
type SentenceData struct {
	Metric                Metric
	Value                 float64
	Currency              string
	Scope                 string // segment or offer, or the team
	Team                  string
	Deadline              time.Time
	Lever                 string
	Deals                 float64
	Opportunities         float64
	OpportunitiesPerMonth float64
	// Baseline is where a rate or deal-size target starts from (the
	// target's baseline, or the historical value); HasBaseline tells an
	// absent one from zero. Meetings, MeetingsPerMonth and Contacts are
	// the downward funnel of a meetings target (METHOD §4); zero when
	// they do not apply, and the sentence then leaves them out.
	Baseline         float64
	HasBaseline      bool
	Meetings         float64
	MeetingsPerMonth float64
	Contacts         float64
}

// KeyReason is the reason that matters most to a reader: the Decision,
// which names the check that decided the verdict; for a result without
// one, the first reason (the planner orders reasons by importance) that
// explains the verdict rather than restating the probability or naming a
// data caveat. ok is false when the target has no reason at all.
func (r *TargetResult) KeyReason() (reason Reason, ok bool) {
	if r.Decision.Code != "" {
		return r.Decision, true
	}
	if len(r.Reasons) == 0 {
		return Reason{}, false
	}
	for _, rs := range r.Reasons {
		switch rs.Code {
		case CodeProbability, CodeSimulation, CodeAssumption, CodeBorrowed, CodeSmallSample, CodeSeasonalFallback:
			continue
		}
		return rs, true
	}
	return r.Reasons[0], true
}
