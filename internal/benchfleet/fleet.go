// Package benchfleet writes synthetic fleets for essec's benchmarks: N
// Elasticsearch nodes, each with its own elasticsearch.yml (name, address,
// roles), a version-7 keystore (optional) and six PEM files (transport and
// HTTP certificates and keys signed by one CA, and two copies of the CA),
// plus Kibana instances, and an inventory naming them
// all as one deployment. Nothing here is used by essec itself.
package benchfleet

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/format/keystore"
)

// Options size a fleet.
type Options struct {
	Nodes   int
	Kibanas int // 0: one per 20 nodes, at least one
	// Keystores is how many distinct keystores are written (each costs a
	// real key derivation to write); the nodes share them in turn. Reading
	// costs essec the same for a copy as for a distinct one. 0: 8;
	// negative: no keystore at all (each v7 keystore costs essec about
	// 0.17 s of key derivation to open, which hides every other cost).
	Keystores int
	Now       time.Time
}

// Write writes the fleet below dir and returns the inventory's path.
func Write(dir string, o Options) (string, error) {
	if o.Nodes < 1 {
		return "", fmt.Errorf("a fleet needs at least one node")
	}
	if o.Kibanas == 0 {
		o.Kibanas = max(1, o.Nodes/20)
	}
	if o.Keystores == 0 {
		o.Keystores = 8
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	ca, err := newCA(o.Now)
	if err != nil {
		return "", err
	}
	stores := make([][]byte, max(0, min(o.Keystores, o.Nodes)))
	for i := range stores {
		var b bytes.Buffer
		seed := fmt.Appendf(nil, "bench-seed-%04d", i)
		if err := keystore.WriteElasticsearch(&b, 7, nil, map[string][]byte{"keystore.seed": seed}, rand.Reader); err != nil {
			return "", fmt.Errorf("write keystore: %w", err)
		}
		stores[i] = b.Bytes()
	}
	var inv strings.Builder
	inv.WriteString("# synthetic fleet written by essec's benchmark\ndeployments:\n  - name: bench-fleet\n    version: 8.15.1\n    elasticsearch:\n      paths:\n")
	seeds := make([]string, 0, 3)
	for i := range min(3, o.Nodes) {
		seeds = append(seeds, nodeIP(i).String())
	}
	for i := range o.Nodes {
		name := fmt.Sprintf("es%05d", i)
		ndir := filepath.Join(dir, name)
		var store []byte
		if len(stores) > 0 {
			store = stores[i%len(stores)]
		}
		if err := writeNode(ndir, name, i, seeds, ca, store, o.Now); err != nil {
			return "", err
		}
		fmt.Fprintf(&inv, "        - %s\n", name)
	}
	inv.WriteString("    kibana:\n      paths:\n")
	for i := range o.Kibanas {
		name := fmt.Sprintf("kb%03d", i)
		if err := writeKibana(filepath.Join(dir, name), name, i, seeds, ca, o.Now); err != nil {
			return "", err
		}
		fmt.Fprintf(&inv, "        - %s\n", name)
	}
	path := filepath.Join(dir, "essec.yaml")
	if err := os.WriteFile(path, []byte(inv.String()), 0o600); err != nil {
		return "", err
	}
	return path, nil
}

func nodeIP(i int) net.IP {
	return net.IPv4(10, byte(1+i/65025), byte((i/255)%255), byte(i%255+1))
}

type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(now time.Time) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Bench Fleet CA"},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.AddDate(3, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// leaf signs a certificate for name and ip and returns its PEM and its
// key's PEM.
func (ca *authority) leaf(name string, ip net.IP, serial int64, now time.Time) ([]byte, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: name},
		DNSNames:     []string{name, name + ".bench.internal"},
		IPAddresses:  []net.IP{ip},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, nil, err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), nil
}

func writeNode(dir, name string, i int, seeds []string, ca *authority, store []byte, now time.Time) error {
	ip := nodeIP(i)
	roles := "[ data, ingest ]"
	if i < 3 {
		roles = "[ master, data ]"
	}
	yml := fmt.Sprintf(`# Node %[1]s of the bench-fleet cluster.
cluster.name: bench-fleet
node.name: %[1]s
node.roles: %[2]s
node.attr.rack: rack%[3]d

path:
  data: /var/lib/elasticsearch
  logs: /var/log/elasticsearch

network.host: %[4]s
http.port: 9200
transport.port: 9300
discovery.seed_hosts: [ %[5]s ]

xpack.security.enabled: true
xpack.security.enrollment.enabled: false
xpack.security.audit.enabled: true

xpack.security.http.ssl:
  enabled: true
  certificate: certs/http.crt
  key: certs/http.key
  certificate_authorities: [ certs/http_ca.crt ]

xpack.security.transport.ssl:
  enabled: true
  verification_mode: full
  client_authentication: required
  certificate: certs/transport.crt
  key: certs/transport.key
  certificate_authorities: [ certs/ca.crt ]
`, name, roles, i%16, ip, strings.Join(seeds, ", "))
	files := map[string][]byte{
		"elasticsearch.yml": []byte(yml),
		"certs/ca.crt":      ca.pem,
		"certs/http_ca.crt": ca.pem, // as Elasticsearch's auto-configuration names it
	}
	if store != nil {
		files["elasticsearch.keystore"] = store
	}
	for j, kind := range []string{"transport", "http"} {
		c, k, err := ca.leaf(name, ip, int64(2+2*i+j), now)
		if err != nil {
			return err
		}
		files["certs/"+kind+".crt"], files["certs/"+kind+".key"] = c, k
	}
	return writeFiles(dir, files)
}

func writeKibana(dir, name string, i int, seeds []string, ca *authority, now time.Time) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	ip := net.IPv4(10, 200, byte(i/255), byte(i%255+1))
	hosts := make([]string, len(seeds))
	for j, s := range seeds {
		hosts[j] = fmt.Sprintf(`"https://%s:9200"`, s)
	}
	yml := fmt.Sprintf(`# Kibana %[1]s of the bench-fleet cluster.
server.host: "%[2]s"
server.name: %[1]s
server.publicBaseUrl: "https://%[1]s.bench.internal:5601"
server.ssl.enabled: true
server.ssl.certificate: %[4]s/certs/kibana.crt
server.ssl.key: %[4]s/certs/kibana.key

elasticsearch.hosts: [ %[3]s ]
elasticsearch.ssl.certificateAuthorities: [ %[4]s/certs/ca.crt ]
elasticsearch.ssl.verificationMode: full
elasticsearch.serviceAccountToken: "${KIBANA_SERVICE_TOKEN}"

xpack.security.session.idleTimeout: "1h"
xpack.security.session.lifespan: "30d"
`, name, ip, strings.Join(hosts, ", "), dir)
	c, k, err := ca.leaf(name+".bench.internal", ip, int64(1_000_000+i), now)
	if err != nil {
		return err
	}
	return writeFiles(dir, map[string][]byte{
		"kibana.yml": []byte(yml), "certs/ca.crt": ca.pem, "certs/kibana.crt": c, "certs/kibana.key": k,
	})
}

func writeFiles(dir string, files map[string][]byte) error {
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return err
		}
		mode := os.FileMode(0o640)
		if strings.HasSuffix(name, ".key") || strings.HasSuffix(name, ".keystore") {
			mode = 0o600
		}
		if err := os.WriteFile(p, b, mode); err != nil {
			return err
		}
	}
	return nil
}
