package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/renameio/v2"

	"github.com/smartplan/smartplan/planner"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// t0 is the fake clock of the tests; dropped files are an hour older.
var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// folder is a test's input and output folders.
type folder struct {
	t       testing.TB
	in, out string
}

func newFolder(t testing.TB) *folder {
	t.Helper()
	root := t.TempDir()
	f := &folder{t: t, in: filepath.Join(root, "in"), out: filepath.Join(root, "out")}
	if err := os.MkdirAll(f.in, 0o755); err != nil {
		t.Fatal(err)
	}
	return f
}

// drop writes a file into the input folder, modified an hour before t0.
func (f *folder) drop(name, content string) {
	f.dropAt(name, content, t0.Add(-time.Hour))
}

func (f *folder) dropAt(name, content string, mtime time.Time) {
	f.t.Helper()
	path := filepath.Join(f.in, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		f.t.Fatal(err)
	}
}

// standard drops a typical month's folder: two history files, activity,
// an owner-to-team lookup, two targets files and the debris of a shared
// folder.
func (f *folder) standard() {
	f.drop("history-2025.csv", "kind:history\n2025 deals\n")
	f.drop("history-2026.xlsx", "kind:history\n2026 deals\n")
	f.drop("activity.xlsx", "kind:activity\n")
	f.drop("owners.csv", "kind:teams\n")
	f.drop("north.xlsx", "kind:targets\nnorth v1\n")
	f.drop("south.csv", "kind:targets\nsouth v1\n")
	f.drop("notes.txt", "kind:unknown\nminutes of the budget meeting\n")
	f.drop("board deck.pdf", "kind:targets\n") // never opened: not a table

	f.drop("~$north.xlsx", "kind:targets\nexcel lock file\n")
	f.drop(".DS_Store", "kind:targets\n")
	f.drop("export.csv.part", "kind:history\n")
	f.drop("upload.tmp", "kind:history\n")
}

func (f *folder) opts(r *fakeRunner) Options {
	return Options{
		In: f.in, Out: f.out, Settle: 30 * time.Second,
		Now:      func() time.Time { return t0 },
		AsOf:     time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		Version:  "v1.0.0",
		Run:      r.run,
		Classify: fakeClassify,
	}
}

// wantInput checks that the summary lists file with the status and a
// reason holding reason.
func wantInput(t *testing.T, sum Summary, file, status, reason string) {
	t.Helper()
	for _, in := range sum.Inputs {
		if in.File == file {
			if in.Status != status || !strings.Contains(in.Reason, reason) {
				t.Errorf("%s: %s %q, want %s with %q", file, in.Status, in.Reason, status, reason)
			}
			return
		}
	}
	t.Errorf("%s is not among the inputs", file)
}

func (f *folder) read(rel string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.out, rel))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// fakeClassify reads the kind from the first line, "kind:history"; a file
// starting with CORRUPT is unreadable and one starting with PANIC crashes
// the reader.
func fakeClassify(path string) (Kind, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	head := make([]byte, 512) // a header is all a classifier reads
	n, err := io.ReadFull(fh, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", err
	}
	s := string(head[:n])
	switch {
	case strings.HasPrefix(s, "CORRUPT"):
		return "", fmt.Errorf("%s: not a workbook: the file is truncated", filepath.Base(path))
	case strings.HasPrefix(s, "PANIC"):
		var m map[string]int
		m["boom"]++ // a nil-map write, as a buggy reader would do
	}
	line, _, _ := strings.Cut(s, "\n")
	if k, ok := strings.CutPrefix(line, "kind:"); ok {
		return Kind(k), nil
	}
	return KindUnknown, nil
}

// fakeRunner writes plan.xlsx, plan.pdf and plan.json atomically; their
// content is a digest of the inputs, so that a test can tell a rebuilt
// report from a kept one.
type fakeRunner struct {
	mu     sync.Mutex
	jobs   []Job
	fail   map[string]error // by targets file name
	panics map[string]bool
	hook   func(ctx context.Context, job Job) error // runs before writing
	after  func(file string)                        // runs after each report is written
}

func (r *fakeRunner) run(ctx context.Context, job Job) (Outcome, error) {
	r.mu.Lock()
	r.jobs = append(r.jobs, job)
	name := filepath.Base(job.Targets)
	err, panics, hook := r.fail[name], r.panics[name], r.hook
	r.mu.Unlock()
	if hook != nil {
		if err := hook(ctx, job); err != nil {
			return Outcome{}, err
		}
	}
	if err != nil {
		return Outcome{}, err
	}
	if panics {
		var rows []int
		_ = rows[3] // index out of range, as a crash inside a library
	}
	h := sha256.New()
	for _, p := range append(append([]string{job.Targets}, job.History...), job.Activity...) {
		b, err := os.ReadFile(p)
		if err != nil {
			return Outcome{}, err
		}
		h.Write(b)
	}
	digest := hex.EncodeToString(h.Sum(nil))
	if err := os.MkdirAll(job.OutDir, 0o755); err != nil {
		return Outcome{}, err
	}
	var outs []string
	for _, ext := range []string{"xlsx", "pdf", "json"} {
		p := filepath.Join(job.OutDir, "plan."+ext)
		if err := renameio.WriteFile(p, []byte(digest+"\n"), 0o644, renameio.WithTempDir(job.OutDir)); err != nil {
			return Outcome{}, err
		}
		outs = append(outs, p)
		if r.after != nil {
			r.after(p)
		}
	}
	probs := []planner.Problem{{
		Position: planner.Position{File: job.Targets, Sheet: "Targets", Row: 4, Col: 6, Ref: "F4"},
		Kind:     "bad_number", Severity: planner.SeverityError, Value: "12,5x",
		Message: "not a number",
	}}
	for _, p := range job.History {
		if b, _ := os.ReadFile(p); strings.Contains(string(b), "UNLOADABLE") {
			probs = append(probs, planner.Problem{Position: planner.Position{File: p},
				Kind: UnreadableFile, Severity: planner.SeverityError,
				Message: fmt.Sprintf("history file %s was not used: no sheet has a header", p)})
			continue
		}
		probs = append(probs, planner.Problem{
			Position: planner.Position{File: p, Row: 7, Col: 9},
			Kind:     "bad_amount", Severity: planner.SeverityError, Message: "amount is not a number",
		})
	}
	return Outcome{Outputs: outs, Problems: probs, Targets: 3,
		Verdicts: map[string]int{"achievable": 1, "stretch": 1, "unrealistic": 1}}, nil
}

func (r *fakeRunner) ran() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, j := range r.jobs {
		out = append(out, filepath.Base(j.Targets))
	}
	r.jobs = nil
	return out
}

func statuses(s Summary) map[string]string {
	m := map[string]string{}
	for _, t := range s.Targets {
		m[t.File] = t.Status
	}
	return m
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestFirstRun(t *testing.T) {
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	sum, err := Run(context.Background(), f.opts(r))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	if got, want := r.ran(), []string{"north.xlsx", "south.csv"}; !slices.Equal(got, want) {
		t.Errorf("jobs run = %v, want %v", got, want)
	}
	for _, rel := range []string{"north/plan.xlsx", "north/plan.pdf", "north/plan.json", "south/plan.json"} {
		if !fileExists(filepath.Join(f.out, rel)) {
			t.Errorf("%s was not written", rel)
		}
	}
	golden(t, "first_run.batch.json", []byte(f.read("batch.json")))

	var back Summary
	if err := json.Unmarshal([]byte(f.read("batch.json")), &back); err != nil {
		t.Fatal(err)
	}
	if got, want := len(back.Inputs), 8; got != want {
		t.Errorf("batch.json lists %d inputs, want %d (the ignored files are not inputs)", got, want)
	}
	var buf bytes.Buffer
	if err := PrintSummary(&buf, sum); err != nil {
		t.Fatal(err)
	}
	golden(t, "first_run.summary.txt", bytes.ReplaceAll(buf.Bytes(), []byte(filepath.Dir(f.in)), []byte("ROOT")))
}

func TestJobInputs(t *testing.T) {
	f := newFolder(t)
	f.standard()
	f.drop("segments.csv", "kind:accounts\n")
	r := &fakeRunner{}
	if _, err := Run(context.Background(), f.opts(r)); err != nil {
		t.Fatal(err)
	}
	if len(r.jobs) != 2 {
		t.Fatalf("%d jobs, want 2", len(r.jobs))
	}
	j := r.jobs[0]
	in := func(name string) string { return filepath.Join(f.in, name) }
	if got, want := j.Targets, in("north.xlsx"); got != want {
		t.Errorf("Targets = %q, want %q", got, want)
	}
	if got, want := j.History, []string{in("history-2025.csv"), in("history-2026.xlsx")}; !slices.Equal(got, want) {
		t.Errorf("History = %q, want %q", got, want)
	}
	if got, want := j.Activity, []string{in("activity.xlsx")}; !slices.Equal(got, want) {
		t.Errorf("Activity = %q, want %q", got, want)
	}
	if got, want := j.Teams, in("owners.csv"); got != want {
		t.Errorf("Teams = %q, want %q", got, want)
	}
	if got, want := j.Accounts, in("segments.csv"); got != want {
		t.Errorf("Accounts = %q, want %q", got, want)
	}
	// the job writes into the staging area; the set is switched in after
	if got, want := j.OutDir, filepath.Join(f.out, setsDir, "new-north"); got != want {
		t.Errorf("OutDir = %q, want %q", got, want)
	}
	if j.PreviousPlan != "" {
		t.Errorf("PreviousPlan = %q on a first run, want empty", j.PreviousPlan)
	}

	// A second run (forced) hands the previous plan.json to the runner.
	opt := f.opts(r)
	opt.Force = true
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if got, want := r.jobs[2].PreviousPlan, filepath.Join(f.out, "north", "plan.json"); got != want {
		t.Errorf("PreviousPlan = %q on a rerun, want %q", got, want)
	}
}

func TestRerun(t *testing.T) {
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	opt := f.opts(r)
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	r.ran()
	first := f.read("north/plan.json")

	step := func(name string, opt Options, wantRun []string, wantStatus map[string]string) Summary {
		t.Helper()
		sum, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := r.ran(); !slices.Equal(got, wantRun) {
			t.Errorf("%s: jobs run = %v, want %v", name, got, wantRun)
		}
		if got := statuses(sum); !equalMaps(got, wantStatus) {
			t.Errorf("%s: statuses = %v, want %v", name, got, wantStatus)
		}
		if got, want := ExitCode(sum, err), ExitOK; got != want {
			t.Errorf("%s: exit code = %d, want %d", name, got, want)
		}
		return sum
	}
	both := map[string]string{"north.xlsx": StatusProduced, "south.csv": StatusProduced}
	none := map[string]string{"north.xlsx": StatusSkipped, "south.csv": StatusSkipped}

	sum := step("unchanged", opt, nil, none)
	for _, tr := range sum.Targets {
		if got, want := tr.Reason, "unchanged since the run of 2026-11-27 (as of 2026-11-27)"; got != want {
			t.Errorf("reason = %q, want %q", got, want)
		}
		if got, want := len(tr.Outputs), 3; got != want {
			t.Errorf("%s: %d outputs listed for a skipped file, want %d", tr.File, got, want)
		}
	}
	if got := f.read("north/plan.json"); got != first {
		t.Errorf("a skipped run changed north/plan.json")
	}

	// A changed targets file rebuilds its own reports only.
	f.drop("south.csv", "kind:targets\nsouth v2\n")
	step("one targets file changed", opt, []string{"south.csv"},
		map[string]string{"north.xlsx": StatusSkipped, "south.csv": StatusProduced})
	if got := f.read("north/plan.json"); got != first {
		t.Errorf("north/plan.json was rewritten though its inputs did not change")
	}

	// A shared input rebuilds everything.
	f.drop("history-2026.xlsx", "kind:history\n2026 deals, December export\n")
	step("history changed", opt, []string{"north.xlsx", "south.csv"}, both)
	if got := f.read("north/plan.json"); got == first {
		t.Errorf("north/plan.json was not rebuilt after the history changed")
	}

	// So do a new version, other settings, an explicit as-of date, and
	// --force; an unchanged default as-of date does not.
	v2 := opt
	v2.Version = "v1.1.0"
	step("new version", v2, []string{"north.xlsx", "south.csv"}, both)
	fp := v2
	fp.Fingerprint = Fingerprint(struct{ Formats []string }{[]string{"pdf"}})
	step("other settings", fp, []string{"north.xlsx", "south.csv"}, both)
	later := fp
	later.AsOf = later.AsOf.AddDate(0, 1, 0)
	step("later default as-of", later, nil, none)
	later.AsOfGiven = true
	step("explicit as-of", later, []string{"north.xlsx", "south.csv"}, both)
	forced := later
	forced.Force = true
	step("force", forced, []string{"north.xlsx", "south.csv"}, both)

	// A deleted report is rebuilt.
	if err := os.Remove(filepath.Join(f.out, "south", "plan.pdf")); err != nil {
		t.Fatal(err)
	}
	step("report deleted", later, []string{"south.csv"},
		map[string]string{"north.xlsx": StatusSkipped, "south.csv": StatusProduced})

	// A configuration file counts by content.
	cfg := filepath.Join(t.TempDir(), "smartplan.yaml")
	os.WriteFile(cfg, []byte("lang: fr\n"), 0o644)
	withCfg := later
	withCfg.ConfigFile = cfg
	step("config added", withCfg, []string{"north.xlsx", "south.csv"}, both)
	step("config unchanged", withCfg, nil, none)
	os.WriteFile(cfg, []byte("lang: en\n"), 0o644)
	sum = step("config changed", withCfg, []string{"north.xlsx", "south.csv"}, both)
	if got, want := sum.Inputs[0].Kind, KindConfig; got != want {
		t.Errorf("first input kind = %q, want the configuration", got)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFailuresDoNotStopTheRun(t *testing.T) {
	f := newFolder(t)
	f.standard()
	f.drop("broken.xlsx", "CORRUPT\x00\x01")
	f.drop("crash.xlsx", "PANIC")
	f.drop("west.xlsx", "kind:targets\nwest\n")
	f.drop("east.xlsx", "kind:targets\neast\n")
	r := &fakeRunner{
		fail:   map[string]error{"west.xlsx": errors.New("read targets: west.xlsx: Targets!D2 (metric): unknown metric \"bookings\"")},
		panics: map[string]bool{"east.xlsx": true},
	}
	var log bytes.Buffer
	opt := f.opts(r)
	opt.Log, _ = NewLogger(&log, "text")
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ExitCode(sum, err), ExitPartial; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	want := map[string]string{"east.xlsx": StatusFailed, "north.xlsx": StatusProduced,
		"south.csv": StatusProduced, "west.xlsx": StatusFailed}
	if got := statuses(sum); !equalMaps(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	reasons := map[string]string{}
	for _, tr := range sum.Targets {
		reasons[tr.File] = tr.Reason
	}
	for _, in := range sum.Inputs {
		if in.Status != InputRead {
			reasons[in.File] = in.Status + ": " + in.Reason
		}
	}
	for file, want := range map[string]string{
		"east.xlsx":   "internal error: runtime error: index out of range [3] with length 0",
		"west.xlsx":   `unknown metric "bookings"`,
		"broken.xlsx": "failed: not a workbook: the file is truncated",
		"crash.xlsx":  "failed: internal error while classifying: assignment to entry in nil map",
	} {
		if !strings.Contains(reasons[file], want) {
			t.Errorf("%s: reason %q, want it to contain %q", file, reasons[file], want)
		}
	}
	if !strings.Contains(log.String(), "stack=") {
		t.Errorf("the log does not carry the stack of the crash:\n%s", log.String())
	}

	// The failed files are retried by the next run; the others are kept.
	r.fail, r.panics = nil, nil
	os.Remove(filepath.Join(f.in, "broken.xlsx"))
	os.Remove(filepath.Join(f.in, "crash.xlsx"))
	r.ran()
	sum, err = Run(context.Background(), opt)
	if got, want := r.ran(), []string{"east.xlsx", "west.xlsx"}; !slices.Equal(got, want) {
		t.Errorf("jobs run = %v, want %v", got, want)
	}
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
}

func TestDuplicateFiles(t *testing.T) {
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	if _, err := Run(context.Background(), f.opts(r)); err != nil {
		t.Fatal(err)
	}
	r.ran()
	// Someone drops the same files again under the names a copy gets.
	f.drop("history-2026 (1).xlsx", "kind:history\n2026 deals\n")
	f.drop("south copy.csv", "kind:targets\nsouth v1\n")
	sum, err := Run(context.Background(), f.opts(r))
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d (%v), want %d", got, err, want)
	}
	if got := r.ran(); len(got) != 0 {
		t.Errorf("jobs run = %v, want none: the copies change nothing", got)
	}
	got := map[string]string{}
	for _, in := range sum.Inputs {
		if in.Status != InputRead {
			got[in.File] = in.Reason
		}
	}
	want := map[string]string{
		"history-2026 (1).xlsx": "same content as history-2026.xlsx",
		"south copy.csv":        "same content as south.csv",
		"notes.txt":             "a text file that is not a table (notes)",
		"board deck.pdf":        "not a workbook or a CSV file",
	}
	if !equalMaps(got, want) {
		t.Errorf("inputs not used = %v, want %v", got, want)
	}
}

func TestNothingCouldBeDone(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		fail  bool
		want  string
	}{
		{"empty folder", nil, false, "no targets file"},
		{"no history", map[string]string{"t.xlsx": "kind:targets\n"}, false, "no history file"},
		{"two team files", map[string]string{"h.csv": "kind:history\n", "t.xlsx": "kind:targets\n",
			"a.csv": "kind:teams\nNorth\n", "b.csv": "kind:teams\nSouth\n"}, false, "2 owner-to-team files (a.csv, b.csv)"},
		{"every job fails", map[string]string{"h.csv": "kind:history\n", "t.xlsx": "kind:targets\n"}, true, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFolder(t)
			for name, content := range tt.files {
				f.drop(name, content)
			}
			r := &fakeRunner{}
			if tt.fail {
				r.fail = map[string]error{"t.xlsx": errors.New("write plan.pdf: disk full")}
			}
			sum, err := Run(context.Background(), f.opts(r))
			if got, want := ExitCode(sum, err), ExitFailure; got != want {
				t.Errorf("exit code = %d, want %d", got, want)
			}
			text := f.read("batch.json")
			if err != nil {
				text += err.Error()
			}
			if !strings.Contains(text, tt.want) {
				t.Errorf("neither batch.json nor the error says %q:\n%s", tt.want, text)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	f := newFolder(t)
	r := &fakeRunner{}
	for name, mod := range map[string]func(*Options){
		"no in":        func(o *Options) { o.In = "" },
		"no out":       func(o *Options) { o.Out = "" },
		"same folders": func(o *Options) { o.Out = o.In },
		"missing in":   func(o *Options) { o.In = filepath.Join(o.In, "nope") },
	} {
		opt := f.opts(r)
		mod(&opt)
		sum, err := Run(context.Background(), opt)
		if got, want := ExitCode(sum, err), ExitUsage; got != want {
			t.Errorf("%s: exit code = %d (%v), want %d", name, got, err, want)
		}
	}
}

func TestSecondRunIsLocked(t *testing.T) {
	f := newFolder(t)
	f.standard()
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	r := &fakeRunner{hook: func(ctx context.Context, job Job) error {
		once.Do(func() { close(entered) })
		<-release
		return nil
	}}
	type result struct {
		sum Summary
		err error
	}
	first := make(chan result)
	go func() {
		sum, err := Run(context.Background(), f.opts(r))
		first <- result{sum, err}
	}()
	<-entered

	sum, err := Run(context.Background(), f.opts(&fakeRunner{}))
	if got, want := ExitCode(sum, err), ExitLocked; got != want {
		t.Errorf("second run: exit code = %d (%v), want %d", got, err, want)
	}
	if sum.AsOf != "" {
		t.Errorf("locked run: Summary.AsOf = %q, want empty (nothing to print)", sum.AsOf)
	}
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second run: error %v is not a *LockedError", err)
	}
	if !le.Since.Equal(t0) || le.PID != os.Getpid() {
		t.Errorf("holder = %v pid %d, want %v pid %d", le.Since, le.PID, t0, os.Getpid())
	}
	if got, want := err.Error(), "started 2026-11-27 09:00:00 UTC by process"; !strings.Contains(got, want) {
		t.Errorf("message %q does not contain %q", got, want)
	}

	close(release)
	res := <-first
	if got, want := ExitCode(res.sum, res.err), ExitOK; got != want {
		t.Errorf("first run: exit code = %d (%v), want %d", got, res.err, want)
	}
	// The lock is free again, and its information is gone with it.
	if fileExists(filepath.Join(f.out, infoName)) {
		t.Errorf("%s left behind after the run", infoName)
	}
	if _, err := Run(context.Background(), f.opts(&fakeRunner{})); err != nil {
		t.Errorf("third run: %v", err)
	}
}

func TestKilledRun(t *testing.T) {
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	opt := f.opts(r)
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	before := f.read("north/plan.json")

	// A run dies in the middle of writing north's reports: its temporary
	// file stays, the published reports do not change. A panic stands for
	// the crash; a kill leaves the same files.
	f.drop("north.xlsx", "kind:targets\nnorth v2\n")
	var tmp string
	r.hook = func(ctx context.Context, job Job) error {
		pf, err := renameio.NewPendingFile(filepath.Join(job.OutDir, "plan.json"), renameio.WithTempDir(job.OutDir))
		if err != nil {
			return err
		}
		pf.WriteString(`{"as_of": "2026-11-27", "targ`)
		tmp = pf.Name()
		panic("killed")
	}
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(sum)["north.xlsx"]; got != StatusFailed {
		t.Errorf("north.xlsx: status %q, want failed", got)
	}
	if got := f.read("north/plan.json"); got != before {
		t.Errorf("the previous plan.json was not kept intact: %q", got)
	}
	if tmp == "" || fileExists(tmp) {
		// a crash the run survives removes the staged set at once; a kill
		// leaves it to the next run (TestSetSwitchCrash)
		t.Errorf("the failed set's temporary file %q was left behind", tmp)
	}

	// A stale temporary file of batch.json and of the state (a kill while
	// writing them) too.
	for _, name := range []string{".batch.json4242", "..smartplan-state.json77"} {
		os.WriteFile(filepath.Join(f.out, name), []byte("{"), 0o600)
	}
	// The next run cleans them up and rebuilds north.
	r.hook = nil
	r.ran()
	sum, err = Run(context.Background(), opt)
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("next run: exit code = %d (%v), want %d", got, err, want)
	}
	if got, want := r.ran(), []string{"north.xlsx"}; !slices.Equal(got, want) {
		t.Errorf("jobs run = %v, want %v", got, want)
	}
	var left []string
	filepath.WalkDir(f.out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && staleTemp.MatchString(d.Name()) {
			left = append(left, p)
		}
		return nil
	})
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestInterrupted(t *testing.T) {
	f := newFolder(t)
	f.standard()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &fakeRunner{hook: func(c context.Context, job Job) error {
		cancel() // SIGTERM while the first targets file is being planned
		return c.Err()
	}}
	sum, err := Run(ctx, f.opts(r))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if got, want := ExitCode(sum, err), ExitFailure; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	if got, want := statuses(sum), map[string]string{"north.xlsx": StatusFailed, "south.csv": StatusFailed}; !equalMaps(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if !strings.Contains(f.read("batch.json"), "not run: the run was interrupted") {
		t.Errorf("batch.json does not say the run was interrupted")
	}
}

func TestSettle(t *testing.T) {
	f := newFolder(t)
	f.standard()
	f.dropAt("west.xlsx", "kind:targets\nwest\n", t0.Add(-time.Second))
	r := &fakeRunner{}
	sum, err := Run(context.Background(), f.opts(r))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(r.ran(), "west.xlsx") {
		t.Errorf("west.xlsx was planned while still being written")
	}
	var west *InputReport
	for i := range sum.Inputs {
		if sum.Inputs[i].File == "west.xlsx" {
			west = &sum.Inputs[i]
		}
	}
	if west == nil {
		t.Fatal("west.xlsx is not listed among the inputs")
	}
	if got, want := west.Reason, "still being written (modified 1s ago, settle time 30s)"; west.Status != InputSkipped || got != want {
		t.Errorf("west.xlsx: %s %q, want skipped %q", west.Status, got, want)
	}
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d, want %d (a file still being copied is not a failure)", got, want)
	}

	// Half a minute later it has settled.
	opt := f.opts(r)
	opt.Now = func() time.Time { return t0.Add(time.Minute) }
	sum, _ = Run(context.Background(), opt)
	if got := statuses(sum)["west.xlsx"]; got != StatusProduced {
		t.Errorf("west.xlsx after settling: %q, want produced", got)
	}
}

func TestChangedWhileReading(t *testing.T) {
	f := newFolder(t)
	f.standard()
	grow := filepath.Join(f.in, "north.xlsx")
	opt := f.opts(&fakeRunner{})
	opt.Classify = func(path string) (Kind, error) {
		if path == grow {
			// Another process appends while the file is being read.
			fh, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			fh.WriteString("more rows\n")
			fh.Close()
		}
		return fakeClassify(path)
	}
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	wantInput(t, sum, "north.xlsx", InputSkipped, "changed while being read")
	if _, ok := statuses(sum)["north.xlsx"]; ok {
		t.Errorf("north.xlsx was planned")
	}
}

func TestProblemsPerInput(t *testing.T) {
	f := newFolder(t)
	f.standard()
	sum, err := Run(context.Background(), f.opts(&fakeRunner{}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	want := map[string][]string{
		// Both jobs read the history; its problems are listed once.
		"history-2025.csv":  {"history-2025.csv:7:9 bad_amount"},
		"history-2026.xlsx": {"history-2026.xlsx:7:9 bad_amount"},
		"north.xlsx":        {"north.xlsx: Targets!F4 bad_number"},
		"south.csv":         {"south.csv: Targets!F4 bad_number"},
	}
	checkProblems := func(what string, sum Summary) {
		t.Helper()
		got := map[string][]string{}
		for _, in := range sum.Inputs {
			for _, p := range in.Problems {
				got[in.File] = append(got[in.File], p.Where+" "+p.Kind)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: problems = %v, want %v", what, got, want)
		}
		for k, w := range want {
			if !slices.Equal(got[k], w) {
				t.Errorf("%s: %s: problems %v, want %v", what, k, got[k], w)
			}
		}
	}
	checkProblems("first run", sum)

	// An input whose name sorts after the others (a configuration given
	// by a relative path): the summary written after each targets file
	// must not move the inputs that later problems are filed under.
	t.Run("config sorting last", func(t *testing.T) {
		g := newFolder(t)
		g.standard()
		t.Chdir(t.TempDir())
		if err := os.WriteFile("zz.yaml", []byte("lang: en\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := g.opts(&fakeRunner{})
		opt.ConfigFile = "zz.yaml"
		sum, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		checkProblems("config zz.yaml", sum)
	})

	// A rerun that skips every targets file still lists the problems.
	again, err := Run(context.Background(), f.opts(&fakeRunner{}))
	if err != nil {
		t.Fatal(err)
	}
	for i := range again.Inputs {
		// the rerun says what each file held when last used: the same
		if in := &again.Inputs[i]; in.Status == InputRead && in.PreviousSHA256 != in.SHA256 {
			t.Errorf("%s: previous_sha256 %q, want its unchanged %q", in.File, in.PreviousSHA256, in.SHA256)
		}
		again.Inputs[i].PreviousSHA256 = ""
	}
	if got, want := fmt.Sprint(again.Inputs), fmt.Sprint(sum.Inputs); got != want {
		t.Errorf("skipped rerun lists other inputs or problems:\n got %s\nwant %s", got, want)
	}

	// A history file that classifies but cannot be loaded is a failed
	// input: the plans are made without it, and the exit code says so.
	f.drop("history-2024.xlsx", "kind:history\nUNLOADABLE\n")
	sum, err = Run(context.Background(), f.opts(&fakeRunner{}))
	if got, want := ExitCode(sum, err), ExitPartial; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	wantInput(t, sum, "history-2024.xlsx", InputFailed, "no sheet has a header")
	// and it is not forgotten on the next run.
	sum, err = Run(context.Background(), f.opts(&fakeRunner{}))
	if got, want := ExitCode(sum, err), ExitPartial; got != want {
		t.Errorf("rerun: exit code = %d, want %d", got, want)
	}
}

func TestCorruptState(t *testing.T) {
	f := newFolder(t)
	f.standard()
	r := &fakeRunner{}
	if _, err := Run(context.Background(), f.opts(r)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(f.out, stateName), []byte(`{"format": 1, "targets": {`), 0o644)
	var log bytes.Buffer
	opt := f.opts(r)
	opt.Log, _ = NewLogger(&log, "json")
	r.ran()
	sum, err := Run(context.Background(), opt)
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("exit code = %d, want %d", got, want)
	}
	if got, want := r.ran(), []string{"north.xlsx", "south.csv"}; !slices.Equal(got, want) {
		t.Errorf("jobs run = %v, want %v", got, want)
	}
	if !strings.Contains(log.String(), `"msg":"state file ignored`) {
		t.Errorf("no warning about the state file in the log:\n%s", log.String())
	}
	for line := range strings.Lines(log.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
}

func TestDeterministicSummary(t *testing.T) {
	var outs []string
	for range 2 {
		f := newFolder(t)
		f.standard()
		if _, err := Run(context.Background(), f.opts(&fakeRunner{})); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, f.read("batch.json"))
	}
	if outs[0] != outs[1] {
		t.Errorf("two runs over the same folder wrote different batch.json")
	}
}

func TestProblemsCapped(t *testing.T) {
	f := newFolder(t)
	f.standard()
	opt := f.opts(&fakeRunner{})
	inner := &fakeRunner{}
	opt.Run = func(ctx context.Context, job Job) (Outcome, error) {
		out, err := inner.run(ctx, job)
		var probs []planner.Problem
		for i := range MaxProblems + 50 {
			probs = append(probs, planner.Problem{Position: planner.Position{File: job.History[0], Row: i + 2},
				Kind: "bad_date", Severity: planner.SeverityWarning, Message: "not a date"})
		}
		out.Problems = probs
		return out, err
	}
	for run := range 2 { // the second run skips: the problems come from the state
		sum, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(inner.ran()), 2*(1-run); got != want {
			t.Errorf("run %d: %d jobs run, want %d", run, got, want)
		}
		for _, in := range sum.Inputs {
			if in.File != "history-2025.csv" {
				continue
			}
			if got, want := len(in.Problems), MaxProblems; got != want {
				t.Errorf("run %d: %d problems listed, want %d", run, got, want)
			}
			if got, want := in.ProblemsOmitted, 50; got != want {
				t.Errorf("run %d: %d problems omitted, want %d (two jobs read the file, its problems count once)", run, got, want)
			}
		}
	}
}

// A symbolic link out of the input folder is refused unless
// FollowSymlinks: a file from elsewhere is never merged into the plans
// unnoticed. A link to a file inside the folder is read as usual.
func TestSymlinksOutOfTheFolder(t *testing.T) {
	f := newFolder(t)
	f.standard()
	outside := filepath.Join(filepath.Dir(f.in), "elsewhere.csv")
	if err := os.WriteFile(outside, []byte("kind:history\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(outside, t0.Add(-time.Hour), t0.Add(-time.Hour))
	if err := os.Symlink(outside, filepath.Join(f.in, "linked.csv")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink("north.xlsx", filepath.Join(f.in, "north-link.xlsx")); err != nil {
		t.Fatal(err)
	}
	for _, follow := range []bool{false, true} {
		opt := f.opts(&fakeRunner{})
		opt.FollowSymlinks, opt.Force = follow, true
		sum, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, in := range sum.Inputs {
			got[in.File] = in.Status
			if in.File == "linked.csv" && !follow && !strings.Contains(in.Reason, "a symbolic link to "+outside+", outside the input folder: refused (--follow-symlinks reads it)") {
				t.Errorf("reason %q", in.Reason)
			}
		}
		want := InputRead
		if !follow {
			want = InputFailed
		}
		if got["linked.csv"] != want || got["north-link.xlsx"] == InputFailed {
			t.Errorf("follow=%v: inputs %v, want linked.csv %s and the link inside the folder read", follow, got, want)
		}
	}
}
