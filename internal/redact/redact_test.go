package redact

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
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
	s.Add("abcd1234")
	s.Add("abcd1234-longer")
	if got := s.Scrub("x abcd1234-longer y"); got != "x "+Mask+" y" {
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

// TestUnambiguous pins the rule for what the last-resort scrub may replace.
func TestUnambiguous(t *testing.T) {
	for v, want := range map[string]bool{
		"pass": false, "elastic": false, "changeme": false, "true": false, "false": false,
		"kibana_system": false, "elasticsearch": false, "not_applicable": false, "12345678901": false,
		"es-node-one.example.com": false, "two words here": false, "8.15.1": false,
		"Changeme1": true, "hunter2-real": true, "CANARY-yaml-tls-pass-7f3a": true, "p@ss:word": true,
		"dXNlcjpzM2NyZXQ=": true, "abc1234": false, // seven characters
	} {
		if got := Unambiguous(v); got != want {
			t.Errorf("Unambiguous(%q) = %t, want %t", v, got, want)
		}
	}
}

// TestScrubWholeTokensOnly: a secret inside a longer word is a different
// word; the same secret standing alone, in quotes, after = or : is masked.
func TestScrubWholeTokensOnly(t *testing.T) {
	var s Secrets
	s.Add("s3cret99")
	for in, want := range map[string]string{
		"s3cret99":                "[REDACTED]",
		`"p":"s3cret99"`:          `"p":"[REDACTED]"`,
		"-Dpw=s3cret99 -Xmx1g":    "-Dpw=[REDACTED] -Xmx1g",
		"user:s3cret99@host":      "user:[REDACTED]@host",
		"xs3cret99 s3cret99x":     "xs3cret99 s3cret99x",
		"s3cret99_suffix":         "s3cret99_suffix",
		"s3cret99s3cret99":        "s3cret99s3cret99",
		"a s3cret99, b s3cret99.": "a [REDACTED], b [REDACTED].",
		"ünis3cret99":             "ünis3cret99",
	} {
		if got := s.Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestScrubNeverChangesMeaning: common-word secrets are never registered,
// so statuses, names and commands survive whatever the passwords were.
func TestScrubNeverChangesMeaning(t *testing.T) {
	var s Secrets
	for _, v := range []string{"pass", "elastic", "changeme", "true", "token", "kibana_system", "9200"} {
		s.Add(v)
	}
	text := `{"status":"pass","user":"elastic","token":true,"cmd":"bin/elasticsearch-reset-password -u kibana_system","port":9200,"hint":"changeme is a placeholder"}`
	if got := s.Scrub(text); got != text {
		t.Errorf("Scrub changed the text:\n%s\n%s", text, got)
	}
	if s.Len() != 0 {
		t.Errorf("%d common-word forms registered", s.Len())
	}
}

// TestScrubProtectedWords: a secret that happens to be a report's node
// name or check id is left alone there.
func TestScrubProtectedWords(t *testing.T) {
	var s Secrets
	s.Add("es-node-01")
	s.Add("other-s3cret-1")
	s.Protect("es-node-01", "ES-HARD-11")
	got := s.Scrub("node es-node-01 leaks other-s3cret-1")
	if got != "node es-node-01 leaks "+Mask {
		t.Errorf("Scrub = %q", got)
	}
}

// TestScrubOverlapping: overlapping secrets are each masked where they
// stand alone, and neither inside a longer name.
func TestScrubOverlapping(t *testing.T) {
	var s Secrets
	s.Add("abc-1234")
	s.Add("1234-xyz9")
	if got := s.Scrub("abc-1234 1234-xyz9 abc-1234-xyz9"); got != Mask+" "+Mask+" abc-1234-xyz9" {
		t.Errorf("Scrub = %q", got)
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
		// Every character a password written into a URL may hold.
		{"https://u:a,b c@h:9200", "https://u:" + Mask + "@h:9200", []string{"a,b c"}},
		{`https://u:q"u'o@h`, "https://u:" + Mask + "@h", []string{`q"u'o`}},
		{"https://u:s/l?q#f@h/path", "https://u:" + Mask + "@h/path", []string{"s/l?q#f"}},
		{"https://u:a@b@c@h:9200/x", "https://u:" + Mask + "@h:9200/x", []string{"a@b@c"}},
		// A list joined with ",", passwords with "," and "@" in it.
		{"https://a:x,y@h1:9200,https://b:p@q@h2:9200", "https://a:" + Mask + "@h1:9200,https://b:" + Mask + "@h2:9200", []string{"x,y", "p@q"}},
	}
	for _, tt := range tests {
		got, found := URLPasswords(tt.in)
		if got != tt.want || strings.Join(found, "\x00") != strings.Join(tt.found, "\x00") {
			t.Errorf("%q: got %q %q, want %q %q", tt.in, got, found, tt.want, tt.found)
		}
	}
}

// FuzzURLPasswords: whatever a password holds, a URL written with it comes
// out masked, alone or in a list, and no input crashes the masker.
func FuzzURLPasswords(f *testing.F) {
	for _, pw := range []string{"p", "a,b c", `q"u'o`, "s/l?q#f", "a@b@c", "ünï", "x\ty"} {
		f.Add("user", pw, "es01:9200", "tail")
	}
	f.Fuzz(func(t *testing.T, user, pw, host, other string) {
		_, _ = URLPasswords(other + user + "://" + pw + "@" + host) // must not panic
		if user == "" || pw == "" || host == "" ||
			strings.ContainsAny(user, ":/?#@ \t\"'[],") || strings.Contains(pw, "://") ||
			strings.ContainsAny(host, "@") || strings.Contains(host, "://") {
			return
		}
		url := "https://" + user + ":" + pw + "@" + host
		for _, text := range []string{url, url + "," + url, "[" + url + ", " + url + "]"} {
			got, found := URLPasswords(text)
			if strings.Contains(got, ":"+pw+"@") {
				t.Fatalf("URLPasswords(%q) = %q: password left", text, got)
			}
			if len(found) == 0 || found[0] != pw {
				t.Fatalf("URLPasswords(%q) found %q, want %q first", text, found, pw)
			}
		}
	})
}

// TestScrubProtectedLocations: a secret equal to a fragment of a path or an
// endpoint the report names (a directory, two components, a host) leaves
// those alone; the same secret elsewhere, and other secrets, are masked.
func TestScrubProtectedLocations(t *testing.T) {
	for _, tc := range []struct{ secret, loc, text string }{
		{"Pr0d-cluster", "/srv/Pr0d-cluster/config/elasticsearch.yml", "read /srv/Pr0d-cluster/config/elasticsearch.yml"},
		{"conf1g/certs", "/srv/es/conf1g/certs/http.p12", "open /srv/es/conf1g/certs/http.p12: permission denied"},
		{"es-h0st-9", "https://es-h0st-9:9200/_security/user", "GET https://es-h0st-9:9200/_security/user: 403"},
		{"es-h0st-9:9200", "https://es-h0st-9:9200/_nodes", "GET https://es-h0st-9:9200/_nodes"},
		{"W1n&dows", `C:\es\W1n&dows\elasticsearch.yml`, `{"file": "C:\\es\\W1n\u0026dows\\elasticsearch.yml"}`},
	} {
		t.Run(tc.secret, func(t *testing.T) {
			var s Secrets
			s.Add(tc.secret)
			s.Add("0ther-s3cret!")
			s.ProtectLocations(tc.loc)
			if got := s.Scrub(tc.text); got != tc.text {
				t.Errorf("Scrub(%q) = %q: the location was changed", tc.text, got)
			}
			if got := s.Scrub("leaked 0ther-s3cret! here"); got != "leaked "+Mask+" here" {
				t.Errorf("another secret is not masked: %q", got)
			}
		})
	}
}

func TestLocationFragments(t *testing.T) {
	got := slices.Collect(locationFragments("https://es01:9200/_security/user"))
	for _, want := range []string{"https://es01:9200/_security/user", "es01:9200", "_security", "es01:9200/_security/user", "_security/user"} {
		if !slices.Contains(got, want) {
			t.Errorf("fragments %q lack %q", got, want)
		}
	}
	for _, short := range got {
		if len(short) < minUnambiguous {
			t.Errorf("fragment %q is shorter than any scrubbed secret", short)
		}
	}
}
