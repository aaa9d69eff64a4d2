package termtext

import (
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "cluster es-prod/01 café", "cluster es-prod/01 café"},
		{"clear screen", "x\x1b[2Jy", `x\e[2Jy`},
		{"carriage return", "ok\rFAIL", `ok\rFAIL`},
		{"bell", "a\x07b", `a\ab`},
		{"newline", "a\nb", `a\nb`},
		{"osc 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", `\e]8;;https://evil.example\e\click\e]8;;\e\`},
		{"osc 8 with BEL", "\x1b]8;;http://x\x07y\x1b]8;;\x07", `\e]8;;http://x\ay\e]8;;\a`},
		{"bidi override", "admin\u202Etxt.exe", `admin\u202etxt.exe`},
		{"bidi isolate", "a\u2066b\u2069", `a\u2066b\u2069`},
		{"C1 CSI", "a\u009b2Jb", `a\x9b2Jb`},
		{"delete", "a\x7fb", `a\x7fb`},
		{"invalid utf-8", "a\xffb", `a\xffb`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Escape(tc.in)
			if got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
			for _, bad := range []string{"\x1b", "\r", "\x07", "\u202e", "\u009b", "\n"} {
				if strings.Contains(got, bad) {
					t.Errorf("Escape(%q) still contains %q", tc.in, bad)
				}
			}
		})
	}
}
