package importer

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smartplan/smartplan/planner"
	"github.com/xuri/excelize/v2"
)

// An exchange-rate table: rates by currency, open or dated ranges, a
// month; each bad row a located error that leaves the others read.
func TestLoadFX(t *testing.T) {
	data := "Devise;Taux;Du;Au\n" +
		"EUR;1;;\n" +
		"USD;0,92;01/01/2026;30/06/2026\n" +
		"USD;0,9;2026-07-01;\n" +
		"JPY;0;;\n" + // line 5: not positive
		"GBP;-1,1;;\n" + // line 6: negative
		"EURO;1;;\n" + // line 7: not a code
		"CHF;1,05;2026-05-01;2026-04-01\n" + // line 8: ends before it starts
		"USD;0,95;2026-06-15;2026-06-20\n" // line 9: overlaps line 3
	rates, probs, _, err := LoadFX(writeFile(t, "fx.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.FXRate{{Currency: "EUR", Rate: 1},
		{Currency: "USD", Rate: 0.92, From: planner.MakeDate(2026, 1, 1), To: planner.MakeDate(2026, 6, 30)},
		{Currency: "USD", Rate: 0.9, From: planner.MakeDate(2026, 7, 1)}}
	if len(rates) != len(want) {
		t.Fatalf("rates = %+v, want %+v", rates, want)
	}
	for i := range want {
		if rates[i] != want[i] {
			t.Errorf("rate %d = %+v, want %+v", i, rates[i], want[i])
		}
	}
	for _, w := range []struct {
		row, col  int
		kind, msg string
	}{
		{5, 2, ProblemBadNumber, "positive"}, {6, 2, ProblemBadNumber, "positive"}, {7, 1, ProblemBadCurrency, "not a currency code"},
		{8, 4, ProblemBadDate, "ends before it starts"}, {9, 3, ProblemDuplicateKey, "already has a rate"},
	} {
		found := false
		for _, p := range probs {
			if p.Row == w.row && p.Col == w.col && p.Kind == w.kind && p.Severity == planner.SeverityError && strings.Contains(p.Message, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s error at row %d, column %d (%q): %+v", w.kind, w.row, w.col, w.msg, probs)
		}
	}
	// A month column: the whole month.
	rates, _, _, err = LoadFX(writeFile(t, "fx.csv", []byte("currency,rate,month\nUSD,0.93,2026-02\n")), Options{})
	if err != nil || len(rates) != 1 || rates[0].From != planner.MakeDate(2026, 2, 1) || rates[0].To != planner.MakeDate(2026, 2, 28) {
		t.Errorf("month rate = %+v, %v", rates, err)
	}
}

// A history read with an exchange-rate table: every amount in the
// reporting currency, a closed deal at its close date's rate, an open one
// at the as-of date's; a deal whose currency has no rate then keeps its
// place without its amount, with a located error.
func TestLoadHistoryConverts(t *testing.T) {
	fx, err := planner.NewFXTable("", []planner.FXRate{{Currency: "EUR", Rate: 1},
		{Currency: "USD", Rate: 0.92, To: planner.MakeDate(2026, 3, 31)}, {Currency: "USD", Rate: 0.9, From: planner.MakeDate(2026, 4, 1)},
		{Currency: "JPY", Rate: 0.0061, To: planner.MakeDate(2026, 3, 31)}})
	if err != nil {
		t.Fatal(err)
	}
	data := "id,owner,stage,created,closed,amount,currency\n" +
		"1,a,Won,2026-01-05,2026-02-01,1000,EUR\n" +
		"2,a,Won,2026-01-05,2026-02-01,1000000,JPY\n" +
		"3,a,Won,2026-01-05,2026-02-01,1000,USD\n" +
		"4,a,Prospecting,2026-03-05,,1000,USD\n" + // open: at the as-of date's rate, 0.9
		"5,a,Prospecting,2026-03-05,,500000,JPY\n" // open: no JPY rate in April
	h, err := LoadHistory(writeFile(t, "deals.csv", []byte(data)), Options{FX: fx, AsOf: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var amounts []float64
	for _, d := range h.Deals {
		a := -1.0
		if d.HasAmount {
			a = d.Amount
		}
		amounts = append(amounts, a)
	}
	want := []float64{1000, 6100, 920, 900, -1}
	for i := range want {
		if d := amounts[i] - want[i]; d > 1e-6 || d < -1e-6 {
			t.Errorf("amounts = %v, want %v", amounts, want)
			break
		}
	}
	found := false
	for _, p := range h.Problems {
		if p.Kind == ProblemNoRate && p.Row == 6 && p.Col == 7 && p.Severity == planner.SeverityError &&
			strings.Contains(p.Message, "JPY on 2026-04-15") {
			found = true
		}
	}
	if !found {
		t.Errorf("no located no_exchange_rate error for line 6: %+v", h.Problems)
	}
	if len(h.FX) != 3 {
		t.Errorf("rates used = %+v, want JPY, USD at 0.92 and USD at 0.9", h.FX)
	}
}

// A market file: accounts per segment (and offer), contacts per account;
// a count that is not a whole positive number, a segment given twice, a
// row without segment are located errors that leave the others read.
func TestLoadMarket(t *testing.T) {
	data := "segment;offre;comptes adressables;contacts par compte\n" +
		"Santé;;260;3\n" +
		"Santé;Suite ERP;120;\n" +
		"Industrie;;0;\n" + // line 4: not above 0
		"Distribution;;12,5;\n" + // line 5: not whole
		"Santé;;300;\n" + // line 6: again
		";;10;\n" // line 7: no segment
	m, probs, _, err := LoadMarket(writeFile(t, "market.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []planner.MarketSegment{{Segment: "Santé", Accounts: 260, ContactsPerAccount: 3}, {Segment: "Santé", Offer: "Suite ERP", Accounts: 120}}
	if len(m) != 2 || m[0] != want[0] || m[1] != want[1] {
		t.Errorf("market = %+v, want %+v", m, want)
	}
	for _, w := range []struct {
		row, col int
		kind     string
	}{{4, 3, ProblemBadNumber}, {5, 3, ProblemBadNumber}, {6, 1, ProblemDuplicateKey}, {7, 1, ProblemMissingValue}} {
		found := false
		for _, p := range probs {
			found = found || p.Row == w.row && p.Col == w.col && p.Kind == w.kind && p.Severity == planner.SeverityError
		}
		if !found {
			t.Errorf("no %s error at row %d, column %d: %+v", w.kind, w.row, w.col, probs)
		}
	}
}

// A quota export: summed per team and quarter; an owner without a team, a
// date or an amount that cannot be read are located errors.
func TestLoadQuota(t *testing.T) {
	data := "User.External_Id__c,OwnerName__c,StartDate__c,QuotaAmount__c\n" +
		"U1,Ann,2026-01-01,100\nU1,Ann,2026-02-01,200\nU2,Bob,2026-03-01,50\nU2,Bob,2026-04-01,70\n" +
		"U9,Zed,2026-01-01,10\n" + // line 6: no team
		"U1,Ann,2026-13-01,10\n" + // line 7: bad date
		"U1,Ann,2026-05-01,lots\n" // line 8: bad amount
	q, err := LoadQuota(writeFile(t, "quota.csv", []byte(data)), Options{Teams: map[string]string{"U1": "North", "Bob": "North"}}, "quarter")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Targets) != 2 || q.Targets[0].Value != 350 || q.Targets[1].Value != 70 || q.Targets[0].Team != "North" ||
		!q.Targets[0].MonthlyBreakdown || q.Targets[0].Deadline.Format(time.DateOnly) != "2026-03-31" {
		t.Fatalf("targets = %+v", q.Targets)
	}
	for _, w := range []struct {
		row, col int
		kind     string
	}{{6, 1, ProblemUnknownOwner}, {7, 3, ProblemBadDate}, {8, 4, ProblemBadNumber}} {
		found := false
		for _, p := range q.Problems {
			found = found || p.Row == w.row && p.Col == w.col && p.Kind == w.kind && p.Severity == planner.SeverityError
		}
		if !found {
			t.Errorf("no %s error at row %d, column %d: %+v", w.kind, w.row, w.col, q.Problems)
		}
	}
}

// A table of daily rates with one date column: each rate holds until the
// next, so a weekend takes Friday's rate; thousands of rows read fast.
func TestLoadFXDaily(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,currency,rate\n")
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3000 {
		d := day.AddDate(0, 0, i)
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		b.WriteString(d.Format(time.DateOnly) + ",USD," + strconv.FormatFloat(0.9+float64(i%100)/1000, 'f', 3, 64) + "\n")
	}
	rates, probs, _, err := LoadFX(writeFile(t, "fx.csv", []byte(b.String())), Options{})
	if err != nil || len(probs) != 0 {
		t.Fatalf("%v, %v", err, probs)
	}
	fx, err := planner.NewFXTable("EUR", rates)
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 2020-01-04 takes Friday 2020-01-03's rate (i = 2: 0.902).
	deals := []planner.Deal{{Currency: planner.NameOf("USD"), Amount: 1000, HasAmount: true, Status: planner.Won, Closed: planner.MakeDate(2020, 1, 4)}}
	fx.Convert(deals, time.Time{})
	if d := deals[0]; !d.HasAmount || d.Amount < 901.99 || d.Amount > 902.01 {
		t.Errorf("a Saturday's deal: %+v, want 902", d)
	}
}

// An exchange-rate workbook whose dates are Excel dates (serials).
func TestLoadFXWorkbookDates(t *testing.T) {
	p := buildXLSX(t, "fx.xlsx", func(f *excelize.File) {
		setRows(t, f, "Sheet1", 1, [][]any{{"currency", "rate", "from"}, {"USD", 0.92, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			{"USD", 0.9, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}})
	})
	rates, probs, _, err := LoadFX(p, Options{})
	if err != nil || len(probs) != 0 || len(rates) != 2 || rates[0].From != planner.MakeDate(2026, 1, 1) || rates[0].To != planner.MakeDate(2026, 6, 30) {
		t.Errorf("rates %+v, problems %v, %v", rates, probs, err)
	}
}
