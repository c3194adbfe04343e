package importer

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// History is a sales history file read into deals.
type History struct {
	Deals    []planner.Deal
	Problems []planner.Problem
	File     planner.InputFile
	// FX are the exchange rates used (Options.FX), by currency and date.
	FX []planner.FXUse
	// WonAccounts are the accounts of the won deals (lower-cased), per
	// segment (GroupKey.Segment) and per segment and offer, as the
	// history writes them; nil without an account column.
	WonAccounts map[planner.GroupKey]map[string]bool
}

// historyFields are the fields a history column can map to.
var historyFields = []string{fID, fOwner, fTeam, fSegment, fOffer, fAccount, fStage, fStatus,
	fCreated, fClosed, fAmount, fCurrency, fIsWon, fIsClosed}

// parseFieldNames maps the parse package's canonical names to ours.
var parseFieldNames = map[string]string{
	parse.FieldID: fID, parse.FieldOwner: fOwner, parse.FieldTeam: fTeam, parse.FieldSegment: fSegment,
	parse.FieldOffer: fOffer, parse.FieldAccount: fAccount, parse.FieldStage: fStage,
	parse.FieldCreated: fCreated, parse.FieldClosed: fClosed, parse.FieldAmount: fAmount,
	parse.FieldCurrency: fCurrency, parse.FieldWon: fIsWon, parse.FieldClosedFlag: fIsClosed,
}

func historyMapper(opt Options) *mapper {
	initAliases()
	return &mapper{
		aliases:   historyAliases,
		overrides: overridesFor(opt.Columns, historyFields),
		strict:    true,
		primary: func(h string) (string, int, bool) {
			f, ok := parse.Field(h)
			if !ok {
				return "", 0, false
			}
			if g, ok := parseFieldNames[f]; ok {
				return g, 100 - parse.FieldPriority(h), true
			}
			return "", 0, false
		},
	}
}

// overridesFor keeps the column overrides that concern the given fields.
func overridesFor(cols map[string]string, fields []string) map[string]string {
	out := map[string]string{}
	for k, v := range cols {
		f := canonicalUserField(k)
		if f == "" {
			f = k
		}
		if slices.Contains(fields, f) && strings.TrimSpace(v) != "" {
			out[f] = v
		}
	}
	return out
}

// LoadHistory reads a deal history (CSV or XLSX, decided by content). Rows
// with unreadable values are left out and reported in Problems; the error
// is for the whole file (unreadable, not a table, required column missing).
func LoadHistory(path string, opt Options) (*History, error) {
	return retry(path, func(opt Options) (*History, error) { return loadHistory(path, opt) }, opt)
}

func loadHistory(path string, opt Options) (*History, error) {
	m := historyMapper(opt)
	o, err := openFor(path, opt, "history", m, 3, false)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	in := o.inputs[0]
	if err := requireHistory(in, m); err != nil {
		return nil, fileErr(in.t.file, err)
	}
	hl := newHistoryLoader(in, opt)
	if err := hl.read(); err != nil {
		return nil, fileErr(in.t.file, err)
	}
	if err := o.verify(); err != nil {
		return nil, err
	}
	o.report(hl.probs)
	hl.finish()
	o.file.Rows = hl.rowsRead
	return &History{Deals: hl.deals, Problems: hl.probs.finish(in.t.file), File: o.file, FX: hl.fx, WonAccounts: hl.wonAccounts}, nil
}

func requireHistory(in *input, m *mapper) error {
	var missing []string
	if !in.h.has(fStage) && !in.h.has(fStatus) && !in.h.has(fIsWon) {
		missing = append(missing, fStage)
	}
	for _, f := range []string{fAmount, fCreated, fClosed} {
		if !in.h.has(f) {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return missingColumn(in.t, in.h, m, missing)
	}
	return nil
}

type pendDate struct {
	idx      int32
	val, alt planner.Date
}

type pendNum struct {
	idx      int32
	val, alt float64
}

type dateHit struct {
	d   parse.Date
	err error
}

// dateCol decides one date column's order from its own proofs.
type dateCol struct {
	field, hdr string
	col        int
	proofs     [4]int
	proofIdx   [4]int32 // first deal proving each order
	pending    []pendDate
	cache      map[string]dateHit
	serialSaid bool
}

// The Excel serials of 1950-01-01 and 2100-01-01: a plain number in a CSV
// date column within them is read as a serial.
const (
	minSerial = 18264
	maxSerial = 73051
)

// numCol decides one number column's decimal style from its own values.
type numCol struct {
	hdr     string
	col     int
	styles  [3]int
	pending []pendNum
}

type historyLoader struct {
	in       *input
	t        *table
	h        *header
	opt      Options
	probs    *problems
	deals    []planner.Deal
	lines    []int32           // physical row of each deal
	cellRows map[int32][]int32 // per-cell lines of CSV records spanning lines
	drop     map[int32]bool    // deals left out at the end
	rowsRead int
	fx       []planner.FXUse // the rates used (Options.FX)
	// wonAccounts are the accounts of the won deals per segment, and per
	// segment and offer (History.WonAccounts).
	wonAccounts map[planner.GroupKey]map[string]bool

	id, owner, team, segment, offer, account, stage       int
	status, created, closed, amount, currency, won, clflg int

	ids                                     idTable
	openStages                              map[int32]string // the stage of open deals with a close date
	lastOwner, lastTeam, lastSeg, lastOffer nameCache
	stageCache                              map[string]stageHit
	stageSlots                              [1 << stageCacheBits]stageHit
	created_                                dateCol
	closed_                                 dateCol
	amt                                     numCol
	est                                     numCol            // estimated revenue, for open deals with no amount
	teams                                   map[string]string // normalised owner -> team
	accounts                                map[string]string
	unknownOwn                              map[string]bool
	width                                   int
}

type stageHit struct {
	text string // the stage, interned
	st   planner.Status
	ok   bool
}

func newHistoryLoader(in *input, opt Options) *historyLoader {
	h := in.h
	hl := &historyLoader{
		in: in, t: in.t, h: h, opt: opt, probs: newProblems(),
		id: h.colOf(fID), owner: h.colOf(fOwner), team: h.colOf(fTeam), segment: h.colOf(fSegment),
		offer: h.colOf(fOffer), account: h.colOf(fAccount), stage: h.colOf(fStage), status: h.colOf(fStatus),
		created: h.colOf(fCreated), closed: h.colOf(fClosed), amount: h.colOf(fAmount),
		currency: h.colOf(fCurrency), won: h.colOf(fIsWon), clflg: h.colOf(fIsClosed),
		stageCache: map[string]stageHit{},
		drop:       map[int32]bool{},
		width:      len(h.names),
	}
	hl.created_ = dateCol{field: fCreated, hdr: h.nameOf(fCreated), col: hl.created, cache: map[string]dateHit{}}
	hl.closed_ = dateCol{field: fClosed, hdr: h.nameOf(fClosed), col: hl.closed, cache: map[string]dateHit{}}
	hl.amt = numCol{hdr: h.nameOf(fAmount), col: hl.amount}
	hl.est = numCol{col: -1}
	for i, n := range h.names {
		if i != hl.amount && parse.FieldPriority(n) == 4 {
			if f, _ := parse.Field(n); f == parse.FieldAmount {
				hl.est = numCol{hdr: n, col: i}
				break
			}
		}
	}
	if n := in.t.estRows; n > 0 && n < 50_000_000 {
		hl.deals = make([]planner.Deal, 0, n)
		hl.lines = make([]int32, 0, n)
		if hl.id >= 0 {
			hl.ids = idTable{end: make([]uint32, 0, n), hint: n}
		}
	}
	if len(opt.Teams) > 0 {
		hl.teams = normMap(opt.Teams)
		hl.unknownOwn = map[string]bool{}
	}
	if len(opt.Accounts) > 0 {
		hl.accounts = normMap(opt.Accounts)
	}
	return hl
}

// normMap indexes a lookup by normalised key.
func normMap(m map[string]string) map[string]string {
	out := make(map[string]string, 2*len(m))
	for k, v := range m {
		out[k] = v
		out[normKey(k)] = v
	}
	return out
}

func lookupNorm(m map[string]string, k string) (string, bool) {
	if v, ok := m[k]; ok {
		return v, true
	}
	v, ok := m[normKey(k)]
	return v, ok
}

func (hl *historyLoader) read() error {
	rows := hl.t.rows
	hl.in.b.skipTo(hl.h.index + 1)
	xlsx := hl.t.xlsx
	for rows.Next() {
		row := rows.Row()
		if err := rowError(rows); err != nil {
			hl.rowsRead++
			hl.badRow(rows.Line(), err)
			continue
		}
		if isBlank(row) || isFooter(row) || hl.repeatsHeader(row) {
			continue
		}
		hl.rowsRead++
		if !xlsx && len(row) != hl.width && !(len(row) > hl.width && isBlank(row[hl.width:])) {
			hl.probs.row(hl.t, rows.Line(), -1, "", ProblemBadRow, planner.SeverityError, "", fmt.Sprintf("%d fields", hl.width),
				"%d fields where the header has %d (an unquoted delimiter inside a value?); row left out", len(row), hl.width)
			continue
		}
		hl.readRow(rows, row)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if hl.rowsRead == 0 {
		return fmt.Errorf("%w under the header on row %d", ErrNoRows, hl.h.line)
	}
	return nil
}

// repeatsHeader reports whether a row is the header again, as in exports
// concatenated from several files.
func (hl *historyLoader) repeatsHeader(row []string) bool {
	if len(row) == 0 || len(hl.h.names) == 0 || strings.TrimSpace(row[0]) != hl.h.names[0] {
		return false
	}
	for i, n := range hl.h.names {
		if cellAt(row, i) != n {
			return false
		}
	}
	return true
}

func (hl *historyLoader) badRow(line int, err error) {
	hl.probs.row(hl.t, line, -1, "", ProblemBadRow, planner.SeverityError, "", "a well-formed CSV record", "%v; row left out", err)
}

// cell returns the trimmed text of column col, and reports a formula with
// no cached value (which reads as empty).
func (hl *historyLoader) cell(rows rowReader, row []string, col int, required bool) (string, bool) {
	s := cellAt(row, col)
	if s != "" || col < 0 || !hl.t.xlsx {
		return s, true
	}
	if rows.Kind(col) == kindFormulaNoValue {
		sev := planner.SeverityWarning
		if required {
			sev = planner.SeverityError
		}
		hl.probs.row(hl.t, rows.Line(), col, hl.h.names[col], ProblemFormulaWithoutValue, sev, "", "a value computed by Excel",
			"formula with no cached value (recalculate and save the workbook in Excel)")
		return "", false
	}
	return s, true
}

func (hl *historyLoader) readRow(rows rowReader, row []string) {
	line := rows.Line()
	idx := int32(len(hl.deals))
	var d planner.Deal
	bad := false

	// status
	stageText, ok := hl.cell(rows, row, hl.stage, true)
	bad = bad || !ok
	statusText, ok := hl.cell(rows, row, hl.status, true)
	bad = bad || !ok
	st, known := planner.Open, false
	var stageHitV stageHit
	if stageText != "" {
		stageHitV = hl.stage1(stageText)
	}
	if statusText != "" {
		st, known = hl.stageStatus(statusText)
	}
	if !known && stageText != "" {
		st, known = stageHitV.st, stageHitV.ok
	}
	if !known && (hl.won >= 0 || hl.clflg >= 0) {
		w, wok := parseBool(cellAt(row, hl.won))
		c, cok := parseBool(cellAt(row, hl.clflg))
		switch {
		case wok && w:
			st, known = planner.Won, true
		case cok && c:
			st, known = planner.Lost, true
		case (wok || hl.won < 0) && (cok || hl.clflg < 0):
			st, known = planner.Open, true
		}
	}
	if stageText == "" && statusText == "" && !known {
		col := hl.stage
		if col < 0 {
			col = hl.status
		}
		if col < 0 {
			col = hl.won
		}
		hl.probs.row(hl.t, rows.CellLine(col), col, hl.h.names[col], ProblemMissingValue, planner.SeverityError, "",
			"a stage such as Won, Lost or Prospecting", "no stage: the deal's outcome is unknown; row left out")
		bad = true
	}
	d.Status = st
	stage := stageHitV.text
	if stageText == "" && statusText != "" {
		stage = hl.stage1(statusText).text
	}

	// amount; an open deal with none takes the estimated revenue when the
	// export has both (Dynamics: Actual Revenue is blank until won)
	s, ok := hl.cell(rows, row, hl.amount, true)
	c := &hl.amt
	if ok && s == "" && st == planner.Open && hl.est.col >= 0 {
		s, ok = hl.cell(rows, row, hl.est.col, false)
		c = &hl.est
	}
	if !ok {
		bad = true
	} else if s != "" {
		v, cur, ok := hl.number(rows, c, idx, s)
		if !ok {
			bad = true
		} else {
			d.Amount, d.HasAmount = v, true
			if cur != "" {
				d.Currency = planner.NameOf(cur)
			}
		}
	}

	// dates
	if s, ok := hl.cell(rows, row, hl.created, false); !ok {
		bad = true
	} else if s != "" {
		t, ok := hl.date(rows, &hl.created_, idx, s)
		bad = bad || !ok
		d.Created = planner.DateOf(t)
	}
	if s, ok := hl.cell(rows, row, hl.closed, false); !ok {
		bad = true
	} else if s != "" {
		t, ok := hl.date(rows, &hl.closed_, idx, s)
		bad = bad || !ok
		d.Closed = planner.DateOf(t)
	}
	if bad {
		hl.dropPending(idx)
		return
	}

	text := func(col int) string {
		s, _ := hl.cell(rows, row, col, false)
		return s
	}
	if hl.id >= 0 {
		hl.ids.add(text(hl.id))
	}
	d.Owner = hl.lastOwner.get(text(hl.owner))
	d.Team = hl.lastTeam.get(text(hl.team))
	d.Segment = hl.lastSeg.get(text(hl.segment))
	d.Offer = hl.lastOffer.get(text(hl.offer))
	if c := text(hl.currency); c != "" {
		d.Currency = planner.NameOf(strings.ToUpper(c))
	}
	if d.Team.IsZero() && hl.teams != nil && !d.Owner.IsZero() {
		owner := d.Owner.String()
		if team, ok := lookupNorm(hl.teams, owner); ok {
			d.Team = planner.NameOf(team)
		} else if !hl.unknownOwn[owner] {
			hl.unknownOwn[owner] = true
			hl.probs.row(hl.t, rows.CellLine(hl.owner), hl.owner, hl.h.names[hl.owner], ProblemUnknownOwner, planner.SeverityWarning,
				owner, "an owner listed in the teams file", fmtUnknownOwner, owner)
		}
	}
	if d.Segment.IsZero() && hl.accounts != nil {
		if acct := text(hl.account); acct != "" {
			if seg, ok := lookupNorm(hl.accounts, acct); ok {
				d.Segment = planner.NameOf(seg)
			}
		}
	}
	if d.Status == planner.Won {
		if acct := text(hl.account); acct != "" {
			// the accounts already won, per segment and per segment and
			// offer: what the addressable market has left (issue 11)
			seg, off := d.Segment.String(), d.Offer.String()
			var keys []planner.GroupKey
			if seg != "" {
				keys = append(keys, planner.GroupKey{Segment: seg})
				if off != "" {
					keys = append(keys, planner.GroupKey{Segment: seg, Offer: off})
				}
			}
			for _, k := range keys {
				if hl.wonAccounts == nil {
					hl.wonAccounts = map[planner.GroupKey]map[string]bool{}
				}
				if hl.wonAccounts[k] == nil {
					hl.wonAccounts[k] = map[string]bool{}
				}
				hl.wonAccounts[k][strings.ToLower(strings.TrimSpace(acct))] = true
			}
		}
	}
	if d.Status == planner.Open && !d.Closed.IsZero() {
		if hl.openStages == nil {
			hl.openStages = map[int32]string{}
		}
		hl.openStages[idx] = stage
	}
	hl.deals = append(hl.deals, d)
	hl.lines = append(hl.lines, int32(line))
	if cl := rows.CellLine(hl.width - 1); cl != line && hl.width > 0 {
		if hl.cellRows == nil {
			hl.cellRows = map[int32][]int32{}
		}
		ls := make([]int32, hl.width)
		for i := range ls {
			ls[i] = int32(rows.CellLine(i))
		}
		hl.cellRows[idx] = ls
	}
}

// nameCache is a column's small direct-mapped cache in front of
// planner.NameOf: a column holds few distinct owners, teams or offers, and
// a string comparison beats a lookup in the shared table.
type nameCache struct {
	slot [1 << nameCacheBits]struct {
		text string
		name planner.Name
	}
}

// The sizes of the direct-mapped caches, as powers of two.
const (
	nameCacheBits  = 10
	stageCacheBits = 6
)

// strSeed hashes the texts of the caches; the caches do not affect output.
var strSeed = maphash.MakeSeed()

// slotOf picks a slot of a direct-mapped cache of 1<<width entries for a
// text. The whole text is hashed: the texts of a column often differ in
// one character ("Account 42", "Account 24"), which a hash of a few bytes
// would send to the same slot, and the cache would thrash.
func slotOf(s string, width uint) uint64 {
	return maphash.String(strSeed, s) >> (64 - width)
}

func (c *nameCache) get(s string) planner.Name {
	if s == "" {
		return planner.Name{}
	}
	e := &c.slot[slotOf(s, nameCacheBits)]
	if e.text == s && !e.name.IsZero() {
		return e.name
	}
	e.name = planner.NameOf(s)
	e.text = e.name.String() // the shared copy, not the row's text
	return e.name
}

// idTable holds the deals' ids while the file is read, for the duplicate
// check, in one buffer: id i is buf[end[i-1]:end[i]]. The deals do not
// keep their ids.
type idTable struct {
	buf  []byte
	end  []uint32
	hint int // the number of rows expected, 0 if unknown
}

func (t *idTable) add(s string) {
	if cap(t.buf)-len(t.buf) < len(s) {
		// grow by doubling, from a first guess of the ids of the whole
		// file: append's gentler growth of large slices copies the ids
		// about five times over
		n := max(2*cap(t.buf), len(t.buf)+len(s), 64)
		if cap(t.buf) == 0 && t.hint > 0 {
			n = max(n, t.hint*(len(s)+1))
		}
		t.buf = append(make([]byte, 0, n), t.buf...)
	}
	t.buf = append(t.buf, s...)
	t.end = append(t.end, uint32(len(t.buf)))
}

// at returns id i, which shares the table's memory: compare it or copy it.
func (t *idTable) at(i int32) string {
	start := uint32(0)
	if i > 0 {
		start = t.end[i-1]
	}
	if start == t.end[i] {
		return ""
	}
	return unsafe.String(&t.buf[start], int(t.end[i]-start))
}

// dropPending forgets the ambiguous values recorded for a row that was
// left out (they were recorded against the next deal's index).
func (hl *historyLoader) dropPending(idx int32) {
	for _, c := range []*dateCol{&hl.created_, &hl.closed_} {
		for len(c.pending) > 0 && c.pending[len(c.pending)-1].idx == idx {
			c.pending = c.pending[:len(c.pending)-1]
		}
	}
	for _, c := range []*numCol{&hl.amt, &hl.est} {
		for len(c.pending) > 0 && c.pending[len(c.pending)-1].idx == idx {
			c.pending = c.pending[:len(c.pending)-1]
		}
	}
}

func (hl *historyLoader) stageStatus(s string) (planner.Status, bool) {
	h := hl.stage1(s)
	return h.st, h.ok
}

// stage1 returns the interned stage text and its status, cached.
func (hl *historyLoader) stage1(s string) stageHit {
	// a direct-mapped cache in front of the map: a column holds few stages
	slot := &hl.stageSlots[slotOf(s, stageCacheBits)]
	if slot.text == s && s != "" {
		return *slot
	}
	if h, ok := hl.stageCache[s]; ok {
		*slot = h
		return h
	}
	st, ok := parse.StageStatus(s, hl.opt.Status)
	h := stageHit{text: strings.Clone(s), st: st, ok: ok}
	if len(hl.stageCache) < 4096 {
		hl.stageCache[h.text] = h
	}
	*slot = h
	return h
}

// number reads an amount cell. Workbook number cells are exact binary
// values and are read as such; text goes through the strict grammar.
func (hl *historyLoader) number(rows rowReader, c *numCol, idx int32, s string) (float64, string, bool) {
	if hl.t.xlsx && isPlainNumber(s) && rows.Kind(c.col) != kindText {
		if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(v, 0) {
			return v, "", true
		}
	}
	n, err := parse.ParseNumber(s)
	if err != nil {
		hl.probs.cell(hl.t, rows.CellLine(c.col), c.col, c.hdr, ProblemBadAmount, planner.SeverityError, s, err, "")
		return 0, "", false
	}
	if n.Percent {
		hl.probs.row(hl.t, rows.CellLine(c.col), c.col, c.hdr, ProblemBadAmount, planner.SeverityError, s,
			parse.ExpectedAmount, "a percentage is not an amount; row left out")
		return 0, "", false
	}
	if n.Style != parse.NoStyle {
		c.styles[n.Style]++
	}
	if n.Ambiguous {
		c.pending = append(c.pending, pendNum{idx: idx, val: n.Value, alt: n.Alt})
	}
	return n.Value, n.Currency, true
}

// isPlainNumber reports whether s is a number as a workbook stores it:
// optional minus, digits, optional fraction and exponent.
func isPlainNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == fs {
			return false
		}
	}
	if i < len(s) && (s[i] == 'E' || s[i] == 'e') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == es {
			return false
		}
	}
	return i == len(s)
}

// date reads a date cell: a serial in a workbook number cell, text
// otherwise. Ambiguous day/month orders are recorded for the column.
func (hl *historyLoader) date(rows rowReader, c *dateCol, idx int32, s string) (time.Time, bool) {
	d, err := hl.parseDate(rows, c, s)
	if err != nil {
		hl.probs.cell(hl.t, rows.CellLine(c.col), c.col, c.hdr, ProblemBadDate, planner.SeverityError, s, err, "")
		return time.Time{}, false
	}
	if d.Proves == parse.DMY || d.Proves == parse.MDY {
		if c.proofs[d.Proves] == 0 {
			c.proofIdx[d.Proves] = idx
		}
		c.proofs[d.Proves]++
	}
	if d.Ambiguous {
		c.pending = append(c.pending, pendDate{idx: idx, val: planner.DateOf(d.Value), alt: planner.DateOf(d.Alt)})
	}
	return d.Value, true
}

func (hl *historyLoader) parseDate(rows rowReader, c *dateCol, s string) (parse.Date, error) {
	if hl.t.xlsx && isPlainNumber(s) && rows.Kind(c.col) != kindText {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return parse.Date{}, &parse.Error{Found: s, Expected: parse.ExpectedSerial, What: "date"}
		}
		t, err := parse.ExcelSerial(v, hl.t.date1904)
		return parse.Date{Value: t}, err
	}
	if t, ok := parse.ISODate(s); ok {
		return parse.Date{Value: t, Proves: parse.YMD}, nil
	}
	if !hl.t.xlsx && isPlainNumber(s) && s[0] != '-' {
		// a workbook's date serial saved as a number in a CSV (the column
		// had no date format): 1950 to 2100 only, and said once
		if v, err := strconv.ParseFloat(s, 64); err == nil && v >= minSerial && v < maxSerial {
			t, err := parse.ExcelSerial(v, false)
			if err == nil && !c.serialSaid {
				c.serialSaid = true
				hl.probs.row(hl.t, rows.CellLine(c.col), c.col, c.hdr, ProblemDateSerialAssumed, planner.SeverityWarning, s,
					"a date such as 2026-12-31", "%s read as an Excel date serial: %s (and so for the column's other numbers)", s, t.Format("2006-01-02"))
			}
			return parse.Date{Value: t}, err
		}
	}
	if h, ok := c.cache[s]; ok {
		return h.d, h.err
	}
	d, err := parse.ParseDate(s, hl.opt.TwoDigitYears)
	if len(c.cache) < 8192 {
		c.cache[strings.Clone(s)] = dateHit{d, err}
	}
	return d, err
}

// parseBool reads the booleans of CRM exports (1/0, true/false, yes/no,
// TRUE/FALSE, oui/non); blank is false.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y", "on", "vrai", "oui", "x", "t":
		return true, true
	case "", "0", "false", "no", "n", "off", "faux", "non", "f":
		return false, true
	}
	return false, false
}

// cellPos returns the position of deal idx's cell in column col.
func (hl *historyLoader) cellPos(idx int32, col int) planner.Position {
	line := int(hl.lines[idx])
	if ls, ok := hl.cellRows[idx]; ok && col >= 0 && col < len(ls) {
		line = int(ls[col])
	}
	return hl.t.pos(line, col)
}

func (hl *historyLoader) dealProblem(idx int32, col int, kind, sev, value, expected, format string, args ...any) {
	p := hl.cellPos(idx, col)
	hdr := ""
	if col >= 0 && col < len(hl.h.names) {
		hdr = hl.h.names[col]
	}
	hl.probs.row(hl.t, p.Row, col, hdr, kind, sev, value, expected, format, args...)
}

// finish resolves what could only be decided with the whole file (the
// columns' number style and date order), checks each deal, and drops the
// rows that were left out.
func (hl *historyLoader) finish() {
	hl.resolveAmounts()
	hl.resolveDates(&hl.created_, &hl.closed_, func(d *planner.Deal, t planner.Date) { d.Created = t })
	hl.resolveDates(&hl.closed_, &hl.created_, func(d *planner.Deal, t planner.Date) { d.Closed = t })
	// from here on the deals and drop are only read: the ids' hashes are
	// sorted while checkDeals runs on the other core
	keys := make(chan []uint64, 1)
	switch {
	case hl.id < 0 || len(hl.deals) >= 1<<idxBits:
		keys = nil
	case len(hl.deals) < 1<<12:
		keys <- hl.duplicateKeys()
	default:
		go func() { keys <- hl.duplicateKeys() }()
	}
	hl.checkDeals()
	if keys != nil {
		hl.checkDuplicates(<-keys)
	} else if hl.id >= 0 {
		hl.checkDuplicatesSlow()
	}
	hl.checkOutliers()
	if len(hl.drop) > 0 {
		kept := hl.deals[:0]
		for i := range hl.deals {
			if !hl.drop[int32(i)] {
				kept = append(kept, hl.deals[i])
			}
		}
		clear(hl.deals[len(kept):])
		hl.deals = kept
	}
	hl.deals = slices.Clip(hl.deals)
	hl.lines, hl.ids, hl.openStages = nil, idTable{}, nil
}

func (hl *historyLoader) resolveAmounts() {
	hl.resolveNumbers(&hl.amt)
	hl.resolveNumbers(&hl.est)
}

func (hl *historyLoader) resolveNumbers(c *numCol) {
	if len(c.pending) == 0 {
		return
	}
	style, why := decideStyle(c.styles, hl.opt.Locale)
	if style == parse.NoStyle {
		for _, p := range c.pending {
			hl.drop[p.idx] = true
			hl.dealProblem(p.idx, c.col, ProblemAmbiguousNumber, planner.SeverityError, formatAmbiguous(p.val, p.alt),
				"an amount the column or the locale decides", "could be %s or %s, and %s; set locale: fr or en in the config; row left out",
				fmtNum(p.val), fmtNum(p.alt), why)
		}
		return
	}
	for _, p := range c.pending {
		v := p.val
		if style == parse.CommaDecimal {
			v = p.alt
		}
		hl.deals[p.idx].Amount = v
	}
	if why != "" {
		p := c.pending[0]
		hl.dealProblem(p.idx, c.col, ProblemNumberStyleAssumed, planner.SeverityWarning, "", "", "%d amounts such as this one read with a decimal %s, %s",
			len(c.pending), map[parse.Style]string{parse.PointDecimal: "point", parse.CommaDecimal: "comma"}[style], why)
	}
}

func formatAmbiguous(a, b float64) string { return fmtNum(a) + " or " + fmtNum(b) }

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// decideStyle picks a column's decimal style from its proofs, else from the
// locale. why explains a locale decision, or why nothing decided.
func decideStyle(styles [3]int, locale string) (parse.Style, string) {
	pt, cm := styles[parse.PointDecimal], styles[parse.CommaDecimal]
	switch {
	case pt > 0 && cm == 0:
		return parse.PointDecimal, ""
	case cm > 0 && pt == 0:
		return parse.CommaDecimal, ""
	}
	l := strings.ToLower(locale)
	switch {
	case strings.HasPrefix(l, "fr"):
		return parse.CommaDecimal, "as the configured locale (fr) says"
	case strings.HasPrefix(l, "en"):
		return parse.PointDecimal, "as the configured locale (en) says"
	}
	if pt > 0 && cm > 0 {
		return parse.NoStyle, fmt.Sprintf("the column mixes both styles (%d with a decimal point, %d with a decimal comma)", pt, cm)
	}
	return parse.NoStyle, "no other value of the column tells the decimal separator"
}

// resolveDates decides a date column's order: its own proofs, else those
// of the file's other date column (same export, same locale), else the
// configured order or locale.
func (hl *historyLoader) resolveDates(c, other *dateCol, set func(*planner.Deal, planner.Date)) {
	dmy, mdy := c.proofs[parse.DMY], c.proofs[parse.MDY]
	if dmy > 0 && mdy > 0 {
		a, b := hl.cellPos(c.proofIdx[parse.DMY], c.col), hl.cellPos(c.proofIdx[parse.MDY], c.col)
		hl.probs.row(hl.t, a.Row, c.col, c.hdr, ProblemAmbiguousDateOrder, planner.SeverityError, "", "one date order per column",
			"the column proves both orders: %d dates are day-first (first on %s) and %d month-first (first on %s); its ambiguous dates are left out",
			dmy, shortPos(a), mdy, shortPos(b))
	}
	if len(c.pending) == 0 {
		return
	}
	order, why := parse.OrderUnknown, ""
	switch {
	case dmy > 0 && mdy > 0:
	case dmy > 0:
		order = parse.DMY
	case mdy > 0:
		order = parse.MDY
	case other.proofs[parse.DMY] > 0 && other.proofs[parse.MDY] == 0:
		order, why = parse.DMY, "as the "+other.hdr+" column proves"
	case other.proofs[parse.MDY] > 0 && other.proofs[parse.DMY] == 0:
		order, why = parse.MDY, "as the "+other.hdr+" column proves"
	default:
		switch dord := strings.ToLower(hl.opt.DateOrder); {
		case dord == "dmy":
			order, why = parse.DMY, "date_order: dmy"
		case dord == "mdy":
			order, why = parse.MDY, "date_order: mdy"
		case strings.HasPrefix(strings.ToLower(hl.opt.Locale), "fr"):
			order, why = parse.DMY, "locale: fr"
		case strings.HasPrefix(strings.ToLower(hl.opt.Locale), "en"):
			order, why = parse.MDY, "locale: en"
		}
	}
	if order == parse.OrderUnknown {
		for _, p := range c.pending {
			if hl.drop[p.idx] {
				continue
			}
			hl.drop[p.idx] = true
			hl.dealProblem(p.idx, c.col, ProblemAmbiguousDateOrder, planner.SeverityError,
				p.val.String()+" or "+p.alt.String(), "dd/mm/yyyy or mm/dd/yyyy, decided",
				"day and month cannot be told apart (%s or %s) and no date of the column decides; set date_order: dmy or mdy; row left out",
				p.val.Time().Format("2 Jan 2006"), p.alt.Time().Format("2 Jan 2006"))
		}
		return
	}
	for _, p := range c.pending {
		v := p.val
		if order == parse.MDY {
			v = p.alt
		}
		set(&hl.deals[p.idx], v)
	}
	if why != "" {
		p := c.pending[0]
		hl.dealProblem(p.idx, c.col, ProblemDateOrderAssumed, planner.SeverityWarning, "", "",
			"no date of the column tells day from month: %d dates such as this one read as %s (%s)", len(c.pending), order, why)
	}
}

func shortPos(p planner.Position) string {
	if p.Ref != "" {
		return p.Ref
	}
	return "line " + strconv.Itoa(p.Row)
}

// checkDeals reports inconsistent deals; they are kept (warnings).
func (hl *historyLoader) checkDeals() {
	currencies := map[planner.Name]int32{}
	var order []planner.Name
	for i := range hl.deals {
		idx := int32(i)
		if hl.drop[idx] {
			continue
		}
		d := &hl.deals[i]
		switch d.Status {
		case planner.Won, planner.Lost:
			if d.Closed.IsZero() {
				hl.dealProblem(idx, hl.closed, ProblemClosedWithoutDate, planner.SeverityWarning, "", "the date the deal was "+d.Status.String(),
					"%s deal with no close date: it counts in no period", d.Status)
			}
			if d.Created.IsZero() {
				hl.dealProblem(idx, hl.created, ProblemMissingValue, planner.SeverityWarning, "", "the date the deal was created",
					"%s deal with no created date: no cycle length for it", d.Status)
			}
		case planner.Open:
			if !d.Closed.IsZero() {
				hl.dealProblem(idx, hl.closed, ProblemOpenWithCloseDate, planner.SeverityWarning, d.Closed.String(), "a won or lost stage",
					fmtOpenWithClose, hl.openStages[idx])
			}
		}
		if d.Status == planner.Won && !d.HasAmount {
			hl.dealProblem(idx, hl.amount, ProblemWonWithoutAmount, planner.SeverityWarning, "", "the amount won",
				fmtWonWithoutAmount)
		}
		if d.HasAmount && d.Amount < 0 {
			// A credit note or a correction is no revenue, and no
			// pipeline: the deal keeps its status, its amount is left out.
			hl.dealProblem(idx, hl.amount, ProblemNegativeAmount, planner.SeverityWarning, fmtNum(d.Amount), "an amount of 0 or more",
				"negative amount %s on a %s deal (a credit or a correction?): the deal counts, its amount is left out of revenue, deal sizes and pipeline",
				fmtNum(d.Amount), d.Status)
			d.Amount, d.HasAmount = 0, false
		}
		if !d.Currency.IsZero() {
			if _, ok := currencies[d.Currency]; !ok {
				currencies[d.Currency] = idx
				order = append(order, d.Currency)
			}
		}
		if !d.Created.IsZero() && !d.Closed.IsZero() && d.Closed < d.Created {
			hl.dealProblem(idx, hl.closed, ProblemClosedBeforeCreated, planner.SeverityWarning, d.Closed.String(),
				"a date on or after "+d.Created.String(),
				fmtClosedBefore, d.Closed.String(),
				d.Created.String(), int(d.Closed-d.Created))
		}
	}
	if fx := hl.opt.FX; fx != nil {
		// Every amount into the reporting currency; a currency the
		// table has no rate for at the deal's date loses the amount.
		var missing []int
		hl.fx, missing = fx.Convert(hl.deals, hl.opt.AsOf)
		for _, i := range missing {
			idx := int32(i)
			if hl.drop[idx] {
				continue
			}
			d := &hl.deals[i]
			at := planner.DateOf(hl.opt.AsOf)
			if d.Status != planner.Open && !d.Closed.IsZero() {
				at = d.Closed
			}
			col := hl.currency
			if col < 0 {
				col = hl.amount
			}
			hl.dealProblem(idx, col, ProblemNoRate, planner.SeverityError, d.Currency.String(),
				fmt.Sprintf("a rate for %s on %s in the exchange-rate table", d.Currency, at),
				fmtNoRate, fx.Reporting, d.Currency, at)
		}
		return
	}
	if len(order) > 1 {
		col := hl.currency
		if col < 0 {
			col = hl.amount
		}
		names := make([]string, len(order))
		for i, c := range order {
			names[i] = c.String()
		}
		hl.dealProblem(currencies[order[1]], col, ProblemMixedCurrency, planner.SeverityWarning, names[1], "one currency ("+names[0]+")",
			fmtMixedCurrency, strings.Join(names, ", "))
	}
}

// idxBits is the width of the deal index in duplicateKeys' keys.
const idxBits = 24

// duplicateKeys returns, sorted, a 64-bit key per deal with an id: the top
// 40 bits of the id's hash, then the deal index. Sorting them, then
// comparing the ids whose hashes meet, is much cheaper than sorting a
// million strings. The deals must be fewer than 1<<idxBits.
func (hl *historyLoader) duplicateKeys() []uint64 {
	seed := maphash.MakeSeed()
	keys := make([]uint64, 0, len(hl.deals))
	for i := range hl.deals {
		if id := hl.ids.at(int32(i)); id != "" && !hl.drop[int32(i)] {
			keys = append(keys, maphash.String(seed, id)>>idxBits<<idxBits|uint64(i))
		}
	}
	return sortHashKeys(keys)
}

// sortHashKeys sorts keys made of a 40-bit hash above a 24-bit index that
// increases along the slice. A stable radix sort on the hash bits (four
// passes of 10 bits) gives the same order as sorting the whole keys, in
// linear time.
func sortHashKeys(keys []uint64) []uint64 {
	if len(keys) < 1<<12 {
		slices.Sort(keys)
		return keys
	}
	const bits, passes = 10, (64 - idxBits) / 10
	var count [passes][1 << bits]int
	for _, k := range keys {
		for p := 0; p < passes; p++ {
			count[p][k>>(idxBits+bits*p)&(1<<bits-1)]++
		}
	}
	tmp := make([]uint64, len(keys))
	src, dst := keys, tmp
	for p := 0; p < passes; p++ {
		c := &count[p]
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		shift := idxBits + bits*p
		for _, k := range src {
			b := k >> shift & (1<<bits - 1)
			dst[c[b]] = k
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}

// checkDuplicates reports the deals whose id an earlier deal used, from
// duplicateKeys' sorted keys.
func (hl *historyLoader) checkDuplicates(keys []uint64) {
	// The runs come in hash order, which the process's hash seed decides:
	// the duplicates are reported in row order, so that the same file
	// always lists the same problems.
	var dups [][2]int32
	defer func() {
		slices.SortFunc(dups, func(a, b [2]int32) int { return cmp.Compare(a[0], b[0]) })
		for _, d := range dups {
			hl.reportDuplicate(d[0], d[1])
		}
	}()
	hs := make([]hashedIdx, 0, 64)
	for i := 1; i < len(keys); i++ {
		if keys[i]>>idxBits != keys[i-1]>>idxBits {
			continue
		}
		// a run of equal hashes, sorted by deal index
		j := i - 1
		for i < len(keys) && keys[i]>>idxBits == keys[j]>>idxBits {
			i++
		}
		hs = hs[:0]
		for _, k := range keys[j:i] {
			hs = append(hs, hashedIdx{k >> idxBits, int32(k & (1<<idxBits - 1))})
		}
		dups = appendDuplicates(dups, hl, hs)
	}
}

type hashedIdx struct {
	h   uint64
	idx int32
}

// appendDuplicates appends, among deals whose ids hash alike (sorted by
// index), each one whose id an earlier one already used, with that one.
func appendDuplicates(dups [][2]int32, hl *historyLoader, run []hashedIdx) [][2]int32 {
	for i := 1; i < len(run); i++ {
		b := run[i].idx
		id := hl.ids.at(b)
		for j := 0; j < i; j++ {
			if hl.ids.at(run[j].idx) == id {
				dups = append(dups, [2]int32{b, run[j].idx})
				break
			}
		}
	}
	return dups
}

// reportDuplicate reports deal b, whose id deal first already used.
func (hl *historyLoader) reportDuplicate(b, first int32) {
	id := strings.Clone(hl.ids.at(b))
	hl.dealProblem(b, hl.id, ProblemDuplicateID, planner.SeverityWarning, id, "an id used once",
		"id %q already used on %s: both rows kept", id, shortPos(hl.cellPos(first, hl.id)))
}

// checkDuplicatesSlow is checkDuplicates for more than 16 million deals.
func (hl *historyLoader) checkDuplicatesSlow() {
	first := make(map[string]int32, len(hl.deals))
	for i := range hl.deals {
		id := hl.ids.at(int32(i))
		if id == "" || hl.drop[int32(i)] {
			continue
		}
		f, dup := first[id]
		if !dup {
			first[id] = int32(i)
			continue
		}
		fp := hl.cellPos(f, hl.id)
		id = strings.Clone(id)
		hl.dealProblem(int32(i), hl.id, ProblemDuplicateID, planner.SeverityWarning, id, "an id used once",
			"id %q already used on %s: both rows kept", id, shortPos(fp))
	}
}

// checkOutliers reports amounts far above the column's range: more than
// 300 times the median and beyond the third quartile plus 20 times the
// interquartile range.
func (hl *historyLoader) checkOutliers() {
	vals := make([]float64, 0, len(hl.deals))
	for i := range hl.deals {
		if d := &hl.deals[i]; d.HasAmount && d.Amount > 0 && !hl.drop[int32(i)] {
			vals = append(vals, d.Amount)
		}
	}
	if len(vals) < 20 {
		return
	}
	if len(vals) > 100_000 {
		// the quartiles of an even subsample are close enough for a
		// threshold this coarse, and deterministic
		step := len(vals) / 100_000
		sub := vals[:0]
		for i := 0; i < len(vals); i += step {
			sub = append(sub, vals[i])
		}
		vals = sub
	}
	slices.Sort(vals)
	q := func(p float64) float64 { return vals[int(p*float64(len(vals)-1))] }
	med, q1, q3 := q(0.5), q(0.25), q(0.75)
	limit := math.Max(300*med, q3+20*(q3-q1))
	for i := range hl.deals {
		if d := &hl.deals[i]; d.HasAmount && d.Amount > limit && !hl.drop[int32(i)] {
			hl.dealProblem(int32(i), hl.amount, ProblemOutlierAmount, planner.SeverityWarning, fmtNum(d.Amount),
				fmt.Sprintf("an amount near the column's range (median %s)", fmtNum(med)),
				"amount %s is far outside the column's range (median %s, third quartile %s): check it", fmtNum(d.Amount), fmtNum(med), fmtNum(q3))
		}
	}
}
