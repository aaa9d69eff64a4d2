// Package fakees is a fake Elasticsearch (and Kibana) for tests: an
// httptest server on loopback, plain or TLS, that replays recorded response
// bodies and headers from testdata/es-api, records every request it gets,
// and can add latency, 401, 403, 500, malformed JSON, dropped connections
// and security-disabled answers.
//
// A Scenario maps requests ("GET /_security/user") to canned Responses;
// Secured8x, Open7x and SecurityDisabled8x build the usual ones from the
// fixtures, and tests change single routes with Server.Set.
package fakees
