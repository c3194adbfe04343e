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
		Description: `For each group and each period in [--from, --to), place the planner at the period's
   start with only the history known then, ask for the probability of reaching 0.8, 1.0
   and 1.2 times what the group actually won, and compare with what happened.`,
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "history", Required: true, Usage: "history `FILE` (XLSX or CSV), repeatable"},
			&cli.StringFlag{Name: "by", Value: "owner", Usage: "group by `team` or owner"},
			&cli.StringFlag{Name: "period", Value: "quarter", Usage: "`quarter` or month"},
			&cli.StringFlag{Name: "from", Required: true, Usage: "first period starts on or after `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "to", Required: true, Usage: "last period starts before `YYYY-MM-DD`"},
			&cli.StringFlag{Name: "basis", Value: "actual", Usage: "targets are multiples of what each group `actual`ly won in the period, or of what it won in the period before (history: set in advance, as a manager does)"},
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
			if by != "team" && by != "owner" {
				return usagef("--by %q: expected team or owner", by)
			}
			if period != "quarter" && period != "month" {
				return usagef("--period %q: expected quarter or month", period)
			}
			var dates [2]time.Time
			for i, name := range []string{"from", "to"} {
				t, err := time.Parse("2006-01-02", c.String(name))
				if err != nil {
					return usagef("--%s %q: expected a date as YYYY-MM-DD", name, c.String(name))
				}
				dates[i] = t
			}
			if !dates[0].Before(dates[1]) {
				return usagef("--from must be before --to")
			}
			in := pipeline.Inputs{History: c.StringSlice("history"), Teams: c.String("teams"), Accounts: c.String("accounts")}
			pin, err := pipeline.Load(c.Context, in, s.imp, false)
			if err != nil {
				return err
			}
			res, err := planner.Backtest(pin.Deals, planner.BacktestOptions{
				By: by, Period: period, Basis: c.String("basis"), From: dates[0], To: dates[1],
				Runs: c.Int("runs"), Seed: c.Int64("seed"), WindowMonths: s.planner.WindowMonths,
			})
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return report.WriteBacktestJSON(c.App.Writer, res)
			}
			return report.WriteBacktestTable(c.App.Writer, res, reportOptions(s, ""))
		},
	}
}
