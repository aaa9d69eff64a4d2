package probe

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

// pinServer serves TLS with the given certificate chain and counts the
// requests that carried an Authorization header.
func pinServer(t *testing.T, cert tls.Certificate) (url string, authSeen *atomic.Int32) {
	t.Helper()
	authSeen = &atomic.Int32{}
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			authSeen.Add(1)
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.StartTLS()
	t.Cleanup(s.Close)
	return s.URL, authSeen
}

func pinOf(der []byte) string {
	sum := sha256.Sum256(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// TestPinnedFingerprintRefusesAppendedCA reproduces the man in the middle of
// issue 9: a self-signed certificate followed by the (public) real CA
// certificate. The pin names the real CA, so the chain must verify against
// it, and no credential may reach the server.
func TestPinnedFingerprintRefusesAppendedCA(t *testing.T) {
	ca := fakees.NewCA(t, "real CA")
	good := ca.Issue(t, fakees.LeafOptions{})
	good.Certificate = append(good.Certificate, ca.Cert.Raw)
	mitm := fakees.SelfSigned(t, fakees.LeafOptions{})
	mitm.Certificate = append(mitm.Certificate, ca.Cert.Raw)
	selfSigned := fakees.SelfSigned(t, fakees.LeafOptions{})
	otherName := ca.Issue(t, fakees.LeafOptions{DNSNames: []string{"es01.example"}})
	otherName.Certificate = append(otherName.Certificate, ca.Cert.Raw)
	leafOnly := ca.Issue(t, fakees.LeafOptions{})

	tests := []struct {
		name    string
		cert    tls.Certificate
		pin     string
		host    string // replaces 127.0.0.1 in the URL
		wantErr string // "" = the request goes through
	}{
		{"appended CA (MITM)", mitm, pinOf(ca.Cert.Raw), "", "does not verify against it"},
		{"correct chain", good, pinOf(ca.Cert.Raw), "", ""},
		{"correct chain by name", good, pinOf(ca.Cert.Raw), "localhost", ""},
		{"pinned self-signed leaf", selfSigned, pinOf(selfSigned.Certificate[0]), "", ""},
		{"pinned leaf of a chain", good, pinOf(good.Certificate[0]), "", ""},
		{"wrong host name", otherName, pinOf(ca.Cert.Raw), "localhost", "localhost"},
		{"CA not presented", leafOnly, pinOf(ca.Cert.Raw), "", "fingerprint mismatch"},
		{"pin of the MITM's leaf is not the real one", good, pinOf(mitm.Certificate[0]), "", "fingerprint mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, authSeen := pinServer(t, tt.cert)
			if tt.host != "" {
				url = strings.Replace(url, "127.0.0.1", tt.host, 1)
			}
			opts := TLSOptions{CAFingerprint: tt.pin}
			cfg, err := opts.ClientConfig()
			if err != nil {
				t.Fatal(err)
			}
			client := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
			defer client.CloseIdleConnections()
			req, _ := http.NewRequestWithContext(ctx(t), http.MethodGet, url+"/", nil)
			req.SetBasicAuth("auditor", "s3cret-password")
			res, err := client.Do(req)
			if err == nil {
				res.Body.Close()
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("refused a trusted chain: %v", err)
				}
				if authSeen.Load() != 1 {
					t.Errorf("server saw %d authenticated requests, want 1", authSeen.Load())
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
				}
				if n := authSeen.Load(); n != 0 {
					t.Errorf("the Authorization header reached the server %d times", n)
				}
				if isTLS, hint := TLSError(err); !isTLS || hint != HintTLSTrust {
					t.Errorf("TLSError(%v) = %v %q", err, isTLS, hint)
				}
			}
			// The probe's verdict agrees with the connection's.
			p := TLS(ctx(t), url, opts)
			if (p.VerifyError == "") != (tt.wantErr == "") {
				t.Errorf("probe verify error %q, want error %v", p.VerifyError, tt.wantErr != "")
			}
		})
	}
}
