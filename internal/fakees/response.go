package fakees

import (
	"net/http"
	"time"
)

// Fault is a misbehaviour injected instead of (or into) a normal answer.
type Fault int

const (
	// NoFault answers normally.
	NoFault Fault = iota
	// Drop closes the connection without answering.
	Drop
	// Malformed cuts the body in half, so it is no longer valid JSON.
	Malformed
)

// Response is one canned answer.
type Response struct {
	// Status defaults to 200.
	Status int
	// Header holds extra headers (WWW-Authenticate, Warning, Location...).
	Header http.Header
	// Body is sent as is, unless BodyFunc is set.
	Body []byte
	// BodyFunc computes the body from the request (errors that quote the URI).
	BodyFunc func(*http.Request) []byte
	// ContentType defaults to application/json.
	ContentType string
	// Latency is added to the server-wide latency.
	Latency time.Duration
	// Fault replaces or damages the answer.
	Fault Fault
	// OmitProductHeader drops X-Elastic-Product from a reply that would carry
	// it (a proxy, or Elasticsearch older than 7.14).
	OmitProductHeader bool
}

// JSON is a 200 answer with a literal body.
func JSON(status int, body string) Response {
	return Response{Status: status, Body: []byte(body)}
}

// status returns the status with its default.
func (r Response) status() int {
	if r.Status == 0 {
		return http.StatusOK
	}
	return r.Status
}

// body renders the body for a request.
func (r Response) body(req *http.Request) []byte {
	if r.BodyFunc != nil {
		return r.BodyFunc(req)
	}
	return r.Body
}
