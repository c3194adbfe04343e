package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/smartplan/smartplan/planner/ident"
)

// headerWindow is how many rows are searched for the header row.
const headerWindow = 30

// bufRow is one row held back while the header is searched for.
type bufRow struct {
	cells     []string
	line      int
	cellLines []int // nil when every cell is on line
	kinds     []cellKind
	err       error
}

// bufferedRows replays the rows read ahead during header detection, then
// streams the rest. It also copies merged-cell values into every cell of
// their range.
type bufferedRows struct {
	src       rowReader
	buf       []bufRow
	i         int // next buffered row to replay
	cur       *bufRow
	merges    []mergeRange
	merged    []string
	mergeVals map[mergeRange]string
}

func newBuffered(src rowReader, merges []mergeRange) *bufferedRows {
	return &bufferedRows{src: src, i: -1, merges: merges}
}

// fill reads up to n rows into the buffer.
func (b *bufferedRows) fill(n int) {
	for len(b.buf) < n && b.src.Next() {
		row := b.src.Row()
		r := bufRow{cells: make([]string, len(row)), line: b.src.Line(), err: rowError(b.src)}
		for i, c := range row {
			r.cells[i] = strings.Clone(c)
			if l := b.src.CellLine(i); l != r.line {
				if r.cellLines == nil {
					r.cellLines = make([]int, len(row))
					for j := range r.cellLines {
						r.cellLines[j] = r.line
					}
				}
				r.cellLines[i] = l
			}
			if k := b.src.Kind(i); k != kindUnknown {
				if r.kinds == nil {
					r.kinds = make([]cellKind, len(row))
				}
				r.kinds[i] = k
			}
		}
		b.buf = append(b.buf, r)
	}
}

// skipTo makes the next row returned the buffered row at index i.
func (b *bufferedRows) skipTo(i int) { b.i = i - 1 }

func (b *bufferedRows) Next() bool {
	b.merged = nil
	if b.i+1 < len(b.buf) {
		b.i++
		b.cur = &b.buf[b.i]
		return true
	}
	if b.buf != nil {
		b.buf, b.i = nil, -1
	}
	b.cur = nil
	return b.src.Next()
}

func (b *bufferedRows) Row() []string {
	var row []string
	if b.cur != nil {
		row = b.cur.cells
	} else {
		row = b.src.Row()
	}
	if len(b.merges) == 0 {
		return row
	}
	if b.merged != nil {
		return b.merged
	}
	line := b.Line()
	var out []string
	for _, m := range b.merges {
		if line < m.r1 || line > m.r2 || (m.r1 == m.r2 && m.c1 == m.c2) {
			continue
		}
		v := b.mergeValue(m)
		if v == "" {
			continue
		}
		if out == nil {
			out = append([]string(nil), row...)
		}
		for c := m.c1; c <= m.c2; c++ {
			for len(out) < c {
				out = append(out, "")
			}
			if out[c-1] == "" {
				out[c-1] = v
			}
		}
	}
	if out == nil {
		return row
	}
	b.merged = out
	return out
}

// mergeValues remembers the value of each merged range's top-left cell as
// rows stream past it.
func (b *bufferedRows) mergeValue(m mergeRange) string {
	if b.mergeVals == nil {
		b.mergeVals = map[mergeRange]string{}
	}
	if v, ok := b.mergeVals[m]; ok {
		return v
	}
	if b.Line() == m.r1 {
		var row []string
		if b.cur != nil {
			row = b.cur.cells
		} else {
			row = b.src.Row()
		}
		v := ""
		if m.c1-1 < len(row) {
			v = row[m.c1-1]
		}
		b.mergeVals[m] = strings.Clone(v)
		return v
	}
	for _, r := range b.buf {
		if r.line == m.r1 {
			v := ""
			if m.c1-1 < len(r.cells) {
				v = r.cells[m.c1-1]
			}
			b.mergeVals[m] = v
			return v
		}
	}
	return ""
}

func (b *bufferedRows) Line() int {
	if b.cur != nil {
		return b.cur.line
	}
	return b.src.Line()
}

func (b *bufferedRows) CellLine(col int) int {
	if b.cur != nil {
		if b.cur.cellLines != nil && col >= 0 && col < len(b.cur.cellLines) {
			return b.cur.cellLines[col]
		}
		return b.cur.line
	}
	return b.src.CellLine(col)
}

func (b *bufferedRows) Kind(col int) cellKind {
	if b.cur != nil {
		if col >= 0 && col < len(b.cur.kinds) {
			return b.cur.kinds[col]
		}
		return kindUnknown
	}
	return b.src.Kind(col)
}

func (b *bufferedRows) rowErr() error {
	if b.cur != nil {
		return b.cur.err
	}
	return rowError(b.src)
}

func (b *bufferedRows) Err() error   { return b.src.Err() }
func (b *bufferedRows) Close() error { return b.src.Close() }

// header is the found header row and the column of each field.
type header struct {
	line    int      // physical row of the header
	index   int      // index of the header in the buffer
	names   []string // header cells as written (trimmed)
	col     map[string]int
	score   int
	unknown []int           // columns that map to no field
	forced  map[string]bool // fields mapped by an override
	dups    [][2]int        // columns headed alike for one field: the first and the other
}

func (h *header) has(field string) bool { _, ok := h.col[field]; return ok }

// colOf returns the column of field, or -1.
func (h *header) colOf(field string) int {
	if c, ok := h.col[field]; ok {
		return c
	}
	return -1
}

// nameOf returns the header of field's column.
func (h *header) nameOf(field string) string {
	if c, ok := h.col[field]; ok && c < len(h.names) {
		return h.names[c]
	}
	return field
}

// mapper maps header cells to fields for one kind of file.
type mapper struct {
	aliases   aliasTable
	overrides map[string]string // canonical field -> header, from Options.Columns
	// primary, when set, is asked before aliases (the history uses the
	// parse package's CRM alias table); it returns the field and a rank.
	primary func(header string) (string, int, bool)
	strict  bool // an override whose header is absent is an error
}

// fieldOf returns the field a header maps to and its rank.
func (m *mapper) fieldOf(h string) (string, int, bool) {
	k := normKey(h)
	if k == "" {
		return "", 0, false
	}
	for f, want := range m.overrides {
		if normKey(want) == k {
			return f, -1, true
		}
	}
	if m.primary != nil {
		if f, r, ok := m.primary(h); ok {
			return f, r, true
		}
	}
	if a, ok := m.aliases[k]; ok {
		return a.Field, a.Rank + 100, true
	}
	return "", 0, false
}

// score counts the distinct fields a row's cells map to.
func (m *mapper) score(cells []string) int {
	seen := map[string]bool{}
	nonEmpty := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		nonEmpty++
		if f, _, ok := m.fieldOf(c); ok {
			seen[f] = true
		}
	}
	if nonEmpty < 2 {
		return 0
	}
	return len(seen)
}

// mapHeader builds the field -> column map of a header row; of several
// columns mapping to one field, the lowest rank (then the leftmost) wins.
func (m *mapper) mapHeader(cells []string) *header {
	h := &header{col: map[string]int{}, names: make([]string, len(cells))}
	ranks := map[string]int{}
	for i, c := range cells {
		h.names[i] = strings.TrimSpace(c)
		f, r, ok := m.fieldOf(c)
		if !ok {
			h.unknown = append(h.unknown, i)
			continue
		}
		if old, dup := ranks[f]; dup && old <= r {
			if j := h.col[f]; old == r && normKey(cells[j]) == normKey(c) && r >= 0 {
				// the same header twice: which column holds the field?
				h.dups = append(h.dups, [2]int{j, i})
			}
			continue
		}
		ranks[f] = r
		h.col[f] = i
		if r < 0 {
			if h.forced == nil {
				h.forced = map[string]bool{}
			}
			h.forced[f] = true
		}
	}
	h.score = len(h.col)
	return h
}

// findHeader reads ahead up to headerWindow rows and picks the row that
// maps to the most fields. It returns an error naming what was seen when no
// row maps to at least minFields fields.
func findHeader(t *table, b *bufferedRows, m *mapper, minFields int) (*header, error) {
	b.fill(headerWindow)
	best, bestScore := -1, 0
	for i := range b.buf {
		b.i = i - 1
		b.Next()
		if s := m.score(b.Row()); s > bestScore {
			best, bestScore = i, s
		}
	}
	b.skipTo(0)
	if best < 0 || bestScore < minFields {
		// A reader that failed before a header was found is the cause,
		// not a missing header (a damaged sharedStrings.xml, a cell past
		// XFD): say what failed.
		if err := b.src.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w (%s); the first non-empty row holds: %s", ErrNoHeader, where(t), firstCells(b))
	}
	b.skipTo(best)
	b.Next()
	h := m.mapHeader(b.Row())
	h.line = b.Line()
	h.index = best
	if len(h.dups) > 0 {
		d := h.dups[0]
		return nil, fmt.Errorf("%w: columns %s and %s (%s, row %d) are both headed %q: keep one, or rename one; "+
			"smartplan will not guess which holds the data", ErrDuplicateColumn, colName(d[0]+1), colName(d[1]+1), where(t), h.line, h.names[d[0]])
	}
	for f := range m.overrides {
		if m.strict && !h.forced[f] {
			return nil, fmt.Errorf("%w: the column %q given for %s is not in the header (%s, row %d); headers found: %s",
				ErrMissingColumn, m.overrides[f], f, where(t), h.line, quoteList(h.names))
		}
	}
	return h, nil
}

func where(t *table) string {
	if t.sheet != "" {
		return "sheet " + t.sheet
	}
	return "first 30 lines"
}

func firstCells(b *bufferedRows) string {
	for _, r := range b.buf {
		if !isBlank(r.cells) {
			return quoteList(r.cells)
		}
	}
	return "nothing"
}

func quoteList(names []string) string {
	var parts []string
	for _, n := range names {
		if strings.TrimSpace(n) != "" {
			parts = append(parts, fmt.Sprintf("%q", strings.TrimSpace(n)))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	if len(parts) > 40 {
		parts = append(parts[:40], fmt.Sprintf("… (%d more)", len(parts)-40))
	}
	return strings.Join(parts, ", ")
}

// missingColumn builds the error for required fields absent from a header,
// with the headers found and the closest match.
func missingColumn(t *table, h *header, m *mapper, fields []string) error {
	var parts []string
	for _, f := range fields {
		s := f
		if c := closestHeader(f, h, m); c != "" {
			s += fmt.Sprintf(" (closest header: %q; map it with --column %s=%q or columns: in the config)", c, f, c)
		}
		parts = append(parts, s)
	}
	loc := fmt.Sprintf("header on row %d", h.line)
	if t.sheet != "" {
		loc = fmt.Sprintf("header on %s row %d", t.sheet, h.line)
	}
	return fmt.Errorf("%w: %s; %s holds: %s", ErrMissingColumn, strings.Join(parts, "; "), loc, quoteList(h.names))
}

// closestHeader returns the unmapped header nearest to any alias of field.
func closestHeader(field string, h *header, m *mapper) string {
	var aliases []string
	for k, a := range m.aliases {
		if a.Field == field {
			aliases = append(aliases, k)
		}
	}
	sort.Strings(aliases)
	best, bestD := "", 1.0
	for _, i := range h.unknown {
		k := normKey(h.names[i])
		if k == "" {
			continue
		}
		for _, a := range aliases {
			d := float64(ident.Distance(k, a)) / float64(max(len(k), len(a)))
			if strings.Contains(k, a) || strings.Contains(a, k) {
				d = min(d, 0.3)
			}
			if d < bestD {
				best, bestD = h.names[i], d
			}
		}
	}
	if bestD > 0.5 {
		return ""
	}
	return best
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var footerRE = regexp.MustCompile(`^(grand totals?|totals?|sous-?totals?|total g[ée]n[ée]ral|somme|sum|count|nombre)\b\s*(\(.*\))?\s*:?\s*$|^grand totals? \(|^(confidential|confidentiel|copyright|©|\(c\)|generated by|g[ée]n[ée]r[ée] (par|le)|report generated|filtered by|filtr[ée] par)`)

// isFooter reports whether a row is a totals or notice line under the data
// ("Grand Totals (8800 records)", "Total", "Confidential Information - Do
// Not Distribute", "Copyright (c) … salesforce.com").
func isFooter(cells []string) bool {
	first := ""
	for _, c := range cells {
		if s := strings.TrimSpace(c); s != "" {
			first = s
			break
		}
	}
	if first == "" || !footerPrefix(first) {
		return false
	}
	return footerRE.MatchString(strings.ToLower(first))
}

// footerPrefix is a cheap test that a cell may start a footer, so that the
// regular expression runs on few rows.
func footerPrefix(s string) bool {
	switch s[0] | 0x20 {
	case 'g', 't', 's', 'c', 'n', 'f', 'r', '(', 0xC2 | 0x20:
	default:
		return false
	}
	var buf [12]byte
	n := 0
	for i := 0; i < len(s) && n < len(buf); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	p := string(buf[:n])
	for _, w := range footerStarts {
		if strings.HasPrefix(p, w) || strings.HasPrefix(w, p) && len(p) == len(s) {
			return true
		}
	}
	return false
}

var footerStarts = []string{"grand", "total", "sous", "somme", "sum", "count", "nombre", "confiden", "copyright",
	"\u00a9", "(c)", "generated", "g\u00e9n\u00e9r", "gener", "report gen", "filtered", "filtr"}
