// Package redact decides which settings are secret and turns secret values
// into what essec may keep: a length, a keyed digest that only compares
// values within one run, and a placeholder flag. It never stores a value.
package redact

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Mask is printed wherever a secret would have been.
const Mask = "[REDACTED]"

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

// CredentialForms returns the texts that betray a connection's
// credentials: each value itself, the Basic value base64(user:password),
// and the secret part of an API key (base64 of id:key) or a service token
// (base64 of \0\1\0\1name:secret). A server or proxy that echoes a
// request's Authorization header, or the credentials it decoded, sends
// these back, so all of them must be scrubbed, not only the values given.
func CredentialForms(user string, password, apiKey, serviceToken []byte) []string {
	var out []string
	if len(password) > 0 {
		out = append(out, string(password), base64.StdEncoding.EncodeToString([]byte(user+":"+string(password))))
	}
	for _, tok := range [][]byte{apiKey, serviceToken} {
		if len(tok) == 0 {
			continue
		}
		out = append(out, string(tok))
		if dec, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(string(tok), "=")); err == nil {
			if i := strings.LastIndexByte(string(dec), ':'); i >= 0 {
				out = append(out, string(dec[i+1:]))
			}
		}
	}
	return out
}
