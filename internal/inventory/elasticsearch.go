package inventory

// Elasticsearch holds the evidence about the nodes and the live cluster.
type Elasticsearch struct {
	Nodes   []Node   `json:"nodes"`
	Cluster *Cluster `json:"cluster"`
}

// Node is one Elasticsearch node as seen through its files (and, when matched
// by name, through the live API).
type Node struct {
	Name       string `json:"name"`
	ConfigDir  string `json:"config_dir,omitempty"`
	ConfigFile string `json:"config_file,omitempty"`
	// Origin is how the node was found: config-dir or compose.
	Origin string `json:"origin" enum:"config-dir,compose"`
	// Readable is false when the node's directory, file or service was
	// given but its configuration could not be read or parsed: the node
	// keeps its row (name, config_dir, errors) and nothing about it is known.
	Readable bool `json:"readable"`
	// AutoConfigBlock is true when elasticsearch.yml carries the block the
	// 8.x security auto-configuration appends (its BEGIN SECURITY AUTO
	// CONFIGURATION comment).
	AutoConfigBlock bool               `json:"auto_config_block"`
	Settings        map[string]Setting `json:"settings"`
	// JVMOptions are the lines of jvm.options and jvm.options.d/*.options
	// (and ES_JAVA_OPTS from compose) that set -D system properties.
	JVMOptions []string `json:"jvm_options"`
	// Compose holds container facts when the node is a compose service.
	Compose     *ComposeService `json:"compose,omitempty"`
	Keystore    *Keystore       `json:"keystore"`
	TLSMaterial []TLSMaterial   `json:"tls_material"`
	Trust       []TrustResult   `json:"trust"`
	Files       []FileInfo      `json:"files"`
	// Live is what the running node reports (from _nodes), when matched.
	Live   *LiveNode         `json:"live,omitempty"`
	Errors []CollectionError `json:"errors"`
}

// ComposeService is what a docker-compose service definition says.
type ComposeService struct {
	File    string `json:"file"`
	Service string `json:"service"`
	// Hostname and ContainerName are the service's hostname and
	// container_name, when set: names the service is reachable by on its
	// compose networks besides the service name.
	Hostname      string   `json:"hostname,omitempty"`
	ContainerName string   `json:"container_name,omitempty"`
	Image         string   `json:"image,omitempty"`
	User          string   `json:"user,omitempty"`
	Ports         []string `json:"ports"`
}

// Keystore is what essec learnt from elasticsearch.keystore or kibana.keystore.
// Values never appear here.
type Keystore struct {
	Path              string   `json:"path"`
	Present           bool     `json:"present"`
	Readable          bool     `json:"readable"`
	PasswordProtected bool     `json:"password_protected"`
	Decrypted         bool     `json:"decrypted"`
	FormatVersion     int      `json:"format_version,omitempty"`
	Entries           []string `json:"entries"`
	// Modelled is true when the keystore was not read but its entries are
	// known from how it is made (the official image writes ELASTIC_PASSWORD
	// as bootstrap.password): Entries are names only, Present/Readable false.
	Modelled bool `json:"modelled,omitempty"`
	// ModelledFrom says what the model rests on ("ELASTIC_PASSWORD in the
	// environment of compose service es01").
	ModelledFrom string `json:"modelled_from,omitempty"`
	// EntryLengths holds value lengths for entries a check measures
	// (Kibana encryption keys); EntryDigests keyed hashes for comparison.
	EntryLengths map[string]int    `json:"entry_lengths,omitempty"`
	EntryDigests map[string]string `json:"entry_digests,omitempty"`
	Error        string            `json:"error,omitempty"`
	// ErrorKind classifies Error: unreadable (the file exists but could
	// not be read: permission, not a regular file, too large, symlink
	// loop), malformed (not a keystore, damaged: Readable is false and
	// PasswordProtected says nothing), password-required, wrong-password.
	ErrorKind string `json:"error_kind,omitempty"`
}

// TLSMaterial is one file named by a TLS setting.
type TLSMaterial struct {
	// Setting is the setting that names the file, Context its TLS context
	// (transport, http, remote_cluster_server, remote_cluster_client,
	// transport.profiles.NAME, kibana.server, kibana.elasticsearch, or a
	// realm/monitoring prefix), Role what it holds: keystore, truststore,
	// certificate, key, certificate_authorities.
	Setting string `json:"setting"`
	Context string `json:"context"`
	Role    string `json:"role" enum:"keystore,truststore,certificate,key,certificate_authorities"`
	Path    string `json:"path"`
	// ResolvedFrom is the path as the setting wrote it when essec read
	// another file for it: the audited copy of the host's config directory,
	// a --root copy, or a container's bind mount.
	ResolvedFrom string `json:"resolved_from,omitempty"`
	// Unexamined is true when the file could not be examined from where
	// essec runs (it lives only inside a container, its path holds an
	// unresolved ${VAR}): Path is the configured path, Error says why,
	// Readable is false and Exists true (it is not known to be missing),
	// so checks that need the file are unknown, never "does not exist".
	Unexamined bool `json:"unexamined,omitempty"`
	// Note says how the path was resolved, worded for a message.
	Note         string        `json:"note,omitempty"`
	Format       string        `json:"format" enum:"pem,pkcs12,jks,unknown"`
	Exists       bool          `json:"exists"`
	Readable     bool          `json:"readable"`
	Mode         string        `json:"mode,omitempty"`
	Owner        string        `json:"owner,omitempty"`
	Group        string        `json:"group,omitempty"`
	Error        string        `json:"error,omitempty"`
	Certificates []Certificate `json:"certificates"`
	// HasPrivateKey is true when the file holds a private key essec could read;
	// KeyMatchesCertificate says whether it belongs to the first certificate.
	HasPrivateKey         bool  `json:"has_private_key"`
	KeyMatchesCertificate *bool `json:"key_matches_certificate,omitempty"`
	// PasswordSource is where the password that opened the file came from:
	// none, keystore, yaml, manifest, flag; "" when no password was needed.
	PasswordSource string `json:"password_source,omitempty"`
	// KeyError says why the key material or store could not be opened:
	// encrypted-no-password, wrong-password (the product would not
	// start), mismatch (the key does not belong to the certificate),
	// unsupported or unreadable (essec could not tell); "" when it opened.
	KeyError string `json:"key_error,omitempty"`
}

// Certificate is an X.509 certificate as essec sees it.
type Certificate struct {
	Subject            string   `json:"subject"`
	Issuer             string   `json:"issuer"`
	Serial             string   `json:"serial"`
	DNSNames           []string `json:"dns_names"`
	IPAddresses        []string `json:"ip_addresses"`
	NotBefore          string   `json:"not_before"`
	NotAfter           string   `json:"not_after"`
	IsCA               bool     `json:"is_ca"`
	SelfSigned         bool     `json:"self_signed"`
	KeyAlgorithm       string   `json:"key_algorithm"`
	KeyBits            int      `json:"key_bits"`
	SignatureAlgorithm string   `json:"signature_algorithm"`
	// ExtKeyUsage lists serverAuth, clientAuth, ...; empty when the
	// certificate has no EKU extension (any use allowed).
	ExtKeyUsage []string `json:"ext_key_usage"`
	SHA256      string   `json:"sha256"`
	// WellKnownCA is true when the certificate is a public root or issued by one.
	WellKnownCA bool `json:"well_known_ca,omitempty"`
	// HasPrivateKey is true when the file also holds this certificate's key.
	HasPrivateKey bool `json:"has_private_key,omitempty"`
}

// TrustResult says whether the trust anchors of a TLS context sign a leaf.
type TrustResult struct {
	Context    string `json:"context"`
	LeafSHA256 string `json:"leaf_sha256"`
	LeafPath   string `json:"leaf_path"`
	Trusted    bool   `json:"trusted"`
	Reason     string `json:"reason,omitempty"`
}
