package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/templates"
)

// samplesDir is where the committed samples are, relative to this package.
const samplesDir = ".."

var files = []string{"history.xlsx", "history_fr.csv", "activity.xlsx", "targets.xlsx", "teams.csv", "config.yaml", "README.md"}

// The committed files are exactly what the generator writes: the generator
// is deterministic and nobody edited its output by hand. (The committed
// files were written by a separate `go run`, so this also compares two
// runs.)
func TestCommittedSamplesUpToDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writeAll(dir, Generate(defaultSeed)); err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(samplesDir, name))
		if err != nil {
			t.Fatalf("committed sample missing: %v (run `make samples`)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("samples/%s differs from the generator's output (%d vs %d bytes): run `make samples`", name, len(got), len(want))
		}
	}
}

var dataset = Generate(defaultSeed)

func openXLSX(t *testing.T, name string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rawRows streams a sheet with raw values, as the importer does.
func rawRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cols)
	}
	if err := rows.Error(); err != nil {
		t.Fatal(err)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// isDateCell reports whether a cell holds a serial number with a date
// number format, and returns the date.
func isDateCell(t *testing.T, f *excelize.File, sheet, cell, raw string) (time.Time, bool) {
	t.Helper()
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return time.Time{}, false
	}
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, "yy") {
		return time.Time{}, false
	}
	d, err := excelize.ExcelDateToTime(v, false)
	return d, err == nil
}

func TestHistoryXLSX(t *testing.T) {
	t.Parallel()
	info, err := os.Stat(filepath.Join(samplesDir, "history.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() >= 300<<10 {
		t.Errorf("history.xlsx is %d KB, want < 300 KB", info.Size()>>10)
	}
	f := openXLSX(t, "history.xlsx")
	if got := f.GetSheetList(); !slices.Equal(got, []string{historySheet}) {
		t.Fatalf("sheets %q", got)
	}
	rows := rawRows(t, f, historySheet)
	if len(rows[0]) != 1 || !strings.Contains(rows[0][0], Company) {
		t.Errorf("row 1 is not a title row: %q", rows[0])
	}
	if len(rows[1]) != 0 {
		t.Errorf("row 2 is not blank: %q", rows[1])
	}
	if !slices.Equal(rows[2], historyHeaderEN) {
		t.Errorf("header %q", rows[2])
	}
	data := rows[historyHeaderRow:]
	if n := len(data); n < 1900 || n > 2100 || n != len(dataset.Deals) {
		t.Fatalf("%d deals, want about 2,000 (%d generated)", n, len(dataset.Deals))
	}
	stages := map[string]string{"Prospecting": "open", "Qualification": "open", "Proposal": "open",
		"Negotiation": "open", "Closed Won": "won", "Closed Lost": "lost"}
	for i, r := range data {
		row := historyHeaderRow + 1 + i
		r = append(r, make([]string, 11-len(r))...)
		d := dataset.Deals[i]
		if r[0] != d.ID || r[1] != d.Owner || r[2] != d.Team || r[6] != d.Stage {
			t.Fatalf("row %d = %q, want deal %+v", row, r, d)
		}
		status, ok := stages[r[6]]
		if !ok {
			t.Fatalf("row %d: stage %q not in the vocabulary", row, r[6])
		}
		// The cell style is checked on every 20th row (style lookups are
		// slow); every value is checked.
		styled := i%20 == 0 || i == len(data)-1
		created, ok := dateValue(t, f, styled, "H"+strconv.Itoa(row), r[7])
		if !ok || created.Before(firstDay) || created.After(exportDay) || !created.Equal(d.Created) {
			t.Fatalf("row %d: created %q is not the date cell of %s", row, r[7], d.Created.Format("2006-01-02"))
		}
		if status == "open" {
			if r[8] != "" {
				t.Errorf("row %d: open deal with close date %q", row, r[8])
			}
		} else {
			closed, ok := dateValue(t, f, styled, "I"+strconv.Itoa(row), r[8])
			if !ok || closed.Before(created) || closed.After(exportDay) || !closed.Equal(d.Closed) {
				t.Fatalf("row %d: close date %q is not a date cell between created and export", row, r[8])
			}
		}
		if status == "won" || r[9] != "" {
			if v, err := strconv.ParseFloat(r[9], 64); err != nil || v <= 0 || v != d.Amount {
				t.Errorf("row %d: amount %q, want %v", row, r[9], d.Amount)
			}
		}
		if r[10] != "EUR" {
			t.Errorf("row %d: currency %q", row, r[10])
		}
	}
}

// dateValue reads a raw serial date, checking the cell's date format when
// styled is true.
func dateValue(t *testing.T, f *excelize.File, styled bool, cell, raw string) (time.Time, bool) {
	t.Helper()
	if styled {
		return isDateCell(t, f, historySheet, cell, raw)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return time.Time{}, false
	}
	d, err := excelize.ExcelDateToTime(v, false)
	return d, err == nil
}

var frAmount = regexp.MustCompile(`^\d{1,3}(\x{00a0}\d{3})*,\d{2}$`)

func TestHistoryCSV(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(samplesDir, "history_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(b, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatal("no UTF-8 byte-order mark")
	}
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf || n != len(dataset.Deals)+1 {
		t.Errorf("%d lines, %d with CRLF; want %d, all CRLF", n, crlf, len(dataset.Deals)+1)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Identifiant", "Propriétaire", "Équipe", "Segment", "Offre", "Compte", "Étape",
		"Date de création", "Date de clôture", "Montant", "Devise"}; !slices.Equal(recs[0], want) {
		t.Errorf("header %q", recs[0])
	}
	stages := map[string]string{"Prospection": "open", "Qualification": "open", "Proposition": "open",
		"Négociation": "open", "Gagné": "won", "Perdu": "lost"}
	for i, rec := range recs[1:] {
		d := dataset.Deals[i]
		if rec[0] != d.ID || rec[2] != d.Team || stages[rec[6]] != d.Status {
			t.Fatalf("line %d = %q, want deal %+v", i+2, rec, d)
		}
		if got := rec[7]; got != d.Created.Format("02/01/2006") {
			t.Errorf("line %d: created %q", i+2, got)
		}
		if d.Status != "open" && rec[8] != d.Closed.Format("02/01/2006") || d.Status == "open" && rec[8] != "" {
			t.Errorf("line %d: close date %q for a %s deal", i+2, rec[8], d.Status)
		}
		if !d.HasAmount {
			if rec[9] != "" {
				t.Errorf("line %d: amount %q for a deal with none", i+2, rec[9])
			}
			continue
		}
		if !frAmount.MatchString(rec[9]) {
			t.Fatalf("line %d: amount %q is not French-formatted", i+2, rec[9])
		}
		v, err := strconv.ParseFloat(strings.NewReplacer("\u00a0", "", ",", ".").Replace(rec[9]), 64)
		if err != nil || v != d.Amount {
			t.Errorf("line %d: amount %q reads as %v, want %v", i+2, rec[9], v, d.Amount)
		}
	}
}

func TestActivityXLSX(t *testing.T) {
	f := openXLSX(t, "activity.xlsx")
	rows := rawRows(t, f, activitySheet)
	if !slices.Equal(rows[0], activityHeader) {
		t.Errorf("header %q", rows[0])
	}
	if got, want := len(rows)-1, len(teams)*24; got != want {
		t.Fatalf("%d rows, want %d (3 teams × 24 months)", got, want)
	}
	created := map[string]int{}
	for _, d := range dataset.Deals {
		created[d.Team+"|"+d.Created.Format("2006-01")]++
	}
	type sums struct{ contacts, responses, meetings, opps float64 }
	per := map[string]*sums{}
	for i, r := range rows[1:] {
		month, ok := isDateCell(t, f, activitySheet, "B"+strconv.Itoa(i+2), r[1])
		if !ok || month.Day() != 1 {
			t.Fatalf("row %d: month %q is not a first-of-month date cell", i+2, r[1])
		}
		n := make([]float64, 4)
		for j := range n {
			v, err := strconv.Atoi(r[2+j])
			if err != nil || v < 0 {
				t.Fatalf("row %d: %q is not a count", i+2, r[2+j])
			}
			n[j] = float64(v)
		}
		if want := created[r[0]+"|"+month.Format("2006-01")]; int(n[3]) != want {
			t.Errorf("row %d: %s %s has %v opportunities, the history %d", i+2, r[0], month.Format("2006-01"), n[3], want)
		}
		if !(n[0] > n[1] && n[1] > n[2] && n[2] >= n[3]) {
			t.Errorf("row %d: funnel not narrowing: %v", i+2, n)
		}
		s := per[r[0]]
		if s == nil {
			s = &sums{}
			per[r[0]] = s
		}
		s.contacts, s.responses, s.meetings, s.opps = s.contacts+n[0], s.responses+n[1], s.meetings+n[2], s.opps+n[3]
	}
	for team, s := range per {
		for _, c := range []struct {
			name     string
			v, lo, h float64
		}{
			{"response rate", s.responses / s.contacts, 0.08, 0.12},
			{"meeting rate", s.meetings / s.responses, 0.50, 0.65},
			{"opportunity rate", s.opps / s.meetings, 0.40, 0.60},
		} {
			if c.v < c.lo || c.v > c.h {
				t.Errorf("%s: %s %.3f outside [%.2f, %.2f]", team, c.name, c.v, c.lo, c.h)
			}
		}
	}
}

func TestTargetsXLSX(t *testing.T) {
	f := openXLSX(t, "targets.xlsx")
	var names []string
	for _, tm := range teams {
		names = append(names, tm.name)
	}
	if got := f.GetSheetList(); !slices.Equal(got, names) {
		t.Fatalf("sheets %q, want one per team %q", got, names)
	}
	if !strings.ContainsAny(strings.Join(names, ""), "éèÉ") {
		t.Error("no accented team name")
	}
	all := templates.TargetHeaders("en")
	metrics := map[planner.Metric]bool{}
	var blankScope, blankLever, short, quarter, withRationale, total int
	for _, sheet := range names {
		rows := rawRows(t, f, sheet)
		header := rows[0]
		want := slices.DeleteFunc(slices.Clone(all), func(h string) bool { return h == "team" && sheet != teamWithColumn })
		if !slices.Equal(header, want) {
			t.Errorf("%s: header %q, want %q", sheet, header, want)
		}
		col := func(r []string, name string) string {
			i := slices.Index(header, name)
			if i < 0 || i >= len(r) {
				return ""
			}
			return r[i]
		}
		targets := rows[1:]
		if n := len(targets); n < 3 || n > 5 {
			t.Errorf("%s: %d targets, want 3 to 5", sheet, n)
		}
		priorities := 0
		for i, r := range targets {
			total++
			row := strconv.Itoa(i + 2)
			m := planner.Metric(col(r, "metric"))
			if !slices.Contains(planner.Metrics, m) {
				t.Errorf("%s row %s: metric %q", sheet, row, m)
			}
			metrics[m] = true
			if v, err := strconv.ParseFloat(col(r, "value"), 64); err != nil || v <= 0 {
				t.Errorf("%s row %s: value %q", sheet, row, col(r, "value"))
			}
			if m == planner.WinRate && col(r, "baseline") == "" {
				t.Errorf("%s row %s: win rate target without baseline", sheet, row)
			}
			startCol, _ := excelize.ColumnNumberToName(slices.Index(header, "start") + 1)
			endCol, _ := excelize.ColumnNumberToName(slices.Index(header, "deadline") + 1)
			start, ok1 := isDateCell(t, f, sheet, startCol+row, col(r, "start"))
			end, ok2 := isDateCell(t, f, sheet, endCol+row, col(r, "deadline"))
			if !ok1 || !ok2 || !end.After(start) || start.Year() != 2027 {
				t.Fatalf("%s row %s: period %q to %q is not two ordered 2027 date cells", sheet, row, col(r, "start"), col(r, "deadline"))
			}
			days := end.Sub(start).Hours()/24 + 1
			if days < 90 {
				short++
			}
			if start.Month() == time.January && end.Equal(date(2027, 3, 31)) {
				quarter++
			}
			if col(r, "segment") == "" && col(r, "offer") == "" {
				blankScope++
			}
			if col(r, "lever") == "" {
				blankLever++
			}
			if col(r, "priority") != "" {
				priorities++
			}
			if col(r, "rationale") != "" {
				withRationale++
			}
			if sheet == teamWithColumn && col(r, "team") != sheet {
				t.Errorf("%s row %s: team %q", sheet, row, col(r, "team"))
			}
		}
		if sheet == teams[1].name && priorities != 0 {
			t.Errorf("%s: %d priorities, want none (the no-priority-order case)", sheet, priorities)
		}
		if sheet != teams[1].name && priorities != len(targets) {
			t.Errorf("%s: %d of %d targets ranked", sheet, priorities, len(targets))
		}
	}
	for _, m := range planner.Metrics {
		if !metrics[m] {
			t.Errorf("no %s target", m)
		}
	}
	if blankScope != 1 || blankLever != 1 || short != 1 || quarter != 1 {
		t.Errorf("blank scope %d, no lever %d, shorter than 90 days %d, Q1 %d; want one of each", blankScope, blankLever, short, quarter)
	}
	if withRationale*3 < total*2 {
		t.Errorf("%d of %d targets have a rationale, want most", withRationale, total)
	}
}

// The history has the shape the brief asks for.
func TestHistoryShape(t *testing.T) {
	type agg struct {
		won, lost int
		cycles    []float64
		amounts   []float64
	}
	per := map[string]*agg{}
	createdByMonth := [13]int{}
	for _, d := range dataset.Deals {
		a := per[d.Team]
		if a == nil {
			a = &agg{}
			per[d.Team] = a
		}
		createdByMonth[d.Created.Month()]++
		switch d.Status {
		case "won":
			a.won++
			a.cycles = append(a.cycles, d.Closed.Sub(d.Created).Hours()/24)
			a.amounts = append(a.amounts, d.Amount)
		case "lost":
			a.lost++
		default:
			if !d.Closed.IsZero() {
				t.Errorf("%s: open with a close date", d.ID)
			}
			if d.Created.Before(exportDay.AddDate(0, -9, 0)) {
				t.Errorf("%s: open deal created %s, not recent", d.ID, d.Created.Format("2006-01-02"))
			}
		}
	}
	for _, tm := range teams {
		a := per[tm.name]
		if n := len(tm.owners); n < 4 || n > 6 {
			t.Errorf("%s: %d owners", tm.name, n)
		}
		wr := float64(a.won) / float64(a.won+a.lost)
		if wr < 0.20 || wr > 0.35 {
			t.Errorf("%s: win rate %.3f outside 20–35 %%", tm.name, wr)
		}
		if c := median(a.cycles); c < 0.85*tm.cycleMedian || c > 1.15*tm.cycleMedian {
			t.Errorf("%s: median cycle %.0f days, want about %.0f", tm.name, c, tm.cycleMedian)
		}
		if m := median(a.amounts); m < 0.8*tm.amountMedian || m > 1.25*tm.amountMedian {
			t.Errorf("%s: median won amount %.0f, want about %.0f", tm.name, m, tm.amountMedian)
		}
	}
	// Seasonality: August is the quietest month for creations in both
	// years; over the last twelve months (the first months of the history
	// have few closings yet), August closes the least and December the
	// most.
	for m := 1; m <= 12; m++ {
		if m != 8 && createdByMonth[m] <= createdByMonth[8] {
			t.Errorf("month %d: %d created, August %d", m, createdByMonth[m], createdByMonth[8])
		}
	}
	closed := map[string]int{}
	for _, d := range dataset.Deals {
		if inWindow(d.Closed) {
			closed[d.Closed.Format("01")]++
		}
	}
	for m, n := range closed {
		if m != "08" && n <= closed["08"] || m != "12" && n >= closed["12"] {
			t.Errorf("closed in month %s: %d; August %d, December %d", m, n, closed["08"], closed["12"])
		}
	}
}

// Each target is what the README says, measured on the trailing twelve
// months the generator sized it from.
func TestTargetIntents(t *testing.T) {
	byID := map[string]Target{}
	for _, tg := range dataset.Targets() {
		byID[tg.ID] = tg
	}
	gcCycle := dataset.trailing(scope{team: teams[0].name}).CycleMedian
	check := func(id string, ok bool, why string) {
		t.Helper()
		if !ok {
			t.Errorf("%s %+v: %s", id, byID[id], why)
		}
	}
	pmeInd := dataset.trailing(scope{team: teams[1].name, segment: "Industrie"})
	check("PME-02", byID["PME-02"].Value/pmeInd.Revenue > 2.9, "not about 3× its T12 revenue")
	gc03 := byID["GC-03"]
	check("GC-03", gc03.Deadline.Sub(gc03.Start).Hours()/24 < gcCycle, "period not shorter than the team's cycle")
	ratio := func(id string, basis float64, lo, hi float64) {
		t.Helper()
		r := byID[id].Value / basis
		check(id, r >= lo && r <= hi, "value is "+strconv.FormatFloat(r, 'f', 2, 64)+" times its basis")
	}
	gc01, par01, pme01 := byID["GC-01"], byID["PAR-01"], byID["PME-01"]
	ratio("GC-01", dataset.trailing(scope{team: gc01.Team}).Revenue, 1.15, 1.3)
	ratio("PAR-01", dataset.trailing(scope{team: par01.Team, segment: par01.Segment}).Revenue, 0.7, 0.8)
	ratio("PME-01", float64(dataset.trailing(scope{team: pme01.Team, segment: pme01.Segment}).Won), 0.5, 0.6)
	// PME-01's segment creates fewer opportunities lately than over its
	// year: why 55 % of its T12, not 75 %, is what is achievable.
	recent := 0
	for _, d := range dataset.Deals {
		if d.Team == pme01.Team && d.Segment == pme01.Segment && !d.Created.Before(date(2026, 9, 1)) && !d.Created.After(date(2026, 11, 30)) {
			recent++
		}
	}
	yearly := dataset.trailing(scope{team: pme01.Team, segment: pme01.Segment}).Created
	check("PME-01", float64(recent)/3 < 0.9*float64(yearly)/12, fmt.Sprintf("%d created lately, %d over the year: not slower", recent, yearly))
	gc04 := byID["GC-04"]
	quoted, nOpen := dataset.openQuotes(scope{team: gc04.Team, offer: gc04.Offer})
	check("GC-04", nOpen >= 20 && quoted < 0.95*gc04.Baseline, "its open deals do not quote clearly less than the deals won")
	q1, _ := dataset.wonBetween(scope{team: teams[1].name, offer: "Module Paie"}, date(2026, 1, 1), date(2026, 3, 31))
	ratio("PME-04", q1, 0.65, 0.75)
	par03 := byID["PAR-03"]
	check("PAR-03", par03.Value >= 1.5*par03.Baseline, "win rate not far above its baseline")
	gc02 := byID["GC-02"]
	check("GC-02", gc02.Value-gc02.Baseline < 0.05 && gc02.Baseline > 0.15, "not a modest win-rate step")
}

func TestTeamsAndConfig(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(samplesDir, "teams.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "owner;team" {
		t.Errorf("teams.csv header %q", lines[0])
	}
	mapping := map[string]string{}
	for _, l := range lines[1:] {
		owner, team, ok := strings.Cut(l, ";")
		if !ok {
			t.Fatalf("teams.csv line %q", l)
		}
		mapping[owner] = team
	}
	for _, d := range dataset.Deals {
		if mapping[d.Owner] != d.Team {
			t.Fatalf("teams.csv maps %s to %q, the history says %q", d.Owner, mapping[d.Owner], d.Team)
		}
	}

	// config.yaml has only the keys of importer.Config.
	var cfg struct {
		Lang         string            `yaml:"lang"`
		Currency     string            `yaml:"currency"`
		WindowMonths int               `yaml:"window_months"`
		Priorities   []string          `yaml:"priorities"`
		Columns      map[string]string `yaml:"columns"`
		Status       map[string]string `yaml:"status"`
		Thresholds   struct {
			Achievable  float64 `yaml:"achievable"`
			Unrealistic float64 `yaml:"unrealistic"`
		} `yaml:"thresholds"`
		Assumptions struct {
			ResponseRate    float64 `yaml:"response_rate"`
			MeetingRate     float64 `yaml:"meeting_rate"`
			OpportunityRate float64 `yaml:"opportunity_rate"`
		} `yaml:"assumptions"`
	}
	b, err = os.ReadFile(filepath.Join(samplesDir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Thresholds.Achievable != 0.7 || cfg.Thresholds.Unrealistic != 0.3 || cfg.Currency != "EUR" ||
		cfg.Lang != "en" || len(cfg.Priorities) == 0 || cfg.Assumptions.ResponseRate != 0.10 {
		t.Errorf("config.yaml = %+v", cfg)
	}
	if cfg.Columns != nil {
		t.Error("the columns: example should stay commented out")
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(defaultSeed)
	}
}
