package remediations

import (
	"io"
	"slices"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

// Module repairs the failures of some checks.
type Module interface {
	// ID is the remediation id that checks name in their METADATA.
	ID() string
	// Checks lists the check ids the module fixes.
	Checks() []string
	// Plan turns the failing findings of those checks into drafts of steps.
	Plan(c *Context, failing []finding.Finding) ([]Draft, error)
}

// Context is what modules read while planning.
type Context struct {
	Doc   *inventory.Document
	Level finding.Level
	Now   time.Time
	// Rand supplies keys, passwords and serial numbers (crypto/rand).
	Rand io.Reader
	// Certs configures generated certificates.
	Certs CertOptions
	// Cluster is the live cluster, nil without --url.
	Cluster *Cluster
	// read returns a file's planned content (nil, false when absent).
	read func(path string) ([]byte, bool, error)
	// shared holds material several modules use (the CA).
	shared map[string]any
}

// Draft is a step as a module proposes it, before it is proved.
type Draft struct {
	Title    string
	Checks   []string
	Settings []SettingsEdit
	Keys     []KeystoreChange
	Files    []NewFile
	Restart  Restart
	// Manual is what to do by hand; a draft may be manual only.
	Manual []string
	Reason string
	// API are requests to the live cluster (api.go).
	API []APIDraft
}

// SettingsEdit changes settings in one file: a settings file, or, when
// Service is set, that service's environment in a docker-compose file.
type SettingsEdit struct {
	Path    string
	Dialect yamlconf.Dialect
	Changes []yamledit.Change
	Service string
}

// KeystoreChange sets or removes keystore entries.
type KeystoreChange struct {
	Path   string
	Kibana bool
	// Release is the Elasticsearch version that reads a new keystore.
	Release string
	Set     map[string][]byte
	Remove  []string
	// Keep is true when an existing entry must not be replaced.
	Keep bool
}

// NewFile is a file to create.
type NewFile struct {
	Path    string
	Content []byte
	Mode    uint32
	Info    CreatedFile
}

// Modules lists every remediation module, in the order their steps apply:
// certificates and security first, then the settings that rely on them.
func Modules() []Module {
	mods := []Module{
		securityEnabled{},
		transportTLS{},
		httpTLS{},
		kibanaToESHTTPS{},
		kibanaServerTLS{},
		tlsPasswordKeystore{},
		kibanaKeystoreSecret{},
		kibanaEncryptionKeys{},
		anonymousOff{},
	}
	mods = append(mods, settingModules()...)
	// API steps run after every file step; passwords last.
	return append(mods, kibanaCredentials{}, builtinPasswords{})
}

// Automated reports whether essec fix repairs a check: a module with the
// check's METADATA remediation id claims it.
func Automated(checkID, remediationID string) bool {
	if remediationID == "" {
		return false
	}
	for _, m := range Modules() {
		if m.ID() == remediationID {
			return slices.Contains(m.Checks(), checkID)
		}
	}
	return false
}
