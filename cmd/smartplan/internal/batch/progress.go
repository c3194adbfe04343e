package batch

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// NewLogger returns a logger writing one line per event to w: "text" (or
// "plain", or "") gives key=value lines, "json" one JSON object per line
// for log collectors.
func NewLogger(w io.Writer, format string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	switch strings.ToLower(format) {
	case "", "text", "plain":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("unknown log format %q (expected text or json)", format)
}

// IsTerminal reports whether w is a terminal (a *os.File on a tty).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// isTerminal is IsTerminal; tests replace it.
var isTerminal = IsTerminal

// events sends the run's events to the logger, or, when the progress
// writer is a terminal, to a progress bar: there, routine events only
// describe the bar, and warnings are logged over it.
type events struct {
	log      Logger
	progress io.Writer // nil: no bar
	bar      *progressbar.ProgressBar
}

func newEvents(opt *Options) *events {
	e := &events{log: opt.Log}
	if opt.Progress != nil && isTerminal(opt.Progress) {
		e.progress = opt.Progress
	}
	return e
}

// start shows the bar for total targets files, when there is a terminal.
func (e *events) start(total int) {
	if e.progress == nil || total == 0 {
		return
	}
	e.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(e.progress),
		progressbar.OptionSetDescription("smartplan batch"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	)
}

// info is a routine event: a line in the log, or the bar's description.
func (e *events) info(msg string, args ...any) {
	if e.bar != nil {
		e.bar.Describe(describe(msg, args))
	}
	if e.progress != nil {
		return
	}
	if e.log != nil {
		e.log.Info(msg, args...)
	}
}

// warn is an event someone should read: it always goes to the log, with
// the bar cleared first so that the line stays readable.
func (e *events) warn(msg string, args ...any) {
	if e.bar != nil {
		e.bar.Clear()
	}
	if e.log != nil {
		e.log.Warn(msg, args...)
	}
}

// step advances the bar by one targets file.
func (e *events) step() {
	if e.bar != nil {
		e.bar.Add(1)
	}
}

// done removes the bar.
func (e *events) done() {
	if e.bar != nil {
		e.bar.Finish()
		e.bar.Clear()
	}
}

// describe renders an event as the bar's description: the message and the
// file it concerns.
func describe(msg string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == "file" {
			return fmt.Sprintf("%s %v", msg, args[i+1])
		}
	}
	return msg
}
