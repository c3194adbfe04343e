package importer

import (
	"path/filepath"
	"strings"
)

// Kind is what an input file holds, decided by its headers.
type Kind string

// The kinds of input file.
const (
	KindHistory  Kind = "history"
	KindTargets  Kind = "targets"
	KindActivity Kind = "activity"
	KindTeams    Kind = "teams"
	KindAccounts Kind = "accounts"
	KindFX       Kind = "fx"
	KindMarket   Kind = "market"
	KindUnknown  Kind = "unknown"
)

// Classify tells what a file holds from its content (the header row it
// can find), not from its name: a history has a stage, an amount and a
// date; targets a metric and a value; activity a month and volumes; a
// teams lookup an owner and a team (or region, or manager); an accounts
// lookup an account and a segment (or sector). A file that is not a table
// at all (a PDF, an image) is KindUnknown with no error; an error is for a
// file that cannot be read (missing, a legacy .xls, a damaged workbook, a
// text file that cannot be decoded) — never a silent KindUnknown, so that
// a batch fails such a file instead of planning without it.
func Classify(path string, opt Options) (Kind, error) {
	return withBudget(filepath.Base(path), opt, func(opt Options) (Kind, error) { return classify(path, opt) })
}

func classify(path string, opt Options) (Kind, error) {
	initAliases()
	f, size, format, err := sniff(path, opt)
	if err != nil {
		return KindUnknown, err
	}
	var tables []*table
	var wb *workbook
	if format == formatText {
		if looksBinaryFile(f) {
			f.Close()
			return KindUnknown, nil
		}
		t, _, err := openCSV(f, size, path, opt, historyAliases)
		if err != nil {
			f.Close()
			return KindUnknown, err
		}
		defer f.Close()
		defer t.rows.Close()
		tables = []*table{t}
	} else {
		wb, err = openWorkbook(f, size, path, opt)
		if err != nil {
			f.Close()
			return KindUnknown, err
		}
		defer wb.Close()
		for _, s := range wb.sheets {
			if s.Hidden && s.Name != opt.Sheet {
				continue
			}
			if opt.Sheet != "" && s.Name != opt.Sheet {
				continue
			}
			t, err := wb.openSheet(s, false, false)
			if err != nil {
				return KindUnknown, fileErr(filepath.Base(path), err)
			}
			defer t.rows.Close()
			tables = append(tables, t)
		}
		if opt.Sheet != "" && len(tables) == 0 {
			return KindUnknown, fileErrf(filepath.Base(path), ErrSheetNotFound, "%q; the workbook has: %s", opt.Sheet, sheetNames(wb.sheets))
		}
	}
	hm, tm, am := historyMapper(opt), targetMapper(opt), activityMapper(opt)
	lm := lookupMapper(opt, LookupTeams)
	best, bestScore := KindUnknown, 0
	var readErr error // a sheet that could not be read: the reason, when no sheet is known
	for _, t := range tables {
		b := newBuffered(t.rows, t.merges)
		b.fill(headerWindow)
		if err := t.rows.Err(); err != nil && readErr == nil {
			readErr = err
		}
		for i := range b.buf {
			b.skipTo(i)
			b.Next()
			row := b.Row()
			k, s := classifyRow(row, hm, tm, am, lm)
			if s > bestScore {
				best, bestScore = k, s
			}
		}
	}
	if best == KindUnknown && readErr != nil {
		return KindUnknown, fileErr(filepath.Base(path), readErr)
	}
	return best, nil
}

// classifyRow returns the kind a header row stands for and how strongly.
func classifyRow(row []string, hm, tm, am, lm *mapper) (Kind, int) {
	if isBlank(row) {
		return KindUnknown, 0
	}
	fields := func(m *mapper) map[string]bool {
		out := map[string]bool{}
		for _, c := range row {
			if f, _, ok := m.fieldOf(c); ok {
				out[f] = true
			}
		}
		return out
	}
	nonEmpty := 0
	for _, c := range row {
		if c != "" {
			nonEmpty++
		}
	}
	h := fields(hm)
	if (h[fStage] || h[fStatus] || h[fIsWon]) && h[fAmount] && (h[fCreated] || h[fClosed]) {
		return KindHistory, 100 + len(h)
	}
	t := fields(tm)
	if t[fMetric] && t[fValue] {
		return KindTargets, 90 + len(t)
	}
	a := fields(am)
	if a[fMonth] && (a[fContacts] || a[fResponses] || a[fMeetings] || a[fOpportunities]) {
		return KindActivity, 80 + len(a)
	}
	// a CRM activity export (calls, emails, events): an owner, a date and
	// an activity type, no deal; LoadActivity reads it
	var ae [3]bool
	for _, c := range row {
		if f, ok := activityExportAliases[normKey(c)]; ok {
			ae[0] = ae[0] || f.Field == fActOwner || f.Field == fActTeam
			ae[1] = ae[1] || f.Field == fActDate
			ae[2] = ae[2] || f.Field == fActKind || f.Field == fActEvent
		}
	}
	if ae[0] && ae[1] && ae[2] && !h[fAmount] {
		return KindActivity, 75
	}
	// an addressable market: a segment and a number of accounts, no deal
	var mk [2]bool
	for _, c := range row {
		if f, ok := marketAliases[normKey(c)]; ok {
			mk[0] = mk[0] || f.Field == fSegment
			mk[1] = mk[1] || f.Field == fAccounts
		}
	}
	if mk[0] && mk[1] && !h[fStage] && !h[fAmount] {
		return KindMarket, 55
	}
	l := fields(lm)
	if l[fOwner] && (l[fTeam] || l[fTeamRegion] || l[fTeamManager]) && nonEmpty <= 6 && !h[fStage] {
		return KindTeams, 70
	}
	if l[fAccount] && (l[fSegment] || l[fSector]) && !h[fStage] {
		return KindAccounts, 60
	}
	// an exchange-rate table: a currency and a rate, no deal
	var fx [2]bool // a currency column, a rate column
	for _, c := range row {
		if f, ok := fxAliases[normKey(c)]; ok {
			fx[0] = fx[0] || f.Field == fCurrency
			fx[1] = fx[1] || f.Field == fRate
		}
	}
	if fx[0] && fx[1] && !h[fStage] && !h[fAmount] {
		return KindFX, 50
	}
	return KindUnknown, 0
}

func looksBinaryFile(f interface {
	ReadAt([]byte, int64) (int, error)
}) bool {
	buf := make([]byte, 512)
	n, _ := f.ReadAt(buf, 0)
	buf = buf[:n]
	if len(buf) >= 2 && (buf[0] == 0xFF && buf[1] == 0xFE || buf[0] == 0xFE && buf[1] == 0xFF) {
		return false // UTF-16 text
	}
	// Known binary formats by their magic numbers. A few NUL bytes in
	// text are not one: the CSV reader reports them where they are, and
	// UTF-16 text without a BOM has one every other byte.
	for _, magic := range []string{"%PDF", "\x89PNG", "\xff\xd8\xff", "GIF8", "\xd0\xcf\x11\xe0", "BM", "\x1f\x8b", "7z\xbc\xaf"} {
		if strings.HasPrefix(string(buf), magic) {
			return true
		}
	}
	return false
}
