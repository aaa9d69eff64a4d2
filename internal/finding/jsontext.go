package finding

import "unicode/utf8"

const hexDigits = "0123456789abcdef"

// plainJSON marks the bytes a JSON string keeps as they are: printable
// ASCII but the quote and the backslash. Others need a look (an escape,
// or a check of the UTF-8 sequence they start).
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// AppendJSONString appends s quoted as encoding/json quotes a string
// without HTML escaping, as reports and evidence are written: the short
// escapes for \ " \b \f \n \r \t, \u00XX for the other control characters,
// \ufffd for each byte of invalid UTF-8, and U+2028 and U+2029 escaped.
// Writers of a fleet's report call it for every string of tens of
// thousands of findings, without going through reflection.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plainJSON[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendJSONIndented appends the valid JSON v compacted and indented as
// encoding/json's indenting encoder writes a MarshalJSON value, its lines
// starting with indent (a newline and the spaces of v's own depth). Empty
// objects and arrays stay {} and [].
func AppendJSONIndented(b, v []byte, indent string) []byte {
	return appendJSONLayout(b, v, indent, true)
}

// AppendJSONCompact appends the valid JSON v without the spaces between
// its tokens, as encoding/json writes a MarshalJSON value without HTML
// escaping.
func AppendJSONCompact(b, v []byte) []byte {
	return appendJSONLayout(b, v, "", false)
}

// appendJSONLayout copies v's tokens, dropping the spaces between them,
// and lays them out on indented lines when indented is set.
func appendJSONLayout(b, v []byte, indent string, indented bool) []byte {
	depth, open, inString, escaped := 0, false, false, false
	newline := func() {
		b = append(b, indent...)
		for range depth {
			b = append(b, ' ', ' ')
		}
	}
	for _, c := range v {
		if inString {
			b = append(b, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if !indented {
			inString = c == '"'
			b = append(b, c)
			continue
		}
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			inString = true
			b = append(b, c)
		case '{', '[':
			// An empty object or array is written {} or [].
			open = true
			b = append(b, c)
		case ',':
			b = append(b, c)
			newline()
		case ':':
			b = append(b, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			b = append(b, c)
		default:
			b = append(b, c)
		}
	}
	return b
}
