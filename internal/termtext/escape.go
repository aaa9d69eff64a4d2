// Package termtext makes text from audited deployments safe to print: values
// of configuration files, cluster names and API bodies may carry control
// characters and escape sequences that would rewrite a terminal (clear it,
// move the cursor, plant hyperlinks) or reorder what a reader sees (bidi
// overrides). The table report and the logs pass every such string through
// Escape; HTML escapes by its own rules.
package termtext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that a terminal would interpret
// instead of showing written as a visible escape: C0 and C1 controls
// (ESC, CR, LF, BEL, TAB, DEL, CSI), bidirectional controls (U+202A-U+202E,
// U+2066-U+2069, LRM, RLM, ALM), line and paragraph separators and invalid
// UTF-8. Printable text, including non-ASCII letters, is unchanged.
func Escape(s string) string {
	if isSafe(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isSafe(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

func unsafeRune(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200E, r == 0x200F, r == 0x061C, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case 0x1b:
		return `\e`
	case 0x07:
		return `\a`
	}
	if r < 0x100 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}
