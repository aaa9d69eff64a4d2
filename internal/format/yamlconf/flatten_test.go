package yamlconf

import (
	"reflect"
	"testing"
)

func TestFlatten(t *testing.T) {
	tests := []struct {
		name    string
		dialect Dialect
		src     string
		want    map[string]Entry // checked fields: Value, List, IsList, Line
		count   int              // expected number of entries, -1 to skip
	}{
		{"dotted", Elasticsearch, "xpack.security.enabled: true\n",
			map[string]Entry{"xpack.security.enabled": {Value: "true", List: []string{"true"}, Line: 1}}, 1},
		{"nested", Elasticsearch, "# c\nxpack:\n  security:\n    enabled: false\n",
			map[string]Entry{"xpack.security.enabled": {Value: "false", List: []string{"false"}, Line: 4}}, 1},
		{"mixed", Elasticsearch, "xpack.security:\n  enabled: true\n  http.ssl:\n    enabled: true\n",
			map[string]Entry{
				"xpack.security.enabled":          {Value: "true", List: []string{"true"}, Line: 2},
				"xpack.security.http.ssl.enabled": {Value: "true", List: []string{"true"}, Line: 4},
			}, 2},
		{"flow map", Elasticsearch, "xpack.security: {enabled: true, audit.enabled: false}\n",
			map[string]Entry{
				"xpack.security.enabled":       {Value: "true", List: []string{"true"}, Line: 1},
				"xpack.security.audit.enabled": {Value: "false", List: []string{"false"}, Line: 1},
			}, 2},
		{"block list", Elasticsearch, "discovery.seed_hosts:\n  - es01\n  - \"es02:9300\"\n",
			map[string]Entry{"discovery.seed_hosts": {Value: "es01,es02:9300", List: []string{"es01", "es02:9300"}, IsList: true, Line: 1}}, 1},
		{"flow list", Elasticsearch, "network.host: [_local_, '_site_']\n",
			map[string]Entry{"network.host": {Value: "_local_,_site_", List: []string{"_local_", "_site_"}, IsList: true, Line: 1}}, 1},
		{"empty list", Elasticsearch, "a: []\n",
			map[string]Entry{"a": {Value: "", List: []string{}, IsList: true, Line: 1}}, 1},
		{"quoting", Elasticsearch, "cluster.name: \"my cluster\"\nnode.name: 'it''s'\nx: \"a\\tb\"\n",
			map[string]Entry{
				"cluster.name": {Value: "my cluster", List: []string{"my cluster"}, Line: 1},
				"node.name":    {Value: "it's", List: []string{"it's"}, Line: 2},
				"x":            {Value: "a\tb", List: []string{"a\tb"}, Line: 3},
			}, 3},
		{"numbers as written", Elasticsearch, "http.port: 9200\na: 0x10\nb: 1.50\n",
			map[string]Entry{
				"http.port": {Value: "9200", List: []string{"9200"}, Line: 1},
				"a":         {Value: "0x10", List: []string{"0x10"}, Line: 2},
				"b":         {Value: "1.50", List: []string{"1.50"}, Line: 3},
			}, 3},
		{"es booleans", Elasticsearch, "a: True\nb: yes\nc: off\nd: \"yes\"\ne: [yes, True]\nf: !!str true\n",
			map[string]Entry{
				"a": {Value: "true", List: []string{"true"}, Line: 1},
				"b": {Value: "true", List: []string{"true"}, Line: 2},
				"c": {Value: "false", List: []string{"false"}, Line: 3},
				"d": {Value: "yes", List: []string{"yes"}, Line: 4},
				"e": {Value: "yes,True", List: []string{"yes", "True"}, IsList: true, Line: 5},
				"f": {Value: "true", List: []string{"true"}, Line: 6},
			}, 6},
		{"kibana booleans", Kibana, "a: True\nb: yes\nc: [on, FALSE]\n",
			map[string]Entry{
				"a": {Value: "true", List: []string{"true"}, Line: 1},
				"b": {Value: "yes", List: []string{"yes"}, Line: 2},
				"c": {Value: "on,false", List: []string{"on", "false"}, IsList: true, Line: 3},
			}, 3},
		{"null", Kibana, "a:\nb: ~\nc: null\n",
			map[string]Entry{
				"a": {Value: "", List: []string{""}, Line: 1},
				"b": {Value: "", List: []string{""}, Line: 2},
				"c": {Value: "", List: []string{""}, Line: 3},
			}, 3},
		{"multi-line", Elasticsearch, "a: |\n  x\n  y\nb: >-\n  p\n  q\n",
			map[string]Entry{
				"a": {Value: "x\ny\n", List: []string{"x\ny\n"}, Line: 1},
				"b": {Value: "p q", List: []string{"p q"}, Line: 4},
			}, 2},
		{"kibana list of maps", Kibana, "xpack.fleet.outputs:\n  - id: o1\n    hosts: [a, b]\n  - id: o2\n",
			map[string]Entry{
				"xpack.fleet.outputs.0.id":    {Value: "o1", List: []string{"o1"}, Line: 2},
				"xpack.fleet.outputs.0.hosts": {Value: "a,b", List: []string{"a", "b"}, IsList: true, Line: 3},
				"xpack.fleet.outputs.1.id":    {Value: "o2", List: []string{"o2"}, Line: 4},
			}, 3},
		{"kibana anchors and merge", Kibana, "base: &b\n  x: 1\n  y: 2\nother:\n  <<: *b\n  y: 3\nlist: &l [p, q]\ncopy: *l\n",
			map[string]Entry{
				"other.x": {Value: "1", List: []string{"1"}, Line: 2},
				"other.y": {Value: "3", List: []string{"3"}, Line: 6},
				"copy":    {Value: "p,q", List: []string{"p", "q"}, IsList: true, Line: 8},
			}, 6},
		{"es aliases are text", Elasticsearch, "a: &v hello\nb: *v\n",
			map[string]Entry{
				"a": {Value: "hello", List: []string{"hello"}, Line: 1},
				"b": {Value: "v", List: []string{"v"}, Line: 2},
			}, 2},
		{"whole file indented", Kibana, "    server.host: 0.0.0.0\n    server.port: 5601\n",
			map[string]Entry{"server.port": {Value: "5601", List: []string{"5601"}, Line: 2}}, 2},
		{"crlf and trailing spaces", Elasticsearch, "a: 1  \r\nb: x \r\n",
			map[string]Entry{"b": {Value: "x", List: []string{"x"}, Line: 2}}, 2},
		{"empty file", Elasticsearch, "", nil, 0},
		{"comments only", Elasticsearch, "# ---- Cluster ----\n#cluster.name: x\n\n", nil, 0},
		{"lone document marker", Kibana, "---\n", nil, 0},
		{"document marker then settings", Elasticsearch, "---\na: 1\n",
			map[string]Entry{"a": {Value: "1", List: []string{"1"}, Line: 2}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src, tt.dialect, nil)
			if tt.count >= 0 && len(f.Entries) != tt.count {
				t.Errorf("got %d entries %v, want %d", len(f.Entries), f.Keys(), tt.count)
			}
			for key, want := range tt.want {
				got, ok := f.Get(key)
				if !ok {
					t.Errorf("%s missing; have %v", key, f.Keys())
					continue
				}
				if got.Key != key || got.Value != want.Value || got.IsList != want.IsList || got.Line != want.Line || !reflect.DeepEqual(got.List, want.List) {
					t.Errorf("%s = %+v, want %+v", key, got, want)
				}
			}
		})
	}
}

func TestFlattenProblems(t *testing.T) {
	tests := []struct {
		name    string
		dialect Dialect
		src     string
		problem string
		line    int
	}{
		{"es null refuses", Elasticsearch, "network.host:\n", "setting network.host has no value (null): Elasticsearch refuses to start", 1},
		{"es list of maps", Elasticsearch, "a:\n  - b: 1\n", "setting a is a list of objects or lists: Elasticsearch accepts only lists of plain values", 1},
		{"es null in list", Elasticsearch, "a: [x, ~]\n", "setting a has an empty (null) list element", 1},
		{"es alias", Elasticsearch, "a: &v x\nb: *v\n", "setting b is the YAML alias *v: Elasticsearch does not resolve aliases", 2},
		{"es empty string dropped", Elasticsearch, "a: 1\nnetwork.host: \"\"\n", "setting network.host is empty: Elasticsearch ignores empty settings", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src, tt.dialect, nil)
			for _, p := range f.Problems {
				if len(p.Message) >= len(tt.problem) && p.Message[:len(tt.problem)] == tt.problem {
					if p.Line != tt.line {
						t.Errorf("problem on line %d, want %d", p.Line, tt.line)
					}
					return
				}
			}
			t.Errorf("no problem %q in %+v", tt.problem, f.Problems)
		})
	}
	if f := mustParse(t, "network.host:\n", Kibana, nil); len(f.Problems) != 0 {
		t.Errorf("kibana null: unexpected problems %+v", f.Problems)
	}
	if f := mustParse(t, "network.host: \"\"\n", Elasticsearch, nil); len(f.Entries) != 0 {
		t.Errorf("empty string kept: %+v", f.Entries)
	}
	if f := mustParse(t, "a: \"\"\n", Kibana, nil); f.Entries["a"].Value != "" || len(f.Entries) != 1 {
		t.Errorf("kibana empty string: %+v", f.Entries)
	}
}

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name     string
		dialect  Dialect
		src      string
		key      string
		value    string
		line     int
		problem  string
		probLine int
	}{
		{"same mapping keeps first", Elasticsearch, "a: 1\nxpack.security.enabled: false\nb: 2\nxpack.security.enabled: true\n",
			"xpack.security.enabled", "false", 2,
			"setting xpack.security.enabled is defined twice (lines 2 and 4): Elasticsearch refuses to start", 4},
		{"same nested mapping", Elasticsearch, "xpack:\n  security:\n    enabled: true\n    enabled: false\n",
			"xpack.security.enabled", "true", 3,
			"setting xpack.security.enabled is defined twice (lines 3 and 4): Elasticsearch refuses to start", 4},
		{"map key twice", Elasticsearch, "node:\n  name: a\nnode:\n  attr.rack: r1\n",
			"node.name", "a", 2,
			"key node is defined twice (lines 1 and 3): Elasticsearch refuses to start", 3},
		{"nested then dotted keeps last", Elasticsearch, "xpack:\n  security:\n    enabled: true\nxpack.security.enabled: false\n",
			"xpack.security.enabled", "false", 4,
			"setting xpack.security.enabled is defined twice (lines 3 and 4): Elasticsearch uses the one on line 4", 4},
		{"dotted then nested keeps last", Kibana, "server.ssl.enabled: false\nserver:\n  ssl:\n    enabled: true\n",
			"server.ssl.enabled", "true", 4,
			"setting server.ssl.enabled is defined twice (lines 1 and 4): Kibana uses the one on line 4", 4},
		{"kibana same mapping", Kibana, "a: 1\na: 2\n", "a", "1", 1,
			"setting a is defined twice (lines 1 and 2): Kibana refuses to start", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src, tt.dialect, nil)
			e := f.Entries[tt.key]
			if e.Value != tt.value || e.Line != tt.line {
				t.Errorf("%s = %q line %d, want %q line %d", tt.key, e.Value, e.Line, tt.value, tt.line)
			}
			if len(f.Problems) != 1 || f.Problems[0].Message != tt.problem || f.Problems[0].Line != tt.probLine {
				t.Errorf("problems = %+v, want %q on line %d", f.Problems, tt.problem, tt.probLine)
			}
		})
	}
}
