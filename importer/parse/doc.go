// Package parse reads the values found in sales-history cells: amounts,
// rates, dates, deal stages and column headers, written the way real CRM
// exports and hand-kept workbooks write them, in English, French and US
// conventions.
//
// Every parser is strict. A text is either read exactly, or refused with an
// *Error that says what was found and what was expected; nothing is guessed,
// because a revenue plan built on "1,234" read as 1.234 is the worst outcome
// the product can have. The standard library's strconv is never applied to
// raw cell text.
//
// # Numbers
//
// ParseNumber accepts amounts with thousands separators (space, U+00A0,
// U+202F, U+2009, apostrophe, or the separator the other decimal style
// uses), a decimal point or comma, a currency symbol or ISO 4217 code before
// or after, a sign (-, +, U+2212) or accounting parentheses, a trailing
// percent sign, and scientific notation with an explicit exponent as Excel
// writes it in CSV ("1E+05", "1,5E+06"). Thousands groups must hold exactly
// three digits after the first.
//
// A text tells what it can about the column's decimal style (Style): "1 234,5"
// and "1.234.567" prove CommaDecimal, "1,234.5" and "1,234,567" prove
// PointDecimal. A lone decimal separator proves its style too when no
// thousands reading exists: "1,23", "0,234" (a group never starts with 0) and
// "1234.5" (a group never has four digits). The last one is a weaker proof
// than the others, since machine-written columns use "1234.5" whatever the
// locale; it still decides an ambiguous value correctly, because a writer who
// groups with "." would not write "1234.5" without grouping. A value that is
// a thousands grouping or a decimal with equal right ("1,234", "1.234") is
// Ambiguous: it carries both readings and the caller decides with the
// column's other values or the file's locale (Number.Resolve), and reports it
// when nothing decides.
//
// Refused: empty text (a blank amount is not zero: the caller handles
// blanks), NaN, Inf, hexadecimal, underscores, leading-zero integers ("010"),
// a bare exponent without digits, two decimal separators, separators in the
// wrong order ("1.234,567.89"), groups that are not of three digits
// ("1,23,456"), a leading or trailing separator (".5", "12."), a currency with
// a percent sign, and a sign with parentheses.
//
// # Dates
//
// ParseDate reads ISO dates and datetimes (2024-01-22T16:14:25.000+0000,
// "2023-05-11 00:00:00"), numeric day-month-year forms with "/", "." or "-"
// (with an optional time such as "08:55 PM"), and dates with English or
// French month names ("Dec 31, 2026", "31-Dec-2026", "31 décembre 2026",
// "1er janv. 2026"). For a numeric a/b/yyyy date, a first field above 12
// proves day-first (DMY), a second field above 12 proves month-first (MDY),
// and two fields of at most 12 make an Ambiguous date carrying both readings
// (Date.Resolve). The separator does not decide the order. Two-digit years
// are refused unless asked for; then 00–29 are 2000–2029 and 30–99 are
// 1930–1999, as in Excel. Times and time zones are read and validated but a
// date is always the calendar date as written, at midnight UTC: a deal that
// closed at 23:30 in New York closed that day.
//
// ExcelSerial converts a workbook's date serial (1900 or 1904 system) to the
// same calendar-date form. Whether a numeric cell is a serial is the caller's
// decision: ParseDate never reads "45291" as a date.
//
// # Stages and headers
//
// StageStatus maps a deal stage or status to won, lost or open from built-in
// English, French and CRM vocabularies, with user overrides. NormalizeHeader,
// Field, FieldPriority and Closest map column headers of Salesforce, HubSpot,
// Pipedrive, Dynamics, Zoho and Odoo exports, and of French and English
// workbooks, to the canonical fields of a deal.
//
// The package does not read files, decide a column's style or order from
// several values, or report problems with positions: that is the importer's
// work. The hot paths (ParseNumber, ParseDate, StageStatus) do not allocate
// on success.
package parse
