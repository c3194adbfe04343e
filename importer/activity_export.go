package importer

import (
	"cmp"
	"slices"
	"strings"

	"github.com/smartplan/smartplan/planner"
)

// A CRM activity export (issue 11): one row per call, email, task, event or
// meeting, with its owner and date (Salesforce's Task and Event objects,
// HubSpot's and Pipedrive's activity exports). Calls and emails count as
// contacts, events and meetings as meetings, per team (the owner's, from
// Options.Teams, or a team column) and month; other kinds (a to-do task)
// are not prospecting and are left out.
const (
	fActOwner   = "act_owner"
	fActTeam    = "act_team"
	fActDate    = "act_date"
	fActKind    = "act_kind"
	fActEvent   = "act_event" // a column only an events export has
	fActCreated = "act_created"
)

var activityExportSpec = map[string][]string{
	fActOwner: {"owner.external_id__c", "ownerid", "owner id", "owner", "owner name", "assigned to", "activity assigned to",
		"user", "propriétaire", "attribué à", "activity owner"},
	fActTeam:    {"team", "équipe", "sales team"},
	fActDate:    {"activitydate", "activity date", "due date", "date", "date de l'activité", "activity due date", "done time"},
	fActCreated: {"createddate__c", "createddate", "created date", "create date", "date de création"},
	fActKind:    {"tasksubtype", "eventsubtype", "type", "activity type", "type d'activité", "engagement type", "subtype"},
	fActEvent:   {"durationinminutes", "activitydatetime", "eventsubtype", "start time", "meeting outcome"},
}

// activityKind says what an activity export's row counts as: "contact",
// "meeting" or "" (not prospecting).
func activityKind(kind string, events bool) string {
	switch k := strings.ToLower(strings.TrimSpace(kind)); {
	case strings.Contains(k, "call"), strings.Contains(k, "email"), strings.Contains(k, "e-mail"), strings.Contains(k, "appel"),
		strings.Contains(k, "linkedin"), strings.Contains(k, "sms"):
		return "contact"
	case strings.Contains(k, "meeting"), strings.Contains(k, "event"), strings.Contains(k, "rendez"), strings.Contains(k, "réunion"),
		strings.Contains(k, "lunch"), strings.Contains(k, "demo"):
		return "meeting"
	case k == "" && events:
		return "meeting"
	}
	return ""
}

// loadActivityExport reads a CRM activity export into monthly volumes.
func loadActivityExport(path string, opt Options) (*ActivityFile, error) {
	initAliases()
	m := &mapper{aliases: activityExportAliases, primary: func(string) (string, int, bool) { return "", 0, false }}
	o, err := openFor(path, opt, "activity", m, 2, false)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	oc, tc, dc, kc := h.colOf(fActOwner), h.colOf(fActTeam), h.colOf(fActDate), h.colOf(fActKind)
	if dc < 0 {
		dc = h.colOf(fActCreated)
	}
	events := h.colOf(fActEvent) >= 0
	var missing []string
	if oc < 0 && tc < 0 {
		missing = append(missing, "owner or team")
	}
	if dc < 0 {
		missing = append(missing, "date")
	}
	if kc < 0 && !events {
		missing = append(missing, "activity type")
	}
	if len(missing) > 0 {
		return nil, fileErr(t.file, missingColumn(t, h, m, missing))
	}
	probs := newProblems()
	type key struct {
		team  string
		month planner.Month
	}
	counts := map[key]*[2]float64{} // contacts, meetings
	unknown := map[string]bool{}
	rows := t.rows
	in.b.skipTo(h.index + 1)
	read := 0
	for rows.Next() {
		r := rows.Row()
		if isBlank(r) || isFooter(r) {
			continue
		}
		read++
		what := activityKind(cellAt(r, kc), events)
		if what == "" {
			continue
		}
		team := cellAt(r, tc)
		if owner := cellAt(r, oc); team == "" && owner != "" {
			if tm, ok := lookupNorm(opt.Teams, owner); ok {
				team = tm
			} else if !unknown[owner] {
				unknown[owner] = true
				probs.row(t, rows.CellLine(oc), oc, h.names[oc], ProblemUnknownOwner, planner.SeverityWarning, owner,
					"an owner listed in the teams file", fmtUnknownOwnerAct, owner)
			}
		}
		if team == "" {
			continue
		}
		ds := cellAt(r, dc)
		day, err := readDateCell(t, rows, dc, ds, opt)
		if err != nil {
			probs.cell(t, rows.CellLine(dc), dc, h.names[dc], ProblemBadDate, planner.SeverityError, ds, err, "row left out")
			continue
		}
		k := key{strings.Clone(team), planner.MonthOf(day)}
		c := counts[k]
		if c == nil {
			c = &[2]float64{}
			counts[k] = c
		}
		if what == "contact" {
			c[0]++
		} else {
			c[1]++
		}
	}
	if err := o.finishTable(t.file, rows.Err(), probs, len(counts), "no call, email or meeting with a team and a date (--teams maps owners to teams)"); err != nil {
		return nil, err
	}
	out := &ActivityFile{File: o.file}
	for k, c := range counts {
		a := planner.Activity{Team: k.team, Month: k.month, Contacts: -1, Responses: -1, Meetings: -1, Opportunities: -1}
		if c[0] > 0 {
			a.Contacts = c[0]
		}
		if c[1] > 0 {
			a.Meetings = c[1]
		}
		out.Activity = append(out.Activity, a)
	}
	slices.SortFunc(out.Activity, func(a, b planner.Activity) int {
		return cmp.Or(strings.Compare(a.Team, b.Team), cmp.Compare(a.Month.Year, b.Month.Year), cmp.Compare(a.Month.Month, b.Month.Month))
	})
	out.File.Rows = read
	out.Problems = probs.finish(t.file)
	return out, nil
}
