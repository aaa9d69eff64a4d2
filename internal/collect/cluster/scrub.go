package cluster

import (
	"github.com/essec-dev/essec/internal/redact"
)

// scrubber removes secrets from what comes back from the network before it
// is stored or logged. essec never puts credentials into messages itself;
// this guards against servers and proxies that echo them, and keeps the
// values of secret-looking fields of API bodies (a deprecated plain-text
// password in the cluster settings, a token in a user's metadata) out of
// the document.
type scrubber struct {
	// all are the connection's credential forms, for error messages.
	all []string
	// unambiguous are those that can be replaced inside evidence without
	// changing it: a password "elastic" must not turn the user elastic
	// into [REDACTED] in the users body.
	unambiguous []string
}

func newScrubber(o Options) *scrubber {
	s := &scrubber{}
	for _, v := range redact.CredentialForms(o.Username, o.Password, o.APIKey, o.ServiceToken) {
		s.all = append(s.all, v)
		if redact.Unambiguous(v) {
			s.unambiguous = append(s.unambiguous, v)
		}
	}
	return s
}

// String scrubs an error message: every credential form standing as a
// whole token is replaced.
func (s *scrubber) String(text string) string {
	return redact.ScrubTokens(text, s.all...)
}

// Value scrubs decoded JSON evidence: a string under a key whose dotted
// path names a secret setting or field is masked, and unambiguous
// credential forms are replaced in every string and map key.
func (s *scrubber) Value(v any) any {
	return s.value("", v)
}

func (s *scrubber) value(path string, v any) any {
	switch t := v.(type) {
	case string:
		if t != "" && path != "" && redact.IsSecretName(path) {
			return redact.Mask
		}
		return redact.ScrubTokens(t, s.unambiguous...)
	case []any:
		for i := range t {
			t[i] = s.value(path, t[i])
		}
		return t
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			p := k
			if path != "" {
				p = path + "." + k
			}
			out[redact.ScrubTokens(k, s.unambiguous...)] = s.value(p, e)
		}
		return out
	}
	return v
}
