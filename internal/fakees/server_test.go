package fakees

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, c *http.Client, url, auth string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, b, err
}

func TestSecuredAnswersAndHeaders(t *testing.T) {
	auth := BasicAuth("elastic", "s3cret-pass")
	s := New(t, Secured8x(t, auth))
	c := s.srv.Client()
	tests := []struct {
		name, path, auth string
		status           int
		product          bool
		wwwAuth          int
		bodyHas          string
	}{
		{"root", "/", auth, 200, true, 0, "You Know, for Search"},
		{"query as a set", "/_cluster/settings?flat_settings=true&include_defaults=true", auth, 200, true, 0, "persistent"},
		{"no credentials", "/_security/user", "", 401, false, 3, "missing authentication credentials for REST request [/_security/user]"},
		{"bad credentials", "/", BasicAuth("elastic", "nope"), 401, false, 3, "unable to authenticate user"},
		{"unknown route", "/_nope", auth, 400, true, 0, "no handler found for uri [/_nope] and method [GET]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body, err := get(t, c, s.URL+tt.path, tt.auth)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if got := res.Header.Get("X-Elastic-Product") == "Elasticsearch"; got != tt.product {
				t.Errorf("product header present %v, want %v", got, tt.product)
			}
			if n := len(res.Header.Values("WWW-Authenticate")); n != tt.wwwAuth {
				t.Errorf("%d WWW-Authenticate lines, want %d", n, tt.wwwAuth)
			}
			if !strings.Contains(string(body), tt.bodyHas) {
				t.Errorf("body %s lacks %q", body, tt.bodyHas)
			}
			if res.StatusCode == 200 && !json.Valid(body) {
				t.Errorf("invalid JSON: %s", body)
			}
		})
	}
	if n := len(s.Requests()); n != len(tests) {
		t.Errorf("recorded %d requests, want %d", n, len(tests))
	}
}

func TestFaults(t *testing.T) {
	s := New(t, SecurityDisabled8x(t))
	s.Set(RouteRoot, Response{Body: []byte(`{"a":"bcdefgh"}`), Fault: Malformed})
	s.Set(RouteLicense, Response{Fault: Drop})
	s.Set(RouteCatNodes, Response{Status: 500, Body: []byte(`{"error":"boom"}`)})
	s.Set(RouteNodes, Response{Body: []byte(`{}`), Latency: 150 * time.Millisecond})
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

	_, body, err := get(t, c, s.URL+"/", "")
	if err != nil || json.Valid(body) {
		t.Errorf("malformed: err %v, body %q should be invalid JSON", err, body)
	}
	if _, _, err := get(t, c, s.URL+"/_license", ""); err == nil {
		t.Error("dropped connection: want an error")
	}
	res, _, err := get(t, c, s.URL+"/_cat/nodes?format=json", "")
	if err != nil || res.StatusCode != 500 {
		t.Errorf("500: got %v %v", res, err)
	}
	start := time.Now()
	if _, _, err := get(t, c, s.URL+"/_nodes/settings,http,transport", ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("latency %v, want >= 150ms", d)
	}
	res, body, _ = get(t, c, s.URL+"/_security/_authenticate", "")
	if res.StatusCode != 400 || !strings.Contains(string(body), "no handler found") {
		t.Errorf("security disabled: %d %s", res.StatusCode, body)
	}
}

func TestAnonymousRole(t *testing.T) {
	s := New(t, WithAnonymousRole(t, Secured8x(t, APIKeyAuth("a2V5OnNlY3JldA=="))))
	c := s.srv.Client()
	res, body, _ := get(t, c, s.URL+"/_security/_authenticate", "")
	if res.StatusCode != 200 || !strings.Contains(string(body), "_anonymous") {
		t.Errorf("anonymous authenticate: %d %s", res.StatusCode, body)
	}
	res, _, _ = get(t, c, s.URL+"/_security/user", "")
	if res.StatusCode != 403 {
		t.Errorf("anonymous users: %d, want 403", res.StatusCode)
	}
	res, _, _ = get(t, c, s.URL+"/_security/user", "APIKey a2V5OnNlY3JldA==")
	if res.StatusCode != 200 {
		t.Errorf("api key (client spelling): %d, want 200", res.StatusCode)
	}
	_, body, _ = get(t, c, s.URL+"/_xpack/usage", "ApiKey a2V5OnNlY3JldA==")
	var usage struct {
		Security struct {
			Enabled   bool `json:"enabled"`
			Anonymous struct {
				Enabled bool `json:"enabled"`
			} `json:"anonymous"`
		} `json:"security"`
	}
	if err := json.Unmarshal(body, &usage); err != nil || !usage.Security.Enabled || !usage.Security.Anonymous.Enabled {
		t.Errorf("usage should report security and anonymous access enabled: %v %s", err, body)
	}
}

func TestTLSWithCA(t *testing.T) {
	ca := NewCA(t, "fake CA")
	s := New(t, Kibana(KibanaOptions{SecurityHeaders: true}), WithTLS(ca.ServerTLS(t, LeafOptions{}, 0)))
	if !strings.HasPrefix(s.URL, "https://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.PEM())
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, _, err := get(t, c, s.URL+"/login", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("Strict-Transport-Security") == "" || res.Header.Get("X-Elastic-Product") != "" {
		t.Errorf("kibana headers: %v", res.Header)
	}
	res, _, _ = get(t, c, s.URL+"/", "")
	if res.StatusCode != http.StatusFound {
		t.Errorf("/: %d, want 302", res.StatusCode)
	}
	other := NewCA(t, "other CA")
	pool2 := x509.NewCertPool()
	pool2.AppendCertsFromPEM(other.PEM())
	c2 := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool2}}}
	_, _, err = get(t, c2, s.URL+"/login", "")
	var uerr x509.UnknownAuthorityError
	if !errors.As(err, &uerr) {
		t.Errorf("wrong CA: got %v, want x509.UnknownAuthorityError", err)
	}
}

func TestFixturesAreJSON(t *testing.T) {
	dir, err := FixtureDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"root.json", "root-7x.json", "nodes-info-7x.json", "security-role.json",
		"error-403-role.json", "error-403-anonymous.json", "security-authenticate-superuser.json"} {
		if !json.Valid(Fixture(t, name)) {
			t.Errorf("%s/%s is not valid JSON", dir, name)
		}
	}
}
