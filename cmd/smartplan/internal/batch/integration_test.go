package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/smartplan/smartplan/cmd/smartplan/internal/pipeline"
	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/importer/hostile"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

// samplesDir is the repository's samples folder, from this package's
// directory.
const samplesDir = "../../../../samples"

func needSamples(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(samplesDir, n)); err != nil {
			t.Skipf("samples not available (%v): run `make samples`", err)
		}
	}
}

// budgetFolder is a folder holding the French sample history as
// historique.csv and the sample targets as budget.xlsx.
func budgetFolder(t *testing.T) *folder {
	t.Helper()
	needSamples(t, "history_fr.csv", "targets.xlsx")
	f := newFolder(t)
	copySample(t, f.in, "history_fr.csv", "historique.csv")
	copySample(t, f.in, "targets.xlsx", "budget.xlsx")
	return f
}

// copySample copies a sample file into dir, modified an hour before t0.
func copySample(t *testing.T, dir, name, as string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, as)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(dst, t0.Add(-time.Hour), t0.Add(-time.Hour))
}

// realOptions are the options the command gives Run: the real classifier
// and pipeline, with fewer Monte Carlo runs to keep the test quick.
func realOptions(in, out string, asOf time.Time, formats ...string) Options {
	return realOptionsWith(importer.Options{}, in, out, asOf, formats...)
}

// realOptionsWith is realOptions with the importer's options given.
func realOptionsWith(imp importer.Options, in, out string, asOf time.Time, formats ...string) Options {
	if len(formats) == 0 {
		formats = []string{"xlsx", "pdf", "json"}
	}
	st := pipeline.Settings{
		AsOf: asOf, Import: imp,
		Planner: planner.Options{AsOf: asOf, WindowMonths: 12, Seed: 1, Runs: 200, Lang: "en"},
		Report:  report.Options{Lang: "en", Version: "test"},
		Formats: formats,
	}
	return Options{
		In: in, Out: out, Settle: 30 * time.Second,
		Now: func() time.Time { return t0 }, AsOf: asOf, AsOfGiven: true,
		Fingerprint: Fingerprint(st), Version: "test",
		Run: PipelineRunner(st), Classify: ImporterClassifier(imp),
	}
}

func TestPipelineOnSamples(t *testing.T) {
	needSamples(t, "history_fr.csv", "activity.xlsx", "targets.xlsx", "teams.csv")
	if testing.Short() {
		t.Skip("plans the samples: skipped with -short")
	}
	f := newFolder(t)
	copySample(t, f.in, "history_fr.csv", "historique.csv")
	copySample(t, f.in, "activity.xlsx", "activity.xlsx")
	copySample(t, f.in, "teams.csv", "owners.csv")
	copySample(t, f.in, "targets.xlsx", "budget-2027.xlsx")
	copySample(t, f.in, "targets.xlsx", "~$budget-2027.xlsx")
	copySample(t, f.in, "README.md", "README.md")
	copySample(t, f.in, "config.yaml", "smartplan.yaml")
	// A workbook cut short by a failed upload.
	wb, err := os.ReadFile(filepath.Join(samplesDir, "targets.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f.drop("budget-west.xlsx", string(wb[:len(wb)/2]))

	opt := realOptions(f.in, f.out, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ExitCode(sum, err), ExitPartial; got != want {
		t.Errorf("exit code = %d, want %d (the cut workbook failed)", got, want)
	}
	kinds := map[string]string{}
	for _, in := range sum.Inputs {
		kinds[in.File] = string(in.Kind) + "/" + in.Status
	}
	want := map[string]string{
		"historique.csv": "history/read", "activity.xlsx": "activity/read", "owners.csv": "teams/read",
		"budget-2027.xlsx": "targets/read", "README.md": "unknown/skipped", "smartplan.yaml": "unknown/skipped",
		"budget-west.xlsx": "unknown/failed",
	}
	if !equalMaps(kinds, want) {
		t.Errorf("inputs = %v, want %v", kinds, want)
	}
	if got := statuses(sum); !equalMaps(got, map[string]string{"budget-2027.xlsx": StatusProduced}) {
		t.Fatalf("targets = %v, want budget-2027.xlsx produced", sum.Targets)
	}
	tr := sum.Targets[0]
	if got, want := tr.Outputs, []string{"budget-2027/plan.json", "budget-2027/plan.pdf", "budget-2027/plan.xlsx"}; !slices.Equal(got, want) {
		t.Errorf("outputs = %v, want %v", got, want)
	}
	if tr.Targets == 0 || len(tr.Verdicts) == 0 {
		t.Errorf("no targets or verdicts counted: %+v", tr)
	}
	plan := readPlan(t, filepath.Join(f.out, "budget-2027", "plan.json"))
	if got := len(plan.Targets); got != tr.Targets {
		t.Errorf("plan.json has %d targets, batch.json says %d", got, tr.Targets)
	}
	if plan.PreviousAsOf != nil {
		t.Errorf("first run: previous_as_of = %v, want null", *plan.PreviousAsOf)
	}

	// Rerun after the cut file was replaced by a good one (the same targets
	// saved again, so not a byte-for-byte copy): the unchanged file is
	// skipped, the new one produced, and the exit code is 0.
	resave(t, filepath.Join(samplesDir, "targets.xlsx"), filepath.Join(f.in, "budget-west.xlsx"))
	sum, err = Run(context.Background(), opt)
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("rerun: exit code = %d (%v), want %d", got, err, want)
	}
	if got, want := statuses(sum), map[string]string{"budget-2027.xlsx": StatusSkipped, "budget-west.xlsx": StatusProduced}; !equalMaps(got, want) {
		t.Errorf("rerun: statuses = %v, want %v", got, want)
	}

	// The next month: everything is rebuilt with the previous plan.json's
	// judgement, so the reports carry the changes since the last run.
	next := realOptions(f.in, f.out, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "json")
	sum, err = Run(context.Background(), next)
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Errorf("next month: exit code = %d (%v), want %d", got, err, want)
	}
	plan = readPlan(t, filepath.Join(f.out, "budget-2027", "plan.json"))
	if plan.PreviousAsOf == nil || *plan.PreviousAsOf != "2026-11-30" {
		t.Errorf("next month: previous_as_of = %v, want 2026-11-30", plan.PreviousAsOf)
	}
}

// resave writes the workbook src to dst with other document properties:
// the same data in other bytes, as when someone opens and saves it.
func resave(t *testing.T, src, dst string) {
	t.Helper()
	wb, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if err := wb.SetDocProps(&excelize.DocProperties{Title: "Budget West", Creator: "finance"}); err != nil {
		t.Fatal(err)
	}
	if err := wb.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(dst, t0.Add(-time.Hour), t0.Add(-time.Hour))
}

// planJSON is the part of plan.json these tests read.
type planJSON struct {
	AsOf         string  `json:"as_of"`
	PreviousAsOf *string `json:"previous_as_of"`
	Targets      []struct {
		ID       string   `json:"id"`
		Team     string   `json:"team"`
		Metric   string   `json:"metric"`
		Value    *float64 `json:"value"`
		Progress *struct {
			PlanToDate     *float64 `json:"plan_to_date"`
			ActualToDate   *float64 `json:"actual_to_date"`
			Gap            *float64 `json:"gap"`
			NeededPerMonth *float64 `json:"needed_per_month"`
		} `json:"progress"`
	} `json:"targets"`
	Changes []json.RawMessage `json:"changes"`
}

func readPlan(t *testing.T, path string) planJSON {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p planJSON
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

// wonFromCSV reads the French CSV export of the samples' history directly
// (not through the importer): per team, the won deals' close dates and
// amounts.
func wonFromCSV(t *testing.T) map[string][]wonDeal {
	t.Helper()
	fh, err := os.Open(filepath.Join(samplesDir, "history_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	b, err := io.ReadAll(fh)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string][]wonDeal{}
	for _, row := range rows[1:] {
		if row[col["Étape"]] != "Gagné" {
			continue
		}
		closed, err := time.Parse("02/01/2006", row[col["Date de clôture"]])
		if err != nil {
			t.Fatalf("close date %q: %v", row[col["Date de clôture"]], err)
		}
		amount := strings.NewReplacer("\u00a0", "", " ", "", ",", ".").Replace(row[col["Montant"]])
		v, err := strconv.ParseFloat(amount, 64)
		if err != nil {
			t.Fatalf("amount %q: %v", row[col["Montant"]], err)
		}
		team := row[col["Équipe"]]
		out[team] = append(out[team], wonDeal{closed, v})
	}
	return out
}

type wonDeal struct {
	closed time.Time
	amount float64
}

// TestMonthlyReruns moves the as-of date month by month through 2026 on
// the samples, as a monthly scheduled job would, and checks each month's
// progress against the history read independently: actual to date, the
// gap to the plan, and the monthly rate now needed for the rest of the
// year (METHOD §8).
func TestMonthlyReruns(t *testing.T) {
	needSamples(t, "history_fr.csv")
	if testing.Short() {
		t.Skip("plans the samples eleven times: skipped with -short")
	}
	won := wonFromCSV(t)
	f := newFolder(t)
	// The French CSV export (the same deals as history.xlsx) reads fastest;
	// the test's own parser above reads it independently of the importer.
	copySample(t, f.in, "history_fr.csv", "historique.csv")
	f.drop("targets-2026.csv", "id,team,segment,offer,metric,value,baseline,start,deadline,lever,priority,rationale\n"+
		"PME-REV,PME & ETI,,,revenue,2600000,,2026-01-01,2026-12-31,more opportunities,1,core market\n"+
		"GC-NEW,Grands Comptes,,,new_customers,80,,2026-01-01,2026-12-31,more opportunities,1,key accounts\n")

	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prevActual := map[string]float64{}
	var prevAsOf string
	for m := time.January; m <= time.November; m++ {
		asOf := time.Date(2026, m+1, 0, 0, 0, 0, 0, time.UTC) // last day of month m
		sum, err := Run(context.Background(), realOptions(f.in, f.out, asOf, "json"))
		if got, want := ExitCode(sum, err), ExitOK; got != want {
			t.Fatalf("%s: exit code %d (%v), want %d: %+v", asOf.Format("2006-01"), got, err, want, sum.Targets)
		}
		plan := readPlan(t, filepath.Join(f.out, "targets-2026", "plan.json"))
		if plan.AsOf != asOf.Format(time.DateOnly) {
			t.Errorf("as_of = %s, want %s", plan.AsOf, asOf.Format(time.DateOnly))
		}
		if prevAsOf != "" && (plan.PreviousAsOf == nil || *plan.PreviousAsOf != prevAsOf) {
			t.Errorf("%s: previous_as_of = %v, want %s", plan.AsOf, plan.PreviousAsOf, prevAsOf)
		}
		prevAsOf = plan.AsOf
		left := float64(12 - int(m)) // months after the as-of month, whole
		for _, tg := range plan.Targets {
			if tg.Progress == nil || tg.Progress.ActualToDate == nil || tg.Progress.PlanToDate == nil ||
				tg.Progress.Gap == nil || tg.Progress.NeededPerMonth == nil || tg.Value == nil {
				t.Errorf("%s %s: progress incomplete: %+v", plan.AsOf, tg.ID, tg.Progress)
				continue
			}
			var want float64
			for _, d := range won[tg.Team] {
				if !d.closed.Before(start) && !d.closed.After(asOf) {
					if tg.Metric == "revenue" {
						want += d.amount
					} else {
						want++
					}
				}
			}
			p := tg.Progress
			if !near(*p.ActualToDate, want) {
				t.Errorf("%s %s: actual to date %.2f, want %.2f from the history", plan.AsOf, tg.ID, *p.ActualToDate, want)
			}
			if !near(*p.Gap, *p.ActualToDate-*p.PlanToDate) {
				t.Errorf("%s %s: gap %.2f, want actual - plan = %.2f", plan.AsOf, tg.ID, *p.Gap, *p.ActualToDate-*p.PlanToDate)
			}
			if need := math.Max(0, *tg.Value-want) / left; !near(*p.NeededPerMonth, need) {
				t.Errorf("%s %s: needed per month %.2f, want %.2f over %.0f months", plan.AsOf, tg.ID, *p.NeededPerMonth, need, left)
			}
			if *p.ActualToDate < prevActual[tg.ID] {
				t.Errorf("%s %s: actual to date fell from %.2f to %.2f", plan.AsOf, tg.ID, prevActual[tg.ID], *p.ActualToDate)
			}
			prevActual[tg.ID] = *p.ActualToDate
			// The flat plan (METHOD §5) of the months gone by.
			if planned := *tg.Value * float64(m) / 12; !near(*p.PlanToDate, planned) {
				t.Errorf("%s %s: plan to date %.2f, want the flat share %.2f", plan.AsOf, tg.ID, *p.PlanToDate, planned)
			}
		}
	}
	if prevActual["PME-REV"] == 0 || prevActual["GC-NEW"] == 0 {
		t.Errorf("no actuals over 2026: %v", prevActual)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// TestPipelineRunnerBadPreviousPlan: a previous plan.json that cannot be
// read (edited by hand, cut short) costs the "changes since last run"
// section, with a warning, not the report.
func TestPipelineRunnerBadPreviousPlan(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the samples: skipped with -short")
	}
	f := budgetFolder(t)
	if err := os.MkdirAll(filepath.Join(f.out, "budget"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.out, "budget", "plan.json"), []byte(`{"as_of": "2026-10-31", "targ`), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	opt := realOptions(f.in, f.out, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "json")
	opt.Log, _ = NewLogger(&log, "text")
	sum, err := Run(context.Background(), opt)
	if got, want := ExitCode(sum, err), ExitOK; got != want {
		t.Fatalf("exit code = %d (%v), want %d", got, err, want)
	}
	if !strings.Contains(log.String(), "changes since the last run left out: read previous plan") {
		t.Errorf("no warning about the previous plan.json:\n%s", log.String())
	}
	plan := readPlan(t, filepath.Join(f.out, "budget", "plan.json"))
	if plan.PreviousAsOf != nil || len(plan.Changes) != 0 {
		t.Errorf("previous_as_of = %v, %d changes; want none", plan.PreviousAsOf, len(plan.Changes))
	}
}

// A history with a NUL byte near its start, and one in UTF-16 without a
// BOM, were classified "unknown" and skipped at INFO: the plans went out
// without half the deals, exit 0. Both are now read, and a table that is
// none of the known kinds fails the run (exit 4) instead of vanishing.
func TestNoHistoryDroppedSilently(t *testing.T) {
	needSamples(t, "history_fr.csv", "targets.xlsx")
	if testing.Short() {
		t.Skip("plans the samples: skipped with -short")
	}
	hist, err := os.ReadFile(filepath.Join(samplesDir, "history_fr.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(hist), "\n")
	half := len(lines) / 2
	first := strings.Join(lines[:half], "")
	second := lines[0] + strings.Join(lines[half:], "")
	// a NUL in the second data row of the first file
	nul := strings.Replace(first, "\n", "\n", 1)
	i := strings.Index(nul, "\n") + 1
	i += strings.Index(nul[i:], ";") + 1
	nul = nul[:i] + "\x00" + nul[i:]
	// the second file in UTF-16 LE with no BOM
	var u16 strings.Builder
	for _, r := range strings.TrimPrefix(second, "\ufeff") {
		u16.WriteByte(byte(r))
		u16.WriteByte(byte(r >> 8))
	}
	f := newFolder(t)
	f.drop("history-2025.csv", nul)
	f.drop("history-2026.csv", u16.String())
	f.drop("mystery.csv", "alpha;beta;gamma\n1;2;3\n4;5;6\n")
	copySample(t, f.in, "targets.xlsx", "budget.xlsx")
	sum, err := Run(context.Background(), realOptions(f.in, f.out, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "json"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, in := range sum.Inputs {
		kinds[in.File] = string(in.Kind) + "/" + in.Status
	}
	want := map[string]string{"history-2025.csv": "history/read", "history-2026.csv": "history/read",
		"mystery.csv": "unknown/failed", "budget.xlsx": "targets/read"}
	if !equalMaps(kinds, want) {
		t.Errorf("inputs %v, want %v", kinds, want)
	}
	if got := ExitCode(sum, err); got != ExitPartial {
		t.Errorf("exit code %d, want %d: a table nobody could classify is a failure", got, ExitPartial)
	}
	if got := statuses(sum); got["budget.xlsx"] != StatusProduced {
		t.Errorf("targets %v, want budget.xlsx produced with the histories read", got)
	}
}

// TestHostileWorkbooksDoNotStopTheRun drops every hostile workbook of
// issue 18 beside a good history and targets: each is refused with its
// message, and the plan of the good files is produced all the same.
func TestHostileWorkbooksDoNotStopTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the samples: skipped with -short")
	}
	f := budgetFolder(t)
	for _, h := range append(hostile.Names, struct{ Name, Want string }{hostile.FarCorner, ""}, struct{ Name, Want string }{hostile.ManySheets, ""}) {
		var b bytes.Buffer
		if err := hostile.Write(&b, h.Name, 40); err != nil {
			t.Fatal(err)
		}
		f.drop(h.Name+".xlsx", b.String())
	}
	sum, err := Run(context.Background(), realOptions(f.in, f.out, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "json"))
	if err != nil {
		t.Fatal(err)
	}
	// the classifier reads the first rows: the wide row, the last of the
	// sheet, is past them, and the file is a sheet with no header
	want := map[string]string{
		"spaces.xlsx":      "refused as a possible zip bomb): worksheet Deals expands past 32 MiB without a cell",
		"sst-many.xlsx":    "refused as a possible zip bomb): shared strings: more than 8388608 strings",
		"sst-long.xlsx":    "refused as a possible zip bomb): shared strings: string 1 is longer than 1 MiB",
		"cell-long.xlsx":   "worksheet Deals: row 1: a cell longer than 1 MiB",
		"nested.xlsx":      "worksheet XML is damaged: the sheet ends early: worksheet Deals: damaged XML at byte 300: elements nested deeper than 64",
		"wide.xlsx":        "no header row of theirs found",
		"far-corner.xlsx":  "no header row of theirs found",
		"many-sheets.xlsx": "the workbook lists 100000 sheets, limit 4096",
	}
	for _, in := range sum.Inputs {
		w, hostile := want[in.File]
		switch {
		case hostile && (in.Status != InputFailed || !strings.Contains(in.Reason, w)):
			t.Errorf("%s: %s %q, want failed with %q", in.File, in.Status, in.Reason, w)
		case !hostile && in.Status != InputRead:
			t.Errorf("%s: %s %q, want read", in.File, in.Status, in.Reason)
		}
		delete(want, in.File)
	}
	if len(want) > 0 {
		t.Errorf("not listed: %v", want)
	}
	if got := statuses(sum); got["budget.xlsx"] != StatusProduced {
		t.Errorf("targets %v, want budget.xlsx produced", got)
	}
}

// A file whose reading goes past its memory budget is failed with the
// budget named, and the run goes on: the targets are planned from the
// other history. The budget here is 8 MB, and the second history holds
// 300,000 deals (about 20 MB once read); the sample history and the
// targets read within it.
func TestFileOverBudgetDoesNotStopTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the samples: skipped with -short")
	}
	f := budgetFolder(t)
	var b strings.Builder
	b.WriteString("Identifiant;Propriétaire;Équipe;Étape;Date de création;Date de clôture;Montant\n")
	for i := range 300_000 {
		fmt.Fprintf(&b, "X-%07d;Rep %03d;PME & ETI;Gagné;%02d/01/2025;%02d/03/2025;%d,00\n", i, i%300, 1+i%28, 1+i%28, 1000+i%9000)
	}
	f.drop("historique-2025.csv", b.String())
	opt := realOptionsWith(importer.Options{Budget: importer.Budget{Memory: 8 << 20}}, f.in, f.out,
		time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "json")
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range sum.Inputs {
		switch in.File {
		case "historique-2025.csv":
			if in.Status != InputFailed || !strings.Contains(in.Reason, "over the 8 MB allowed") {
				t.Errorf("%s: %s %q, want failed over its memory budget", in.File, in.Status, in.Reason)
			}
		default:
			if in.Status != InputRead {
				t.Errorf("%s: %s %q, want read", in.File, in.Status, in.Reason)
			}
		}
	}
	if got := statuses(sum); got["budget.xlsx"] != StatusProduced {
		t.Errorf("targets %v, want budget.xlsx produced", got)
	}
}

// A history deleted after the folder was listed, before the job that
// reads it, is failed in batch.json, never listed as read, and the
// targets file that needed it is not produced from nothing.
func TestHistoryDeletedBeforeItIsRead(t *testing.T) {
	f := budgetFolder(t)
	opt := realOptions(f.in, f.out, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "json")
	run := opt.Run
	opt.Run = func(ctx context.Context, job Job) (Outcome, error) {
		os.Remove(filepath.Join(f.in, "historique.csv")) // listed, hashed, classified: now gone
		return run(ctx, job)
	}
	sum, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	wantInput(t, sum, "historique.csv", InputFailed, "no such file")
	if got := statuses(sum)["budget.xlsx"]; got == StatusProduced {
		t.Errorf("budget.xlsx %s without its history", got)
	}
}
