package remediations

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/remediations/certs"
)

// CertOptions configure generated certificates.
type CertOptions struct {
	// KeyBits is the RSA key size: 2048 (default) or 4096.
	KeyBits int
	// SANs are extra names or IPs for every node and Kibana certificate.
	SANs []string
	// CAValidity, NodeValidity default to 3 years and 2 years.
	CAValidity, NodeValidity time.Duration
}

func (o CertOptions) withDefaults() CertOptions {
	if o.KeyBits == 0 {
		o.KeyBits = 2048
	}
	if o.CAValidity == 0 {
		o.CAValidity = 3 * 365 * 24 * time.Hour
	}
	if o.NodeValidity == 0 {
		o.NodeValidity = 2 * 365 * 24 * time.Hour
	}
	return o
}

// File names essec gives the material it creates, under each config
// directory's certs/ (names of their own, so they never collide with the
// automatic setup's http_ca.crt, http.p12 and transport.p12).
const (
	caCertName        = "certs/essec-ca.crt"
	caKeyName         = "certs/essec-ca.key"
	transportP12Name  = "certs/essec-transport.p12"
	httpP12Name       = "certs/essec-http.p12"
	kibanaCertName    = "certs/essec-kibana.crt"
	kibanaKeyName     = "certs/essec-kibana.key"
	kibanaESCAName    = "certs/essec-ca.crt"
	caCommonName      = "essec cluster CA"
	caKeyDescription  = "the CA's private key, kept on the first node only (needed to issue more certificates; move it offline if you prefer)"
	secureP12Password = 22
)

// clusterCA is the CA of a plan: loaded from a previous essec fix or new.
type clusterCA struct {
	pair *certs.Pair
	// new is true when the plan creates it; keyDir is where its key goes.
	new    bool
	keyDir string
	// created tracks the config dirs that already get its certificate.
	created map[string]bool
}

// ca returns the deployment's essec CA, creating it on first use.
func (c *Context) ca() (*clusterCA, error) {
	if v, ok := c.shared["ca"].(*clusterCA); ok {
		return v, nil
	}
	for _, n := range c.Doc.Elasticsearch.Nodes {
		if n.ConfigDir == "" {
			continue
		}
		pair, err := c.loadCA(n.ConfigDir)
		if err != nil {
			return nil, err
		}
		if pair != nil {
			ca := &clusterCA{pair: pair, created: map[string]bool{}}
			c.shared["ca"] = ca
			return ca, nil
		}
	}
	pair, err := certs.NewCA(c.Rand, c.Now, c.Certs.KeyBits, caCommonName, c.Certs.CAValidity)
	if err != nil {
		return nil, err
	}
	ca := &clusterCA{pair: pair, new: true, created: map[string]bool{}}
	c.shared["ca"] = ca
	return ca, nil
}

// loadCA reads the CA a previous essec fix left in dir, or nil.
func (c *Context) loadCA(dir string) (*certs.Pair, error) {
	keyPEM, ok, err := c.read(filepath.Join(dir, caKeyName))
	if err != nil || !ok {
		return nil, err
	}
	certPEM, ok, err := c.read(filepath.Join(dir, caCertName))
	if err != nil || !ok {
		return nil, err
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, fmt.Errorf("%s: not a PEM certificate and key", dir)
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", caCertName, err)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", caKeyName, err)
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("the essec CA key is not RSA")
	}
	return &certs.Pair{Cert: cert, Key: key, DER: cb.Bytes}, nil
}

// caFiles returns the files that put the CA certificate (and, once, its
// key) into dir, unless they are there or planned already.
func (c *Context) caFiles(ca *clusterCA, dir string) ([]NewFile, error) {
	var out []NewFile
	path := filepath.Join(dir, caCertName)
	if _, ok, err := c.read(path); err != nil {
		return nil, err
	} else if !ok && !ca.created[path] {
		ca.created[path] = true
		out = append(out, NewFile{Path: path, Content: ca.pair.CertPEM(), Mode: 0o644,
			Info: CreatedFile{Kind: "ca-certificate", Subject: ca.pair.Cert.Subject.String(), NotAfter: ca.pair.Cert.NotAfter.Format(time.DateOnly)}})
	}
	if ca.new && ca.keyDir == "" {
		ca.keyDir = dir
		key, err := ca.pair.KeyPEM()
		if err != nil {
			return nil, err
		}
		out = append(out, NewFile{Path: filepath.Join(dir, caKeyName), Content: key, Mode: 0o600,
			Info: CreatedFile{Kind: "ca-key", Subject: caKeyDescription}})
	}
	return out, nil
}

// sans derives a certificate's names from settings: node.name and the
// host settings; special values (_site_, 0.0.0.0) are skipped with a note.
func sans(name string, settings map[string]inventory.Setting, keys []string, extra []string, local bool) (dns []string, ips []net.IP, notes []string) {
	seen := map[string]bool{}
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			return
		}
		seen[v] = true
		if ip := net.ParseIP(strings.Trim(v, "[]")); ip != nil {
			if ip.IsUnspecified() {
				notes = append(notes, fmt.Sprintf("%s listens on every address: add the names clients use with --san", v))
				return
			}
			ips = append(ips, ip)
			return
		}
		if strings.HasPrefix(v, "_") {
			notes = append(notes, fmt.Sprintf("%s is resolved by Elasticsearch at start: add the addresses it stands for with --san", v))
			return
		}
		dns = append(dns, v)
	}
	add(name)
	for _, k := range keys {
		if s, ok := settings[k]; ok && !s.Unresolved {
			for _, v := range s.List {
				add(v)
			}
		}
	}
	for _, v := range extra {
		add(v)
	}
	if local {
		add("localhost")
		add("127.0.0.1")
		add("::1")
	}
	return dns, ips, notes
}

func sanStrings(dns []string, ips []net.IP) []string {
	out := append([]string{}, dns...)
	for _, ip := range ips {
		out = append(out, ip.String())
	}
	return out
}
