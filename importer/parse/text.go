package parse

// Byte-level helpers shared by the parsers. They work on UTF-8 text without
// decoding it into runes, so that the hot paths stay allocation-free.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// spaceAt returns the width of the space-like character at s[i], or 0. Space
// and tab, and the no-break (U+00A0), narrow no-break (U+202F), thin
// (U+2009) and figure (U+2007) spaces that spreadsheets and CLDR locales
// put between thousands.
func spaceAt(s string, i int) int {
	switch c := s[i]; c {
	case ' ', '\t':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0xAF, 0x89, 0x87:
				return 3
			}
		}
	}
	return 0
}

// spaceBefore returns the width of the space-like character that ends
// s[:j], or 0.
func spaceBefore(s string, j int) int {
	if j >= 1 && (s[j-1] == ' ' || s[j-1] == '\t') {
		return 1
	}
	if j >= 2 && spaceAt(s, j-2) == 2 {
		return 2
	}
	if j >= 3 && spaceAt(s, j-3) == 3 {
		return 3
	}
	return 0
}

// trimSpace removes the space-like characters of spaceAt, and line breaks,
// from both ends of s.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j {
		if s[i] == '\r' || s[i] == '\n' {
			i++
			continue
		}
		w := spaceAt(s, i)
		if w == 0 {
			break
		}
		i += w
	}
	for j > i {
		if s[j-1] == '\r' || s[j-1] == '\n' {
			j--
			continue
		}
		w := spaceBefore(s, j)
		if w == 0 {
			break
		}
		j -= w
	}
	return s[i:j]
}
