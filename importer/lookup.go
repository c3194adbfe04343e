package importer

import (
	"path/filepath"
	"strings"

	"github.com/smartplan/smartplan/importer/parse"
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
	// The owner and team headers a history understands ("Attribué à",
	// "Owner Name") name the same columns in a teams file.
	shared := map[string]string{parse.FieldOwner: fOwner, parse.FieldTeam: fTeam}
	if kind == LookupAccounts {
		shared = map[string]string{parse.FieldAccount: fAccount, parse.FieldSegment: fSegment}
	}
	return &mapper{aliases: lookupAliases, overrides: overridesFor(opt.LookupColumns, fields),
		primary: func(h string) (string, int, bool) {
			if _, ok := lookupAliases[normKey(h)]; ok {
				return "", 0, false // the lookup's own alias decides
			}
			f, ok := parse.Field(h)
			if g, shared := shared[f]; ok && shared {
				return g, 100 - parse.FieldPriority(h), true
			}
			return "", 0, false
		}}
}

// LoadLookup reads a two-column mapping. Kind "teams" maps owner to team
// and also accepts Maven's sales_teams.csv, where the team is the
// regional_office or the manager: a column named team (équipe) is
// preferred, then regional_office (region), then manager. Kind "accounts"
// maps account to segment, from a segment column or else a sector
// (industry, secteur) column. Keys are kept as written; blank keys or
// values are reported and skipped. A user export (Salesforce User.csv)
// serves as a teams file: its role (UserRole.Name) is the team, and both
// its Name and its External_Id__c are keys, since a history's owner column
// holds one or the other. Options.LookupColumns chooses other columns.
func LoadLookup(path, kind string, opt Options) (map[string]string, []planner.Problem, planner.InputFile, error) {
	type result struct {
		m     map[string]string
		probs []planner.Problem
		file  planner.InputFile
	}
	r, err := retry(path, func(opt Options) (result, error) {
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
	// a second key column: a user export's id beside the name
	ic := -1
	if kind == LookupTeams {
		if c := h.colOf(fOwnerID); c >= 0 && c != kc {
			ic = c
		}
	}
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
		keys := [][2]int{{kc, 0}}
		if ic >= 0 && cellAt(row, ic) != "" && cellAt(row, ic) != k {
			keys = append(keys, [2]int{ic, 0})
		}
		for _, kk := range keys {
			c := kk[0]
			k := cellAt(row, c)
			if old, dup := out[k]; dup {
				if old != v {
					probs.row(t, rows.CellLine(c), c, h.names[c], ProblemDuplicateKey, planner.SeverityWarning, k, "one row per "+keyField,
						"%q is mapped again, to %q (row %d maps it to %q): the first is kept", k, v, firstLine[k], old)
				}
				continue
			}
			out[strings.Clone(k)] = strings.Clone(v)
			firstLine[k] = rows.Line()
		}
	}
	if err := o.finishTable(name, rows.Err(), probs, len(out), "no "+keyField+" with a value"); err != nil {
		return nil, nil, o.file, err
	}
	o.file.Rows = read
	return out, probs.finish(name), o.file, nil
}
