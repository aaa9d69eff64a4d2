package certs

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/collect/collecttest"
)

// TestPKCS12Keystore runs PKCS#12 keystores and truststores through the
// HTTP context with passwords from the secret function.
func TestPKCS12Keystore(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Elasticsearch security auto-configuration HTTP CA", isCA: true, rsaBits: 2048})
	leaf := issue(t, &ca, certOpts{cn: "es01", rsaBits: 2048})
	const pw = "Vy7-keystore-password"
	encode := func(enc *gopkcs12.Encoder, password string) []byte {
		data, err := enc.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, password)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	trustStore, err := gopkcs12.Modern.WithRand(rand.Reader).EncodeTrustStore([]*x509.Certificate{ca.cert}, pw)
	if err != nil {
		t.Fatal(err)
	}
	const ksPw, tsPw = "xpack.security.http.ssl.keystore.secure_password", "xpack.security.http.ssl.truststore.secure_password"
	tests := []struct {
		name       string
		file       []byte
		role       string // keystore (default) or truststore
		secrets    map[string]string
		source     string
		wantErr    string
		wantSource string
		wantKey    bool
		wantCerts  int
		wantTrust  bool
	}{
		{name: "modern PBES2, password from the keystore", file: encode(gopkcs12.Modern, pw), secrets: map[string]string{ksPw: pw},
			wantSource: "keystore", wantKey: true, wantCerts: 2, wantTrust: true},
		{name: "legacy RC2/3DES, deprecated YAML password", file: encode(gopkcs12.LegacyRC2, pw), source: "yaml",
			secrets: map[string]string{"xpack.security.http.ssl.keystore.password": pw}, wantSource: "yaml", wantKey: true, wantCerts: 2, wantTrust: true},
		{name: "wrong password", file: encode(gopkcs12.Modern, pw), secrets: map[string]string{ksPw: "wrong"},
			wantErr: "the PKCS#12 password from keystore (" + ksPw + ") does not open it"},
		{name: "empty password, none configured", file: encode(gopkcs12.Modern, ""), wantSource: "none", wantKey: true, wantCerts: 2, wantTrust: true},
		{name: "configured password but the file has none", file: encode(gopkcs12.LegacyDES, ""), secrets: map[string]string{ksPw: pw},
			wantErr: "does not open it (the empty password does)", wantSource: "none", wantKey: true, wantCerts: 2, wantTrust: true},
		{name: "password needed but none configured", file: encode(gopkcs12.Modern, pw), wantErr: "no password is configured and the empty password does not open it"},
		{name: "truststore with certificates only", file: trustStore, role: "truststore", secrets: map[string]string{tsPw: pw}, wantSource: "keystore", wantCerts: 1},
		{name: "truststore given as keystore", file: trustStore, secrets: map[string]string{ksPw: pw}, wantSource: "keystore", wantCerts: 1, wantErr: "no private key in keystore"},
		{name: "auto-configured http.p12 with two keys", file: buildPFX(t, pw, []crypto.Signer{ca.key, leaf.key}, []*x509.Certificate{ca.cert, leaf.cert, ca.cert}),
			secrets: map[string]string{ksPw: pw}, wantSource: "keystore", wantKey: true, wantCerts: 2, wantTrust: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			collecttest.WriteFile(t, dir, "certs/http.p12", tt.file, 0o660)
			role := tt.role
			if role == "" {
				role = "keystore"
			}
			setting := "xpack.security.http.ssl." + role + ".path"
			sec := &secrets{values: tt.secrets, source: tt.source}
			mats, trust, _ := ForElasticsearch(context.Background(), Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: settings(setting, "certs/http.p12")})
			m := find(t, mats, setting)
			if m.Format != FormatPKCS12 || m.Role != role || m.Context != ContextHTTP {
				t.Errorf("format/role/context = %s/%s/%s", m.Format, m.Role, m.Context)
			}
			if tt.wantErr == "" && m.Error != "" || !strings.Contains(m.Error, tt.wantErr) {
				t.Errorf("error = %q, want %q", m.Error, tt.wantErr)
			}
			if m.PasswordSource != tt.wantSource || m.HasPrivateKey != tt.wantKey || len(m.Certificates) != tt.wantCerts {
				t.Errorf("source %q key %v certs %d; want %q %v %d", m.PasswordSource, m.HasPrivateKey, len(m.Certificates), tt.wantSource, tt.wantKey, tt.wantCerts)
			}
			if tt.wantKey {
				if m.KeyMatchesCertificate == nil || !*m.KeyMatchesCertificate || m.Certificates[0].Subject != "CN=es01" || !m.Certificates[0].HasPrivateKey {
					t.Errorf("the keyed leaf must come first: %+v", m.Certificates)
				}
			}
			if tt.wantTrust != (len(trust) == 1 && trust[0].Trusted) {
				t.Errorf("trust = %+v, want trusted %v", trust, tt.wantTrust)
			}
			doc, _ := json.Marshal(mats)
			if strings.Contains(string(doc), pw) {
				t.Errorf("the password leaked into the evidence")
			}
		})
	}
}

// TestDecodePFX checks the fallback PKCS#12 reader against go-pkcs12's
// encoder, so that its KDF, MAC and ciphers are the standard ones.
func TestDecodePFX(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "CA", isCA: true})
	leaf := issue(t, &ca, certOpts{})
	chain := []*x509.Certificate{ca.cert}
	tests := []struct {
		name    string
		enc     *gopkcs12.Encoder
		pw      string
		try     string
		wantErr error
	}{
		{name: "modern", enc: gopkcs12.Modern, pw: "pässwörd", try: "pässwörd"},
		{name: "modern, empty password", enc: gopkcs12.Modern, pw: "", try: ""},
		{name: "legacy 3DES", enc: gopkcs12.LegacyDES, pw: "changeme", try: "changeme"},
		{name: "legacy RC2 is left to go-pkcs12", enc: gopkcs12.LegacyRC2, pw: "changeme", try: "changeme", wantErr: ErrUnsupported},
		{name: "wrong password", enc: gopkcs12.Modern, pw: "changeme", try: "other", wantErr: ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.enc.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, chain, tt.pw)
			if err != nil {
				t.Fatal(err)
			}
			certs, keys, err := decodePFX(data, []byte(tt.try))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && (len(certs) != 2 || len(keys) != 1 || !samePublicKey(keys[0], leaf.cert.PublicKey)) {
				t.Errorf("got %d certs, %d keys", len(certs), len(keys))
			}
		})
	}
	t.Run("go-pkcs12 reads what the test builder writes", func(t *testing.T) {
		data := buildPFX(t, "pw", []crypto.Signer{leaf.key}, []*x509.Certificate{leaf.cert, ca.cert})
		if _, c, _, err := gopkcs12.DecodeChain(data, "pw"); err != nil || !c.Equal(leaf.cert) {
			t.Fatalf("DecodeChain: %v", err)
		}
	})
}

// TestUnreadableTruststore keeps the keystore's CA from standing in for a
// configured truststore that cannot be read.
func TestUnreadableTruststore(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "CA", isCA: true})
	leaf := issue(t, &ca, certOpts{})
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	collecttest.WriteFile(t, dir, "t.p12", p12, 0o600)
	for _, tc := range []struct {
		truststore string
		want       int
	}{{"", 1}, {"missing.p12", 0}, {"t.p12", 1}} {
		s := settings("xpack.security.transport.ssl.keystore.path", "t.p12")
		if tc.truststore != "" {
			s["xpack.security.transport.ssl.truststore.path"] = settings("x", tc.truststore)["x"]
		}
		_, trust, _ := ForElasticsearch(context.Background(), Request{ConfigDir: dir, Now: testNow, Settings: s})
		if len(trust) != tc.want || tc.want == 1 && (!trust[0].Trusted || strings.Contains(trust[0].Reason, "leaf itself")) {
			t.Errorf("truststore %q: trust = %+v", tc.truststore, trust)
		}
	}
}
