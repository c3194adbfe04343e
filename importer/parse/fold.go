package parse

// latin1Fold maps U+00C0…U+00FF to a lower-case ASCII letter without its
// accent; 0 marks the characters that are not one plain letter (Æ, ×, ß, Þ,
// …), which the callers handle themselves.
var latin1Fold = [64]byte{
	'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // À…Ï
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 0, // Ð…ß
	'a', 'a', 'a', 'a', 'a', 'a', 0, 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // à…ï
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 0, 'y', // ð…ÿ
}

// foldLetter returns the folded ASCII letter at s[i] (a lower-case ASCII
// letter, or an accented Latin-1 letter without its accent) and its width;
// width 0 when s[i] starts no such letter.
func foldLetter(s string, i int) (byte, int) {
	c := s[i]
	if c < 0x80 {
		if isASCIILetter(c) {
			return c | 0x20, 1
		}
		return 0, 0
	}
	if c == 0xC3 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0xBF {
		if f := latin1Fold[s[i+1]-0x80+0x00]; f != 0 {
			return f, 2
		}
	}
	return 0, 0
}
