package target

import (
	"fmt"
	"net/url"
)

// CheckURL validates an endpoint URL given by the user: what names where it
// came from ("--kibana-url", "inventory x.yaml, deployment prod,
// kibana.urls"), hint says where credentials belong instead. The URL must be
// http or https with a host; a query or fragment is refused (essec appends
// API paths); user:password@ is refused because the URL would carry a
// secret into messages and reports, and because Go's HTTP client would send
// it as Basic authentication even on the unauthenticated probes. A refused
// URL is never echoed with its password.
func CheckURL(what, raw, hint string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		shown := raw
		if err != nil {
			shown = "(unparsable URL)"
		} else if u.User != nil {
			shown = redactedUser(u)
		}
		return fmt.Errorf("%s %q: want http://HOST:PORT or https://HOST:PORT (the scheme is required)", what, shown)
	}
	if u.User != nil {
		return fmt.Errorf("%s %q holds credentials in the URL (user:password@, removed here): %s", what, redactedUser(u), hint)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return fmt.Errorf("%s %q: a query or fragment is not allowed", what, redactedUser(u))
	}
	return nil
}

// redactedUser shows a URL without its user information at all (the user
// name can be a token).
func redactedUser(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// Hints for CheckURL.
const (
	HintESCredentials     = "pass --user with ESSEC_PASSWORD or --password-file, --api-key-file or --service-token-file instead"
	HintKibanaCredentials = "the Kibana probes are unauthenticated: drop user:password@ from the URL"
	HintExportCredentials = "pass --export-user with ESSEC_EXPORT_PASSWORD or --export-password-file, or --export-api-key-file, instead"
	HintInventoryES       = "name the credentials under elasticsearch.auth (password_env, password_file, api_key_file, ...) instead"
)
