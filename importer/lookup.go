package importer

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// Lookup kinds for LoadLookup.
const (
	LookupTeams    = "teams"
	LookupAccounts = "accounts"
)

func lookupMapper(opt Options, kind string) *mapper {
	initAliases()
	fields := []string{fOwner, fTeam}
	if kind == LookupAccounts {
		fields = []string{fAccount, fSegment}
	}
	return &mapper{aliases: lookupAliases, overrides: overridesFor(opt.Columns, fields)}
}

// LoadLookup reads a two-column mapping. Kind "teams" maps owner to team
// and also accepts Maven's sales_teams.csv, where the team is the
// regional_office or the manager: a column named team (équipe) is
// preferred, then regional_office (region), then manager. Kind "accounts"
// maps account to segment, from a segment column or else a sector
// (industry, secteur) column. Keys are kept as written; blank keys or
// values are reported and skipped.
func LoadLookup(path, kind string, opt Options) (map[string]string, []planner.Problem, planner.InputFile, error) {
	type result struct {
		m     map[string]string
		probs []planner.Problem
		file  planner.InputFile
	}
	r, err := retry(func(opt Options) (result, error) {
		m, p, f, err := loadLookup(path, kind, opt)
		return result{m, p, f}, err
	}, opt)
	return r.m, r.probs, r.file, err
}

func loadLookup(path, kind string, opt Options) (map[string]string, []planner.Problem, planner.InputFile, error) {
	name := filepath.Base(path)
	var keyField string
	var valueFields []string
	switch kind {
	case LookupTeams:
		keyField, valueFields = fOwner, []string{fTeam, fTeamRegion, fTeamManager}
	case LookupAccounts:
		keyField, valueFields = fAccount, []string{fSegment, fSector}
	default:
		return nil, nil, planner.InputFile{}, fileErrf(name, ErrUnknownKind, "%q (want teams or accounts)", kind)
	}
	m := lookupMapper(opt, kind)
	o, err := openFor(path, opt, kind, m, 1, false)
	if err != nil {
		return nil, nil, planner.InputFile{}, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	kc := h.colOf(keyField)
	vc, vf := -1, ""
	for _, f := range valueFields {
		if c := h.colOf(f); c >= 0 {
			vc, vf = c, f
			break
		}
	}
	var missing []string
	if kc < 0 {
		missing = append(missing, keyField)
	}
	if vc < 0 {
		missing = append(missing, valueFields[0])
	}
	if len(missing) > 0 {
		return nil, nil, o.file, fileErr(name, missingColumn(t, h, m, missing))
	}
	_ = vf
	probs := newProblems()
	out := map[string]string{}
	firstLine := map[string]int{}
	rows := t.rows
	in.b.skipTo(h.index + 1)
	read := 0
	for rows.Next() {
		row := rows.Row()
		if isBlank(row) || isFooter(row) {
			continue
		}
		read++
		k, v := cellAt(row, kc), cellAt(row, vc)
		switch {
		case k == "":
			probs.row(t, rows.CellLine(kc), kc, h.names[kc], ProblemMissingValue, planner.SeverityError, "", "a "+keyField,
				"no %s; row left out", keyField)
			continue
		case v == "":
			probs.row(t, rows.CellLine(vc), vc, h.names[vc], ProblemMissingValue, planner.SeverityError, "", "a value for "+k,
				"no value for %q; row left out", k)
			continue
		}
		if old, dup := out[k]; dup {
			if old != v {
				probs.row(t, rows.CellLine(kc), kc, h.names[kc], ProblemDuplicateKey, planner.SeverityWarning, k, "one row per "+keyField,
					"%q is mapped again, to %q (row %d maps it to %q): the first is kept", k, v, firstLine[k], old)
			}
			continue
		}
		out[strings.Clone(k)] = strings.Clone(v)
		firstLine[k] = rows.Line()
	}
	if err := rows.Err(); err != nil {
		return nil, nil, o.file, fileErr(name, err)
	}
	if err := o.verify(); err != nil {
		return nil, nil, o.file, err
	}
	if len(out) == 0 {
		return nil, nil, o.file, fileErr(name, fmt.Errorf("%w: no %s with a value", ErrNoRows, keyField))
	}
	o.file.Rows = read
	return out, probs.finish(name), o.file, nil
}
