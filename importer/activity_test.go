package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"
)

func TestParseMonthText(t *testing.T) {
	tests := []struct {
		in   string
		want planner.Month
		ok   bool
	}{
		{"2026-03", planner.Month{Year: 2026, Month: 3}, true},
		{"2026/3", planner.Month{Year: 2026, Month: 3}, true},
		{"03/2026", planner.Month{Year: 2026, Month: 3}, true},
		{"mars 2026", planner.Month{Year: 2026, Month: 3}, true},
		{"Mars 2026", planner.Month{Year: 2026, Month: 3}, true},
		{"March 2026", planner.Month{Year: 2026, Month: 3}, true},
		{"déc. 2026", planner.Month{Year: 2026, Month: 12}, true},
		{"févr 2026", planner.Month{Year: 2026, Month: 2}, true},
		{"13/2026", planner.Month{}, false},
		{"2026-13", planner.Month{}, false},
		{"03/26", planner.Month{}, false},
		{"2026", planner.Month{}, false},
	}
	for _, tt := range tests {
		got, err := parseMonthText(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseMonthText(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestLoadActivity(t *testing.T) {
	data := "Équipe;Mois;Contacts;Réponses positives;Rendez-vous\n" +
		"Nord;2026-01;1 200;120;40\n" +
		"Nord;févr. 2026;1 100;;38\n" +
		"Nord;01/03/2026;900;90;30\n" +
		"Sud;13/2026;5;5;5\n" +
		"Sud;2026-01;x;5;5\n" +
		"Nord;2026-01;1;1;1\n"
	a, err := LoadActivity(writeFile(t, "activity.csv", []byte(data)), Options{Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.Activity{
		{Team: "Nord", Month: planner.Month{Year: 2026, Month: 1}, Contacts: 1200, Responses: 120, Meetings: 40, Opportunities: -1},
		{Team: "Nord", Month: planner.Month{Year: 2026, Month: 2}, Contacts: 1100, Responses: -1, Meetings: 38, Opportunities: -1},
		{Team: "Nord", Month: planner.Month{Year: 2026, Month: 3}, Contacts: 900, Responses: 90, Meetings: 30, Opportunities: -1},
		{Team: "Nord", Month: planner.Month{Year: 2026, Month: 1}, Contacts: 1, Responses: 1, Meetings: 1, Opportunities: -1},
	}
	if len(a.Activity) != len(want) {
		t.Fatalf("activity = %+v %s", a.Activity, dumpProblems(a.Problems))
	}
	for i := range want {
		if a.Activity[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, a.Activity[i], want[i])
		}
	}
	k := kinds(a.Problems)
	if k[ProblemBadMonth] != 1 || k[ProblemBadNumber] != 1 || k[ProblemDuplicateKey] != 1 || k[ProblemDateOrderAssumed] != 1 {
		t.Errorf("problems: %s", dumpProblems(a.Problems))
	}
	if p := findProblem(t, a.Problems, ProblemBadMonth); p.Row != 5 || p.Col != 2 {
		t.Errorf("bad month at %d:%d", p.Row, p.Col)
	}
}

func TestLoadActivityWorkbookDates(t *testing.T) {
	p := buildXLSX(t, "act.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{
			{"team", "month", "contacts", "responses", "meetings", "opportunities"},
			{"North", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), 100, 10, 6, 3},
		})
		f.SetCellStyle("Sheet1", "B2", "B2", dateStyle(t, f))
	})
	a, err := LoadActivity(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := planner.Activity{Team: "North", Month: planner.Month{Year: 2026, Month: 3}, Contacts: 100, Responses: 10, Meetings: 6, Opportunities: 3}
	if len(a.Activity) != 1 || a.Activity[0] != want {
		t.Fatalf("activity = %+v %s", a.Activity, dumpProblems(a.Problems))
	}
}

func TestLoadActivityMissingColumns(t *testing.T) {
	_, err := LoadActivity(writeFile(t, "a.csv", []byte("team,month,calls\nN,2026-01,4\n")), Options{})
	if !errors.Is(err, ErrMissingColumn) {
		t.Fatalf("err = %v", err)
	}
}

// --teams-column (Options.LookupColumns) chooses the teams file's columns;
// the history's --column does not reach it.
func TestLoadLookupColumns(t *testing.T) {
	path := writeFile(t, "squads.csv", []byte("Rep;Squad;Team\nAnne;North;ignored\n"))
	m, _, _, err := LoadLookup(path, LookupTeams, Options{LookupColumns: map[string]string{"owner": "Rep", "team": "Squad"},
		Columns: map[string]string{"team": "Nope"}})
	if err != nil || m["Anne"] != "North" {
		t.Fatalf("LoadLookup = %v, %v; want Anne -> North", m, err)
	}
}

// The Salesforce User export of sf-wave-sales maps every owner of its
// Opportunity export to a role.
func TestLoadLookupSalesforceUsers(t *testing.T) {
	users := realData(t, "sf-wave-sales/User.csv")
	m, _, _, err := LoadLookup(users, LookupTeams, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(realData(t, "sf-wave-sales/Opportunity.csv"), Options{Teams: m})
	if err != nil {
		t.Fatal(err)
	}
	unmapped := map[string]bool{}
	for _, d := range h.Deals {
		if d.Team.String() == "" {
			unmapped[d.Owner.String()] = true
		}
	}
	if len(unmapped) > 0 || len(h.Deals) == 0 {
		t.Errorf("%d deals; owners without a team: %v", len(h.Deals), unmapped)
	}
}

func TestLoadLookup(t *testing.T) {
	tests := []struct {
		name, kind, data string
		want             map[string]string
		problems         int
		err              error
	}{
		{"team column preferred", LookupTeams, "Owner,Manager,Region,Team\nAnne,Zoe,West,Key accounts\nPaul,Zoe,East,SMB\n",
			map[string]string{"Anne": "Key accounts", "Paul": "SMB"}, 0, nil},
		{"region before manager", LookupTeams, "sales_agent,manager,regional_office\nAnne,Zoe,West\n", map[string]string{"Anne": "West"}, 0, nil},
		{"manager last", LookupTeams, "Commercial;Manager\nAnne;Zoe\n;Zoe\nPaul;\nAnne;Max\n", map[string]string{"Anne": "Zoe"}, 3, nil},
		{"accounts sector", LookupAccounts, "account,sector,employees\nAcme,retail,10\n", map[string]string{"Acme": "retail"}, 0, nil},
		{"accounts segment before sector", LookupAccounts, "Compte;Secteur;Segment\nAcme;retail;Grands comptes\n", map[string]string{"Acme": "Grands comptes"}, 0, nil},
		{"missing value column", LookupTeams, "owner,phone\nAnne,1\n", nil, 0, ErrMissingColumn},
		{"unknown kind", "products", "a,b\n", nil, 0, ErrUnknownKind},
		{"a history's owner header", LookupTeams, "Attribué à,Équipe\nAnne,Nord-Est\n", map[string]string{"Anne": "Nord-Est"}, 0, nil},
		{"Salesforce user export: name and id both keys", LookupTeams,
			"UserRole.Name,External_Id__c,FirstName,LastName,Name,Alias\nWest Sales,W_Sales_User.1,Ann,Lee,Ann Lee,alee\n",
			map[string]string{"Ann Lee": "West Sales", "W_Sales_User.1": "West Sales"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, probs, _, err := LoadLookup(writeFile(t, "lookup.csv", []byte(tt.data)), tt.kind, Options{})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(m) != len(tt.want) {
				t.Errorf("map = %v, want %v", m, tt.want)
			}
			for k, v := range tt.want {
				if m[k] != v {
					t.Errorf("%s -> %q, want %q", k, m[k], v)
				}
			}
			if len(probs) != tt.problems {
				t.Errorf("problems: %s", dumpProblems(probs))
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             Kind
	}{
		{"history", "x.csv", "Deal - ID,Deal - Value,Deal - Stage,Deal - Deal created,Deal - Closed on\n1,2,Won,2024-01-01,2024-02-01\n", KindHistory},
		{"targets fr", "budget.csv", "équipe;indicateur;objectif;échéance\nNord;CA;100;31/12/2026\n", KindTargets},
		{"activity", "a.csv", "team,month,contacts,meetings\nN,2026-01,1,2\n", KindActivity},
		{"teams", "t.csv", "owner,team\nAnne,North\n", KindTeams},
		{"accounts", "a.csv", "account,industry\nAcme,retail\n", KindAccounts},
		{"exchange rates", "fx.csv", "devise;taux;du\nUSD;0,92;2026-01-01\n", KindFX},
		{"addressable market", "market.csv", "segment;comptes adressables\nSanté;260\n", KindMarket},
		{"activity export", "Task.csv", "Owner.External_Id__c,ActivityDate,TaskSubtype\nU1,2026-01-05,Call\n", KindActivity},
		{"unknown", "u.csv", "product,price\nA,1\n", KindUnknown},
		{"binary", "img.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Classify(writeFile(t, tt.file, []byte(tt.data)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
	if _, err := Classify(writeFile(t, "bad.xlsx", []byte("id,stage\n")), Options{}); !errors.Is(err, ErrRenamedText) {
		t.Errorf("renamed text: err = %v", err)
	}
	samples := filepath.Join("..", "samples", "history.xlsx")
	if _, err := os.Stat(samples); err == nil {
		_, err := Classify(samples, Options{Sheet: "Nope"})
		if !errors.Is(err, ErrSheetNotFound) || !strings.Contains(err.Error(), `"Nope"; the workbook has:`) {
			t.Errorf("unknown sheet: err = %v, want ErrSheetNotFound naming the sheets", err)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
		err        string
		check      func(t *testing.T, c *Config)
	}{
		{"full", `columns:
  amount: Montant HT
  created_date: Date d'entrée
status:
  Signé: won
date_order: DMY
locale: fr-FR
lang: fr
currency: EUR
window_months: 12
thresholds: {achievable: 0.7, unrealistic: 0.3}
priorities: [PME, Export]
assumptions:
  response_rate: 0.1
  meeting_rate: 0.6
  opportunity_rate: 0.5
max_bytes: 1000000
max_line_bytes: 2000000
max_field_bytes: 300000
teams_columns: {owner: Name, team: UserRole.Name}
two_digit_years: true
file_budget: {seconds: 30, memory_mb: 512}
`, "", func(t *testing.T, c *Config) {
			if b := c.Budget(); b.Time != 30*time.Second || b.Memory != 512<<20 {
				t.Errorf("budget = %+v", b)
			}
			if c.Columns["amount"] != "Montant HT" || c.Columns["created"] != "Date d'entrée" || c.Status["Signé"] != "won" ||
				c.DateOrder != "dmy" || c.Locale != "fr" || c.Thresholds.Achievable != 0.7 || c.Assumptions.MeetingRate != 0.6 ||
				len(c.Priorities) != 2 || c.MaxBytes != 1000000 || c.WindowMonths != 12 || !c.TwoDigitYears ||
				c.MaxLineBytes != 2000000 || c.MaxFieldBytes != 300000 || c.TeamsColumns["team"] != "UserRole.Name" {
				t.Errorf("config = %+v", c)
			}
		}},
		{"empty", "", "", func(t *testing.T, c *Config) {}},
		{"unknown key", "locale: fr\nwindow: 12\n", `cfg.yaml: invalid configuration: line 2: unknown key "window"`, nil},
		{"unknown nested key", "thresholds:\n  achievable: 0.7\n  stretch: 0.5\n", `line 3: unknown key "thresholds.stretch"`, nil},
		{"unknown column field", "columns:\n  revenue_amount: X\n", `line 2: unknown field "revenue_amount" under columns`, nil},
		{"bad status", "status:\n  Signé: yes\n", `line 2: status.Signé must be won, lost or open`, nil},
		{"bad rate", "assumptions:\n  response_rate: 10\n", `line 2: assumptions.response_rate must be a fraction`, nil},
		{"bad type", "window_months: twelve\n", `line 1`, nil},
		{"bad order", "date_order: ymd\n", `line 1: date_order must be dmy or mdy`, nil},
		{"thresholds order", "thresholds: {achievable: 0.3, unrealistic: 0.7}\n", `unrealistic must be below`, nil},
		{"teams_columns field", "teams_columns:\n  boss: Manager\n", `teams_columns: unknown field "boss"`, nil},
		{"teams_columns nested", "teams_columns:\n  owner: {a: b}\n", `line 2: teams_columns.owner must be a single value`, nil},
		{"negative line bound", "max_line_bytes: -1\n", `line 1: max_line_bytes must be positive`, nil},
		{"negative time budget", "file_budget:\n  seconds: -5\n", `line 2: file_budget.seconds must be between 0 (the default, 120) and 86400`, nil},
		{"bad memory budget", "file_budget:\n  memory_mb: -1\n", `line 2: file_budget.memory_mb must be a number of megabytes`, nil},
		{"unknown budget key", "file_budget:\n  cpu: 2\n", `unknown key "file_budget.cpu"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(writeFile(t, "cfg.yaml", []byte(tt.yaml)))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if !errors.Is(err, ErrConfig) {
					t.Errorf("err %v is not ErrConfig", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
