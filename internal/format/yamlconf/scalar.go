package yamlconf

import yaml "go.yaml.in/yaml/v3"

// quotedStyles are the scalar styles that always give a string.
const quotedStyles = yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle

// scalar returns the text the product sees for a scalar, and whether the
// scalar is null. inList selects Elasticsearch's list rule (elements keep
// the text as written).
func (w *walker) scalar(n *yaml.Node, inList bool) (string, bool) {
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.Tag {
		case "!!null":
			return "", true
		case "!!bool":
			if b, ok := w.boolean(n.Value); ok && !(inList && w.dialect == Elasticsearch) {
				return b, false
			}
		}
		return n.Value, false
	}
	if n.Style&quotedStyles != 0 {
		return n.Value, false
	}
	switch n.Value {
	case "", "~", "null", "Null", "NULL":
		return "", true
	}
	if inList && w.dialect == Elasticsearch {
		return n.Value, false
	}
	if b, ok := w.boolean(n.Value); ok {
		return b, false
	}
	return n.Value, false
}

// boolean maps a plain boolean spelling to "true" or "false". Both products
// accept the YAML 1.2 spellings; Elasticsearch's parser adds the YAML 1.1
// words yes/no/on/off.
func (w *walker) boolean(s string) (string, bool) {
	switch s {
	case "true", "True", "TRUE":
		return "true", true
	case "false", "False", "FALSE":
		return "false", true
	}
	if w.dialect != Elasticsearch {
		return "", false
	}
	switch s {
	case "yes", "Yes", "YES", "on", "On", "ON":
		return "true", true
	case "no", "No", "NO", "off", "Off", "OFF":
		return "false", true
	}
	return "", false
}
