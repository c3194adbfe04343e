package xlsxstream

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
)

// Inputs where excelize is wrong, left out of the comparison:
//   - an s attribute that is not a number: excelize drops the whole cell's
//     value (its attribute parse error is ignored, and the value not read);
//   - a t="s" cell whose value is not an integer: excelize reads shared
//     string 0; this reader refuses the index;
//   - a <c> outside a <row>: excelize gives it to the row before;
//   - a <row> whose r goes backwards: excelize renumbers it silently.

func wellFormed(b []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

func FuzzMatchesExcelize(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>1.5</v></c></row>`,
		`<row><c t="inlineStr"><is><t xml:space="preserve"> a &amp; b </t></is></c><c t="b"><v>1</v></c></row><row r="4"><c t="e"><v>#N/A</v></c></row>`,
		`<x:row r="2"><x:c r="B2" t="str"><x:f>A1</x:f><x:v>&#65;&#x42;</x:v></x:c></x:row>`,
		`<row><c t="d"><v>2024-02-29T00:00:00Z</v></c><c s="1"><v>45000</v></c><c><f>1+1</f></c></row>`,
		`<row><c t="inlineStr"><is><r><t>ri</t></r><r><rPr/><t>ch</t></r></is></c><c><v><![CDATA[12]]></v></c></row>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		sheet := sheetHead + body + `</sheetData></worksheet>`
		if len(body) > 1<<16 || !wellFormed([]byte(sheet)) || badForExcelize(body) {
			t.Skip()
		}
		var buf bytes.Buffer
		sheetBook(t, &buf, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>zero</t></si><si><r><t>o</t></r><r><t>ne</t></r></si></sst>`, func(w io.Writer) { io.WriteString(w, sheet) })
		compareWorkbook(t, "fuzz.xlsx", buf.Bytes())
	})
}

// badForExcelize reports the cases listed above where excelize is wrong.
var styleAttr = regexp.MustCompile(`\ss\s*=\s*("[^"]*"|'[^']*')`)

func badForExcelize(body string) bool {
	for _, m := range styleAttr.FindAllStringSubmatch(body, -1) {
		v := m[1][1 : len(m[1])-1]
		if v == "" || strings.Trim(v, "0123456789") != "" {
			return true
		}
	}
	return false
}
