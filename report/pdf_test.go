package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/smartplan/smartplan/report/font"
)

// SMARTPLAN_PDF_OUT names a directory where TestPDFGolden also writes the
// PDFs, to look at them (pdftoppm -png -r 70 …).
var pdfOut = os.Getenv("SMARTPLAN_PDF_OUT")

// pdfCase is a plan to render, with the options of the run.
type pdfCase struct {
	name string
	plan func() *planner.Plan
	opt  Options
}

func pdfCases() []pdfCase {
	return []pdfCase{
		{"sample_en", func() *planner.Plan { return samplePlan("en") }, Options{Lang: "en", Title: "Acme Logiciels", Currency: "EUR", Version: "test"}},
		{"sample_fr", func() *planner.Plan { return samplePlan("fr") }, Options{Lang: "fr", Title: "Acme Logiciels", Currency: "EUR", Version: "test"}},
		{"empty_en", pdfEmptyPlan, Options{Lang: "en"}},
		{"long_names_fr", func() *planner.Plan { return pdfLongNamesPlan("fr") }, Options{Lang: "fr", Currency: "CHF"}},
		{"nothing_computed_en", pdfNothingComputedPlan, Options{Lang: "en", Currency: "USD"}},
		{"hostile_en", pdfHostilePlan, Options{Lang: "en", Title: "=HYPERLINK(\"x\")\x00\u202f\u2713 漢字"}},
		{"overfull_en", pdfOverfullPlan, Options{Lang: "en", Currency: "EUR"}},
	}
}

// pdfOverfullPlan is the long-names plan with, on its first target, every
// SMART letter failing at length: even with its lists cut to the minimum
// that target cannot keep its charts on its page, the one case where a
// continuation page is right. The other targets must still fit on one.
func pdfOverfullPlan() *planner.Plan {
	p := pdfLongNamesPlan("en")
	t := &p.Targets[0]
	why := "The target names no segment, offer or lever that the history can check, and its scope overlaps " +
		"two other targets of the same team on the same period, so the planner cannot tell which one it is."
	for _, c := range []*planner.Check{&t.Smart.Specific, &t.Smart.Measurable, &t.Smart.Achievable, &t.Smart.Relevant, &t.Smart.TimeBound} {
		*c = planner.Check{Reason: why}
	}
	return p
}

// pdfEmptyPlan has no target, no file, no ratio and no problem.
func pdfEmptyPlan() *planner.Plan {
	return &planner.Plan{AsOf: day(2026, 11, 30), WindowMonths: 12, Lang: "en", Currency: "EUR"}
}

// pdfLongNamesPlan stretches every name: teams, scopes, ids, files,
// reasons, and a word longer than any cell.
func pdfLongNamesPlan(lang string) *planner.Plan {
	p := samplePlan(lang)
	long := "Direction Régionale des Grands Comptes Internationaux, Collectivités Territoriales et Établissements Publics de Santé"
	word := "Sous-segment_Hyper-Stratégique_Sans_Aucun_Espace_Pour_Couper_La_Ligne_0123456789"
	for i := range p.Targets {
		t := &p.Targets[i]
		t.Target.Team = fmt.Sprintf("%s %d", long, i%2)
		t.Target.Segment = word
		t.Target.Offer = "Offre « Plateforme Analytique Prédictive » édition entreprise multi-pays"
		t.Target.ID = "OBJ-2027-" + strings.Repeat("X", 40) + strconv.Itoa(i)
		for j := 0; j < 10; j++ {
			t.Reasons = append(t.Reasons, planner.Reason{Code: "extra", Message: fmt.Sprintf(
				"Raison supplémentaire n° %d : %s dépasse de 1\u00a0234\u00a0567\u00a0€ ce que l’historique montre, %s.", j+1, long, word)})
		}
		t.Sentence = strings.Repeat(t.Sentence+" ", 4)
		t.Mistakes = append(t.Mistakes, t.Reasons...)
	}
	for i := range p.Ratios {
		if p.Ratios[i].Key.Team != "" {
			p.Ratios[i].Key.Team = long
		}
	}
	for i := range p.Files {
		p.Files[i].Path = "/srv/partage/finance/2026/exports CRM/" + strings.Repeat("très-long-", 8) + filepath.Base(p.Files[i].Path)
	}
	for i := range p.Changes {
		p.Changes[i].Team = long
	}
	return p
}

// pdfNothingComputedPlan has every Has flag false, an unknown metric, a
// missing verdict, NaN numbers and no monthly plan: the report must say
// "not computed" and never print a made-up number.
func pdfNothingComputedPlan() *planner.Plan {
	p := samplePlan("en")
	for i := range p.Targets {
		t := &p.Targets[i]
		t.HasProbability, t.HasCapacity, t.HasRequired, t.HasProgress = false, false, false, false
		t.Probability, t.P10, t.P50, t.P90 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		t.CapacityRatio = math.Inf(1)
		t.Target.HasValue = false
		t.History = planner.Ratios{Key: t.History.Key}
		t.Monthly = nil
		t.Levers = nil
		t.CreationMonths = 0
	}
	for i := range p.Targets {
		// Messages without numbers, so that any number on the page would
		// come from the writer.
		t := &p.Targets[i]
		for j := range t.Reasons {
			t.Reasons[j].Message = "Reason " + t.Reasons[j].Code + "."
		}
		for _, c := range []*planner.Check{&t.Smart.Specific, &t.Smart.Measurable, &t.Smart.Achievable, &t.Smart.Relevant, &t.Smart.TimeBound} {
			if c.Reason != "" {
				c.Reason = "Fails."
			}
		}
		t.Sentence = ""
	}
	p.Targets[0].Target.Metric, p.Targets[0].Target.MetricText = "market_share", "part de marché"
	p.Targets[1].Verdict = ""
	p.Targets[2].Reasons = nil
	p.Targets[3].Target.Start, p.Targets[3].Target.Deadline = time.Time{}, time.Time{}
	for i := range p.Files {
		p.Files[i].SHA256 = ""
	}
	p.Changes = append(p.Changes, planner.Change{TargetID: "PME-MTG-1", Team: teamPME, Metric: planner.Meetings,
		OldVerdict: planner.Stretch, NewVerdict: planner.Stretch})
	for i := range p.Changes {
		c := &p.Changes[i]
		c.HasProbability, c.OldProbability, c.NewProbability = false, 0, 0
	}
	return p
}

// pdfHostilePlan has numbers a planner bug could let through (NaN,
// infinities, negatives, 1e300) and text no font has (control characters,
// invalid UTF-8, CJK, check marks): the report must still render, stay in
// its boxes and never print "NaN" or "Inf".
func pdfHostilePlan() *planner.Plan {
	p := samplePlan("en")
	nan, inf := math.NaN(), math.Inf(1)
	for i := range p.Targets {
		t := &p.Targets[i]
		switch i % 4 {
		case 0:
			t.Probability, t.P10, t.P50, t.P90, t.CapacityRatio = nan, nan, inf, -inf, nan
			t.Required.Contacts, t.Required.Deals = inf, -5
			t.History.OpportunitiesPerMonth, t.History.WinRate = nan, inf
		case 1:
			t.Target.Value = 1e300
			t.Required = planner.Funnel{Contacts: 1e300, Responses: 1e299, Meetings: 1e298, Opportunities: 1e297, Deals: 1e296}
			t.History.Revenue, t.History.AvgDeal = 1e300, 1e300
		case 2:
			t.Target.Value = nan
			t.Target.Team = "Team\x00\x01\ttab\u202fnarrow \xff\xfe ✓✗ 漢字 😀"
			t.Sentence = "\u200b\u2028line\r\nbreaks\n\n\nand\ttabs"
		case 3:
			t.PlanToDate, t.ActualToDate, t.NeededPerMonth, t.HasProgress = nan, inf, -inf, true
			t.Levers = append(t.Levers, planner.Lever{Name: "declared", Current: 1, Required: nan, Uplift: inf, Components: []string{"x"}})
		}
		for j := range t.Monthly {
			if j%3 == 0 {
				t.Monthly[j].Revenue, t.Monthly[j].CumRevenue, t.Monthly[j].Deals = nan, inf, -1
				t.Monthly[j].Actual, t.Monthly[j].HasActual = nan, true
			}
		}
	}
	p.Ratios[0].WinRate, p.Ratios[0].AvgDeal, p.Ratios[0].OpportunitiesPerMonth = nan, inf, -inf
	p.Assumptions = append(p.Assumptions, planner.Assumption{Name: "response_rate", Value: nan, Why: "\x1b[31mred"})
	p.Changes[0].OldProbability, p.Changes[0].NewProbability = nan, inf
	return p
}

// pdfRenders caches the recorded render of each case: the golden, layout
// and edge-case tests read the same documents, and rendering under -race
// is slow.
var pdfRenders sync.Map // case name -> *pdfRendered

type pdfRendered struct {
	once sync.Once
	d    *pdfDoc
	err  error
}

// render lays a case out with recording on, once per test binary. Callers
// must not modify the document.
func (c pdfCase) render(t testing.TB) *pdfDoc {
	t.Helper()
	v, _ := pdfRenders.LoadOrStore(c.name, &pdfRendered{})
	r := v.(*pdfRendered)
	r.once.Do(func() { r.d, r.err = renderPDF(c.plan(), c.opt, true) })
	if r.err != nil {
		t.Fatalf("%s: %v", c.name, r.err)
	}
	return r.d
}

// pdfDump renders the recorded texts page by page in reading order: lines
// by their top, texts within a line left to right, joined by " | ".
func pdfDump(d *pdfDoc) string {
	byPage := map[int][]pdfText{}
	for _, t := range d.log {
		byPage[t.Page] = append(byPage[t.Page], t)
	}
	var b strings.Builder
	for p := 1; p <= d.pages; p++ {
		fmt.Fprintf(&b, "=== page %d\n", p)
		ts := byPage[p]
		sort.SliceStable(ts, func(i, j int) bool {
			if math.Abs(ts[i].Y-ts[j].Y) > 0.05 {
				return ts[i].Y < ts[j].Y
			}
			return ts[i].X < ts[j].X
		})
		var line []pdfText
		flush := func() {
			sort.SliceStable(line, func(i, j int) bool { return line[i].X < line[j].X })
			parts := make([]string, len(line))
			for i, t := range line {
				parts[i] = t.Text
			}
			b.WriteString(strings.Join(parts, " | ") + "\n")
			line = nil
		}
		for _, t := range ts {
			if line != nil && t.Y-line[0].Y > 1.0 {
				flush()
			}
			line = append(line, t)
		}
		if line != nil {
			flush()
		}
	}
	return b.String()
}

// TestPDFGolden compares the text of every page with testdata/pdf/<case>.golden.
func TestPDFGolden(t *testing.T) {
	for _, c := range pdfCases() {
		t.Run(c.name, func(t *testing.T) {
			d := c.render(t)
			got := pdfDump(d)
			if pdfOut != "" {
				if err := os.MkdirAll(pdfOut, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(pdfOut, c.name+".pdf"), d.out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join("testdata", "pdf", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if got != string(want) {
				t.Errorf("PDF text differs from %s (run with -update and review the diff):\n%s", path, pdfFirstDiff(got, string(want)))
			}
		})
	}
}

// pdfFirstDiff shows the first differing line of two dumps.
func pdfFirstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return ""
}

// TestPDFReproducible checks that two runs on equal plans give the same
// bytes, with the document dates taken from the plan, not the clock.
func TestPDFReproducible(t *testing.T) {
	// The recorded render of the golden test, then a plain WritePDF run on
	// a fresh plan: recording must not change a byte either. French is
	// checked the same way by TestPDFConcurrent.
	c := pdfCases()[0]
	var first, second bytes.Buffer
	first.Write(c.render(t).out)
	if err := WritePDF(&second, c.plan(), c.opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("two runs differ (%d and %d bytes)", first.Len(), second.Len())
	}
	if !bytes.HasPrefix(first.Bytes(), []byte("%PDF-")) {
		t.Error("output is not a PDF")
	}
	// Bookmarks: the viewer opens on the outline (cover, summary, changes,
	// targets and one entry per target, appendix).
	for _, want := range []string{"/CreationDate (D:20261130120000", "/ModDate (D:20261130120000",
		"/Type /Outlines", "/PageMode /UseOutlines"} {
		if !bytes.Contains(first.Bytes(), []byte(want)) {
			t.Errorf("no %q: document dates must be the plan's as-of date at noon", want)
		}
	}
}

// TestPDFConcurrent writes PDFs from several goroutines at once, as a batch
// run may: the shared fonts must not race (run with -race), and each output
// must be the same.
func TestPDFConcurrent(t *testing.T) {
	const n = 3
	outs := make([]bytes.Buffer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = WritePDF(&outs[i], samplePlan("fr"), Options{Lang: "fr"})
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if i > 0 && !bytes.Equal(outs[i].Bytes(), outs[0].Bytes()) {
			t.Errorf("goroutine %d: output differs from goroutine 0's", i)
		}
	}
}

func TestPDFNilPlan(t *testing.T) {
	if err := WritePDF(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("WritePDF(nil plan) gave no error")
	}
}

// TestPDFEdgeCases renders plans with no target, very long names and no
// computed number, and checks what each must say.
func TestPDFEdgeCases(t *testing.T) {
	cases := map[string]pdfCase{}
	for _, c := range pdfCases() {
		cases[c.name] = c
	}
	for _, tc := range []struct {
		name     string
		want     []string
		wantNot  []*regexp.Regexp
		minPages int
	}{
		{name: "empty_en", minPages: 3, want: []string{"The target files gave no target.", "0 targets, 0 teams",
			"No input file was recorded.", "No problem was found in the input files.", "Inputs: none recorded"}},
		{name: "long_names_fr", minPages: 12, want: []string{"…", "(suite)"}},
		{name: "nothing_computed_en", minPages: 10,
			want: []string{"not computed", "Not computed: the history does not allow",
				"part de marché", "no start date – no deadline", "No reason given.", "Stretch", "Inputs: history.csv · activity.csv"},
			// No probability, outcome or capacity may be printed.
			wantNot: []*regexp.Regexp{regexp.MustCompile(`P10 `), regexp.MustCompile(`\d+%`), regexp.MustCompile(`×`),
				regexp.MustCompile(`NaN|Inf`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cases[tc.name]
			d := c.render(t) // renderPDF closes the document: a serialisation error would show here
			if d.pages < tc.minPages {
				t.Errorf("%d pages, want at least %d", d.pages, tc.minPages)
			}
			text := pdfDump(d)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q", w)
				}
			}
			// Only the summary and the target pages: the appendix rightly
			// prints the history's percentages.
			for _, page := range strings.Split(text, "=== page ") {
				if !strings.Contains(page, "SMART check") && !strings.Contains(page, "Executive summary") {
					continue
				}
				for _, re := range tc.wantNot {
					if m := re.FindString(page); m != "" {
						t.Errorf("found %q (%v) in:\n%s", m, re, page)
					}
				}
			}
		})
	}
}

// TestPDFLayout checks every case: each page has its number, the as-of date
// and the traced inputs; every text lies inside the page margins and inside
// its box; every character is in the embedded fonts.
func TestPDFLayout(t *testing.T) {
	const eps = 0.01
	for _, c := range pdfCases() {
		t.Run(c.name, func(t *testing.T) {
			d := c.render(t)
			pages := map[int]map[string]bool{}
			for _, x := range d.log {
				if pages[x.Page] == nil {
					pages[x.Page] = map[string]bool{}
				}
				pages[x.Page][x.Text] = true
				if x.TX < pdfMargin-eps || x.TX+x.TW > pdfRight+eps {
					t.Errorf("page %d: %q lies outside the margins (x %.2f to %.2f)", x.Page, x.Text, x.TX, x.TX+x.TW)
				}
				if x.TW > x.W+eps || x.TX < x.X-eps || x.TX+x.TW > x.X+x.W+eps {
					t.Errorf("page %d: %q (%.2f mm) overflows its box of %.2f mm", x.Page, x.Text, x.TW, x.W)
				}
				if x.Y < 5 || x.Y > pdfPageH-5 {
					t.Errorf("page %d: %q at y %.2f is off the page", x.Page, x.Text, x.Y)
				}
				if x.Y > pdfBottom && x.Y < 283 {
					t.Errorf("page %d: %q at y %.2f runs into the footer", x.Page, x.Text, x.Y)
				}
				if x.Mark {
					continue
				}
				for _, r := range x.Text {
					if r != ' ' && !font.Has(r) {
						t.Errorf("page %d: %q has %U, which the fonts lack", x.Page, x.Text, r)
					}
				}
			}
			if len(pages) != d.pages {
				t.Errorf("%d pages have text, want %d", len(pages), d.pages)
			}
			asOf := d.asOfText()
			for p := 1; p <= d.pages; p++ {
				num := fmt.Sprintf("Page %d / %d", p, d.pages)
				if !pages[p][num] {
					t.Errorf("page %d: no %q", p, num)
				}
				found := false
				for s := range pages[p] {
					if strings.HasPrefix(s, asOf) {
						found = true
					}
				}
				if !found {
					t.Errorf("page %d: no as-of date %q", p, asOf)
				}
				if !pages[p][d.footer] {
					t.Errorf("page %d: no footer %q", p, d.footer)
				}
			}
		})
	}
}

// TestPDFMatchesPdftotext checks the recorded layout model against the PDF
// itself: every text the writer says it drew is on its page in what
// poppler's pdftotext extracts. It skips where pdftotext is not installed.
func TestPDFMatchesPdftotext(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	for _, c := range pdfCases()[:2] {
		t.Run(c.name, func(t *testing.T) {
			d := c.render(t)
			in := filepath.Join(t.TempDir(), "plan.pdf")
			if err := os.WriteFile(in, d.out, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			pages := strings.Split(string(out), "\f")
			norm := func(s string) string {
				return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
			}
			for i := range pages {
				pages[i] = norm(pages[i])
			}
			if len(pages) < d.pages {
				t.Fatalf("pdftotext found %d pages, want %d", len(pages), d.pages)
			}
			missing := 0
			for _, x := range d.log {
				if x.Mark {
					continue
				}
				if s := norm(x.Text); s != "" && !strings.Contains(pages[x.Page-1], s) {
					if missing++; missing <= 10 {
						t.Errorf("page %d: %q is not in the PDF's text", x.Page, x.Text)
					}
				}
			}
		})
	}
}

// pdfStreams returns the decompressed page content streams of a PDF
// written by fpdf: the streams ("stream\n" … "\nendstream") that draw,
// leaving out embedded font files and maps.
func pdfStreams(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for {
		i := bytes.Index(b, []byte("stream\n"))
		if i < 0 {
			return out
		}
		if i >= 3 && string(b[i-3:i]) == "end" {
			b = b[i+7:]
			continue
		}
		dict := b[max(0, bytes.LastIndex(b[:i], []byte("<<"))):i]
		b = b[i+7:]
		j := bytes.Index(b, []byte("\nendstream"))
		if j < 0 {
			t.Fatal("stream without endstream")
		}
		data := b[:j]
		b = b[j:]
		if bytes.Contains(dict, []byte("/Length1")) {
			continue // a TrueType font file
		}
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				data = plain
			}
		}
		if bytes.Contains(data, []byte(" re ")) || bytes.Contains(data, []byte("BT ")) {
			out = append(out, data)
		}
	}
}

// TestPDFNoNaNInStreams decompresses every stream of every case and checks
// that no drawing operator got a NaN or an infinite coordinate, which
// viewers reject or draw at random.
func TestPDFNoNaNInStreams(t *testing.T) {
	bad := regexp.MustCompile(`\b(NaN|[+-]?Inf)\b`)
	for _, c := range pdfCases() {
		t.Run(c.name, func(t *testing.T) {
			streams := pdfStreams(t, c.render(t).out)
			if len(streams) != c.render(t).pages {
				t.Fatalf("%d page streams for %d pages", len(streams), c.render(t).pages)
			}
			for i, s := range streams {
				if m := bad.Find(s); m != nil {
					k := bytes.Index(s, m)
					t.Errorf("stream %d: %q near %q", i, m, s[max(0, k-60):min(len(s), k+20)])
				}
			}
		})
	}
}

// TestPDFFooterHashes checks that the footer traces every input file by the
// first 8 hex digits of its SHA-256.
func TestPDFFooterHashes(t *testing.T) {
	p := samplePlan("en")
	d := pdfCases()[0].render(t)
	for _, f := range p.Files {
		want := filepath.Base(f.Path) + " #" + f.SHA256[:8]
		if !strings.Contains(d.footer, want) {
			t.Errorf("footer %q lacks %q", d.footer, want)
		}
	}
	// Long paths shorten the names, never the hashes.
	long := pdfEmptyPlan()
	long.Files = samplePlan("fr").Files
	for i := range long.Files {
		long.Files[i].Path = "/x/" + strings.Repeat("nom-de-fichier-très-long-", 6) + strconv.Itoa(i) + ".csv"
	}
	d, err := renderPDF(long, Options{Lang: "fr"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range long.Files {
		if !strings.Contains(d.footer, "#"+f.SHA256[:8]) {
			t.Errorf("footer %q lacks the hash of %s", d.footer, f.Path)
		}
	}
	if !strings.Contains(d.footer, "…") {
		t.Errorf("footer %q: long names were not shortened", d.footer)
	}
	for _, tc := range []struct{ in, want string }{
		{"ABCDEF0123456789", "abcdef01"}, {"abc", ""}, {"zzzzzzzzzz", ""}, {"", ""},
	} {
		if got := pdfShortHash(tc.in); got != tc.want {
			t.Errorf("pdfShortHash(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPDFSummaryFlows checks a summary longer than a page: every page of it
// repeats the title and the heading row, and no heading row is left alone
// at the foot of a page.
func TestPDFSummaryFlows(t *testing.T) {
	d, err := renderPDF(pdfBenchPlan(40, 8), Options{Lang: "en"}, true)
	if err != nil {
		t.Fatal(err)
	}
	summary := 0
	for p := 2; p <= d.pages; p++ {
		var heading, continued bool
		var rowsAfter int
		for _, x := range d.log {
			if x.Page != p {
				continue
			}
			switch {
			case x.Text == "Executive summary (continued)" || x.Text == "Executive summary":
				continued = true
			case x.Text == "Main reason":
				heading = true
			case heading && strings.HasPrefix(x.Text, "T0"):
				rowsAfter++
			}
		}
		if !continued {
			break
		}
		summary++
		if !heading {
			t.Errorf("page %d: the summary's heading row is not repeated", p)
		}
		if rowsAfter == 0 {
			t.Errorf("page %d: a heading row with no target under it", p)
		}
	}
	if summary < 3 {
		t.Errorf("the summary of 40 targets took %d pages, want at least 3", summary)
	}
}

// TestPDFOrder checks that the summary and the pages follow team, then
// priority with unranked targets last, then id.
func TestPDFOrder(t *testing.T) {
	p := &planner.Plan{AsOf: day(2026, 11, 30), Targets: []planner.TargetResult{
		{Target: planner.Target{ID: "b3", Team: "beta", Priority: 0}},
		{Target: planner.Target{ID: "a2", Team: "Alpha", Priority: 2}},
		{Target: planner.Target{ID: "b1", Team: "beta", Priority: 1}},
		{Target: planner.Target{ID: "a1", Team: "Alpha", Priority: 1}},
		{Target: planner.Target{ID: "b0", Team: "beta", Priority: 0}},
	}}
	d := &pdfDoc{p: p}
	var got []string
	for _, i := range d.order() {
		got = append(got, p.Targets[i].Target.ID)
	}
	if g, w := strings.Join(got, ","), "a1,a2,b1,b0,b3"; g != w {
		t.Errorf("order = %s, want %s", g, w)
	}
}

// TestPDFWrapFit checks the line breaking: no line wider than the box, no
// break at a no-break space, an ellipsis when text is cut.
func TestPDFWrapFit(t *testing.T) {
	d, err := newPDFDoc(pdfEmptyPlan(), Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	d.font("", 8)
	for _, tc := range []struct {
		s        string
		w        float64
		max      int
		lines    int
		ellipsis bool
	}{
		{"short", 50, 0, 1, false},
		{"Il faut 1\u00a0200\u00a0000\u00a0€ de chiffre d’affaires avant le 31 décembre 2026 pour tenir le plan", 40, 0, 3, false},
		{"Il faut 1\u00a0200\u00a0000\u00a0€ de chiffre d’affaires avant le 31 décembre 2026 pour tenir le plan", 40, 2, 2, true},
		{strings.Repeat("x", 200), 30, 0, 10, false},
		{"first\nsecond", 50, 0, 2, false},
		{"", 50, 0, 1, false},
	} {
		lines := d.wrap(tc.s, tc.w, tc.max)
		if len(lines) != tc.lines {
			t.Errorf("wrap(%q, %v) = %d lines %q, want %d", tc.s, tc.w, len(lines), lines, tc.lines)
		}
		for _, l := range lines {
			if w := d.f.GetStringWidth(l); w > tc.w+1e-9 {
				t.Errorf("wrap(%q): line %q is %.2f mm wide, box %.2f", tc.s, l, w, tc.w)
			}
			if strings.HasPrefix(l, "200") || strings.HasPrefix(l, "€") || strings.IndexAny(l, ":;»") == 0 {
				t.Errorf("wrap(%q): a number was broken at a no-break space: %q", tc.s, lines)
			}
		}
		if got := strings.HasSuffix(lines[len(lines)-1], "…"); got != tc.ellipsis {
			t.Errorf("wrap(%q, max %d): ellipsis %v, want %v (%q)", tc.s, tc.max, got, tc.ellipsis, lines)
		}
	}
	// French punctuation stays with its word even where the box would
	// end just before it.
	fr := "Raison principale : le pipeline ne suffit pas"
	w := d.f.GetStringWidth("Raison principale") + 0.5
	if lines := d.wrap(fr, w, 0); len(lines) < 2 || strings.HasPrefix(lines[1], ":") || strings.HasSuffix(lines[0], "principale") {
		t.Errorf("wrap(%q, %.1f) = %q: the colon was cut from its word", fr, w, lines)
	}
	for _, tc := range []struct {
		s    string
		w    float64
		want string
	}{
		{"Mid-Market", 100, "Mid-Market"},
		{"Grands Comptes Île-de-France & Collectivités", 25, "Grands Comptes…"},
		{"Grands Comptes Île-de-France & Collectivités", 40, "Grands Comptes Île-de-Fra…"},
		{"abc", 0.5, ""},
	} {
		got := d.fit(tc.s, tc.w)
		if got != tc.want {
			t.Errorf("fit(%q, %v) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
		if d.f.GetStringWidth(got) > tc.w {
			t.Errorf("fit(%q, %v) = %q is too wide", tc.s, tc.w, got)
		}
	}
}

func TestPDFTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 1200000, "0 250000 500000 750000 1e+06 1.25e+06"},
		{0, 5, "0 1 2 3 4 5"},
		{0, 0.45, "0 0.1 0.2 0.30000000000000004 0.4 0.5"},
		{0.18, 0.25, "0.18 0.2 0.22 0.24 0.26"},
		{17600, 24000, "16000 18000 20000 22000 24000"},
		{5, 5, "0 1 2 3 4 5"},
		{0, 0, "0 1"},
		{0, math.NaN(), "0 1"},
		{math.NaN(), 3, "0 1 2 3"},
	} {
		var parts []string
		for _, v := range pdfTicks(tc.lo, tc.hi, 5) {
			parts = append(parts, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("pdfTicks(%v, %v) = %s, want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestPDFCompact(t *testing.T) {
	en := &pdfDoc{lang: "en", cur: "EUR"}
	fr := &pdfDoc{lang: "fr", cur: "EUR"}
	for _, tc := range []struct {
		d    *pdfDoc
		q    pdfQuantity
		v    float64
		want string
	}{
		{en, pdfMoney, 1200000, "€1.2M"},
		{fr, pdfMoney, 1200000, "1,2\u00a0M€"},
		{en, pdfMoney, 250000, "€250k"},
		{fr, pdfMoney, 250000, "250\u00a0k€"},
		{en, pdfMoney, 5000, "€5,000"},
		{en, pdfCount, 3334, "3,334"},
		{fr, pdfCount, 12000, "12\u00a0k"},
		{fr, pdfRate, 0.3, "30\u00a0%"},
		{en, pdfMoney, 0, "€0"},
	} {
		if got := tc.d.compact(tc.q, tc.v); got != tc.want {
			t.Errorf("compact(%s, %v) = %q, want %q", tc.d.lang, tc.v, got, tc.want)
		}
	}
}

// TestPDFSeries checks the trajectory's series: cumulative plan and actuals
// for volumes, with actuals starting after the pipeline months that precede
// the start, and a catch-up line from the last actual to the plan's end.
func TestPDFSeries(t *testing.T) {
	d := &pdfDoc{lang: "en", p: &planner.Plan{WindowMonths: 12}}
	first := planner.Month{Year: 2026, Month: time.October}
	r := &planner.TargetResult{Target: planner.Target{Metric: planner.Revenue},
		History: planner.Ratios{Won: 12, Closed: 40, Revenue: 120}}
	for i := range 6 {
		m := planner.MonthPlan{Month: first.Add(i), Revenue: 10}
		if i >= 2 && i <= 3 {
			m.Actual, m.HasActual = 7, true
		}
		r.Monthly = append(r.Monthly, m)
	}
	s := d.series(r)
	got := fmt.Sprint(s.plan, s.hist, s.actual, s.catchUp)
	want := "[10 20 30 40 50 60] [10 20 30 40 50 60] [NaN NaN 7 14 NaN NaN] [NaN NaN NaN 14 37 60]"
	if got != want {
		t.Errorf("series = %s, want %s", got, want)
	}
	// A rate is a level: the target, the historical rate and each month's
	// actual, never summed.
	r.Target = planner.Target{Metric: planner.WinRate, Value: 0.3, HasValue: true}
	r.History = planner.Ratios{WinRate: 0.2, HasWinRate: true}
	s = d.series(r)
	if got, want := fmt.Sprint(s.cumulative, s.plan[0], s.hist[5], s.actual[3], s.catchUp == nil), "false 0.3 0.2 7 true"; got != want {
		t.Errorf("rate series = %s, want %s", got, want)
	}
}

func TestPDFProb(t *testing.T) {
	for _, tc := range []struct {
		lang string
		p    float64
		want string
	}{
		{"en", 0, "0%"}, {"en", 1, "100%"}, {"en", 0.42, "42%"}, {"en", 0.003, "0.3%"},
		{"en", 0.0001, "< 0.1%"}, {"en", 0.997, "99.7%"}, {"en", 0.9999, "> 99.9%"},
		{"en", 0.0096, "1%"}, {"fr", 0.003, "0,3\u00a0%"}, {"en", math.NaN(), "–"},
	} {
		if got := probLabel(tc.lang, tc.p); got != tc.want {
			t.Errorf("probLabel(%s, %v) = %q, want %q", tc.lang, tc.p, got, tc.want)
		}
	}
}

// pdfBenchPlan is a plan of n targets across teams teams, built from the
// sample plan's targets.
func pdfBenchPlan(n, teams int) *planner.Plan {
	p := samplePlan("en")
	base := p.Targets
	p.Targets = make([]planner.TargetResult, n)
	for i := range p.Targets {
		r := base[i%len(base)]
		r.Target.Team = fmt.Sprintf("Équipe %02d – %s", i%teams, base[i%len(base)].Target.Team)
		r.Target.ID = fmt.Sprintf("T%04d", i)
		r.Target.Priority = i / teams
		p.Targets[i] = r
	}
	return p
}

// BenchmarkWritePDF writes the PDF of 500 targets across 50 teams.
func BenchmarkWritePDF(b *testing.B) {
	p := pdfBenchPlan(500, 50)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WritePDF(&buf, p, Options{Lang: "fr"}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB/doc")
}

// pdfTargetPages returns, per page, whether it holds a target's checklist
// and whether it holds a target's funnel, read from the recorded texts.
func pdfTargetPages(d *pdfDoc) (checklist, funnel map[int]bool) {
	checklist, funnel = map[int]bool{}, map[int]bool{}
	for _, x := range d.log {
		switch x.Text {
		case "SMART check", "Contrôle SMART":
			checklist[x.Page] = true
		case "Funnel over the period", "Tunnel sur la période":
			funnel[x.Page] = true
		}
	}
	return checklist, funnel
}

// TestPDFOnePagePerTarget checks that every target of every case keeps its
// checklist, verdict, funnel and trajectory on one page, cutting its lists
// to their most important entries where they are long, except the one
// target of the overfull case, whose charts go to a continuation page.
func TestPDFOnePagePerTarget(t *testing.T) {
	for _, c := range pdfCases() {
		t.Run(c.name, func(t *testing.T) {
			d := c.render(t)
			n := len(d.p.Targets)
			checklist, funnel := pdfTargetPages(d)
			if len(checklist) != n || len(funnel) != n {
				t.Fatalf("%d pages with a checklist and %d with a funnel, want %d of each", len(checklist), len(funnel), n)
			}
			alone := 0
			for p := range funnel {
				if !checklist[p] {
					alone++
				}
			}
			want := 0
			if c.name == "overfull_en" {
				want = 1
			}
			if alone != want {
				t.Errorf("%d targets have their charts on a continuation page, want %d", alone, want)
			}
			text := pdfDump(d)
			more := strings.Contains(text, "more reasons in the workbook") || strings.Contains(text, "autres raisons dans le classeur")
			if long := c.name == "long_names_fr" || c.name == "overfull_en"; more != long {
				t.Errorf("reasons cut with a pointer to the workbook: %v, want %v", more, long)
			}
		})
	}
}

// TestPDFContinuation checks the continuation page of the overfull case:
// it repeats the target's title, marked as continued, and holds both
// charts; the page before lists the reasons up to pdfMaxListed, since
// nothing is gained by cutting them further.
func TestPDFContinuation(t *testing.T) {
	d := pdfCases()[len(pdfCases())-1].render(t)
	checklist, funnel := pdfTargetPages(d)
	cont := 0
	for p := range funnel {
		if !checklist[p] {
			cont = p
		}
	}
	if cont == 0 || !checklist[cont-1] {
		t.Fatalf("no continuation page right after a target page (checklists %v, funnels %v)", checklist, funnel)
	}
	var continued, trajectory bool
	listed := 0
	for _, x := range d.log {
		switch {
		case x.Page == cont && strings.Contains(x.Text, "(continued)"):
			continued = true
		case x.Page == cont && strings.HasPrefix(x.Text, "Monthly trajectory"):
			trajectory = true
		case x.Page == cont-1 && x.Text == "•" && x.X > pdfCol2X:
			listed++
		}
	}
	if !continued || !trajectory {
		t.Errorf("continuation page %d: title continued %v, trajectory %v", cont, continued, trajectory)
	}
	r := d.p.Targets[d.order()[0]]
	want := min(len(d.boxReasons(&r)), pdfMaxListed)
	if listed != want {
		t.Errorf("page %d lists %d reasons, want %d", cont-1, listed, want)
	}
}

// TestPDFFitColumns checks how many reasons and mistakes a target page
// lists for the room it has: all of them (up to pdfMaxListed) when they
// fit, the most important ones when they do not, never fewer than the
// minimum, and all of them again when even the minimum does not fit.
func TestPDFFitColumns(t *testing.T) {
	d, err := newPDFDoc(pdfLongNamesPlan("fr"), Options{Lang: "fr"}, false)
	if err != nil {
		t.Fatal(err)
	}
	r := &d.p.Targets[0]
	reasons := d.boxReasons(r)
	allR, allM := min(len(reasons), pdfMaxListed), min(len(r.Mistakes), pdfMaxListed)
	if allR <= pdfMinReasons || allM <= pdfMinMistakes {
		t.Fatalf("the fixture has %d reasons and %d mistakes: too few to cut", allR, allM)
	}
	heights := func(nr, nm int) (float64, float64) {
		return d.verdictBox(r, reasons, 0, 0, pdfColW, false, nr), d.checklist(r, 0, 0, pdfColW, false, nm)
	}
	fullR, fullM := heights(allR, allM)
	minR, minM := heights(pdfMinReasons, pdfMinMistakes)
	cut := 0
	for room := math.Max(minR, minM) - 2; room <= math.Max(fullR, fullM)+2; room += 0.5 {
		nr, nm, lh, rh := d.fitColumns(r, reasons, room)
		if wr, wm := heights(nr, nm); wr != rh || wm != lh {
			t.Errorf("room %.1f: heights %.2f and %.2f returned, %.2f and %.2f measured", room, rh, lh, wr, wm)
		}
		if math.Max(minR, minM) > room {
			if nr != allR || nm != allM {
				t.Errorf("room %.1f, less than the minimum: %d reasons and %d mistakes, want all (%d and %d)", room, nr, nm, allR, allM)
			}
			continue
		}
		if nr < pdfMinReasons || nr > allR || nm < pdfMinMistakes || nm > allM {
			t.Errorf("room %.1f: %d reasons and %d mistakes, out of bounds", room, nr, nm)
			continue
		}
		hr, hm := heights(nr, nm)
		if hr > room || hm > room {
			t.Errorf("room %.1f: columns of %.1f and %.1f mm do not fit", room, hr, hm)
		}
		// The most that fit: one more would not have.
		if nr < allR {
			if h, _ := heights(nr+1, nm); h <= room {
				t.Errorf("room %.1f: %d reasons listed where %d fit", room, nr, nr+1)
			}
		}
		if nm < allM {
			if _, h := heights(nr, nm+1); h <= room {
				t.Errorf("room %.1f: %d mistakes listed where %d fit", room, nm, nm+1)
			}
		}
		if nr > pdfMinReasons && nr < allR {
			cut++
		}
	}
	if cut == 0 {
		t.Error("no room gave a cut between the minimum and all the reasons")
	}
}

// TestPDFBoxReasons checks that the verdict box leaves out the
// probability statement only when its own probability line shows it.
func TestPDFBoxReasons(t *testing.T) {
	d := &pdfDoc{lang: "en"}
	rs := []planner.Reason{{Code: planner.CodeCapacity, Message: "a"}, {Code: planner.CodeProbability, Message: "b"}, {Code: planner.CodeCycle, Message: "c"}}
	codes := func(r *planner.TargetResult) string {
		var out []string
		for _, x := range d.boxReasons(r) {
			out = append(out, x.Message)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		has  bool
		p    float64
		want string
	}{
		{true, 0.4, "a,c"}, {false, 0.4, "a,b,c"}, {true, math.NaN(), "a,b,c"},
	} {
		r := &planner.TargetResult{Reasons: rs, HasProbability: tc.has, Probability: tc.p}
		if got := codes(r); got != tc.want {
			t.Errorf("boxReasons(has %v, p %v) = %s, want %s", tc.has, tc.p, got, tc.want)
		}
	}
	if got := d.moreReasons(1); got != "+1 more reason in the workbook" {
		t.Errorf("moreReasons(1) = %q", got)
	}
	if got := (&pdfDoc{lang: "fr"}).moreReasons(3); got != "+3 autres raisons dans le classeur" {
		t.Errorf("moreReasons(3) fr = %q", got)
	}
}
