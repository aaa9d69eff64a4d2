package yamledit

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// block is a mapping of the file with the flattened prefix of its keys.
type block struct {
	prefix  string // "" for the root, "xpack.security." below xpack.security:
	node    *yaml.Node
	owner   *entry // the entry whose value this mapping is; nil for the root
	flow    bool   // written {a: b}: never edited
	entries []*entry
}

// entry is one key of a mapping.
type entry struct {
	key      string // flattened name
	keyNode  *yaml.Node
	valNode  *yaml.Node
	parent   *block
	children *block // set when the value is a mapping
}

// index locates every key of a settings file.
type index struct {
	src    *source
	root   *block // nil for a file without content
	blocks []*block
	// leaves are the entries whose value is not a mapping, by name.
	leaves map[string]*entry
}

func newIndex(src *source, root *yaml.Node) (*index, error) {
	ix := &index{src: src, leaves: map[string]*entry{}}
	if root == nil {
		return ix, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, unsafe("the file is not a mapping of settings")
	}
	b, err := ix.mapping(root, "", nil, 0)
	if err != nil {
		return nil, err
	}
	ix.root = b
	return ix, nil
}

func (ix *index) mapping(n *yaml.Node, prefix string, owner *entry, depth int) (*block, error) {
	if depth > 100 {
		return nil, unsafe("settings nested too deeply")
	}
	b := &block{prefix: prefix, node: n, owner: owner, flow: n.Style&yaml.FlowStyle != 0}
	if owner != nil && owner.parent.flow {
		b.flow = true
	}
	ix.blocks = append(ix.blocks, b)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return nil, unsafe(fmt.Sprintf("line %d: keys that are not plain names (merge keys, aliases) are not edited", k.Line))
		}
		e := &entry{key: prefix + k.Value, keyNode: k, valNode: v, parent: b}
		b.entries = append(b.entries, e)
		if v.Kind == yaml.MappingNode {
			c, err := ix.mapping(v, e.key+".", e, depth+1)
			if err != nil {
				return nil, err
			}
			e.children = c
			continue
		}
		if _, dup := ix.leaves[e.key]; dup {
			return nil, unsafe(fmt.Sprintf("setting %s is written twice; fix that first", e.key))
		}
		ix.leaves[e.key] = e
	}
	return b, nil
}

// deepest returns the mapping with the longest prefix of key.
func (ix *index) deepest(key string) *block {
	var best *block
	for _, b := range ix.blocks {
		if strings.HasPrefix(key, b.prefix) && (best == nil || len(b.prefix) > len(best.prefix)) {
			best = b
		}
	}
	return best
}

// conflict says why key cannot be added: a setting is a prefix of it (it
// would nest under a scalar) or it is a prefix of settings (it is a block).
func (ix *index) conflict(key string) error {
	for k := range ix.leaves {
		if strings.HasPrefix(key, k+".") {
			return unsafe(fmt.Sprintf("%s would go under the setting %s, which has a value of its own", key, k))
		}
		if strings.HasPrefix(k, key+".") {
			return unsafe(fmt.Sprintf("%s is a group of settings here (%s), not one value", key, k))
		}
	}
	return nil
}

// lastLine is the last line a node's text occupies, as far as nodes say.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		if cl := lastLine(c); cl > l {
			l = cl
		}
	}
	return l
}

// endLine is the last line of an entry: its value's last node, then any
// following lines indented deeper than the key (continuations of a block
// or multi-line value).
func (ix *index) endLine(e *entry) int {
	end := max(lastLine(e.valNode), e.keyNode.Line)
	keyIndent := e.keyNode.Column - 1
	for l := end + 1; l <= ix.src.lineCount(); l++ {
		ind, blank, comment := ix.src.indent(l)
		if blank {
			continue
		}
		if comment || ind <= keyIndent {
			break
		}
		end = l
	}
	return end
}
