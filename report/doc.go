// Package report writes a planner.Plan as documents: an annotated XLSX
// workbook for finance and sales ops, an A4 PDF for leadership, and a JSON
// file for scripts. Output is deterministic: the same plan gives the same
// bytes (fixed document dates, sorted catalogs, no map-order iteration).
//
// The package never reads input files and never decides anything about a
// target: every number it prints comes from the plan.
package report
