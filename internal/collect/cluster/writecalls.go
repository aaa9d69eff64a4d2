package cluster

import (
	"strings"
)

// DescribeFailure classifies a failed request that essec fix sends (a
// write, or the privileges check) with the same error classes and hints as
// the audit's calls. err is the transport error, or nil with the status
// and body of a non-2xx answer. The message never holds the request body.
func DescribeFailure(o Options, path string, err error, status int, body []byte) (class, msg string) {
	o = o.withDefaults()
	scheme := "https"
	if len(o.URLs) > 0 && strings.HasPrefix(o.URLs[0], "http:") {
		scheme = "http"
	}
	if err != nil {
		class, msg = classifyError(err, scheme)
		return class, withHint(msg, class, "", o)
	}
	c := call{name: path, path: path, security: strings.HasPrefix(path, "/_security") || strings.HasPrefix(path, "/_ssl")}
	class, privilege, reason := classifyStatus(c, status, body)
	return class, withHint(statusText(status)+": "+reason, class, privilege, o)
}
