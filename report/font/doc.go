// Package font holds the TrueType fonts embedded in the PDF report and
// tells which characters they can draw.
//
// The fonts are the Go fonts (golang.org/x/image/font/gofont, BSD-licensed):
// they cover Latin-1, the French accents, the euro sign, the no-break space
// U+00A0, arrows and simple geometric shapes, which is every character the
// report writes itself. They do not cover check marks (U+2713, U+2717) or
// the narrow no-break space U+202F, so the report draws its marks as shapes
// and Clean maps the narrow spaces to U+00A0.
//
// The package does not lay out text or measure it; fpdf does that from the
// same bytes.
package font
