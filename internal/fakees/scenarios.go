package fakees

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"testing"
)

// Route keys of the calls essec's cluster collector makes.
const (
	RouteRoot              = "GET /"
	RouteXPackUsage        = "GET /_xpack/usage"
	RouteClusterSettings   = "GET /_cluster/settings?include_defaults=true&flat_settings=true"
	RouteNodes             = "GET /_nodes/settings,http,transport"
	RouteSSLCertificates   = "GET /_ssl/certificates"
	RouteAuthenticate      = "GET /_security/_authenticate"
	RouteUsers             = "GET /_security/user"
	RouteRoles             = "GET /_security/role"
	RouteKibanaCredentials = "GET /_security/service/elastic/kibana/credential"
	RouteAPIKeys           = "GET /_security/api_key"
	RouteRoleMappings      = "GET /_security/role_mapping"
	RouteLicense           = "GET /_license"
	RouteCatNodes          = "GET /_cat/nodes?format=json"
)

// ProductElasticsearch is the X-Elastic-Product value go-elasticsearch
// requires on every 2xx reply.
const ProductElasticsearch = "Elasticsearch"

// BasicAuth is the Authorization value for a user and password.
func BasicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// APIKeyAuth is the Authorization value for an encoded API key.
func APIKeyAuth(encoded string) string { return "ApiKey " + encoded }

// BearerAuth is the Authorization value for a service or OAuth token.
func BearerAuth(token string) string { return "Bearer " + token }

// fixture is a 200 reply with a fixture body.
func fixture(tb testing.TB, name string) Response {
	return Response{Body: Fixture(tb, name)}
}

// Secured8x is an 8.x cluster with security and HTTP TLS on that accepts the
// given Authorization values and answers every call from the recorded
// fixtures.
func Secured8x(tb testing.TB, credentials ...string) Scenario {
	tb.Helper()
	return Scenario{
		Product:     ProductElasticsearch,
		Credentials: credentials,
		Routes: map[string]Response{
			RouteRoot:              fixture(tb, "root.json"),
			RouteXPackUsage:        fixture(tb, "xpack-usage-security-enabled.json"),
			RouteClusterSettings:   fixture(tb, "cluster-settings-include-defaults.json"),
			RouteNodes:             fixture(tb, "nodes-info.json"),
			RouteSSLCertificates:   fixture(tb, "ssl-certificates-autoconfig.json"),
			RouteAuthenticate:      fixture(tb, "security-authenticate-superuser.json"),
			RouteUsers:             fixture(tb, "security-user.json"),
			RouteRoles:             fixture(tb, "security-role.json"),
			RouteKibanaCredentials: fixture(tb, "security-service-credentials-kibana.json"),
			RouteAPIKeys:           fixture(tb, "security-api-key.json"),
			RouteRoleMappings:      fixture(tb, "security-role-mapping.json"),
			RouteLicense:           fixture(tb, "license.json"),
			RouteCatNodes:          fixture(tb, "cat-nodes.json"),
		},
	}
}

// SecurityDisabled8x is an 8.x cluster with xpack.security.enabled: false:
// no authentication, no /_security or /_ssl handlers (400 "no handler
// found"), and usage saying security is off.
func SecurityDisabled8x(tb testing.TB) Scenario {
	tb.Helper()
	return Scenario{
		Product: ProductElasticsearch,
		Routes: map[string]Response{
			RouteRoot:            fixture(tb, "root.json"),
			RouteXPackUsage:      fixture(tb, "xpack-usage-security-disabled.json"),
			RouteClusterSettings: fixture(tb, "cluster-settings-include-defaults-insecure.json"),
			RouteNodes:           fixture(tb, "nodes-info.json"),
			RouteLicense:         fixture(tb, "license-basic.json"),
			RouteCatNodes:        fixture(tb, "cat-nodes.json"),
		},
	}
}

// Open7x is a 7.17 cluster with a basic licence and security implicitly
// off: no authentication, every /_security and /_ssl call fails with 500
// "Security must be explicitly enabled...", and every reply carries the
// 7.13+ Warning header.
func Open7x(tb testing.TB) Scenario {
	tb.Helper()
	notEnabled := Response{Status: http.StatusInternalServerError, Body: Fixture(tb, "error-security-not-enabled-7x.json")}
	return Scenario{
		Product: ProductElasticsearch,
		Header:  http.Header{"Warning": {`299 Elasticsearch-7.17.22-38e9ca2e81304a821c50862dafab089ca863944b "Elasticsearch built-in security features are not enabled. Without authentication, your cluster could be accessible to anyone. See https://www.elastic.co/guide/en/elasticsearch/reference/7.17/security-minimal-setup.html to enable security."`}},
		Routes: map[string]Response{
			RouteRoot:              fixture(tb, "root-7x.json"),
			RouteXPackUsage:        fixture(tb, "xpack-usage-security-disabled.json"),
			RouteClusterSettings:   fixture(tb, "cluster-settings-include-defaults-insecure.json"),
			RouteNodes:             fixture(tb, "nodes-info-7x.json"),
			RouteSSLCertificates:   notEnabled,
			RouteAuthenticate:      notEnabled,
			RouteUsers:             notEnabled,
			RouteRoles:             notEnabled,
			RouteKibanaCredentials: notEnabled,
			RouteAPIKeys:           notEnabled,
			RouteRoleMappings:      notEnabled,
			RouteLicense:           fixture(tb, "license-basic.json"),
			RouteCatNodes:          fixture(tb, "cat-nodes.json"),
		},
	}
}

// WithAnonymousRole turns on anonymous access (xpack.security.authc.
// anonymous.roles): requests without credentials get GET / and
// GET /_security/_authenticate as the _anonymous user, and 403 elsewhere;
// GET /_xpack/usage reports security.anonymous.enabled true, as
// Elasticsearch does.
func WithAnonymousRole(tb testing.TB, sc Scenario) Scenario {
	tb.Helper()
	sc.Routes = maps.Clone(sc.Routes)
	if usage, ok := sc.Routes[RouteXPackUsage]; ok && usage.Body != nil {
		usage.Body = anonymousEnabled(tb, usage.Body)
		sc.Routes[RouteXPackUsage] = usage
	}
	sc.Anonymous = map[string]Response{
		RouteRoot:         sc.Routes[RouteRoot],
		RouteAuthenticate: fixture(tb, "security-authenticate-anonymous.json"),
	}
	return sc
}

// anonymousEnabled sets security.anonymous.enabled in a usage body.
func anonymousEnabled(tb testing.TB, body []byte) []byte {
	tb.Helper()
	var usage map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&usage); err != nil {
		tb.Fatalf("fakees: xpack usage body: %v", err)
	}
	sec, _ := usage["security"].(map[string]any)
	if sec == nil {
		sec = map[string]any{}
		usage["security"] = sec
	}
	sec["anonymous"] = map[string]any{"enabled": true}
	out, err := json.Marshal(usage)
	if err != nil {
		tb.Fatalf("fakees: xpack usage body: %v", err)
	}
	return out
}
