package compose

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/format/yamlconf"
)

const stackCompose = `x-es-env: &es-env
  cluster.name: ${CLUSTER_NAME:-docker-cluster}
  discovery.seed_hosts: es02

services:
  setup:
    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}
    user: "0"
    command: >
      bash -c 'bin/elasticsearch-certutil ca --silent --pem -out config/certs/ca.zip'
    environment:
      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}

  es01:
    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}
    user: elasticsearch
    ports:
      - ${ES_PORT:-9200}:9200
      - target: 9300
        published: 9300
        host_ip: 127.0.0.1
        protocol: tcp
    volumes:
      - certs:/usr/share/elasticsearch/config/certs
      - ./es01/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro
      - type: bind
        source: /srv/es01/data
        target: /usr/share/elasticsearch/data
    env_file: es.env
    environment:
      <<: *es-env
      node.name: es01
      ELASTIC_PASSWORD: ${ELASTIC_PASSWORD}
      ES_JAVA_OPTS: "-Xms1g -Xmx1g -Des.enforce.bootstrap.checks=true"
      ES_SETTING_XPACK_SECURITY_HTTP_SSL_VERIFICATION__MODE: certificate
      xpack.security.enabled: $SECURITY
      xpack.security.http.ssl.enabled: "true"
      xpack.ml.enabled: ""
      Upper.Case: ignored

  kibana:
    image: docker.elastic.co/kibana/kibana:${STACK_VERSION}
    ports: ["5601:5601"]
    secrets:
      - source: kibana_yml
        target: /usr/share/kibana/config/kibana.yml
    environment:
      - SERVERNAME=kibana
      - ELASTICSEARCH_HOSTS=https://es01:9200
      - ELASTICSEARCH_USERNAME=kibana_system
      - ELASTICSEARCH_PASSWORD=${KIBANA_PASSWORD}
      - ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES=config/certs/ca/ca.crt
      - XPACK_SECURITY_ENCRYPTIONKEY
      - server.publicBaseUrl=https://kibana.example.com
      - KIBANA_SYSTEM_PASSWORD=x # not a setting

  logstash:
    image: docker.elastic.co/logstash/logstash:${STACK_VERSION}
    environment:
      - ELASTICSEARCH_HOSTS=${UNSET_IN_LOGSTASH}

secrets:
  kibana_yml:
    file: ./kibana/kibana.yml
`

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{
		"docker-compose.yml": stackCompose,
		".env":               "STACK_VERSION=8.15.1\nELASTIC_PASSWORD=from-dotenv\nKIBANA_PASSWORD=kb-pw\nCLUSTER_NAME=\n",
		"es.env":             "# env_file\nnode.roles=master,data\nxpack.security.enabled=false\n",
	})
	env := map[string]string{"ELASTIC_PASSWORD": "from-shell", "XPACK_SECURITY_ENCRYPTIONKEY": "0123456789abcdef0123456789abcdef"}
	f, err := Load(context.Background(), filepath.Join(dir, "docker-compose.yml"), func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != filepath.Join(dir, "docker-compose.yml") || len(f.Services) != 4 {
		t.Fatalf("file = %+v", f)
	}
	kinds := map[string]string{}
	for _, s := range f.Services {
		kinds[s.Name] = s.Kind
	}
	if !reflect.DeepEqual(kinds, map[string]string{"setup": "", "es01": KindElasticsearch, "kibana": KindKibana, "logstash": ""}) {
		t.Errorf("kinds = %v", kinds)
	}
	checkES(t, dir, f.Services[1])
	checkKibana(t, dir, f.Services[2])
	// Only the Elastic services' problems are kept: the unset $SECURITY
	// and the mounted files this fixture does not write.
	var msgs []string
	for _, p := range f.Problems {
		msgs = append(msgs, p.Message)
	}
	if len(f.Problems) != 3 || f.Problems[1].Line != 36 || f.Problems[1].File != f.Path || f.Problems[1].Source != Source ||
		f.Problems[1].Message != f.Services[1].Settings.Problems[0].Message ||
		!strings.Contains(msgs[0], "service es01: bind mount source "+filepath.Join(dir, "es01/elasticsearch.yml")+" for /usr/share/elasticsearch/config/elasticsearch.yml does not exist here") ||
		!strings.Contains(msgs[2], "service kibana: the file of secret") {
		t.Errorf("file problems = %q", msgs)
	}
}

func checkES(t *testing.T, dir string, es Service) {
	t.Helper()
	if es.Image != "docker.elastic.co/elasticsearch/elasticsearch:8.15.1" || es.Version != "8.15.1" || es.User != "elasticsearch" || es.Line != 14 {
		t.Errorf("es01 = %q %q %q line %d", es.Image, es.Version, es.User, es.Line)
	}
	if want := []string{"9200:9200", "127.0.0.1:9300:9300/tcp"}; !reflect.DeepEqual(es.Ports, want) {
		t.Errorf("ports = %q, want %q", es.Ports, want)
	}
	wantVolumes := []Volume{
		{Source: "certs", Target: "/usr/share/elasticsearch/config/certs", Type: "volume", Line: 24},
		{Source: "./es01/elasticsearch.yml", Target: "/usr/share/elasticsearch/config/elasticsearch.yml", Type: "bind",
			HostPath: filepath.Join(dir, "es01", "elasticsearch.yml"), ReadOnly: true, Line: 25},
		{Source: "/srv/es01/data", Target: "/usr/share/elasticsearch/data", Type: "bind", HostPath: "/srv/es01/data", Line: 26},
	}
	if !reflect.DeepEqual(es.Volumes, wantVolumes) {
		t.Errorf("volumes = %+v\nwant %+v", es.Volumes, wantVolumes)
	}
	want := map[string]yamlconf.Entry{
		"cluster.name":                              {Value: "docker-cluster", Line: 2, Reference: true},
		"discovery.seed_hosts":                      {Value: "es02", Line: 3},
		"node.name":                                 {Value: "es01", Line: 32},
		"node.roles":                                {Value: "master,data", Line: 29},
		"xpack.security.enabled":                    {Value: "$SECURITY", Line: 36, Reference: true, Unresolved: true},
		"xpack.security.http.ssl.enabled":           {Value: "true", Line: 37},
		"xpack.security.http.ssl.verification_mode": {Value: "certificate", Line: 35},
	}
	if len(es.Settings.Entries) != len(want) {
		t.Errorf("settings = %v", es.Settings.Keys())
	}
	for k, w := range want {
		e := es.Settings.Entries[k]
		if e.Key != k || e.Value != w.Value || e.Line != w.Line || e.Reference != w.Reference || e.Unresolved != w.Unresolved || !reflect.DeepEqual(e.List, []string{w.Value}) {
			t.Errorf("%s = %+v, want %+v", k, e, w)
		}
	}
	if es.Settings.Path != filepath.Join(dir, "docker-compose.yml") {
		t.Errorf("settings path = %q", es.Settings.Path)
	}
	if p := es.Settings.Problems; len(p) != 1 || p[0].Line != 36 || p[0].Message != "service es01: setting xpack.security.enabled: ${SECURITY} is not set: Compose substitutes an empty string" {
		t.Errorf("settings problems = %+v", p)
	}
	if e := es.EnvOnly["ELASTIC_PASSWORD"]; e.Value != "from-shell" || e.Line != 33 {
		t.Errorf("ELASTIC_PASSWORD = %+v (the shell wins over .env)", e)
	}
	for _, name := range []string{"ES_JAVA_OPTS", "xpack.ml.enabled", "Upper.Case"} {
		if _, ok := es.EnvOnly[name]; !ok {
			t.Errorf("%s not in EnvOnly: %v", name, es.EnvOnly)
		}
	}
	if !reflect.DeepEqual(es.JVMOptions, []string{"-Des.enforce.bootstrap.checks=true"}) {
		t.Errorf("JVMOptions = %q", es.JVMOptions)
	}
}

func checkKibana(t *testing.T, dir string, kb Service) {
	t.Helper()
	want := map[string]string{
		"elasticsearch.hosts":                      "https://es01:9200",
		"elasticsearch.username":                   "kibana_system",
		"elasticsearch.password":                   "kb-pw",
		"elasticsearch.ssl.certificateAuthorities": "config/certs/ca/ca.crt",
		"xpack.security.encryptionKey":             "0123456789abcdef0123456789abcdef",
		"server.publicBaseUrl":                     "https://kibana.example.com",
	}
	got := map[string]string{}
	for k, e := range kb.Settings.Entries {
		got[k] = e.Value
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kibana settings = %v\nwant %v", got, want)
	}
	if e := kb.Settings.Entries["elasticsearch.password"]; !e.Reference || e.Line != 51 {
		t.Errorf("elasticsearch.password = %+v", e)
	}
	if _, ok := kb.EnvOnly["SERVERNAME"]; !ok {
		t.Errorf("SERVERNAME is not a Kibana setting: %v", kb.EnvOnly)
	}
	if _, ok := kb.EnvOnly["KIBANA_SYSTEM_PASSWORD"]; !ok {
		t.Errorf("KIBANA_SYSTEM_PASSWORD missing from EnvOnly")
	}
	wantVol := Volume{Source: "./kibana/kibana.yml", Target: "/usr/share/kibana/config/kibana.yml", Type: "secret",
		HostPath: filepath.Join(dir, "kibana", "kibana.yml"), Line: 45}
	if len(kb.Volumes) != 1 || kb.Volumes[0] != wantVol {
		t.Errorf("volumes = %+v", kb.Volumes)
	}
	if kb.Version != "8.15.1" || !reflect.DeepEqual(kb.Ports, []string{"5601:5601"}) {
		t.Errorf("kibana = %+v", kb)
	}
}

func TestLoadProblems(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{"compose.yaml": `services:
  es:
    image: elasticsearch:${TAG}
    env_file: [missing.env, {path: optional.env, required: false}]
    command: ["elasticsearch", "-Expack.security.enabled=false", "-Enode.name=n1"]
    environment:
      - xpack.security.enabled=true
      - ES_SETTING_XPACK_SECURITY_ENABLED=true
      - PASSWORD=${PW:?set PW}
      - BROKEN=${oops
`})
	f, err := Load(context.Background(), filepath.Join(dir, "compose.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	es := f.Services[0]
	if es.Image != "elasticsearch:${TAG}" || es.Version != "" {
		t.Errorf("unresolved image: %q %q", es.Image, es.Version)
	}
	if e := es.Settings.Entries["xpack.security.enabled"]; e.Value != "false" || e.Line != 5 {
		t.Errorf("-E on the command line wins: %+v", e)
	}
	if e := es.Settings.Entries["node.name"]; e.Value != "n1" {
		t.Errorf("node.name = %+v", e)
	}
	var msgs []string
	for _, p := range f.Problems {
		msgs = append(msgs, p.Message)
	}
	wantFile := []string{
		"service es: image: ${TAG} is not set: Compose substitutes an empty string",
		"env_file " + filepath.Join(dir, "missing.env") + " cannot be read (not found): its variables are unknown",
		"setting xpack.security.enabled is set twice in the environment of service es (lines 8 and 5)",
		"setting xpack.security.enabled is set twice in the environment of service es (lines 7 and 8)",
		"${PW} is required but not set: Compose refuses the file",
		"invalid ${...} interpolation: Compose refuses the file",
	}
	if !reflect.DeepEqual(msgs, wantFile) {
		t.Errorf("file problems = %q\nwant %q", msgs, wantFile)
	}
	if n := len(es.Settings.Problems); n != 2 {
		t.Errorf("settings problems = %+v, want the setting set twice, twice", es.Settings.Problems)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{
		"other.yml":  "services:\n  web:\n    image: nginx\n  db:\n    image: postgres:16\n",
		"noserv.yml": "version: '3'\nnetworks: {}\n",
		"bad.yml":    "services:\n  es:\n    image: [\n",
		"list.yml":   "- a\n",
	})
	ctx := context.Background()
	if _, err := Load(ctx, filepath.Join(dir, "other.yml"), nil); err == nil || err.Error() != "no Elasticsearch or Kibana service in "+filepath.Join(dir, "other.yml") {
		t.Errorf("other services: %v", err)
	}
	for _, name := range []string{"noserv.yml", "list.yml"} {
		if _, err := Load(ctx, filepath.Join(dir, name), nil); err == nil || !strings.Contains(err.Error(), "is not a docker-compose file") {
			t.Errorf("%s: %v", name, err)
		}
	}
	var se *yamlconf.SyntaxError
	if _, err := Load(ctx, filepath.Join(dir, "bad.yml"), nil); !errors.As(err, &se) || se.Line == 0 {
		t.Errorf("syntax error: %v", err)
	}
	if _, err := Load(ctx, filepath.Join(dir, "absent.yml"), nil); err == nil || !strings.HasPrefix(err.Error(), "read compose file: ") {
		t.Errorf("missing file: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Load(canceled, filepath.Join(dir, "other.yml"), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

func TestIsCompose(t *testing.T) {
	for src, want := range map[string]bool{
		"services:\n  es:\n    image: elasticsearch:8.1.0\n": true,
		"version: '2'\nservices: {}\n":                       true,
		"services: [a]\n":                                    false,
		"xpack.security.enabled: true\n":                     false,
		"":                                                   false,
		"a: b: c\n":                                          false,
	} {
		if IsCompose([]byte(src)) != want {
			t.Errorf("IsCompose(%q) != %v", src, want)
		}
	}
}

// Problems name variables and settings, never values.
func TestNoValuesInProblems(t *testing.T) {
	dir := t.TempDir()
	const secret = "Sup3rS3cretValue"
	collecttest.WriteFiles(t, dir, 0o600, map[string]string{
		"docker-compose.yml": "services:\n  es:\n    image: elasticsearch:8.1.0\n    env_file: x.env\n    environment:\n" +
			"      - ELASTIC_PASSWORD=" + secret + "${NOPE}\n      - xpack.security.http.ssl.keystore.secure_password=" + secret + "${NOPE2}\n" +
			"      - P=${A:?" + secret + "}\n",
		"x.env": "GOOD=1\n" + secret + "\nQ=\"" + secret + "\n",
	})
	f, err := Load(context.Background(), filepath.Join(dir, "docker-compose.yml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range f.Problems {
		all = append(all, p.Message)
	}
	for _, p := range f.Services[0].Settings.Problems {
		all = append(all, p.Message)
	}
	if len(all) < 4 {
		t.Errorf("expected problems, got %q", all)
	}
	for _, m := range all {
		if strings.Contains(m, secret) {
			t.Errorf("problem shows a value: %q", m)
		}
	}
}
