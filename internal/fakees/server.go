package fakees

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Scenario is what the fake answers.
type Scenario struct {
	// Routes maps "METHOD /path[?query]" to a reply.
	Routes map[string]Response
	// Credentials are the accepted Authorization header values (the scheme
	// is compared case-insensitively). Empty: the cluster does not
	// authenticate and serves Routes to everyone.
	Credentials []string
	// Anonymous answers requests without an Authorization header when
	// Credentials are set (anonymous access with a role); nil answers them
	// with 401. Unmatched anonymous requests get 403.
	Anonymous map[string]Response
	// Product is the X-Elastic-Product value ("Elasticsearch"), added to every
	// reply except 401 and 403, as Elasticsearch 8 does; "" for Kibana.
	Product string
	// Header is added to every reply (a 7.x Warning, for instance).
	Header http.Header
	// Unmatched answers requests no route matches; nil gives Elasticsearch's
	// 400 "no handler found for uri [...] and method [...]".
	Unmatched func(*http.Request) Response
}

// Request is one request the fake received.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	// Body is the request body (up to 1 MiB), for fakes that record writes.
	Body []byte
	At   time.Time
}

// Server is a running fake.
type Server struct {
	// URL is the base URL (https://127.0.0.1:port or http://...).
	URL string

	srv      *httptest.Server
	errs     errorReplies
	latency  time.Duration
	mu       sync.Mutex
	sc       Scenario
	routes   []route
	anon     []route
	requests []Request
	// inFlight counts requests being answered, maxInFlight the most at once.
	inFlight, maxInFlight int
}

// MaxInFlight is the largest number of requests the server was answering
// at the same time: above one, the client sent them concurrently.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// Option configures a Server.
type Option func(*config)

type config struct {
	tls     bool
	tlsCfg  *tls.Config
	latency time.Duration
}

// WithTLS serves HTTPS. A nil cfg uses httptest's built-in certificate for
// 127.0.0.1 (see Server.Certificate); otherwise cfg's certificates and
// version range are used.
func WithTLS(cfg *tls.Config) Option {
	return func(c *config) { c.tls, c.tlsCfg = true, cfg }
}

// WithLatency delays every reply.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// New starts a fake on loopback and closes it when the test ends.
func New(tb testing.TB, sc Scenario, opts ...Option) *Server {
	tb.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	sc.Routes, sc.Anonymous = maps.Clone(sc.Routes), maps.Clone(sc.Anonymous)
	s := &Server{sc: sc, latency: cfg.latency, errs: loadErrorReplies(tb)}
	if err := s.compile(); err != nil {
		tb.Fatal(err)
	}
	s.srv = httptest.NewUnstartedServer(s)
	// Probes provoke handshake errors on purpose; keep them out of test output.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.tls {
		if cfg.tlsCfg != nil {
			s.srv.TLS = cfg.tlsCfg.Clone()
		}
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

func (s *Server) compile() error {
	routes, err := compileAll(s.sc.Routes)
	if err != nil {
		return err
	}
	anon, err := compileAll(s.sc.Anonymous)
	if err != nil {
		return err
	}
	s.routes, s.anon = routes, anon
	return nil
}

// Set replaces (or adds) the reply for a route key while the fake runs.
func (s *Server) Set(key string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sc.Routes == nil {
		s.sc.Routes = map[string]Response{}
	}
	s.sc.Routes[key] = r
	if err := s.compile(); err != nil {
		panic(err)
	}
}

// Delete removes a route, so the fake answers "no handler found".
func (s *Server) Delete(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sc.Routes, key)
	if err := s.compile(); err != nil {
		panic(err)
	}
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Addr is the host:port the fake listens on.
func (s *Server) Addr() string { return s.srv.Listener.Addr().String() }

// Certificate is the leaf certificate of a TLS fake (nil for plain HTTP).
func (s *Server) Certificate() *x509.Certificate { return s.srv.Certificate() }

// Close stops the fake; it is safe to call twice.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// accepted reports whether an Authorization value is one of the credentials.
func accepted(creds []string, auth string) bool {
	scheme, rest, _ := strings.Cut(auth, " ")
	for _, c := range creds {
		cs, cr, _ := strings.Cut(c, " ")
		if strings.EqualFold(cs, scheme) && cr == rest {
			return true
		}
	}
	return false
}
