package main

import (
	"errors"
	"github.com/urfave/cli/v2"
	"strings"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

func funnelCommand() *cli.Command {
	num := func(name, usage string) cli.Flag { return &cli.StringFlag{Name: name, Usage: usage} }
	return &cli.Command{
		Name:  "funnel",
		Usage: "reverse sales funnel: the deals, opportunities, meetings and contacts a target needs",
		Description: `Give one starting line (--revenue with --deal-size, --deals, or --meetings) and
   the rates needed for the lines below it. Rates may be written 0.25, 25% or 25 %.
   With --opportunities and --target-win-rate (and --win-rate, --deal-size) it also
   gives the effect of the win-rate lever (README, "smartplan funnel").`,
		Flags: []cli.Flag{
			num("revenue", "revenue target `R`"),
			num("deals", "deal count target `N`"),
			num("meetings", "meetings target `N`"),
			num("deal-size", "average deal size `D`"),
			num("win-rate", "win rate `W` (won / closed)"),
			num("opportunity-rate", "opportunities per meeting `O`"),
			num("meeting-rate", "meetings per positive response `M`"),
			num("response-rate", "positive responses per contact `Q`"),
			&cli.IntFlag{Name: "months", Usage: "period length in `K` months, for the monthly rate"},
			num("opportunities", "qualified opportunities `P`, for the win-rate lever"),
			num("target-win-rate", "target win rate `W2`, for the win-rate lever"),
			flagJSON, flagLang, flagCurrency,
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			vals := map[string]float64{}
			for _, name := range []string{"revenue", "deals", "meetings", "deal-size", "win-rate",
				"opportunity-rate", "meeting-rate", "response-rate", "opportunities", "target-win-rate"} {
				if !c.IsSet(name) {
					continue
				}
				v, err := flagNumber(name, c.String(name))
				if err != nil {
					return err
				}
				vals[name] = v
			}
			out, err := funnelReport(vals, c.Int("months"))
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return report.WriteFunnelJSON(c.App.Writer, out)
			}
			return report.WriteFunnelTable(c.App.Writer, out, report.Options{Lang: c.String("lang"), Currency: strings.ToUpper(strings.TrimSpace(c.String("currency")))})
		},
	}
}

// flagNumber parses a numeric flag with the importer's strict grammar, so
// "25 %", "0,25" and "1 200 000" mean what a finance user means.
func flagNumber(name, s string) (float64, error) {
	n, err := parse.ParseNumber(s)
	if err != nil {
		return 0, usagef("--%s: %v", name, err)
	}
	if n.Ambiguous {
		return 0, usagef("--%s %q is ambiguous (thousands or decimals?): write it without a separator", name, s)
	}
	if n.Value <= 0 {
		return 0, usagef("--%s %q: expected a positive number", name, s)
	}
	isRate := name == "win-rate" || name == "opportunity-rate" || name == "meeting-rate" ||
		name == "response-rate" || name == "target-win-rate"
	if isRate && n.Value > 1 {
		return 0, usagef("--%s %q: a rate is at most 100%%", name, s)
	}
	return n.Value, nil
}

// funnelReport runs the planner's reverse funnel on the given flags. The
// planner computes the lines the given rates reach; the others stay nil
// (null in JSON), never an invented value.
func funnelReport(v map[string]float64, months int) (report.FunnelReport, error) {
	var out report.FunnelReport
	_, lever := v["target-win-rate"]
	_, rev := v["revenue"]
	_, deals := v["deals"]
	_, meetings := v["meetings"]
	if rev || deals || meetings || !lever {
		f, err := planner.ReverseFunnel(planner.FunnelInput{
			Revenue: v["revenue"], Deals: v["deals"], Meetings: v["meetings"],
			DealSize: v["deal-size"], WinRate: v["win-rate"], Months: months,
			Rates: planner.FunnelRates{
				ResponseRate: v["response-rate"], MeetingRate: v["meeting-rate"], OpportunityRate: v["opportunity-rate"],
			},
		})
		if errors.Is(err, planner.ErrBadFunnel) {
			return out, usageError{err}
		}
		if err != nil {
			return out, err
		}
		out = report.NewFunnelReport(f)
	}
	if lever {
		p, w, d := v["opportunities"], v["win-rate"], v["deal-size"]
		if p == 0 || w == 0 || d == 0 {
			return out, usagef("--target-win-rate needs --opportunities, --win-rate and --deal-size")
		}
		ud, ur := planner.WinRateLever(p, d, w, v["target-win-rate"])
		out.UpliftDeals, out.UpliftRevenue = &ud, &ur
	}
	return out, nil
}
