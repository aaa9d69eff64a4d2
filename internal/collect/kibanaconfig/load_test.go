package kibanaconfig

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/format/yamlconf"
)

func TestLoad(t *testing.T) {
	home := t.TempDir()
	collecttest.WriteFiles(t, home, 0o600, map[string]string{
		"config/kibana.yml": "server.host: \"0.0.0.0\"\nelasticsearch:\n  hosts: [\"https://es01:9200\"]\n  username: kibana_system\n" +
			"elasticsearch.password: ${KIBANA_PASSWORD}\nxpack.security.secureCookies: yes\n",
		"config/kibana.keystore": "ks",
		"package.json":           `{"name": "kibana", "version": "8.15.1", "branch": "8.15"}`,
	})
	dir := filepath.Join(home, "config")
	in, err := Load(context.Background(), dir, func(k string) (string, bool) { return "pw", k == "KIBANA_PASSWORD" })
	if err != nil {
		t.Fatal(err)
	}
	if in.ConfigFile != filepath.Join(dir, "kibana.yml") || in.KeystorePath != filepath.Join(dir, "kibana.keystore") {
		t.Errorf("paths = %q %q", in.ConfigFile, in.KeystorePath)
	}
	if in.Version != "8.15.1" || in.VersionSource != "package.json" {
		t.Errorf("version = %q %q", in.Version, in.VersionSource)
	}
	s := in.Settings.Entries
	if s["elasticsearch.hosts"].Value != "https://es01:9200" || s["elasticsearch.username"].Line != 4 ||
		s["elasticsearch.password"].Value != "pw" || !s["elasticsearch.password"].Reference {
		t.Errorf("settings = %+v", s)
	}
	if s["xpack.security.secureCookies"].Value != "yes" {
		t.Errorf("Kibana keeps yes as a string: %+v", s["xpack.security.secureCookies"])
	}
	if len(in.Files) != 2 || in.Files[0].Role != "config" || in.Files[1].Role != "keystore" || in.Files[1].Mode != "0600" {
		t.Errorf("files = %+v", in.Files)
	}
	if len(in.Problems) != 0 {
		t.Errorf("problems = %+v", in.Problems)
	}
}

func TestLoadKeystoreInDataDir(t *testing.T) {
	home := t.TempDir()
	collecttest.WriteFiles(t, home, 0o600, map[string]string{
		"config/kibana.yml":      "path.data: state\n",
		"config/kibana.keystore": "new",
		"state/kibana.keystore":  "legacy",
	})
	in, err := Load(context.Background(), filepath.Join(home, "config", "kibana.yml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.KeystorePath != filepath.Join(home, "state", "kibana.keystore") {
		t.Errorf("KeystorePath = %q, want the data-directory one Kibana prefers", in.KeystorePath)
	}
}

func TestLoadErrorsAndProblems(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{
		"none/.keep":     "",
		"bad/kibana.yml": "server.host: 0.0.0.0\n  elasticsearch.hosts: x\n",
		"dup/kibana.yml": "a: 1\nserver.port: ${PORT}\n",
		"package.json":   `{"name": "not-kibana", "version": "1.2.3"}`,
	})
	ctx := context.Background()
	if _, err := Load(ctx, filepath.Join(dir, "none"), nil); err == nil || err.Error() != "no kibana.yml in "+filepath.Join(dir, "none")+": file does not exist" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing kibana.yml: %v", err)
	}
	if _, err := Load(ctx, filepath.Join(dir, "nowhere"), nil); err == nil || !strings.HasPrefix(err.Error(), "no kibana.yml at ") {
		t.Errorf("missing path: %v", err)
	}
	var se *yamlconf.SyntaxError
	if _, err := Load(ctx, filepath.Join(dir, "bad"), nil); !errors.As(err, &se) || se.Line != 2 {
		t.Errorf("syntax error: %v", err)
	}
	in, err := Load(ctx, filepath.Join(dir, "dup"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Problems) != 1 || in.Problems[0].Source != Source || in.Problems[0].Line != 2 ||
		in.Problems[0].Message != "setting server.port: ${PORT} is not set by anything essec was given (the service's environment, .env, the inventory's env:): its value is unknown; Kibana refuses to start if it is unset" {
		t.Errorf("problems = %+v", in.Problems)
	}
	if in.KeystorePath != "" || len(in.Files) != 1 || in.Version != "" {
		t.Errorf("instance = %+v", in)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Load(canceled, filepath.Join(dir, "dup"), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

// TestLoadSetsNothing: a kibana.yml that sets nothing (the stock file with
// every line commented) is Kibana on its defaults, with a note saying so.
func TestLoadSetsNothing(t *testing.T) {
	for name, body := range map[string]string{"empty": "", "comments": "# server.port: 5601\n#elasticsearch.hosts: [\"http://localhost:9200\"]\n"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			collecttest.WriteFiles(t, dir, 0o600, map[string]string{"kibana.yml": body})
			in, err := Load(context.Background(), dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Problems) != 1 || !strings.Contains(in.Problems[0].Message, "kibana.yml sets no setting") ||
				!strings.Contains(in.Problems[0].Message, "Kibana's defaults") || in.Problems[0].File != filepath.Join(dir, "kibana.yml") {
				t.Errorf("problems = %+v, want one note naming kibana.yml", in.Problems)
			}
		})
	}
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{"kibana.yml": "server.port: 5601\n"})
	if in, err := Load(context.Background(), dir, nil); err != nil || len(in.Problems) != 0 {
		t.Errorf("a kibana.yml that sets something: problems %+v, err %v", in.Problems, err)
	}
}
