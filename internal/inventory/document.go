// Package inventory defines the input document that policies read: one
// document per deployment, holding every piece of evidence the collectors
// gathered. It is a data package: it does no I/O.
package inventory

// SchemaVersion is the version of the input document's shape.
const SchemaVersion = 1

// Document is the evidence about one deployment (cluster), as policies see it
// under `input`.
type Document struct {
	SchemaVersion    int               `json:"schema_version"`
	Deployment       Deployment        `json:"deployment"`
	Context          Context           `json:"context"`
	Elasticsearch    Elasticsearch     `json:"elasticsearch"`
	Kibana           []Kibana          `json:"kibana"`
	CollectionErrors []CollectionError `json:"collection_errors"`
}

// Deployment names the cluster and its version.
type Deployment struct {
	Name string `json:"name"`
	// Version is the Elasticsearch version ("8.15.1") or "" when unknown.
	Version string `json:"version"`
	// VersionSource is where the version came from: api, flag, jar,
	// compose-image, or "" when unknown.
	VersionSource string `json:"version_source" enum:",api,flag,jar,compose-image"`
	// RequiredLevel is the level the inventory asks this deployment to reach.
	RequiredLevel string `json:"required_level,omitempty"`
}

// Context carries the run's parameters that checks depend on, so that a saved
// document evaluates the same way later.
type Context struct {
	// Now is the audit's clock in RFC 3339 (certificate validity is judged against it).
	Now string `json:"now"`
	// CertExpiryWarnDays is the window in which a certificate's expiry is a warning.
	CertExpiryWarnDays int `json:"cert_expiry_warn_days"`
	// FIPSRequired is the operator's policy for HARD-10.
	FIPSRequired bool `json:"fips_required"`
	// Live is true when a live cluster was asked for evidence (--url).
	Live bool `json:"live"`
	// FileLocation says what the audited files are: "host" (the deployed
	// configuration, whose modes and owners mean something) or
	// "repository" (a git work tree or other copy, where they do not).
	FileLocation string `json:"file_location"`
	// FileLocationReason says why (a .git found above the files, --repo, --host).
	FileLocationReason string `json:"file_location_reason"`
	// Root is the directory an offline copy of a host's filesystem was
	// given as (--root): absolute paths were read under it.
	Root string `json:"root,omitempty"`
}

// File locations of Context.FileLocation.
const (
	FileLocationHost       = "host"
	FileLocationRepository = "repository"
)

// Setting is one effective setting with its provenance. Elasticsearch sees
// every setting as a string: Value is that string (a list joined with ","),
// List the elements (a scalar gives a one-element list).
type Setting struct {
	Value string   `json:"value"`
	List  []string `json:"list"`
	// Source is file (a config file), compose (a docker-compose environment
	// entry) or image-default (a value the official image sets).
	Source string `json:"source" enum:"file,compose,image-default"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	// Secret is true for settings whose value is never kept: Value and List
	// are empty and only Length, Digest and the flags below are known.
	Secret bool `json:"secret,omitempty"`
	// Length is the value's length in characters (secrets only).
	Length int `json:"length,omitempty"`
	// Digest is a keyed hash of a secret's value, valid only within one
	// document: equal digests mean equal values, and nothing more.
	Digest string `json:"digest,omitempty"`
	// Reference is true when the raw value was a ${VAR} reference.
	Reference bool `json:"reference,omitempty"`
	// Unresolved is true when a ${VAR} reference had no value at collection time.
	Unresolved bool `json:"unresolved,omitempty"`
	// Placeholder is true when a secret's value is a well-known example text.
	Placeholder bool `json:"placeholder,omitempty"`
}

// CollectionError is evidence that could not be gathered.
type CollectionError struct {
	Source   string `json:"source"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
	Message  string `json:"message"`
	// Kind classifies a problem a check judges: "duplicate" (a setting,
	// key or compose service defined twice: the product refuses the file).
	Kind string `json:"kind,omitempty"`
}

// KindDuplicate is the CollectionError.Kind of a setting, key or compose
// service defined twice.
const KindDuplicate = "duplicate"

// FileInfo describes a file's protection on disk.
type FileInfo struct {
	Path   string `json:"path"`
	Role   string `json:"role"` // config, keystore, jvm-options, service-tokens, users, tls
	Exists bool   `json:"exists"`
	Mode   string `json:"mode,omitempty"` // octal permission bits, "0660"
	Owner  string `json:"owner,omitempty"`
	Group  string `json:"group,omitempty"`
	UID    int    `json:"uid"`
	GID    int    `json:"gid"`
	Error  string `json:"error,omitempty"`
}
