package certs

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/binary"
	"strings"
	"testing"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"

	"github.com/essec-dev/essec/internal/collect/collecttest"
)

// buildJKS writes a JKS with one key entry (leaf + CA chain, key protected
// with keyPw) and the CA as a trusted entry, protected with storePw.
func buildJKS(t testing.TB, leaf, ca issued, storePw, keyPw string) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(leaf.key)
	if err != nil {
		t.Fatal(err)
	}
	ks := keystore.New()
	chain := []keystore.Certificate{{Type: "X509", Content: leaf.cert.Raw}, {Type: "X509", Content: ca.cert.Raw}}
	if err := ks.SetPrivateKeyEntry("es01", keystore.PrivateKeyEntry{CreationTime: testNow, PrivateKey: der, CertificateChain: chain}, []byte(keyPw)); err != nil {
		t.Fatal(err)
	}
	if err := ks.SetTrustedCertificateEntry("ca", keystore.TrustedCertificateEntry{CreationTime: testNow, Certificate: chain[1]}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ks.Store(&buf, []byte(storePw)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestJKS covers Java keystores, including damaged ones.
func TestJKS(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	leaf := issue(t, &ca, certOpts{})
	good := buildJKS(t, leaf, ca, "storepass", "storepass")
	huge := append([]byte{}, good...)
	binary.BigEndian.PutUint16(huge[16:], 0xFFFF) // first alias length past the end
	const ksPw = "xpack.security.transport.ssl.keystore.secure_password"
	tests := []struct {
		name      string
		file      []byte
		secrets   map[string]string
		product   string
		wantErr   string
		wantKey   bool
		wantCerts int
		wantFmt   string
	}{
		{name: "store password from the keystore", file: good, secrets: map[string]string{ksPw: "storepass"}, wantKey: true, wantCerts: 2, wantFmt: FormatJKS},
		{name: "separate key password", file: buildJKS(t, leaf, ca, "storepass", "keypass"),
			secrets: map[string]string{ksPw: "storepass", "xpack.security.transport.ssl.keystore.secure_key_password": "keypass"},
			wantKey: true, wantCerts: 2, wantFmt: FormatJKS},
		{name: "key password missing", file: buildJKS(t, leaf, ca, "storepass", "keypass"), secrets: map[string]string{ksPw: "storepass"},
			wantErr: "the key password from keystore (" + ksPw + ") does not open it", wantCerts: 2, wantFmt: FormatJKS},
		{name: "wrong store password", file: good, secrets: map[string]string{ksPw: "nope"},
			wantErr: "the JKS password from keystore (" + ksPw + ") does not open it", wantFmt: FormatJKS},
		{name: "truncated", file: good[:len(good)/2], secrets: map[string]string{ksPw: "storepass"}, wantErr: "malformed JKS", wantFmt: FormatJKS},
		{name: "length field past the end", file: huge, wantErr: "malformed JKS", wantFmt: FormatJKS},
		{name: "JCEKS", file: append([]byte{0xCE, 0xCE, 0xCE, 0xCE}, good[4:]...), wantErr: "JCEKS keystores are not supported", wantFmt: FormatUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			collecttest.WriteFile(t, dir, "node.jks", tt.file, 0o640)
			sec := &secrets{values: tt.secrets}
			mats, trust, _ := ForElasticsearch(context.Background(), Request{ConfigDir: dir, Now: testNow, Secret: sec.fn,
				Settings: settings("xpack.security.transport.ssl.keystore.path", "node.jks")})
			m := find(t, mats, "xpack.security.transport.ssl.keystore.path")
			if m.Format != tt.wantFmt || len(m.Certificates) != tt.wantCerts {
				t.Errorf("format %q certs %d, want %q %d", m.Format, len(m.Certificates), tt.wantFmt, tt.wantCerts)
			}
			if tt.wantErr == "" && m.Error != "" || !strings.Contains(m.Error, tt.wantErr) {
				t.Errorf("error = %q, want %q", m.Error, tt.wantErr)
			}
			if got := m.KeyMatchesCertificate != nil && *m.KeyMatchesCertificate; got != tt.wantKey {
				t.Errorf("key matches = %v, want %v", got, tt.wantKey)
			}
			if tt.wantKey && (len(trust) != 1 || !trust[0].Trusted) {
				t.Errorf("trust = %+v", trust)
			}
		})
	}
	t.Run("Kibana reads no JKS", func(t *testing.T) {
		dir := t.TempDir()
		collecttest.WriteFile(t, dir, "kb.jks", good, 0o640)
		sec := &secrets{values: map[string]string{"server.ssl.keystore.password": "storepass"}}
		mats, _, _ := ForKibana(context.Background(), Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: settings("server.ssl.keystore.path", "kb.jks")})
		if m := find(t, mats, "server.ssl.keystore.path"); !strings.Contains(m.Error, "Kibana reads PKCS#12 keystores only") {
			t.Errorf("error = %q", m.Error)
		}
	})
}
