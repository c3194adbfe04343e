package batch

import (
	"errors"
	"fmt"
	"time"
)

// ErrLocked is returned (wrapped in a *LockedError) when another run holds
// the output folder's lock.
var ErrLocked = errors.New("another smartplan batch run is working on this output folder")

// ErrUsage marks a misuse of Options: a missing folder, the same folder for
// input and output.
var ErrUsage = errors.New("usage")

// ErrNothingToDo is returned when the input folder holds no usable targets
// file: there is nothing to plan.
var ErrNothingToDo = errors.New("nothing to do")

// A LockedError says who holds the lock of an output folder. Since is zero
// when the holder's information could not be read.
type LockedError struct {
	Lock  string // path of the lock file
	Since time.Time
	PID   int
	Host  string
}

func (e *LockedError) Error() string {
	msg := fmt.Sprintf("%v (%s)", ErrLocked, e.Lock)
	if !e.Since.IsZero() {
		msg += fmt.Sprintf(": started %s", e.Since.UTC().Format("2006-01-02 15:04:05 UTC"))
		if e.PID > 0 {
			msg += fmt.Sprintf(" by process %d", e.PID)
			if e.Host != "" {
				msg += " on " + e.Host
			}
		}
	}
	return msg
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// usageError wraps a message so that errors.Is(err, ErrUsage) holds while
// the message stays the user's.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return ErrUsage }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}
