package certs

import (
	"bytes"
	"crypto/x509"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

func TestIssueLikeCertutil(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	ca, err := NewCA(nil, now, 2048, "essec test CA", 3*365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Cert.IsCA || ca.Cert.KeyUsage&x509.KeyUsageCertSign == 0 || ca.Cert.KeyUsage&x509.KeyUsageCRLSign == 0 {
		t.Errorf("CA flags/key usage wrong: %+v", ca.Cert.KeyUsage)
	}
	if !ca.Cert.NotBefore.Equal(now.Add(-Backdate)) {
		t.Errorf("not backdated: %v", ca.Cert.NotBefore)
	}
	leaf, err := ca.Issue(nil, now, LeafOptions{CN: "es01", DNS: []string{"es01", "localhost"}, IPs: []net.IP{net.ParseIP("10.0.0.1")}, Client: true, Bits: 2048, Validity: 365 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(leaf.Cert.AuthorityKeyId, ca.Cert.SubjectKeyId) {
		t.Error("leaf AKI differs from CA SKI")
	}
	if len(leaf.Cert.ExtKeyUsage) != 2 {
		t.Errorf("EKU = %v, want serverAuth+clientAuth", leaf.Cert.ExtKeyUsage)
	}
	if leaf.Cert.SerialNumber.BitLen() < 64 {
		t.Errorf("serial too short")
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	if _, err := leaf.Cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: "es01", CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Errorf("leaf does not verify: %v", err)
	}
	p12, err := leaf.PKCS12(ca, "pw123")
	if err != nil {
		t.Fatal(err)
	}
	key, cert, chain, err := pkcs12.DecodeChain(p12, "pw123")
	if err != nil || key == nil || !cert.Equal(leaf.Cert) || len(chain) != 1 {
		t.Fatalf("decode: %v", err)
	}
	// The stores must be readable by the tools Elastic users have.
	dir := t.TempDir()
	path := filepath.Join(dir, "node.p12")
	os.WriteFile(path, p12, 0o600)
	if _, err := exec.LookPath("openssl"); err == nil {
		out, err := exec.Command("openssl", "pkcs12", "-in", path, "-info", "-noout", "-passin", "pass:pw123").CombinedOutput()
		if err != nil {
			t.Errorf("openssl pkcs12 refuses the store: %v\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("keytool"); err == nil {
		out, err := exec.Command("keytool", "-list", "-storetype", "PKCS12", "-keystore", path, "-storepass", "pw123").CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("PrivateKeyEntry")) {
			t.Errorf("keytool: %v\n%s", err, out)
		}
	}
}
