package compose

import (
	"fmt"
	"strings"
)

// envLine is one variable read from a .env or env_file file.
type envLine struct {
	name, value string
	line        int
	ref         bool
	missing     []string
}

// parseDotenv reads KEY=VALUE lines as Compose does: blank lines and #
// comments skipped, an optional "export " prefix, 'single quotes' literal,
// "double quotes" with \n \t \" \\ escapes, unquoted values trimmed and cut
// at " #". Double-quoted and unquoted values are interpolated from lookup
// and the file's earlier variables. Problems name lines, never values.
func parseDotenv(text string, lookup lookupFunc) ([]envLine, []string) {
	var out []envLine
	var problems []string
	local := map[string]string{}
	scoped := func(name string) (string, bool) {
		if v, ok := local[name]; ok {
			return v, true
		}
		return lookup(name)
	}
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			problems = append(problems, fmt.Sprintf("line %d: not a KEY=VALUE line", i+1))
			continue
		}
		v, interp, err := dotenvValue(strings.TrimSpace(value))
		if err != "" {
			problems = append(problems, fmt.Sprintf("line %d: %s", i+1, err))
			continue
		}
		e := envLine{name: name, value: v, line: i + 1}
		if interp {
			x := interpolate(v, scoped)
			e.value, e.ref, e.missing = x.value, x.ref, x.missing
		}
		local[name] = e.value
		out = append(out, e)
	}
	return out, problems
}

// dotenvValue decodes a value and says whether it is to be interpolated.
func dotenvValue(v string) (string, bool, string) {
	switch {
	case strings.HasPrefix(v, "'"):
		end := strings.IndexByte(v[1:], '\'')
		if end < 0 {
			return "", false, "unterminated single quote"
		}
		return v[1 : end+1], false, ""
	case strings.HasPrefix(v, `"`):
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			c := v[i]
			if c == '"' {
				return b.String(), true, ""
			}
			if c == '\\' && i+1 < len(v) {
				i++
				switch v[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				case 'r':
					b.WriteByte('\r')
				default:
					b.WriteByte(v[i])
				}
				continue
			}
			b.WriteByte(c)
		}
		return "", false, "unterminated double quote"
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v), true, ""
}
