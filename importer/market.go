package importer

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/smartplan/smartplan/importer/parse"
	"github.com/smartplan/smartplan/planner"
)

// A market file (issue 11): the addressable accounts per segment, or per
// segment and offer, and optionally the contacts an account has.
const (
	fAccounts           = "accounts"
	fContactsPerAccount = "contacts_per_account"
)

var marketSpec = map[string][]string{
	fSegment: {"segment", "marché", "market", "customer segment", "segment client"},
	fOffer:   {"offer", "offre", "product", "produit"},
	fAccounts: {"accounts", "comptes", "addressable accounts", "comptes adressables", "accounts in market", "market size",
		"taille du marché", "number of accounts", "nombre de comptes"},
	fContactsPerAccount: {"contacts per account", "contacts par compte", "contacts/account", "contacts", "decision makers per account"},
}

// Market is the kind of a market file (planner.InputFile.Kind).
const Market = "market"

// LoadMarket reads a market file: columns segment and accounts (a whole
// number of addressable accounts), optionally offer and contacts per
// account. A count that is not a positive number and a segment (and offer)
// given twice are located errors, and the row is left out.
func LoadMarket(path string, opt Options) ([]planner.MarketSegment, []planner.Problem, planner.InputFile, error) {
	type result struct {
		m     []planner.MarketSegment
		probs []planner.Problem
		file  planner.InputFile
	}
	r, err := retry(path, func(opt Options) (result, error) {
		m, p, f, err := loadMarket(path, opt)
		return result{m, p, f}, err
	}, opt)
	return r.m, r.probs, r.file, err
}

func loadMarket(path string, opt Options) ([]planner.MarketSegment, []planner.Problem, planner.InputFile, error) {
	name := filepath.Base(path)
	initAliases()
	m := &mapper{aliases: marketAliases, primary: func(string) (string, int, bool) { return "", 0, false }}
	o, err := openFor(path, opt, Market, m, 2, false)
	if err != nil {
		return nil, nil, planner.InputFile{}, err
	}
	defer o.Close()
	in := o.inputs[0]
	t, h := in.t, in.h
	sc, ac := h.colOf(fSegment), h.colOf(fAccounts)
	var missing []string
	if sc < 0 {
		missing = append(missing, fSegment)
	}
	if ac < 0 {
		missing = append(missing, fAccounts)
	}
	if len(missing) > 0 {
		return nil, nil, o.file, fileErr(name, missingColumn(t, h, m, missing))
	}
	oc, cc := h.colOf(fOffer), h.colOf(fContactsPerAccount)
	probs := newProblems()
	var out []planner.MarketSegment
	first := map[string]int{}
	rows := t.rows
	in.b.skipTo(h.index + 1)
	read := 0
	number := func(c int, s string, whole bool) (float64, bool) {
		n, err := parse.ParseNumber(s)
		if err == nil && n.Ambiguous {
			err = fmt.Errorf("ambiguous number %q", s)
		}
		want := "a positive number"
		if whole {
			want = "a whole number of accounts above 0"
		}
		if err != nil || !(n.Value > 0) || n.Percent || whole && n.Value != math.Trunc(n.Value) {
			probs.row(t, rows.CellLine(c), c, h.names[c], ProblemBadNumber, planner.SeverityError, s, want, "not %s; row left out", want)
			return 0, false
		}
		return n.Value, true
	}
	for rows.Next() {
		r := rows.Row()
		if isBlank(r) || isFooter(r) {
			continue
		}
		read++
		seg := cellAt(r, sc)
		if seg == "" {
			probs.row(t, rows.CellLine(sc), sc, h.names[sc], ProblemMissingValue, planner.SeverityError, "", "a segment", "no segment; row left out")
			continue
		}
		accounts, ok := number(ac, cellAt(r, ac), true)
		if !ok {
			continue
		}
		row := planner.MarketSegment{Segment: strings.Clone(seg), Offer: strings.Clone(cellAt(r, oc)), Accounts: int(accounts)}
		if s := cellAt(r, cc); cc >= 0 && s != "" {
			if row.ContactsPerAccount, ok = number(cc, s, false); !ok {
				continue
			}
		}
		key := strings.ToLower(row.Segment) + "\x00" + strings.ToLower(row.Offer)
		if line, dup := first[key]; dup {
			probs.row(t, rows.CellLine(sc), sc, h.names[sc], ProblemDuplicateKey, planner.SeverityError, seg,
				"one row per segment (and offer)", fmtMarketAgain, seg, line)
			continue
		}
		first[key] = rows.Line()
		out = append(out, row)
	}
	if err := o.finishTable(name, rows.Err(), probs, len(out), "no segment with a number of accounts"); err != nil {
		return nil, nil, o.file, err
	}
	o.file.Rows = read
	return out, probs.finish(name), o.file, nil
}
