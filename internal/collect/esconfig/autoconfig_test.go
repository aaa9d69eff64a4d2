package esconfig

import (
	"context"
	"os"
	"path/filepath"
	"testing"
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
