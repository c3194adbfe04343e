package main

import (
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/batch"
	"github.com/smartplan/smartplan/cmd/smartplan/internal/pipeline"
)

func batchCommand() *cli.Command {
	return &cli.Command{
		Name:  "batch",
		Usage: "plan every targets file dropped into a folder, unattended (for cron or a systemd timer)",
		Description: `Classifies every file of --in by its content, and writes one report set per
   targets file into --out/<targets file name>/, plus --out/batch.json. Unchanged
   inputs are skipped unless --force; one run at a time per output folder.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "in", Required: true, Usage: "input `DIR` that finance drops files into"},
			&cli.StringFlag{Name: "out", Required: true, Usage: "output `DIR` (reports, batch.json, state)"},
			&cli.DurationFlag{Name: "settle", Value: 30 * time.Second, Usage: "skip files modified within `DURATION` (still being written)"},
			&cli.BoolFlag{Name: "force", Usage: "rebuild every report, even with unchanged inputs"},
			&cli.BoolFlag{Name: "follow-symlinks", Usage: "read files that symbolic links in --in point to outside it (refused otherwise)"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "`FORMAT` of the log lines on stderr: text or json"},
			&cli.StringFlag{Name: "phasing", Value: "flat", Usage: "monthly `PHASING`: flat or seasonal"},
			flagConfig, flagAsOf, flagWindow, flagFormat, flagLang, flagSeed, flagRuns, flagCurrency, flagTrack,
			flagSheet, flagColumn, flagDateOrder, flagLocale, flagTwoDigit,
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			s, err := loadSettings(c)
			if err != nil {
				return err
			}
			formats, err := parseFormats(c.String("format"))
			if err != nil {
				return err
			}
			logger, err := batch.NewLogger(c.App.ErrWriter, c.String("log-format"))
			if err != nil {
				return usageError{err}
			}
			st := pipeline.Settings{
				AsOf: s.asOf, AsOfDefault: !s.asOfGiven, Import: s.imp, Planner: s.planner,
				Report: reportOptions(s, ""), Formats: formats,
			}
			var progress = c.App.ErrWriter
			// The bar takes the routine events: only for people at a
			// terminal, never when a log collector reads JSON lines.
			if f, ok := progress.(*os.File); !ok || !batch.IsTerminal(f) || c.String("log-format") == "json" {
				progress = nil
			}
			opt := batch.Options{
				In: c.String("in"), Out: c.String("out"), Settle: c.Duration("settle"),
				Force: c.Bool("force"), FollowSymlinks: c.Bool("follow-symlinks"), Now: time.Now,
				AsOf: s.asOf, AsOfGiven: c.IsSet("as-of"), ConfigFile: c.String("config"),
				Fingerprint: batch.Fingerprint(st), Version: version,
				Run: batch.PipelineRunner(st), Classify: batch.ImporterClassifier(s.imp),
				Log: logger, Progress: progress,
			}
			sum, runErr := batch.Run(c.Context, opt)
			if runErr == nil || sum.AsOf != "" {
				if err := batch.PrintSummary(c.App.Writer, sum); err != nil {
					return err
				}
			}
			if code := batch.ExitCode(sum, runErr); code != exitOK {
				return exitError{code: code, err: runErr}
			}
			return nil
		},
	}
}
