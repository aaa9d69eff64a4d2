package cluster

import (
	"strings"

	"github.com/essec-dev/essec/internal/redact"
)

// minSecretLen is the shortest secret the scrubber replaces: shorter
// strings would mangle unrelated text, and Elasticsearch refuses passwords
// shorter than 6 characters anyway.
const minSecretLen = 4

// scrubber removes credential values (and their encodings) from text
// that comes back from the network before it is stored or logged. essec
// never puts credentials into messages itself; this guards against servers
// and proxies that echo them.
type scrubber struct {
	secrets []string
}

func newScrubber(o Options) *scrubber {
	s := &scrubber{}
	for _, v := range redact.CredentialForms(o.Username, o.Password, o.APIKey, o.ServiceToken) {
		if len(v) >= minSecretLen {
			s.secrets = append(s.secrets, v)
		}
	}
	return s
}

// String replaces every secret in text.
func (s *scrubber) String(text string) string {
	for _, v := range s.secrets {
		text = strings.ReplaceAll(text, v, redact.Mask)
	}
	return text
}

// Value scrubs every string inside decoded JSON, map keys included.
func (s *scrubber) Value(v any) any {
	if len(s.secrets) == 0 {
		return v
	}
	switch t := v.(type) {
	case string:
		return s.String(t)
	case []any:
		for i := range t {
			t[i] = s.Value(t[i])
		}
		return t
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[s.String(k)] = s.Value(e)
		}
		return out
	}
	return v
}
