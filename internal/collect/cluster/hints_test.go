package cluster

import (
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/collect/probe"
	"github.com/essec-dev/essec/internal/fakees"
)

// TestEveryClassHasAHint: every error class tells the user what to do, and
// an error that already carries a hint keeps only that one.
func TestEveryClassHasAHint(t *testing.T) {
	o := Options{Username: "auditor", Password: []byte("secret-pw"), Timeout: 300 * time.Millisecond}
	for class, want := range map[string]string{
		ClassCredentials:      "check the password of --user auditor (ESSEC_PASSWORD or --password-file)",
		ClassPrivilege:        "grant the identity essec uses the cluster privilege read_security",
		ClassSecurityDisabled: "enable it (xpack.security.enabled: true",
		ClassNotFound:         "check that --url points at Elasticsearch itself",
		ClassTimeout:          "raise --timeout (now 300ms)",
		ClassRefused:          "listening at --url",
		ClassTLS:              "--ca-cert or --ca-fingerprint",
		ClassMalformed:        "not at a proxy or another service",
		ClassServer:           "see its logs",
	} {
		got := withHint("GET /x: failed", class, "read_security", o)
		if !contains(got, "GET /x: failed; hint: ") || !contains(got, want) {
			t.Errorf("%s: %q lacks %q", class, got, want)
		}
	}
	tlsErr := "GET /: x509: certificate signed by unknown authority; hint: " + probe.HintTLSTrust
	if got := withHint(tlsErr, ClassTLS, "", o); got != tlsErr {
		t.Errorf("a second hint was added: %q", got)
	}
	if got := withHint("", ClassServer, "", o); got != "" {
		t.Errorf("hint without an error: %q", got)
	}
	for kind, opts := range map[string]Options{
		"api key": {APIKey: []byte("a2V5OnNlY3JldA==")}, "token": {ServiceToken: []byte("AAEAAWVsYXN0aWM")}, "none": {},
	} {
		got := withHint("401", ClassCredentials, "", opts)
		if contains(got, "a2V5OnNlY3JldA==") || contains(got, "AAEAAWVsYXN0aWM") || !contains(got, "hint: ") {
			t.Errorf("%s: %q", kind, got)
		}
	}
}

// TestCollectedErrorsCarryHints checks the hints on real failures: a 403
// names the privilege, a timeout the --timeout in force.
func TestCollectedErrorsCarryHints(t *testing.T) {
	s, opts, _ := plainFake(t, fakees.Secured8x(t, fakees.BasicAuth(testUser, testPassword)))
	s.Set(fakees.RouteUsers, fakees.Forbidden(fakees.Fixture(t, "error-403.json")))
	s.Set(fakees.RouteLicense, fakees.Response{Body: []byte(`{}`), Latency: 2 * time.Second})
	opts.Timeout = 250 * time.Millisecond
	c := collect(t, withBasic(opts))
	if got := c.Calls["users"].Error; !contains(got, "hint: grant the identity essec uses the cluster privilege read_security") {
		t.Errorf("users error %q", got)
	}
	if got := c.Calls["license"].Error; !contains(got, "hint: raise --timeout (now 250ms)") {
		t.Errorf("license error %q", got)
	}
	if got := c.Calls["root"].Error; got != "" {
		t.Errorf("root succeeded but has error %q", got)
	}
}
