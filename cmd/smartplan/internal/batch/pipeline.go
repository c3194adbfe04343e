package batch

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/pipeline"
	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

// PipelineRunner returns the Runner of the real planning job: pipeline.Run
// with the command's settings, the job's files, its report folder, and the
// judgement of the previous run read from the folder's plan.json (for the
// "changes since last run" sections). An unreadable previous plan.json is
// a note, not a failure: the plan is made without the changes.
//
// The files every job shares (history, activity, lookups) are read once per
// runner, that is once per batch run, however many targets files there are:
// reading a large history export is the expensive part of a job.
func PipelineRunner(s pipeline.Settings) Runner {
	var (
		mu     sync.Mutex
		shared = map[string]sharedInputs{}
		tracks = map[string]*planner.TrackRecord{}
	)
	sharedKey := func(in pipeline.Inputs) string {
		return strings.Join(in.History, "\x00") + "\x01" + strings.Join(in.Activity, "\x00") +
			"\x01" + in.Teams + "\x01" + in.Accounts + "\x01" + in.FX + "\x01" + in.Market
	}
	load := func(ctx context.Context, in pipeline.Inputs) (planner.Input, error) {
		key := sharedKey(in)
		mu.Lock()
		defer mu.Unlock()
		if c, ok := shared[key]; ok {
			return c.input, c.err
		}
		pin, err := pipeline.LoadShared(ctx, in, s.Import)
		if ctx.Err() == nil { // an interrupted load is not worth remembering
			shared[key] = sharedInputs{pin, err}
		}
		return pin, err
	}
	return func(ctx context.Context, job Job) (Outcome, error) {
		js := s
		js.OutDir = job.OutDir
		js.Previous, js.PreviousAsOf = nil, time.Time{}
		var out Outcome
		if job.PreviousPlan != "" {
			asOf, prev, err := readPrevious(job.PreviousPlan)
			if err != nil {
				out.Notes = append(out.Notes, fmt.Sprintf("changes since the last run left out: %v", err))
			} else {
				js.Previous, js.PreviousAsOf = prev, asOf
			}
		}
		in := pipeline.Inputs{
			History: job.History, Activity: job.Activity, Targets: []string{job.Targets},
			Teams: job.Teams, Accounts: job.Accounts, FX: job.FX, Market: job.Market,
		}
		// The track record depends on the shared history alone: it is
		// scored once per run, whatever the number of targets files.
		js.TrackRecord = func(deals []planner.Deal, opt planner.Options) *planner.TrackRecord {
			key := sharedKey(in)
			mu.Lock()
			defer mu.Unlock()
			if tr, ok := tracks[key]; ok {
				return tr
			}
			tr := planner.NewTrackRecord(deals, opt)
			tracks[key] = tr
			return tr
		}
		res, loadProblems, err := runPipelineJob(ctx, in, js, load)
		// a load that failed still says which files it could not read:
		// batch.json then lists them as failed, not as read
		out.Problems = loadProblems
		if res != nil {
			out.Outputs = res.Outputs
			if res.Plan != nil {
				out.Problems = res.Plan.Problems
				out.Targets = len(res.Plan.Targets)
				out.Changes = res.Plan.Changes
				out.Verdicts = map[string]int{}
				for _, t := range res.Plan.Targets {
					out.Verdicts[string(t.Verdict)]++
				}
			}
		}
		return out, err
	}
}

// sharedInputs is a memoised LoadShared result.
type sharedInputs struct {
	input planner.Input
	err   error
}

// runPipelineJob is pipeline.Run with the shared inputs taken from load.
// When the inputs cannot be loaded, it returns the problems found while
// trying (the files that could not be read) with the error.
func runPipelineJob(ctx context.Context, in pipeline.Inputs, s pipeline.Settings,
	load func(context.Context, pipeline.Inputs) (planner.Input, error)) (*pipeline.Result, []planner.Problem, error) {
	shared, err := load(ctx, in)
	if err != nil {
		return nil, shared.Problems, err
	}
	pin, err := pipeline.AddTargets(shared, in.Targets, s.Import, true)
	if err != nil {
		return nil, pin.Problems, err
	}
	res, err := pipeline.PlanAndWrite(ctx, pin, s)
	return res, nil, err
}

func readPrevious(path string) (time.Time, map[string]report.PreviousTarget, error) {
	fh, err := os.Open(path)
	if err != nil {
		return time.Time{}, nil, err
	}
	defer fh.Close()
	return report.ReadJSONSummary(fh)
}

// ImporterClassifier returns the Classifier of the importer: a file's kind
// from its content, with the command's import options (sheet, columns).
func ImporterClassifier(opt importer.Options) Classifier {
	return func(path string) (Kind, error) {
		k, err := importer.Classify(path, opt)
		return Kind(k), err
	}
}
