package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/fakees"
)

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestTLSProbeVersions(t *testing.T) {
	ca := fakees.NewCA(t, "probe CA")
	tests := []struct {
		name       string
		minVersion uint16
		want10     bool
		want11     bool
	}{
		{"modern", 0, false, false},
		{"legacy accepted", tls.VersionTLS10, true, true},
		{"1.1 and up", tls.VersionTLS11, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakees.New(t, fakees.Kibana(fakees.KibanaOptions{}), fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, tt.minVersion)))
			p := TLS(ctx(t), s.URL, TLSOptions{CACert: ca.PEM()})
			if !p.SpeaksTLS || p.Error != "" || p.VerifyError != "" || p.Version != "TLS 1.3" {
				t.Fatalf("probe %+v", p)
			}
			if p.AcceptsTLS10 == nil || *p.AcceptsTLS10 != tt.want10 || p.AcceptsTLS11 == nil || *p.AcceptsTLS11 != tt.want11 {
				t.Errorf("tls1.0 %v tls1.1 %v, want %v %v", deref(p.AcceptsTLS10), deref(p.AcceptsTLS11), tt.want10, tt.want11)
			}
			if p.PlainHTTPAnswered == nil || *p.PlainHTTPAnswered {
				t.Errorf("plain HTTP answered %v", p.PlainHTTPAnswered)
			}
			if len(p.Certificates) != 2 || p.Certificates[1].Subject != "CN=probe CA" || !p.Certificates[1].IsCA {
				t.Errorf("chain %+v", p.Certificates)
			}
		})
	}
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func TestTLSProbeVerification(t *testing.T) {
	ca := fakees.NewCA(t, "probe CA")
	s := fakees.New(t, fakees.Kibana(fakees.KibanaOptions{}), fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{DNSNames: []string{"es01.example"}}, 0)))
	sum := sha256.Sum256(ca.Cert.Raw)
	caPin := strings.ToUpper(hex.EncodeToString(sum[:]))
	tests := []struct {
		name string
		opts TLSOptions
		want string // substring of VerifyError; "" = verified
	}{
		{"system roots", TLSOptions{}, "x509:"},
		{"right CA", TLSOptions{CACert: ca.PEM()}, ""},
		{"other CA", TLSOptions{CACert: fakees.NewCA(t, "other").PEM()}, "unknown authority"},
		{"CA pin", TLSOptions{CAFingerprint: caPin}, ""},
		{"wrong pin", TLSOptions{CAFingerprint: strings.Repeat("0", 64)}, "fingerprint mismatch"},
		{"insecure still reports", TLSOptions{Insecure: true}, "x509:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := TLS(ctx(t), s.URL, tt.opts)
			if !p.SpeaksTLS {
				t.Fatalf("probe %+v", p)
			}
			if (tt.want == "") != (p.VerifyError == "") || !strings.Contains(p.VerifyError, tt.want) {
				t.Errorf("verify error %q, want %q", p.VerifyError, tt.want)
			}
		})
	}
	// Host name checks apply: the certificate names es01.example, not localhost.
	host := strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
	if p := TLS(ctx(t), host, TLSOptions{CACert: ca.PEM()}); !strings.Contains(p.VerifyError, "localhost") {
		t.Errorf("host name mismatch not reported: %q", p.VerifyError)
	}
}

func TestTLSProbePlainPort(t *testing.T) {
	s := fakees.New(t, fakees.Open7x(t))
	p := TLS(ctx(t), s.URL, TLSOptions{})
	if p.SpeaksTLS || p.Error != "" || p.PlainHTTPAnswered == nil || !*p.PlainHTTPAnswered || p.AcceptsTLS10 != nil {
		t.Errorf("http URL: %+v", p)
	}
	https := strings.Replace(s.URL, "http://", "https://", 1)
	p = TLS(ctx(t), https, TLSOptions{})
	if p.SpeaksTLS || !strings.Contains(p.Error, HintNotTLS) {
		t.Errorf("https URL on a plain port: %+v", p)
	}
	if p := TLS(ctx(t), s.Addr(), TLSOptions{}); p.SpeaksTLS || p.Error != "" {
		t.Errorf("host:port: %+v", p)
	}
}

func TestTLSProbeRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := TLS(ctx(t), "https://"+addr, TLSOptions{})
	if p.SpeaksTLS || !strings.Contains(p.Error, "refused") || p.PlainHTTPAnswered != nil || p.AcceptsTLS10 != nil {
		t.Errorf("refused: %+v", p)
	}
	if p := TLS(ctx(t), "not a url", TLSOptions{}); p.Error == "" {
		t.Error("bad endpoint accepted")
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	want := strings.Repeat("ab", 32)
	for _, in := range []string{want, strings.ToUpper(want), "AB" + strings.Repeat(":AB", 31), " " + want + " "} {
		got, err := NormalizeFingerprint(in)
		if err != nil || got != want {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "ab:cd", strings.Repeat("g", 64), strings.Repeat("ab", 33)} {
		if _, err := NormalizeFingerprint(in); err == nil {
			t.Errorf("NormalizeFingerprint(%q) accepted", in)
		}
	}
}

func TestClientConfig(t *testing.T) {
	if _, err := (TLSOptions{CACert: []byte("junk")}).ClientConfig(); err == nil {
		t.Error("junk CA accepted")
	}
	cfg, err := (TLSOptions{Insecure: true}).ClientConfig()
	if err != nil || !cfg.InsecureSkipVerify {
		t.Errorf("insecure: %v %v", cfg, err)
	}
	cfg, err = (TLSOptions{}).ClientConfig()
	if err != nil || cfg.InsecureSkipVerify || cfg.RootCAs != nil {
		t.Errorf("default must verify against the system roots: %+v %v", cfg, err)
	}
}
