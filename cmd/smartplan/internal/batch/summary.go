package batch

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/smartplan/smartplan/planner"
)

// Statuses of an input file in Summary.Inputs.
const (
	InputRead    = "read"    // classified and used (or usable)
	InputSkipped = "skipped" // not recognised, or still being written
	InputFailed  = "failed"  // unreadable: corrupt, encrypted, a crash while reading
)

// Statuses of a targets file in Summary.Targets.
const (
	StatusProduced = "produced"
	StatusSkipped  = "skipped"
	StatusFailed   = "failed"
)

// Summary is the account of a batch run, written to OUT/batch.json. Its
// lists are sorted by file name, so that the same folder and state give the
// same bytes.
type Summary struct {
	AsOf      string         `json:"as_of"`               // YYYY-MM-DD
	Started   string         `json:"started"`             // when the run started, RFC 3339, UTC
	DurationS float64        `json:"duration_s"`          // how long it took, in seconds
	Version   string         `json:"version"`             // smartplan's
	ExitCode  *int           `json:"exit_code,omitempty"` // the process's (see ExitCode); absent from a batch.json written mid-run
	Inputs    []InputReport  `json:"inputs"`
	Targets   []TargetReport `json:"targets"`

	In  string `json:"-"` // the input folder
	Out string `json:"-"` // the output folder
}

// InputReport is one file of the input folder (or the configuration file).
type InputReport struct {
	File   string `json:"file"` // name inside the input folder
	Kind   Kind   `json:"kind"` // "" when it was not classified
	SHA256 string `json:"sha256"`
	// PreviousSHA256 is the content the file had when a previous run
	// last used it ("" when none did): a different value says it changed.
	PreviousSHA256 string          `json:"previous_sha256,omitempty"`
	Status         string          `json:"status"`           // read, skipped or failed
	Reason         string          `json:"reason,omitempty"` // why it was skipped or failed
	Problems       []ProblemReport `json:"problems"`
	// ProblemsOmitted counts the problems left out of Problems beyond
	// MaxProblems.
	ProblemsOmitted int `json:"problems_omitted,omitempty"`

	total int // distinct problems, listed or not
}

// ProblemReport is one input problem, as the importer located it.
type ProblemReport struct {
	Where    string `json:"where"` // "history.xlsx: Deals!C7"
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// MaxProblems caps the problems listed per input file in batch.json; the
// reports themselves list them all.
const MaxProblems = 200

// TargetReport is the outcome for one targets file.
type TargetReport struct {
	File    string   `json:"file"`
	Status  string   `json:"status"` // produced, skipped or failed
	Reason  string   `json:"reason,omitempty"`
	Dir     string   `json:"dir"`     // output folder, relative to OUT
	Outputs []string `json:"outputs"` // relative to OUT
	// Targets and Verdicts summarise the plan when it was produced.
	Targets  int            `json:"targets,omitempty"`
	Verdicts map[string]int `json:"verdicts,omitempty"`
	// Moves are the targets whose probability or verdict moved most since
	// the previous run, biggest first (at most MaxMoves).
	Moves []Move `json:"moves,omitempty"`
	// Set identifies the report set the folder holds (setDigest: the
	// SHA-256 of its reports' names and contents); empty when it holds
	// none.
	Set string `json:"set,omitempty"`
	// Switching is set in a batch.json written while the folder's set is
	// being replaced: the folder then holds the set From (empty: none) or
	// the set To, and a run killed in between left it so; the next run
	// finishes the switch.
	Switching *SetSwitch `json:"switching,omitempty"`
}

// A SetSwitch is a report folder's set being replaced, From by To.
type SetSwitch struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// A Move is one target's change since the previous run.
type Move struct {
	Target     string `json:"target"`
	OldVerdict string `json:"old_verdict,omitempty"`
	NewVerdict string `json:"new_verdict"`
	// The probabilities, absent when a run had none (insufficient data):
	// a missing probability is not a probability of 0.
	OldProbability *float64 `json:"old_probability,omitempty"`
	NewProbability *float64 `json:"new_probability,omitempty"`
}

// probabilities returns the move's two probabilities, ok false when a run
// had none.
func (m Move) probabilities() (old, new float64, ok bool) {
	if m.OldProbability == nil || m.NewProbability == nil {
		return 0, 0, false
	}
	return *m.OldProbability, *m.NewProbability, true
}

// MaxMoves caps the moves listed per targets file.
const MaxMoves = 5

// size is how much a move moved: the probability's change, with a change
// of verdict counted as at least 10 points.
func (m Move) size() float64 {
	d := 0.0
	if old, new, ok := m.probabilities(); ok {
		d = math.Abs(new - old)
	}
	if m.OldVerdict != m.NewVerdict {
		d = max(d, 0.10)
	}
	return d
}

// moves returns a plan's changes since the previous run as batch.json
// lists them: the targets that were in both runs, biggest move first (ties
// by target), at most MaxMoves.
func moves(cs []planner.Change) []Move {
	var out []Move
	for _, c := range cs {
		if !c.New {
			m := Move{Target: c.TargetID, OldVerdict: string(c.OldVerdict), NewVerdict: string(c.NewVerdict)}
			if c.HasProbability {
				m.OldProbability, m.NewProbability = &c.OldProbability, &c.NewProbability
			}
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b Move) int { return cmp.Or(cmp.Compare(b.size(), a.size()), cmp.Compare(a.Target, b.Target)) })
	return out[:min(len(out), MaxMoves)]
}

// biggestMoves returns the moves of every targets file, biggest first
// (ties by file and target), at most n.
func biggestMoves(ts []TargetReport, n int) []fileMove {
	var all []fileMove
	for _, t := range ts {
		for _, m := range t.Moves {
			all = append(all, fileMove{t.File, m})
		}
	}
	slices.SortStableFunc(all, func(a, b fileMove) int {
		return cmp.Or(cmp.Compare(b.size(), a.size()), cmp.Compare(a.file, b.file), cmp.Compare(a.Target, b.Target))
	})
	return all[:min(n, len(all))]
}

type fileMove struct {
	file string
	Move
}

// count returns the number of targets files with the status.
func (s Summary) count(status string) int {
	n := 0
	for _, t := range s.Targets {
		if t.Status == status {
			n++
		}
	}
	return n
}

// inputsFailed returns the number of input files that failed.
func (s Summary) inputsFailed() int {
	n := 0
	for _, in := range s.Inputs {
		if in.Status == InputFailed {
			n++
		}
	}
	return n
}

// Exit codes of a batch run; 2 (usage) is the command line's.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
	ExitPartial = 4
	ExitLocked  = 75
)

// ExitCode maps the outcome of Run to the process exit code: 0 when every
// targets file was produced or skipped as unchanged and every input was
// readable, 4 when some inputs or targets files failed and others were
// done, 1 when nothing could be done (an error, no targets file, every
// targets file failed), 75 when another run holds the lock, 2 for a usage
// error.
func ExitCode(s Summary, err error) int {
	switch {
	case errors.Is(err, ErrLocked):
		return ExitLocked
	case errors.Is(err, ErrUsage):
		return ExitUsage
	case err != nil:
		return ExitFailure
	}
	done := s.count(StatusProduced) + s.count(StatusSkipped)
	if done == 0 {
		return ExitFailure
	}
	if s.count(StatusFailed) > 0 || s.inputsFailed() > 0 {
		return ExitPartial
	}
	return ExitOK
}

// PrintSummary writes a one-screen account of the run: the inputs by kind,
// the files that were skipped or failed and why, and one line per targets
// file.
func PrintSummary(w io.Writer, s Summary) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "smartplan batch, as of %s\n", s.AsOf)
	if s.In != "" || s.Out != "" {
		fmt.Fprintf(ew, "  in:  %s\n  out: %s\n", s.In, s.Out)
	}

	kinds := map[Kind]int{}
	var notable []InputReport
	problems := 0
	for _, in := range s.Inputs {
		if in.Status == InputRead {
			kinds[in.Kind]++
		} else {
			notable = append(notable, in)
		}
		problems += len(in.Problems) + in.ProblemsOmitted
	}
	var parts []string
	for _, k := range []Kind{KindHistory, KindActivity, KindTargets, KindTeams, KindAccounts, KindFX, KindMarket, KindConfig} {
		if kinds[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
		}
	}
	if len(notable) > 0 {
		parts = append(parts, fmt.Sprintf("%d not used", len(notable)))
	}
	fmt.Fprintf(ew, "\nInputs: %d files (%s)\n", len(s.Inputs), strings.Join(parts, ", "))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	const maxLines = 8
	for i, in := range notable {
		if i == maxLines {
			fmt.Fprintf(tw, "  …\t%d more\t\n", len(notable)-maxLines)
			break
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", in.Status, shorten(in.File, 32), shorten(in.Reason, 90))
	}
	tw.Flush()

	fmt.Fprintf(ew, "\nTargets files: %d produced, %d skipped, %d failed\n",
		s.count(StatusProduced), s.count(StatusSkipped), s.count(StatusFailed))
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	const maxTargets = 20
	for i, t := range s.Targets {
		if i == maxTargets {
			fmt.Fprintf(tw, "  …\t%d more, see batch.json\t\n", len(s.Targets)-maxTargets)
			break
		}
		detail := t.Reason
		if t.Status == StatusProduced {
			detail = verdictLine(t)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s/\t%s\n", t.Status, shorten(t.File, 32), shorten(t.Dir, 24), shorten(detail, 80))
	}
	tw.Flush()
	if moves := biggestMoves(s.Targets, 8); len(moves) > 0 {
		fmt.Fprintf(ew, "\nBiggest moves since the last run:\n")
		tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, m := range moves {
			verdict := verdictWords(m.NewVerdict)
			if m.OldVerdict != m.NewVerdict {
				verdict = verdictWords(m.OldVerdict) + " → " + verdict
			}
			probs := "–"
			if old, new, ok := m.probabilities(); ok {
				probs = fmt.Sprintf("%.0f %% → %.0f %%", 100*old, 100*new)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", shorten(m.file, 32), shorten(m.Target, 24), probs, verdict)
		}
		tw.Flush()
	}
	if problems > 0 {
		where := summaryName
		if s.Out != "" {
			where = filepath.Join(s.Out, summaryName)
		}
		fmt.Fprintf(ew, "\n%d input problems: see %s and the Problems sheet of each workbook\n",
			problems, where)
	}
	return ew.err
}

// verdictWords writes a verdict code in words: "insufficient data".
func verdictWords(v string) string { return strings.ReplaceAll(v, "_", " ") }

// verdictLine reads "12 targets: 5 achievable, 4 stretch, 3 unrealistic".
func verdictLine(t TargetReport) string {
	line := fmt.Sprintf("%d targets", t.Targets)
	if t.Targets == 1 {
		line = "1 target"
	}
	var parts []string
	known := map[string]bool{}
	for _, v := range []string{"achievable", "stretch", "unrealistic", "insufficient_data"} {
		known[v] = true
		if n := t.Verdicts[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, verdictWords(v)))
		}
	}
	var other []string
	for v := range t.Verdicts {
		if !known[v] && t.Verdicts[v] > 0 {
			other = append(other, v)
		}
	}
	sort.Strings(other)
	for _, v := range other {
		parts = append(parts, fmt.Sprintf("%d %s", t.Verdicts[v], v))
	}
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, ", ")
	}
	return line
}

// shorten cuts s to n runes with an ellipsis, on one line.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// errWriter keeps the first write error, so that a printer can check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
