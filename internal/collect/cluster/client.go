package cluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/elastic/go-elasticsearch/v8"

	"github.com/essec-dev/essec/internal/collect/probe"
)

// maxRetries caps the client's retries of 502/503/504 answers and of
// connection errors. Every request essec sends is a GET, so a retry
// repeats nothing.
const maxRetries = 2

// newTransport builds the HTTP transport shared by the authenticated client
// and the anonymous probes. TLS trust (CA, pinned fingerprint, insecure) is
// configured here rather than through the client's CACert and
// CertificateFingerprint: the client's fingerprint dialer ignores the
// context and has no timeout (go-elasticsearch notes §3), and the anonymous
// probes need the same trust.
func newTransport(o Options) (http.RoundTripper, error) {
	rt, err := baseTransport(o)
	if err != nil {
		return nil, err
	}
	return o.Budget.Transport(rt), nil
}

// baseTransport is the HTTP transport before the body budget.
func baseTransport(o Options) (http.RoundTripper, error) {
	if o.Transport != nil {
		return o.Transport, nil
	}
	cfg, err := o.tlsOptions().ClientConfig()
	if err != nil {
		return nil, err
	}
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("http.DefaultTransport is not an *http.Transport")
	}
	t := base.Clone()
	t.TLSClientConfig = cfg
	t.DialContext = (&net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = o.Timeout
	t.ResponseHeaderTimeout = o.Timeout
	t.MaxIdleConnsPerHost = o.Concurrency
	return t, nil
}

// newClient builds the authenticated go-elasticsearch client.
func newClient(o Options, rt http.RoundTripper) (*elasticsearch.Client, error) {
	cfg := elasticsearch.Config{
		Addresses:         o.URLs,
		Transport:         rt,
		MaxRetries:        maxRetries,
		RetryOnError:      retryOnError(len(o.URLs)),
		RetryBackoff:      func(attempt int) time.Duration { return time.Duration(attempt) * 100 * time.Millisecond },
		DisableMetaHeader: true,
	}
	switch o.authKind() {
	case "api_key":
		cfg.APIKey = string(o.APIKey)
	case "service_token":
		cfg.ServiceToken = string(o.ServiceToken)
	case "basic":
		cfg.Username, cfg.Password = o.Username, string(o.Password)
	}
	c, err := elasticsearch.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("create elasticsearch client: %w", err)
	}
	return c, nil
}

// retryOnError retries connection failures of reads only, and never a
// timeout, a cancellation or a TLS failure, which would fail again. A
// refused connection or an unknown host is retried only when another node
// can take the request.
func retryOnError(nodes int) func(*http.Request, error) bool {
	return func(req *http.Request, err error) bool {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return false
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return false
		}
		if isTLS, _ := probe.TLSError(err); isTLS {
			return false
		}
		var dns *net.DNSError
		if errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dns) {
			return nodes > 1
		}
		return true
	}
}
