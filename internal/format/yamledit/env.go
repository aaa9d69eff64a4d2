package yamledit

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/essec-dev/essec/internal/format/yamlconf"
)

// EnvChange sets or removes one environment variable of a compose service.
// Names are matched as written and, for Elasticsearch settings, in the
// ES_SETTING_ form (xpack.security.enabled = ES_SETTING_XPACK_SECURITY_ENABLED).
type EnvChange struct {
	Name   string
	Value  string
	Remove bool
}

// ApplyEnv changes the environment of one service of a docker-compose file
// in either form (a list of NAME=value or a mapping), splicing the original
// bytes, and proves that the service's environment differs exactly by the
// changes. A service without an environment block, or one written in flow
// style, is left to the operator (*UnsafeError).
func ApplyEnv(path string, data []byte, service string, changes []EnvChange) ([]byte, error) {
	for _, c := range changes {
		out, err := applyEnvOne(path, data, service, c)
		if err != nil {
			return nil, fmt.Errorf("%s: service %s: environment %s: %w", path, service, c.Name, err)
		}
		data = out
	}
	return data, nil
}

func applyEnvOne(path string, data []byte, service string, c EnvChange) ([]byte, error) {
	src := newSource(data)
	env, err := envNode(path, data, service)
	if err != nil {
		return nil, err
	}
	before, err := envValues(env)
	if err != nil {
		return nil, err
	}
	name := c.Name
	if _, ok := before[name]; !ok {
		if alt := esSettingEnv(c.Name); before[alt] != nil {
			name = alt
		}
	}
	if cur, ok := before[name]; ok && !c.Remove && cur != nil && *cur == c.Value {
		return data, nil
	} else if !ok && c.Remove {
		return data, nil
	}
	if env.Style&yaml.FlowStyle != 0 {
		return nil, unsafe("the environment is written in flow style")
	}
	ix := &index{src: src}
	var start, end int
	var repl string
	switch env.Kind {
	case yaml.MappingNode:
		start, end, repl, err = ix.envMap(env, name, c)
	case yaml.SequenceNode:
		start, end, repl, err = ix.envList(env, name, c)
	default:
		return nil, unsafe("the environment is neither a list nor a mapping")
	}
	if err != nil {
		return nil, err
	}
	out := append(append(append([]byte{}, data[:start]...), repl...), data[end:]...)
	// Prove it: the service's environment differs exactly by the change.
	env2, err := envNode(path, out, service)
	if err != nil {
		return nil, unsafe("the edited file would not parse")
	}
	after, err := envValues(env2)
	if err != nil {
		return nil, unsafe("the edited environment would not read back")
	}
	for _, k := range union(keysOf(before), keysOf(after)) {
		b, a := before[k], after[k]
		if k == name {
			if c.Remove && a != nil || !c.Remove && (a == nil || *a != c.Value) {
				return nil, unsafe("the edited environment does not read back with the change")
			}
			continue
		}
		if (a == nil) != (b == nil) || a != nil && *a != *b {
			return nil, unsafe("the edit would also change " + k)
		}
	}
	return out, nil
}

// esSettingEnv is the ES_SETTING_ form of a setting name.
func esSettingEnv(key string) string {
	return "ES_SETTING_" + strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(key, "_", "__"), ".", "_"))
}

func keysOf(m map[string]*string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// envNode finds services.<service>.environment.
func envNode(path string, data []byte, service string) (*yaml.Node, error) {
	root, err := yamlconf.DecodeYAML(path, data)
	if err != nil || root == nil || root.Kind != yaml.MappingNode {
		return nil, unsafe("the compose file does not parse as a mapping")
	}
	svcs := child(root, "services")
	if svcs == nil || svcs.Kind != yaml.MappingNode {
		return nil, unsafe("the compose file has no services mapping")
	}
	svc := child(svcs, service)
	if svc == nil || svc.Kind != yaml.MappingNode {
		return nil, unsafe("no service " + service)
	}
	env := child(svc, "environment")
	if env == nil {
		return nil, unsafe("the service has no environment block: add one by hand")
	}
	return env, nil
}

func child(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// envValues reads an environment: nil values are names without a value.
func envValues(env *yaml.Node) (map[string]*string, error) {
	out := map[string]*string{}
	switch env.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(env.Content); i += 2 {
			v := env.Content[i+1].Value
			out[env.Content[i].Value] = &v
		}
	case yaml.SequenceNode:
		for _, it := range env.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, unsafe("an environment entry is not a NAME=value string")
			}
			k, v, ok := strings.Cut(it.Value, "=")
			if ok {
				out[k] = &v
			} else {
				out[k] = nil
			}
		}
	}
	return out, nil
}

func (ix *index) envMap(env *yaml.Node, name string, c EnvChange) (int, int, string, error) {
	for i := 0; i+1 < len(env.Content); i += 2 {
		k, v := env.Content[i], env.Content[i+1]
		if k.Value != name {
			continue
		}
		if c.Remove {
			return ix.wholeLine(k.Line, k.Column)
		}
		start, end, err := ix.valueSpan(v)
		if err != nil {
			return 0, 0, "", err
		}
		return start, end, envValue(c.Value, v.Style), nil
	}
	if len(env.Content) == 0 {
		return 0, 0, "", unsafe("the environment block is empty")
	}
	last := env.Content[len(env.Content)-2]
	at := ix.src.lineNext(ix.endLine(&entry{keyNode: last, valNode: env.Content[len(env.Content)-1]}))
	indent := strings.Repeat(" ", last.Column-1)
	return at, at, ix.tail(at) + indent + name + ": " + envValue(c.Value, 0) + ix.src.eol, nil
}

func (ix *index) envList(env *yaml.Node, name string, c EnvChange) (int, int, string, error) {
	for _, it := range env.Content {
		k, _, _ := strings.Cut(it.Value, "=")
		if k != name {
			continue
		}
		if c.Remove {
			line := ix.src.line(it.Line)
			dash := bytes.IndexByte(line, '-')
			if dash < 0 || len(bytes.TrimLeft(line[:dash], " ")) != 0 {
				return 0, 0, "", unsafe("the environment list is not one item per line")
			}
			return ix.wholeLine(it.Line, dash+1)
		}
		start, end, err := ix.valueSpan(it)
		if err != nil {
			return 0, 0, "", err
		}
		return start, end, envItem(name, c.Value, it.Style), nil
	}
	if len(env.Content) == 0 {
		return 0, 0, "", unsafe("the environment block is empty")
	}
	last := env.Content[len(env.Content)-1]
	line := ix.src.line(last.Line)
	dash := bytes.IndexByte(line, '-')
	if dash < 0 || len(bytes.TrimLeft(line[:dash], " ")) != 0 {
		return 0, 0, "", unsafe("the environment list is not one item per line")
	}
	at := ix.src.lineNext(last.Line)
	return at, at, ix.tail(at) + string(line[:dash]) + "- " + envItem(name, c.Value, last.Style) + ix.src.eol, nil
}

// envItem writes NAME=value, quoted like its neighbours when they are.
func envItem(name, value string, style yaml.Style) string {
	s := name + "=" + value
	if style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 || !safeEnvPlain(s) {
		return doubleQuoted(s)
	}
	return s
}

func safeEnvPlain(s string) bool {
	return !strings.ContainsAny(s, " #:'\"{}[],&*!|>%@`") && s != ""
}

// envValue quotes a mapping value: compose wants strings, and an unquoted
// true or 9200 would not be one.
func envValue(v string, style yaml.Style) string {
	if style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(v, "\n\r") {
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return doubleQuoted(v)
}

// wholeLine removes one line that holds a single entry.
func (ix *index) wholeLine(line, column int) (int, int, string, error) {
	if ix.endLine(&entry{keyNode: &yaml.Node{Line: line, Column: column}, valNode: &yaml.Node{Line: line}}) != line {
		return 0, 0, "", unsafe(fmt.Sprintf("line %d: the entry continues on the next lines", line))
	}
	return ix.src.lineStart(line), ix.src.lineNext(line), "", nil
}

// tail is the line ending to add when inserting at the end of a file
// without a final newline.
func (ix *index) tail(at int) string {
	if at == len(ix.src.data) && at > 0 && ix.src.data[at-1] != '\n' {
		return ix.src.eol
	}
	return ""
}
