// Package locale formats numbers, amounts, percentages and dates for the
// report languages (English and French) the way a finance reader expects:
// "€1,200,000" and "25.0%" in English, "1 200 000 €" and "25,0 %" in
// French, with no-break spaces so that a number never wraps.
//
// It is a leaf package (standard library only) so that the planner, the
// templates and the reports can all share it.
package locale
