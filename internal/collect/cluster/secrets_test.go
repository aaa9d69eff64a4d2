package cluster

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/fakees"
)

// echoAuthorization answers with the Authorization header it got, as a
// careless proxy might: the collector must not store or log it.
func echoAuthorization(status int) fakees.Response {
	return fakees.Response{Status: status, BodyFunc: func(r *http.Request) []byte {
		b, _ := json.Marshal(map[string]any{
			"error":  map[string]any{"type": "proxy_error", "reason": "rejected header Authorization: " + r.Header.Get("Authorization")},
			"echo":   r.Header.Get("Authorization"),
			"status": status,
		})
		return b
	}}
}

func TestNoSecretInClusterOrLog(t *testing.T) {
	const (
		apiKeySecret = "ui2lp2axTNmsyakw9tvNnw-secret"
		tokenSecret  = "secret-service-token-value-42"
	)
	apiKey := base64.StdEncoding.EncodeToString([]byte("VuaCfGcBCdbkQm-e5aOx:" + apiKeySecret))
	token := base64.RawStdEncoding.EncodeToString([]byte("\x00\x01\x00\x01elastic/kibana/essec:" + tokenSecret))
	basic := fakees.BasicAuth(testUser, testPassword)
	secrets := []string{testPassword, apiKeySecret, tokenSecret, apiKey, token, strings.TrimPrefix(basic, "Basic ")}

	tests := []struct {
		name   string
		set    func(*Options)
		accept string
	}{
		{"basic accepted", func(o *Options) { *o = withBasic(*o) }, basic},
		{"basic refused", func(o *Options) { *o = withBasic(*o) }, fakees.BasicAuth(testUser, "other")},
		{"api key", func(o *Options) { o.APIKey = []byte(apiKey) }, "ApiKey " + apiKey},
		{"service token", func(o *Options) { o.ServiceToken = []byte(token) }, "Bearer " + token},
		{"wrong CA", func(o *Options) {
			*o = withBasic(*o)
			o.CACert = fakees.NewCA(t, "other").PEM()
		}, basic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, opts, logBuf := tlsFake(t, fakees.Secured8x(t, tt.accept))
			s.Set(fakees.RouteUsers, echoAuthorization(500))
			s.Set(fakees.RouteRoles, echoAuthorization(200))
			s.Set(fakees.RouteLicense, echoAuthorization(403))
			tt.set(&opts)
			c := collect(t, opts)
			doc, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if logBuf.Len() == 0 {
				t.Fatal("nothing was logged at debug level")
			}
			for _, secret := range secrets {
				if strings.Contains(string(doc), secret) {
					t.Errorf("cluster document holds secret %q:\n%s", secret, doc)
				}
				if strings.Contains(logBuf.String(), secret) {
					t.Errorf("debug log holds secret %q", secret)
				}
			}
			if strings.Contains(logBuf.String(), "Authorization") && !strings.Contains(logBuf.String(), "[REDACTED]") {
				t.Errorf("log mentions Authorization without redaction")
			}
		})
	}
}

func TestInvalidOptionsDoNotEchoPassword(t *testing.T) {
	c := Collect(t.Context(), Options{URLs: []string{"https://elastic:" + testPassword + "@127.0.0.1:9200"}})
	if c.Error == "" || strings.Contains(c.Error, testPassword) {
		t.Errorf("error %q should reject the URL without echoing the password", c.Error)
	}
	if c.Calls == nil || c.Bodies == nil || c.Anonymous == nil || c.TLS == nil {
		t.Errorf("collections must be empty, not nil: %+v", c)
	}
}
