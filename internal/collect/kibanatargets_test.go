package collect

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/inventory"
)

func setting(values ...string) inventory.Setting {
	return inventory.Setting{Value: strings.Join(values, ","), List: values, Source: "file"}
}

// vmNode is a node of a VM fleet: named, bound to one address.
func vmNode(name, host string, extra map[string]inventory.Setting) inventory.Node {
	s := map[string]inventory.Setting{"node.name": setting(name), "network.host": setting(host)}
	for k, v := range extra {
		s[k] = v
	}
	return inventory.Node{Name: name, Readable: true, Settings: s}
}

// composeNode is a node of Elastic's docker-compose example: the image
// default network.host 0.0.0.0, reached by its service name.
func composeNode(service string, c inventory.ComposeService) inventory.Node {
	c.Service = service
	return inventory.Node{Name: service, Readable: true, Origin: "compose", Compose: &c, Settings: map[string]inventory.Setting{
		"node.name": setting(service), "network.host": setting("0.0.0.0"),
	}}
}

func kibanaNaming(extra map[string]inventory.Setting, hosts ...string) *inventory.Kibana {
	s := map[string]inventory.Setting{"elasticsearch.hosts": setting(hosts...)}
	for k, v := range extra {
		s[k] = v
	}
	return &inventory.Kibana{Name: "kibana", Readable: true, Settings: s}
}

func leaf(dns []string, ips ...string) *certs.LeafChain {
	c := &x509.Certificate{DNSNames: dns}
	for _, ip := range ips {
		c.IPAddresses = append(c.IPAddresses, net.ParseIP(ip))
	}
	return &certs.LeafChain{Path: "/certs/http.crt", Certificates: []*x509.Certificate{c}}
}

// TestKibanaTargets matches the https hosts of Kibana's elasticsearch.hosts
// to the nodes they name, in the shapes public deployments take.
func TestKibanaTargets(t *testing.T) {
	composeStack := []inventory.Node{composeNode("es01", inventory.ComposeService{}), composeNode("es02", inventory.ComposeService{}), composeNode("es03", inventory.ComposeService{})}
	vmFleet := []inventory.Node{vmNode("node-1", "10.0.1.11", nil), vmNode("node-2", "10.0.1.12", nil), vmNode("node-3", "10.0.1.13", nil)}
	// Names only in the certificates: the nodes bind _site_ and their
	// certificates name the DNS records clients use.
	siteFleet := []inventory.Node{vmNode("a", "_site_", nil), vmNode("b", "_site_", nil)}
	siteChains := []*certs.LeafChain{
		leaf([]string{"search-a.prod.example.com", "localhost"}, "127.0.0.1"),
		leaf([]string{"search-b.prod.example.com", "*.prod.example.com", "localhost"}, "127.0.0.1", "10.0.2.12"),
	}
	sameMachine := []inventory.Node{
		vmNode("hot-1", "10.0.3.5", map[string]inventory.Setting{"http.port": setting("9200")}),
		vmNode("hot-2", "10.0.3.5", map[string]inventory.Setting{"http.port": setting("9201")}),
	}
	tests := []struct {
		name      string
		nodes     []inventory.Node
		chains    []*certs.LeafChain
		kb        *inventory.Kibana
		scope     string
		nodeNames []string
		by        []string // matched_by per https host
		reason    string   // part of the reason when scope is all
	}{
		{name: "compose Kibana names es01 by service name", nodes: composeStack,
			kb: kibanaNaming(nil, "https://es01:9200"), scope: "hosts", nodeNames: []string{"es01"}, by: []string{"configuration"}},
		{name: "compose hostname and container_name", nodes: []inventory.Node{
			composeNode("elasticsearch", inventory.ComposeService{Hostname: "es-primary"}),
			composeNode("es-replica", inventory.ComposeService{ContainerName: "ES-Replica-1"}),
		}, kb: kibanaNaming(nil, "https://es-primary:9200", "https://es-replica-1:9200"), scope: "hosts",
			nodeNames: []string{"elasticsearch", "es-replica"}, by: []string{"configuration", "configuration"}},
		{name: "VM fleet Kibana names two IPs", nodes: vmFleet,
			kb: kibanaNaming(nil, "https://10.0.1.12:9200", "https://10.0.1.11:9200"), scope: "hosts",
			nodeNames: []string{"node-1", "node-2"}, by: []string{"configuration", "configuration"}},
		{name: "quoted JSON-array form from a compose environment", nodes: vmFleet,
			kb: kibanaNaming(nil, `["https://10.0.1.13:9200"]`), scope: "hosts", nodeNames: []string{"node-3"}, by: []string{"configuration"}},
		{name: "publish host names the node", nodes: []inventory.Node{
			vmNode("n1", "0.0.0.0", map[string]inventory.Setting{"network.publish_host": setting("es1.internal.example.org")}),
			vmNode("n2", "0.0.0.0", map[string]inventory.Setting{"http.publish_host": setting("es2.internal.example.org")}),
		}, kb: kibanaNaming(nil, "https://ES2.internal.example.org.:9200"), scope: "hosts", nodeNames: []string{"n2"}, by: []string{"configuration"}},
		{name: "IPv6 literal in another spelling", nodes: []inventory.Node{vmNode("v6", "2001:db8:0:0::10", nil), vmNode("v6b", "2001:db8::11", nil)},
			kb: kibanaNaming(nil, "https://[2001:DB8::10]:9200"), scope: "hosts", nodeNames: []string{"v6"}, by: []string{"configuration"}},
		{name: "DNS SAN names the node", nodes: siteFleet, chains: siteChains,
			kb: kibanaNaming(nil, "https://search-a.prod.example.com:9200"), scope: "hosts", nodeNames: []string{"a"}, by: []string{"certificate"}},
		{name: "IP SAN names the node", nodes: siteFleet, chains: siteChains,
			kb: kibanaNaming(nil, "https://10.0.2.12:9200"), scope: "hosts", nodeNames: []string{"b"}, by: []string{"certificate"}},
		{name: "a wildcard SAN names no node", nodes: siteFleet, chains: siteChains,
			kb: kibanaNaming(nil, "https://search-c.prod.example.com:9200"), scope: "all", by: []string{""}, reason: "https://search-c.prod.example.com:9200 names no known node (a load balancer"},
		{name: "localhost in every certificate reaches every node", nodes: siteFleet, chains: siteChains,
			kb: kibanaNaming(nil, "https://localhost:9200"), scope: "hosts", nodeNames: []string{"a", "b"}, by: []string{"certificate"}},
		{name: "load balancer", nodes: vmFleet,
			kb: kibanaNaming(nil, "https://elasticsearch.prod.example.com:443"), scope: "all", by: []string{""},
			reason: "https://elasticsearch.prod.example.com:443 names no known node (a load balancer or a name essec cannot resolve)"},
		{name: "a node and a load balancer: the balancer reaches any node", nodes: vmFleet,
			kb: kibanaNaming(nil, "https://10.0.1.11:9200", "https://es-lb.example.com:9200"), scope: "all", by: []string{"configuration", ""},
			reason: "https://es-lb.example.com:9200 names no known node"},
		{name: "sniffing reaches every node", nodes: vmFleet,
			kb:    kibanaNaming(map[string]inventory.Setting{"elasticsearch.sniffOnStart": setting("true")}, "https://10.0.1.11:9200"),
			scope: "all", by: []string{"configuration"}, reason: `elasticsearch.sniffOnStart is "true": Kibana discovers`},
		{name: "sniffInterval false is no sniffing", nodes: vmFleet,
			kb:    kibanaNaming(map[string]inventory.Setting{"elasticsearch.sniffInterval": setting("false")}, "https://10.0.1.11:9200"),
			scope: "hosts", nodeNames: []string{"node-1"}, by: []string{"configuration"}},
		{name: "two nodes on one machine: the port picks", nodes: sameMachine,
			kb: kibanaNaming(nil, "https://10.0.3.5:9201"), scope: "hosts", nodeNames: []string{"hot-2"}, by: []string{"configuration"}},
		{name: "two nodes on one machine, no port: both", nodes: sameMachine,
			kb: kibanaNaming(nil, "https://10.0.3.5"), scope: "hosts", nodeNames: []string{"hot-1", "hot-2"}, by: []string{"configuration"}},
		{name: "only the https hosts count", nodes: vmFleet,
			kb: kibanaNaming(nil, "http://10.0.1.11:9200", "https://10.0.1.13:9200"), scope: "hosts", nodeNames: []string{"node-3"}, by: []string{"configuration"}},
		{name: "no node was read", nodes: nil,
			kb: kibanaNaming(nil, "https://es01:9200"), scope: "all", by: []string{""}, reason: "no node's configuration was read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, reached := newNodeAddresses(tc.nodes, tc.chains).kibanaTargets(tc.kb)
			if got == nil {
				t.Fatal("no targets")
			}
			if got.Scope != tc.scope {
				t.Errorf("scope %q, want %q (reason %q)", got.Scope, tc.scope, got.Reason)
			}
			want := tc.nodeNames
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got.Nodes, want) {
				t.Errorf("nodes %v, want %v", got.Nodes, want)
			}
			if len(reached) != len(want) {
				t.Errorf("reached %v, want %d nodes", reached, len(want))
			}
			var by []string
			for _, h := range got.Hosts {
				by = append(by, h.MatchedBy)
			}
			if !reflect.DeepEqual(by, tc.by) {
				t.Errorf("matched_by %q, want %q", by, tc.by)
			}
			if !strings.Contains(got.Reason, tc.reason) || (tc.reason == "") != (got.Reason == "") {
				t.Errorf("reason %q, want it to contain %q", got.Reason, tc.reason)
			}
		})
	}
}

// TestKibanaTargetsNoHTTPSHost: with only http hosts there is no
// certificate to verify and no targets.
func TestKibanaTargetsNoHTTPSHost(t *testing.T) {
	nodes := []inventory.Node{vmNode("node-1", "10.0.1.11", nil)}
	for _, kb := range []*inventory.Kibana{kibanaNaming(nil, "http://10.0.1.11:9200"), {Name: "kibana", Readable: true, Settings: map[string]inventory.Setting{}}} {
		if got, _ := newNodeAddresses(nodes, nil).kibanaTargets(kb); got != nil {
			t.Errorf("%v: targets %+v, want none", kb.Settings, got)
		}
	}
}

func TestHTTPPortServes(t *testing.T) {
	for _, tc := range []struct {
		v    string
		port int
		want bool
	}{{"", 9200, true}, {"", 9300, true}, {"", 443, false}, {"9201", 9201, true}, {"9201", 9200, false}, {"9200-9205", 9203, true}, {"x", 9200, false}} {
		if got := httpPortServes(tc.v, tc.port); got != tc.want {
			t.Errorf("httpPortServes(%q, %d) = %v, want %v", tc.v, tc.port, got, tc.want)
		}
	}
}

// TestKibanaTrustFollowsComposeHosts audits a compose stack modelled on
// Elastic's docker-compose example, with the certificates bind-mounted from
// ./certs: Kibana names es01 by service name. es02 (reached as es-two, its
// hostname) has a certificate from another CA, which Kibana never meets:
// the Kibana's trust holds es01's verdict only, and it is trusted.
func TestKibanaTrustFollowsComposeHosts(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	ca, caKey := testCA(t, "Elastic Certificate Tool Autogenerated CA", now)
	other, otherKey := testCA(t, "Another CA", now)
	write(t, dir, "certs/ca/ca.crt", string(certtest.CertPEM(ca)))
	for _, n := range []struct {
		name   string
		ca     *x509.Certificate
		caKey  *ecdsa.PrivateKey
		sanDNS []string
	}{{"es01", ca, caKey, []string{"es01", "localhost"}}, {"es02", other, otherKey, []string{"es02", "es-two", "localhost"}}} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		leaf := certtest.Sign(t, &x509.Certificate{
			Subject: pkix.Name{CommonName: n.name}, DNSNames: n.sanDNS, NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}, key, n.ca, n.caKey)
		write(t, dir, "certs/"+n.name+"/"+n.name+".crt", string(certtest.CertPEM(leaf)))
		write(t, dir, "certs/"+n.name+"/"+n.name+".key", string(certtest.KeyPEM(t, key)))
	}
	es := func(name, extra string) string {
		return `  ` + name + `:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.1
` + extra + `    volumes:
      - ./certs:/usr/share/elasticsearch/config/certs
    environment:
      - node.name=` + name + `
      - cluster.name=docker-cluster
      - discovery.seed_hosts=es01,es02
      - xpack.security.enabled=true
      - xpack.security.http.ssl.enabled=true
      - xpack.security.http.ssl.key=certs/` + name + `/` + name + `.key
      - xpack.security.http.ssl.certificate=certs/` + name + `/` + name + `.crt
      - xpack.security.http.ssl.certificate_authorities=certs/ca/ca.crt
`
	}
	p := write(t, dir, "docker-compose.yml", "services:\n"+es("es01", "")+es("es02", "    hostname: es-two\n")+`  kibana:
    image: docker.elastic.co/kibana/kibana:8.15.1
    volumes:
      - ./certs:/usr/share/kibana/config/certs
    environment:
      - SERVERNAME=kibana
      - ELASTICSEARCH_HOSTS=https://es01:9200
      - ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES=config/certs/ca/ca.crt
`)
	doc, err := collectPaths(t, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Kibana) != 1 || len(doc.Elasticsearch.Nodes) != 2 {
		t.Fatalf("%d Kibana, %d nodes", len(doc.Kibana), len(doc.Elasticsearch.Nodes))
	}
	if c := doc.Elasticsearch.Nodes[1].Compose; c == nil || c.Hostname != "es-two" {
		t.Errorf("es02 compose evidence %+v, want hostname es-two", c)
	}
	kb := doc.Kibana[0]
	if tg := kb.ElasticsearchTargets; tg == nil || tg.Scope != "hosts" || !reflect.DeepEqual(tg.Nodes, []string{"es01"}) {
		t.Fatalf("targets %+v, want es01", tg)
	}
	var got []inventory.TrustResult
	for _, tr := range kb.Trust {
		if tr.Context == certs.ContextKibanaElasticsearch {
			got = append(got, tr)
		}
	}
	if len(got) != 1 || !got[0].Trusted || !strings.HasSuffix(got[0].LeafPath, "es01.crt") {
		t.Errorf("Kibana's trust of Elasticsearch: %+v, want es01's certificate, trusted", got)
	}
}

func testCA(t *testing.T, cn string, now time.Time) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return certtest.Sign(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: cn}, IsCA: true, BasicConstraintsValid: true,
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(2, 0, 0), KeyUsage: x509.KeyUsageCertSign,
	}, key, nil, nil), key
}
