package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8"

	"github.com/essec-dev/essec/internal/inventory"
)

// maxBody caps a response body a second time, for a transport without a
// Budget (the Budget's per-response limit normally ends the read first).
const maxBody = DefaultResponseLimit

// outcome is the result of one call.
type outcome struct {
	call inventory.APICall
	body any // decoded JSON of a 2xx answer, else nil
}

// perform sends one GET through the client and classifies what came back.
func perform(ctx context.Context, es *elasticsearch.Client, c call, timeout time.Duration) (out outcome) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out = outcome{call: inventory.APICall{Path: c.path}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.path, nil)
	if err != nil {
		out.call.ErrorClass, out.call.Error = ClassMalformed, fmt.Sprintf("build request GET %s: %v", c.path, err)
		return out
	}
	start := time.Now()
	res, err := es.Perform(req)
	defer func() { out.call.DurationMS = time.Since(start).Milliseconds() }()
	// The transport filled in the node's scheme and host.
	// Callers key errors by call name, so the message names the endpoint.
	where := "GET " + req.URL.Redacted()
	scheme := req.URL.Scheme
	if err != nil {
		class, msg := classifyError(err, scheme)
		out.call.ErrorClass, out.call.Error = class, where+": "+msg
		return out
	}
	defer res.Body.Close()
	out.call.Status = res.StatusCode
	data, err := io.ReadAll(io.LimitReader(res.Body, maxBody+1))
	if err != nil {
		class, msg := classifyError(err, scheme)
		if class == ClassRefused {
			class = ClassMalformed
		}
		out.call.ErrorClass, out.call.Error = class, where+": read body: "+msg
		return out
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		class, priv, reason := classifyStatus(c, res.StatusCode, data)
		out.call.ErrorClass, out.call.Privilege = class, priv
		out.call.Error = fmt.Sprintf("%s: %s: %s", where, statusText(res.StatusCode), reason)
		return out
	}
	body, err := decodeJSON(data)
	if err != nil {
		out.call.ErrorClass, out.call.Error = ClassMalformed, fmt.Sprintf("%s: %s with %v", where, statusText(res.StatusCode), err)
		return out
	}
	out.body = body
	return out
}

// decodeJSON decodes one JSON value, keeping numbers exact (json.Number).
func decodeJSON(data []byte) (any, error) {
	if len(data) > maxBody {
		return nil, fmt.Errorf("a body larger than %d bytes", maxBody)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("a body that is not JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("a body with data after the JSON value")
	}
	return v, nil
}
