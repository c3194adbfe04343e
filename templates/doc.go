// Package templates holds the text that smartplan writes for people and
// the blank input workbooks it hands out.
//
// Sentence renders the SMART sentence of a target (METHOD §7) from
// text/template files embedded from sentence/en.tmpl and sentence/fr.tmpl,
// so that the wording of every metric and lever lives in one readable file
// per language and numbers are formatted by planner/locale.
//
// WriteTargetsTemplate, WriteHistoryTemplate and WriteActivityTemplate
// write the blank workbooks of `smartplan template`: the exact headers the
// importer accepts (English or French), number and date formats, drop-down
// lists and an Instructions sheet. TargetHeaders, HistoryHeaders,
// ActivityHeaders, MetricName, Levers and LeverCode expose the same
// vocabulary so that the sample generator, the planner and the tests agree
// with the templates.
//
// The package does not read input files, judge targets or write reports;
// it does no I/O beyond the io.Writer it is given, and its output is
// byte-for-byte deterministic (fixed document properties).
package templates
