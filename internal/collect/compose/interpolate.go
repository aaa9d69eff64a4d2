package compose

import (
	"strings"
)

// maxInterpolationDepth bounds nested defaults (${A:-${B:-...}}).
const maxInterpolationDepth = 16

// lookupFunc finds a variable for interpolation.
type lookupFunc func(string) (string, bool)

// expansion is the outcome of interpolating one string.
type expansion struct {
	value string
	// ref is true when the text held a variable reference.
	ref bool
	// missing are variables that were unset with no default: Compose
	// substitutes an empty string and warns.
	missing []string
	// required are variables of ${VAR:?} / ${VAR?} forms that were unset:
	// Compose refuses the file.
	required []string
	// invalid is true when a ${ was never closed or held an unknown form:
	// Compose refuses the file.
	invalid bool
}

// interpolate expands s as Compose does.
func interpolate(s string, lookup lookupFunc) expansion {
	var x expansion
	x.value = x.expand(s, lookup, 0)
	return x
}

func (x *expansion) expand(s string, lookup lookupFunc, depth int) string {
	if depth > maxInterpolationDepth || !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '$' || i+1 >= len(s) {
			b.WriteByte(s[i])
			i++
			continue
		}
		switch c := s[i+1]; {
		case c == '$':
			b.WriteByte('$')
			i += 2
		case c == '{':
			end := closingBrace(s, i+2)
			if end < 0 {
				x.invalid = true
				b.WriteString(s[i:])
				return b.String()
			}
			x.ref = true
			b.WriteString(x.braced(s[i+2:end], lookup, depth))
			i = end + 1
		case isNameStart(c):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			x.ref = true
			name := s[i+1 : j]
			if v, ok := lookup(name); ok {
				b.WriteString(v)
			} else {
				x.missing = append(x.missing, name)
			}
			i = j
		default:
			b.WriteByte('$')
			i++
		}
	}
	return b.String()
}

// braced expands the inside of ${...}.
func (x *expansion) braced(inner string, lookup lookupFunc, depth int) string {
	j := 0
	for j < len(inner) && isNameChar(inner[j]) {
		j++
	}
	name, op := inner[:j], inner[j:]
	if name == "" || !isNameStart(name[0]) {
		x.invalid = true
		return ""
	}
	val, set := lookup(name)
	nonEmpty := set && val != ""
	arg := func(prefix string) string { return x.expand(op[len(prefix):], lookup, depth+1) }
	switch {
	case op == "":
		if !set {
			x.missing = append(x.missing, name)
		}
		return val
	case strings.HasPrefix(op, ":-"):
		if nonEmpty {
			return val
		}
		return arg(":-")
	case strings.HasPrefix(op, "-"):
		if set {
			return val
		}
		return arg("-")
	case strings.HasPrefix(op, ":?"), strings.HasPrefix(op, "?"):
		if nonEmpty || (set && op[0] == '?') {
			return val
		}
		x.required = append(x.required, name)
		return ""
	case strings.HasPrefix(op, ":+"):
		if nonEmpty {
			return arg(":+")
		}
		return ""
	case strings.HasPrefix(op, "+"):
		if set {
			return arg("+")
		}
		return ""
	}
	x.invalid = true
	return ""
}

// closingBrace finds the "}" that closes a "${" whose inside starts at
// from, counting nested "${".
func closingBrace(s string, from int) int {
	depth := 0
	for i := from; i < len(s); i++ {
		switch {
		case s[i] == '}':
			if depth == 0 {
				return i
			}
			depth--
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		}
	}
	return -1
}

func isNameStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameChar(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' }
