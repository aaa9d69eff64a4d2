package compose

import "testing"

// FuzzInterpolate checks that interpolation and .env parsing never panic
// and that text without "$" is left alone.
func FuzzInterpolate(f *testing.F) {
	for _, s := range []string{"${A:-${B:-c}}", "$$A $A ${A?x} ${A:+y}", "${unclosed", "X=\"a\\n\"\nY='b'\nexport Z=${X}"} {
		f.Add(s)
	}
	lookup := func(k string) (string, bool) { return "v", k == "A" }
	f.Fuzz(func(t *testing.T, s string) {
		x := interpolate(s, lookup)
		if !x.ref && !x.invalid && len(x.missing) == 0 && len(x.required) == 0 {
			for i := 0; i < len(s); i++ {
				if s[i] == '$' {
					return
				}
			}
			if x.value != s {
				t.Fatalf("interpolate(%q) = %q without a reference", s, x.value)
			}
		}
		parseDotenv(s, lookup)
		IsCompose([]byte(s))
	})
}
