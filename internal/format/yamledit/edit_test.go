package yamledit

import (
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		changes []Change
		want    string
	}{
		{"change keeps comment and quotes",
			"xpack.security.enabled: \"false\"   # off for now\nnode.name: a\n",
			[]Change{Set("xpack.security.enabled", String("yes-please"))},
			"xpack.security.enabled: \"yes-please\"   # off for now\nnode.name: a\n"},
		{"boolean written plain",
			"xpack.security.enabled: 'false' # x\n",
			[]Change{Set("xpack.security.enabled", String("true"))},
			"xpack.security.enabled: true # x\n"},
		{"nested key changes in place",
			"xpack:\n  security:\n    enabled: false\n",
			[]Change{Set("xpack.security.enabled", String("true"))},
			"xpack:\n  security:\n    enabled: true\n"},
		{"new key joins the auto-config block",
			"# BEGIN\nxpack.security.http.ssl:\n  enabled: true\n  keystore.path: certs/http.p12\n\n# END\n",
			[]Change{Set("xpack.security.http.ssl.supported_protocols", List("TLSv1.3", "TLSv1.2"))},
			"# BEGIN\nxpack.security.http.ssl:\n  enabled: true\n  keystore.path: certs/http.p12\n  supported_protocols: [TLSv1.3, TLSv1.2]\n\n# END\n"},
		{"new key in deepest nested block with dotted suffix",
			"xpack:\n  security:\n    enabled: true\nnode.name: a\n",
			[]Change{Set("xpack.security.transport.ssl.enabled", String("true"))},
			"xpack:\n  security:\n    enabled: true\n    transport.ssl.enabled: true\nnode.name: a\n"},
		{"new dotted key after related settings",
			"cluster.name: c\nxpack.security.enabled: true\n\nnode.name: a\n",
			[]Change{Set("xpack.security.transport.ssl.enabled", String("true"))},
			"cluster.name: c\nxpack.security.enabled: true\nxpack.security.transport.ssl.enabled: true\n\nnode.name: a\n"},
		{"new key at end, newline added",
			"node.name: a",
			[]Change{Set("xpack.security.enabled", String("true"))},
			"node.name: a\nxpack.security.enabled: true\n"},
		{"CRLF stays CRLF",
			"node.name: a\r\nxpack.security.enabled: false\r\n",
			[]Change{Set("xpack.security.enabled", String("true")), Set("xpack.security.http.ssl.enabled", String("true"))},
			"node.name: a\r\nxpack.security.enabled: true\r\nxpack.security.http.ssl.enabled: true\r\n"},
		{"numbers and yes are quoted",
			"a.b: x\n",
			[]Change{Set("a.c", String("0660")), Set("a.d", String("yes")), Set("a.e", String("12e45"))},
			"a.b: x\na.c: \"0660\"\na.d: \"yes\"\na.e: \"12e45\"\n"},
		{"remove key and emptied parent",
			"xpack:\n  security:\n    transport.ssl.keystore.password: pw\n  other: 1\nnode.name: a\n",
			[]Change{Remove("xpack.security.transport.ssl.keystore.password")},
			"xpack:\n  other: 1\nnode.name: a\n"},
		{"remove keeps the trailing comment",
			"a: 1\nelasticsearch.password: \"x\"   # move me\nb: 2\n",
			[]Change{Remove("elasticsearch.password")},
			"a: 1\n# move me\nb: 2\n"},
		{"already true changes nothing",
			"xpack.security.enabled: true\n",
			[]Change{Set("xpack.security.enabled", String("true")), Remove("absent.key")},
			"xpack.security.enabled: true\n"},
		{"multibyte characters before the value",
			"node.attr.städte: x\nnode.name: \"é\" # c\n",
			[]Change{Set("node.name", String("n1"))},
			"node.attr.städte: x\nnode.name: \"n1\" # c\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply("elasticsearch.yml", []byte(tt.in), yamlconf.Elasticsearch, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestApplyRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		c    Change
	}{
		{"reference", "xpack.security.enabled: ${SEC}\n", Set("xpack.security.enabled", String("true"))},
		{"nest under scalar", "cluster.max_shards_per_node: 5\n", Set("cluster.max_shards_per_node.frozen", String("3"))},
		{"key is a group", "xpack.security.enabled: true\n", Set("xpack.security", String("x"))},
		{"flow mapping", "xpack: {security: {enabled: false}}\n", Set("xpack.security.enabled", String("true"))},
		{"block scalar", "a: |\n  x\n", Set("a", String("y"))},
		{"multi-line plain", "a: x\n  y\n", Set("a", String("z"))},
		{"duplicate already", "a.b: 1\na:\n  b: 2\n", Set("a.b", String("3"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Apply("elasticsearch.yml", []byte(tt.in), yamlconf.Elasticsearch, []Change{tt.c})
			if !IsUnsafe(err) {
				t.Fatalf("err = %v, want an UnsafeError", err)
			}
		})
	}
}

func TestApplyKibanaBooleanStaysBoolean(t *testing.T) {
	in := "server.host: \"0.0.0.0\"\n"
	got, err := Apply("kibana.yml", []byte(in), yamlconf.Kibana, []Change{Set("server.ssl.enabled", String("true"))})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "server.ssl.enabled: true\n") {
		t.Errorf("got %q", got)
	}
}
