package esexport

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// retrying sends a request again when Elasticsearch answers 429 Too Many
// Requests. The client's own retries cover 502/503/504 but not 429, and the
// export cannot rely on how the caller configured its client.
type retrying struct {
	next esapi.Transport
	opts Options
}

func newRetrying(next esapi.Transport, opts Options) *retrying {
	return &retrying{next: next, opts: opts}
}

// Perform implements esapi.Transport.
func (t *retrying) Perform(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
	}
	for attempt := 0; ; attempt++ {
		r := req.Clone(req.Context())
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		res, err := t.next.Perform(r)
		if err != nil || res.StatusCode != http.StatusTooManyRequests || attempt >= maxRetries(t.opts) {
			return res, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err := sleep(req.Context(), backoff(t.opts, attempt+1)); err != nil {
			return nil, err
		}
	}
}
