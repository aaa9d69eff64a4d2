package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/essec-dev/essec/internal/collect/probe"
)

// Error classes of inventory.APICall.ErrorClass.
const (
	ClassCredentials      = "credentials"       // 401: the credentials were refused
	ClassPrivilege        = "privilege"         // 403: the identity lacks a cluster privilege
	ClassSecurityDisabled = "security_disabled" // the security feature is off, so the API is absent
	ClassNotFound         = "not_found"         // 404, 405, or no such endpoint
	ClassTimeout          = "timeout"           // no answer in time, 408, 504, or cancelled
	ClassRefused          = "refused"           // no connection, or closed without an answer
	ClassTLS              = "tls"               // handshake or certificate verification failed
	ClassMalformed        = "malformed"         // a 2xx that is not JSON, or not from Elasticsearch
	ClassServer           = "server"            // 5xx and other refusals
)

// unknownProduct is part of go-elasticsearch's product-check error, which
// has no exported sentinel.
const unknownProduct = "unknown product"

// classifyError turns a transport error into a class and a message. scheme
// is the URL's scheme, to hint at an http/https mix-up.
func classifyError(err error, scheme string) (class, msg string) {
	if isTLS, hint := probe.TLSError(err); isTLS {
		if hint != "" {
			return ClassTLS, err.Error() + "; hint: " + hint
		}
		return ClassTLS, err.Error()
	}
	var ne net.Error
	var limit *BodyLimitError
	switch {
	case errors.As(err, &limit):
		return ClassMalformed, limit.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return ClassTimeout, "no answer in time: " + err.Error()
	case errors.Is(err, context.Canceled):
		return ClassTimeout, "cancelled: " + err.Error()
	case strings.Contains(err.Error(), unknownProduct):
		return ClassMalformed, "the answer lacks the header X-Elastic-Product: Elasticsearch (not Elasticsearch, " +
			"Elasticsearch older than 7.14, or a proxy that drops the header): " + err.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassRefused, "connection refused: " + err.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		strings.Contains(err.Error(), "server closed"), strings.Contains(err.Error(), "EOF"):
		msg = "the server closed the connection without answering: " + err.Error()
		if scheme == "http" {
			msg += "; hint: " + probe.HintPlainToTLS
		}
		return ClassRefused, msg
	}
	return ClassRefused, err.Error()
}

// classifyStatus classifies a non-2xx answer of call c. privilege is the
// least privilege the 403 body names, if any.
func classifyStatus(c call, status int, body []byte) (class, privilege, reason string) {
	reason = errorReason(body)
	lower := strings.ToLower(reason)
	switch {
	case status == http.StatusUnauthorized:
		return ClassCredentials, "", reason
	case status == http.StatusForbidden:
		return ClassPrivilege, grantedBy(reason), reason
	case strings.Contains(lower, "security must be explicitly enabled"),
		strings.Contains(lower, "security is not enabled"):
		return ClassSecurityDisabled, "", reason
	case status == http.StatusBadRequest && strings.Contains(lower, "no handler found"):
		if c.security {
			return ClassSecurityDisabled, "", reason
		}
		return ClassNotFound, "", reason
	case status == http.StatusBadRequest && strings.Contains(lower, "http request to an https server"):
		return ClassTLS, "", reason + "; hint: " + probe.HintPlainToTLS
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		return ClassNotFound, "", reason
	case status == http.StatusRequestTimeout, status == http.StatusGatewayTimeout:
		return ClassTimeout, "", reason
	}
	return ClassServer, "", reason
}

// grantedBy reads the first (least) privilege of Elasticsearch's 403 text
// "... this action is granted by the cluster privileges [read_security,manage_security,all]".
func grantedBy(reason string) string {
	const marker = "granted by the cluster privileges ["
	_, rest, ok := strings.Cut(reason, marker)
	if !ok {
		return ""
	}
	list, _, _ := strings.Cut(rest, "]")
	first, _, _ := strings.Cut(list, ",")
	return strings.TrimSpace(first)
}

// errorReason extracts Elasticsearch's error text: error.reason (an
// object) or error (a string, as in "no handler found"), else the start of
// the body.
func errorReason(body []byte) string {
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Error) > 0 {
		var s string
		if json.Unmarshal(env.Error, &s) == nil {
			return s
		}
		var obj struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		}
		if json.Unmarshal(env.Error, &obj) == nil && obj.Reason != "" {
			if obj.Type != "" {
				return obj.Type + ": " + obj.Reason
			}
			return obj.Reason
		}
	}
	text := strings.TrimSpace(string(body))
	if len(text) > 300 {
		text = text[:300] + "..."
	}
	if text == "" {
		return "empty body"
	}
	return text
}

// statusText is "403 Forbidden".
func statusText(status int) string {
	return fmt.Sprintf("%d %s", status, http.StatusText(status))
}
