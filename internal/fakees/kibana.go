package fakees

import (
	"net/http"
	"testing"
)

// KibanaOptions shape a fake Kibana.
type KibanaOptions struct {
	// SecurityHeaders sends the headers a hardened Kibana sends (CSP, HSTS,
	// X-Frame-Options, ...); false sends only what any Kibana sends.
	SecurityHeaders bool
	// AnonymousStatus makes /api/status answer 200 without credentials
	// (status.allowAnonymous: true) instead of 401.
	AnonymousStatus bool
}

// KibanaSecurityHeaders are the headers a hardened Kibana sends with its
// login page.
func KibanaSecurityHeaders() http.Header {
	return http.Header{
		"Content-Security-Policy":    {"script-src 'report-sample' 'self'; worker-src 'report-sample' 'self' blob:; style-src 'report-sample' 'self' 'unsafe-inline'; frame-ancestors 'self'"},
		"Strict-Transport-Security":  {"max-age=31536000"},
		"X-Frame-Options":            {"SAMEORIGIN"},
		"X-Content-Type-Options":     {"nosniff"},
		"Referrer-Policy":            {"strict-origin-when-cross-origin"},
		"Permissions-Policy":         {"camera=(), display-capture=(), fullscreen=(self), geolocation=(), microphone=(), web-share=()"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
		"Kbn-Name":                   {"kb01"},
		"Kbn-License-Sig":            {"da420c53321c02c93e8ab6ce1b8b9f5a"},
		"Cache-Control":              {"private, no-cache, no-store, must-revalidate"},
	}
}

// Kibana builds a Kibana scenario: /login (200 HTML), / (302 to /login),
// /api/status (401 unless AnonymousStatus), 404 elsewhere.
func Kibana(opts KibanaOptions) Scenario {
	login := http.Header{"Kbn-Name": {"kb01"}, "Cache-Control": {"private, no-cache, no-store, must-revalidate"}}
	if opts.SecurityHeaders {
		login = KibanaSecurityHeaders()
	}
	status := Response{Status: http.StatusUnauthorized,
		Body: []byte(`{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}`)}
	if opts.AnonymousStatus {
		status = Response{Body: []byte(`{"name":"kb01","version":{"number":"8.19.6"},"status":{"overall":{"level":"available"}}}`)}
	}
	return Scenario{
		Routes: map[string]Response{
			"GET /login": {Header: login, ContentType: "text/html; charset=utf-8",
				Body: []byte("<!DOCTYPE html><html><head><title>Elastic</title></head><body></body></html>")},
			"GET /": {Status: http.StatusFound, Header: http.Header{"Location": {"/login?next=%2F"}, "Kbn-Name": {"kb01"}},
				ContentType: "text/plain"},
			"GET /api/status": status,
		},
		Unmatched: func(*http.Request) Response {
			return Response{Status: http.StatusNotFound,
				Body: []byte(`{"statusCode":404,"error":"Not Found","message":"Not Found"}`)}
		},
	}
}

// NewKibana starts a fake Kibana on loopback.
func NewKibana(tb testing.TB, opts KibanaOptions, serverOpts ...Option) *Server {
	tb.Helper()
	return New(tb, Kibana(opts), serverOpts...)
}
