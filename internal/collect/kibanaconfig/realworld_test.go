package kibanaconfig

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// TestRealWorld loads every kibana*.yml of ../shared/realworld.
func TestRealWorld(t *testing.T) {
	root := sharedtest.Dir(t, "realworld")
	loaded := map[string]*Instance{}
	var refused []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), "kibana") || !strings.HasSuffix(d.Name(), ".yml") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		in, err := Load(context.Background(), path, nil)
		if err != nil {
			var se *yamlconf.SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || !strings.Contains(d.Name(), "configmap") {
				t.Errorf("%s: %v", rel, err)
				return nil
			}
			refused = append(refused, rel+": "+se.Msg)
			return nil
		}
		loaded[rel] = in
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("realworld: %d kibana.yml loaded, %d refused", len(loaded), len(refused))
	for _, r := range refused {
		t.Logf("  refused: %s", r)
	}
	in := loaded["jakelandis__es-docker-with-kibana/kibana.yml"]
	if in == nil || in.Settings.Entries["elasticsearch.serviceAccountToken"].Value == "" {
		t.Errorf("jakelandis__es-docker-with-kibana: serviceAccountToken not read")
	}
	in = loaded["karouche__elasticsearch-kibana-ssl-docker/kibana/kibana.yml"]
	if in == nil || in.Settings.Entries["elasticsearch.ssl.verificationMode"].Value != "certificate" {
		t.Errorf("karouche: verificationMode not read: %+v", in)
	}
}
