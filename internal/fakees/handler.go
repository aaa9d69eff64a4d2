package fakees

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP records the request and plays the matching reply.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var reqBody []byte
	if r.Body != nil {
		reqBody, _ = io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: reqBody, At: time.Now(),
	})
	resp := s.lookup(r)
	sc := s.sc
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	if d := s.latency + resp.Latency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if resp.Fault == Drop {
		drop(w)
		return
	}
	body := resp.body(r)
	if resp.Fault == Malformed {
		body = body[:len(body)/2]
		if len(body) == 0 {
			body = []byte("{")
		}
	}
	h := w.Header()
	for k, vs := range sc.Header {
		h[k] = append([]string(nil), vs...)
	}
	for k, vs := range resp.Header {
		h[k] = append([]string(nil), vs...)
	}
	ct := resp.ContentType
	if ct == "" {
		ct = "application/json"
	}
	h.Set("Content-Type", ct)
	status := resp.status()
	if sc.Product != "" && !resp.OmitProductHeader && status != http.StatusUnauthorized && status != http.StatusForbidden {
		// Elasticsearch spells it X-elastic-product on the wire.
		h["X-elastic-product"] = []string{sc.Product}
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// lookup picks the reply; s.mu is held.
func (s *Server) lookup(r *http.Request) Response {
	auth := r.Header.Get("Authorization")
	if len(s.sc.Credentials) > 0 {
		switch {
		case auth == "" && s.sc.Anonymous != nil:
			if resp, ok := find(s.anon, r); ok {
				return resp
			}
			return s.errs.anonymousDenied
		case auth == "":
			return s.errs.missingCredentials
		case !accepted(s.sc.Credentials, auth):
			return s.errs.badCredentials
		}
	}
	if resp, ok := find(s.routes, r); ok {
		return resp
	}
	if s.sc.Unmatched != nil {
		return s.sc.Unmatched(r)
	}
	return NoHandler()
}

// NoHandler is Elasticsearch's answer for a route it does not have, which is
// also what every /_security and /_ssl call gets on 8.x with security
// disabled: 400 {"error":"no handler found for uri [...] and method [...]"}.
func NoHandler() Response {
	return Response{Status: http.StatusBadRequest, BodyFunc: func(r *http.Request) []byte {
		return fmt.Appendf(nil, `{"error":"no handler found for uri [%s] and method [%s]"}`,
			jsonEscape(r.URL.RequestURI()), r.Method)
	}}
}

// jsonEscape makes s safe inside a JSON string.
func jsonEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// drop closes the connection without a reply.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
