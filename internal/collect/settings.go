package collect

import (
	"strings"
	"sync"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

// secretBag holds secret values of one component in memory, for essec's own
// use (opening PKCS#12 files); it is never serialised.
type secretBag struct {
	values map[string]secretValue
}

type secretValue struct {
	value  []byte
	source string
}

func newSecretBag() *secretBag { return &secretBag{values: map[string]secretValue{}} }

func (b *secretBag) put(name string, v []byte, source string) {
	b.values[name] = secretValue{value: v, source: source}
}

// lookup returns a copy of a secret by setting name (the certs package
// wipes what it is given after use).
func (b *secretBag) lookup(name string) ([]byte, string, bool) {
	v, ok := b.values[name]
	if !ok {
		return nil, "", false
	}
	return append([]byte(nil), v.value...), v.source, true
}

// RedactSettings turns parsed entries into evidence with secret values
// removed (for essec inspect); seen collects the secrets for scrubbing.
func RedactSettings(f *yamlconf.File, source string, r *redact.Redactor, seen *redact.Secrets) map[string]inventory.Setting {
	return convertSettings(f, source, r, newSecretBag(), seen, redact.IsSecretName)
}

// secretNames remembers which setting names are secret for one
// deployment: every node of a fleet names the same settings, and the
// name rules (globs over dozens of patterns) cost more than the rest of
// a setting's conversion. Safe for concurrent use.
type secretNames struct{ m sync.Map }

func (s *secretNames) isSecret(name string) bool {
	if v, ok := s.m.Load(name); ok {
		return v.(bool)
	}
	secret := redact.IsSecretName(name)
	s.m.Store(name, secret)
	return secret
}

// convertSettings turns parsed entries into evidence: values of secret
// settings are replaced by their length, digest and flags, and remembered in
// bag (and in the run's scrub list) for essec's own use.
func convertSettings(f *yamlconf.File, source string, r *redact.Redactor, bag *secretBag, seen *redact.Secrets, isSecret func(name string) bool) map[string]inventory.Setting {
	out := make(map[string]inventory.Setting, len(f.Entries))
	for name, e := range f.Entries {
		s := inventory.Setting{Source: source, File: f.Path, Line: e.Line, Reference: e.Reference, Unresolved: e.Unresolved}
		if isSecret(name) {
			s.Secret = true
			s.List = []string{}
			if e.Value != "" {
				s.Length = redact.Length(e.Value)
				s.Digest = r.Digest(e.Value)
				s.Placeholder = redact.IsPlaceholder(e.Value)
				bag.put(name, []byte(e.Value), "yaml")
				seen.Add(e.Value)
			}
		} else {
			s.Value = redactURL(e.Value, seen)
			if e.IsList {
				s.List = make([]string, len(e.List))
				for i, v := range e.List {
					s.List[i] = redactURL(v, seen)
				}
			} else {
				s.List = splitList(s.Value)
			}
		}
		out[name] = s
	}
	return out
}

// redactJVMOptions masks the values of -D system properties whose names
// mark them as secret (-Djavax.net.ssl.keyStorePassword=..., -Dhttp.auth=...)
// and passwords in URLs of the others: checks need only the names, and the
// values are remembered for scrubbing.
func redactJVMOptions(opts []string, seen *redact.Secrets) []string {
	out := make([]string, 0, len(opts))
	for _, o := range opts {
		name, value, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(o), "-D"), "=")
		if ok && value != "" && redact.IsSecretJVMProperty(name) {
			seen.Add(value)
			o = "-D" + name + "=" + redact.Mask
		} else {
			o = redactURL(o, seen)
		}
		out = append(out, o)
	}
	return out
}

// splitList reads a scalar the way Elasticsearch reads a list setting given
// as a string: comma-separated.
func splitList(v string) []string {
	if v == "" {
		return []string{}
	}
	parts := strings.Split(v, ",")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mergeSettings overlays over onto base (compose environment over a mounted
// file: the environment wins, as Elasticsearch's -E settings do).
func mergeSettings(base, over map[string]inventory.Setting) map[string]inventory.Setting {
	out := make(map[string]inventory.Setting, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// redactURL masks the password of URLs written with credentials
// (https://user:password@host) in ordinary settings such as
// elasticsearch.hosts, and remembers it for scrubbing.
func redactURL(v string, seen *redact.Secrets) string {
	clean, passwords := redact.URLPasswords(v)
	for _, p := range passwords {
		seen.Add(p)
	}
	return clean
}
