package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/renameio/v2"

	"github.com/smartplan/smartplan/planner"
)

// Run processes the input folder once: it takes the output folder's lock,
// removes the temporary files a killed run left behind, classifies the
// inputs, runs one job per targets file that changed (every one with
// Force), and writes OUT/batch.json and the state file. A failing file is
// recorded in the Summary and the run goes on; Run returns an error only
// when the run as a whole could not be done (bad options, lock held,
// unreadable folders, no targets file, cancellation). Use ExitCode on its
// results. Summary.AsOf is empty when the run stopped before reading the
// input folder (bad options, lock held): there is nothing to print then.
func Run(ctx context.Context, opt Options) (Summary, error) {
	sum := Summary{In: opt.In, Out: opt.Out, Inputs: []InputReport{}, Targets: []TargetReport{}}
	if err := opt.check(); err != nil {
		return sum, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	start := now()
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return sum, fmt.Errorf("create output folder: %w", err)
	}
	lock, err := lockFolder(opt.Out, start)
	if err != nil {
		return sum, err
	}
	defer lock.unlock()
	// From here on the summary is worth printing: AsOf says so.
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = start
	}
	sum.AsOf = asOf.Format("2006-01-02")
	sum.Started, sum.Version = start.UTC().Format(time.RFC3339), opt.Version

	b := &batch{opt: &opt, now: now, sum: &sum, ev: newEvents(&opt)}
	removed, err := cleanStale(opt.Out)
	if err != nil {
		return sum, fmt.Errorf("read output folder: %w", err)
	}
	for _, p := range removed {
		b.ev.info("removed a temporary file left by an interrupted run", "file", p)
	}
	restored, err := recoverSets(opt.Out)
	if err != nil {
		return sum, fmt.Errorf("recover report sets of an interrupted run: %w", err)
	}
	for _, d := range restored {
		b.ev.info("put back the report set an interrupted run had moved aside", "dir", d)
	}
	b.prevTargets = previousTargets(opt.Out)
	b.st = loadState(opt.Out, b.ev.warn)

	files, err := discover(ctx, &opt, start)
	if err != nil {
		return sum, err
	}
	if err := b.collect(files); err != nil {
		return sum, err
	}
	if len(b.targets) == 0 {
		err := fmt.Errorf("%w: no targets file in %s", ErrNothingToDo, opt.In)
		b.finish(start, err)
		return sum, errors.Join(err, b.writeSummary())
	}

	b.ev.start(len(b.targets))
	var runErr error
	for _, t := range b.targets {
		if runErr == nil {
			runErr = ctx.Err()
		}
		if runErr != nil {
			b.report(TargetReport{File: t.name, Dir: b.dirs[t.name], Status: StatusFailed,
				Reason: fmt.Sprintf("not run: the run was interrupted (%v)", runErr)})
			continue
		}
		b.target(ctx, t)
		b.ev.step()
	}
	b.ev.done()
	os.Remove(filepath.Join(opt.Out, setsDir)) // empty once every set is switched or dropped
	if runErr != nil {
		runErr = fmt.Errorf("batch interrupted: %w", runErr)
	}
	b.finish(start, runErr)
	if err := b.writeSummary(); err != nil {
		return sum, errors.Join(runErr, err)
	}
	return sum, runErr
}

// finish records the run's duration and exit code in the summary.
func (b *batch) finish(start time.Time, err error) {
	b.sum.DurationS = math.Round(b.now().Sub(start).Seconds()*1000) / 1000
	code := ExitCode(*b.sum, err)
	b.sum.ExitCode = &code
}

// check validates the options.
func (o *Options) check() error {
	switch {
	case o.In == "":
		return usagef("batch: --in is required")
	case o.Out == "":
		return usagef("batch: --out is required")
	case o.Run == nil || o.Classify == nil:
		return errors.New("batch: no runner or classifier configured")
	case o.Settle < 0:
		return usagef("batch: --settle must not be negative")
	}
	fi, err := os.Stat(o.In)
	if err != nil {
		return usagef("batch: input folder: %v", err)
	}
	if !fi.IsDir() {
		return usagef("batch: input %s is not a folder", o.In)
	}
	if fo, err := os.Stat(o.Out); err == nil && os.SameFile(fi, fo) {
		return usagef("batch: the output folder must differ from the input folder %s", o.In)
	}
	return nil
}

// batch is the state of one run.
type batch struct {
	opt *Options
	now func() time.Time
	sum *Summary
	ev  *events
	st  *state

	inputs                 map[string]*InputReport // by file name
	history, activity      []*inputFile
	teams, accounts, fx    []*inputFile
	market                 []*inputFile
	targets                []*inputFile
	dirs                   map[string]string // targets file name -> folder name in OUT
	config                 string            // digest of the configuration
	configPath, configName string
	seen                   map[string]map[string]bool // input -> problem keys already listed
	prevTargets            map[string]TargetReport    // the previous batch.json's, by file
	switching              *switchNote                // the report set being switched, nil between switches
}

// collect sorts the discovered files by kind, lists them in the summary
// and computes the configuration digest and the report folder names.
func (b *batch) collect(files []*inputFile) error {
	b.inputs = map[string]*InputReport{}
	b.seen = map[string]map[string]bool{}

	cfgDigest := sha256.New()
	if b.opt.ConfigFile != "" {
		sum, err := hashFile(b.opt.ConfigFile)
		if err != nil {
			return fmt.Errorf("read configuration: %w", err)
		}
		b.configPath = b.opt.ConfigFile
		b.configName = filepath.ToSlash(b.opt.ConfigFile)
		fmt.Fprintf(cfgDigest, "config:%s\n", sum)
		b.sum.Inputs = append(b.sum.Inputs, InputReport{File: b.configName, Kind: KindConfig,
			SHA256: sum, Status: InputRead, Problems: []ProblemReport{}})
	}
	fmt.Fprintf(cfgDigest, "settings:%s\n", b.opt.Fingerprint)
	if b.opt.AsOfGiven {
		fmt.Fprintf(cfgDigest, "as_of:%s\n", b.sum.AsOf)
	}
	b.config = hex.EncodeToString(cfgDigest.Sum(nil))

	// A file dropped twice ("history (1).xlsx", "south copy.csv") would
	// count every deal twice, or plan the same targets twice: of the files
	// with the same content, only the one with the shortest name (then the
	// first in name order), usually the original, is used.
	original := map[string]string{}
	for _, f := range files {
		if f.status != InputRead {
			continue
		}
		if o, ok := original[f.sha256]; !ok || len(f.name) < len(o) || (len(f.name) == len(o) && f.name < o) {
			original[f.sha256] = f.name
		}
	}
	for _, f := range files {
		if b.configPath != "" && sameFile(f.path, b.configPath) {
			continue // listed once, as the configuration
		}
		if o := original[f.sha256]; f.status == InputRead && o != f.name {
			f.status, f.reason = InputSkipped, "same content as "+o
		}
		b.sum.Inputs = append(b.sum.Inputs, InputReport{File: f.name, Kind: f.kind, SHA256: f.sha256,
			PreviousSHA256: b.st.previousHash(f.name), Status: f.status, Reason: f.reason, Problems: []ProblemReport{}})
		switch f.status {
		case InputSkipped:
			b.ev.info("input skipped", "file", f.name, "reason", f.reason)
		case InputFailed:
			b.ev.warn("input failed", "file", f.name, "reason", f.reason)
		default:
			b.ev.info("input", "file", f.name, "kind", string(f.kind))
		}
		if f.status != InputRead {
			continue
		}
		switch f.kind {
		case KindHistory:
			b.history = append(b.history, f)
		case KindActivity:
			b.activity = append(b.activity, f)
		case KindTeams:
			b.teams = append(b.teams, f)
		case KindAccounts:
			b.accounts = append(b.accounts, f)
		case KindFX:
			b.fx = append(b.fx, f)
		case KindMarket:
			b.market = append(b.market, f)
		case KindTargets:
			b.targets = append(b.targets, f)
		}
	}
	// The inputs take their final order now: b.inputs points into the
	// slice, which nothing may reorder after this.
	sort.SliceStable(b.sum.Inputs, func(i, j int) bool { return b.sum.Inputs[i].File < b.sum.Inputs[j].File })
	for i := range b.sum.Inputs {
		b.inputs[b.sum.Inputs[i].File] = &b.sum.Inputs[i]
	}
	b.dirs = reportDirs(b.targets)
	return nil
}

// reportDirs names the report folder of each targets file, never the same
// for two files and never one of the output folder's own names:
//   - its name without extension (budget-north);
//   - with the extension appended (budget-xlsx, budget-csv) when two files
//     share that name;
//   - its whole file name (q3-csv.csv) when that still meets another
//     file's folder (q3.csv beside q3.txt and q3-csv.csv), or when the
//     name is reserved (batch.json, the state file, a dot-name);
//   - that name and a short hash of it when only case tells two apart.
//
// Names are compared without case, for the file systems of Windows and
// macOS shares. The result depends only on the set of names.
func reportDirs(targets []*inputFile) map[string]string {
	stem := func(name string) string { return strings.TrimSuffix(name, filepath.Ext(name)) }
	count := map[string]int{}
	for _, t := range targets {
		count[strings.ToLower(stem(t.name))]++
	}
	reserved := func(d string) bool {
		l := strings.ToLower(d)
		return l == "" || strings.HasPrefix(l, ".") || l == "batch.json" // the state and lock files are dot-names
	}
	dirs := map[string]string{}
	used := map[string]int{}
	for _, t := range targets {
		s := stem(t.name)
		if count[strings.ToLower(s)] > 1 || s == "" {
			s += "-" + strings.TrimPrefix(strings.ToLower(filepath.Ext(t.name)), ".")
		}
		dirs[t.name] = s
		used[strings.ToLower(s)]++
	}
	for _, t := range targets {
		if d := dirs[t.name]; used[strings.ToLower(d)] > 1 || reserved(d) {
			dirs[t.name] = t.name
		}
	}
	final := map[string]int{}
	for _, d := range dirs {
		final[strings.ToLower(d)]++
	}
	for _, t := range targets {
		if d := dirs[t.name]; final[strings.ToLower(d)] > 1 || reserved(d) {
			sum := sha256.Sum256([]byte(t.name))
			dirs[t.name] = strings.TrimLeft(d, ".") + "-" + hex.EncodeToString(sum[:4])
		}
	}
	return dirs
}

// target runs, skips or fails one targets file.
func (b *batch) target(ctx context.Context, t *inputFile) {
	dir := b.dirs[t.name]
	rep := TargetReport{File: t.name, Dir: dir, Outputs: []string{}}
	entry := &stateEntry{Inputs: map[string]string{t.name: t.sha256}, Config: b.config,
		Version: b.opt.Version, AsOf: b.sum.AsOf, Dir: dir}
	for _, group := range [][]*inputFile{b.history, b.activity, b.teams, b.accounts} {
		for _, f := range group {
			entry.Inputs[f.name] = f.sha256
		}
	}

	if prev := b.st.Targets[t.name]; !b.opt.Force && prev.same(entry) && outputsExist(b.opt.Out, prev.Outputs) {
		rep.Status = StatusSkipped
		rep.Reason = "unchanged since the run of " + prev.RunAt.UTC().Format("2006-01-02")
		if prev.AsOf != "" {
			rep.Reason += " (as of " + prev.AsOf + ")"
		}
		rep.Outputs = append(rep.Outputs, prev.Outputs...)
		rep.Set = setDigest(filepath.Join(b.opt.Out, dir))
		b.addProblems(t.name, prev.Problems)
		b.ev.info("skipped", "file", t.name, "reason", rep.Reason)
		b.report(rep)
		return
	}

	final := filepath.Join(b.opt.Out, dir)
	job := Job{Targets: t.path, OutDir: final, History: paths(b.history), Activity: paths(b.activity)}
	var why string
	switch {
	case len(b.history) == 0:
		why = "no history file in the input folder: a plan needs the sales history"
	case len(b.teams) > 1:
		why = fmt.Sprintf("%d owner-to-team files (%s): keep one", len(b.teams), names(b.teams))
	case len(b.accounts) > 1:
		why = fmt.Sprintf("%d account-to-segment files (%s): keep one", len(b.accounts), names(b.accounts))
	case len(b.fx) > 1:
		why = fmt.Sprintf("%d exchange-rate files (%s): keep one", len(b.fx), names(b.fx))
	case len(b.market) > 1:
		why = fmt.Sprintf("%d market files (%s): keep one", len(b.market), names(b.market))
	}
	if why != "" {
		b.fail(&rep, t, why)
		return
	}
	if len(b.teams) == 1 {
		job.Teams = b.teams[0].path
	}
	if len(b.accounts) == 1 {
		job.Accounts = b.accounts[0].path
	}
	if len(b.fx) == 1 {
		job.FX = b.fx[0].path
	}
	if len(b.market) == 1 {
		job.Market = b.market[0].path
	}
	if prev := filepath.Join(final, "plan.json"); fileExists(prev) {
		job.PreviousPlan = prev
	}
	// the new set is written apart, and switched in whole (sets.go)
	staged, err := stageSet(b.opt.Out, dir)
	if err != nil {
		b.fail(&rep, t, err.Error())
		return
	}
	job.OutDir = staged

	b.ev.info("planning", "file", t.name)
	began := b.now()
	out, err := runJob(ctx, b.opt.Run, job)
	problems, unread := attribute(b.inputs, t.name, out.Problems)
	b.addProblems(t.name, problems)
	for _, note := range out.Notes {
		b.ev.warn(note, "file", t.name)
	}
	if err != nil {
		var pe *panicError
		if errors.As(err, &pe) {
			b.ev.warn("internal error", "file", t.name, "panic", fmt.Sprint(pe.value), "stack", pe.stack)
		}
		os.RemoveAll(staged) // the new set, never switched in
		b.fail(&rep, t, err.Error())
		return
	}
	b.step("written")
	// batch.json says the folder is being switched before it is, so that
	// whatever the moment a kill stops the switch, batch.json agrees with
	// the folder: it holds the set From or the set To
	b.switching = &switchNote{file: t.name, dir: dir, SetSwitch: SetSwitch{From: setDigest(final), To: setDigest(staged)}}
	if err := b.writeInterim(); err != nil {
		b.ev.warn("batch.json not updated before the switch", "file", t.name, "error", err.Error())
	}
	defer func() { b.switching = nil }()
	switch switched, err := switchSet(b.opt.Out, dir, b.step); {
	case !switched:
		os.RemoveAll(staged)
		b.fail(&rep, t, err.Error())
		return
	case err != nil:
		// the new set is in place; the next run finishes the rest
		b.ev.warn("report set switched, its cleanup left to the next run", "file", t.name, "error", err.Error())
	}
	for _, p := range out.Outputs {
		rep.Outputs = append(rep.Outputs, relTo(b.opt.Out, filepath.Join(final, filepath.Base(p))))
	}
	sort.Strings(rep.Outputs)
	rep.Status = StatusProduced
	rep.Set = b.switching.To
	rep.Targets = out.Targets
	rep.Moves = moves(out.Changes)
	if len(out.Verdicts) > 0 {
		rep.Verdicts = out.Verdicts
	}
	entry.RunAt = b.now().UTC()
	entry.Outputs = rep.Outputs
	entry.Problems = problems
	if unread {
		// Made without an input that failed to load: not remembered as
		// done, so that every run reports the failure until it is fixed.
		delete(b.st.Targets, t.name)
	} else {
		b.st.Targets[t.name] = entry
	}
	if err := b.st.save(b.opt.Out); err != nil {
		b.ev.warn("state not saved: the next run rebuilds these reports", "file", t.name, "error", err.Error())
	}
	b.ev.info("produced", "file", t.name, "dir", dir, "outputs", len(rep.Outputs),
		"targets", out.Targets, "seconds", b.now().Sub(began).Round(time.Millisecond).Seconds())
	b.report(rep)
	// batch.json follows the folders as they change, not only at the end
	if err := b.writeInterim(); err != nil {
		b.ev.warn("batch.json not updated after the switch", "file", t.name, "error", err.Error())
	}
	b.step("summary")
}

// switchNote is the report set being switched (batch.switching).
type switchNote struct {
	file, dir string
	SetSwitch
}

// step calls the test hook after each step of a set's switch.
func (b *batch) step(name string) {
	if b.opt.afterStep != nil {
		b.opt.afterStep(name)
	}
}

// fail records a targets file's failure. Its previous reports, if any, are
// left as they were; its state entry is dropped so that the next run
// rebuilds it.
func (b *batch) fail(rep *TargetReport, t *inputFile, why string) {
	rep.Status, rep.Reason = StatusFailed, why
	rep.Outputs = []string{}
	// the folder keeps the set it had, if any
	rep.Set = setDigest(filepath.Join(b.opt.Out, rep.Dir))
	if _, ok := b.st.Targets[t.name]; ok {
		delete(b.st.Targets, t.name)
		if err := b.st.save(b.opt.Out); err != nil {
			b.ev.warn("state not saved", "error", err.Error())
		}
	}
	b.ev.warn("failed", "file", t.name, "reason", why)
	b.report(*rep)
}

func (b *batch) report(rep TargetReport) {
	if rep.Outputs == nil {
		rep.Outputs = []string{}
	}
	b.sum.Targets = append(b.sum.Targets, rep)
}

// fileProblems are the problems of one input file found by one job, as
// the state keeps them for the runs that skip the job.
type fileProblems struct {
	File     string          `json:"file"`
	Total    int             `json:"total"` // distinct problems, listed or not
	Problems []ProblemReport `json:"problems"`
}

// attribute sorts a job's problems by the input file they concern (the
// targets file when a problem names none), without duplicates, at most
// MaxProblems listed per file. It reports whether an input could not be
// loaded at all.
func attribute(inputs map[string]*InputReport, targets string, problems []planner.Problem) (out []fileProblems, unread bool) {
	byFile := map[string]*fileProblems{}
	seen := map[string]bool{}
	for _, p := range problems {
		if p.Kind == UnreadableFile {
			unread = true
		}
		name := filepath.Base(p.File)
		if p.File == "" || inputs[name] == nil {
			name = targets
		}
		pos := p.Position
		pos.File = name
		where := planner.Problem{Position: pos, Header: p.Header}.Where()
		pr := ProblemReport{Where: where, Kind: p.Kind, Severity: p.Severity, Message: p.Message}
		key := name + "\x00" + pr.Where + "\x00" + pr.Kind + "\x00" + pr.Message
		if seen[key] {
			continue
		}
		seen[key] = true
		fp := byFile[name]
		if fp == nil {
			fp = &fileProblems{File: name}
			byFile[name] = fp
		}
		fp.Total += p.Count() // a summary line stands for the problems it omits
		if len(fp.Problems) < MaxProblems {
			fp.Problems = append(fp.Problems, pr)
		}
	}
	for _, fp := range byFile {
		out = append(out, *fp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, unread
}

// addProblems lists problems under their input files in the summary, once
// each however many jobs read the file. An input whose problems say it
// could not be loaded is marked failed.
func (b *batch) addProblems(targets string, fps []fileProblems) {
	for _, fp := range fps {
		in := b.inputs[fp.File]
		if in == nil {
			continue
		}
		if b.seen[in.File] == nil {
			b.seen[in.File] = map[string]bool{}
		}
		for _, pr := range fp.Problems {
			if pr.Kind == UnreadableFile && in.Status == InputRead && in.File != targets {
				// The file classified but could not be loaded: it failed,
				// and the plan was made without it.
				in.Status, in.Reason = InputFailed, pr.Message
			}
			key := pr.Where + "\x00" + pr.Kind + "\x00" + pr.Message
			if b.seen[in.File][key] {
				continue
			}
			b.seen[in.File][key] = true
			if len(in.Problems) < MaxProblems {
				in.Problems = append(in.Problems, pr)
			}
		}
		in.total = max(in.total, fp.Total, len(in.Problems))
		in.ProblemsOmitted = in.total - len(in.Problems)
	}
}

// writeInterim writes OUT/batch.json in the middle of a run: the targets
// files done so far as this run left them, the others as the previous
// batch.json described them (their folders are still the previous sets).
func (b *batch) writeInterim() error {
	s := *b.sum
	done := map[string]bool{}
	for _, t := range s.Targets {
		done[t.File] = true
	}
	s.Targets = slices.Clone(s.Targets)
	for _, t := range b.targets {
		sw := b.switching
		switch prev, ok := b.prevTargets[t.name]; {
		case done[t.name]:
		case sw != nil && sw.file == t.name:
			// being switched: the previous report, or a new entry, with
			// the two sets the folder may hold
			rep := TargetReport{File: t.name, Dir: sw.dir, Status: StatusProduced, Outputs: []string{}}
			if ok {
				rep = prev
			}
			rep.Set, rep.Switching = "", &SetSwitch{From: sw.From, To: sw.To}
			s.Targets = append(s.Targets, rep)
		case ok:
			s.Targets = append(s.Targets, prev)
		}
	}
	return b.writeSummaryOf(&s)
}

// previousTargets reads the targets of the previous run's batch.json, by
// file name; nil when there is none or it cannot be read.
func previousTargets(out string) map[string]TargetReport {
	data, err := os.ReadFile(filepath.Join(out, summaryName))
	if err != nil {
		return nil
	}
	var s Summary
	if json.Unmarshal(data, &s) != nil {
		return nil
	}
	m := map[string]TargetReport{}
	for _, t := range s.Targets {
		m[t.File] = t
	}
	return m
}

// writeSummary sorts the summary and writes OUT/batch.json atomically.
func (b *batch) writeSummary() error { return b.writeSummaryOf(b.sum) }

// writeSummaryOf sorts s's targets and each input's problems and writes
// it. The inputs are in file order since collect, and stay where they are:
// b.inputs points at them, and s may share them with b.sum (writeInterim).
func (b *batch) writeSummaryOf(s *Summary) error {
	sort.SliceStable(s.Targets, func(i, j int) bool { return s.Targets[i].File < s.Targets[j].File })
	for i := range s.Inputs {
		ps := s.Inputs[i].Problems
		sort.SliceStable(ps, func(a, c int) bool {
			if ps[a].Where != ps[c].Where {
				return ps[a].Where < ps[c].Where
			}
			return ps[a].Kind < ps[c].Kind
		})
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", summaryName, err)
	}
	path := filepath.Join(b.opt.Out, summaryName)
	if err := renameio.WriteFile(path, append(data, '\n'), 0o644, renameio.WithTempDir(b.opt.Out)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// panicError is a panic recovered from a job.
type panicError struct {
	value any
	stack string
}

func (e *panicError) Error() string { return fmt.Sprintf("internal error: %v", e.value) }

// runJob runs one job, turning a panic into an error so that one file's
// crash does not end the run.
func runJob(ctx context.Context, run Runner, job Job) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r, stack: string(debug.Stack())}
		}
	}()
	return run(ctx, job)
}

func paths(fs []*inputFile) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.path)
	}
	return out
}

func names(fs []*inputFile) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.name)
	}
	return strings.Join(out, ", ")
}

func relTo(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func outputsExist(out string, rel []string) bool {
	if len(rel) == 0 {
		return false
	}
	for _, r := range rel {
		if !fileExists(filepath.Join(out, filepath.FromSlash(r))) {
			return false
		}
	}
	return true
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}
