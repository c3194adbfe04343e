package importer

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/smartplan/smartplan/planner"
)

// Salesforce's Task and Event exports as activity (issue 11): calls and
// emails are contacts, events meetings, per team (the owners' roles in
// User.csv) and month; checked against counts made here from the CSVs.
func TestActivityExportSFWave(t *testing.T) {
	users := realData(t, "sf-wave-sales/User.csv")
	teams, _, _, err := LoadLookup(users, LookupTeams, Options{LookupColumns: map[string]string{"owner": "Name", "team": "UserRole.Name"}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(rel string) []map[string]string {
		f, err := os.Open(realData(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]string
		for _, r := range rows[1:] {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	role := map[string]string{}
	for _, u := range read("sf-wave-sales/User.csv") {
		role[u["External_Id__c"]] = u["UserRole.Name"]
	}
	for _, c := range []struct {
		file, field string
		count       func(map[string]string) bool
	}{
		{"sf-wave-sales/Task.csv", "contacts", func(r map[string]string) bool { return r["TaskSubtype"] == "Call" || r["TaskSubtype"] == "Email" }},
		{"sf-wave-sales/Event.csv", "meetings", func(r map[string]string) bool { return true }},
	} {
		want := map[string]float64{}
		for _, r := range read(c.file) {
			if c.count(r) {
				want[role[r["Owner.External_Id__c"]]+" "+r["ActivityDate"][:7]]++
			}
		}
		a, err := LoadActivity(realData(t, c.file), Options{Teams: teams})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, x := range a.Activity {
			v := x.Contacts
			if c.field == "meetings" {
				v = x.Meetings
			}
			if v > 0 {
				got[x.Team+" "+x.Month.String()] = v
			}
		}
		if len(got) != len(want) || len(want) == 0 {
			t.Errorf("%s: %d team-months, want %d", c.file, len(got), len(want))
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %s %s = %v, want %v", c.file, k, c.field, got[k], w)
			}
		}
	}
}

// A generic activity export (type and date): calls and emails are
// contacts, meetings meetings, to-dos left out; an owner without a team is
// reported.
func TestActivityExportGeneric(t *testing.T) {
	data := "Activity type,Owner,Due date\nCall,Ann,2026-01-05\nEmail,Ann,2026-01-20\nMeeting,Ann,2026-01-21\nTo-do,Ann,2026-01-22\nCall,Zed,2026-01-05\nCall,Ann,2026-02-01\n"
	a, err := LoadActivity(writeFile(t, "activities.csv", []byte(data)), Options{Teams: map[string]string{"Ann": "North"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.Activity{{Team: "North", Month: planner.Month{Year: 2026, Month: 1}, Contacts: 2, Responses: -1, Meetings: 1, Opportunities: -1},
		{Team: "North", Month: planner.Month{Year: 2026, Month: 2}, Contacts: 1, Responses: -1, Meetings: -1, Opportunities: -1}}
	if len(a.Activity) != 2 || a.Activity[0] != want[0] || a.Activity[1] != want[1] {
		t.Errorf("activity = %+v, want %+v", a.Activity, want)
	}
	if len(a.Problems) != 1 || a.Problems[0].Kind != ProblemUnknownOwner || !strings.Contains(a.Problems[0].Message, "Zed") {
		t.Errorf("problems = %+v", a.Problems)
	}
}
