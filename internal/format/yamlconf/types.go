package yamlconf

import (
	"fmt"
	"sort"

	"github.com/essec-dev/essec/internal/inventory"
)

// Dialect selects whose reading rules Parse applies.
type Dialect int

const (
	// Elasticsearch reads elasticsearch.yml.
	Elasticsearch Dialect = iota
	// Kibana reads kibana.yml.
	Kibana
)

// String names the product, for messages.
func (d Dialect) String() string {
	switch d {
	case Elasticsearch:
		return "Elasticsearch"
	case Kibana:
		return "Kibana"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// Entry is one flattened setting.
type Entry struct {
	// Key is the dotted name, "xpack.security.http.ssl.enabled".
	Key string
	// Value is the string the product sees: a scalar as written (true, 9200,
	// "a b" unquoted), a list joined with ",".
	Value string
	// List holds the elements; a scalar gives [Value], an empty list [].
	List   []string
	IsList bool
	// Line is the 1-based line of the key (for a list: the key's line).
	Line int
	// Reference is true when the raw value contained a ${...} reference.
	Reference bool
	// Unresolved is true when a reference had no value and no default; Value
	// then keeps the reference as written.
	Unresolved bool
}

// Problem is a non-fatal finding about the file. Messages name settings and
// lines, never values.
type Problem struct {
	Line    int
	Message string
	// Kind is "duplicate" for a key defined twice in one mapping (the
	// product refuses the file), "" otherwise.
	Kind string
}

// File is a parsed settings file.
type File struct {
	Path     string
	Entries  map[string]Entry
	Problems []Problem
}

// Get returns the entry for a dotted setting name.
func (f *File) Get(key string) (Entry, bool) {
	e, ok := f.Entries[key]
	return e, ok
}

// Keys returns the setting names in sorted order.
func (f *File) Keys() []string {
	keys := make([]string, 0, len(f.Entries))
	for k := range f.Entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SyntaxError reports a file that is not a readable settings mapping.
type SyntaxError struct {
	// File is the path given to Parse.
	File string
	// Line is 1-based, or 0 when unknown.
	Line int
	Msg  string
}

// Error implements error: "elasticsearch.yml:7: mapping values are not
// allowed in this context".
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// KindDuplicate marks a Problem about a key defined twice in one mapping.
const KindDuplicate = inventory.KindDuplicate
