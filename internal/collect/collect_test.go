package collect

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	return collecttest.WriteFile(t, dir, name, []byte(body), 0o640)
}

func collectPaths(t *testing.T, env map[string]string, paths ...string) (*inventory.Document, error) {
	t.Helper()
	return Deployment(context.Background(), Request{
		Deployment: target.Deployment{Paths: paths},
		Env:        func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Now:        time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		Redactor:   redact.NewWithKey([]byte("k")), Seen: &redact.Secrets{},
	})
}

func TestClassifyFiles(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, body, want string
	}{
		{"elasticsearch.yml", "cluster.name: a\n", "es"},
		{"kibana.yml", "server.host: 0.0.0.0\n", "kibana"},
		{"001-es.yml", "cluster.name: a\nnetwork.host: 0.0.0.0\n", "es"},
		{"002-kb.yml", "server.port: 5601\nelasticsearch.hosts: [\"http://es:9200\"]\n", "kibana"},
		{"docker-compose.yml", "services:\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1\n", "compose"},
		{"values.yml", "replicas: 3\nimage: nginx\n", ""},
		// A file that sets nothing is what its name says (the product
		// starts on its defaults with it), and refused under another name.
		{"empty/elasticsearch.yml", "", "es"},
		{"comments/kibana.yml", "# server.port: 5601\n---\n", "kibana"},
		{"elasticsearch_prod.yml", "", "es"},
		{"notes.yml", "", ""},
		{"069-es.yml", "# cluster.name: a\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, dir, tt.name, tt.body)
			var src sources
			err := classifyFile(p, &src)
			got := ""
			switch {
			case len(src.es) == 1:
				got = "es"
			case len(src.kibana) == 1:
				got = "kibana"
			case len(src.compose) == 1:
				got = "compose"
			}
			if got != tt.want {
				t.Errorf("classified as %q, want %q (err %v)", got, tt.want, err)
			}
			if tt.want == "" && (err == nil || !strings.Contains(err.Error(), "not an Elasticsearch or Kibana configuration")) {
				t.Errorf("want a clear refusal, got %v", err)
			}
			setsNothing := tt.name == "notes.yml" || tt.name == "069-es.yml"
			if tt.want == "" && setsNothing != strings.Contains(err.Error(), "name it so") {
				t.Errorf("the refusal of a file that sets nothing must say how to audit it, and only then: %v", err)
			}
		})
	}
}

func TestDiscoverSearchesRepositoryLayouts(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "elasticsearch/config/elasticsearch.yml", "cluster.name: a\n")
	write(t, dir, "kibana/config/kibana.yml", "server.name: kb\n")
	write(t, dir, ".git/elasticsearch.yml", "cluster.name: hidden\n")
	src, errs := discover([]string{dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(src.es) != 1 || !strings.HasSuffix(src.es[0], "elasticsearch/config") {
		t.Errorf("es sources %v", src.es)
	}
	if len(src.kibana) != 1 {
		t.Errorf("kibana sources %v", src.kibana)
	}
}

// A config file mounted by several compose services gives one node per
// service: the file's settings with each service's environment on top.
func TestComposeMountedConfigOneNodePerService(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "es/elasticsearch.yml", "cluster.name: shared\nxpack.security.enabled: true\n")
	compose := write(t, dir, "docker-compose.yml", `services:
  es01:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      - node.name=es01
      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}
    volumes:
      - ./es/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro
  es02:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      node.name: es02
      xpack.security.transport.ssl.enabled: "false"
    volumes:
      - ./es/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro
  solo:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      - discovery.type=single-node
`)
	doc, err := collectPaths(t, map[string]string{"ELASTIC_PASSWORD": "s3cret-compose-pw"}, compose)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]inventory.Node{}
	for _, n := range doc.Elasticsearch.Nodes {
		byName[n.Name] = n
	}
	if len(byName) != 3 {
		t.Fatalf("nodes %v, want es01, es02, solo", keys(byName))
	}
	if byName["es01"].Settings["xpack.security.enabled"].Value != "true" || byName["es02"].Settings["cluster.name"].Value != "shared" {
		t.Error("mounted file settings not merged into the services")
	}
	if v := byName["es02"].Settings["xpack.security.transport.ssl.enabled"]; v.Value != "false" || v.Source != "compose" {
		t.Errorf("compose environment not applied: %+v", v)
	}
	if v := byName["solo"].Settings["network.host"]; v.Value != "0.0.0.0" || v.Source != "image-default" {
		t.Errorf("a service without a mounted config gets the image's network.host: %+v", v)
	}
	if doc.Deployment.Version != "8.15.1" || doc.Deployment.VersionSource != "compose-image" {
		t.Errorf("version %q from %q", doc.Deployment.Version, doc.Deployment.VersionSource)
	}
	if doc.Deployment.Name != "shared" {
		t.Errorf("deployment named %q, want cluster.name", doc.Deployment.Name)
	}
}

func TestSecretsNeverInDocument(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "elasticsearch.yml", "cluster.name: c\nxpack.security.http.ssl.keystore.password: yaml-secret-123\n")
	doc, err := collectPaths(t, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Elasticsearch.Nodes[0].Settings["xpack.security.http.ssl.keystore.password"]
	if !s.Secret || s.Value != "" || s.Length != len("yaml-secret-123") || s.Digest == "" {
		t.Errorf("secret setting kept as %+v", s)
	}
}

func TestNothingFound(t *testing.T) {
	_, err := collectPaths(t, nil, filepath.Join(t.TempDir(), "missing"))
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("want a clear error, got %v", err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestMatchLiveNodes(t *testing.T) {
	set := func(v string) inventory.Setting { return inventory.Setting{Value: v, List: []string{v}} }
	nodes := []inventory.Node{
		{Name: "es01", Settings: map[string]inventory.Setting{"node.name": set("es01")}},
		{Name: "config", Settings: map[string]inventory.Setting{"network.host": set("10.0.0.12")}},
		{Name: "other", Settings: map[string]inventory.Setting{"network.host": set("10.0.0.99")}},
	}
	live := []inventory.LiveNode{
		{Name: "es01", HTTPPublish: "10.0.0.11:9200"},
		{Name: "ip-10-0-0-12", HTTPPublish: "ip-10-0-0-12/10.0.0.12:9200"},
	}
	matchLiveNodes(nodes, live)
	if nodes[0].Live == nil || nodes[0].Live.Name != "es01" {
		t.Errorf("by name: %+v", nodes[0].Live)
	}
	if nodes[1].Live == nil || nodes[1].Live.Name != "ip-10-0-0-12" {
		t.Errorf("by host: %+v", nodes[1].Live)
	}
	if nodes[2].Live != nil {
		t.Errorf("unmatched node got %+v", nodes[2].Live)
	}

	// Two nodes on one machine, neither named: each running node on that
	// host pairs once, in the order GET /_nodes lists them.
	nodes = []inventory.Node{
		{Name: "a", Settings: map[string]inventory.Setting{"network.host": set("10.0.0.20")}},
		{Name: "b", Settings: map[string]inventory.Setting{"network.host": set("10.0.0.20")}},
	}
	live = []inventory.LiveNode{
		{Name: "host20-a", HTTPPublish: "10.0.0.20:9200", TransportBound: []string{"[::1]:9300"}},
		{Name: "host20-b", HTTPPublish: "10.0.0.20:9201"},
	}
	matchLiveNodes(nodes, live)
	if nodes[0].Live == nil || nodes[0].Live.Name != "host20-a" || nodes[1].Live == nil || nodes[1].Live.Name != "host20-b" {
		t.Errorf("two nodes on one host: %+v, %+v", nodes[0].Live, nodes[1].Live)
	}
}

func TestContainerPaths(t *testing.T) {
	h := t.TempDir()
	for _, d := range []string{"es", "certs", "secrets", "kcerts"} {
		write(t, h, d+"/.keep", "")
	}
	write(t, h, "secrets/ca.pem", "")
	j := func(p string) string { return filepath.Join(h, p) }
	svc := &compose.Service{Name: "es01", Kind: "elasticsearch", Volumes: []compose.Volume{
		{Target: "/usr/share/elasticsearch/config/elasticsearch.yml", HostPath: j("es/elasticsearch.yml"), Type: "bind"},
		{Target: "/usr/share/elasticsearch/config/certs", HostPath: j("certs"), Type: "bind"},
		{Target: "/usr/share/elasticsearch/config/certs/ca/ca.crt", HostPath: j("secrets/ca.pem"), Type: "secret"},
		{Target: "/usr/share/elasticsearch/data", Source: "esdata01", Type: "volume"},
		{Target: "/usr/share/elasticsearch/config/gone", HostPath: j("missing"), Type: "bind"},
	}}
	m := containerLocator(svc)
	for in, want := range map[string]string{
		"certs/es01/es01.key":                         j("certs/es01/es01.key"),
		"certs/ca/ca.crt":                             j("secrets/ca.pem"),
		"/usr/share/elasticsearch/config/certs/x.p12": j("certs/x.p12"),
	} {
		if got, ok := m(in); !ok || got.Path != want || got.Unexamined != "" {
			t.Errorf("%s: got %+v, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"http.p12":                            "lives in the container's own filesystem",
		"/etc/ssl/certs/ca-certificates.crt":  "lives in the container's own filesystem",
		"/usr/share/elasticsearch/data/x.crt": "lives in the container's volume esdata01",
		"gone/x.crt":                          "which does not exist here",
		"certs/${NODE}/node.crt":              "${VAR}",
	} {
		got, ok := m(in)
		if !ok || got.Path != "" || !strings.Contains(got.Unexamined, want) {
			t.Errorf("%s: got %+v, want unexamined %q (never a file of this machine)", in, got, want)
		}
	}
	kb := containerLocator(&compose.Service{Kind: "kibana", Volumes: []compose.Volume{{Target: "/usr/share/kibana/config/certs", HostPath: j("kcerts"), Type: "bind"}}})
	if got, _ := kb("config/certs/kibana.crt"); got.Path != j("kcerts/kibana.crt") {
		t.Errorf("kibana resolves against its home: got %+v", got)
	}
}

// TestHostPaths: an audited copy of /etc/elasticsearch reads the files its
// settings name under /etc/elasticsearch from the copy; --root maps every
// absolute path; Kibana's relative paths resolve against its home.
func TestHostPaths(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "copy/certs/http.p12", "")
	es := hostLocator("elasticsearch", filepath.Join(dir, "copy"), "")
	got, ok := es("/etc/elasticsearch/certs/http.p12")
	if !ok || got.Path != filepath.Join(dir, "copy/certs/http.p12") || !strings.Contains(got.Note, "audited copy") {
		t.Errorf("copy: %+v", got)
	}
	if _, ok := es("/etc/elasticsearch/certs/other.p12"); ok {
		t.Error("a file the copy does not hold keeps the usual resolution")
	}
	if _, ok := es("certs/http.p12"); ok {
		t.Error("relative paths resolve against the config directory as usual")
	}
	root := hostLocator("elasticsearch", filepath.Join(dir, "copy"), filepath.Join(dir, "root"))
	if got, _ := root("/etc/ssl/ca.pem"); got.Path != filepath.Join(dir, "root/etc/ssl/ca.pem") {
		t.Errorf("--root: %+v", got)
	}
	kb := hostLocator("kibana", filepath.Join(dir, "kibana-8.15.1/config"), "")
	if got, _ := kb("config/certs/ca.crt"); got.Path != filepath.Join(dir, "kibana-8.15.1/config/certs/ca.crt") {
		t.Errorf("archive Kibana home: %+v", got)
	}
	pkg := hostLocator("kibana", filepath.Join(dir, "etc/kibana"), "")
	if got, _ := pkg("certs/ca.crt"); got.Unexamined == "" {
		t.Errorf("a packaged Kibana's home was not given: %+v", got)
	}
	pkgRoot := hostLocator("kibana", filepath.Join(dir, "etc/kibana"), dir)
	if got, _ := pkgRoot("certs/ca.crt"); got.Path != filepath.Join(dir, "usr/share/kibana/certs/ca.crt") {
		t.Errorf("packaged Kibana under --root: %+v", got)
	}
}

// TestUnreadableNodeKeepsItsRow: a node directory that was given but whose
// elasticsearch.yml does not parse stays in the document, readable:false,
// with its error, next to the node that was read.
func TestUnreadableNodeKeepsItsRow(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "es01/elasticsearch.yml", "node.name: es01\ndiscovery.seed_hosts: [es01, es02]\n")
	write(t, dir, "es02/elasticsearch.yml", "node.name: es02\n  discovery: [broken\n")
	write(t, dir, "kibana/kibana.yml", "server.host: [unclosed\n")
	doc, err := collectPaths(t, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Elasticsearch.Nodes) != 2 || len(doc.Kibana) != 1 {
		t.Fatalf("got %d nodes and %d Kibana, want 2 and 1", len(doc.Elasticsearch.Nodes), len(doc.Kibana))
	}
	byName := map[string]inventory.Node{}
	for _, n := range doc.Elasticsearch.Nodes {
		byName[n.Name] = n
	}
	if !byName["es01"].Readable {
		t.Error("es01 was read")
	}
	bad, ok := byName["es02"]
	if !ok || bad.Readable || len(bad.Errors) == 0 || bad.ConfigDir != filepath.Join(dir, "es02") {
		t.Errorf("es02 row: %+v", bad)
	}
	if kb := doc.Kibana[0]; kb.Readable || kb.Name != "kibana" || len(kb.Errors) == 0 {
		t.Errorf("kibana row: %+v", kb)
	}
	if doc.Context.FileLocation != inventory.FileLocationHost {
		t.Errorf("file location %q, want host by default", doc.Context.FileLocation)
	}
}

// TestOnlyUnreadableIsNothingReadable: rows of unreadable nodes alone are
// not something audited.
func TestOnlyUnreadableIsNothingReadable(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "elasticsearch.yml", "node.name: es02\n  discovery: [broken\n")
	doc, err := collectPaths(t, nil, dir)
	if err == nil || !strings.Contains(err.Error(), "nothing could be audited") {
		t.Fatalf("want nothing could be audited, got %v", err)
	}
	if doc == nil || len(doc.Elasticsearch.Nodes) != 1 || doc.Elasticsearch.Nodes[0].Readable {
		t.Errorf("the unreadable node keeps its row in the returned document")
	}
}

// mixedStack is a compose stack modelled on Elastic's documented
// multi-node compose file (a setup container that makes certificates and
// sets kibana_system's password, es01, es02, kibana) with a Kafka, a
// ZooKeeper and two admin UIs next to it.
const mixedStack = `services:
  setup:
    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}
    volumes:
      - certs:/usr/share/elasticsearch/config/certs
    user: "0"
    command: >
      bash -c '
        if [ ! -f config/certs/ca.zip ]; then
          bin/elasticsearch-certutil ca --silent --pem -out config/certs/ca.zip;
          unzip config/certs/ca.zip -d config/certs;
        fi;
        echo "Waiting for Elasticsearch availability";
        until curl -s --cacert config/certs/ca/ca.crt https://es01:9200 | grep -q "missing authentication credentials"; do sleep 30; done;
        until curl -s -X POST --cacert config/certs/ca/ca.crt -u "elastic:${ELASTIC_PASSWORD}" https://es01:9200/_security/user/kibana_system/_password -d "{}" | grep -q "^{}"; do sleep 10; done;
        echo "All done!";
      '
  es01:
    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}
    environment:
      - node.name=es01
      - cluster.name=docs-cluster
      - discovery.seed_hosts=es02
      - cluster.initial_master_nodes=es01,es02
      - ELASTIC_PASSWORD=${ELASTIC_PASSWORD}
      - xpack.security.enabled=true
  es02:
    image: docker.elastic.co/elasticsearch/elasticsearch:${STACK_VERSION}
    environment:
      - node.name=es02
      - cluster.name=docs-cluster
      - discovery.seed_hosts=es01
      - cluster.initial_master_nodes=es01,es02
      - xpack.security.enabled=true
  kibana:
    image: docker.elastic.co/kibana/kibana:${STACK_VERSION}
    environment:
      - SERVERNAME=kibana
      - ELASTICSEARCH_HOSTS=https://es01:9200
      - ELASTICSEARCH_USERNAME=kibana_system
  zookeeper:
    image: confluentinc/cp-zookeeper:7.6.0
    environment:
      ZOOKEEPER_CLIENT_PORT: 2181
  kafka:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_ZOOKEEPER_CONNECT: zookeeper:2181
      ES_JAVA_OPTS: -Xmx512m
  cerebro:
    image: lmenezes/cerebro:0.9.4
    environment:
      - ELASTICSEARCH_HOSTS=http://es01:9200
  elastic-hq:
    image: elastichq/elasticsearch-hq
    environment:
      - HQ_DEFAULT_URL=http://es01:9200
volumes:
  certs:
`

// TestComposeStackNodesAreOnlyElastic: only es01, es02 and kibana are
// nodes and instances (issue 8, acceptance 3).
func TestComposeStackNodesAreOnlyElastic(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", "STACK_VERSION=8.15.1\nELASTIC_PASSWORD=changeme-docs\n")
	p := write(t, dir, "docker-compose.yml", mixedStack)
	doc, err := collectPaths(t, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var nodes, kibanas []string
	for _, n := range doc.Elasticsearch.Nodes {
		nodes = append(nodes, n.Name)
	}
	for _, k := range doc.Kibana {
		kibanas = append(kibanas, k.Name)
	}
	if strings.Join(nodes, ",") != "es01,es02" || strings.Join(kibanas, ",") != "kibana" {
		t.Errorf("nodes %v, Kibana %v; want [es01 es02] and [kibana]", nodes, kibanas)
	}
}

// TestDockerElkBuilds: services built from Dockerfiles are classified by
// the image their Dockerfile starts FROM; the setup service, whose
// Dockerfile starts FROM Elasticsearch but runs a setup script, is not a
// node; a build whose Dockerfile is missing is reported, not guessed.
func TestDockerElkBuilds(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".env", "ELASTIC_VERSION=8.15.1\n")
	write(t, dir, "elasticsearch/Dockerfile", "ARG ELASTIC_VERSION\n\n# https://www.docker.elastic.co/\nFROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION:-8.15.1}\n")
	write(t, dir, "elasticsearch/config/elasticsearch.yml", "cluster.name: docker-cluster\nnetwork.host: 0.0.0.0\nxpack.license.self_generated.type: trial\nxpack.security.enabled: true\n")
	write(t, dir, "kibana/Dockerfile", "ARG ELASTIC_VERSION\nFROM docker.elastic.co/kibana/kibana:${ELASTIC_VERSION:-8.15.1}\n")
	write(t, dir, "kibana/config/kibana.yml", "server.name: kibana\nserver.host: 0.0.0.0\nelasticsearch.hosts: [ http://elasticsearch:9200 ]\n")
	write(t, dir, "setup/Dockerfile", "ARG ELASTIC_VERSION\nFROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION:-8.15.1}\nENTRYPOINT [\"/entrypoint.sh\"]\n")
	write(t, dir, "setup/entrypoint.sh", "#!/usr/bin/env bash\nsource \"${BASH_SOURCE[0]%/*}\"/lib.sh\nlog 'Waiting for availability of Elasticsearch'\nwait_for_elasticsearch\n")
	write(t, dir, "extra/config/elasticsearch.yml", "cluster.name: docker-cluster\n")
	p := write(t, dir, "docker-compose.yml", `services:
  setup:
    build:
      context: setup/
      args:
        ELASTIC_VERSION: ${ELASTIC_VERSION}
    init: true
    volumes:
      - ./setup/entrypoint.sh:/entrypoint.sh:ro,Z
    environment:
      ELASTIC_PASSWORD: ${ELASTIC_PASSWORD:-}
  elasticsearch:
    build:
      context: elasticsearch/
      args:
        ELASTIC_VERSION: ${ELASTIC_VERSION}
    volumes:
      - ./elasticsearch/config/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro,Z
    environment:
      node.name: elasticsearch
      ES_JAVA_OPTS: -Xms512m -Xmx512m
      discovery.type: single-node
  extra:
    build:
      context: missing/
    volumes:
      - ./extra/config/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro
  kibana:
    build:
      context: kibana/
      args:
        ELASTIC_VERSION: ${ELASTIC_VERSION}
    volumes:
      - ./kibana/config/kibana.yml:/usr/share/kibana/config/kibana.yml:ro,Z
`)
	doc, err := collectPaths(t, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var nodes []string
	for _, n := range doc.Elasticsearch.Nodes {
		nodes = append(nodes, n.Name)
	}
	if strings.Join(nodes, ",") != "elasticsearch" || len(doc.Kibana) != 1 || doc.Kibana[0].Name != "kibana" {
		t.Errorf("nodes %v, %d Kibana; want [elasticsearch] and kibana", nodes, len(doc.Kibana))
	}
	if doc.Deployment.Version != "8.15.1" {
		t.Errorf("version %q from the Dockerfile's FROM", doc.Deployment.Version)
	}
	found := false
	for _, e := range doc.CollectionErrors {
		if strings.Contains(e.Message, "service extra is not audited") && strings.Contains(e.Message, "mounts elasticsearch.yml") {
			found = true
		}
	}
	if !found {
		t.Errorf("the unclassifiable service is not reported: %+v", doc.CollectionErrors)
	}
}

// TestComposeContainerEvidence: a bind-mounted keystore is read; a
// keystore whose bind mount source is missing is an error, not absent; a
// container keystore with ELASTIC_PASSWORD is modelled as holding
// bootstrap.password; TLS files that live in a named volume or the image
// are unexamined, never read from this machine.
func TestComposeContainerEvidence(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "ks/.keep", "")
	writeESKeystore(t, filepath.Join(dir, "ks"), nil)
	write(t, dir, "certs/es01.crt", "not a certificate")
	p := write(t, dir, "docker-compose.yml", `services:
  es01:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    volumes:
      - ./ks/elasticsearch.keystore:/usr/share/elasticsearch/config/elasticsearch.keystore
      - certs:/usr/share/elasticsearch/config/certs
    environment:
      - xpack.security.http.ssl.enabled=true
      - xpack.security.http.ssl.certificate=certs/es01.crt
      - xpack.security.http.ssl.key=/etc/ssl/private/es01.key
  es02:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    volumes:
      - ./gone/elasticsearch.keystore:/usr/share/elasticsearch/config/elasticsearch.keystore
  es03:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
    environment:
      - ELASTIC_PASSWORD=a-long-bootstrap-password
volumes:
  certs:
`)
	doc, err := collectPaths(t, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]inventory.Node{}
	for _, n := range doc.Elasticsearch.Nodes {
		byName[n.Name] = n
	}
	if ks := byName["es01"].Keystore; ks == nil || !ks.Readable || ks.Path != filepath.Join(dir, "ks/elasticsearch.keystore") {
		t.Errorf("es01: bind-mounted keystore not read: %+v", ks)
	}
	if ks := byName["es02"].Keystore; ks == nil || ks.Error == "" || ks.Present {
		t.Errorf("es02: a missing mount source is an error: %+v", ks)
	}
	if ks := byName["es03"].Keystore; ks == nil || !ks.Modelled || ks.Readable || !ks.Present || strings.Join(ks.Entries, ",") != "bootstrap.password" || ks.Error == "" {
		t.Errorf("es03: keystore modelled from ELASTIC_PASSWORD: %+v", ks)
	}
	mats := byName["es01"].TLSMaterial
	if len(mats) != 2 {
		t.Fatalf("es01 TLS material: %+v", mats)
	}
	for _, m := range mats {
		if !m.Unexamined || m.Readable || !strings.Contains(m.Error, "audit inside the container or pass the files") {
			t.Errorf("%s: %+v, want unexamined with the reason", m.Setting, m)
		}
	}
	var missing bool
	for _, e := range doc.CollectionErrors {
		missing = missing || strings.Contains(e.Message, "gone/elasticsearch.keystore") && strings.Contains(e.Message, "does not exist here")
	}
	if !missing {
		t.Errorf("missing bind mount not reported: %+v", doc.CollectionErrors)
	}
}

// TestComposeFileReadOnce removes the compose file once discovery has read
// it: its services are still collected, from the content discovery read.
func TestComposeFileReadOnce(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "docker-compose.yml", "services:\n  es01:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1\n    environment:\n      - discovery.type=single-node\n")
	src, errs := discover([]string{dir})
	if len(errs) != 0 || len(src.compose) != 1 {
		t.Fatalf("discovered %v (%v)", src.compose, errs)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	b := newBuilder(Request{Redactor: redact.NewWithKey([]byte("k")), Seen: &redact.Secrets{}})
	b.collectFiles(context.Background(), src)
	if len(b.doc.CollectionErrors) != 0 || len(b.doc.Elasticsearch.Nodes) != 1 || b.doc.Elasticsearch.Nodes[0].Name != "es01" {
		t.Errorf("nodes %+v, errors %+v: want es01 from the content read once", b.doc.Elasticsearch.Nodes, b.doc.CollectionErrors)
	}
}
