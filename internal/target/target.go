// Package target decides what one essec run audits: deployments named by an
// inventory file (essec.yaml), by positional paths and flags, or found in the
// standard locations.
package target

// Deployment is one cluster to audit, with everything that points at it.
type Deployment struct {
	// Name overrides the name derived from cluster.name.
	Name string
	// Paths are config directories, single .yml files or compose files.
	Paths []string
	// URLs are live Elasticsearch endpoints of this cluster.
	URLs []string
	// KibanaURLs are live Kibana endpoints.
	KibanaURLs []string
	// Version is the Elasticsearch version the operator states.
	Version string
	// RequiredLevel is the level this deployment must reach.
	RequiredLevel string
	// Credentials say where the secrets for the live API come from.
	Credentials Credentials
	// CACert and CAFingerprint verify the cluster's TLS certificate.
	CACert        string
	CAFingerprint string
	// Insecure turns TLS verification off (reported as a finding).
	Insecure bool
	// Origin says where the deployment was defined, for messages.
	Origin string
	// Env is what the deployment defines for ${VAR} references beyond its
	// own files (the inventory's env: map).
	Env map[string]string
	// Root is an offline copy of a host's filesystem (--root, inventory
	// root:): absolute paths in the configuration are read under it.
	Root string
	// FileLocation forces what the audited files are: "host" or
	// "repository" (--host, --repo, inventory file_location:); "" detects it.
	FileLocation string
	// FileLocationReason says who forced FileLocation ("--repo").
	FileLocationReason string
}

// Credentials name secrets by reference, never inline.
type Credentials struct {
	Username         string
	PasswordEnv      string
	PasswordFile     string
	APIKeyEnv        string
	APIKeyFile       string
	ServiceTokenEnv  string
	ServiceTokenFile string
}

// StandardLocations are searched when essec is run without arguments.
func StandardLocations(env func(string) (string, bool)) []string {
	var out []string
	if v, ok := env("ES_PATH_CONF"); ok && v != "" {
		out = append(out, v)
	}
	out = append(out, "/etc/elasticsearch")
	if v, ok := env("KBN_PATH_CONF"); ok && v != "" {
		out = append(out, v)
	}
	return append(out, "/etc/kibana")
}
