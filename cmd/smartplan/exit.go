package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
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

// exitCodeText says what each exit code means, for the help texts.
var exitCodeText = map[int]string{
	exitOK:      "done",
	exitFailure: "input or runtime error",
	exitUsage:   "usage error (unknown flag, missing or misplaced argument)",
	exitPartial: "some inputs or targets files failed; the others were produced",
	exitLocked:  "another run is working on the same output folder",
}

// commandHelp is what a command's --help adds after its options: examples,
// the README section that explains the method, and only the exit codes the
// command can return.
type commandHelp struct {
	examples []string
	readme   string // the README section
	codes    []int
	failure  string // what exit 1 means for this command, when not the usual
}

// usualCodes are the exit codes of every command but batch and version.
var usualCodes = []int{exitOK, exitFailure, exitUsage}

var commandHelps = map[string]commandHelp{
	"plan": {examples: []string{
		"smartplan plan --history crm-export.xlsx --targets budget-2027.xlsx --as-of 2026-12-31 --out reports/",
		"smartplan plan --history deals-2025.csv --history deals-2026.csv --targets budget.csv --teams users.csv --currency EUR --lang fr",
	}, readme: `"smartplan plan: the main job"`, codes: usualCodes},
	"ratios": {examples: []string{
		"smartplan ratios --history crm-export.xlsx --as-of 2026-11-30",
		"smartplan ratios --history crm-export.xlsx --by team,offer --csv > ratios.csv",
	}, readme: `"smartplan ratios"`, codes: usualCodes},
	"funnel": {examples: []string{
		"smartplan funnel --revenue 1200000 --deal-size 20000 --win-rate 25% --months 12",
		"smartplan funnel --opportunities 300 --deal-size 18000 --win-rate 22% --target-win-rate 30%",
	}, readme: `"smartplan funnel: the reverse funnel"`, codes: usualCodes},
	"check": {examples: []string{
		"smartplan check crm-export.xlsx budget-2027.xlsx",
		"smartplan check --strict exports/*.csv",
	}, readme: `"smartplan check FILE..."`, codes: usualCodes,
		failure: "errors were found (with --strict, warnings too), or a file could not be read"},
	"template": {examples: []string{
		"smartplan template --out templates/",
		"smartplan template --out modeles/ --lang fr",
	}, readme: `"smartplan template --out DIR [--lang en|fr]"`, codes: usualCodes},
	"backtest": {examples: []string{
		"smartplan backtest --history crm-export.xlsx --teams sales_teams.csv",
		"smartplan backtest --history crm-export.xlsx --by owner --from 2017-04-01 --to 2017-12-31 --json",
	}, readme: `"smartplan backtest: how far to trust the percentages"`, codes: usualCodes},
	"batch": {examples: []string{
		"smartplan batch --in /srv/finance/drop --out /srv/finance/reports",
		"smartplan batch --in drop/ --out reports/ --config smartplan.yaml --log-format json",
	}, readme: `"smartplan batch"`, codes: append(slices.Clone(usualCodes), exitPartial, exitLocked),
		failure: "nothing could be done (no targets file, every targets file failed, an error)"},
	"version": {examples: []string{"smartplan version"}, codes: []int{exitOK}},
}

// helpText returns the sections a command's help ends with; for "" (the
// application), every exit code with the commands that use them.
func helpText(command string) string {
	var b strings.Builder
	if command == "" {
		b.WriteString("EXAMPLES:\n   smartplan template --out templates/\n" +
			"   smartplan plan --history crm-export.xlsx --targets budget-2027.xlsx --as-of 2026-12-31\n" +
			"   smartplan COMMAND --help\n\nThe method (ratios, SMART checks, reverse funnel, probability) is explained in README.md.\n\n")
		b.WriteString("EXIT CODES:\n")
		for _, code := range []int{exitOK, exitFailure, exitUsage, exitPartial, exitLocked} {
			text := exitCodeText[code]
			switch code {
			case exitFailure:
				text += " (check: errors were found, or warnings with --strict)"
			case exitPartial, exitLocked:
				text = "batch: " + text
			}
			fmt.Fprintf(&b, "   %-3d %s\n", code, text)
		}
		return b.String()
	}
	h := commandHelps[command]
	b.WriteString("EXAMPLES:\n")
	for _, e := range h.examples {
		fmt.Fprintf(&b, "   %s\n", e)
	}
	if h.readme != "" {
		fmt.Fprintf(&b, "\nMore, and the method, in README.md, section %s.\n", h.readme)
	}
	b.WriteString("\nEXIT CODES:\n")
	for _, code := range h.codes {
		text := exitCodeText[code]
		if code == exitFailure && h.failure != "" {
			text = h.failure
		}
		fmt.Fprintf(&b, "   %-3d %s\n", code, text)
	}
	return b.String()
}

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
