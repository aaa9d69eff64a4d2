package esconfig

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// esFileRE names the Elasticsearch settings files of ../shared/realworld
// (elasticsearch.yml, elasticsearch_prod.yml, es0.yml, es_node1.yml) and
// the Kubernetes ConfigMaps that wrap them.
var esFileRE = regexp.MustCompile(`^(elasticsearch.*|es[0-9_].*|.*-configmap)\.ya?ml$`)

// TestRealWorld loads every Elasticsearch settings file of
// ../shared/realworld, and the config directories that hold an
// elasticsearch.yml.
func TestRealWorld(t *testing.T) {
	root := sharedtest.Dir(t, "realworld")
	ctx := context.Background()
	loaded := map[string]*Node{}
	var refused []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !esFileRE.MatchString(d.Name()) || strings.HasPrefix(d.Name(), "kibana") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		n, err := Load(ctx, path, nil)
		if err != nil {
			var se *yamlconf.SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || !strings.HasSuffix(d.Name(), "-configmap.yml") {
				t.Errorf("%s: %v", rel, err)
				return nil
			}
			refused = append(refused, rel+": "+se.Msg)
			return nil
		}
		loaded[rel] = n
		if d.Name() == "elasticsearch.yml" {
			byDir, err := Load(ctx, filepath.Dir(path), nil)
			if err != nil || byDir.ConfigFile != n.ConfigFile || len(byDir.Settings.Entries) != len(n.Settings.Entries) {
				t.Errorf("%s: loading the directory differs: %v", rel, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("realworld: %d Elasticsearch settings files loaded, %d refused", len(loaded), len(refused))
	for _, r := range refused {
		t.Logf("  refused: %s", r)
	}
	checkRealWorldFacts(t, loaded)
}

func checkRealWorldFacts(t *testing.T, loaded map[string]*Node) {
	ks := loaded["yulongbb__knowledge_graph/config/elasticsearch.yml"]
	if ks == nil || ks.KeystorePath == "" || !hasRole(ks, "keystore") {
		t.Errorf("yulongbb__knowledge_graph: keystore not found: %+v", ks)
	}
	if n := loaded["didu1234__dtassign/elasticsearch.yml"]; n == nil || !hasFile(n, "users") || !hasFile(n, "users_roles") {
		t.Errorf("didu1234__dtassign: users files not listed")
	}
	if n := loaded["jakelandis__es-docker-with-kibana/es0.yml"]; n == nil || !hasRole(n, "service-tokens") {
		t.Errorf("jakelandis__es-docker-with-kibana: service_tokens not listed")
	}
	if n := loaded["mdamirhasan__certificate/elasticsearch.yml"]; n == nil || n.Settings.Entries["xpack.security.transport.ssl.enabled"].Value != "true" {
		t.Errorf("mdamirhasan__certificate: transport ssl not read")
	}
}

func hasRole(n *Node, role string) bool {
	for _, f := range n.Files {
		if f.Role == role && f.Exists {
			return true
		}
	}
	return false
}

func hasFile(n *Node, name string) bool {
	for _, f := range n.Files {
		if filepath.Base(f.Path) == name && f.Exists {
			return true
		}
	}
	return false
}
