package yamlconf

import (
	"fmt"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Parse reads one settings file. path is used only in messages. env looks up
// environment variables for ${...} substitution; nil means an empty
// environment. The returned File holds the flattened settings and the
// non-fatal Problems; a file that is not a settings mapping (a syntax error,
// a list, a scalar, several documents, a Kubernetes manifest or a Helm
// values file wrapping the settings) gives a *SyntaxError.
func Parse(path string, data []byte, dialect Dialect, env func(string) (string, bool)) (*File, error) {
	if dialect != Elasticsearch && dialect != Kibana {
		return nil, fmt.Errorf("parse %s: unknown dialect %d", path, int(dialect))
	}
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	f := &File{Path: path, Entries: map[string]Entry{}}
	root, err := decodeRoot(path, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return f, nil
	}
	w := newWalker(dialect)
	if err := w.mapping(root, "", 0); err != nil {
		return nil, &SyntaxError{File: path, Line: lineOf(err), Msg: err.Error()}
	}
	if key, e, ok := embeddedSettings(w.entries); ok {
		return nil, &SyntaxError{File: path, Line: e.Line, Msg: fmt.Sprintf(
			"this file wraps a settings file (Helm values or similar): the settings are the text of %s; put that text in a file of its own and audit that", key)}
	}
	f.Entries = w.entries
	f.Problems = w.problems
	switch dialect {
	case Elasticsearch:
		f.Problems = append(f.Problems, substituteES(f.Entries, env)...)
		f.Problems = append(f.Problems, dropEmptyES(f.Entries, w.nulls)...)
	case Kibana:
		f.Problems = append(f.Problems, substituteKibana(f.Entries, env)...)
	}
	sort.SliceStable(f.Problems, func(i, j int) bool { return f.Problems[i].Line < f.Problems[j].Line })
	return f, nil
}

// DecodeYAML decodes a YAML file that must hold at most one document and
// returns that document's root node, or nil when the file has no content
// (empty, comments only, a lone "---"). Errors are *SyntaxError with the
// line the problem is on. Other collectors (compose) use it for their own
// YAML files.
func DecodeYAML(path string, data []byte) (*yaml.Node, error) {
	docs, err := decodeDocs(data, 2)
	if err != nil {
		return nil, syntaxError(path, data, err)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	root := docs[0].Content[0]
	if isEmpty(root) {
		root = nil
	}
	if err := checkExpansion(path, docs[0]); err != nil {
		return nil, err
	}
	if len(docs) > 1 && !isEmpty(docs[1].Content[0]) {
		if root != nil && root.Kind == yaml.MappingNode {
			if err := manifest(path, root); err != nil {
				return nil, err
			}
		}
		return nil, &SyntaxError{File: path, Line: docs[1].Line,
			Msg: "a second YAML document starts here: the file must hold a single document"}
	}
	return root, nil
}

// decodeRoot returns the document's top-level mapping, or nil for a file
// without content.
func decodeRoot(path string, data []byte) (*yaml.Node, error) {
	root, err := DecodeYAML(path, data)
	if err != nil || root == nil {
		return nil, err
	}
	if root.Kind != yaml.MappingNode {
		return nil, &SyntaxError{File: path, Line: root.Line, Msg: "the file holds " + describeKind(root) + ", not a mapping of settings"}
	}
	if err := manifest(path, root); err != nil {
		return nil, err
	}
	return root, nil
}

// isEmpty reports a document without content: "---" alone, or an empty
// plain scalar.
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0
}

func describeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	case yaml.AliasNode:
		return "an alias"
	}
	return "something else"
}

// manifest refuses a Kubernetes manifest (ConfigMap, ECK resource): its
// keys are not settings, and auditing them would report nonsense.
func manifest(path string, root *yaml.Node) error {
	var api, kind *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "apiVersion":
			api = root.Content[i+1]
		case "kind":
			kind = root.Content[i+1]
		}
	}
	if api == nil || kind == nil || kind.Kind != yaml.ScalarNode {
		return nil
	}
	name := kind.Value
	if len(name) > 40 {
		name = name[:40]
	}
	return &SyntaxError{File: path, Line: kind.Line, Msg: fmt.Sprintf(
		"this is a Kubernetes manifest (kind: %s), not a settings file; put the settings it embeds in a file of their own and audit that", name)}
}

// embeddedSettings finds a key such as esConfig.elasticsearch.yml whose
// value is the text of a settings file (Helm values, ConfigMap data).
func embeddedSettings(entries map[string]Entry) (string, Entry, bool) {
	var best string
	var found Entry
	for key, e := range entries {
		if e.IsList || !strings.Contains(e.Value, ":") {
			continue
		}
		for _, name := range []string{"elasticsearch.yml", "elasticsearch.yaml", "kibana.yml", "kibana.yaml"} {
			if key == name || strings.HasSuffix(key, "."+name) {
				if best == "" || e.Line < found.Line {
					best, found = key, e
				}
			}
		}
	}
	return best, found, best != ""
}
