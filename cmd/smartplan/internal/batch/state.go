package batch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"time"

	"github.com/google/renameio/v2"
)

// stateFormat is the version of the state file's layout; a state file of
// another version is ignored (everything reruns once).
const stateFormat = 2

// state is what OUT/.smartplan-state.json remembers of the last successful
// run of each targets file.
type state struct {
	Format  int                    `json:"format"`
	Targets map[string]*stateEntry `json:"targets"` // by targets file name
}

// stateEntry is the fingerprint of one targets file's last successful run.
type stateEntry struct {
	Inputs  map[string]string `json:"inputs"`            // file name -> sha256 of every input used
	Config  string            `json:"config"`            // sha256 of the configuration
	Version string            `json:"smartplan_version"` // the version that produced the reports
	AsOf    string            `json:"as_of"`
	RunAt   time.Time         `json:"run_at"`
	Dir     string            `json:"dir"`
	Outputs []string          `json:"outputs"` // relative to OUT
	// Problems are the input problems the run found, listed again in
	// batch.json by the runs that skip it.
	Problems []fileProblems `json:"problems,omitempty"`
}

// same reports whether e was produced from the same inputs, configuration
// and version as o.
func (e *stateEntry) same(o *stateEntry) bool {
	return e != nil && o != nil && e.Config == o.Config && e.Version == o.Version &&
		e.Dir == o.Dir && maps.Equal(e.Inputs, o.Inputs)
}

// previousHash returns the content file had in the most recent run that
// used it, "" when none did.
func (st *state) previousHash(file string) string {
	var best *stateEntry
	for _, e := range st.Targets {
		if _, ok := e.Inputs[file]; ok && (best == nil || e.RunAt.After(best.RunAt)) {
			best = e
		}
	}
	if best == nil {
		return ""
	}
	return best.Inputs[file]
}

// loadState reads the state file. A missing file is an empty state; an
// unreadable or foreign one is reported through warn and treated as empty,
// which only costs a full rerun.
func loadState(out string, warn func(msg string, args ...any)) *state {
	st := &state{Format: stateFormat, Targets: map[string]*stateEntry{}}
	path := filepath.Join(out, stateName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st
	}
	var read state
	if err == nil {
		err = json.Unmarshal(b, &read)
	}
	if err == nil && read.Format != stateFormat {
		err = fmt.Errorf("format %d, expected %d", read.Format, stateFormat)
	}
	if err != nil {
		warn("state file ignored, every targets file will be rebuilt", "file", path, "error", err.Error())
		return st
	}
	for k, e := range read.Targets {
		if e != nil {
			st.Targets[k] = e
		}
	}
	return st
}

// save writes the state file atomically.
func (st *state) save(out string) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	path := filepath.Join(out, stateName)
	if err := renameio.WriteFile(path, append(b, '\n'), 0o644, renameio.WithTempDir(out)); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	return nil
}
