package compose

import (
	yaml "go.yaml.in/yaml/v3"
)

// maxMergeDepth bounds merge-key and alias chains (cycles included).
const maxMergeDepth = 32

// field is one key of a mapping.
type field struct {
	name  string
	line  int
	value *yaml.Node
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxMergeDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// fields lists a mapping's keys in order, with merge keys (<<) expanded the
// way Compose's YAML reader does: keys written in the mapping win. It
// returns nil when n is not a mapping.
func fields(n *yaml.Node) []field {
	return fieldsDepth(deref(n), 0)
}

func fieldsDepth(n *yaml.Node, depth int) []field {
	if n == nil || n.Kind != yaml.MappingNode || depth > maxMergeDepth {
		return nil
	}
	var own, merged []field
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Tag == "!!merge" {
			src := deref(v)
			if src != nil && src.Kind == yaml.SequenceNode {
				for _, item := range src.Content {
					merged = append(merged, fieldsDepth(deref(item), depth+1)...)
				}
			} else {
				merged = append(merged, fieldsDepth(src, depth+1)...)
			}
			continue
		}
		own = append(own, field{name: k.Value, line: k.Line, value: v})
	}
	seen := make(map[string]bool, len(own))
	for _, f := range own {
		seen[f.name] = true
	}
	for _, f := range merged {
		if !seen[f.name] {
			seen[f.name] = true
			own = append(own, f)
		}
	}
	return own
}

// get returns the named field's value, or nil.
func get(fs []field, name string) *yaml.Node {
	for _, f := range fs {
		if f.name == name {
			return deref(f.value)
		}
	}
	return nil
}

// items returns a sequence's elements (aliases followed), or nil.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if d := deref(c); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// scalar returns a scalar's text as Compose reads it ("" for null,
// YAML 1.2 booleans as true/false) and whether n is a non-null scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	if n.Tag == "!!null" {
		return "", false
	}
	if n.Tag == "!!bool" {
		switch n.Value {
		case "true", "True", "TRUE":
			return "true", true
		case "false", "False", "FALSE":
			return "false", true
		}
	}
	return n.Value, true
}
