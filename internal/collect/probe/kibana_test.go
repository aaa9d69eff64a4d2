package probe

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/fakees"
)

func TestKibanaWithSecurityHeaders(t *testing.T) {
	ca := fakees.NewCA(t, "kibana CA")
	s := fakees.NewKibana(t, fakees.KibanaOptions{SecurityHeaders: true}, fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	k := Kibana(ctx(t), s.URL, TLSOptions{CACert: ca.PEM()}, 5*time.Second)
	if !k.Reachable || k.Status != 200 || k.StatusAPIAnonymous != 401 || k.Error != "" {
		t.Fatalf("kibana %+v", k)
	}
	for _, h := range []string{"content-security-policy", "strict-transport-security", "x-frame-options",
		"x-content-type-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy"} {
		if k.Headers[h] == "" {
			t.Errorf("header %s missing from %v", h, k.Headers)
		}
	}
	if k.Headers["x-frame-options"] != "SAMEORIGIN" {
		t.Errorf("x-frame-options %q", k.Headers["x-frame-options"])
	}
	if k.TLS == nil || !k.TLS.SpeaksTLS || k.TLS.VerifyError != "" {
		t.Errorf("tls %+v", k.TLS)
	}
	for _, r := range s.Requests() {
		if r.Header.Get("Authorization") != "" || r.Method != http.MethodGet {
			t.Errorf("%s %s with Authorization %q", r.Method, r.Path, r.Header.Get("Authorization"))
		}
	}
}

func TestKibanaWithoutSecurityHeaders(t *testing.T) {
	s := fakees.NewKibana(t, fakees.KibanaOptions{AnonymousStatus: true})
	k := Kibana(ctx(t), s.URL+"/", TLSOptions{}, 5*time.Second)
	if !k.Reachable || k.Status != 200 || k.StatusAPIAnonymous != 200 || k.TLS != nil {
		t.Fatalf("kibana %+v", k)
	}
	for _, h := range []string{"content-security-policy", "strict-transport-security", "x-frame-options"} {
		if _, ok := k.Headers[h]; ok {
			t.Errorf("unexpected header %s", h)
		}
	}
	if k.Headers["kbn-name"] != "kb01" {
		t.Errorf("headers not lower-cased: %v", k.Headers)
	}
}

func TestKibanaLoginFallsBackToRoot(t *testing.T) {
	sc := fakees.Kibana(fakees.KibanaOptions{})
	delete(sc.Routes, "GET /login")
	s := fakees.New(t, sc)
	k := Kibana(ctx(t), s.URL, TLSOptions{}, 5*time.Second)
	if k.Status != http.StatusFound || k.Headers["location"] != "/login?next=%2F" {
		t.Errorf("redirect must be reported, not followed: %+v", k)
	}
}

func TestKibanaUntrusted(t *testing.T) {
	ca := fakees.NewCA(t, "kibana CA")
	s := fakees.NewKibana(t, fakees.KibanaOptions{SecurityHeaders: true}, fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	k := Kibana(ctx(t), s.URL, TLSOptions{}, 5*time.Second)
	if k.Reachable || k.Status != 0 || k.TLS == nil || k.TLS.VerifyError == "" {
		t.Fatalf("kibana %+v", k)
	}
	if want := "hint: " + HintTLSTrust; !contains(k.Error, want) {
		t.Errorf("error %q lacks %q", k.Error, want)
	}
	if k := Kibana(ctx(t), "kibana:5601", TLSOptions{}, time.Second); k.Error == "" {
		t.Error("URL without scheme accepted")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestKibanaURLWithCredentialsSendsNothing: the probes are unauthenticated;
// a URL with user:password@ (which Go's client would turn into Basic
// authentication) is refused without a request.
func TestKibanaURLWithCredentialsSendsNothing(t *testing.T) {
	s := fakees.NewKibana(t, fakees.KibanaOptions{})
	u := strings.Replace(s.URL, "://", "://elastic:Kb-s3cret@", 1)
	k := Kibana(ctx(t), u, TLSOptions{}, 5*time.Second)
	if k.Reachable || !contains(k.Error, "holds credentials") || contains(k.Error, "Kb-s3cret") {
		t.Errorf("kibana %+v", k)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
