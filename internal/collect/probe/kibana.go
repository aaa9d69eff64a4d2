package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
)

// Kibana probes a Kibana base URL without credentials: the login page
// (GET /login, else GET / without following redirects) for its response
// headers, GET /api/status for whether it answers anonymously, and, for an
// https URL, the TLS facts of the port. Header names are lower-cased; repeated
// headers are joined with ", ".
func Kibana(ctx context.Context, url string, tlsCfg TLSOptions, timeout time.Duration) *inventory.KibanaHTTP {
	out := &inventory.KibanaHTTP{URL: url, Headers: map[string]string{}}
	if timeout <= 0 {
		timeout = defaultProbeTimeout
	}
	base := strings.TrimRight(url, "/")
	t, err := parseEndpoint(base)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	if u, err := neturl.Parse(base); err == nil && u.User != nil {
		// Go's client would send user:password@ as Basic authentication;
		// the probes are unauthenticated by design.
		out.Error = fmt.Sprintf("kibana url %q holds credentials: the probes send none", u.Redacted())
		return out
	}
	if t.scheme != "http" && t.scheme != "https" {
		out.Error = fmt.Sprintf("kibana url %q: scheme must be http or https", url)
		return out
	}
	if t.scheme == "https" {
		tctx, cancel := context.WithTimeout(ctx, timeout)
		probe := TLS(tctx, url, tlsCfg)
		silent := !probe.SpeaksTLS && tctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
		cancel()
		out.TLS = &probe
		if silent {
			// No handshake answer in time: the HTTP requests would each
			// wait as long again.
			out.Error = fmt.Sprintf("kibana %s: no answer within %s (TLS handshake); the HTTP requests were not sent", url, timeout)
			return out
		}
	}
	client, err := noRedirectClient(tlsCfg, timeout)
	if err != nil {
		out.Error = fmt.Sprintf("kibana %s: %v", url, err)
		return out
	}
	defer client.CloseIdleConnections()

	res, err := get(ctx, client, base+"/login")
	if err == nil && res.StatusCode == http.StatusNotFound {
		res, err = get(ctx, client, base+"/")
	}
	if err != nil {
		out.Error = withHint(err)
		return out
	}
	out.Reachable = true
	out.Status = res.StatusCode
	for name, values := range res.Header {
		out.Headers[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	if st, err := get(ctx, client, base+"/api/status"); err == nil {
		out.StatusAPIAnonymous = st.StatusCode
	} else {
		out.Error = withHint(err)
	}
	return out
}

// noRedirectClient is an HTTP client that sends no credentials and returns
// redirects as they are.
func noRedirectClient(tlsCfg TLSOptions, timeout time.Duration) (*http.Client, error) {
	cfg, err := tlsCfg.ClientConfig()
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, nil
}

// get does one GET and drains the body (only status and headers are kept).
func get(ctx context.Context, c *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("build request for %s: %w", u, err)
	}
	res, err := c.Do(req)
	if err != nil {
		// Drop url.Error's quoting of the URL: the message names it below.
		var uerr *neturl.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("get %s: %w", u, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	_ = res.Body.Close()
	return res, nil
}
