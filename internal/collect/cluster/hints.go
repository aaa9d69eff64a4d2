package cluster

import (
	"fmt"
	"strings"
	"time"
)

// hintMarker starts the part of an error that says what to do; an error
// that already has one (a TLS trust problem, an http/https mix-up) keeps it.
const hintMarker = "; hint: "

// withHint appends to msg what the user can do about an error of class, so
// that every unknown finding quoting a failed call says how to get the
// evidence. privilege is the least privilege a 403 names ("" when unknown).
func withHint(msg, class, privilege string, o Options) string {
	if msg == "" || class == "" || strings.Contains(msg, hintMarker) {
		return msg
	}
	h := hint(class, privilege, o)
	if h == "" {
		return msg
	}
	return msg + hintMarker + h
}

func hint(class, privilege string, o Options) string {
	switch class {
	case ClassCredentials:
		return credentialsHint(o)
	case ClassPrivilege:
		if privilege != "" {
			return fmt.Sprintf("grant the identity essec uses the cluster privilege %s", privilege)
		}
		return "grant the identity essec uses the cluster privileges monitor and read_security"
	case ClassSecurityDisabled:
		return "security is disabled on the cluster, so this API does not exist: enable it (xpack.security.enabled: true, see MIN-01)"
	case ClassNotFound:
		return "check that --url points at Elasticsearch itself, without a path prefix or a proxy that rewrites paths"
	case ClassTimeout:
		return fmt.Sprintf("raise --timeout (now %s) or check the cluster's load and the network path to it", o.Timeout.Round(time.Millisecond))
	case ClassRefused:
		return "check that Elasticsearch is running and listening at --url (host, port, http or https) and that no firewall blocks it"
	case ClassTLS:
		return "check the TLS versions the endpoint accepts and the certificate it presents (--ca-cert or --ca-fingerprint)"
	case ClassMalformed:
		return "check that --url points at Elasticsearch itself and not at a proxy or another service"
	case ClassServer:
		return "the cluster failed to answer this call: see its logs, then audit again"
	}
	return ""
}

func credentialsHint(o Options) string {
	switch o.authKind() {
	case "basic":
		return fmt.Sprintf("check the password of --user %s (ESSEC_PASSWORD or --password-file)", o.Username)
	case "api_key":
		return "check the API key (ESSEC_API_KEY or --api-key-file): it may be wrong, expired or invalidated"
	case "service_token":
		return "check the service token (ESSEC_SERVICE_TOKEN or --service-token-file): it may be wrong or deleted"
	}
	return "the cluster requires credentials: pass --user with ESSEC_PASSWORD, --api-key-file or --service-token-file"
}
