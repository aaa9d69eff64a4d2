package certs

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Key material that could not be opened says precisely why (key_error),
// so that no check can take it for loadable.
func TestKeyErrorKinds(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	leaf := issue(t, &ca, certOpts{rsaBits: 1024})
	other := issue(t, &ca, certOpts{cn: "es02"})
	const pass = "Vy7-key-passphrase"
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(leaf.key)
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, pass)
	if err != nil {
		t.Fatal(err)
	}
	const keyPass, ksPass = "xpack.security.http.ssl.secure_key_passphrase", "xpack.security.http.ssl.keystore.secure_password"
	pemCase := func(key []byte) map[string][]byte {
		return map[string][]byte{"http.crt": certtest.CertPEM(leaf.cert), "http.key": key}
	}
	pemSettings := []string{"xpack.security.http.ssl.certificate", "http.crt", "xpack.security.http.ssl.key", "http.key"}
	p12Settings := []string{"xpack.security.http.ssl.keystore.path", "http.p12"}
	tests := []struct {
		name     string
		files    map[string][]byte
		settings []string
		secrets  map[string]string
		setting  string
		want     string
		wantMsg  string
	}{
		{"encrypted PEM key, no passphrase", pemCase(encryptPKCS8(t, pkcs8, pass, oidAES256CBC)), pemSettings, nil,
			"xpack.security.http.ssl.key", KeyErrorNoPassword, "no passphrase is configured"},
		{"encrypted PEM key, wrong passphrase", pemCase(encryptPKCS8(t, pkcs8, pass, oidAES256CBC)), pemSettings, map[string]string{keyPass: "nope"},
			"xpack.security.http.ssl.key", KeyErrorWrongPassword, "wrong password"},
		{"PEM key of another certificate", pemCase(certtest.KeyPEM(t, other.key)), pemSettings, nil,
			"xpack.security.http.ssl.key", KeyErrorMismatch, ""},
		{"PKCS#12, wrong password", map[string][]byte{"http.p12": p12}, p12Settings, map[string]string{ksPass: "nope"},
			"xpack.security.http.ssl.keystore.path", KeyErrorWrongPassword, "wrong password: the PKCS#12 password"},
		{"PKCS#12, password needed, none configured", map[string][]byte{"http.p12": p12}, p12Settings, nil,
			"xpack.security.http.ssl.keystore.path", KeyErrorNoPassword, "no password is configured"},
		{"PKCS#12, right password", map[string][]byte{"http.p12": p12}, p12Settings, map[string]string{ksPass: pass},
			"xpack.security.http.ssl.keystore.path", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				collecttest.WriteFile(t, dir, name, data, 0o600)
			}
			sec := &secrets{values: tt.secrets}
			req := Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: settings(tt.settings...)}
			mats, _, _ := ForElasticsearch(context.Background(), req)
			m := find(t, mats, tt.setting)
			if m.KeyError != tt.want {
				t.Errorf("key_error = %q, want %q (error %q)", m.KeyError, tt.want, m.Error)
			}
			if !strings.Contains(m.Error, tt.wantMsg) {
				t.Errorf("error = %q, want it to say %q", m.Error, tt.wantMsg)
			}
			if tt.want == KeyErrorNoPassword && m.KeyMatchesCertificate != nil {
				t.Errorf("key_matches_certificate = %v for a key that was not decrypted", *m.KeyMatchesCertificate)
			}
		})
	}
}

// A TLS path that is a device, a FIFO or a symlink loop is refused with its
// reason, never read, and never reported as missing.
func TestSpecialTLSPaths(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "ca.crt"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	loopA, loopB := filepath.Join(dir, "a.crt"), filepath.Join(dir, "b.crt")
	if err := os.Symlink(loopB, loopA); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(loopA, loopB); err != nil {
		t.Fatal(err)
	}
	req := Request{ConfigDir: dir, Now: testNow, Settings: settings(
		"xpack.security.http.ssl.certificate", "/dev/zero",
		"xpack.security.http.ssl.key", loopA,
		"xpack.security.http.ssl.certificate_authorities", "ca.crt")}
	mats, _, _ := ForElasticsearch(context.Background(), req)
	for setting, want := range map[string]string{
		"xpack.security.http.ssl.certificate":             "is a character device, not a regular file",
		"xpack.security.http.ssl.key":                     "symlink loop",
		"xpack.security.http.ssl.certificate_authorities": "is a FIFO, not a regular file",
	} {
		m := find(t, mats, setting)
		if !m.Exists || m.Readable || !strings.Contains(m.Error, want) {
			t.Errorf("%s: exists=%v readable=%v error=%q; want exists, unreadable, %q", setting, m.Exists, m.Readable, m.Error, want)
		}
	}
}

// A file behind a directory essec may not enter exists as far as anyone can
// tell: unreadable, with the reason, not "not found".
func TestPermissionDeniedIsNotMissing(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root enters a mode 000 directory; statError's wording is tested below")
	}
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	collecttest.WriteFile(t, certs, "http.crt", []byte("x"), 0o644)
	if err := os.Chmod(certs, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(certs, 0o755) })
	req := Request{ConfigDir: dir, Now: testNow, Settings: settings("xpack.security.http.ssl.certificate", "certs/http.crt")}
	mats, _, _ := ForElasticsearch(context.Background(), req)
	m := find(t, mats, "xpack.security.http.ssl.certificate")
	if !m.Exists || m.Readable || !strings.Contains(m.Error, "permission denied") {
		t.Errorf("exists=%v readable=%v error=%q", m.Exists, m.Readable, m.Error)
	}
}

func TestStatErrorWording(t *testing.T) {
	pe := func(e error) error { return &os.PathError{Op: "stat", Path: "/x", Err: e} }
	for err, want := range map[error]string{
		pe(syscall.ENOENT): "not found",
		pe(syscall.EACCES): "permission denied (essec cannot reach the file: a directory on its path is closed to it)",
		pe(syscall.ELOOP):  "cannot stat: too many levels of symbolic links (a symlink loop)",
	} {
		if got := statError(err); got != want {
			t.Errorf("statError(%v) = %q, want %q", err, got, want)
		}
	}
}
