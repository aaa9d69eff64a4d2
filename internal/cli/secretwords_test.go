package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/redact"
)

// writeWordDeployment writes under root a deployment (a node directory, a
// Kibana and a compose file) in which every secret is pw: settings,
// keystores, JVM options, compose environment, URL passwords. Its files are
// the same whatever pw is, so its reports must be too.
func writeWordDeployment(t *testing.T, root, pw string) {
	t.Helper()
	write := func(rel string, data []byte) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("es01/elasticsearch.yml", []byte(`cluster.name: elastic-prod
node.name: pass-token-01
network.host: 0.0.0.0
discovery.type: single-node
xpack.security.enabled: true
xpack.security.http.ssl.enabled: false
xpack.security.authc.realms.ldap.ldap1:
  order: 0
  url: "ldaps://ldap.example.com:636"
  bind_dn: "cn=elastic,dc=example,dc=com"
  bind_password: '`+pw+`'
xpack.security.authc.realms.jwt.jwt1:
  order: 1
  hmac_key: '`+pw+`'
xpack.notification.email.account.x.smtp.password: '`+pw+`'
xpack.monitoring.exporters.remote.host: ["https://elastic:`+pw+`@mon.example.com:9200"]
`))
	write("es01/jvm.options", []byte("-Xms1g\n-Xmx1g\n-Djavax.net.ssl.keyStorePassword="+pw+"\n-Dhttp.auth=elastic:"+pw+"\n"))
	// Format version 5: version 7's 210,000 key-derivation rounds would
	// cost 0.17 s of CPU per read, for the same handling of the secrets.
	var ks bytes.Buffer
	if err := keystore.WriteElasticsearch(&ks, 5, nil, map[string][]byte{
		"keystore.seed": []byte("Qm3r8Lw2Zx5Tn7Vb1Kc4"), "bootstrap.password": []byte(pw),
		"xpack.notification.email.account.x.smtp.secure_password": []byte(pw),
	}, nil); err != nil {
		t.Fatal(err)
	}
	write("es01/elasticsearch.keystore", ks.Bytes())
	write("kibana/kibana.yml", []byte(`server.name: kibana
server.host: 0.0.0.0
elasticsearch.hosts: ["http://kibana_system:`+pw+`@es01:9200"]
`))
	var kks bytes.Buffer
	if err := keystore.WriteKibana(&kks, nil, map[string]string{"elasticsearch.password": pw}, nil); err != nil {
		t.Fatal(err)
	}
	write("kibana/kibana.keystore", kks.Bytes())
	write("compose/docker-compose.yml", []byte(`services:
  es02:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      - node.name=es02
      - cluster.name=elastic-prod
      - ELASTIC_PASSWORD=`+pw+`
      - KIBANA_PASSWORD=`+pw+`
      - xpack.security.enabled=true
      - xpack.security.transport.ssl.keystore.secure_password=`+pw+`
      - "ES_JAVA_OPTS=-Xms1g -Xmx1g -Djavax.net.ssl.trustStorePassword=`+pw+`"
`))
}

// wordRuns audits, collects and inspects the deployment under root and
// returns every output by name.
func wordRuns(t *testing.T, root, out string) map[string]string {
	t.Helper()
	dirs := []string{filepath.Join(root, "es01"), filepath.Join(root, "kibana"), filepath.Join(root, "compose", "docker-compose.yml")}
	o := func(n string) string { return filepath.Join(out, n) }
	outputs := map[string]string{}
	record := func(name string, code int, stdout, stderr string) {
		outputs[name+"/stdout"] = stdout
		outputs[name+"/stderr"] = stderr
		outputs[name+"/exit"] = strconv.Itoa(code)
	}
	code, stdout, stderr := run(t, nil, append([]string{"audit", "--es-version", "8.15.1", "--verbose", "--format", "table",
		"--format", "json=" + o("r.json"), "--format", "sarif=" + o("r.sarif"), "--format", "junit=" + o("r.xml"),
		"--format", "ecs=" + o("r.ecs"), "--format", "html=" + o("r.html"), "--log-level", "debug"}, dirs...)...)
	record("audit", code, stdout, stderr)
	code, stdout, stderr = run(t, nil, append([]string{"collect", "--es-version", "8.15.1", "-o", o("evidence.json")}, dirs...)...)
	record("collect", code, stdout, stderr)
	for _, in := range []struct{ name, path, format string }{
		{"inspect-es-yml", filepath.Join(root, "es01", "elasticsearch.yml"), "json"},
		{"inspect-es-keystore", filepath.Join(root, "es01", "elasticsearch.keystore"), "text"},
		{"inspect-kibana-yml", filepath.Join(root, "kibana", "kibana.yml"), "text"},
		{"inspect-compose", filepath.Join(root, "compose", "docker-compose.yml"), "json"},
	} {
		code, stdout, stderr = run(t, nil, "inspect", in.path, "--format", in.format)
		record(in.name, code, stdout, stderr)
	}
	for _, f := range []string{"r.json", "r.sarif", "r.xml", "r.ecs", "r.html", "evidence.json"} {
		outputs[f] = string(mustRead(t, o(f)))
	}
	return outputs
}

// wordNormaliser blanks what legitimately differs between two runs over
// the same files: keyed digests (a new key per run) and the scan id.
var wordNormaliser = []*regexp.Regexp{
	regexp.MustCompile(`hmac:[0-9a-f]{16}`),
	regexp.MustCompile(`"scan_id": ?"[^"]*"`),
}

func normaliseWordOutput(text, scanID string) string {
	if scanID != "" {
		text = strings.ReplaceAll(text, scanID, "SCAN")
	}
	for _, re := range wordNormaliser {
		text = re.ReplaceAllString(text, "X")
	}
	return text
}

var scanIDPattern = regexp.MustCompile(`"scan_id": ?"([^"]*)"`)

// TestCommonWordSecretsChangeNothing: a deployment whose secrets are
// common words (pass, elastic, changeme, true) gets exactly the reports,
// document and inspect output of the same deployment with a random secret
// of the same length and kind, in every format; and that random secret
// appears nowhere (so neither does the word in its place).
func TestCommonWordSecretsChangeNothing(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	// Each word is paired with a random value of the same length that is
	// a well-known example value exactly when the word is (changeme is
	// one, and essec rightly says so).
	pairs := []struct{ word, random string }{
		{"pass", "Qz7x"},
		{"true", "Vk9w"},
		{"elastic", "Rq4Lm8z"},
		{"changeme", "your_Kq9"},
	}
	for _, p := range pairs {
		if redact.IsPlaceholder(p.word) != redact.IsPlaceholder(p.random) || len(p.word) != len(p.random) {
			t.Fatalf("%q and %q are not alike", p.word, p.random)
		}
	}
	outputs := func(pw string) map[string]string {
		writeWordDeployment(t, root, pw)
		got := wordRuns(t, root, t.TempDir())
		id := ""
		if m := scanIDPattern.FindStringSubmatch(got["r.json"]); m != nil {
			id = m[1]
		}
		for k, v := range got {
			got[k] = normaliseWordOutput(v, id)
		}
		return got
	}
	for _, p := range pairs {
		t.Run(p.word, func(t *testing.T) {
			want := outputs(p.random)
			for name, text := range want {
				if strings.Contains(text, p.random) {
					t.Errorf("%s shows the secret %q", name, p.random)
				}
			}
			if !strings.Contains(want["r.json"], `"findings"`) || !strings.Contains(want["evidence.json"], `"secret": true`) {
				t.Fatalf("the runs did not audit the deployment:\n%.400s", want["audit/stderr"])
			}
			got := outputs(p.word)
			for name, w := range want {
				if g := got[name]; g != w {
					t.Errorf("%s differs with the secret %q:\n%s", name, p.word, firstDiff(w, g))
				}
			}
		})
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  random: " + x + "\n  word:   " + y
		}
	}
	return "(same lines)"
}
