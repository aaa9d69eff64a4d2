package esconfig

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/inventory"
)

// TestAutoConfigBlock: the 8.x auto-configuration block is recognised by its
// opening comment, which the settings parser does not keep; a hand-written
// file naming the same certs/ keystores is not marked.
func TestAutoConfigBlock(t *testing.T) {
	block := "cluster.name: logs\n\n#----------------------- BEGIN SECURITY AUTO CONFIGURATION -----------------------\n" +
		"xpack.security.enabled: true\nxpack.security.http.ssl:\n  enabled: true\n  keystore.path: certs/http.p12\n" +
		"#----------------------- END SECURITY AUTO CONFIGURATION -------------------------\n"
	hand := "cluster.name: logs\nxpack.security.enabled: true\nxpack.security.http.ssl.enabled: true\nxpack.security.http.ssl.keystore.path: certs/http.p12\n"
	for name, tc := range map[string]struct {
		yml  string
		want bool
	}{"block": {block, true}, "hand-written": {hand, false}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "elasticsearch.yml"), []byte(tc.yml), 0o600); err != nil {
				t.Fatal(err)
			}
			n, err := Load(context.Background(), dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n.AutoConfigBlock != tc.want {
				t.Errorf("AutoConfigBlock = %v, want %v", n.AutoConfigBlock, tc.want)
			}
		})
	}
}

// TestAutoConfigFilesStatted: with the block, the certs directory and
// certs/http_ca.crt (which no setting names) are in the files list with
// their modes, or as missing; without it they are not looked for.
func TestAutoConfigFilesStatted(t *testing.T) {
	block := "#----------------------- BEGIN SECURITY AUTO CONFIGURATION -----------------------\n" +
		"xpack.security.enabled: true\n#----------------------- END SECURITY AUTO CONFIGURATION -------------------------\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "elasticsearch.yml"), []byte(block), 0o600); err != nil {
		t.Fatal(err)
	}
	certs := filepath.Join(dir, "certs")
	if err := os.Mkdir(certs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(certs, 0o750); err != nil {
		t.Fatal(err)
	}
	find := func(files []inventory.FileInfo, path string) (inventory.FileInfo, bool) {
		for _, f := range files {
			if f.Path == path {
				return f, true
			}
		}
		return inventory.FileInfo{}, false
	}
	n, err := Load(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := find(n.Files, certs); !ok || !f.Exists || f.Mode != "0750" || f.Role != "tls" {
		t.Errorf("certs directory: %+v (listed %v), want exists with mode 0750, role tls", f, ok)
	}
	ca := filepath.Join(certs, "http_ca.crt")
	if f, ok := find(n.Files, ca); !ok || f.Exists {
		t.Errorf("missing http_ca.crt: %+v (listed %v), want listed as not existing", f, ok)
	}
	if err := os.WriteFile(ca, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, err = Load(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	if f, ok := find(n.Files, ca); !ok || !f.Exists || f.Mode != "0644" {
		t.Errorf("http_ca.crt: %+v (listed %v), want exists with mode 0644", f, ok)
	}
	// The keystores are listed even when no setting names them (the block
	// commented out, the files left behind).
	for _, ks := range []string{"http.p12", "transport.p12"} {
		if f, ok := find(n.Files, filepath.Join(certs, ks)); !ok || f.Exists || f.Role != "tls" {
			t.Errorf("missing %s: %+v (listed %v), want listed as not existing", ks, f, ok)
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "elasticsearch.yml"), []byte("xpack.security.enabled: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err = Load(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := find(n.Files, certs); ok {
		t.Errorf("without the block the certs directory is listed: %+v", n.Files)
	}
}

// TestLoadSetsNothing: an elasticsearch.yml that sets nothing starts
// Elasticsearch on its defaults: it is read, with a note saying so.
func TestLoadSetsNothing(t *testing.T) {
	for name, body := range map[string]string{"empty": "", "comments": "# cluster.name: my-application\n#node.name: node-1\n", "marker": "---\n"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			yml := filepath.Join(dir, "elasticsearch.yml")
			if err := os.WriteFile(yml, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			n, err := Load(context.Background(), yml, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(n.Problems) != 1 || !strings.Contains(n.Problems[0].Message, "elasticsearch.yml sets no setting") ||
				!strings.Contains(n.Problems[0].Message, "Elasticsearch's defaults") || n.Problems[0].File != yml {
				t.Errorf("problems = %+v, want one note naming elasticsearch.yml", n.Problems)
			}
		})
	}
}
