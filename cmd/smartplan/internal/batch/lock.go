package batch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
	"github.com/google/renameio/v2"
)

// Names of the files the package keeps in the output folder.
const (
	lockName    = ".smartplan.lock"
	infoName    = ".smartplan.lock.info"
	stateName   = ".smartplan-state.json"
	summaryName = "batch.json"
)

// lockInfo is written beside the lock by its holder, so that a second run
// can say who holds it.
type lockInfo struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host,omitempty"`
	Started time.Time `json:"started"`
}

// folderLock is a held lock on an output folder.
type folderLock struct {
	fl   *flock.Flock
	info string
}

// lockFolder takes the lock of the output folder without waiting. When
// another run holds it, the error is a *LockedError naming the holder's
// start time.
func lockFolder(out string, now time.Time) (*folderLock, error) {
	path := filepath.Join(out, lockName)
	// Readable by all: another account (an administrator running the job
	// by hand) must be able to open the lock to find it taken.
	fl := flock.New(path, flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	info := filepath.Join(out, infoName)
	if !ok {
		le := &LockedError{Lock: path}
		if b, err := os.ReadFile(info); err == nil {
			var li lockInfo
			if json.Unmarshal(b, &li) == nil {
				le.Since, le.PID, le.Host = li.Started, li.PID, li.Host
			}
		}
		return nil, le
	}
	host, _ := os.Hostname()
	b, err := json.Marshal(lockInfo{PID: os.Getpid(), Host: host, Started: now.UTC()})
	if err == nil {
		err = renameio.WriteFile(info, append(b, '\n'), 0o644, renameio.WithTempDir(out))
	}
	if err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("write %s: %w", info, err)
	}
	return &folderLock{fl: fl, info: info}, nil
}

// unlock removes the holder's information, then releases the lock: in this
// order, a run that takes the lock next never has its information removed.
func (l *folderLock) unlock() error {
	os.Remove(l.info)
	return l.fl.Unlock()
}
