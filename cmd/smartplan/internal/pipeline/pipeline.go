package pipeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/renameio/v2"

	"github.com/smartplan/smartplan/importer"
	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report"
)

// Inputs names the files of one planning job.
type Inputs struct {
	History, Activity, Targets []string
	Teams, Accounts            string
	// FX is an exchange-rate table (importer.LoadFX): with it, every
	// amount is converted into the reporting currency (the configured
	// one, else the table's currency at rate 1).
	FX string
	// Market is the addressable market per segment (importer.LoadMarket).
	Market string
	// Quota is a CRM quota export read as revenue targets per team and
	// QuotaPeriod (importer.LoadQuota), beside the targets files.
	Quota, QuotaPeriod string
}

// Settings are the job's settings, already merged from flags and config.
type Settings struct {
	AsOf time.Time
	// AsOfDefault says that AsOf is today's date because none was given:
	// a history that ends before the window is then refused
	// (planner.CheckDefaultAsOf) instead of planned as empty.
	AsOfDefault bool
	Import      importer.Options
	Planner     planner.Options
	Report      report.Options
	Formats     []string // any of xlsx, pdf, json
	OutDir      string
	// Previous is the previous run's judgement per target id, read from its
	// plan.json, for the "changes since last run" sections (METHOD §8).
	Previous     map[string]report.PreviousTarget
	PreviousAsOf time.Time
	// TrackRecord, when set, gives the plan's track record instead of
	// Build (planner.NewTrackRecord, remembered by a caller that plans
	// several targets files from the same history).
	TrackRecord func(deals []planner.Deal, opt planner.Options) *planner.TrackRecord
}

// Result is what a run produced.
type Result struct {
	Plan    *planner.Plan
	Outputs []string // paths written, in the order of Settings.Formats
}

// ErrNoHistory is returned when no history file could be read at all.
var ErrNoHistory = errors.New("no usable history: every history file failed to load")

// ErrNoTargets is returned when no targets file could be read at all.
var ErrNoTargets = errors.New("no usable targets: every targets file failed to load")

// Load reads every input file. A file that fails entirely is recorded as a
// problem and the others are still read; Load fails only when no history or
// no targets file could be read (targets are optional when needTargets is
// false).
func Load(ctx context.Context, in Inputs, opt importer.Options, needTargets bool) (planner.Input, error) {
	pin, err := loadShared(ctx, in, &opt) // (opt now holds the teams the quota's owners take)
	if err != nil {
		return pin, err
	}
	if pin, err = AddTargets(pin, in.Targets, opt, needTargets && in.Quota == ""); err != nil || in.Quota == "" {
		return pin, err
	}
	period := in.QuotaPeriod
	if period == "" {
		period = "quarter"
	}
	q, err := importer.LoadQuota(in.Quota, opt, period)
	if err != nil {
		pin.Problems = append(pin.Problems, fileProblem(in.Quota, "quota", err))
		if len(pin.Targets) == 0 && needTargets {
			return pin, fmt.Errorf("%w (%s)", ErrNoTargets, firstMessage(pin.Problems))
		}
		return pin, nil
	}
	pin.Targets = append(pin.Targets, q.Targets...)
	pin.Problems = append(pin.Problems, q.Problems...)
	pin.Files = append(pin.Files, withHash(q.File, importer.Quota))
	return pin, nil
}

// LoadShared reads the files that every targets file of a job shares: the
// lookups, the history and the activity. Batch mode reads them once per run.
func LoadShared(ctx context.Context, in Inputs, opt importer.Options) (planner.Input, error) {
	return loadShared(ctx, in, &opt)
}

// loadShared is LoadShared, leaving in opt the lookups and the exchange
// rates it read, for the files read after it.
func loadShared(ctx context.Context, in Inputs, opt *importer.Options) (planner.Input, error) {
	var pin planner.Input
	for _, l := range []struct {
		path, kind string
		dst        *map[string]string
	}{{in.Teams, "teams", &opt.Teams}, {in.Accounts, "accounts", &opt.Accounts}} {
		if l.path == "" {
			continue
		}
		m, probs, file, err := importer.LoadLookup(l.path, l.kind, *opt)
		if err != nil {
			return pin, fmt.Errorf("read %s file: %w", l.kind, err)
		}
		*l.dst = m
		pin.Problems = append(pin.Problems, probs...)
		pin.Files = append(pin.Files, withHash(file, l.kind))
	}
	if in.FX != "" {
		if fx, probs, file, err := LoadFX(in.FX, *opt); err != nil {
			pin.Problems = append(pin.Problems, fileProblem(in.FX, "exchange-rate", err))
		} else {
			opt.FX = fx
			pin.Problems = append(pin.Problems, probs...)
			pin.Files = append(pin.Files, withHash(file, importer.FX))
		}
	}
	if in.Market != "" {
		if m, probs, file, err := importer.LoadMarket(in.Market, *opt); err != nil {
			pin.Problems = append(pin.Problems, fileProblem(in.Market, "market", err))
		} else {
			pin.Market = m
			pin.Problems = append(pin.Problems, probs...)
			pin.Files = append(pin.Files, withHash(file, importer.Market))
		}
	}
	won := map[planner.GroupKey]map[string]bool{}
	read := 0
	for _, path := range in.History {
		if err := ctx.Err(); err != nil {
			return pin, err
		}
		h, err := importer.LoadHistory(path, *opt)
		if err != nil {
			pin.Problems = append(pin.Problems, fileProblem(path, "history", err))
			continue
		}
		read++
		if pin.Deals == nil {
			// The common case, one history file: take its deals as they
			// are. Copying them would double the peak memory of a large
			// export (64 MB for 1,000,000 deals).
			pin.Deals = h.Deals
		} else {
			pin.Deals = append(pin.Deals, h.Deals...)
		}
		pin.Problems = append(pin.Problems, h.Problems...)
		pin.Files = append(pin.Files, withHash(h.File, "history"))
		pin.FX = append(pin.FX, h.FX...)
		for k, accounts := range h.WonAccounts {
			if won[k] == nil {
				won[k] = map[string]bool{}
			}
			for a := range accounts {
				won[k][a] = true
			}
		}
	}
	if len(won) > 0 {
		pin.WonAccounts = map[planner.GroupKey]int{}
		for k, accounts := range won {
			pin.WonAccounts[k] = len(accounts)
		}
	}
	if read == 0 && len(in.History) > 0 {
		return pin, fmt.Errorf("%w (%s)", ErrNoHistory, firstMessage(pin.Problems))
	}
	for _, path := range in.Activity {
		if err := ctx.Err(); err != nil {
			return pin, err
		}
		a, err := importer.LoadActivity(path, *opt)
		if err != nil {
			pin.Problems = append(pin.Problems, fileProblem(path, "activity", err))
			continue
		}
		pin.Activity = append(pin.Activity, a.Activity...)
		pin.Problems = append(pin.Problems, a.Problems...)
		pin.Files = append(pin.Files, withHash(a.File, "activity"))
	}
	return pin, nil
}

// AddTargets reads the targets files into a copy of shared, which is left
// as it was so that it can serve other targets files.
func AddTargets(shared planner.Input, paths []string, opt importer.Options, needTargets bool) (planner.Input, error) {
	pin := shared
	pin.Problems = append([]planner.Problem(nil), shared.Problems...)
	pin.Files = append([]planner.InputFile(nil), shared.Files...)
	pin.Targets, pin.Sources = nil, nil
	read := 0
	for _, path := range paths {
		t, err := importer.LoadTargets(path, opt)
		if err != nil {
			pin.Problems = append(pin.Problems, fileProblem(path, "targets", err))
			continue
		}
		read++
		base := len(pin.Targets)
		pin.Targets = append(pin.Targets, t.Targets...)
		for _, src := range t.Sources {
			for i := range src.Rows {
				if src.Rows[i].TargetIndex >= 0 {
					src.Rows[i].TargetIndex += base
				}
			}
			pin.Sources = append(pin.Sources, src)
		}
		pin.Problems = append(pin.Problems, t.Problems...)
		pin.Files = append(pin.Files, withHash(t.File, "targets"))
	}
	if needTargets && read == 0 {
		return pin, fmt.Errorf("%w (%s)", ErrNoTargets, firstMessage(pin.Problems))
	}
	return pin, nil
}

// LoadFX reads an exchange-rate table into the table that converts into
// the reporting currency opt.Currency (else the table's currency at rate
// 1).
func LoadFX(path string, opt importer.Options) (*planner.FXTable, []planner.Problem, planner.InputFile, error) {
	rates, probs, file, err := importer.LoadFX(path, opt)
	if err != nil {
		return nil, nil, file, err
	}
	fx, err := planner.NewFXTable(opt.Currency, rates)
	if err != nil {
		return nil, nil, file, err
	}
	return fx, probs, file, nil
}

// fileProblem records a file that could not be used at all.
func fileProblem(path, kind string, err error) planner.Problem {
	return planner.Problem{
		Position: planner.Position{File: path},
		Kind:     "unreadable_file",
		Severity: planner.SeverityError,
		Message:  fmt.Sprintf("%s file %s was not used: %v", kind, path, err),
	}
}

func firstMessage(ps []planner.Problem) string {
	for _, p := range ps {
		if p.Kind == "unreadable_file" {
			return p.Message
		}
	}
	return "no file given"
}

// withHash fills in the file's kind and content hash when the importer did
// not.
func withHash(f planner.InputFile, kind string) planner.InputFile {
	if f.Kind == "" {
		f.Kind = kind
	}
	if f.SHA256 == "" && f.Path != "" {
		if sum, err := HashFile(f.Path); err == nil {
			f.SHA256 = sum
		}
	}
	return f
}

// HashFile returns the hex SHA-256 of a file's content.
func HashFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Run loads the inputs, builds the plan and writes the reports.
func Run(ctx context.Context, in Inputs, s Settings) (*Result, error) {
	pin, err := Load(ctx, in, s.Import, true)
	if err != nil {
		return nil, err
	}
	return PlanAndWrite(ctx, pin, s)
}

// PlanAndWrite builds the plan of loaded inputs and writes the reports.
func PlanAndWrite(ctx context.Context, pin planner.Input, s Settings) (*Result, error) {
	popt := s.Planner
	popt.AsOf = s.AsOf
	var probs []planner.Problem
	if pin.Deals, probs = planner.OneCurrency(pin.Deals); len(probs) > 0 {
		pin.Problems = append(slices.Clone(pin.Problems), probs...)
	}
	if s.AsOfDefault {
		if err := planner.CheckDefaultAsOf(pin.Deals, s.AsOf, popt.WindowMonths); err != nil {
			return nil, err
		}
	}
	track := popt.TrackRecord && s.TrackRecord != nil
	if track {
		popt.TrackRecord = false
	}
	plan, err := planner.Build(pin, popt)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if track {
		plan.TrackRecord = s.TrackRecord(pin.Deals, popt)
	}
	if s.Previous != nil {
		plan.PreviousAsOf = s.PreviousAsOf
		plan.Changes = Changes(s.Previous, plan)
	}
	res := &Result{Plan: plan}
	if s.OutDir == "" || len(s.Formats) == 0 {
		return res, nil
	}
	if err := os.MkdirAll(s.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	if slices.Contains(s.Formats, "pdf") {
		if rs := report.UndrawableRunes(plan); len(rs) > 0 {
			plan.Problems = append(plan.Problems, report.UndrawableProblem(rs, plan.Lang))
		}
	}
	for _, format := range s.Formats {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		path := filepath.Join(s.OutDir, "plan."+format)
		if err := WriteReport(path, format, plan, s.Report); err != nil {
			return res, err
		}
		res.Outputs = append(res.Outputs, path)
	}
	return res, nil
}

// WriteReport renders one format into memory and writes it atomically: a
// reader of path sees the previous file or the new one, never a part.
func WriteReport(path, format string, plan *planner.Plan, opt report.Options) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "xlsx":
		err = report.WriteXLSX(&buf, plan, opt)
	case "pdf":
		err = report.WritePDF(&buf, plan, opt)
	case "json":
		err = report.WriteJSON(&buf, plan, opt)
	default:
		return fmt.Errorf("unknown format %q (expected xlsx, pdf or json)", format)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The temporary file goes beside the report, never into /tmp: a killed
	// run then leaves nothing behind that the next run cannot see and clean.
	if err := renameio.WriteFile(path, buf.Bytes(), 0o644, renameio.WithTempDir(filepath.Dir(path))); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Changes compares the previous run's judgement with the new plan: targets
// whose verdict or probability moved, and new targets. Unchanged targets
// are left out.
func Changes(prev map[string]report.PreviousTarget, plan *planner.Plan) []planner.Change {
	var out []planner.Change
	for _, t := range plan.Targets {
		c := planner.Change{
			TargetID:       t.Target.ID,
			Team:           t.Target.Team,
			Metric:         t.Target.Metric,
			NewVerdict:     t.Verdict,
			NewProbability: t.Probability,
		}
		p, ok := prev[t.Target.ID]
		if !ok {
			c.New = true
			out = append(out, c)
			continue
		}
		c.OldVerdict, c.OldProbability = p.Verdict, p.Probability
		c.HasProbability = p.HasProbability && t.HasProbability
		moved := p.Verdict != t.Verdict
		if c.HasProbability && abs(p.Probability-t.Probability) >= 0.005 {
			moved = true
		}
		if p.HasProbability != t.HasProbability {
			moved = true
		}
		if moved {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Team != out[j].Team {
			return out[i].Team < out[j].Team
		}
		return strings.Compare(out[i].TargetID, out[j].TargetID) < 0
	})
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
