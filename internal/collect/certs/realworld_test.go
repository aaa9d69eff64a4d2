package certs

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/sharedtest"
)

// manifestClock is the clock the manifest judged expiry with.
var manifestClock = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// manifestFile is one TLS file row of manifest.md.
type manifestFile struct {
	set, path, desc string
}

var (
	rowRE     = regexp.MustCompile("^\\| `([^`]+)` \\| \\d+ \\| (.*) \\|$")
	literalRE = regexp.MustCompile("password literal in [^(]+\\(`?(?:password: \"?|PASSWORD=)([^\"`)]+)")
	ksEntryRE = regexp.MustCompile(`password = value of keystore (\S+) entry (\S+)`)
)

// readManifest returns ../shared/realworld, which holds real files from
// public repositories (see its README), and the PEM, PKCS#12 and JKS rows
// of its manifest.md.
func readManifest(t *testing.T) (realworldDir string, files []manifestFile) {
	t.Helper()
	realworldDir = sharedtest.Dir(t, "realworld")
	f, err := os.Open(filepath.Join(realworldDir, "manifest.md"))
	if err != nil {
		t.Skipf("no real-world corpus: %v", err)
	}
	defer f.Close()
	set := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if s, ok := strings.CutPrefix(line, "## "); ok {
			set = s
			continue
		}
		m := rowRE.FindStringSubmatch(line)
		if m == nil || !strings.Contains(set, "__") {
			continue
		}
		if d := m[2]; strings.HasPrefix(d, "PKCS#12") || strings.HasPrefix(d, "PEM:") || strings.HasPrefix(d, "Java KeyStore") {
			files = append(files, manifestFile{set: set, path: m[1], desc: d})
		}
	}
	return realworldDir, files
}

// manifestPassword returns the password the manifest records for a file:
// a literal, a keystore entry (read with the keystore package), or empty.
// known is false when the manifest says the password is unknown.
func manifestPassword(t *testing.T, realworldDir string, f manifestFile) (pw []byte, known bool) {
	t.Helper()
	if m := literalRE.FindStringSubmatch(f.desc); m != nil {
		return []byte(m[1]), true
	}
	if m := ksEntryRE.FindStringSubmatch(f.desc); m != nil {
		return keystoreValue(t, filepath.Join(realworldDir, f.set, m[1]), m[2]), true
	}
	return nil, !strings.Contains(f.desc, "password unknown")
}

// keystoreValue reads one entry of an unprotected elasticsearch.keystore.
func keystoreValue(t *testing.T, p, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, sec, err := keystore.ParseElasticsearch(data, nil)
	if err != nil {
		t.Fatalf("keystore %s: %v", p, err)
	}
	v, ok := sec.Get(name)
	if !ok {
		t.Fatalf("keystore %s has no %s", p, name)
	}
	return v
}

// TestRealWorldFiles opens every certificate file the manifest lists with
// the password it records (PKCS#12 files with an unknown password must
// fail with ErrWrongPassword), then feeds every file of the corpus to the
// parsers to show that none makes them fail hard.
func TestRealWorldFiles(t *testing.T) {
	realworldDir, files := readManifest(t)
	if len(files) < 80 {
		t.Fatalf("manifest parse found only %d files", len(files))
	}
	for _, f := range files {
		t.Run(f.set+"/"+f.path, func(t *testing.T) {
			pw, known := manifestPassword(t, realworldDir, f)
			m, err := InspectMaterial(context.Background(), filepath.Join(realworldDir, f.set, f.path), pw)
			if !known {
				if !errors.Is(err, ErrWrongPassword) {
					t.Errorf("unknown password: err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("does not open: %v", err)
			}
			ev := m.Evidence
			wantKey := strings.Contains(f.desc, "PRIVATE KEY") || strings.Contains(f.desc, "PrivateKeyEntry") ||
				strings.Contains(f.desc, "private key(s)") && !strings.Contains(f.desc, "0 private key")
			wantCert := !strings.HasPrefix(f.desc, "PEM: RSA PRIVATE KEY") && !strings.HasPrefix(f.desc, "PEM: PRIVATE KEY RSA-3072 unencrypted |")
			if ev.HasPrivateKey != wantKey || wantCert && len(ev.Certificates) == 0 {
				t.Errorf("key %v (want %v), %d certificates: %s", ev.HasPrivateKey, wantKey, len(ev.Certificates), f.desc)
			}
			public := 0
			for _, c := range ev.Certificates {
				if c.WellKnownCA {
					public++
				}
			}
			if lets := strings.Contains(f.desc, "Let's Encrypt"); lets != (public > 0) {
				t.Errorf("%d certificates marked well_known_ca; Let's Encrypt in the file: %v", public, lets)
			}
			if ev.HasPrivateKey && len(ev.Certificates) > 0 && (ev.KeyMatchesCertificate == nil || ev.Format != FormatPEM && !*ev.KeyMatchesCertificate) {
				t.Errorf("keystore key does not match its leaf")
			}
		})
	}
	t.Run("every file parses without failing hard", func(t *testing.T) {
		err := filepath.WalkDir(realworldDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			c := parseContentNoRecover(data, &password{source: "none"})
			for _, pr := range c.problems {
				if strings.Contains(pr, "parser failed") {
					t.Errorf("%s: %s", p, pr)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// parseContentNoRecover is parseContent without the panic guard, so that
// a parser panic fails the test instead of becoming evidence.
func parseContentNoRecover(data []byte, pw *password) content {
	switch sniff(data) {
	case FormatPEM:
		return parsePEM(data, pw)
	case FormatPKCS12:
		return openPKCS12(data, pw)
	case FormatJKS:
		return openJKS(data, pw, nil)
	}
	return content{}
}

// TestRealWorldAutoConfig collects the auto-configured sets the way the
// orchestrator will: settings of the 8.x auto-configuration block, passwords
// from the node's keystore, and Kibana's http_ca.crt against the HTTP leaf.
// The expected results are the manifest's "Chain checks".
func TestRealWorldAutoConfig(t *testing.T) {
	realworldDir, files := readManifest(t)
	sets := 0
	for _, f := range files {
		m := ksEntryRE.FindStringSubmatch(f.desc)
		if m == nil || path.Base(f.path) != "http.p12" {
			continue
		}
		sets++
		confDir := filepath.Join(realworldDir, f.set, path.Dir(m[1]))
		ksPath := filepath.Join(realworldDir, f.set, m[1])
		t.Run(f.set, func(t *testing.T) {
			secret := func(name string) ([]byte, string, bool) {
				if !strings.HasSuffix(name, "secure_password") {
					return nil, "", false
				}
				data, err := os.ReadFile(ksPath)
				if err != nil {
					return nil, "", false
				}
				_, sec, err := keystore.ParseElasticsearch(data, nil)
				if err != nil {
					return nil, "", false
				}
				v, ok := sec.Get(name)
				return v, "keystore", ok
			}
			req := Request{ConfigDir: confDir, Now: manifestClock, Secret: secret, Settings: settings(
				"xpack.security.http.ssl.keystore.path", "certs/http.p12",
				"xpack.security.transport.ssl.keystore.path", "certs/transport.p12",
				"xpack.security.transport.ssl.truststore.path", "certs/transport.p12",
			)}
			es := CollectElasticsearch(context.Background(), req)
			for _, m := range es.Materials {
				if m.Evidence.Error != "" || m.Evidence.PasswordSource != "keystore" || len(m.Certificates) < 2 {
					t.Errorf("%s: %+v", m.Evidence.Setting, m.Evidence)
				}
			}
			for _, ctx := range []string{ContextHTTP, ContextTransport} {
				if tr := trustFor(t, es.Trust, ctx); !tr.Trusted {
					t.Errorf("%s not trusted: %+v", ctx, tr)
				}
			}
			ca, err := LoadPEMCertificates(context.Background(), filepath.Join(confDir, "certs/http_ca.crt"))
			if err != nil {
				t.Fatal(err)
			}
			httpChain, _ := es.LeafChain(ContextHTTP)
			transportChain, _ := es.LeafChain(ContextTransport)
			if r := Judge(ContextKibanaElasticsearch, ca, httpChain, manifestClock); !r.Trusted {
				t.Errorf("http_ca.crt must sign the HTTP leaf: %+v", r)
			}
			if r := Judge(ContextKibanaElasticsearch, ca, transportChain, manifestClock); r.Trusted {
				t.Errorf("http_ca.crt must not sign the transport leaf: %+v", r)
			}
		})
	}
	if sets < 5 {
		t.Errorf("only %d auto-configured sets found", sets)
	}
}
