package certs

import (
	"context"
	"crypto"
	"crypto/x509"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
)

// TLS contexts that callers refer to by name.
const (
	ContextTransport           = "transport"
	ContextHTTP                = "http"
	ContextRemoteClusterServer = "remote_cluster_server"
	ContextRemoteClusterClient = "remote_cluster_client"
	ContextKibanaServer        = "kibana.server"
	ContextKibanaElasticsearch = "kibana.elasticsearch"
)

// Roles of a file within its TLS context.
const (
	RoleKeystore               = "keystore"
	RoleTruststore             = "truststore"
	RoleCertificate            = "certificate"
	RoleKey                    = "key"
	RoleCertificateAuthorities = "certificate_authorities"
)

// Formats reported in inventory.TLSMaterial.Format.
const (
	FormatPEM     = "pem"
	FormatPKCS12  = "pkcs12"
	FormatJKS     = "jks"
	FormatUnknown = "unknown"
)

// SecretFunc returns a secret value by setting name: first the node's keystore
// (e.g. "xpack.security.http.ssl.keystore.secure_password"), then plain YAML
// (deprecated "xpack.security.http.ssl.keystore.password"). ok=false when
// unknown. source says where the value came from ("keystore", "yaml", "env",
// ...) and is reported as the password source; the value is never kept.
// The package clears the returned slice after use, so return a copy.
type SecretFunc func(name string) (value []byte, source string, ok bool)

// Request says where one Elasticsearch node's or Kibana instance's TLS files
// are and how to open them.
type Request struct {
	// ConfigDir is where relative paths resolve (as Elasticsearch and Kibana
	// resolve them: against $ES_PATH_CONF / the Kibana config directory).
	ConfigDir string
	// Settings are the effective non-secret settings (values present).
	Settings map[string]inventory.Setting
	// Secret looks up passwords and passphrases; nil means none are known.
	Secret SecretFunc
	// Now is the audit's clock: trust is judged at this instant.
	Now time.Time
	// Locate, when set, says where essec reads a configured path (inside a
	// container, under --root, in an audited copy of a host's config
	// directory) or why it cannot; ok=false keeps the usual resolution
	// against ConfigDir.
	Locate func(configured string) (loc Location, ok bool)
	// Shared, when set, is the deployment's cache of files read and parsed
	// (see Shared); nil reads every file afresh.
	Shared *Shared
}

// Location is where essec reads a path a setting names.
type Location struct {
	// Path is the file essec reads; "" when Unexamined says why it cannot.
	Path string
	// Note says how Path was found from the configured path, for messages
	// ("read from the audited copy ..."); "" when it is the path itself.
	Note string
	// Unexamined says why the file cannot be examined from here (it lives
	// in a container's volume, its path holds an unresolved ${VAR}).
	Unexamined string
}

// resolve turns a configured path into where to read it.
func (r Request) resolve(p string) Location {
	if r.Locate != nil {
		if loc, ok := r.Locate(p); ok {
			return loc
		}
	}
	return Location{Path: resolvePath(r.ConfigDir, p)}
}

// Material is one TLS file as evidence, plus its parsed certificates kept in
// memory for trust decisions that span components. It never holds a private
// key or a password.
type Material struct {
	// Evidence is what goes into the input document.
	Evidence inventory.TLSMaterial
	// Certificates are the parsed certificates, in Evidence.Certificates order.
	Certificates []*x509.Certificate
	// Leaf is the certificate whose private key the file holds (nil when it
	// holds no usable key). For PEM certificate files see Collection.LeafChain.
	Leaf *x509.Certificate

	// publicKeys are the public halves of the private keys the file holds.
	publicKeys []crypto.PublicKey
}

// Collection is everything read for one node or Kibana instance.
type Collection struct {
	Materials []Material
	// Trust holds one result per context that has both key material and
	// trust anchors.
	Trust  []inventory.TrustResult
	Errors []inventory.CollectionError
}

// ForElasticsearch follows every TLS setting of a node:
// xpack.security.{transport,http}.ssl.*, xpack.security.remote_cluster_server.ssl.*,
// xpack.security.remote_cluster_client.ssl.*, transport.profiles.<name>.xpack.security.ssl.*,
// realms (xpack.security.authc.realms.<type>.<name>.ssl.*), xpack.monitoring.exporters.*.ssl.*,
// xpack.http.ssl.*, reindex.ssl.* and any other *.ssl.* prefix: keystore.path,
// truststore.path, key, certificate and certificate_authorities (a list).
func ForElasticsearch(ctx context.Context, req Request) ([]inventory.TLSMaterial, []inventory.TrustResult, []inventory.CollectionError) {
	c := CollectElasticsearch(ctx, req)
	return c.Evidence(), c.Trust, c.Errors
}

// ForKibana follows server.ssl.{certificate,key,keystore.path,truststore.path,certificateAuthorities}
// (context "kibana.server") and the same elasticsearch.ssl.* settings (context
// "kibana.elasticsearch"). Whether Kibana's CAs sign the Elasticsearch HTTP
// certificates is judged by the caller with Judge, since it needs the nodes.
func ForKibana(ctx context.Context, req Request) ([]inventory.TLSMaterial, []inventory.TrustResult, []inventory.CollectionError) {
	c := CollectKibana(ctx, req)
	return c.Evidence(), c.Trust, c.Errors
}

// CollectElasticsearch is ForElasticsearch keeping the parsed certificates.
func CollectElasticsearch(ctx context.Context, req Request) Collection {
	return collect(ctx, req, elasticsearchRefs(req.Settings), productElasticsearch)
}

// CollectKibana is ForKibana keeping the parsed certificates.
func CollectKibana(ctx context.Context, req Request) Collection {
	return collect(ctx, req, kibanaRefs(req.Settings), productKibana)
}

// Evidence returns the input-document view of every material.
func (c Collection) Evidence() []inventory.TLSMaterial {
	out := make([]inventory.TLSMaterial, 0, len(c.Materials))
	for _, m := range c.Materials {
		out = append(out, m.Evidence)
	}
	return out
}
