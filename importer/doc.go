// Package importer turns the files people really have (CRM exports as CSV,
// workbooks saved by a French or American Excel, target sheets with one tab
// per team) into the planner's typed records, and says exactly where and why
// whenever it cannot.
//
// The loaders (LoadHistory, LoadTargets, LoadActivity, LoadLookup) find the
// header row instead of assuming it, map columns through English, French and
// CRM-specific aliases (Salesforce, HubSpot, Pipedrive, Dynamics, Odoo,
// Maven), read cell values raw and decide ambiguous numbers ("1,234") and
// date orders ("03/04/2026") per column, never per cell. Every problem is a
// planner.Problem that carries the file, sheet, row, column, header, the
// value found and what was expected; a bad row is left out and reported, the
// others are used.
//
// Files are read as streams: a workbook with the streaming reader of
// internal/xlsxstream behind the small rowReader interface (each cell's
// type, date style and formula state come with its value; a sheet is
// inflated once, and read again only when merged ranges, found after its
// rows, change them), a CSV with csvReader (encoding/csv's parsing
// without its copies: fields are substrings of large blocks) in a
// goroutine that parses the next rows while the loader builds deals from
// the previous ones.
// Only the planner.Deal values are kept, 40 bytes each with no pointer
// (repeated texts become planner.Names, dates planner.Dates); while a file
// is read the loader also keeps each deal's line and id (for positions and
// the duplicate check), and values that only the whole column can decide
// (an ambiguous "1,234", a "03/04/2026") are remembered compactly and
// resolved at the end.
//
// The value grammar itself (what "1 200,00 €" or "2024-01-22T16:14:25Z"
// mean) lives in the sub-package parse. This package does not compute
// ratios, does not guess a team for an owner it does not know, and never
// writes to its inputs.
package importer
