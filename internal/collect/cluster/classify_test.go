package cluster

import (
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

func TestClassifyStatus(t *testing.T) {
	sec := call{name: "users", security: true}
	plain := call{name: "license"}
	tests := []struct {
		name   string
		c      call
		status int
		body   []byte
		class  string
		priv   string
	}{
		{"401", sec, 401, fakees.Fixture(t, "error-401.json"), ClassCredentials, ""},
		{"403 lists privileges", sec, 403, fakees.Fixture(t, "error-403.json"), ClassPrivilege, "read_security"},
		{"403 api key", plain, 403, fakees.Fixture(t, "error-403-api-key.json"), ClassPrivilege, "monitor"},
		{"8.x security disabled", sec, 400, fakees.Fixture(t, "error-security-disabled.json"), ClassSecurityDisabled, ""},
		{"no handler, not security", plain, 400, fakees.Fixture(t, "error-security-disabled.json"), ClassNotFound, ""},
		{"7.x not enabled", sec, 500, fakees.Fixture(t, "error-security-not-enabled-7x.json"), ClassSecurityDisabled, ""},
		{"404 empty", sec, 404, []byte(`{}`), ClassNotFound, ""},
		{"405", sec, 405, []byte(`{"error":"Incorrect HTTP method","status":405}`), ClassNotFound, ""},
		{"408", plain, 408, nil, ClassTimeout, ""},
		{"504", plain, 504, []byte("<html>gateway timeout</html>"), ClassTimeout, ""},
		{"500", plain, 500, []byte(`{"error":{"type":"x","reason":"y"},"status":500}`), ClassServer, ""},
		{"429", plain, 429, []byte(`{}`), ClassServer, ""},
		{"plain to tls", plain, 400, []byte("Client sent an HTTP request to an HTTPS server.\n"), ClassTLS, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			class, priv, reason := classifyStatus(tt.c, tt.status, tt.body)
			if class != tt.class || priv != tt.priv {
				t.Errorf("got %q/%q (%s), want %q/%q", class, priv, reason, tt.class, tt.priv)
			}
			if reason == "" {
				t.Error("empty reason")
			}
		})
	}
}

func TestErrorReason(t *testing.T) {
	tests := map[string]string{
		`{"error":"no handler found for uri [/x] and method [GET]"}`:           "no handler found for uri [/x] and method [GET]",
		`{"error":{"type":"security_exception","reason":"nope"},"status":403}`: "security_exception: nope",
		`not json`: "not json",
		``:         "empty body",
	}
	for body, want := range tests {
		if got := errorReason([]byte(body)); got != want {
			t.Errorf("errorReason(%q) = %q, want %q", body, got, want)
		}
	}
}

func TestMajorMinor(t *testing.T) {
	for v, want := range map[string][2]int{"8.12.1": {8, 12}, "7.17.22": {7, 17}, "9.1.0-SNAPSHOT": {9, 1}, "8.5": {8, 5}} {
		ma, mi, ok := majorMinor(v)
		if !ok || ma != want[0] || mi != want[1] {
			t.Errorf("majorMinor(%q) = %d %d %v", v, ma, mi, ok)
		}
	}
	if _, _, ok := majorMinor("x"); ok {
		t.Error("majorMinor(x) ok")
	}
}
