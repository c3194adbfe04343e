package batch

import (
	"context"
	"io"
	"time"

	"github.com/smartplan/smartplan/planner"
)

// Kind is what an input file holds, as the classifier decided from its
// content. The values are those of importer.Kind.
type Kind string

// The kinds of input file.
const (
	KindHistory  Kind = "history"
	KindTargets  Kind = "targets"
	KindActivity Kind = "activity"
	KindTeams    Kind = "teams"
	KindAccounts Kind = "accounts"
	KindFX       Kind = "fx"
	KindMarket   Kind = "market"
	KindUnknown  Kind = "unknown"
	// KindConfig is the configuration file, listed among the inputs of
	// batch.json; the classifier never returns it.
	KindConfig Kind = "config"
)

// A Classifier tells what a file holds from its content. It returns
// KindUnknown (and no error) for a readable file that is none of the known
// kinds, and an error for a file it cannot read (corrupt, encrypted).
type Classifier func(path string) (Kind, error)

// A Job is one planning job: one targets file with every history, activity
// and lookup file of the input folder, written into OutDir.
type Job struct {
	Targets           string // path of the targets file
	History, Activity []string
	Teams, Accounts   string // "" when absent
	FX                string // the exchange-rate table, "" when absent
	Market            string // the addressable market, "" when absent
	OutDir            string // OUT/<targets file name without extension>
	// PreviousPlan is the path of the plan.json a previous run wrote into
	// OutDir, "" when there is none: the runner reads it to report the
	// changes since the last run (METHOD §8).
	PreviousPlan string
}

// Outcome is what a job produced.
type Outcome struct {
	Outputs  []string          // paths written
	Problems []planner.Problem // input problems found while reading
	Targets  int               // number of targets planned
	Verdicts map[string]int    // number of targets per verdict
	Changes  []planner.Change  // what moved since the previous run's plan
	Notes    []string          // things to warn about that did not stop the job
}

// UnreadableFile is the Problem.Kind of an input file that a job could not
// load at all: the file is then listed as failed in batch.json.
const UnreadableFile = "unreadable_file"

// A Runner runs one planning job. It must write its outputs atomically.
// A panic inside it is recovered and recorded as the job's failure.
type Runner func(ctx context.Context, job Job) (Outcome, error)

// Logger receives the run's events as structured log lines. *slog.Logger
// satisfies it; see NewLogger.
type Logger interface {
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
}

// Options are the settings of a batch run.
type Options struct {
	In, Out string        // input and output folders; they must differ
	Settle  time.Duration // a file modified less than this long ago is left for the next run
	Force   bool          // run every targets file, even when unchanged
	// FollowSymlinks reads files that a symbolic link in In points to
	// outside In; without it they are failed, so that a link cannot merge
	// a file from elsewhere into the plans unnoticed.
	FollowSymlinks bool

	// afterStep, in tests, is called after each step of a report set's
	// switch ("written", "moved aside", "switched", "user files kept",
	// "summary"): a crash injected there
	// must leave every report folder whole.
	afterStep func(step string)
	Now       func() time.Time

	// AsOf is the plan date, written into batch.json. AsOfGiven says it
	// was chosen explicitly (--as-of): it then counts as configuration, and
	// a change of it reruns unchanged inputs. A default as-of date (today)
	// does not, so that a daily job does not rebuild unchanged reports.
	AsOf      time.Time
	AsOfGiven bool
	// ConfigFile is the configuration file, "" when none: its content
	// hash counts as configuration and it is listed among the inputs.
	ConfigFile string
	// Fingerprint identifies every other setting that changes the outputs
	// (formats, language, seed, window…); see Fingerprint.
	Fingerprint string
	Version     string // smartplan version; a new version reruns everything

	Run      Runner
	Classify Classifier
	Log      Logger // nil: no log
	// Progress receives a progress bar when it is a terminal (see
	// IsTerminal); nil or not a terminal: no bar. While the bar is shown,
	// info events go to the bar instead of Log; warnings still go to Log.
	Progress io.Writer
}
