// Package redact decides which settings are secret and turns secret values
// into what essec may keep: a length, a keyed digest that only compares
// values within one run, and a placeholder flag. It never stores a value.
package redact

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"slices"
	"strings"
	"sync"
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
	// Switches and parameters of a secret-handling feature are not secrets:
	// xpack.security.authc.token.enabled, api_key.cache.ttl, ...
	if settingParameter(n[strings.LastIndex(n, ".")+1:]) {
		return false
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

// Secrets collects secret values seen during a run so that any text about
// to leave the process can be scrubbed of them. It is safe for concurrent
// use: deployments are collected in parallel, and a lost Add would be a
// secret left unscrubbed.
type Secrets struct {
	mu sync.RWMutex
	// forms are the values and their escaped forms, longest first so that a
	// secret holding another is masked whole.
	forms []string
}

// Add remembers a secret (values shorter than 4 characters are ignored:
// scrubbing them would mangle ordinary words).
func (s *Secrets) Add(v string) {
	if len(v) < 4 || commonWord(v) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range escapedForms(v) {
		if !slices.Contains(s.forms, f) {
			s.forms = append(s.forms, f)
		}
	}
	slices.SortStableFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
}

// Scrub replaces every remembered secret in text with Mask.
func (s *Secrets) Scrub(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.forms {
		text = strings.ReplaceAll(text, v, Mask)
	}
	return text
}

// htmlTemplateEscaper escapes as html/template does in text ('+' too).
var htmlTemplateEscaper = strings.NewReplacer(`"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// escapedForms are the ways a value reads in the text essec writes: as is,
// inside a JSON string (encoding/json's HTML-safe escaping or not: reports,
// and error bodies quoted from servers), and escaped for HTML or XML.
func escapedForms(v string) []string {
	forms := []string{v}
	add := func(f string) {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(escapeHTML)
		if err := enc.Encode(v); err == nil {
			add(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(b.String(), `"`), "\n"), `"`))
		}
	}
	add(html.EscapeString(v))
	add(htmlTemplateEscaper.Replace(v))
	return forms
}

// settingParameter names the last segments of settings that configure a
// feature rather than hold its secret.
func settingParameter(last string) bool {
	switch last {
	case "enabled", "timeout", "type", "path", "algorithm", "hash_algo", "ttl", "order",
		"size", "max_size", "max_tokens", "expiration", "interval", "retention_period",
		"delete_interval", "delete_timeout", "format", "mode", "verification_mode",
		"allowcredentials": // Kibana's server.cors.allowCredentials (a boolean)
		return true
	}
	return false
}

// commonWord reports values too common to be scrubbed from output without
// mangling it (booleans, short numbers such as ports): a secret that is one
// is no secret.
func commonWord(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "null", "none", "yes", "no":
		return true
	}
	if len(v) >= 8 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// URLPasswords finds URLs with a password in their user info
// ("scheme://user:password@host") anywhere in text, and returns the text
// with each password replaced by Mask, and the passwords found.
func URLPasswords(text string) (string, []string) {
	var found []string
	var b strings.Builder
	rest := text
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		b.WriteString(rest[:i+3])
		rest = rest[i+3:]
		// The authority ends at the first /, ?, # or white space.
		end := strings.IndexAny(rest, "/?# \t,\"'")
		if end < 0 {
			end = len(rest)
		}
		at := strings.LastIndex(rest[:end], "@")
		colon := strings.Index(rest[:max(at, 0)], ":")
		if at > 0 && colon >= 0 && colon+1 < at {
			found = append(found, rest[colon+1:at])
			b.WriteString(rest[:colon+1] + Mask)
			rest = rest[at:]
		}
	}
	b.WriteString(rest)
	return b.String(), found
}
