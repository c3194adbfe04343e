package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
)

func TestIgnoredName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"budget.xlsx", false},
		{"Budget 2027 (final).xlsx", false},
		{"history.csv", false},
		{"~$budget.xlsx", true}, // Excel's lock file
		{".budget.xlsx", true},
		{".DS_Store", true},
		{"budget.xlsx~", true},
		{"budget.tmp", true},
		{"BUDGET.TMP", true},
		{"export.csv.part", true},
		{"export.csv.crdownload", true},
		{"Thumbs.db", true},
		{"desktop.ini", true},
		{"tmp.xlsx", false},
		{"partners.csv", false},
	}
	for _, tt := range tests {
		if got := ignoredName(tt.name); got != tt.want {
			t.Errorf("ignoredName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

func TestReportDirs(t *testing.T) {
	tests := []struct {
		files []string
		want  map[string]string
	}{
		{[]string{"north.xlsx", "south.csv"}, map[string]string{"north.xlsx": "north", "south.csv": "south"}},
		{[]string{"budget.csv", "Budget.xlsx", "west.xlsm"},
			map[string]string{"budget.csv": "budget-csv", "Budget.xlsx": "Budget-xlsx", "west.xlsm": "west"}},
		{[]string{"Objectifs 2027.xlsx"}, map[string]string{"Objectifs 2027.xlsx": "Objectifs 2027"}},
		{[]string{"targets"}, map[string]string{"targets": "targets"}},
		// q3-csv.csv would meet q3.csv's folder q3-csv: both take their
		// whole names, q3.txt keeps q3-txt
		{[]string{"q3.csv", "q3.txt", "q3-csv.csv"},
			map[string]string{"q3.csv": "q3.csv", "q3.txt": "q3-txt", "q3-csv.csv": "q3-csv.csv"}},
		// the summary's own name is never a report folder
		{[]string{"batch.json.csv"}, map[string]string{"batch.json.csv": "batch.json.csv"}},
		{[]string{"batch.json.csv", "batch.json.xlsx"},
			map[string]string{"batch.json.csv": "batch.json-csv", "batch.json.xlsx": "batch.json-xlsx"}},
		{[]string{".hidden.csv"}, map[string]string{".hidden.csv": "hidden.csv-" + shortHash(".hidden.csv")}},
	}
	for _, tt := range tests {
		var in []*inputFile
		for _, f := range tt.files {
			in = append(in, &inputFile{name: f})
		}
		got := reportDirs(in)
		if !equalMaps(got, tt.want) {
			t.Errorf("reportDirs(%v) = %v, want %v", tt.files, got, tt.want)
		}
	}
}

func TestExitCode(t *testing.T) {
	targets := func(statuses ...string) []TargetReport {
		var out []TargetReport
		for i, s := range statuses {
			out = append(out, TargetReport{File: fmt.Sprint(i), Status: s})
		}
		return out
	}
	failedInput := []InputReport{{File: "broken.xlsx", Status: InputFailed}}
	skippedInput := []InputReport{{File: "notes.txt", Status: InputSkipped}}
	tests := []struct {
		name string
		sum  Summary
		err  error
		want int
	}{
		{"all produced", Summary{Targets: targets(StatusProduced, StatusProduced)}, nil, 0},
		{"all skipped", Summary{Targets: targets(StatusSkipped)}, nil, 0},
		{"produced and skipped, an unknown file", Summary{Inputs: skippedInput, Targets: targets(StatusProduced, StatusSkipped)}, nil, 0},
		{"one failed", Summary{Targets: targets(StatusProduced, StatusFailed)}, nil, 4},
		{"a corrupt input", Summary{Inputs: failedInput, Targets: targets(StatusProduced)}, nil, 4},
		{"all failed", Summary{Targets: targets(StatusFailed, StatusFailed)}, nil, 1},
		{"no targets", Summary{}, nil, 1},
		{"error", Summary{}, errors.New("read input folder: permission denied"), 1},
		{"nothing to do", Summary{}, fmt.Errorf("%w: no targets file", ErrNothingToDo), 1},
		{"locked", Summary{}, &LockedError{Lock: "out/.smartplan.lock"}, 75},
		{"usage", Summary{}, usagef("batch: --in is required"), 2},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.sum, tt.err); got != tt.want {
			t.Errorf("%s: ExitCode = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestLockedErrorMessage(t *testing.T) {
	tests := []struct {
		err  LockedError
		want string
	}{
		{LockedError{Lock: "out/.smartplan.lock"},
			"another smartplan batch run is working on this output folder (out/.smartplan.lock)"},
		{LockedError{Lock: "out/.smartplan.lock", Since: time.Date(2026, 11, 1, 6, 0, 0, 0, time.FixedZone("CET", 3600)), PID: 4242, Host: "files01"},
			"another smartplan batch run is working on this output folder (out/.smartplan.lock): started 2026-11-01 05:00:00 UTC by process 4242 on files01"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	type planner struct {
		Seed     int64
		Sentence func(string) string
		Rates    map[string]float64
	}
	type settings struct {
		AsOf         time.Time
		OutDir       string
		Formats      []string
		Lang         string
		Planner      planner
		Cfg          *planner
		Previous     map[string]int
		PreviousAsOf time.Time
		private      int
	}
	base := func() settings {
		return settings{
			AsOf: t0, OutDir: "out/north", Formats: []string{"xlsx", "pdf"}, Lang: "fr",
			Planner: planner{Seed: 1, Sentence: strings.ToUpper, Rates: map[string]float64{"a": 0.1, "b": 0.6, "c": 0.5}},
		}
	}
	ref := Fingerprint(base())
	same := map[string]func(*settings){
		"as-of date":       func(s *settings) { s.AsOf = t0.AddDate(0, 1, 0) },
		"output folder":    func(s *settings) { s.OutDir = "out/south" },
		"previous run":     func(s *settings) { s.Previous = map[string]int{"T1": 1}; s.PreviousAsOf = t0 },
		"another function": func(s *settings) { s.Planner.Sentence = strings.ToLower },
		"unexported field": func(s *settings) { s.private = 7 },
		"map rebuilt":      func(s *settings) { s.Planner.Rates = map[string]float64{"c": 0.5, "b": 0.6, "a": 0.1} },
	}
	for name, mod := range same {
		s := base()
		mod(&s)
		if got := Fingerprint(s); got != ref {
			t.Errorf("%s changed the fingerprint", name)
		}
	}
	differ := map[string]func(*settings){
		"formats":       func(s *settings) { s.Formats = []string{"xlsx"} },
		"format order":  func(s *settings) { s.Formats = []string{"pdf", "xlsx"} },
		"language":      func(s *settings) { s.Lang = "en" },
		"seed":          func(s *settings) { s.Planner.Seed = 2 },
		"rate":          func(s *settings) { s.Planner.Rates["a"] = 0.11 },
		"pointer set":   func(s *settings) { s.Cfg = &planner{} },
		"empty formats": func(s *settings) { s.Formats = nil },
	}
	for name, mod := range differ {
		s := base()
		mod(&s)
		if got := Fingerprint(s); got == ref {
			t.Errorf("%s did not change the fingerprint", name)
		}
	}
}

func TestProgressBar(t *testing.T) {
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }

	f := newFolder(t)
	f.standard()
	var bar, log bytes.Buffer
	opt := f.opts(&fakeRunner{})
	opt.Progress = &bar
	opt.Log = slog.New(slog.NewTextHandler(&log, nil))
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"planning south.csv", "(1/2)"} {
		if !strings.Contains(bar.String(), want) {
			t.Errorf("the bar never showed %q:\n%q", want, bar.String())
		}
	}
	if strings.Contains(log.String(), "level=INFO") {
		t.Errorf("info events went to the log while the bar was shown:\n%s", log.String())
	}

	// Not a terminal: no bar, plain lines.
	isTerminal = IsTerminal
	bar.Reset()
	log.Reset()
	opt.Force = true
	if _, err := Run(t.Context(), opt); err != nil {
		t.Fatal(err)
	}
	if bar.Len() != 0 {
		t.Errorf("a bar was drawn on a writer that is not a terminal: %q", bar.String())
	}
	if got := strings.Count(log.String(), "msg=produced"); got != 2 {
		t.Errorf("%d produced lines in the log, want 2:\n%s", got, log.String())
	}
}

func TestNewLogger(t *testing.T) {
	for _, format := range []string{"", "text", "plain", "json", "JSON"} {
		if _, err := NewLogger(io.Discard, format); err != nil {
			t.Errorf("NewLogger(%q): %v", format, err)
		}
	}
	if _, err := NewLogger(io.Discard, "xml"); !errors.Is(err, ErrUsage) {
		t.Errorf("NewLogger(xml) = %v, want a usage error", err)
	}
	if IsTerminal(&bytes.Buffer{}) {
		t.Errorf("a buffer is not a terminal")
	}
	fh, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if IsTerminal(fh) {
		t.Errorf("a regular file is not a terminal")
	}
}

func TestCleanStaleKeepsUserFiles(t *testing.T) {
	out := t.TempDir()
	sub := filepath.Join(out, "north")
	os.MkdirAll(sub, 0o755)
	stale := []string{
		filepath.Join(sub, ".plan.xlsx8674665223082153551"),
		filepath.Join(sub, ".plan.pdf1"),
		filepath.Join(out, ".batch.json12"),
		filepath.Join(out, "..smartplan-state.json3"),
		filepath.Join(out, "..smartplan.lock.info99"),
	}
	keep := []string{
		filepath.Join(sub, "plan.xlsx"),
		filepath.Join(sub, ".plan.xlsx"),
		filepath.Join(sub, ".plan.xlsx.bak1"),
		filepath.Join(sub, "notes.txt"),
		filepath.Join(out, ".smartplan.lock"),
		filepath.Join(out, ".smartplan-state.json"),
		filepath.Join(out, ".mydata123"),
	}
	for _, p := range append(append([]string{}, stale...), keep...) {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := cleanStale(out)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(removed), len(stale); got != want {
		t.Errorf("removed %d files %v, want %d", got, removed, want)
	}
	for _, p := range stale {
		if fileExists(p) {
			t.Errorf("%s was not removed", p)
		}
	}
	for _, p := range keep {
		if !fileExists(p) {
			t.Errorf("%s was removed", p)
		}
	}
}

// Three targets files whose folders once collided, and one named after the
// summary, each get a folder of their own and the run's summary survives.
func TestReportFoldersNeverCollide(t *testing.T) {
	f := newFolder(t)
	f.standard()
	for _, name := range []string{"q3.csv", "q3.txt", "q3-csv.csv", "batch.json.csv"} {
		f.drop(name, "kind:targets\n"+name+"\n")
	}
	for range 2 { // the second run must find batch.json where it was
		sum, err := Run(context.Background(), f.opts(&fakeRunner{}))
		if err != nil {
			t.Fatal(err)
		}
		dirs := map[string]string{}
		for _, tr := range sum.Targets {
			if other, dup := dirs[strings.ToLower(tr.Dir)]; dup {
				t.Errorf("%s and %s share the report folder %s", other, tr.File, tr.Dir)
			}
			dirs[strings.ToLower(tr.Dir)] = tr.File
			if tr.Status != StatusProduced && tr.Status != StatusSkipped {
				t.Errorf("%s: %s (%s)", tr.File, tr.Status, tr.Reason)
			}
		}
		if st, err := os.Stat(filepath.Join(f.out, "batch.json")); err != nil || st.IsDir() {
			t.Fatalf("batch.json: %v (a folder: %v)", err, err == nil && st.IsDir())
		}
	}
}

// The summary lists the biggest moves since the last run, a change of
// verdict weighing at least ten points; batch.json keeps each file's.
func TestBiggestMoves(t *testing.T) {
	cs := []planner.Change{
		{TargetID: "small", OldVerdict: "stretch", NewVerdict: "stretch", OldProbability: 0.50, NewProbability: 0.53, HasProbability: true},
		{TargetID: "flip", OldVerdict: "stretch", NewVerdict: "achievable", OldProbability: 0.68, NewProbability: 0.71, HasProbability: true},
		{TargetID: "big", OldVerdict: "unrealistic", NewVerdict: "stretch", OldProbability: 0.04, NewProbability: 0.27, HasProbability: true},
		{TargetID: "new", NewVerdict: "achievable", NewProbability: 0.9, New: true},
		// no probability in the last run: the verdict moved, not the odds
		{TargetID: "data", OldVerdict: "insufficient_data", NewVerdict: "stretch", NewProbability: 0.35},
	}
	ms := moves(cs)
	var got []string
	for _, m := range ms {
		got = append(got, m.Target)
	}
	if want := []string{"big", "data", "flip", "small"}; !slices.Equal(got, want) {
		t.Errorf("moves %v, want %v (a new target is no move)", got, want)
	}
	if js, _ := json.Marshal(ms[1]); strings.Contains(string(js), "probability") {
		t.Errorf("a move with no probability lists one: %s", js)
	}
	var b strings.Builder
	s := Summary{AsOf: "2026-11-30", Targets: []TargetReport{{File: "q4.xlsx", Dir: "q4.xlsx", Status: StatusProduced, Targets: 4, Moves: ms}}}
	if err := PrintSummary(&b, s); err != nil {
		t.Fatal(err)
	}
	want := "Biggest moves since the last run:\n  q4.xlsx  big    4 % → 27 %   unrealistic → stretch\n  q4.xlsx  data   –            insufficient data → stretch\n  q4.xlsx  flip   68 % → 71 %  stretch → achievable\n  q4.xlsx  small  50 % → 53 %  stretch\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("summary:\n%s\nwant it to hold:\n%s", b.String(), want)
	}
}
