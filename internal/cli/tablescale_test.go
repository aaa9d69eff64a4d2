package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/redact"
)

// thirtyNodeDemo copies testdata/demo and grows it to 30 nodes: es04 to
// es30 are copies of es03 under their own name and address, as a fleet of
// identically configured nodes would be.
func thirtyNodeDemo(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "demo")
	dir := t.TempDir()
	copyFile := func(from, to string, edit func(string) string) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			data = []byte(edit(string(data)))
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var paths []string
	for i := 1; i <= 30; i++ {
		name := fmt.Sprintf("es%02d", i)
		paths = append(paths, name)
		from := name
		if i > 3 {
			from = "es03"
		}
		edit := func(s string) string {
			s = strings.ReplaceAll(s, "node.name: es03", "node.name: "+name)
			return strings.ReplaceAll(s, "network.host: 10.0.0.13", fmt.Sprintf("network.host: 10.0.0.%d", 10+i))
		}
		copyFile(filepath.Join(src, from, "elasticsearch.yml"), filepath.Join(dir, name, "elasticsearch.yml"), edit)
		copyFile(filepath.Join(src, from, "elasticsearch.keystore"), filepath.Join(dir, name, "elasticsearch.keystore"), nil)
	}
	for _, f := range []string{"kibana.yml", "kibana.keystore"} {
		copyFile(filepath.Join(src, "kibana", f), filepath.Join(dir, "kibana", f), nil)
	}
	inv := "deployments:\n  - name: demo-logs\n    level: https\n    version: 8.15.1\n    elasticsearch:\n      paths: [" +
		strings.Join(paths, ", ") + "]\n    kibana:\n      paths: [kibana]\n"
	copyFile(filepath.Join(src, "essec.yaml"), filepath.Join(dir, "essec.yaml"), func(string) string { return inv })
	return dir
}

// auditTable runs essec audit with stdout a terminal or not and the given
// environment, and returns stdout.
func auditTable(t *testing.T, tty bool, env map[string]string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	d := &cli.Deps{
		IO: &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutTTY: tty,
			Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }},
		Build:    cli.BuildInfo{Version: "test"},
		Now:      func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
		Secrets:  &redact.Secrets{},
		Policies: testPolicies,
	}
	if code := cli.Execute(context.Background(), d, append([]string{"audit", "--color", "never"}, args...)); code != 1 {
		t.Fatalf("exit %d, want 1 (the demo fails its target):\n%s", code, errOut.String())
	}
	return out.String()
}

// The demo grown to 30 nodes prints one row per failing check ("es01,
// es02, +28", the reason and the fix once): at most 60 lines of at most 80
// columns on an 80-column terminal and in a pipe with COLUMNS=80. In a pipe
// without COLUMNS each row is one whole line for grep, and --verbose gives
// every node its line.
func TestThirtyNodeDemoTable(t *testing.T) {
	t.Parallel()
	inv := filepath.Join(thirtyNodeDemo(t), "essec.yaml")
	for _, tc := range []struct {
		name string
		tty  bool
		env  map[string]string
	}{
		{"terminal of 80 columns", true, map[string]string{"COLUMNS": "80"}},
		{"pipe with COLUMNS=80", false, map[string]string{"COLUMNS": "80"}},
		{"pipe", false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := auditTable(t, tc.tty, tc.env, inv)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			t.Logf("%d lines", len(lines))
			if len(lines) > 60 {
				t.Errorf("%d lines, want at most 60:\n%s", len(lines), out)
			}
			if tc.env["COLUMNS"] == "80" {
				for _, l := range lines {
					if n := utf8.RuneCountInString(l); n > 80 {
						t.Errorf("line of %d columns: %q", n, l)
					}
				}
			}
			if !strings.Contains(out, "BAS-01    es01, es02, +28") {
				t.Errorf("BAS-01 is not one row for the 30 nodes:\n%s", out)
			}
			for _, once := range []string{"xpack.security.transport.ssl.enabl", "essec fix --checks BAS-01"} {
				if n := strings.Count(out, once); n != 1 {
					t.Errorf("%q printed %d times, want once", once, n)
				}
			}
			if strings.ContainsAny(out, "│┌└─") {
				t.Errorf("box drawing:\n%s", out)
			}
			if tc.env == nil && !strings.Contains(out, `FAIL    critical BAS-01    es01, es02, +28: xpack.security.transport.ssl.enabled is "false" (elasticsearch.yml:24); expected "true"`+"\n") {
				t.Errorf("piped, BAS-01's row is not one whole line:\n%s", out)
			}
		})
	}
	verbose := auditTable(t, false, nil, inv, "--verbose")
	if !strings.Contains(verbose, "\nFAIL    critical BAS-01    es17: xpack.security.transport.ssl.enabled is \"false\"") {
		t.Errorf("--verbose in a pipe does not give es17's BAS-01 finding one line:\n%s", verbose)
	}
}
