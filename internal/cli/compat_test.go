package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// run executes essec in-process and returns its exit code and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return runWith(t, "", env, args...)
}

// runWith executes essec in-process with stdin and environment.
func runWith(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	d := &cli.Deps{
		IO: &cli.IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut,
			Getenv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }},
		Build:    cli.BuildInfo{Version: "test"},
		Now:      func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
		Secrets:  &redact.Secrets{},
		Policies: testPolicies,
	}
	code := cli.Execute(context.Background(), d, args)
	return code, out.String(), errOut.String()
}

// TestCorpusCompatibility audits every file of ../shared/corpus: each is
// audited (exit 0, 1 or 3) or refused with exit 2 and a message; no panic.
func TestCorpusCompatibility(t *testing.T) {
	if testing.Short() {
		t.Skip("long compatibility test")
	}
	dir := filepath.Join(sharedtest.Dir(t, "corpus"), "files")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 96 {
		t.Errorf("corpus has %d files, want 96", len(entries))
	}
	var mu sync.Mutex
	audited, refused := 0, 0
	// The group returns once its parallel subtests (one per file) are done.
	t.Run("files", func(t *testing.T) {
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			t.Run(e.Name(), func(t *testing.T) {
				t.Parallel()
				code, out, errOut := run(t, nil, "audit", path, "--format", "json", "--es-version", "8.15.0")
				mu.Lock()
				defer mu.Unlock()
				switch code {
				case 0, 1, 3:
					audited++
					if !strings.Contains(out, `"schema_version": 1`) {
						t.Errorf("exit %d but no JSON report:\n%s", code, errOut)
					}
				case 2:
					refused++
					if !strings.Contains(errOut, "essec: error:") {
						t.Errorf("exit 2 without a message: %q", errOut)
					}
				default:
					t.Errorf("exit %d: %s", code, errOut)
				}
			})
		}
	})
	t.Logf("corpus: %d audited, %d refused", audited, refused)
	if audited < 80 {
		t.Errorf("only %d of %d corpus files were audited", audited, len(entries))
	}
}

// TestRealworldCompatibility audits every config directory under
// ../shared/realworld; every set with certificates reports certificate
// findings.
func TestRealworldCompatibility(t *testing.T) {
	if testing.Short() {
		t.Skip("long compatibility test")
	}
	root := sharedtest.Dir(t, "realworld")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, nil, "audit", dir, "--format", "json")
			switch code {
			case 0, 1, 3:
				if hasCertificates(dir) && !strings.Contains(out, `"kind": "certificate"`) && !strings.Contains(out, "HARD-06") {
					t.Errorf("a set with certificates reports no certificate finding")
				}
			case 2:
				if !strings.Contains(errOut, "essec: error:") {
					t.Errorf("exit 2 without a message: %q", errOut)
				}
				t.Logf("refused: %s", strings.TrimSpace(errOut))
			default:
				t.Errorf("exit %d: %s", code, errOut)
			}
		})
	}
}

// hasCertificates reports whether a config file of the set names
// certificate material that exists in the set.
func hasCertificates(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		base := filepath.Base(p)
		if base != "elasticsearch.yml" && base != "kibana.yml" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for _, line := range strings.Split(string(data), "\n") {
			l := strings.TrimSpace(line)
			if strings.HasPrefix(l, "#") {
				continue
			}
			for _, ext := range []string{".p12", ".crt", ".pem"} {
				if i := strings.Index(l, ext); i > 0 {
					f := strings.Trim(strings.TrimSpace(l[strings.LastIndex(l[:i], " ")+1:i+len(ext)]), "\"'[")
					if _, err := os.Stat(filepath.Join(filepath.Dir(p), f)); err == nil {
						found = true
					}
				}
			}
		}
		return nil
	})
	return found
}
