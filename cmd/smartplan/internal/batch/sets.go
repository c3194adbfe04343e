package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A targets file's report set (plan.xlsx, plan.pdf, plan.json) changes as
// a whole. The job writes the new set into a fresh folder of the staging
// area, OUT/.smartplan-sets/new-<dir>; the switch then swaps it with
// OUT/<dir> in one rename (renameat2 RENAME_EXCHANGE on Linux), so that a
// reader, or a run killed at any moment, sees the whole old set or the
// whole new one, never a mix. The old set, now in the staging area, is
// removed after the switch. Where the exchange is not supported, the old
// folder is first moved aside to old-<dir>: a kill between the two renames
// leaves OUT/<dir> missing, and the next run puts the old set back
// (recoverSets). Files and folders of the user's in OUT/<dir> are moved
// into the new set after the switch.
const setsDir = ".smartplan-sets"

// errNoExchange says that the file system cannot swap two folders in one
// rename (exchangeFolders).
var errNoExchange = errors.New("atomic exchange not supported")

// exchange swaps two folders in one rename, or fails with errNoExchange
// (a variable, so that a test can take the other path).
var exchange = exchangeFolders

// ourOutput reports whether name is a file that a report set holds: the
// formats smartplan writes. Anything else in a report folder is the user's.
func ourOutput(name string) bool { return isReport(name) || staleTemp.MatchString(name) }

// isReport reports whether name is one of a set's reports.
func isReport(name string) bool {
	switch name {
	case "plan.xlsx", "plan.pdf", "plan.json":
		return true
	}
	return false
}

// The staging area's folders: a new set being written for report folder
// dir is newSet+dir, an old set moved aside is oldSet+dir.
const (
	newSet = "new-"
	oldSet = "old-"
)

// staging is the staging area's folder prefix+dir.
func staging(out, prefix, dir string) string { return filepath.Join(out, setsDir, prefix+dir) }

// stageSet returns a fresh, empty staging folder for report folder dir.
func stageSet(out, dir string) (string, error) {
	p := staging(out, newSet, dir)
	if err := os.RemoveAll(p); err != nil {
		return "", fmt.Errorf("clear staging folder: %w", err)
	}
	if err := os.MkdirAll(p, 0o755); err != nil {
		return "", fmt.Errorf("create staging folder: %w", err)
	}
	return p, nil
}

// switchSet makes the staged set the report folder dir's, in one rename,
// then moves the user's files of the old set into it and removes the old
// set. step is called after each rename (tests kill the run there). It
// reports whether the new set is in place: once it is, a later error
// (a sync, a file of the user's that could not be moved) leaves the old
// set in the staging area, where the next run's recoverSets finishes.
func switchSet(out, dir string, step func(string)) (switched bool, err error) {
	staged, final := staging(out, newSet, dir), filepath.Join(out, dir)
	if err := syncDir(staged); err != nil {
		return false, err
	}
	if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(staged, final); err != nil {
			return false, fmt.Errorf("switch report set: %w", err)
		}
		step("switched")
		return true, syncDir(out)
	}
	old := staged // where the old set is once switched
	switch err := exchange(staged, final); {
	case err == nil:
		step("switched")
	case errors.Is(err, errNoExchange):
		old = staging(out, oldSet, dir)
		if err := os.RemoveAll(old); err != nil {
			return false, err
		}
		if err := os.Rename(final, old); err != nil {
			return false, fmt.Errorf("switch report set: %w", err)
		}
		step("moved aside")
		if err := os.Rename(staged, final); err != nil {
			// put the old set back: the folder must not stay missing
			if rerr := os.Rename(old, final); rerr != nil {
				return false, fmt.Errorf("switch report set: %w (and the old set stays in %s: %v)", err, old, rerr)
			}
			return false, fmt.Errorf("switch report set: %w", err)
		}
		step("switched")
	default:
		return false, fmt.Errorf("switch report set: %w", err)
	}
	if err := syncDir(out); err != nil {
		return true, err
	}
	if err := moveUserEntries(old, final); err != nil {
		return true, err
	}
	step("user files kept")
	return true, os.RemoveAll(old)
}

// moveUserEntries moves the entries of from that are not report outputs
// (the user's files and folders) into to, unless to has them already.
func moveUserEntries(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("read old report set: %w", err)
	}
	for _, e := range entries {
		if ourOutput(e.Name()) {
			continue
		}
		dst := filepath.Join(to, e.Name())
		if _, err := os.Lstat(dst); err == nil {
			continue
		}
		if err := os.Rename(filepath.Join(from, e.Name()), dst); err != nil {
			return fmt.Errorf("keep %s: %w", e.Name(), err)
		}
	}
	return nil
}

// recoverSets finishes what a killed run left in the staging area: an old
// set moved aside whose folder is missing goes back whole; from any other
// folder there (a set never switched, an old set not yet removed) the
// user's files go back to their report folder, and the rest is removed.
// It returns the report folders it put back.
func recoverSets(out string) ([]string, error) {
	area := filepath.Join(out, setsDir)
	entries, err := os.ReadDir(area)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var restored []string
	for _, e := range entries {
		dir, wasOld := strings.CutPrefix(e.Name(), oldSet)
		if !wasOld {
			dir, _ = strings.CutPrefix(e.Name(), newSet)
		}
		from, final := filepath.Join(area, e.Name()), filepath.Join(out, dir)
		if _, err := os.Lstat(final); errors.Is(err, fs.ErrNotExist) {
			if !wasOld {
				continue // a set never switched, for a folder never made
			}
			if err := os.Rename(from, final); err != nil {
				return restored, err
			}
			restored = append(restored, dir)
			continue
		}
		if e.IsDir() {
			if err := moveUserEntries(from, final); err != nil {
				return restored, err
			}
		}
	}
	return restored, os.RemoveAll(area)
}

// syncDir flushes a folder's entries to disk, so that a rename in it
// survives a power cut.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// setDigest identifies the report set in dir: the SHA-256 of the names
// and the contents of its reports (plan.xlsx, plan.pdf, plan.json), in
// name order. It is empty when dir holds no report.
func setDigest(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	h := sha256.New()
	n := 0
	for _, e := range entries { // ReadDir sorts by name
		if !e.Type().IsRegular() || !isReport(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return ""
		}
		sum := sha256.Sum256(b)
		fmt.Fprintf(h, "%s\x00%x\x00", e.Name(), sum)
		n++
	}
	if n == 0 {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
