package importer

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// A quota export (issue 11): the CRM's own targets, one row per owner and
// period start (Salesforce's Quota object: User.External_Id__c,
// OwnerName__c, StartDate__c, QuotaAmount__c).
const (
	fQuotaOwner   = "quota_owner"
	fQuotaOwnerID = "quota_owner_id"
	fQuotaStart   = "quota_start"
	fQuotaAmount  = "quota_amount"
)

var quotaSpec = map[string][]string{
	fQuotaOwnerID: {"user.external_id__c", "owner.external_id__c", "ownerid", "owner id", "user id", "userid"},
	fQuotaOwner:   {"ownername__c", "owner name", "owner", "user", "user name", "sales rep", "commercial", "propriétaire"},
	fQuotaStart:   {"startdate__c", "start date", "startdate", "period start", "start", "month", "mois", "début", "date de début"},
	fQuotaAmount:  {"quotaamount__c", "quota amount", "quotaamount", "quota", "amount", "montant", "objectif"},
}

// Quota is the kind of a quota export (planner.InputFile.Kind).
const Quota = "quota"

// QuotaPeriods are the periods LoadQuota aggregates a quota export into.
var QuotaPeriods = []string{"month", "quarter", "year"}

// LoadQuota reads a quota export as revenue targets: one per team (the
// owner's, from Options.Teams) and period (month, quarter or year, each
// holding the quotas that start in it). An owner the teams file does not
// know, a date or an amount that cannot be read are located errors, and the
// row is left out; the others are read.
func LoadQuota(path string, opt Options, period string) (*Targets, error) {
	if !slices.Contains(QuotaPeriods, period) {
		return nil, fmt.Errorf("quota period %q: want month, quarter or year", period)
	}
	return retry(path, func(opt Options) (*Targets, error) { return loadQuota(path, opt, period) }, opt)
}

func loadQuota(path string, opt Options, period string) (*Targets, error) {
	name := filepath.Base(path)
	initAliases()
	m := &mapper{aliases: quotaAliases, primary: func(string) (string, int, bool) { return "", 0, false }}
	o, err := openFor(path, opt, Quota, m, 2, false)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	ic, nc := h.colOf(fQuotaOwnerID), h.colOf(fQuotaOwner)
	sc, ac := h.colOf(fQuotaStart), h.colOf(fQuotaAmount)
	var missing []string
	if ic < 0 && nc < 0 {
		missing = append(missing, "owner")
	}
	if sc < 0 {
		missing = append(missing, "start")
	}
	if ac < 0 {
		missing = append(missing, "amount")
	}
	if len(missing) > 0 {
		return nil, fileErr(name, missingColumn(t, h, m, missing))
	}
	probs := newProblems()
	type key struct {
		team  string
		first time.Time
	}
	type agg struct {
		value  float64
		rows   int
		owners map[string]bool
		pos    planner.Position
	}
	sums := map[key]*agg{}
	rows := t.rows
	in.b.skipTo(h.index + 1)
	read := 0
	for rows.Next() {
		r := rows.Row()
		if isBlank(r) || isFooter(r) {
			continue
		}
		read++
		// the owner as the teams file knows them: the id, else the name
		owner, team, oc := "", "", nc
		for _, c := range []int{ic, nc} {
			if v := cellAt(r, c); c >= 0 && v != "" {
				if owner == "" {
					owner, oc = v, c
				}
				if tm, ok := lookupNorm(opt.Teams, v); ok {
					owner, team, oc = v, tm, c
					break
				}
			}
		}
		if owner == "" {
			probs.row(t, rows.CellLine(oc), oc, h.names[oc], ProblemMissingValue, planner.SeverityError, "", "an owner", "no owner; row left out")
			continue
		}
		if team == "" {
			probs.row(t, rows.CellLine(oc), oc, h.names[oc], ProblemUnknownOwner, planner.SeverityError, owner,
				"an owner listed in the teams file", fmtQuotaWithoutTeam, owner)
			continue
		}
		ds := cellAt(r, sc)
		day, err := readDateCell(t, rows, sc, ds, opt)
		if err != nil {
			probs.cell(t, rows.CellLine(sc), sc, h.names[sc], ProblemBadDate, planner.SeverityError, ds, err, "row left out")
			continue
		}
		as := cellAt(r, ac)
		n, err := parse.ParseNumber(as)
		if err == nil && n.Ambiguous {
			err = fmt.Errorf("ambiguous number %q", as)
		}
		if err != nil || n.Value < 0 || n.Percent || math.IsInf(n.Value, 0) {
			probs.row(t, rows.CellLine(ac), ac, h.names[ac], ProblemBadNumber, planner.SeverityError, as, "an amount of 0 or more",
				"not a quota amount; row left out")
			continue
		}
		first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		switch period {
		case "quarter":
			first = first.AddDate(0, -int(first.Month()-1)%3, 0)
		case "year":
			first = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		k := key{team, first}
		a := sums[k]
		if a == nil {
			a = &agg{owners: map[string]bool{}, pos: t.pos(rows.Line(), -1)}
			sums[k] = a
		}
		a.value += n.Value
		a.rows++
		a.owners[owner] = true
	}
	if err := o.finishTable(name, rows.Err(), probs, len(sums), "no quota with an owner in the teams file"); err != nil {
		return nil, err
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.team, b.team); c != 0 {
			return c
		}
		return a.first.Compare(b.first)
	})
	months := map[string]int{"month": 1, "quarter": 3, "year": 12}[period]
	out := &Targets{File: o.file}
	for _, k := range keys {
		a := sums[k]
		label := k.first.Format("2006-01")
		switch period {
		case "quarter":
			label = fmt.Sprintf("%d-Q%d", k.first.Year(), int(k.first.Month()-1)/3+1)
		case "year":
			label = k.first.Format("2006")
		}
		out.Targets = append(out.Targets, planner.Target{
			ID: "Q " + k.team + " " + label, Team: k.team, Metric: planner.Revenue, Value: a.value, HasValue: true,
			Start: k.first, Deadline: k.first.AddDate(0, months, -1), MonthlyBreakdown: a.rows > len(a.owners),
			Rationale: fmt.Sprintf("quota of %d owners", len(a.owners)), Source: a.pos,
		})
	}
	out.File.Rows = read
	out.Problems = probs.finish(name)
	return out, nil
}
