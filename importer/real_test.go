package importer

import (
	"testing"

	"github.com/smartplan/smartplan/planner"
)

// The expected counts were checked independently of this package with awk
// on the CSV files and from the datasets' PROVENANCE.md.
func TestRealHistories(t *testing.T) {
	tests := []struct {
		name            string
		path            string
		opt             Options
		deals           int
		won, lost, open int
		wonAmount       float64
		problems        map[string]int // problem kinds that must appear, with their counts
	}{
		{"maven csv", "maven-crm/sales_pipeline.csv", Options{}, 8800, 4238, 2473, 2089, 10005534, map[string]int{}},
		{"maven resaved mdy", "maven-crm/sales_pipeline_excel_resaved_mdy.csv", Options{}, 8800, 4238, 2473, 2089, 10005534, map[string]int{}},
		{"maven xlsx", "maven-crm-xlsx/sales_pipeline.xlsx", Options{}, 8800, 4238, 2473, 2089, 10005534, map[string]int{}},
		{"sales pipeline xlsx", "sales-pipeline-xlsx/Sales Pipeline.xlsx", Options{}, 9994, 4554, 1096, 4344, 0,
			map[string]int{ProblemClosedBeforeCreated: 42}},
		{"salesforce data cloud", "sf-data-cloud-workshop/Opportunity.csv", Options{}, 50, 12, 3, 35, 0,
			map[string]int{ProblemOpenWithCloseDate: 35}},
		{"salesforce report (two-digit years)", "sf-report-powerbi/Opportunity.csv", Options{TwoDigitYears: true}, 36, 12, 8, 16, 0,
			map[string]int{ProblemOpenWithCloseDate: 16}},
		{"salesforce wave", "sf-wave-sales/Opportunity.csv", Options{}, 5197, 1166, 3769, 262, 0, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := LoadHistory(realData(t, tt.path), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var won, lost, open int
			var amount float64
			for _, d := range h.Deals {
				switch d.Status {
				case planner.Won:
					won++
					amount += d.Amount
				case planner.Lost:
					lost++
				default:
					open++
				}
			}
			if len(h.Deals) != tt.deals || won != tt.won || lost != tt.lost || open != tt.open {
				t.Errorf("deals %d (won %d, lost %d, open %d), want %d (%d, %d, %d)", len(h.Deals), won, lost, open, tt.deals, tt.won, tt.lost, tt.open)
			}
			if tt.wonAmount != 0 && amount != tt.wonAmount {
				t.Errorf("won amount %v, want %v", amount, tt.wonAmount)
			}
			got := kinds(h.Problems)
			for k, n := range tt.problems {
				if got[k] != n {
					t.Errorf("%d %s problems, want %d", got[k], k, n)
				}
			}
			for _, p := range h.Problems {
				if p.Severity == planner.SeverityError {
					t.Errorf("error problem: %s", p.Message)
				}
			}
		})
	}
}

// The Maven history re-saved by a US Excel (M/D/YYYY dates) and the same
// data as a workbook give exactly the deals of the original CSV.
func TestRealMavenVariantsIdentical(t *testing.T) {
	orig, err := LoadHistory(realData(t, "maven-crm/sales_pipeline.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"maven-crm/sales_pipeline_excel_resaved_mdy.csv", "maven-crm-xlsx/sales_pipeline.xlsx"} {
		v, err := LoadHistory(realData(t, p), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Deals) != len(orig.Deals) {
			t.Fatalf("%s: %d deals, want %d", p, len(v.Deals), len(orig.Deals))
		}
		diff := 0
		for i := range orig.Deals {
			if v.Deals[i] != orig.Deals[i] {
				if diff < 3 {
					t.Errorf("%s: deal %d\n got %+v\nwant %+v", p, i, v.Deals[i], orig.Deals[i])
				}
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("%s: %d deals differ", p, diff)
		}
	}
}

func TestRealMavenWithTeams(t *testing.T) {
	teams, probs, file, err := LoadLookup(realData(t, "maven-crm/sales_teams.csv"), LookupTeams, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(teams) != 35 || len(probs) != 0 || file.Rows != 35 {
		t.Fatalf("teams = %d, problems %d, rows %d", len(teams), len(probs), file.Rows)
	}
	if got, want := teams["Moses Frase"], "Central"; got != want {
		t.Errorf("Moses Frase -> %q, want %q (regional_office before manager)", got, want)
	}
	teamsX, _, _, err := LoadLookup(realData(t, "maven-crm-xlsx/sales_teams.xlsx"), LookupTeams, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(teamsX) != len(teams) {
		t.Errorf("xlsx teams = %d, csv %d", len(teamsX), len(teams))
	}
	for k, v := range teams {
		if teamsX[k] != v {
			t.Errorf("xlsx: %s -> %q, csv %q", k, teamsX[k], v)
		}
	}
	accounts, _, _, err := LoadLookup(realData(t, "maven-crm/accounts.csv"), LookupAccounts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 85 || accounts["Acme Corporation"] != "technolgy" {
		t.Errorf("accounts = %d, Acme -> %q", len(accounts), accounts["Acme Corporation"])
	}
	h, err := LoadHistory(realData(t, "maven-crm/sales_pipeline.csv"), Options{Teams: teams, Accounts: accounts})
	if err != nil {
		t.Fatal(err)
	}
	byTeam := map[string]int{}
	for _, d := range h.Deals {
		byTeam[d.Team.String()]++
	}
	if byTeam[""] != 0 || len(byTeam) != 3 {
		t.Errorf("deals by team = %v", byTeam)
	}
	noSegment := 0
	for _, d := range h.Deals {
		if d.Segment.IsZero() {
			noSegment++
		}
	}
	if noSegment != 1425 {
		t.Errorf("%d deals without segment, want 1425 (blank accounts)", noSegment)
	}
}

func TestRealClassify(t *testing.T) {
	tests := []struct {
		path string
		want Kind
	}{
		{"maven-crm/sales_pipeline.csv", KindHistory},
		{"maven-crm/sales_pipeline_excel_resaved_mdy.csv", KindHistory},
		{"maven-crm/sales_teams.csv", KindTeams},
		{"maven-crm/accounts.csv", KindAccounts},
		{"maven-crm/products.csv", KindUnknown},
		{"maven-crm/data_dictionary.csv", KindUnknown},
		{"maven-crm-xlsx/sales_pipeline.xlsx", KindHistory},
		{"maven-crm-xlsx/sales_teams.xlsx", KindTeams},
		{"maven-crm-xlsx/accounts.xlsx", KindAccounts},
		{"sales-pipeline-xlsx/Sales Pipeline.xlsx", KindHistory},
		{"sf-data-cloud-workshop/Opportunity.csv", KindHistory},
		// Salesforce Task and Event exports read as activity (issue 11)
		{"sf-data-cloud-workshop/Task.csv", KindActivity},
		{"sf-wave-sales/Task.csv", KindActivity},
		{"sf-wave-sales/Event.csv", KindActivity},
		{"sf-wave-sales/Opportunity.csv", KindHistory},
		{"sf-wave-sales/Quota.csv", KindUnknown},
		{"sf-report-powerbi/Opportunity.csv", KindHistory},
		{"CRM_EXPORT_HEADERS.md", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := Classify(realData(t, tt.path), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
}
