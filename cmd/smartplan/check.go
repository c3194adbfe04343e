package main

import (
	"bytes"
	"fmt"
	"github.com/smartplan/smartplan/planner/locale"
	"io"
	"os"
	"path/filepath"

	"github.com/google/renameio/v2"
	"github.com/urfave/cli/v2"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
	"github.com/smartplan/smartplan/templates"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "validate input files and print every problem found (exit 1 on errors; with --strict, on warnings too)",
		ArgsUsage: "FILE...",
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "strict", Usage: "exit 1 on warnings too, not only on errors"},
		}, importFlags()...),
		Action: func(c *cli.Context) error {
			if c.Args().Len() == 0 {
				return usagef("check needs at least one FILE")
			}
			s, err := loadSettings(c)
			if err != nil {
				return err
			}
			if p := c.String("teams"); p != "" {
				m, _, _, err := importer.LoadLookup(p, "teams", s.imp)
				if err != nil {
					return err
				}
				s.imp.Teams = m
			}
			var all []planner.Problem
			var got checked
			w := c.App.Writer
			for _, path := range c.Args().Slice() {
				kind, probs, rows, kept, err := checkFile(path, s.imp, &got)
				if err != nil {
					all = append(all, planner.Problem{Position: planner.Position{File: path},
						Kind: "unreadable_file", Severity: planner.SeverityError, Message: err.Error()})
					fmt.Fprintf(w, "%s: error: %v\n", path, err)
					continue
				}
				all = append(all, probs...)
				if kept != rows {
					fmt.Fprintf(w, "%s: %s file, %d rows read, %d used, %d problems\n", path, kind, rows, kept, countProblems(probs))
				} else {
					fmt.Fprintf(w, "%s: %s file, %d rows, %d problems\n", path, kind, rows, countProblems(probs))
				}
			}
			if scope := got.scopeProblems(); len(scope) > 0 {
				fmt.Fprintf(w, "targets against the history: %d names not found\n", len(scope))
				all = append(all, scope...)
			}
			report.WriteProblems(w, all, 0)
			// Warnings alone do not fail: a Salesforce export always has
			// some (open deals with a close date). --strict makes them.
			total, errs := countProblems(all), countErrors(all)
			if errs > 0 || (c.Bool("strict") && total > 0) {
				return exitError{code: exitFailure, err: fmt.Errorf("%s found (%s)", locale.Counted("en", total, "problem", "problems"), locale.Counted("en", errs, "error", "errors"))}
			}
			if total > 0 {
				fmt.Fprintf(w, "%s found, no error (--strict makes warnings fail)\n", locale.Counted("en", total, "warning", "warnings"))
			}
			return nil
		},
	}
}

// checked is what check read, for the checks across files.
type checked struct {
	deals   []planner.Deal
	targets []planner.Target
	history bool
}

// scopeProblems checks the targets' team, segment and offer names against
// the histories, when check was given both.
func (c *checked) scopeProblems() []planner.Problem {
	if !c.history || len(c.targets) == 0 {
		return nil
	}
	return planner.ScopeProblems(c.targets, c.deals)
}

// checkFile classifies a file by its content and reads it with the right
// loader, keeping its deals and targets in got. rows counts the data rows
// read, kept the records that were used.
func checkFile(path string, opt importer.Options, got *checked) (kind importer.Kind, probs []planner.Problem, rows, kept int, err error) {
	kind, err = importer.Classify(path, opt)
	if err != nil {
		return kind, nil, 0, 0, err
	}
	switch kind {
	case importer.Kind("history"):
		h, err := importer.LoadHistory(path, opt)
		if err != nil {
			return kind, nil, 0, 0, err
		}
		got.deals, got.history = append(got.deals, h.Deals...), true
		return kind, h.Problems, max(h.File.Rows, len(h.Deals)), len(h.Deals), nil
	case importer.Kind("targets"):
		t, err := importer.LoadTargets(path, opt)
		if err != nil {
			return kind, nil, 0, 0, err
		}
		got.targets = append(got.targets, t.Targets...)
		return kind, t.Problems, len(t.Targets), len(t.Targets), nil
	case importer.Kind("activity"):
		a, err := importer.LoadActivity(path, opt)
		if err != nil {
			return kind, nil, 0, 0, err
		}
		return kind, a.Problems, len(a.Activity), len(a.Activity), nil
	case importer.Kind("teams"), importer.Kind("accounts"):
		m, probs, _, err := importer.LoadLookup(path, string(kind), opt)
		if err != nil {
			return kind, nil, 0, 0, err
		}
		return kind, probs, len(m), len(m), nil
	}
	return kind, nil, 0, 0, fmt.Errorf("cannot tell what this file holds: its headers match no history, targets, activity, teams or accounts layout")
}

// writeTemplates writes the blank input templates into dir.
func writeTemplates(dir, lang string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	names := map[string][2]string{
		"targets":  {"targets_template.xlsx", "modele_objectifs.xlsx"},
		"history":  {"history_template.xlsx", "modele_historique.xlsx"},
		"activity": {"activity_template.xlsx", "modele_activite.xlsx"},
	}
	var written []string
	for _, t := range []struct {
		kind  string
		write func(w io.Writer) error
	}{
		{"targets", func(w io.Writer) error { return templates.WriteTargetsTemplate(w, lang) }},
		{"history", func(w io.Writer) error { return templates.WriteHistoryTemplate(w, lang) }},
		{"activity", func(w io.Writer) error { return templates.WriteActivityTemplate(w, lang) }},
	} {
		name := names[t.kind][0]
		if lang == "fr" {
			name = names[t.kind][1]
		}
		path := filepath.Join(dir, name)
		if err := writeAtomic(path, t.write); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// writeAtomic renders into memory and replaces path atomically.
func writeAtomic(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := renameio.WriteFile(path, buf.Bytes(), 0o644, renameio.WithTempDir(filepath.Dir(path))); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// countProblems counts problems, summary lines for what they stand for.
// countErrors counts the problems of severity error.
func countErrors(ps []planner.Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == planner.SeverityError {
			n += p.Count()
		}
	}
	return n
}

func countProblems(ps []planner.Problem) int {
	n := 0
	for _, p := range ps {
		n += p.Count()
	}
	return n
}
