package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smartplan/smartplan/planner/ident"
)

// CompanyWords are the team names that mean the whole company: the
// template's drop-down offers "(company)" and "(entreprise)". They are
// compared folded, so "(Company)", "company" and "ENTREPRISE" are all the
// company. A bare word ("Company") stays a team when the history has a team
// of that name.
var CompanyWords = []string{"(company)", "(entreprise)", "(all)", "(tous)", "(total)", "company", "entreprise",
	"all", "tous", "toutes", "total", "whole company", "toute l'entreprise", "*"}

// genericSheets are sheet names that name no team: a targets workbook with
// a single sheet so named and a blank team column is company-wide.
var genericSheets = []string{"targets", "objectifs", "budget", "budgets", "quotas", "plan", "sheet", "feuil", "feuille"}

// nameIndex knows the team, segment and offer names of a history, folded,
// with one display spelling each; segments and offers per team, and for
// the company ("").
type nameIndex struct {
	teams    groupNames
	segments map[string]groupNames // per folded team, and "" for all teams
	offers   map[string]groupNames
}

func newNameIndex(deals []Deal) *nameIndex {
	ix := &nameIndex{teams: groupNames{}, segments: map[string]groupNames{"": {}}, offers: map[string]groupNames{"": {}}}
	type key struct{ t, s, o Name }
	seen := map[key]bool{}
	for i := range deals {
		d := &deals[i]
		k := key{d.Team, d.Segment, d.Offer}
		if seen[k] {
			continue
		}
		seen[k] = true
		t := fold(d.Team.String())
		if t != "" {
			ix.teams.add(d.Team.String())
		}
		add := func(m map[string]groupNames, name string) {
			if fold(name) == "" {
				return
			}
			for _, team := range []string{"", t} {
				if m[team] == nil {
					m[team] = groupNames{}
				}
				m[team].add(name)
			}
		}
		add(ix.segments, d.Segment.String())
		add(ix.offers, d.Offer.String())
	}
	return ix
}

func isCompanyWord(folded string) bool {
	return slices.ContainsFunc(CompanyWords, func(w string) bool { return fold(w) == folded })
}

func isGenericSheet(name string) bool {
	f := strings.TrimRight(fold(name), " 0123456789")
	return slices.Contains(genericSheets, f)
}

// companyScope reports whether a target's team means the whole company: a
// company word, or a team taken from a sheet name that is no team of the
// history while the history has no team at all or the sheet name is a
// generic one ("Targets", "Feuil1").
func (ix *nameIndex) companyScope(t Target) bool {
	team := fold(t.Team)
	if team == "" {
		return true
	}
	if _, known := ix.teams[team]; known {
		return false
	}
	if isCompanyWord(team) {
		return true
	}
	return t.TeamFromSheet && (len(ix.teams) == 0 || isGenericSheet(t.Team))
}

// resolve returns the target as the planner reads it: a company-wide
// target has a blank team.
func (ix *nameIndex) resolve(t Target) Target {
	if t.Team != "" && ix.companyScope(t) {
		t.Team, t.TeamFromSheet = "", false
	}
	return t
}

// problems returns a warning for each name of the (resolved) target that
// the history does not know, with the nearest known names.
func (ix *nameIndex) problems(t Target) []Problem {
	var out []Problem
	team := fold(t.Team)
	check := func(field, kind, given string, known groupNames) {
		f := fold(given)
		if f == "" || notAScope[strings.ToLower(strings.TrimSpace(given))] || notAScope[f] {
			return
		}
		if _, ok := known[f]; ok {
			return
		}
		names := make([]string, 0, len(known))
		for _, n := range known {
			names = append(names, n)
		}
		slices.Sort(names)
		p := Problem{Position: CellPosition(t, field), Kind: "unknown_" + field, Severity: SeverityWarning,
			Header: field, Value: given}
		near := ident.Nearest(given, names, 3)
		switch {
		case len(near) > 0:
			p.Expected = strings.Join(near, ", ")
			p.Message = fmt.Sprintf("target %s: %s %q is not in the history: did you mean %s?", t.ID, kind, given, quoteOr(near))
		case len(names) > 0 && len(names) <= 12:
			p.Expected = strings.Join(names, ", ")
			p.Message = fmt.Sprintf("target %s: %s %q is not in the history, which has %s.", t.ID, kind, given, quoteAnd(names))
		case len(names) > 0:
			p.Message = fmt.Sprintf("target %s: %s %q is not in the history (%d %ss there, none close to it).", t.ID, kind, given, len(names), kind)
		default:
			p.Message = fmt.Sprintf("target %s: %s %q is not in the history, which has no %s column.", t.ID, kind, given, kind)
		}
		if field == "team" {
			p.Message += ` For a company-wide target, write "(company)".`
		}
		out = append(out, p)
	}
	check("team", "team", t.Team, ix.teams)
	if _, ok := ix.teams[team]; ok || team == "" {
		check("segment", "segment", t.Segment, ix.segments[team])
		check("offer", "offer", t.Offer, ix.offers[team])
	}
	return out
}

// CellPosition locates a field of a target: its cell in a workbook, its
// column in a CSV, or its row.
func CellPosition(t Target, field string) Position {
	p := t.Source
	ref := t.Cells[field]
	if ref == "" {
		return p
	}
	if p.Sheet != "" {
		p.Ref = ref
		return p
	}
	col := 0
	for _, c := range ref {
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A') + 1
	}
	p.Col = col
	return p
}

func quoteOr(names []string) string  { return joinQuoted(names, " or ") }
func quoteAnd(names []string) string { return joinQuoted(names, " and ") }

func joinQuoted(names []string, last string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}

// ScopeProblems checks the team, segment and offer of every target against
// the history, as Build does: each name the history does not know is a
// warning located to its cell, with the nearest known names. Company words
// and blank teams are the company and need no check.
func ScopeProblems(targets []Target, deals []Deal) []Problem {
	ix := newNameIndex(deals)
	var out []Problem
	for _, t := range targets {
		out = append(out, ix.problems(ix.resolve(t))...)
	}
	return out
}
