package planner

import (
	"errors"
	"slices"
	"time"
)

// A TrackRecord is the plan's own history scored as a forecast: the
// rolling backtest (Backtest, trailing basis) by team, over the quarters
// that ended by the as-of date (the last trackQuarters of them), each
// planned the day before it started from what was known then. Leadership reads it to know how far to trust
// the percentages.
type TrackRecord struct {
	// Enough is false when the history holds too few cases to score
	// (TrackMinCases): Why then says so, and Result is what there is.
	Enough bool
	Why    string
	Result BacktestResult
	// Runs are the simulation runs of each case.
	Runs int
	// Skill and LogSkill are the planner's gain over the naive normal
	// forecaster: 1 − its Brier score (log loss) over the naive one's;
	// positive is better, 0 is no better, negative is worse.
	Skill, LogSkill float64
	// Naive is the naive normal forecaster's score on the same cases.
	Naive BacktestForecaster
	// From and To are the first and the last quarter scored (their
	// first days).
	From, To time.Time
}

// TrackMinCases is the number of cases below which a track record is
// reported as too short to tell.
const TrackMinCases = 20

// trackRuns caps the runs of a track record's cases: its scores do not
// need the verdicts' precision, and it plans many past quarters.
const trackRuns = 2000

// trackQuarters is how many of the last quarters a track record scores:
// two years, the method's record under market conditions still close to
// today's, and a cost that five or ten years of history do not multiply.
const trackQuarters = 8

// NewTrackRecord is the track record Build gives a plan of deals with
// opt.TrackRecord: for a caller that plans several targets files from one
// history and scores it once.
func NewTrackRecord(deals []Deal, opt Options) *TrackRecord {
	opt = opt.WithDefaults()
	opt.AsOf = asOfOrLatest(opt, deals)
	return trackRecord(deals, opt)
}

func trackRecord(deals []Deal, opt Options) *TrackRecord {
	tr := &TrackRecord{Runs: min(opt.Runs, trackRuns)}
	// A history with no team is scored as the company's, one group.
	if !slices.ContainsFunc(deals, func(d Deal) bool { return !d.Team.IsZero() }) {
		company := NameOf("company")
		view := make([]Deal, len(deals))
		for i, d := range deals {
			d.Team = company
			view[i] = d
		}
		deals = view
	}
	to := opt.AsOf.AddDate(0, 0, 1)
	from := time.Date(to.Year(), (to.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -3*trackQuarters, 0)
	r, err := Backtest(deals, BacktestOptions{By: "team", Period: "quarter", From: from, To: to,
		Runs: tr.Runs, Seed: opt.Seed, WindowMonths: opt.WindowMonths})
	tr.Result = r
	lang := opt.Lang
	switch {
	case err != nil && !errors.Is(err, errNoCases):
		tr.Why = pick(lang, [2]string{"No track record: ", "Pas de bilan : "}) + err.Error()
		return tr
	case err != nil:
		tr.Why = pick(lang, [2]string{"The history is too short for a track record: no quarter ended by the as-of date with history before it.",
			"L’historique est trop court pour un bilan : aucun trimestre terminé à la date du plan n’a d’historique avant lui."})
		return tr
	case r.Cases < TrackMinCases:
		f := fm{lang, opt.Currency}
		tr.Why = text(lang, msgTrackShort, f.num(float64(r.Cases), 0), f.num(TrackMinCases, 0))
	default:
		tr.Enough = true
	}
	for _, f := range r.Forecasters {
		if f.Name == NaiveNormal {
			tr.Naive = f
		}
	}
	if tr.Naive.Brier > 0 {
		tr.Skill = 1 - r.Brier/tr.Naive.Brier
	}
	if tr.Naive.LogLoss > 0 {
		tr.LogSkill = 1 - r.LogLoss/tr.Naive.LogLoss
	}
	tr.From, tr.To = r.First, r.Last
	return tr
}
