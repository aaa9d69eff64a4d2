package remediations

import (
	"crypto/sha256"
	"encoding/hex"
)

// PlanSchema is the version of the saved plan's shape.
const PlanSchema = 1

// Plan is what essec fix would do to one deployment. It holds no secret:
// generated passwords, keys and keystore values live only in the unexported
// contents until the plan is applied.
type Plan struct {
	Schema     int    `json:"schema"`
	Deployment string `json:"deployment"`
	Level      string `json:"level"`
	// Paths are the command-line paths the plan was made from.
	Paths    []string `json:"paths,omitempty"`
	Inputs   []Input  `json:"inputs"`
	Steps    []*Step  `json:"steps"`
	Restarts []string `json:"restarts"`
	// Digest identifies the plan's visible content (steps, diffs, inputs):
	// a saved plan is applied only when a fresh plan has the same digest.
	Digest string `json:"digest"`

	files   map[string]*fileChange // by path
	secrets [][]byte               // values moved into keystores, masked in diffs
	// remedies are the checks' remediation texts, for manual steps.
	remedies map[string]string
	order    []string   // paths in the order they are written
	calls    []*apiCall // requests, in the order of the steps
}

// Input is a file the plan reads or writes, with its hash at planning time.
type Input struct {
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
	SHA256 string `json:"sha256,omitempty"`
}

// Step is one repair: the checks it fixes and what it changes.
type Step struct {
	Module  string         `json:"module"`
	Title   string         `json:"title"`
	Checks  []string       `json:"checks"`
	Edits   []FileEdit     `json:"edits,omitempty"`
	Created []CreatedFile  `json:"created,omitempty"`
	Keys    []KeystoreEdit `json:"keystore,omitempty"`
	// API are the requests the step sends to the cluster, after every
	// file change (see api.go).
	API     []APICall `json:"api,omitempty"`
	Restart string    `json:"restart,omitempty"`
	// Manual holds what must be done by hand; a step with Manual and no
	// changes is not automated (Reason says why).
	Manual []string `json:"manual,omitempty"`
	Reason string   `json:"reason,omitempty"`
}

// Automated reports whether the step changes files.
func (s *Step) Automated() bool {
	return len(s.Edits)+len(s.Created)+len(s.Keys)+len(s.API) > 0
}

// FileEdit is a configuration file's change as a unified diff.
type FileEdit struct {
	Path string `json:"path"`
	Diff string `json:"diff"`
	// Symlink is the link named in the configuration when Path is its target.
	Symlink string `json:"symlink,omitempty"`
}

// CreatedFile is a new file: a certificate, a key, a keystore.
type CreatedFile struct {
	Path     string   `json:"path"`
	Kind     string   `json:"kind"` // ca-certificate, certificate, pkcs12, keystore
	Mode     string   `json:"mode"`
	Subject  string   `json:"subject,omitempty"`
	SANs     []string `json:"sans,omitempty"`
	NotAfter string   `json:"not_after,omitempty"`
}

// KeystoreEdit names the entries a step adds or removes; never values.
type KeystoreEdit struct {
	Path    string   `json:"path"`
	Add     []string `json:"add,omitempty"`
	Remove  []string `json:"remove,omitempty"`
	Created bool     `json:"created,omitempty"`
}

// Empty reports whether the plan changes nothing and asks nothing.
func (p *Plan) Empty() bool { return len(p.Steps) == 0 }

// Changes reports whether applying the plan would write any file.
func (p *Plan) Changes() bool { return len(p.order) > 0 }

// fileChange is the content a file gets.
type fileChange struct {
	path    string
	existed bool
	before  []byte
	after   []byte
	mode    uint32 // for a new file
	created bool   // a new file
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
