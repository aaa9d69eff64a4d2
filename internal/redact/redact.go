// Package redact decides which settings are secret and turns secret values
// into what essec may keep: a length, a keyed digest that only compares
// values within one run, and a placeholder flag. It never stores a value.
package redact

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Mask is printed wherever a secret would have been.
const Mask = "[REDACTED]"

// IsSecretName reports whether a setting (Elasticsearch, Kibana, or a compose
// environment variable) holds a secret by its name.
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	// User names next to credentials are not secret (the anonymous
	// provider's credentials.username, elasticsearch.username).
	if strings.HasSuffix(n, "username") || strings.HasSuffix(n, ".user") {
		return false
	}
	if strings.Contains(n, "decryptiononlykeys") || strings.HasSuffix(n, "encryptionkey") {
		return true
	}
	for _, s := range []string{"password", "passwd", "secret", "token", "passphrase", "encryptionkey", "encryption_key", "api_key", "apikey", "credential", "access_key", "private_key", "bind_password", "client_secret"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	// secure_* settings of Elasticsearch and *.key values of cloud clients.
	if strings.Contains(n, ".secure_") || strings.HasPrefix(n, "secure_") {
		return true
	}
	if strings.HasSuffix(n, ".key") && (strings.HasPrefix(n, "s3.") || strings.HasPrefix(n, "azure.") || strings.HasPrefix(n, "gcs.")) {
		return true
	}
	return false
}

// Redactor computes digests with a key drawn once per run, so digests are
// comparable inside one document but useless outside it.
type Redactor struct {
	key []byte
}

// New returns a Redactor with a fresh random key.
func New() *Redactor {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return &Redactor{key: k}
}

// NewWithKey returns a Redactor with a fixed key (tests and golden files).
func NewWithKey(key []byte) *Redactor { return &Redactor{key: append([]byte(nil), key...)} }

// Digest is a short keyed hash of a secret value.
func (r *Redactor) Digest(value string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(value))
	return "hmac:" + hex.EncodeToString(m.Sum(nil))[:16]
}

// Length counts characters, as Kibana's minLength does.
func Length(value string) int { return len([]rune(value)) }

// placeholders are example values copied from documentation and templates.
var placeholders = []string{
	"changeme", "changethis", "change_me", "something_at_least_32_characters", "min-32-byte-long",
	"a_random_string", "your_", "<", "xxxxx", "password", "secret", "encryptionkey", "placeholder", "example",
	"12345678901234567890123456789012", "fhjskloppd678ehkdfdlliverpoolfcr", "abcdefghijklmnopqrstuvwxyz",
}

// IsPlaceholder reports whether a secret is a well-known example text.
func IsPlaceholder(value string) bool {
	v := strings.ToLower(strings.TrimSpace(value))
	if v == "" {
		return false
	}
	for _, p := range placeholders {
		if strings.Contains(v, p) {
			return true
		}
	}
	// One repeated character ("aaaa…") is no key.
	return strings.Count(v, v[:1]) == len(v)
}

// Secrets collects secret values seen during a run so that any text about
// to leave the process can be scrubbed of them.
type Secrets struct {
	values []string
}

// Add remembers a secret (values shorter than 4 characters are ignored:
// scrubbing them would mangle ordinary words).
func (s *Secrets) Add(v string) {
	if len(v) >= 4 {
		s.values = append(s.values, v)
	}
}

// Scrub replaces every remembered secret in text with Mask.
func (s *Secrets) Scrub(text string) string {
	if s == nil {
		return text
	}
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, Mask)
	}
	return text
}
