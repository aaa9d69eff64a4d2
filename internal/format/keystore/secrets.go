package keystore

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"unicode/utf8"
)

// Keystore kinds reported in Info.Kind.
const (
	KindElasticsearch = "elasticsearch"
	KindKibana        = "kibana"
)

// Info is what essec keeps about a keystore: never the values.
type Info struct {
	// Kind is KindElasticsearch or KindKibana.
	Kind string
	// FormatVersion is 3..7 for Elasticsearch keystores and 1 for Kibana ones.
	// It is 0 when the file is too damaged to tell.
	FormatVersion int
	// PasswordProtected is true when a password (not the empty one) is needed
	// to decrypt the keystore.
	PasswordProtected bool
	// Decrypted is false when the keystore is protected and no password, or a
	// wrong one, was given.
	Decrypted bool
	// Entries holds the sorted entry names; nil when not decrypted.
	Entries []string
	// EntryTypes maps each entry name to its declared type ("STRING" or
	// "FILE"). Only format version 3 records types; nil otherwise.
	EntryTypes map[string]string
}

// Secrets holds decrypted keystore values in memory only, for essec's own use
// (for example the password of a PKCS#12 file). Every way of printing or
// logging it yields "[REDACTED n entries]".
//
// The formatting methods have value receivers so that printing a Secrets
// value, not only a pointer, is redacted too.
type Secrets struct{ values map[string][]byte }

// newSecrets wraps values, which the Secrets then owns.
func newSecrets(values map[string][]byte) *Secrets {
	return &Secrets{values: values}
}

// Get returns a copy of the value of entry name and whether it exists.
func (s *Secrets) Get(name string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	v, ok := s.values[name]
	if !ok {
		return nil, false
	}
	return bytes.Clone(v), true
}

// Len returns the length in characters (UTF-8 runes) of the string entry
// name. ok is false when the entry does not exist or is not valid UTF-8 text
// (a file entry holding binary data, for example).
func (s *Secrets) Len(name string) (n int, ok bool) {
	if s == nil {
		return 0, false
	}
	v, found := s.values[name]
	if !found || !utf8.Valid(v) {
		return 0, false
	}
	return utf8.RuneCount(v), true
}

// Count returns the number of entries.
func (s *Secrets) Count() int {
	if s == nil {
		return 0
	}
	return len(s.values)
}

// Wipe overwrites every value with zeros and forgets the entries. Copies
// already returned by Get are not affected.
func (s *Secrets) Wipe() {
	if s == nil {
		return
	}
	for name, v := range s.values {
		clear(v)
		delete(s.values, name)
	}
}

// String returns "[REDACTED n entries]" so that accidental printing leaks
// nothing.
func (s Secrets) String() string {
	return fmt.Sprintf("[REDACTED %d entries]", len(s.values))
}

// GoString makes %#v redacted too.
func (s Secrets) GoString() string { return s.String() }

// Format makes every fmt verb (%v, %+v, %s, %q, %x, ...) print the redacted
// form.
func (s Secrets) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, s.String())
}

// LogValue makes log/slog print the redacted form.
func (s Secrets) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText makes encoders that honour encoding.TextMarshaler (JSON, YAML)
// write the redacted form.
func (s Secrets) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
