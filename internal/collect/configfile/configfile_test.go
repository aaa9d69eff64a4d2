package configfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
)

func TestLoadDirectoryOrFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "kibana.yml")
	if err := os.WriteFile(file, []byte("server.name: ${NAME}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) { return "kb01", k == "NAME" }
	for _, path := range []string{dir, file} {
		gotDir, gotFile, settings, err := Load(path, "kibana.yml", yamlconf.Kibana, env)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if gotDir != dir || gotFile != file {
			t.Errorf("%s: located %s, %s", path, gotDir, gotFile)
		}
		if e, ok := settings.Get("server.name"); !ok || e.Value != "kb01" {
			t.Errorf("%s: server.name = %+v", path, e)
		}
	}
}

func TestLoadRefusesTooLarge(t *testing.T) {
	file := filepath.Join(t.TempDir(), "elasticsearch.yml")
	if err := os.WriteFile(file, []byte(strings.Repeat("#\n", maxSize/2+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := Load(file, "elasticsearch.yml", yamlconf.Elasticsearch, nil)
	if err == nil || !strings.Contains(err.Error(), "too large for a settings file") {
		t.Errorf("err = %v", err)
	}
}
