package parse_test

import (
	"fmt"

	"github.com/smartplan/smartplan/importer/parse"
)

func ExampleParseNumber() {
	for _, s := range []string{"1 200 000,00 €", "$1,054.00", "(1 200,50)", "18 %", "1E+05"} {
		n, err := parse.ParseNumber(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-16q %10.2f %-5v %q\n", s, n.Value, n.Style, n.Currency)
	}
	_, err := parse.ParseNumber("12,5x")
	fmt.Println(err)
	// Output:
	// "1 200 000,00 €" 1200000.00 comma "EUR"
	// "$1,054.00"         1054.00 point "USD"
	// "(1 200,50)"       -1200.50 comma ""
	// "18 %"                 0.18 none  ""
	// "1E+05"           100000.00 none  ""
	// not a number: "12,5x" (expected an amount such as 1 200,50 or 1,200.50)
}

// An ambiguous amount carries both readings; the column decides.
func ExampleNumber_Resolve() {
	n, _ := parse.ParseNumber("1,234")
	fmt.Println(n.Ambiguous, n.Resolve(parse.PointDecimal), n.Resolve(parse.CommaDecimal))

	// Another value of the same column proves its style.
	other, _ := parse.ParseNumber("2 500,75")
	fmt.Println(other.Style, n.Resolve(other.Style))
	// Output:
	// true 1234 1.234
	// comma 1.234
}

func ExampleParseDate() {
	for _, s := range []string{"2024-01-22T23:30:00-0500", "31/12/2026", "12/31/2026", "31 déc. 2026", "Dec 31, 2026"} {
		d, _ := parse.ParseDate(s, false)
		fmt.Printf("%-26q %s proves %v\n", s, d.Value.Format("2006-01-02"), d.Proves)
	}
	d, _ := parse.ParseDate("3/1/2017", false)
	fmt.Println(d.Ambiguous, d.Resolve(parse.DMY).Format("2 Jan"), d.Resolve(parse.MDY).Format("2 Jan"))
	_, err := parse.ParseDate("02/03/24", false)
	fmt.Println(err)
	// Output:
	// "2024-01-22T23:30:00-0500" 2024-01-22 proves YMD
	// "31/12/2026"               2026-12-31 proves DMY
	// "12/31/2026"               2026-12-31 proves MDY
	// "31 déc. 2026"             2026-12-31 proves unknown
	// "Dec 31, 2026"             2026-12-31 proves unknown
	// true 3 Jan 1 Mar
	// not a date: "02/03/24" (two-digit year; expected a four-digit year such as 31/12/2026 (two-digit years are read only with --two-digit-years or two_digit_years: true in the config))
}

func ExampleExcelSerial() {
	for _, v := range []float64{45291, 45291.75, 59, 61} {
		t, _ := parse.ExcelSerial(v, false)
		fmt.Println(v, t.Format("2006-01-02"))
	}
	_, err := parse.ExcelSerial(60, false)
	fmt.Println(err)
	// Output:
	// 45291 2023-12-31
	// 45291.75 2023-12-31
	// 59 1900-02-28
	// 61 1900-03-01
	// not a date: "60" (29 February 1900 does not exist; expected an Excel date serial between 1 (1900-01-01) and 2958465 (9999-12-31))
}

func ExampleStageStatus() {
	overrides := map[string]string{parse.NormalizeHeader("Signé"): "open"}
	for _, s := range []string{"Closed Won", "Fermée/Perdue", "Signé", "Negotiation"} {
		st, ok := parse.StageStatus(s, overrides)
		fmt.Println(s, st, ok)
	}
	// Output:
	// Closed Won won true
	// Fermée/Perdue lost true
	// Signé open true
	// Negotiation open false
}

// Map a header row: for each field keep the column of highest priority.
func ExampleField() {
	header := []string{"Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Status", "Deal - Expected close date", "Deal - Closed on"}
	best := map[string]int{}
	col := map[string]string{}
	for _, h := range header {
		if f, ok := parse.Field(h); ok && parse.FieldPriority(h) > best[f] {
			best[f], col[f] = parse.FieldPriority(h), h
		}
	}
	for _, f := range parse.Fields {
		if h, ok := col[f]; ok {
			fmt.Printf("%s: %s\n", f, h)
		}
	}
	fmt.Printf("closest: %q\n", parse.Closest("amount", []string{"Opportunité", "Montant H.T"}))
	// Output:
	// stage: Deal - Status
	// closed: Deal - Closed on
	// amount: Deal - Value
	// closest: "Montant H.T"
}
