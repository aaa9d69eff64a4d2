package esconfig

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/format/yamlconf"
)

func noEnv(string) (string, bool) { return "", false }

func TestLoadDirectory(t *testing.T) {
	home := t.TempDir()
	collecttest.WriteFiles(t, home, 0o640, map[string]string{
		"config/elasticsearch.yml": "cluster.name: c\nxpack.security.enabled: true\nnode.name: ${NODE}\n",
		"config/jvm.options": "# heap\n-Xms1g\n-Xmx1g\n\n8:-Dold.java=1\n17-:-Dnew.java=2\n9-11:-Dmid=3\n" +
			"-Dlog4j2.formatMsgNoLookups=true\n## comment\n-XX:+UseG1GC\n",
		"config/jvm.options.d/b.options":         "-Dsecond=1\n",
		"config/jvm.options.d/a.options":         "  -Dfirst=1  \n",
		"config/jvm.options.d/ignored.txt":       "-Dignored=1\n",
		"config/elasticsearch.keystore":          "ks",
		"config/service_tokens":                  "elastic/kibana/token1:{PBKDF2}x\n",
		"config/users_roles":                     "superuser:admin\n",
		"config/roles.yml":                       "r: {}\n",
		"lib/elasticsearch-8.15.1.jar":           "",
		"lib/elasticsearch-x-content-8.15.1.jar": "",
		"lib/lucene-core-9.11.1.jar":             "",
	})
	dir := filepath.Join(home, "config")
	n, err := Load(context.Background(), dir, func(k string) (string, bool) {
		if k == "NODE" {
			return "es01", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	if n.ConfigDir != dir || n.ConfigFile != filepath.Join(dir, "elasticsearch.yml") || n.Settings.Path != n.ConfigFile {
		t.Errorf("dir/file = %q %q %q", n.ConfigDir, n.ConfigFile, n.Settings.Path)
	}
	if e := n.Settings.Entries["node.name"]; e.Value != "es01" || !e.Reference || e.Line != 3 {
		t.Errorf("node.name = %+v", e)
	}
	wantOpts := []string{"-Dold.java=1", "-Dnew.java=2", "-Dmid=3", "-Dlog4j2.formatMsgNoLookups=true", "-Dfirst=1", "-Dsecond=1"}
	if !reflect.DeepEqual(n.JVMOptions, wantOpts) {
		t.Errorf("JVMOptions = %q, want %q", n.JVMOptions, wantOpts)
	}
	if n.KeystorePath != filepath.Join(dir, "elasticsearch.keystore") {
		t.Errorf("KeystorePath = %q", n.KeystorePath)
	}
	if n.Version != "8.15.1" || n.VersionSource != "jar" {
		t.Errorf("version = %q %q", n.Version, n.VersionSource)
	}
	var roles []string
	for _, f := range n.Files {
		if !f.Exists || f.Mode != "0640" {
			t.Errorf("file %+v", f)
		}
		roles = append(roles, filepath.Base(f.Path)+"="+f.Role)
	}
	wantRoles := []string{"elasticsearch.yml=config", "jvm.options=jvm-options", "a.options=jvm-options", "b.options=jvm-options",
		"elasticsearch.keystore=keystore", "service_tokens=service-tokens", "users_roles=users", "roles.yml=config"}
	if !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("files = %v, want %v", roles, wantRoles)
	}
	if len(n.Problems) != 0 {
		t.Errorf("problems = %+v", n.Problems)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o640, map[string]string{"es0.yml": "xpack:\n  security:\n    enabled: false\nxpack.security.enabled: true\n"})
	n, err := Load(context.Background(), filepath.Join(dir, "es0.yml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n.ConfigDir != dir || n.KeystorePath != "" || n.Version != "" || n.VersionSource != "" || len(n.JVMOptions) != 0 || len(n.Files) != 1 {
		t.Errorf("node = %+v", n)
	}
	if e := n.Settings.Entries["xpack.security.enabled"]; e.Value != "true" || e.Line != 4 {
		t.Errorf("xpack.security.enabled = %+v", e)
	}
	if len(n.Problems) != 1 || n.Problems[0].Source != Source || n.Problems[0].File != filepath.Join(dir, "es0.yml") ||
		n.Problems[0].Line != 4 || !strings.Contains(n.Problems[0].Message, "defined twice (lines 3 and 4)") {
		t.Errorf("problems = %+v", n.Problems)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o640, map[string]string{
		"empty/.keep":           "",
		"bad/elasticsearch.yml": "a: 1\nb: c: d\n",
	})
	if err := os.MkdirAll(filepath.Join(dir, "isdir", "elasticsearch.yml"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	_, err := Load(ctx, filepath.Join(dir, "empty"), nil)
	if err == nil || err.Error() != "no elasticsearch.yml in "+filepath.Join(dir, "empty")+": file does not exist" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty dir: %v", err)
	}
	_, err = Load(ctx, filepath.Join(dir, "missing"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "no elasticsearch.yml at ") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: %v", err)
	}
	_, err = Load(ctx, filepath.Join(dir, "bad"), nil)
	var se *yamlconf.SyntaxError
	if !errors.As(err, &se) || se.Line != 2 || err.Error() != filepath.Join(dir, "bad", "elasticsearch.yml")+":2: mapping values are not allowed in this context" {
		t.Errorf("syntax error: %v", err)
	}
	_, err = Load(ctx, filepath.Join(dir, "isdir"), nil)
	if err == nil || !strings.Contains(err.Error(), "is a directory, not a regular file") {
		t.Errorf("directory as settings file: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Load(canceled, filepath.Join(dir, "bad"), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o640, map[string]string{"elasticsearch.yml": "a: 1\n", "jvm.options": "-Da=1\n"})
	if err := os.Chmod(filepath.Join(dir, "jvm.options"), 0); err != nil {
		t.Fatal(err)
	}
	n, err := Load(context.Background(), dir, nil)
	if err != nil || len(n.Problems) != 1 || !strings.Contains(n.Problems[0].Message, "read JVM options") {
		t.Errorf("unreadable jvm.options: %+v %v", n, err)
	}
	if err := os.Chmod(filepath.Join(dir, "elasticsearch.yml"), 0); err != nil {
		t.Fatal(err)
	}
	_, err = Load(context.Background(), dir, nil)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "elasticsearch.yml")) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("unreadable elasticsearch.yml: %v", err)
	}
}
