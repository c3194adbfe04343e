package main

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/pipeline"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

func backtestCommand() *cli.Command {
	return &cli.Command{
		Name:  "backtest",
		Usage: "prove the probabilities on your own history: predicted against observed, with Brier scores",
		Description: `Rolling origin: for each group and each period with history before it (or each period
   starting in [--from, --to)), plan as of the day before the period with only what was known
   then, for revenue targets of 0.5, 0.75, 1, 1.25 and 1.5 times the group's trailing average
   per period, and compare with what happened. Scores (Brier, log loss, lower is better) are
   given beside three naive forecasters: a constant, the base rate of the same multiple in
   the other periods, and a normal around the trailing monthly revenue. --basis actual
   (multiples of what was really won) is kept only to compare with earlier results.`,
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "history", Required: true, Usage: "history `FILE` (XLSX or CSV), repeatable"},
			&cli.StringFlag{Name: "by", Value: "both", Usage: "`LEVELS` scored: team, owner or both"},
			&cli.StringFlag{Name: "period", Value: "quarter", Usage: "`PERIOD` forecast: quarter or month"},
			&cli.StringFlag{Name: "from", Usage: "first period starts on or after `YYYY-MM-DD` (default: the first with history before it)"},
			&cli.StringFlag{Name: "to", Usage: "periods end by `YYYY-MM-DD` (default: the end of the history)"},
			&cli.StringFlag{Name: "basis", Value: "trailing", Usage: "`BASIS` of the targets: multiples of the trailing average known the day before (trailing), of the period before (history), or of what was really won (actual: unfair, for comparison only)"},
			&cli.IntFlag{Name: "runs", Value: 2000, Usage: "Monte Carlo `RUNS` per case"},
			flagSeed, flagWindow, flagJSON, flagCurrency,
		}, importFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			s, err := loadSettings(c)
			if err != nil {
				return err
			}
			by, period := c.String("by"), c.String("period")
			levels := []string{by}
			switch by {
			case "both":
				levels = []string{"team", "owner"}
			case "team", "owner":
			default:
				return usagef("--by %q: expected team, owner or both", by)
			}
			basis := c.String("basis")
			if basis != "trailing" && basis != "history" && basis != "actual" {
				return usagef("--basis %q: expected trailing, history or actual", basis)
			}
			if period != "quarter" && period != "month" {
				return usagef("--period %q: expected quarter or month", period)
			}
			var dates [2]time.Time
			for i, name := range []string{"from", "to"} {
				if c.String(name) == "" {
					if basis != "trailing" {
						return usagef("--%s is required with --basis %s", name, basis)
					}
					continue
				}
				t, err := time.Parse("2006-01-02", c.String(name))
				if err != nil {
					return usagef("--%s %q: expected a date as YYYY-MM-DD", name, c.String(name))
				}
				dates[i] = t
			}
			if !dates[0].IsZero() && !dates[1].IsZero() && !dates[0].Before(dates[1]) {
				return usagef("--from must be before --to")
			}
			in := pipeline.Inputs{History: c.StringSlice("history"), Teams: c.String("teams"), Accounts: c.String("accounts"),
				FX: c.String("fx")}
			pin, err := pipeline.Load(c.Context, in, s.imp, false)
			if err != nil {
				return err
			}
			// Every case is a revenue target: amounts in several
			// currencies would score wrong figures.
			if err := planner.CheckOneCurrency(pin.Deals); err != nil {
				return err
			}
			for _, level := range levels {
				res, err := planner.Backtest(pin.Deals, planner.BacktestOptions{
					By: level, Period: period, Basis: basis, From: dates[0], To: dates[1],
					Runs: c.Int("runs"), Seed: c.Int64("seed"), WindowMonths: s.planner.WindowMonths,
				})
				if err != nil {
					return err
				}
				if c.Bool("json") {
					err = report.WriteBacktestJSON(c.App.Writer, res)
				} else {
					err = report.WriteBacktestTable(c.App.Writer, res, reportOptions(s, ""))
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
}
