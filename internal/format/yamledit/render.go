package yamledit

import (
	"encoding/json"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Value is what a setting is set to: a scalar or a list of scalars.
type Value struct {
	Scalar string
	List   []string
	IsList bool
}

// String is a scalar value. "true" and "false" are written unquoted (a
// boolean for Kibana, the same text for Elasticsearch).
func String(s string) Value { return Value{Scalar: s} }

// List is a list value, written in flow style: [a, b].
func List(items ...string) Value { return Value{List: items, IsList: true} }

// plainRE is the text that may be written without quotes: it starts with a
// letter or a slash, so no YAML 1.1 or 1.2 reader takes it for a number, a
// date or a special float.
var plainRE = regexp.MustCompile(`^[A-Za-z/][A-Za-z0-9_./-]*$`)

// specialWords are the words YAML 1.1 (Elasticsearch's SnakeYAML) or 1.2
// (Kibana's js-yaml) read as booleans or null.
var specialWords = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true,
}

// safePlain reports whether s reads back as the same string unquoted in
// both YAML versions.
func safePlain(s string) bool {
	return plainRE.MatchString(s) && !specialWords[strings.ToLower(s)]
}

// renderScalar writes s in the style of the value it replaces when that
// style can hold it, else plain when safe, else double-quoted.
func renderScalar(s string, style yaml.Style) string {
	if s == "true" || s == "false" {
		return s
	}
	switch {
	case style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(s, "\n\r\t"):
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case style&yaml.DoubleQuotedStyle != 0:
		return doubleQuoted(s)
	case safePlain(s):
		return s
	}
	return doubleQuoted(s)
}

// doubleQuoted uses JSON's escaping, which YAML's double-quoted style reads.
func doubleQuoted(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func render(v Value, style yaml.Style) string {
	if !v.IsList {
		return renderScalar(v.Scalar, style)
	}
	items := make([]string, len(v.List))
	for i, it := range v.List {
		items[i] = renderScalar(it, 0)
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// equal reports whether a flattened setting holds v.
func (v Value) matches(value string, list []string, isList bool) bool {
	if v.IsList != isList {
		return false
	}
	if !v.IsList {
		return v.Scalar == value
	}
	if len(v.List) != len(list) {
		return false
	}
	for i := range list {
		if list[i] != v.List[i] {
			return false
		}
	}
	return true
}
