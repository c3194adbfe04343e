package importer

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// maxPerKind is how many problems of one kind are kept in detail per file;
// the rest are counted in one summary problem of the same kind.
const maxPerKind = 200

// Problem kinds: the stable codes of planner.Problem.Kind.
const (
	ProblemBadAmount           = "bad_amount"
	ProblemBadDate             = "bad_date"
	ProblemBadNumber           = "bad_number"
	ProblemBadRow              = "bad_row"
	ProblemMissingValue        = "missing_value"
	ProblemDuplicateID         = "duplicate_id"
	ProblemClosedBeforeCreated = "closed_before_created"
	ProblemOpenWithCloseDate   = "open_with_close_date"
	ProblemWonWithoutAmount    = "won_without_amount"
	ProblemClosedWithoutDate   = "closed_without_date"
	ProblemNegativeAmount      = "negative_amount"
	ProblemOutlierAmount       = "outlier_amount"
	ProblemAmbiguousNumber     = "ambiguous_number"
	ProblemNumberStyleAssumed  = "number_style_assumed"
	ProblemAmbiguousDateOrder  = "ambiguous_date_order"
	ProblemDateOrderAssumed    = "date_order_assumed"
	ProblemDateSerialAssumed   = "date_serial_assumed"
	ProblemFormulaWithoutValue = "formula_without_value"
	ProblemUnknownMetric       = "unknown_metric"
	ProblemUnknownOwner        = "unknown_owner"
	ProblemRateAsPercent       = "rate_as_percent"
	ProblemDeadlineBeforeStart = "deadline_before_start"
	ProblemBadMonth            = "bad_month"
	ProblemMixedCurrency       = "mixed_currency"
	ProblemBadCurrency         = "bad_currency"
	ProblemNoRate              = "no_exchange_rate"
	ProblemInvalidUTF8         = "invalid_utf8"
	ProblemNULByte             = "nul_byte"
	ProblemDuplicateKey        = "duplicate_key"
)

// problems collects a file's problems, keeping maxPerKind of each kind.
type problems struct {
	list  []planner.Problem
	count map[string]int
}

func newProblems() *problems {
	return &problems{count: map[string]int{}}
}

func (p *problems) add(pr planner.Problem) {
	if pr.Severity == "" {
		pr.Severity = planner.SeverityError
	}
	p.count[pr.Kind]++
	if p.count[pr.Kind] <= maxPerKind {
		// a value read from a CSV is a substring of a 256 KiB block of
		// the file: a copy does not keep the block alive
		pr.Value = strings.Clone(pr.Value)
		p.list = append(p.list, pr)
	}
}

// cell adds a problem about one cell; err may be a *parse.Error, whose
// Found and Expected are used. The message is the sentence alone: the
// problem's Position and Header say where, and every writer prints them.
func (p *problems) cell(t *table, line, col int, hdr, kind, severity, value string, err error, expected string) {
	pos := t.pos(line, col)
	var pe *parse.Error
	if errors.As(err, &pe) {
		if expected == "" {
			expected = pe.Expected
		}
	}
	p.add(planner.Problem{Position: pos, Kind: kind, Severity: severity, Header: hdr, Value: value, Expected: expected, Message: err.Error()})
}

// row adds a problem about a whole row, or a cell when col >= 0, with a
// message of our own.
func (p *problems) row(t *table, line, col int, hdr, kind, severity, value, expected, format string, args ...any) {
	pos := t.pos(line, col)
	pr := planner.Problem{Position: pos, Kind: kind, Severity: severity, Header: hdr, Value: value, Expected: expected,
		Message: fmt.Sprintf(format, args...)}
	if fr, ok := frenchFormats[format]; ok {
		pr.MessageFr = fmt.Sprintf(fr, args...)
	}
	p.add(pr)
}

// frenchFormats are the French sentences of the problems met most often
// in real exports, keyed by their English format (the same arguments, in
// the same order); the others are reported in English.
var frenchFormats = map[string]string{
	fmtOpenWithClose:    "affaire ouverte (étape « %s ») avec une date de clôture : gardée ouverte, la date lue comme clôture prévue",
	fmtClosedBefore:     "close le %s, avant sa création le %s (cycle négatif de %d jours)",
	fmtNoRate:           "pas de taux de change vers %s pour %s au %s : l’affaire compte, son montant est écarté",
	fmtMixedCurrency:    "montants en plusieurs devises (%s) : sans taux de change (--fx), ils sont écartés de tous les montants",
	fmtWonWithoutAmount: "affaire gagnée sans montant : comptée comme gagnée, écartée des paniers",
	fmtUnknownOwner:     "le commercial « %s » n’est pas dans le fichier des équipes : ses affaires n’ont pas d’équipe",
	fmtUnknownOwnerAct:  "le commercial « %s » n’est pas dans le fichier des équipes : son activité n’a pas d’équipe",
	fmtQuotaWithoutTeam: "quota de « %s », sans équipe : donnez --teams (un export User de Salesforce convient) ; ligne écartée",
	fmtFXNotPositive:    "un taux de change doit être un nombre positif ; ligne écartée",
	fmtFXOverlap:        "%s a déjà un taux sur certains de ces jours (ligne %d) ; cette ligne est écartée",
	fmtMarketAgain:      "« %s » est déjà donné (la ligne %d est gardée) ; cette ligne est écartée",
	fmtRangeEndsBefore:  "la période finit avant de commencer ; ligne écartée",
	fmtNotACurrencyCode: "pas un code de devise ; ligne écartée",
}

// The English formats that frenchFormats translates.
const (
	fmtOpenWithClose    = "open deal (stage %q) with a close date: kept as open, the date read as expected close"
	fmtClosedBefore     = "closed on %s, before it was created on %s (negative cycle of %d days)"
	fmtNoRate           = "no exchange rate into %s for %s on %s: the deal counts, its amount is left out"
	fmtMixedCurrency    = "amounts in several currencies (%s): without exchange rates (--fx) they are left out of every amount figure"
	fmtWonWithoutAmount = "won deal with no amount: counted as a win, left out of deal sizes"
	fmtUnknownOwner     = "owner %q is not in the teams file: their deals have no team"
	fmtUnknownOwnerAct  = "owner %q is not in the teams file: their activity has no team"
	fmtQuotaWithoutTeam = "quota of %q, who has no team: give --teams (a Salesforce User export works); row left out"
	fmtFXNotPositive    = "an exchange rate must be a positive number; row left out"
	fmtFXOverlap        = "%s already has a rate on some of these days (row %d); this row is left out"
	fmtMarketAgain      = "%q is given again (row %d is kept); this row is left out"
	fmtRangeEndsBefore  = "the range ends before it starts; row left out"
	fmtNotACurrencyCode = "not a currency code; row left out"
)

// finish sorts the problems by position and appends, for each kind with
// more than maxPerKind problems, a summary with the count left out.
func (p *problems) finish(file string) []planner.Problem {
	sortProblems(p.list)
	kinds := make([]string, 0, len(p.count))
	for k, n := range p.count {
		if n > maxPerKind {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		n := p.count[k]
		sev := planner.SeverityWarning
		for _, pr := range p.list {
			if pr.Kind == k {
				sev = pr.Severity
				break
			}
		}
		p.list = append(p.list, planner.Problem{
			Position: planner.Position{File: file},
			Kind:     k, Severity: sev,
			Omitted: n - maxPerKind,
			Message: fmt.Sprintf("%d more %s problems not listed (%d in all)", n-maxPerKind, k, n),
		})
	}
	return p.list
}

func sortProblems(ps []planner.Problem) {
	slices.SortStableFunc(ps, func(a, b planner.Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Sheet, b.Sheet),
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Kind, b.Kind),
		)
	})
}
