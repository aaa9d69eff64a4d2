package remediations

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/remediations/certs"
)

// hasKeyMaterial reports whether a TLS context already names a key.
func hasKeyMaterial(settings map[string]inventory.Setting, prefix string) bool {
	for _, k := range []string{"keystore.path", "certificate", "key"} {
		if _, ok := settings[prefix+k]; ok {
			return true
		}
	}
	return false
}

// keystorePath is the node's elasticsearch.keystore.
func keystorePath(n *inventory.Node) string {
	if n.Keystore != nil && n.Keystore.Path != "" {
		return n.Keystore.Path
	}
	return filepath.Join(n.ConfigDir, "elasticsearch.keystore")
}

// nodeStore issues a node certificate from the essec CA into a PKCS#12
// file with a random password kept in the node's keystore, and returns the
// draft parts that install it under prefix (xpack.security.transport.ssl.).
func (c *Context) nodeStore(d *Draft, n *inventory.Node, prefix, p12Name string, client bool, sanKeys []string) error {
	if n.Compose != nil {
		// Relative paths resolve in the container's config directory,
		// which a single-file bind mount does not expose: new files
		// would not be visible to the node.
		return manualf("node %s runs in a container: mount a certs/ directory into its config directory, then run essec fix again", n.Name)
	}
	ca, err := c.ca()
	if err != nil {
		return err
	}
	files, err := c.caFiles(ca, n.ConfigDir)
	if err != nil {
		return err
	}
	dns, ips, notes := sans(n.Name, n.Settings, sanKeys, c.Certs.SANs, !client)
	validity := c.Certs.NodeValidity
	leaf, err := ca.pair.Issue(c.Rand, c.Now, certs.LeafOptions{CN: n.Name, DNS: dns, IPs: ips, Client: client, Bits: c.Certs.KeyBits, Validity: validity})
	if err != nil {
		return err
	}
	pw, err := randomString(c.Rand, secureP12Password)
	if err != nil {
		return err
	}
	p12, err := leaf.PKCS12(ca.pair, pw)
	if err != nil {
		return err
	}
	kind := "pkcs12"
	files = append(files, NewFile{Path: filepath.Join(n.ConfigDir, p12Name), Content: p12, Mode: 0o600,
		Info: CreatedFile{Kind: kind, Subject: leaf.Cert.Subject.String(), SANs: sanStrings(dns, ips), NotAfter: leaf.Cert.NotAfter.Format(time.DateOnly)}})
	d.Files = append(d.Files, files...)
	d.Keys = append(d.Keys, KeystoreChange{Path: keystorePath(n), Release: c.Doc.Deployment.Version,
		Set: map[string][]byte{prefix + "keystore.secure_password": []byte(pw)}})
	changes := []yamledit.Change{set(prefix+"enabled", "true"), set(prefix+"keystore.path", p12Name)}
	if client {
		// Transport trusts the cluster CA explicitly (mutual TLS).
		changes = append(changes, yamledit.Set(prefix+"certificate_authorities", yamledit.List(caCertName)))
	}
	d.Settings = append(d.Settings, SettingsEdit{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: changes})
	d.Manual = append(d.Manual, notes...)
	return nil
}

// transportTLS sets up transport TLS on every node (BAS-01..04, BAS-07).
type transportTLS struct{}

func (transportTLS) ID() string { return "transport-tls" }
func (transportTLS) Checks() []string {
	return []string{"BAS-01", "BAS-02", "BAS-03", "BAS-04", "BAS-07"}
}

const transportPrefix = "xpack.security.transport.ssl."

func (transportTLS) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	if c.shared["transport-tls"] != nil {
		return nil, nil // planned already, with enabling security
	}
	c.shared["transport-tls"] = true
	setup := slices.ContainsFunc(failing, func(f finding.Finding) bool {
		return f.CheckID == "BAS-01" || f.CheckID == "BAS-02" || f.CheckID == "BAS-07"
	})
	targets := nodeTargets(c.Doc, failing)
	if setup {
		// Transport TLS is all nodes or none.
		targets = nodeTargets(c.Doc, []finding.Finding{{Resource: finding.Resource{Kind: "cluster"}}})
	}
	var out []Draft
	for _, n := range targets {
		checks := checksFor(failing, "node", n.Name)
		d := Draft{Title: "transport TLS on node " + n.Name, Checks: checks, Restart: RestartFull}
		if why := editable(n.ConfigFile, n.Settings, transportPrefix+"enabled"); why != "" {
			out = append(out, manualDraft(d.Title, checks, why))
			continue
		}
		if setup && !hasKeyMaterial(n.Settings, transportPrefix) {
			if err := c.nodeStore(&d, n, transportPrefix, transportP12Name, true,
				[]string{"network.host", "network.publish_host", "transport.host", "transport.publish_host"}); errors.Is(err, errManual) {
				out = append(out, manualDraft(d.Title, checks, err.Error()))
				continue
			} else if err != nil {
				return nil, err
			}
		}
		var fixes []yamledit.Change
		if setup && hasKeyMaterial(n.Settings, transportPrefix) {
			fixes = append(fixes, set(transportPrefix+"enabled", "true"))
		}
		fixes = append(fixes, set(transportPrefix+"verification_mode", "certificate"), set(transportPrefix+"client_authentication", "required"))
		d.Settings = append(d.Settings, SettingsEdit{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: fixes})
		out = append(out, d)
	}
	return out, nil
}

// httpTLS serves Elasticsearch's HTTP API over TLS (HTTPS-01..03).
type httpTLS struct{}

func (httpTLS) ID() string       { return "http-tls" }
func (httpTLS) Checks() []string { return []string{"HTTPS-01", "HTTPS-02"} }

const httpPrefix = "xpack.security.http.ssl."

func (httpTLS) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	for _, n := range nodeTargets(c.Doc, failing) {
		checks := checksFor(failing, "node", n.Name)
		d := Draft{Title: "HTTPS on node " + n.Name, Checks: checks, Restart: RestartCoordinated}
		if why := editable(n.ConfigFile, n.Settings, httpPrefix+"enabled"); why != "" {
			out = append(out, manualDraft(d.Title, checks, why))
			continue
		}
		if hasKeyMaterial(n.Settings, httpPrefix) {
			out = append(out, manualDraft(d.Title, checks, "the node already names HTTP key material; fix or replace it by hand"))
			continue
		}
		if err := c.nodeStore(&d, n, httpPrefix, httpP12Name, false,
			[]string{"network.host", "network.publish_host", "http.host", "http.publish_host"}); errors.Is(err, errManual) {
			out = append(out, manualDraft(d.Title, checks, err.Error()))
			continue
		} else if err != nil {
			return nil, err
		}
		d.Manual = append(d.Manual, "switch every HTTP client (Beats, Logstash, scripts, load balancers) to https and give it certs/essec-ca.crt")
		out = append(out, d)
	}
	return out, nil
}

// kibanaToESHTTPS points Kibana at https and the essec CA (HTTPS-04, 05).
type kibanaToESHTTPS struct{}

func (kibanaToESHTTPS) ID() string       { return "kibana-https-to-es" }
func (kibanaToESHTTPS) Checks() []string { return []string{"HTTPS-04", "HTTPS-05"} }

func (kibanaToESHTTPS) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	for _, kb := range kibanaTargets(c.Doc, failing) {
		checks := checksFor(failing, "kibana", kb.Name)
		title := "Kibana " + kb.Name + " talks https to Elasticsearch and verifies it"
		if why := editable(kb.ConfigFile, kb.Settings, "elasticsearch.hosts", "elasticsearch.ssl.certificateAuthorities"); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		ca, ok := c.shared["ca"].(*clusterCA)
		if !ok {
			if _, err := c.ca(); err != nil {
				return nil, err
			}
			ca = c.shared["ca"].(*clusterCA)
			if ca.new {
				delete(c.shared, "ca")
				out = append(out, manualDraft(title, checks, "Elasticsearch's HTTP certificates were not issued by essec, so essec does not know their CA",
					"copy the CA of the Elasticsearch HTTP certificates to Kibana, set elasticsearch.ssl.certificateAuthorities to it and elasticsearch.hosts to https URLs"))
				continue
			}
		}
		d := Draft{Title: title, Checks: checks, Restart: RestartKibana}
		caPath := filepath.Join(kb.ConfigDir, kibanaESCAName)
		if _, exists, err := c.read(caPath); err != nil {
			return nil, err
		} else if !exists && !ca.created[caPath] {
			ca.created[caPath] = true
			d.Files = append(d.Files, NewFile{Path: caPath, Content: ca.pair.CertPEM(), Mode: 0o644,
				Info: CreatedFile{Kind: "ca-certificate", Subject: ca.pair.Cert.Subject.String(), NotAfter: ca.pair.Cert.NotAfter.Format(time.DateOnly)}})
		}
		hosts := []string{"https://localhost:9200"}
		if s, ok := kb.Settings["elasticsearch.hosts"]; ok {
			hosts = nil
			for _, u := range s.List {
				hosts = append(hosts, httpsURL(u))
			}
		}
		changes := []yamledit.Change{
			yamledit.Set("elasticsearch.hosts", yamledit.List(hosts...)),
			yamledit.Set("elasticsearch.ssl.certificateAuthorities", yamledit.List(caPath)),
		}
		if s, ok := kb.Settings["elasticsearch.ssl.verificationMode"]; ok && s.Value != "full" {
			changes = append(changes, set("elasticsearch.ssl.verificationMode", "full"))
		}
		d.Settings = []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes}}
		out = append(out, d)
	}
	return out, nil
}

func httpsURL(u string) string {
	if len(u) > 7 && u[:7] == "http://" {
		return "https://" + u[7:]
	}
	return u
}

// kibanaServerTLS serves Kibana over https with an essec certificate (HTTPS-06).
type kibanaServerTLS struct{}

func (kibanaServerTLS) ID() string       { return "kibana-server-tls" }
func (kibanaServerTLS) Checks() []string { return []string{"HTTPS-06"} }

func (kibanaServerTLS) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	for _, kb := range kibanaTargets(c.Doc, failing) {
		checks := checksFor(failing, "kibana", kb.Name)
		title := "Kibana " + kb.Name + " serves https"
		if why := editable(kb.ConfigFile, kb.Settings, "server.ssl.enabled"); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		if kb.Compose != nil {
			out = append(out, manualDraft(title, checks, "Kibana runs in a container: mount a certs/ directory into its config directory, then run essec fix again"))
			continue
		}
		if hasKeyMaterial(kb.Settings, "server.ssl.") {
			out = append(out, manualDraft(title, checks, "Kibana already names server key material; fix it by hand"))
			continue
		}
		ca, err := c.ca()
		if err != nil {
			return nil, err
		}
		extra := append([]string{}, c.Certs.SANs...)
		public := ""
		if s, ok := kb.Settings["server.publicBaseUrl"]; ok {
			if u, err := url.Parse(s.Value); err == nil && u.Hostname() != "" {
				extra = append(extra, u.Hostname())
				if u.Scheme == "http" {
					u.Scheme = "https"
					public = u.String()
				}
			}
		}
		dns, ips, notes := sans(kb.Name, kb.Settings, []string{"server.host", "server.name"}, extra, true)
		leaf, err := ca.pair.Issue(c.Rand, c.Now, certs.LeafOptions{CN: kb.Name, DNS: dns, IPs: ips, Bits: c.Certs.KeyBits, Validity: c.Certs.NodeValidity})
		if err != nil {
			return nil, err
		}
		key, err := leaf.KeyPEM()
		if err != nil {
			return nil, err
		}
		certPath, keyPath := filepath.Join(kb.ConfigDir, kibanaCertName), filepath.Join(kb.ConfigDir, kibanaKeyName)
		d := Draft{Title: title, Checks: checks, Restart: RestartKibana, Manual: append(notes,
			"browsers do not trust the essec CA: install certs/essec-ca.crt in their trust stores, or replace the certificate with one from your organisation's CA (HTTPS-07)")}
		d.Files = []NewFile{
			{Path: certPath, Content: append(leaf.CertPEM(), ca.pair.CertPEM()...), Mode: 0o644,
				Info: CreatedFile{Kind: "certificate", Subject: leaf.Cert.Subject.String(), SANs: sanStrings(dns, ips), NotAfter: leaf.Cert.NotAfter.Format(time.DateOnly)}},
			{Path: keyPath, Content: key, Mode: 0o600, Info: CreatedFile{Kind: "private-key", Subject: leaf.Cert.Subject.String()}},
		}
		d.Settings = []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: []yamledit.Change{
			set("server.ssl.enabled", "true"),
			set("server.ssl.certificate", certPath),
			set("server.ssl.key", keyPath),
		}}}
		if public != "" {
			d.Settings[0].Changes = append(d.Settings[0].Changes, set("server.publicBaseUrl", public))
		}
		if _, ok := kb.Settings["server.securityResponseHeaders.strictTransportSecurity"]; !ok {
			// KIB-04 asks for HSTS once Kibana serves TLS: set it in the same
			// apply so that a second run has nothing left to do.
			d.Settings[0].Changes = append(d.Settings[0].Changes, set("server.securityResponseHeaders.strictTransportSecurity", "max-age=31536000"))
			d.Manual = append(d.Manual, "Kibana now sends Strict-Transport-Security: make sure every service on its host name is reachable over https")
		}
		out = append(out, d)
	}
	return out, nil
}

var _ = fmt.Sprintf
