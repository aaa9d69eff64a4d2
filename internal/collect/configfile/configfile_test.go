package configfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// A huge sparse file is refused by its size before a byte is read.
func TestLoadRefusesTooLarge(t *testing.T) {
	file := filepath.Join(t.TempDir(), "elasticsearch.yml")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(file, 3_200_000_000); err != nil {
		t.Skipf("truncate: %v", err)
	}
	_, _, _, err := Load(file, "elasticsearch.yml", yamlconf.Elasticsearch, nil)
	if err == nil || !strings.Contains(err.Error(), file+": 3.2 GB is over the 16 MiB limit for a configuration file") {
		t.Errorf("err = %v", err)
	}
}

// A FIFO named elasticsearch.yml is refused at once: reading it would wait
// for a writer forever.
func TestLoadRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "elasticsearch.yml"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, _, _, err := Load(dir, "elasticsearch.yml", yamlconf.Elasticsearch, nil)
	if err == nil || !strings.Contains(err.Error(), "elasticsearch.yml: is a FIFO, not a regular file") {
		t.Errorf("err = %v", err)
	}
}
