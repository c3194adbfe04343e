package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/batch"
)

// Exit codes, listed in the help text and the README.
const (
	exitOK      = 0
	exitFailure = 1  // input or runtime error; `check` found errors (or warnings, --strict)
	exitUsage   = 2  // bad flags or arguments
	exitPartial = 4  // batch: some inputs failed, the others were produced
	exitLocked  = 75 // batch: another run holds the folder's lock (EX_TEMPFAIL)
)

const exitCodesHelp = `EXIT CODES:
   0   done
   1   input or runtime error (for check: errors were found, or warnings with --strict)
   2   usage error (unknown flag, missing or misplaced argument)
   4   batch: some inputs failed; the others were produced
   75  batch: another run is working on the same output folder`

// usageError marks an error as the user's misuse of the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitError carries an exit code chosen by a command (check, batch) along
// with an optional message.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e exitError) Unwrap() error { return e.err }

// exitCode maps an error to the process exit code and prints it. It is the
// one place where errors become exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "smartplan:", plainText(ee.err.Error()))
		}
		return ee.code
	}
	if errors.Is(err, batch.ErrLocked) {
		fmt.Fprintln(stderr, "smartplan:", plainText(err.Error()))
		return exitLocked
	}
	var ue usageError
	// urfave/cli reports a missing required flag with an unexported error
	// type that bypasses OnUsageError; its message is the only handle.
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "Required flag") {
		fmt.Fprintln(stderr, "smartplan:", plainText(err.Error()))
		fmt.Fprintln(stderr, "Run 'smartplan --help' or 'smartplan COMMAND --help' for usage.")
		return exitUsage
	}
	fmt.Fprintln(stderr, "smartplan:", plainText(err.Error()))
	return exitFailure
}
