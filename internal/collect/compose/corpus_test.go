package compose

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/sharedtest"
)

// setting returns the value of key on the first Elasticsearch service that
// sets it.
func setting(f *File, key string) (string, bool, bool) {
	for _, s := range f.Services {
		if s.Kind != KindElasticsearch {
			continue
		}
		if e, ok := s.Settings.Entries[key]; ok {
			return e.Value, e.Unresolved, true
		}
	}
	return "", false, false
}

// TestCorpus loads the compose files of ../shared/corpus/files and checks
// them against the README's security posture classes.
func TestCorpus(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(sharedtest.Dir(t, "corpus"), "files", "*-compose.*"))
	loaded := map[string]*File{}
	// docker-elk stacks build their images from Dockerfiles the corpus does
	// not hold: their services cannot be classified and are reported, not
	// guessed into nodes.
	unclassified := map[string]bool{"003": true, "009": true, "027": true}
	for _, path := range names {
		f, err := Load(context.Background(), path, nil)
		id := filepath.Base(path)[:3]
		if unclassified[id] {
			if err == nil || !strings.Contains(err.Error(), "could not be read (not found)") {
				t.Errorf("%s: want its services reported as unclassified, got %v", id, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		loaded[filepath.Base(path)[:3]] = f
	}
	t.Logf("corpus: %d compose files loaded of %d", len(loaded), len(names))
	for _, n := range []string{"057", "070", "080"} {
		if v, _, _ := setting(loaded[n], "xpack.security.enabled"); v != "false" {
			t.Errorf("%s (compose:disabled): xpack.security.enabled = %q", n, v)
		}
	}
	for _, n := range []string{"043", "056"} {
		for _, s := range loaded[n].Services {
			for k := range s.Settings.Entries {
				if strings.HasPrefix(k, "xpack.security.") && s.Kind == KindElasticsearch {
					t.Errorf("%s (compose:not-set): %s sets %s", n, s.Name, k)
				}
			}
		}
	}
	for _, n := range []string{"020", "055", "077", "081"} {
		for _, key := range []string{"xpack.security.http.ssl.enabled", "xpack.security.transport.ssl.enabled"} {
			if v, _, _ := setting(loaded[n], key); v != "true" {
				t.Errorf("%s (compose:full-tls): %s = %q", n, key, v)
			}
		}
	}
	if v, _, _ := setting(loaded["068"], "xpack.security.transport.ssl.enabled"); v != "false" {
		t.Errorf("068: transport ssl = %q", v)
	}
	if v, _, _ := setting(loaded["054"], "xpack.security.enabled"); v != "true" {
		t.Errorf("054: xpack.security.enabled = %q", v)
	}
	if _, unresolved, ok := setting(loaded["084"], "xpack.security.enabled"); !ok || !unresolved {
		t.Errorf("084 (compose:variable): xpack.security.enabled should be unresolved")
	}
}

// TestRealWorld loads every compose file of ../shared/realworld.
func TestRealWorld(t *testing.T) {
	root := sharedtest.Dir(t, "realworld")
	var loaded, refused, kinds int
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(d.Name(), ".yml") || strings.HasSuffix(d.Name(), ".yaml")) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil || !IsCompose(data) {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		f, err := Load(context.Background(), path, nil)
		if err != nil {
			refused++
			if !strings.HasPrefix(err.Error(), "no Elasticsearch or Kibana service in ") {
				t.Errorf("%s: %v", rel, err)
			}
			t.Logf("  refused: %s: %v", rel, err)
			return nil
		}
		loaded++
		for _, s := range f.Services {
			if s.Kind != "" {
				kinds++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("realworld: %d compose files loaded (%d Elastic services), %d refused", loaded, kinds, refused)
	if loaded < 15 {
		t.Errorf("only %d compose files loaded", loaded)
	}
}
