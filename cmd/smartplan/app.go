package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/pipeline"
	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
	"github.com/smartplan/smartplan/templates"
)

// run is main without os.Exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(plainWriter{stdout}, stderr)
	err := app.RunContext(context.Background(), reorderArgs(app, args))
	return exitCode(err, stderr)
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                      "smartplan",
		Usage:                     "check sales targets against the CRM history and turn them into phased plans",
		Version:                   version,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		HideHelpCommand:           true,
		DisableSliceFlagSeparator: true, // file names may hold commas
		Suggest:                   true,
		// Errors become exit codes in exitCode, after deferred cleanup;
		// cli.Exit must never call os.Exit behind our back.
		ExitErrHandler: func(*cli.Context, error) {},
		CommandNotFound: func(c *cli.Context, name string) {
			fmt.Fprintf(c.App.ErrWriter, "smartplan: unknown command %q\n", name)
		},
		OnUsageError: onUsageError,
		Commands: []*cli.Command{
			planCommand(), ratiosCommand(), funnelCommand(), checkCommand(),
			templateCommand(), backtestCommand(), batchCommand(), versionCommand(),
		},
	}
	app.CustomAppHelpTemplate = cli.AppHelpTemplate + "\n" + helpText("")
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
		c.CustomHelpTemplate = cli.CommandHelpTemplate + "\n" + helpText(c.Name)
	}
	return app
}

func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

// noArgs rejects stray positional arguments, the usual sign of a second file
// given without repeating its flag.
func noArgs(c *cli.Context) error {
	if c.Args().Len() > 0 {
		return usagef("unexpected argument %q: give each file with its own flag (--history a.csv --history b.csv)", c.Args().First())
	}
	return nil
}

// Shared flags.
var (
	flagConfig    = &cli.StringFlag{Name: "config", Usage: "YAML configuration `FILE` (columns, status, thresholds, priorities, assumptions)"}
	flagAsOf      = &cli.StringFlag{Name: "as-of", Usage: "plan as of `YYYY-MM-DD` (default: today); the same inputs and date give the same outputs"}
	flagWindow    = &cli.IntFlag{Name: "window", Value: 12, Usage: "history window in `MONTHS` before the as-of date"}
	flagTeams     = &cli.StringFlag{Name: "teams", Usage: "owner-to-team mapping `FILE` (columns owner, team)"}
	flagAccounts  = &cli.StringFlag{Name: "accounts", Usage: "account-to-segment mapping `FILE` (columns account, segment)"}
	flagSheet     = &cli.StringFlag{Name: "sheet", Usage: "read this `SHEET` of each workbook (hidden sheets only when named)"}
	flagColumn    = &cli.StringSliceFlag{Name: "column", Usage: "map a field of the history, targets or activity to a header, `field=Header` (repeatable)"}
	flagTeamsCol  = &cli.StringSliceFlag{Name: "teams-column", Usage: "choose the columns of the --teams file, `owner=Header,team=Header` (a Salesforce User export: owner=Name,team=UserRole.Name)"}
	flagDateOrder = &cli.StringFlag{Name: "date-order", Usage: "`ORDER` of day and month when a column does not prove it: dmy or mdy"}
	flagLocale    = &cli.StringFlag{Name: "locale", Usage: "number `LOCALE` when a value is ambiguous (1,234): fr or en"}
	flagTwoDigit  = &cli.BoolFlag{Name: "two-digit-years", Usage: "accept dates such as 02/03/24 (00-29 are 2000-2029, 30-99 are 1930-1999)"}
	flagLang      = &cli.StringFlag{Name: "lang", Value: "en", Usage: "report `LANGUAGE`: en or fr"}
	flagSeed      = &cli.Int64Flag{Name: "seed", Value: 1, Usage: "`SEED` of the Monte Carlo simulation"}
	flagRuns      = &cli.IntFlag{Name: "runs", Value: 10000, Usage: "Monte Carlo `RUNS` per target"}
	flagFormat    = &cli.StringFlag{Name: "format", Value: "xlsx,pdf,json", Usage: "report `FORMATS`, comma-separated: xlsx, pdf, json"}
	flagJSON      = &cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}
	flagTrack     = &cli.BoolFlag{Name: "track-record", Value: true, Usage: "score the probabilities on the history's own last eight quarters and show that track record (--track-record=false skips it)"}
	flagMarket    = &cli.StringFlag{Name: "market", Usage: "addressable-market `FILE` (columns segment, accounts; optionally offer, contacts per account): new-customers targets are checked against the accounts not yet won"}
	flagFX        = &cli.StringFlag{Name: "fx", Usage: "exchange-rate `FILE` (columns currency, rate: the value of one unit in the reporting currency; optionally from and to, or month): every amount is converted into the reporting currency"}
	flagCurrency  = &cli.StringFlag{Name: "currency", Usage: "ISO `CODE` of the amounts (EUR, USD, GBP…); without it, the history's currency column or amount symbols, else amounts have no symbol"}
)

func importFlags() []cli.Flag {
	return []cli.Flag{flagTeams, flagTeamsCol, flagAccounts, flagConfig, flagSheet, flagColumn, flagDateOrder, flagLocale, flagTwoDigit}
}

// settings are the options shared by the commands, merged from the config
// file and the flags (flags win).
type settings struct {
	cfg       *importer.Config
	asOf      time.Time
	asOfGiven bool // --as-of was given; else asOf is today
	imp       importer.Options
	planner   planner.Options
	lang      string
}

func loadSettings(c *cli.Context) (*settings, error) {
	s := &settings{cfg: &importer.Config{}}
	if p := c.String("config"); p != "" {
		cfg, err := importer.LoadConfig(p)
		if err != nil {
			return nil, err
		}
		s.cfg = cfg
	}
	cfg := s.cfg
	s.asOf = today()
	if v := c.String("as-of"); v != "" {
		s.asOfGiven = true
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			return nil, usagef("--as-of %q: expected a date as YYYY-MM-DD", v)
		}
		s.asOf = t
	}
	s.imp = importer.Options{
		Sheet: c.String("sheet"), Columns: map[string]string{}, Status: cfg.Status,
		DateOrder: pick(c, "date-order", cfg.DateOrder), Locale: pick(c, "locale", cfg.Locale),
		MaxBytes: cfg.MaxBytes, MaxLineBytes: cfg.MaxLineBytes, MaxFieldBytes: cfg.MaxFieldBytes,
		TwoDigitYears: cfg.TwoDigitYears || c.Bool("two-digit-years"),
		Budget:        cfg.Budget(), Context: c.Context,
	}
	for k, v := range cfg.Columns {
		s.imp.Columns[k] = v
	}
	for _, kv := range c.StringSlice("column") {
		field, header, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(header) == "" {
			return nil, usagef("--column %q: expected field=Header", kv)
		}
		s.imp.Columns[strings.TrimSpace(field)] = strings.TrimSpace(header)
	}
	lookupCols, err := teamsColumns(cfg.TeamsColumns, c.StringSlice("teams-column"))
	if err != nil {
		return nil, err
	}
	s.imp.LookupColumns = lookupCols
	switch s.imp.DateOrder {
	case "", "dmy", "mdy":
	default:
		return nil, usagef("--date-order %q: expected dmy or mdy", s.imp.DateOrder)
	}
	// Every shared flag is checked here, once, for every command that
	// takes it.
	if p := c.String("phasing"); p != "" && p != "flat" && p != "seasonal" {
		return nil, usagef("--phasing %q: expected flat or seasonal", p)
	}
	switch s.imp.Locale {
	case "", "fr", "en":
	default:
		return nil, usagef("--locale %q: expected fr or en", s.imp.Locale)
	}
	cur, err := currencyCode(pick(c, "currency", cfg.Currency))
	if err != nil {
		return nil, err
	}
	cfg.Currency = cur
	s.imp.Currency, s.imp.AsOf = cur, s.asOf
	s.lang = pick(c, "lang", cfg.Lang)
	if s.lang == "" {
		s.lang = "en"
	}
	if s.lang != "en" && s.lang != "fr" {
		return nil, usagef("--lang %q: expected en or fr", s.lang)
	}
	window := cfg.WindowMonths
	if c.IsSet("window") {
		window = c.Int("window")
	} else if window == 0 {
		window = 12
	}
	if window < 1 || window > 120 {
		return nil, usagef("--window %d: expected a number of months from 1 to 120", window)
	}
	s.planner = planner.Options{
		AsOf: s.asOf, WindowMonths: window, Seed: c.Int64("seed"), Runs: c.Int("runs"),
		Lang: s.lang, Phasing: c.String("phasing"),
		AchievableAt: cfg.Thresholds.Achievable, UnrealisticBelow: cfg.Thresholds.Unrealistic, MarketShare: cfg.Thresholds.Market,
		Assumptions: planner.FunnelRates{
			ResponseRate: cfg.Assumptions.ResponseRate, MeetingRate: cfg.Assumptions.MeetingRate,
			OpportunityRate: cfg.Assumptions.OpportunityRate,
		},
		Priorities:  cfg.Priorities,
		Sentence:    templates.Sentence,
		Currency:    cfg.Currency,
		TrackRecord: c.Bool("track-record"),
	}
	return s, nil
}

// currencyCode checks an ISO 4217 code (three letters), upper-cased; ""
// stays "" (the history decides).
func currencyCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if c == "" {
		return "", nil
	}
	if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", usagef("--currency %q: expected an ISO currency code such as EUR, USD or GBP", s)
	}
	return c, nil
}

// teamsColumns merges the --teams file's column choices of the config and
// of --teams-column (which wins); the fields are owner and team.
func teamsColumns(fromConfig map[string]string, flags []string) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range fromConfig {
		out[strings.ToLower(strings.TrimSpace(k))] = v
	}
	var pairs []string
	for _, f := range flags {
		pairs = append(pairs, strings.Split(f, ",")...)
	}
	for _, kv := range pairs {
		field, header, ok := strings.Cut(kv, "=")
		field, header = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(header)
		if !ok || header == "" {
			return nil, usagef("--teams-column %q: expected owner=Header or team=Header", kv)
		}
		if field != "owner" && field != "team" {
			return nil, usagef("--teams-column %q: unknown field %q (expected owner or team)", kv, field)
		}
		out[field] = header
	}
	return out, nil
}

// pick returns the flag's value when it was set, else the config's, else
// the flag's default.
func pick(c *cli.Context, flag, fromConfig string) string {
	if c.IsSet(flag) || fromConfig == "" {
		return c.String(flag)
	}
	return fromConfig
}

// today is the default as-of date: the only place smartplan reads the clock.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func parseFormats(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		switch f {
		case "":
			continue
		case "xlsx", "pdf", "json":
		default:
			return nil, usagef("--format %q: expected xlsx, pdf or json", f)
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--format is empty: expected xlsx, pdf or json")
	}
	return out, nil
}

func reportOptions(s *settings, title string) report.Options {
	return report.Options{Lang: s.lang, Title: title, Currency: s.cfg.Currency, Version: version}
}

func planCommand() *cli.Command {
	return &cli.Command{
		Name:  "plan",
		Usage: "check every target against the history and write the plan (XLSX, PDF, JSON)",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "history", Required: true, Usage: "history `FILE` (XLSX or CSV), repeatable"},
			&cli.StringSliceFlag{Name: "targets", Usage: "targets `FILE` (XLSX or CSV), repeatable; required unless --quota is given"},
			&cli.StringFlag{Name: "quota", Usage: "a CRM quota export `FILE` (owner, start, amount: Salesforce's Quota object) read as revenue targets per team (owners' teams from --teams) and --quota-period"},
			&cli.StringFlag{Name: "quota-period", Value: "quarter", Usage: "the `PERIOD` of the targets a --quota export makes: month, quarter or year"},
			&cli.StringSliceFlag{Name: "activity", Usage: "activity `FILE` (contacts, responses, meetings per team and month), repeatable"},
			&cli.StringFlag{Name: "out", Value: "out", Usage: "output `DIR`"},
			&cli.StringFlag{Name: "title", Usage: "report `TITLE` (company name)"},
			&cli.StringFlag{Name: "phasing", Value: "flat", Usage: "monthly `PHASING`: flat or seasonal"},
			flagAsOf, flagWindow, flagFormat, flagLang, flagSeed, flagRuns, flagCurrency, flagFX, flagMarket, flagTrack,
		}, importFlags()...),
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
			in := pipeline.Inputs{
				History: c.StringSlice("history"), Targets: c.StringSlice("targets"),
				Activity: c.StringSlice("activity"), Teams: c.String("teams"), Accounts: c.String("accounts"),
				FX: c.String("fx"), Market: c.String("market"), Quota: c.String("quota"), QuotaPeriod: c.String("quota-period"),
			}
			if len(in.Targets) == 0 && in.Quota == "" {
				return usagef("give a targets file (--targets FILE) or a quota export (--quota FILE)")
			}
			if !slices.Contains(importer.QuotaPeriods, in.QuotaPeriod) {
				return usagef("--quota-period %q: expected month, quarter or year", in.QuotaPeriod)
			}
			st := pipeline.Settings{
				AsOf: s.asOf, AsOfDefault: !s.asOfGiven, Import: s.imp, Planner: s.planner,
				Report: reportOptions(s, c.String("title")), Formats: formats, OutDir: c.String("out"),
			}
			res, err := pipeline.Run(c.Context, in, st)
			if err != nil {
				return err
			}
			w := c.App.Writer
			if err := report.WriteSummaryTable(w, res.Plan, st.Report); err != nil {
				return err
			}
			workbook := ""
			for _, p := range res.Outputs {
				if strings.HasSuffix(p, ".xlsx") {
					workbook = p
				}
			}
			report.WriteProblemCounts(w, res.Plan.Problems, st.Report, workbook)
			for _, p := range res.Outputs {
				fmt.Fprintln(w, report.Wrote(s.lang, p))
			}
			return nil
		},
	}
}

func ratiosCommand() *cli.Command {
	return &cli.Command{
		Name:  "ratios",
		Usage: "print the ratios of the history (win rate, deal size, cycle, opportunity flow) per group",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "history", Required: true, Usage: "history `FILE` (XLSX or CSV), repeatable"},
			&cli.StringSliceFlag{Name: "activity", Usage: "activity `FILE`, repeatable"},
			&cli.StringFlag{Name: "by", Value: "team", Usage: "group by `KEYS`, comma-separated: team, segment, offer, owner"},
			&cli.BoolFlag{Name: "csv", Usage: "print CSV instead of a table (exact numbers, for a spreadsheet)"},
			flagAsOf, flagWindow, flagJSON, flagCurrency, flagFX,
		}, importFlags()...),
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			if c.Bool("json") && c.Bool("csv") {
				return usagef("give --json or --csv, not both")
			}
			s, err := loadSettings(c)
			if err != nil {
				return err
			}
			var by []string
			for _, k := range strings.Split(c.String("by"), ",") {
				switch k = strings.ToLower(strings.TrimSpace(k)); k {
				case "team", "segment", "offer", "owner":
					by = append(by, k)
				case "":
				default:
					return usagef("--by %q: expected team, segment, offer or owner", k)
				}
			}
			in := pipeline.Inputs{History: c.StringSlice("history"), Activity: c.StringSlice("activity"),
				Teams: c.String("teams"), Accounts: c.String("accounts"), FX: c.String("fx")}
			pin, err := pipeline.Load(c.Context, in, s.imp, false)
			if err != nil {
				return err
			}
			if !s.asOfGiven {
				if err := planner.CheckDefaultAsOf(pin.Deals, s.asOf, s.planner.WindowMonths); err != nil {
					return err
				}
			}
			var probs []planner.Problem
			pin.Deals, probs = planner.OneCurrency(pin.Deals)
			for _, p := range probs {
				fmt.Fprintln(c.App.ErrWriter, "smartplan: "+p.Message)
			}
			ratios := planner.ComputeRatios(pin.Deals, pin.Activity, by, s.planner)
			for _, p := range planner.AsOfProblems(pin.Deals, s.asOf, "") {
				fmt.Fprintln(c.App.ErrWriter, p.Message)
			}
			ro := reportOptions(s, "")
			ro.Currency = planner.ReportingCurrency(pin.Deals, s.cfg.Currency)
			if ro.Currency == "" {
				fmt.Fprintln(c.App.ErrWriter, planner.NoCurrencyNote)
			}
			switch {
			case c.Bool("json"):
				return report.WriteRatiosJSON(c.App.Writer, s.asOf, s.planner.WindowMonths, by, ratios)
			case c.Bool("csv"):
				return report.WriteRatiosCSV(c.App.Writer, by, ratios)
			}
			if err := report.WriteRatiosTable(c.App.Writer, s.asOf, s.planner.WindowMonths, by, ratios, ro); err != nil {
				return err
			}
			report.WriteProblemCounts(c.App.ErrWriter, pin.Problems, ro, "")
			return nil
		},
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintln(c.App.Writer, "smartplan", version)
			return err
		},
	}
}

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "write blank input templates (targets, history, activity workbooks)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Required: true, Usage: "output `DIR`"},
			flagLang,
		},
		Action: func(c *cli.Context) error {
			if err := noArgs(c); err != nil {
				return err
			}
			lang := c.String("lang")
			if lang != "en" && lang != "fr" {
				return usagef("--lang %q: expected en or fr", lang)
			}
			paths, err := writeTemplates(c.String("out"), lang)
			for _, p := range paths {
				fmt.Fprintln(c.App.Writer, report.Wrote(lang, p))
			}
			return err
		},
	}
}
