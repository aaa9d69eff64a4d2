package yamlconf

import (
	"reflect"
	"testing"
)

func TestSubstitution(t *testing.T) {
	env := map[string]string{"ES_HOST": "es01", "EMPTY": "", "PASS": "pw", "CONFIG_DIR": "/etc/es"}
	tests := []struct {
		name       string
		dialect    Dialect
		src        string
		key        string
		value      string
		list       []string
		ref, unres bool
		problem    string
	}{
		{"es env", Elasticsearch, "node.name: ${ES_HOST}\n", "node.name", "es01", nil, true, false, ""},
		{"es inside text", Elasticsearch, "a: ${CONFIG_DIR}/certs/${ES_HOST}.crt\n", "a", "/etc/es/certs/es01.crt", nil, true, false, ""},
		{"es unset", Elasticsearch, "cluster.name: ${NOPE}\n", "cluster.name", "${NOPE}", nil, true, true,
			"setting cluster.name: ${NOPE} is not set by anything essec was given (the service's environment, .env, the inventory's env:): its value is unknown; Elasticsearch refuses to start if it is unset"},
		{"es default", Elasticsearch, "x.enabled: ${NOPE:true}\n", "x.enabled", "true", nil, true, false, ""},
		{"es env beats default", Elasticsearch, "a: ${ES_HOST:other}\n", "a", "es01", nil, true, false, ""},
		{"es other setting", Elasticsearch, "path.home: /opt/es\npath.logs: ${path.home}/logs\n", "path.logs", "/opt/es/logs", nil, true, false, ""},
		{"es nested name", Elasticsearch, "a: ${${NAME:ES_HOST}}\n", "a", "es01", nil, true, false, ""},
		{"es self reference", Elasticsearch, "a: ${a}\n", "a", "${a}", nil, true, true,
			"setting a: ${a} refers to itself: Elasticsearch would refuse to start"},
		{"es list", Elasticsearch, "hosts: [\"${ES_HOST}:9300\", b]\n", "hosts", "es01:9300,b", []string{"es01:9300", "b"}, true, false, ""},
		{"es no reference", Elasticsearch, "a: $HOME {x}\n", "a", "$HOME {x}", nil, false, false, ""},
		{"es unclosed", Elasticsearch, "a: ${OPEN\n", "a", "${OPEN", nil, false, false, ""},
		{"kibana env", Kibana, "elasticsearch.password: ${PASS}\n", "elasticsearch.password", "pw", nil, true, false, ""},
		{"kibana unset", Kibana, "elasticsearch.hosts: [\"https://${NOPE}:9200\"]\n", "elasticsearch.hosts", "https://${NOPE}:9200", []string{"https://${NOPE}:9200"}, true, true,
			"setting elasticsearch.hosts: ${NOPE} is not set by anything essec was given (the service's environment, .env, the inventory's env:): its value is unknown; Kibana refuses to start if it is unset"},
		{"kibana default", Kibana, "server.port: ${NOPE:5601}\n", "server.port", "5601", nil, true, false, ""},
		{"kibana empty env", Kibana, "a: x${EMPTY}y\n", "a", "xy", nil, true, false, ""},
		{"kibana dotted name is literal", Kibana, "elasticsearch.password: \"${elasticsearch.password}\"\n", "elasticsearch.password", "${elasticsearch.password}", nil, false, false, ""},
		{"kibana url default is literal", Kibana, "a: ${NOPE:http://x}\n", "a", "${NOPE:http://x}", nil, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.src, tt.dialect, env)
			e, ok := f.Get(tt.key)
			if !ok {
				t.Fatalf("%s missing: %v", tt.key, f.Keys())
			}
			if e.Value != tt.value || e.Reference != tt.ref || e.Unresolved != tt.unres {
				t.Errorf("got %q ref=%v unresolved=%v, want %q ref=%v unresolved=%v", e.Value, e.Reference, e.Unresolved, tt.value, tt.ref, tt.unres)
			}
			if tt.list != nil && !reflect.DeepEqual(e.List, tt.list) {
				t.Errorf("list = %q, want %q", e.List, tt.list)
			}
			if tt.problem == "" && len(f.Problems) > 0 {
				t.Errorf("unexpected problems %+v", f.Problems)
			}
			if tt.problem != "" && (len(f.Problems) != 1 || f.Problems[0].Message != tt.problem || f.Problems[0].Line != e.Line) {
				t.Errorf("problems = %+v, want %q", f.Problems, tt.problem)
			}
		})
	}
}

// A reference that resolves to the empty string removes the setting in
// Elasticsearch, and keeps it (empty) in Kibana.
func TestEmptyResolution(t *testing.T) {
	env := map[string]string{"EMPTY": ""}
	es := mustParse(t, "xpack.security.enabled: ${EMPTY}\n", Elasticsearch, env)
	if _, ok := es.Get("xpack.security.enabled"); ok || !problemsContain(es, "is empty: Elasticsearch ignores empty settings") {
		t.Errorf("es: entries %+v problems %+v", es.Entries, es.Problems)
	}
	kb := mustParse(t, "xpack.security.enabled: ${EMPTY}\n", Kibana, env)
	if e, ok := kb.Get("xpack.security.enabled"); !ok || e.Value != "" || !e.Reference {
		t.Errorf("kibana: %+v", kb.Entries)
	}
}

func TestNilEnv(t *testing.T) {
	f, err := Parse("x.yml", []byte("a: ${X}\n"), Elasticsearch, nil)
	if err != nil || !f.Entries["a"].Unresolved {
		t.Fatalf("f=%+v err=%v", f, err)
	}
}
