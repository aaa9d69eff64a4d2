package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/essec-dev/essec/internal/format/yamlconf"
)

// Change is one setting to set or remove.
type Change struct {
	Key    string
	Value  Value
	Remove bool
}

// Set and Remove build changes.
func Set(key string, v Value) Change { return Change{Key: key, Value: v} }

// Remove deletes a setting.
func Remove(key string) Change { return Change{Key: key, Remove: true} }

// Apply makes the changes to a settings file one after another and proves
// each. path is used in messages. A change that is already true of the file
// changes nothing. Any doubt gives an *UnsafeError and no output.
func Apply(path string, data []byte, dialect yamlconf.Dialect, changes []Change) ([]byte, error) {
	for _, c := range changes {
		out, err := applyOne(path, data, dialect, c)
		if err != nil {
			what := "set"
			if c.Remove {
				what = "remove"
			}
			return nil, fmt.Errorf("%s: %s %s: %w", path, what, c.Key, err)
		}
		data = out
	}
	return data, nil
}

func applyOne(path string, data []byte, dialect yamlconf.Dialect, c Change) ([]byte, error) {
	before, err := yamlconf.Parse(path, data, dialect, nil)
	if err != nil {
		return nil, unsafe("the file does not parse: " + err.Error())
	}
	if e, ok := before.Get(c.Key); ok {
		if e.Reference {
			return nil, unsafe(fmt.Sprintf("line %d: the value is a ${...} reference, set where the variable is defined", e.Line))
		}
		if !c.Remove && c.Value.matches(e.Value, e.List, e.IsList) {
			return data, nil
		}
	} else if c.Remove {
		return data, nil
	}
	if bytes.ContainsRune(data, '\t') && bytes.Contains(leadingTabs(data), []byte{'\t'}) {
		return nil, unsafe("the file indents with tabs")
	}
	root, err := yamlconf.DecodeYAML(path, data)
	if err != nil {
		return nil, unsafe("the file does not parse: " + err.Error())
	}
	src := newSource(data)
	ix, err := newIndex(src, root)
	if err != nil {
		return nil, err
	}
	start, end, repl, err := ix.plan(c)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data)-(end-start)+len(repl))
	out = append(append(append(out, data[:start]...), repl...), data[end:]...)
	if err := verify(path, dialect, before, out, c); err != nil {
		return nil, err
	}
	return out, nil
}

// leadingTabs returns the indentation of every line, concatenated.
func leadingTabs(data []byte) []byte {
	var out []byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		i := 0
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		out = append(out, l[:i]...)
	}
	return out
}

// plan returns the byte span to replace and its replacement.
func (ix *index) plan(c Change) (int, int, string, error) {
	if c.Remove {
		return ix.remove(c.Key)
	}
	if e, ok := ix.leaves[c.Key]; ok {
		if e.parent.flow {
			return 0, 0, "", unsafe(fmt.Sprintf("line %d: the setting is inside a {...} mapping", e.keyNode.Line))
		}
		start, end, err := ix.valueSpan(e.valNode)
		if err != nil {
			return 0, 0, "", err
		}
		return start, end, render(c.Value, e.valNode.Style), nil
	}
	return ix.insert(c.Key, c.Value)
}

// valueSpan is the byte span of a scalar or one-line flow list value.
func (ix *index) valueSpan(v *yaml.Node) (int, int, error) {
	if v.Anchor != "" || v.Kind == yaml.AliasNode || v.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, 0, unsafe(fmt.Sprintf("line %d: anchors, aliases, tags and block scalars are not edited", v.Line))
	}
	start, ok := ix.src.offset(v.Line, v.Column)
	if !ok {
		return 0, 0, unsafe(fmt.Sprintf("line %d: value not found", v.Line))
	}
	lineEnd := ix.src.lineEnd(v.Line)
	text := ix.src.data[start:lineEnd]
	var n int
	switch {
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
		n = closing(text, '[', ']')
	case v.Kind != yaml.ScalarNode:
		return 0, 0, unsafe(fmt.Sprintf("line %d: only plain values and one-line [...] lists are replaced", v.Line))
	case v.Style&yaml.DoubleQuotedStyle != 0:
		n = closingQuote(text, '"')
	case v.Style&yaml.SingleQuotedStyle != 0:
		n = closingQuote(text, '\'')
	case v.Tag == "!!null" && v.Value == "":
		return 0, 0, unsafe(fmt.Sprintf("line %d: the setting has no value", v.Line))
	default:
		n = len(text)
		if i := bytes.Index(text, []byte(" #")); i >= 0 {
			n = i
		}
		for n > 0 && (text[n-1] == ' ' || text[n-1] == '\t') {
			n--
		}
	}
	if n <= 0 {
		return 0, 0, unsafe(fmt.Sprintf("line %d: the value does not end on its line", v.Line))
	}
	if !sameValue(text[:n], v) {
		return 0, 0, unsafe(fmt.Sprintf("line %d: the value continues on the next lines", v.Line))
	}
	return start, start + n, nil
}

// closingQuote returns the length up to and including the closing quote.
func closingQuote(text []byte, q byte) int {
	for i := 1; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case q == '\'' && text[i] == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++
		case text[i] == q:
			return i + 1
		}
	}
	return 0
}

// closing returns the length up to the bracket closing text[0].
func closing(text []byte, open, close byte) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"', '\'':
			n := closingQuote(text[i:], text[i])
			if n == 0 {
				return 0
			}
			i += n - 1
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return 0
}

// sameValue proves that text alone reads as the node.
func sameValue(text []byte, v *yaml.Node) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(append([]byte("v: "), text...), &doc); err != nil || len(doc.Content) != 1 {
		return false
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode || len(m.Content) != 2 {
		return false
	}
	got := m.Content[1]
	if got.Kind != v.Kind || got.Value != v.Value || len(got.Content) != len(v.Content) {
		return false
	}
	for i := range got.Content {
		if got.Content[i].Value != v.Content[i].Value {
			return false
		}
	}
	return true
}

// insert adds a new setting inside the deepest block mapping that holds
// its prefix, else as a dotted line after the related root settings, else
// at the end.
func (ix *index) insert(key string, v Value) (int, int, string, error) {
	eol := ix.src.eol
	end := len(ix.src.data)
	tail := ""
	if end > 0 && ix.src.data[end-1] != '\n' {
		tail = eol
	}
	if ix.root == nil {
		return end, end, tail + key + ": " + render(v, 0) + eol, nil
	}
	if err := ix.conflict(key); err != nil {
		return 0, 0, "", err
	}
	b := ix.deepest(key)
	if b.flow {
		return 0, 0, "", unsafe(fmt.Sprintf("the group %s is a {...} mapping", strings.TrimSuffix(b.prefix, ".")))
	}
	after := ix.related(b, key)
	if after == nil {
		indent := ""
		if len(b.entries) > 0 {
			indent = strings.Repeat(" ", b.entries[0].keyNode.Column-1)
		}
		return end, end, tail + indent + key + ": " + render(v, 0) + eol, nil
	}
	line := ix.endLine(after)
	at := ix.src.lineNext(line)
	pre := ""
	if at == end {
		pre = tail
	}
	indent := strings.Repeat(" ", after.keyNode.Column-1)
	return at, at, pre + indent + key[len(b.prefix):] + ": " + render(v, 0) + eol, nil
}

// related is the entry of b after which key goes: in a nested block its
// last entry; at the root the last entry sharing the most leading name
// parts with key (nil when none shares any).
func (ix *index) related(b *block, key string) *entry {
	if len(b.entries) == 0 {
		return nil
	}
	if b != ix.root {
		return b.entries[len(b.entries)-1]
	}
	var best *entry
	bestN := 0
	for _, e := range b.entries {
		if n := commonParts(e.key, key); n > 0 && n >= bestN {
			best, bestN = e, n
		}
	}
	return best
}

func commonParts(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	n := 0
	for n < len(pa) && n < len(pb) && pa[n] == pb[n] {
		n++
	}
	return n
}

// remove deletes the lines of a setting, and of the groups it leaves empty.
func (ix *index) remove(key string) (int, int, string, error) {
	e, ok := ix.leaves[key]
	if !ok {
		return 0, 0, "", unsafe("the setting is not written as one value")
	}
	for e.parent.owner != nil && len(e.parent.entries) == 1 {
		e = e.parent.owner
	}
	if e.parent.flow {
		return 0, 0, "", unsafe(fmt.Sprintf("line %d: the setting is inside a {...} mapping", e.keyNode.Line))
	}
	line := e.keyNode.Line
	if off, ok := ix.src.offset(line, e.keyNode.Column); !ok || len(bytes.TrimLeft(ix.src.data[ix.src.lineStart(line):off], " ")) != 0 {
		return 0, 0, "", unsafe(fmt.Sprintf("line %d: the setting shares its line with other text", line))
	}
	end := ix.endLine(e)
	repl := ""
	if end == line && e.valNode.Kind == yaml.ScalarNode {
		// Keep a trailing comment as a line of its own: comments survive.
		if _, vend, err := ix.valueSpan(e.valNode); err == nil {
			rest := ix.src.data[vend:ix.src.lineEnd(line)]
			if i := bytes.IndexByte(rest, '#'); i >= 0 && len(bytes.TrimSpace(rest[:i])) == 0 {
				indent := strings.Repeat(" ", e.keyNode.Column-1)
				repl = indent + string(rest[i:]) + ix.src.eol
			}
		}
	}
	return ix.src.lineStart(line), ix.src.lineNext(end), repl, nil
}

// verify parses the result and requires that the flattened settings
// differ from before exactly by the change.
func verify(path string, dialect yamlconf.Dialect, before *yamlconf.File, out []byte, c Change) error {
	after, err := yamlconf.Parse(path, out, dialect, nil)
	if err != nil {
		return unsafe("the edited file would not parse")
	}
	if len(after.Problems) > len(before.Problems) {
		return unsafe("the edit would add a problem: " + after.Problems[len(after.Problems)-1].Message)
	}
	for _, k := range union(before.Keys(), after.Keys()) {
		b, inB := before.Entries[k]
		a, inA := after.Entries[k]
		if k == c.Key {
			switch {
			case c.Remove && inA:
				return unsafe("the setting is still there after removal")
			case !c.Remove && (!inA || !c.Value.matches(a.Value, a.List, a.IsList)):
				return unsafe("the edited file does not read back with the new value")
			}
			continue
		}
		if inA != inB || a.Value != b.Value || a.IsList != b.IsList || strings.Join(a.List, "\x00") != strings.Join(b.List, "\x00") {
			return unsafe(fmt.Sprintf("the edit would also change %s", k))
		}
	}
	return nil
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(a, b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// IsUnsafe reports whether err means "make this change by hand".
func IsUnsafe(err error) bool {
	var u *UnsafeError
	return errors.As(err, &u)
}
