package cluster

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/redact"
)

// TestScrubBodySecretFields: secret-looking fields of live bodies (a
// plain-text password left in the cluster settings, a Slack URL, a token in
// a user's metadata, a custom Authorization header in the node settings)
// never reach the document, while switches and names beside them stay.
func TestScrubBodySecretFields(t *testing.T) {
	body := `{
	  "persistent": {"xpack.notification.slack.account.ops.url": "https://hooks.slack.example/T0/B0/SLACKSECRET1",
	                 "xpack.notification.email.account.x.smtp.password": "smtp-pw-1",
	                 "xpack.security.authc.token.enabled": "true"},
	  "nodes": {"n1": {"name": "es01", "settings": {"xpack": {"security": {"authc": {"realms": {"jwt": {"j1": {"hmac_key": "jwt-hmac-1", "token_type": "id_token"}}}}}}}}},
	  "elastic": {"username": "elastic", "metadata": {"api_token": "meta-tok-1", "team": "ops"}, "enabled": true},
	  "token_service": {"enabled": true}
	}`
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	s := newScrubber(Options{Username: "elastic", Password: []byte("elastic")})
	out, _ := json.Marshal(s.Value(v))
	got := string(out)
	for _, leak := range []string{"SLACKSECRET1", "smtp-pw-1", "jwt-hmac-1", "meta-tok-1"} {
		if strings.Contains(got, leak) {
			t.Errorf("%s kept: %s", leak, got)
		}
	}
	// The password "elastic" is a common word: the user elastic keeps its
	// name, and the switches their values.
	for _, keep := range []string{`"elastic":{`, `"username":"elastic"`, `"token_type":"id_token"`, `"xpack.security.authc.token.enabled":"true"`, `"team":"ops"`, `"token_service":{"enabled":true}`} {
		if !strings.Contains(got, keep) {
			t.Errorf("%s lost: %s", keep, got)
		}
	}
	if n := strings.Count(got, redact.Mask); n != 4 {
		t.Errorf("%d masks, want 4: %s", n, got)
	}
}

// TestScrubErrorMessages: in a server's error message every credential
// form standing alone is replaced, short and common ones included.
func TestScrubErrorMessages(t *testing.T) {
	s := newScrubber(Options{Username: "auditor", Password: []byte("pass")})
	got := s.String("unable to authenticate user [auditor] with password [pass] (passes: 2)")
	if got != "unable to authenticate user [auditor] with password ["+redact.Mask+"] (passes: 2)" {
		t.Errorf("String = %q", got)
	}
}
