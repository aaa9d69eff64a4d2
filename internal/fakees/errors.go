package fakees

import (
	"net/http"
	"testing"
)

// WWWAuthenticate is what Elasticsearch 8.15+ sends with a 401 when the
// token and API key services are on: one header line per scheme.
func WWWAuthenticate() []string {
	return []string{`Basic realm="security", charset="UTF-8"`, `Bearer realm="security"`, "ApiKey"}
}

// errorReplies are the authentication answers, built from the fixtures.
type errorReplies struct {
	missingCredentials Response
	badCredentials     Response
	anonymousDenied    Response
}

func loadErrorReplies(tb testing.TB) errorReplies {
	missing := Fixture(tb, "error-401.json")
	bad := Fixture(tb, "error-401-bad-credentials.json")
	denied := Fixture(tb, "error-403-anonymous.json")
	return errorReplies{
		missingCredentials: Unauthorized(missing),
		badCredentials:     Unauthorized(bad),
		anonymousDenied: Response{Status: http.StatusForbidden, BodyFunc: func(*http.Request) []byte {
			return denied
		}},
	}
}

// Unauthorized is a 401 with the WWW-Authenticate lines and no product
// header; the URI in the body's reason becomes the one requested.
func Unauthorized(body []byte) Response {
	return Response{
		Status: http.StatusUnauthorized,
		Header: http.Header{"Www-Authenticate": WWWAuthenticate()},
		BodyFunc: func(r *http.Request) []byte {
			return withURI(body, "/_security/_authenticate", r.URL.RequestURI())
		},
	}
}

// Forbidden is a 403 with the given body (error-403.json, say) and no
// product header.
func Forbidden(body []byte) Response {
	return Response{Status: http.StatusForbidden, Body: body}
}
