package yamledit

import "testing"

func TestApplyEnv(t *testing.T) {
	list := "services:\n  es01:\n    image: x\n    environment:\n      - node.name=es01   # the node\n      - \"ES_SETTING_XPACK_SECURITY_ENABLED=false\"\n  kb:\n    environment:\n      - A=1\n"
	mapForm := "services:\n  es01:\n    environment:\n      node.name: es01\n      xpack.security.enabled: 'false' # off\nvolumes: {}\n"
	tests := []struct {
		name, in string
		changes  []EnvChange
		want     string
	}{
		{"list: ES_SETTING_ form changed in place, quotes kept", list,
			[]EnvChange{{Name: "xpack.security.enabled", Value: "true"}},
			"services:\n  es01:\n    image: x\n    environment:\n      - node.name=es01   # the node\n      - \"ES_SETTING_XPACK_SECURITY_ENABLED=true\"\n  kb:\n    environment:\n      - A=1\n"},
		{"list: new item after the last", list,
			[]EnvChange{{Name: "xpack.security.audit.enabled", Value: "true"}},
			"services:\n  es01:\n    image: x\n    environment:\n      - node.name=es01   # the node\n      - \"ES_SETTING_XPACK_SECURITY_ENABLED=false\"\n      - \"xpack.security.audit.enabled=true\"\n  kb:\n    environment:\n      - A=1\n"},
		{"list: remove", list,
			[]EnvChange{{Name: "node.name", Remove: true}},
			"services:\n  es01:\n    image: x\n    environment:\n      - \"ES_SETTING_XPACK_SECURITY_ENABLED=false\"\n  kb:\n    environment:\n      - A=1\n"},
		{"map: change keeps quote style and comment", mapForm,
			[]EnvChange{{Name: "xpack.security.enabled", Value: "true"}},
			"services:\n  es01:\n    environment:\n      node.name: es01\n      xpack.security.enabled: 'true' # off\nvolumes: {}\n"},
		{"map: new key quoted", mapForm,
			[]EnvChange{{Name: "http.port", Value: "9200"}},
			"services:\n  es01:\n    environment:\n      node.name: es01\n      xpack.security.enabled: 'false' # off\n      http.port: \"9200\"\nvolumes: {}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ApplyEnv("docker-compose.yml", []byte(tt.in), "es01", tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if _, err := ApplyEnv("c.yml", []byte("services:\n  es01:\n    image: x\n"), "es01", []EnvChange{{Name: "a", Value: "b"}}); !IsUnsafe(err) {
		t.Errorf("no environment block: err = %v, want UnsafeError", err)
	}
}
