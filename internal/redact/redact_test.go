package redact

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
)

// TestScrubEscapedForms: a secret quoted in JSON (a report, or a server's
// error body in a message) or in HTML is as much a leak as the secret.
func TestScrubEscapedForms(t *testing.T) {
	const secret = `pa"ss<wo>rd&'+x\y`
	var s Secrets
	s.Add(secret)
	jsonText, _ := json.Marshal(map[string]string{"reason": "bad password " + secret})
	var tmpl strings.Builder
	_ = template.Must(template.New("").Parse(`<p>{{.}}</p>`)).Execute(&tmpl, secret)
	for name, text := range map[string]string{
		"raw":          "error: " + secret,
		"json":         string(jsonText),
		"json-no-html": `{"reason":"pa\"ss<wo>rd&'+x\\y"}`,
		"html":         tmpl.String(),
		"xml-or-html":  "pa&#34;ss&lt;wo&gt;rd&amp;&#39;+x\\y",
	} {
		got := s.Scrub(text)
		if !strings.Contains(got, Mask) || strings.Contains(got, "ss<wo") || strings.Contains(got, "wo&gt;rd") || strings.Contains(got, `wo\u003erd`) {
			t.Errorf("%s: Scrub(%q) = %q", name, text, got)
		}
	}
}

// TestScrubLongestFirst: a secret that holds another is masked whole.
func TestScrubLongestFirst(t *testing.T) {
	var s Secrets
	s.Add("abcd")
	s.Add("abcdefgh-longer")
	if got := s.Scrub("x abcdefgh-longer y"); got != "x "+Mask+" y" {
		t.Errorf("Scrub = %q", got)
	}
}

// TestSecretsConcurrentAdd: deployments are collected in parallel; no Add
// may be lost.
func TestSecretsConcurrentAdd(t *testing.T) {
	var s Secrets
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() { s.Add(fmt.Sprintf("secret-%03d", i)) })
	}
	wg.Wait()
	for i := range 64 {
		if v := fmt.Sprintf("secret-%03d", i); s.Scrub(v) != Mask {
			t.Errorf("%s was lost", v)
		}
	}
}

func TestCredentialForms(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte("id-1:api-key-secret"))
	token := base64.RawStdEncoding.EncodeToString([]byte("\x00\x01\x00\x01elastic/kibana/t:token-secret"))
	got := CredentialForms("elastic", []byte("pw-1234"), []byte(key), []byte(token))
	want := []string{"pw-1234", base64.StdEncoding.EncodeToString([]byte("elastic:pw-1234")), key, "api-key-secret", token, "token-secret"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("CredentialForms = %q, want %q", got, want)
	}
	if f := CredentialForms("u", nil, nil, nil); len(f) != 0 {
		t.Errorf("no credentials gave %q", f)
	}
}

func TestFeatureSwitchesAreNotSecret(t *testing.T) {
	for _, name := range []string{"xpack.security.authc.token.enabled", "xpack.security.authc.api_key.enabled", "xpack.security.authc.token.timeout", "xpack.security.authc.api_key.cache.ttl", "server.cors.allowCredentials"} {
		if IsSecretName(name) {
			t.Errorf("%s treated as secret", name)
		}
	}
	for _, name := range []string{"bootstrap.password", "xpack.security.http.ssl.keystore.secure_password", "elasticsearch.serviceAccountToken", "xpack.security.encryptionKey", "s3.client.default.secret_key"} {
		if !IsSecretName(name) {
			t.Errorf("%s not treated as secret", name)
		}
	}
}

func TestCommonWordsAreNotScrubbed(t *testing.T) {
	var s Secrets
	s.Add("true")
	s.Add("9200")
	s.Add("hunter2-real")
	got := s.Scrub(`{"secret": true, "port": 9200, "p": "hunter2-real"}`)
	if got != `{"secret": true, "port": 9200, "p": "`+Mask+`"}` {
		t.Errorf("scrubbed %q", got)
	}
}

func TestURLPasswords(t *testing.T) {
	tests := []struct {
		in, want string
		found    []string
	}{
		{"https://kibana:S3cret!@es01:9200", "https://kibana:" + Mask + "@es01:9200", []string{"S3cret!"}},
		{"http://es:9200", "http://es:9200", nil},
		{"http://user@es:9200", "http://user@es:9200", nil},
		{`["https://a:p1@h1:9200", "https://b:p2@h2"]`, `["https://a:` + Mask + `@h1:9200", "https://b:` + Mask + `@h2"]`, []string{"p1", "p2"}},
		{"not a url: a@b", "not a url: a@b", nil},
	}
	for _, tt := range tests {
		got, found := URLPasswords(tt.in)
		if got != tt.want || len(found) != len(tt.found) {
			t.Errorf("%q: got %q %v, want %q %v", tt.in, got, found, tt.want, tt.found)
		}
	}
}
