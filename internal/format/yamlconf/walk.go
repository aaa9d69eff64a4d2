package yamlconf

import (
	"errors"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Limits that keep a hostile file (deep nesting, alias bombs, alias cycles)
// from exhausting the stack or the heap. Real settings files are far below.
// maxExpanded counts every value, list element and merged key as it is
// expanded (an alias of a long list costs the whole list each time, not one
// node); maxExpandedBytes the text those expansions copy.
const (
	maxDepth         = 100
	maxExpanded      = 200000
	maxExpandedBytes = 64 << 20
)

// walkError is a fatal problem found while flattening, with its line.
type walkError struct {
	line int
	msg  string
}

func (e *walkError) Error() string { return e.msg }

// lineOf returns the line of a walkError, or 0.
func lineOf(err error) int {
	var we *walkError
	if errors.As(err, &we) {
		return we.line
	}
	return 0
}

// walker flattens the node tree into dotted entries.
type walker struct {
	dialect  Dialect
	entries  map[string]Entry
	problems []Problem
	// nulls holds the keys whose value was null (not the empty string).
	nulls map[string]bool
	// expanded and expandedBytes count what the walk has produced so far.
	expanded, expandedBytes int
	// active holds the alias targets being expanded (cycle detection).
	active map[*yaml.Node]bool
}

func newWalker(d Dialect) *walker {
	return &walker{dialect: d, entries: map[string]Entry{}, nulls: map[string]bool{}, active: map[*yaml.Node]bool{}}
}

func (w *walker) problem(line int, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

// pair is one key of a mapping with its resolved name.
type pair struct {
	name       string
	key, value *yaml.Node
}

// mapping flattens the pairs of a mapping under prefix.
func (w *walker) mapping(n *yaml.Node, prefix string, depth int) error {
	pairs, err := w.pairs(n, depth)
	if err != nil {
		return err
	}
	seen := make(map[string]int, len(pairs))
	for _, p := range pairs {
		full := prefix + p.name
		if first, dup := seen[p.name]; dup {
			what := "setting"
			if p.value.Kind == yaml.MappingNode {
				what = "key"
			}
			w.problem(p.key.Line, "%s %s is defined twice (lines %d and %d): %s refuses to start", what, full, first, p.key.Line, w.dialect)
			w.problems[len(w.problems)-1].Kind = KindDuplicate
			continue
		}
		seen[p.name] = p.key.Line
		if err := w.value(full, p.key.Line, p.value, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// pairs lists a mapping's keys. For Kibana, merge keys (<<) are expanded the
// way js-yaml does: keys written in the mapping win over merged ones.
func (w *walker) pairs(n *yaml.Node, depth int) ([]pair, error) {
	var out, merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if w.dialect == Kibana && k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			m, err := w.mergeSources(v, depth)
			if err != nil {
				return nil, err
			}
			merged = append(merged, m...)
			continue
		}
		name, err := w.keyName(k)
		if err != nil {
			return nil, err
		}
		out = append(out, pair{name: name, key: k, value: v})
	}
	have := make(map[string]bool, len(out))
	for _, p := range out {
		have[p.name] = true
	}
	for _, p := range merged {
		if !have[p.name] {
			have[p.name] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// mergeSources returns the pairs a merge key brings in: a mapping, an alias
// to one, or a list of those (earlier ones win).
func (w *walker) mergeSources(v *yaml.Node, depth int) ([]pair, error) {
	if depth > maxDepth {
		return nil, &walkError{v.Line, "merge keys nested too deeply"}
	}
	target, err := w.deref(v)
	if err != nil {
		return nil, err
	}
	switch target.Kind {
	case yaml.MappingNode:
		w.active[target] = true
		defer delete(w.active, target)
		ps, err := w.pairs(target, depth+1)
		if err == nil {
			err = w.expand(v.Line, len(ps), 0)
		}
		return ps, err
	case yaml.SequenceNode:
		var out []pair
		for _, item := range target.Content {
			p, err := w.mergeSources(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, p...)
		}
		return out, nil
	}
	return nil, &walkError{v.Line, fmt.Sprintf("line %d: a merge key (<<) needs a mapping", v.Line)}
}

// deref follows an alias (Kibana), refusing cycles.
func (w *walker) deref(n *yaml.Node) (*yaml.Node, error) {
	if n.Kind != yaml.AliasNode {
		return n, nil
	}
	if n.Alias == nil {
		return nil, &walkError{n.Line, fmt.Sprintf("line %d: alias *%s has no anchor", n.Line, n.Value)}
	}
	if w.active[n.Alias] {
		return nil, &walkError{n.Line, fmt.Sprintf("line %d: alias *%s refers to itself", n.Line, n.Value)}
	}
	return n.Alias, nil
}

// keyName returns the text of a mapping key.
func (w *walker) keyName(k *yaml.Node) (string, error) {
	if k.Kind == yaml.AliasNode && w.dialect == Kibana {
		t, err := w.deref(k)
		if err != nil {
			return "", err
		}
		k = t
	}
	if k.Kind != yaml.ScalarNode {
		return "", &walkError{k.Line, fmt.Sprintf("line %d: a setting name must be a plain value, not %s", k.Line, describeKind(k))}
	}
	return k.Value, nil
}

// value flattens the value of key (whose key is on line).
func (w *walker) value(key string, line int, v *yaml.Node, depth int) error {
	if err := w.expand(line, 1, 0); err != nil {
		return err
	}
	if depth > maxDepth {
		return &walkError{line, fmt.Sprintf("line %d: settings nested more than %d levels deep", line, maxDepth)}
	}
	switch v.Kind {
	case yaml.AliasNode:
		if w.dialect == Elasticsearch {
			w.aliasProblem(key, v)
			w.put(Entry{Key: key, Value: v.Value, List: []string{v.Value}, Line: line})
			return nil
		}
		t, err := w.deref(v)
		if err != nil {
			return err
		}
		w.active[t] = true
		defer delete(w.active, t)
		return w.value(key, line, t, depth+1)
	case yaml.MappingNode:
		return w.mapping(v, key+".", depth)
	case yaml.SequenceNode:
		return w.sequence(key, line, v, depth)
	case yaml.ScalarNode:
		s, null := w.scalar(v, false)
		if null {
			w.nulls[key] = true
			if w.dialect == Elasticsearch {
				w.problem(line, "setting %s has no value (null): Elasticsearch refuses to start", key)
			}
		} else {
			delete(w.nulls, key)
		}
		w.put(Entry{Key: key, Value: s, List: []string{s}, Line: line})
		return nil
	}
	return &walkError{line, fmt.Sprintf("line %d: unexpected YAML node", line)}
}

// expand charges n values and size bytes of text to the walk's budget.
func (w *walker) expand(line, n, size int) error {
	w.expanded += n
	w.expandedBytes += size
	if w.expanded > maxExpanded || w.expandedBytes > maxExpandedBytes {
		return &walkError{line, fmt.Sprintf("line %d: the file expands to more than %d values or %d MiB through aliases (alias bomb?)", line, maxExpanded, maxExpandedBytes>>20)}
	}
	return nil
}

func (w *walker) aliasProblem(key string, v *yaml.Node) {
	w.problem(v.Line, "setting %s is the YAML alias *%s: Elasticsearch does not resolve aliases and reads the text %q", key, v.Value, v.Value)
}

// sequence flattens a list: a list of plain values is one entry; a list
// holding mappings or lists is flattened element by element as key.0,
// key.1, ... (Elasticsearch refuses such lists).
func (w *walker) sequence(key string, line int, v *yaml.Node, depth int) error {
	if err := w.expand(line, len(v.Content), 0); err != nil {
		return err
	}
	items := make([]*yaml.Node, len(v.Content))
	plain := true
	for i, item := range v.Content {
		if w.dialect == Kibana {
			t, err := w.deref(item)
			if err != nil {
				return err
			}
			item = t
		}
		items[i] = item
		if item.Kind != yaml.ScalarNode && item.Kind != yaml.AliasNode {
			plain = false
		}
	}
	if plain {
		size := 0
		for _, item := range items {
			size += len(item.Value)
		}
		// The joined value and the list each hold the text once.
		if err := w.expand(line, 0, 2*size); err != nil {
			return err
		}
		list := make([]string, 0, len(items))
		for _, item := range items {
			if item.Kind == yaml.AliasNode { // Elasticsearch only
				w.aliasProblem(key, item)
				list = append(list, item.Value)
				continue
			}
			s, null := w.scalar(item, true)
			if null && w.dialect == Elasticsearch {
				w.problem(item.Line, "setting %s has an empty (null) list element: Elasticsearch refuses to start", key)
			}
			list = append(list, s)
		}
		delete(w.nulls, key)
		w.put(Entry{Key: key, Value: strings.Join(list, ","), List: list, IsList: true, Line: line})
		return nil
	}
	if w.dialect == Elasticsearch {
		w.problem(line, "setting %s is a list of objects or lists: Elasticsearch accepts only lists of plain values and refuses to start", key)
	}
	for i, item := range v.Content {
		itemLine := item.Line
		if itemLine == 0 {
			itemLine = line
		}
		if err := w.value(fmt.Sprintf("%s.%d", key, i), itemLine, item, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// put stores an entry. The same setting reached twice through different
// forms (nested and dotted) is not caught by either product's parser: the
// later one silently wins.
func (w *walker) put(e Entry) {
	if prev, ok := w.entries[e.Key]; ok {
		w.problem(e.Line, "setting %s is defined twice (lines %d and %d): %s uses the one on line %d", e.Key, prev.Line, e.Line, w.dialect, e.Line)
	}
	w.entries[e.Key] = e
}
