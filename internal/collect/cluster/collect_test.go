package cluster

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/fakees"
)

func TestCollectSecured8x(t *testing.T) {
	s, opts, _ := tlsFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	c := collect(t, withBasic(opts))

	if !c.Reachable || c.Error != "" || c.Endpoint != s.URL {
		t.Fatalf("reachable %v, error %q, endpoint %q", c.Reachable, c.Error, c.Endpoint)
	}
	wantClass(t, c, "", allCalls()...)
	if got := c.Calls["cluster_settings"].Path; got != "/_cluster/settings?include_defaults=true&flat_settings=true" {
		t.Errorf("cluster_settings path %q", got)
	}
	root := c.Bodies["root"].(map[string]any)
	if v := root["version"].(map[string]any)["number"]; v != "8.12.1" {
		t.Errorf("root version %v", v)
	}
	if _, ok := c.Bodies["ssl_certificates"].([]any); !ok {
		t.Errorf("ssl_certificates body is %T, want a list", c.Bodies["ssl_certificates"])
	}
	a := c.Auth
	if a.Kind != "basic" || a.Username != "elastic" || !a.Superuser || a.Insecure || len(a.Roles) != 1 {
		t.Errorf("auth %+v", a)
	}
	if len(c.Anonymous) != 2 {
		t.Fatalf("%d anonymous probes, want 2", len(c.Anonymous))
	}
	for _, p := range c.Anonymous {
		if p.Status != http.StatusUnauthorized || !contains(p.WWWAuthenticate, `Basic realm="security"`) || p.Body != nil {
			t.Errorf("anonymous %+v", p)
		}
	}
	if len(c.TLS) != 1 {
		t.Fatalf("%d TLS probes", len(c.TLS))
	}
	tp := c.TLS[0]
	if !tp.SpeaksTLS || tp.Version != "TLS 1.3" || tp.VerifyError != "" || len(tp.Certificates) != 2 {
		t.Errorf("tls probe %+v", tp)
	}
	if tp.AcceptsTLS10 == nil || *tp.AcceptsTLS10 || tp.AcceptsTLS11 == nil || *tp.AcceptsTLS11 {
		t.Errorf("legacy TLS accepted: %v %v", tp.AcceptsTLS10, tp.AcceptsTLS11)
	}
	if tp.PlainHTTPAnswered == nil || *tp.PlainHTTPAnswered {
		t.Errorf("plain http answered: %v", tp.PlainHTTPAnswered)
	}
	for _, r := range s.Requests() {
		if r.Header.Get("X-Elastic-Client-Meta") != "" {
			t.Errorf("meta header sent on %s", r.Path)
		}
	}
	if _, err := json.Marshal(c); err != nil {
		t.Errorf("cluster does not marshal: %v", err)
	}
}

func TestCollectOpen7x(t *testing.T) {
	_, opts, _ := plainFake(t, fakees.Open7x(t))
	c := collect(t, opts)
	if !c.Reachable || c.Auth.Kind != "none" || c.Auth.Superuser {
		t.Fatalf("reachable %v auth %+v", c.Reachable, c.Auth)
	}
	wantClass(t, c, ClassSecurityDisabled, securityCalls()...)
	wantClass(t, c, "", otherCalls()...)
	if got := c.Calls["users"]; got.Status != 500 || !contains(got.Error, "Security must be explicitly enabled") {
		t.Errorf("users call %+v", got)
	}
	if c.Anonymous[0].Status != 200 || c.Anonymous[0].Body == nil {
		t.Errorf("anonymous GET / %+v", c.Anonymous[0])
	}
	if c.Anonymous[1].Status != 500 {
		t.Errorf("anonymous authenticate %+v", c.Anonymous[1])
	}
	tp := c.TLS[0]
	if tp.SpeaksTLS || tp.Error != "" || tp.PlainHTTPAnswered == nil || !*tp.PlainHTTPAnswered || tp.AcceptsTLS10 != nil {
		t.Errorf("tls probe of a plain port %+v", tp)
	}
}

func TestCollectSecurityDisabled8x(t *testing.T) {
	_, opts, _ := plainFake(t, fakees.SecurityDisabled8x(t))
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassSecurityDisabled, securityCalls()...)
	wantClass(t, c, "", otherCalls()...)
	if got := c.Calls["ssl_certificates"]; got.Status != 400 || !contains(got.Error, "no handler found for uri [/_ssl/certificates]") {
		t.Errorf("ssl_certificates %+v", got)
	}
	// _authenticate failed, so the identity is the one essec was given.
	if c.Auth.Username != testUser || c.Auth.Superuser {
		t.Errorf("auth %+v", c.Auth)
	}
}

func TestInsufficientPrivileges(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteUsers, fakees.Forbidden(fakees.Fixture(t, "error-403.json")))
	s.Set(fakees.RouteRoles, fakees.Forbidden(fakees.Fixture(t, "error-403-role.json")))
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassPrivilege, "users", "roles")
	if _, asked := c.Calls["api_keys"]; asked {
		t.Error("GET /_security/api_key was called, but no check reads API keys")
	}
	for _, n := range []string{"users", "roles"} {
		if got := c.Calls[n]; got.Status != 403 || got.Privilege != "read_security" {
			t.Errorf("%s: status %d privilege %q", n, got.Status, got.Privilege)
		}
	}
	wantClass(t, c, "", "root", "nodes", "authenticate", "role_mappings")
}

func TestLegacyPrivilegeNames(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteRoot, fakees.Response{Body: fakees.Fixture(t, "root-7x.json")})
	denied := fakees.Forbidden([]byte(`{"error":{"type":"security_exception","reason":"denied"},"status":403}`))
	for _, r := range []string{fakees.RouteKibanaCredentials, fakees.RouteUsers, fakees.RouteLicense} {
		s.Set(r, denied)
	}
	c := collect(t, withBasic(opts))
	want := map[string]string{"kibana_credentials": "manage_service_account",
		"users": "manage_security", "license": "monitor"}
	for n, p := range want {
		if got := c.Calls[n].Privilege; got != p {
			t.Errorf("%s on 7.x: privilege %q, want %q", n, got, p)
		}
	}
}

func TestExpiredCertificateInSSLCertificates(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteSSLCertificates, fakees.Response{Body: fakees.Fixture(t, "ssl-certificates.json")})
	c := collect(t, withBasic(opts))
	list, ok := c.Bodies["ssl_certificates"].([]any)
	if !ok || len(list) != 3 {
		t.Fatalf("ssl_certificates body %v", c.Bodies["ssl_certificates"])
	}
	expiry, _ := list[2].(map[string]any)["expiry"].(string)
	when, err := time.Parse(time.RFC3339, expiry)
	if err != nil || !when.Before(time.Now()) {
		t.Errorf("expiry %q should parse and be in the past (%v)", expiry, err)
	}
}

func TestExpiredServerCertificateInsecure(t *testing.T) {
	ca := fakees.NewCA(t, "essec test CA")
	expired := ca.ServerTLS(t, fakees.LeafOptions{NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)}, 0)
	s := fakees.New(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)), fakees.WithTLS(expired))
	opts, _ := baseOptions(s)
	opts.Insecure = true
	c := collect(t, withBasic(opts))
	wantClass(t, c, "", allCalls()...)
	if !c.Auth.Insecure {
		t.Error("auth.insecure false with --insecure")
	}
	if tp := c.TLS[0]; !contains(tp.VerifyError, "expired") {
		t.Errorf("verify error %q, want an expiry", tp.VerifyError)
	}
}

func TestAnonymousAccessWithRole(t *testing.T) {
	_, opts, _ := plainFake(t, fakees.WithAnonymousRole(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword))))
	c := collect(t, withBasic(opts))
	root, auth := c.Anonymous[0], c.Anonymous[1]
	if root.Status != 200 || root.Body == nil || root.WWWAuthenticate != "" {
		t.Errorf("anonymous GET / %+v", root)
	}
	body, _ := auth.Body.(map[string]any)
	if auth.Status != 200 || body["username"] != "_anonymous" {
		t.Errorf("anonymous authenticate %+v", auth)
	}
	wantClass(t, c, "", allCalls()...)
}

func TestWrongCA(t *testing.T) {
	_, opts, _ := tlsFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	opts.CACert = fakees.NewCA(t, "some other CA").PEM()
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassTLS, allCalls()...)
	if c.Reachable || !contains(c.Error, probe.HintTLSTrust) {
		t.Errorf("reachable %v, error %q should carry the hint", c.Reachable, c.Error)
	}
	for n, call := range c.Calls {
		if !contains(call.Error, "hint: "+probe.HintTLSTrust) {
			t.Errorf("%s error %q lacks the hint", n, call.Error)
		}
	}
	for _, a := range c.Anonymous {
		if a.Status != 0 || !contains(a.Error, probe.HintTLSTrust) {
			t.Errorf("anonymous %+v", a)
		}
	}
	if tp := c.TLS[0]; !tp.SpeaksTLS || tp.VerifyError == "" || len(tp.Certificates) == 0 {
		t.Errorf("tls probe %+v", tp)
	}
}

func TestFingerprint(t *testing.T) {
	s, opts, _ := tlsFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	opts.CACert = nil
	leafSHA := c0SHA(t, s)
	opts.CAFingerprint = colonUpper(leafSHA)
	c := collect(t, withBasic(opts))
	wantClass(t, c, "", allCalls()...)
	if c.TLS[0].VerifyError != "" {
		t.Errorf("verify error with the right pin: %q", c.TLS[0].VerifyError)
	}

	opts.CAFingerprint = "00" + leafSHA[2:]
	c = collect(t, withBasic(opts))
	wantClass(t, c, ClassTLS, allCalls()...)
	if !contains(c.Calls["root"].Error, "fingerprint mismatch") || !contains(c.Calls["root"].Error, probe.HintTLSTrust) {
		t.Errorf("root error %q", c.Calls["root"].Error)
	}
}

func TestDroppedConnection(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteLicense, fakees.Response{Fault: fakees.Drop})
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassRefused, "license")
	wantClass(t, c, "", "root", "users")
	// The client retries twice; net/http itself retries a GET once per idle
	// keep-alive connection that turns out dead, so the total depends on
	// how many idle connections there were.
	if n := countRequests(s, "/_license"); n < 1+maxRetries || n > (1+maxRetries)*(1+DefaultConcurrency) {
		t.Errorf("license requested %d times", n)
	}
}

func TestMalformedJSON(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteNodes, fakees.Response{Body: fakees.Fixture(t, "nodes-info.json"), Fault: fakees.Malformed})
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassMalformed, "nodes")
	if got := c.Calls["nodes"]; got.Status != 200 || !contains(got.Error, "not JSON") {
		t.Errorf("nodes %+v", got)
	}
}

func TestServerErrorsAndRetries(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteCatNodes, fakees.Response{Status: 500, Body: []byte(`{"error":{"type":"null_pointer_exception","reason":"boom"},"status":500}`)})
	s.Set(fakees.RouteLicense, fakees.Response{Status: 503, Body: []byte(`{"error":"unavailable","status":503}`)})
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassServer, "cat_nodes", "license")
	if got := c.Calls["cat_nodes"].Error; !contains(got, "500 Internal Server Error: null_pointer_exception: boom") {
		t.Errorf("cat_nodes error %q", got)
	}
	if n := countRequests(s, "/_cat/nodes"); n != 1 {
		t.Errorf("500 requested %d times, want 1 (not retried)", n)
	}
	if n := countRequests(s, "/_license"); n != 1+maxRetries {
		t.Errorf("503 requested %d times, want %d", n, 1+maxRetries)
	}
}

func TestBadCredentials(t *testing.T) {
	_, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, "the-right-one")))
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassCredentials, allCalls()...)
	if !c.Reachable || !contains(c.Calls["users"].Error, "unable to authenticate user [elastic]") {
		t.Errorf("reachable %v users %q", c.Reachable, c.Calls["users"].Error)
	}
}

func TestRefused(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Open7x(t))
	s.Close()
	c := collect(t, opts)
	wantClass(t, c, ClassRefused, allCalls()...)
	if c.Reachable || !contains(c.Error, "connection refused") || c.TLS[0].Error == "" {
		t.Errorf("reachable %v error %q tls %+v", c.Reachable, c.Error, c.TLS[0])
	}
}

func TestTimeout(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Open7x(t))
	s.Set(fakees.RouteXPackUsage, fakees.Response{Body: []byte(`{}`), Latency: 3 * time.Second})
	opts.Timeout = 300 * time.Millisecond
	c := collect(t, opts)
	wantClass(t, c, ClassTimeout, "xpack_usage")
	wantClass(t, c, "", "root")
	if n := countRequests(s, "/_xpack/usage"); n != 1 {
		t.Errorf("timed-out call sent %d times, want 1", n)
	}
}

func TestNotElasticsearch(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Open7x(t))
	for _, r := range []string{fakees.RouteRoot, fakees.RouteXPackUsage, fakees.RouteClusterSettings, fakees.RouteNodes,
		fakees.RouteLicense, fakees.RouteCatNodes} {
		s.Set(r, fakees.Response{Body: []byte(`{}`), OmitProductHeader: true})
	}
	c := collect(t, opts)
	wantClass(t, c, ClassMalformed, otherCalls()...)
	if !contains(c.Calls["root"].Error, "X-Elastic-Product") {
		t.Errorf("root error %q", c.Calls["root"].Error)
	}
}

func TestCredentialKinds(t *testing.T) {
	const apiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
	const token = "AAEAAWVsYXN0aWMva2liYW5hL3Rlc3Q6c2VjcmV0LXRva2VuLXZhbHVl"
	tests := []struct {
		name     string
		set      func(*Options)
		wantAuth string
		kind     string
	}{
		{"api key", func(o *Options) { o.APIKey = []byte(apiKey) }, "APIKey " + apiKey, "api_key"},
		{"service token", func(o *Options) { o.ServiceToken = []byte(token) }, "Bearer " + token, "service_token"},
		{"basic", func(o *Options) { *o = withBasic(*o) }, fakees.BasicAuth(testUser, testPassword), "basic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, opts, _ := plainFake(t, fakees.Secured8x(t, tt.wantAuth))
			tt.set(&opts)
			c := collect(t, opts)
			wantClass(t, c, "", allCalls()...)
			if c.Auth.Kind != tt.kind {
				t.Errorf("kind %q, want %q", c.Auth.Kind, tt.kind)
			}
			for _, r := range s.Requests() {
				got := r.Header.Get("Authorization")
				anonymous := got == "" && (r.Path == "/" || r.Path == "/_security/_authenticate")
				if got != tt.wantAuth && !anonymous {
					t.Errorf("%s sent Authorization %q", r.Path, got)
				}
			}
		})
	}
}

// TestPinnedCAMITM: a man in the middle presents its own self-signed
// certificate followed by the real (public) CA certificate. With the CA
// pinned, every call fails as a TLS error and no request reaches the fake
// with credentials.
func TestPinnedCAMITM(t *testing.T) {
	ca := fakees.NewCA(t, "real CA")
	mitm := fakees.SelfSigned(t, fakees.LeafOptions{})
	mitm.Certificate = append(mitm.Certificate, ca.Cert.Raw)
	s := fakees.New(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)),
		fakees.WithTLS(&tls.Config{Certificates: []tls.Certificate{mitm}}))
	opts, _ := baseOptions(s)
	sum := sha256.Sum256(ca.Cert.Raw)
	opts.CAFingerprint = hex.EncodeToString(sum[:])
	c := collect(t, withBasic(opts))
	wantClass(t, c, ClassTLS, allCalls()...)
	if c.TLS[0].VerifyError == "" {
		t.Error("the TLS probe verified the MITM chain")
	}
	for _, r := range s.Requests() {
		if r.Header.Get("Authorization") != "" {
			t.Fatalf("credentials reached the MITM: %s %s", r.Method, r.Path)
		}
	}

	// The real server, same pin: everything passes.
	good := fakees.New(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)),
		fakees.WithTLS(ca.ServerTLS(t, fakees.LeafOptions{}, 0)))
	opts.URLs = []string{good.URL}
	c = collect(t, withBasic(opts))
	wantClass(t, c, "", allCalls()...)
}
