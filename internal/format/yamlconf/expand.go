package yamlconf

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"
)

// maxDocumentExpansion bounds how many nodes a document may stand for once
// every alias is replaced by what it names. Readers of the node tree
// (compose's services and environment lists, the settings walker) follow
// aliases; without this bound a file of a few hundred kilobytes, with
// thousands of aliases to a long anchored list, costs minutes or
// gigabytes. Real files, aliases included, hold a few thousand nodes.
const maxDocumentExpansion = 1_000_000

// checkExpansion refuses a document whose aliases expand past the bound.
// It visits each node once: the size of an anchored node is computed once
// and reused by every alias to it.
func checkExpansion(path string, root *yaml.Node) error {
	c := expansion{memo: map[*yaml.Node]int{}, active: map[*yaml.Node]bool{}}
	if n := c.size(root); n > maxDocumentExpansion {
		return &SyntaxError{File: path, Line: c.line,
			Msg: fmt.Sprintf("the aliases of this file expand to more than %d values (alias bomb?)", maxDocumentExpansion)}
	}
	return nil
}

type expansion struct {
	memo   map[*yaml.Node]int
	active map[*yaml.Node]bool
	// line is the first alias seen once the bound is passed.
	line int
}

// size returns the number of nodes n stands for, capped just past the bound.
func (c *expansion) size(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil || c.active[t] {
			return 1
		}
		s, ok := c.memo[t]
		if !ok {
			c.active[t] = true
			s = c.size(t)
			delete(c.active, t)
			c.memo[t] = s
		}
		if s > maxDocumentExpansion && c.line == 0 {
			c.line = n.Line
		}
		return s
	}
	total := 1
	for _, child := range n.Content {
		total += c.size(child)
		if total > maxDocumentExpansion {
			if c.line == 0 {
				c.line = n.Line
			}
			return maxDocumentExpansion + 1
		}
	}
	return total
}
