package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/essec-dev/essec/internal/inventory"
)

// anonymousPaths are requested without credentials on every URL: GET /
// shows whether the HTTP layer demands authentication, and
// _security/_authenticate who an anonymous caller is.
func anonymousPaths() []string { return []string{"/", "/_security/_authenticate"} }

// anonymousClient sends requests without credentials over the shared
// transport and returns redirects as they are.
func anonymousClient(rt http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     rt,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// anonymous sends one unauthenticated GET.
func anonymous(ctx context.Context, client *http.Client, base, path string, o Options) inventory.AnonymousProbe {
	target := strings.TrimRight(base, "/") + path
	out := inventory.AnonymousProbe{URL: target}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		out.Error = fmt.Sprintf("anonymous GET %s: %v", target, err)
		return out
	}
	res, err := client.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		class, msg := classifyError(err, req.URL.Scheme)
		out.Error = withHint(fmt.Sprintf("anonymous GET %s: %s", target, msg), class, "", o)
		return out
	}
	defer res.Body.Close()
	out.Status = res.StatusCode
	out.WWWAuthenticate = strings.Join(res.Header.Values("Www-Authenticate"), ", ")
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return out
	}
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBody+1))
	if err != nil {
		out.Error = fmt.Sprintf("anonymous GET %s: read body: %v", target, err)
		return out
	}
	body, err := decodeJSON(data)
	if err != nil {
		out.Error = fmt.Sprintf("anonymous GET %s: %s with %v", target, statusText(res.StatusCode), err)
		return out
	}
	out.Body = body
	return out
}
