package remediations

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

// secureTwins maps a plain-text TLS password suffix to its secure setting.
var secureTwins = []struct{ plain, secure string }{
	{"keystore.key_password", "keystore.secure_key_password"},
	{"keystore.password", "keystore.secure_password"},
	{"truststore.password", "truststore.secure_password"},
	{"key_passphrase", "secure_key_passphrase"},
}

func secureName(name string) string {
	for _, t := range secureTwins {
		if strings.HasSuffix(name, "."+t.plain) {
			return strings.TrimSuffix(name, t.plain) + t.secure
		}
	}
	return ""
}

// tlsPasswordKeystore moves plain-text TLS passwords from elasticsearch.yml
// to the keystore and deletes the YAML line in the same transaction (BAS-06):
// both present is a startup error.
type tlsPasswordKeystore struct{}

func (tlsPasswordKeystore) ID() string       { return "tls-password-keystore" }
func (tlsPasswordKeystore) Checks() []string { return []string{"BAS-06"} }

func (tlsPasswordKeystore) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	byNode := map[string][]string{}
	for _, f := range failing {
		if f.Resource.Kind == "node" && f.Setting != "" {
			byNode[f.Resource.Name] = append(byNode[f.Resource.Name], f.Setting)
		}
	}
	var out []Draft
	for _, n := range nodeTargets(c.Doc, failing) {
		checks := checksFor(failing, "node", n.Name)
		title := "move plain-text TLS passwords of node " + n.Name + " to elasticsearch.keystore"
		names := byNode[n.Name]
		if why := editable(n.ConfigFile, n.Settings, names...); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		d := Draft{Title: title, Checks: checks, Restart: RestartRolling}
		k := KeystoreChange{Path: keystorePath(n), Release: c.Doc.Deployment.Version, Set: map[string][]byte{}, Keep: true}
		var changes []yamledit.Change
		for _, name := range names {
			e, ok, err := fileValue(c, n.ConfigFile, yamlconf.Elasticsearch, name)
			if err != nil {
				return nil, err
			}
			if !ok || e.Reference || secureName(name) == "" {
				d = manualDraft(title, checks, fmt.Sprintf("%s is not a plain value in %s", name, filepath.Base(n.ConfigFile)))
				break
			}
			k.Set[secureName(name)] = []byte(e.Value)
			changes = append(changes, yamledit.Remove(name))
		}
		if len(changes) > 0 && d.Reason == "" {
			d.Keys = []KeystoreChange{k}
			d.Settings = []SettingsEdit{{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: changes}}
			d.Manual = []string{"rotate the password if elasticsearch.yml was ever shared or committed"}
		}
		out = append(out, d)
	}
	return out, nil
}

// kibanaKeystorePath is the instance's kibana.keystore.
func kibanaKeystorePath(kb *inventory.Kibana) string {
	if kb.Keystore != nil && kb.Keystore.Path != "" {
		return kb.Keystore.Path
	}
	return filepath.Join(kb.ConfigDir, "kibana.keystore")
}

// kibanaKeystoreSecret moves Elasticsearch credentials out of kibana.yml
// into kibana.keystore (MIN-06).
type kibanaKeystoreSecret struct{}

func (kibanaKeystoreSecret) ID() string       { return "kibana-keystore-secret" }
func (kibanaKeystoreSecret) Checks() []string { return []string{"MIN-06"} }

func (kibanaKeystoreSecret) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	return moveKibanaSecrets(c, failing, []string{"elasticsearch.password", "elasticsearch.serviceAccountToken"},
		"move the Elasticsearch credentials of Kibana %s to kibana.keystore")
}

func moveKibanaSecrets(c *Context, failing []finding.Finding, names []string, titleFmt string) ([]Draft, error) {
	var out []Draft
	for _, kb := range kibanaTargets(c.Doc, failing) {
		checks := checksFor(failing, "kibana", kb.Name)
		title := fmt.Sprintf(titleFmt, kb.Name)
		var present []string
		for _, n := range names {
			if s, ok := kb.Settings[n]; ok && s.Source != "keystore" {
				present = append(present, n)
			}
		}
		if len(present) == 0 {
			continue
		}
		if why := editable(kb.ConfigFile, kb.Settings, present...); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		d := Draft{Title: title, Checks: checks, Restart: RestartKibana}
		k := KeystoreChange{Path: kibanaKeystorePath(kb), Kibana: true, Set: map[string][]byte{}, Keep: true}
		var changes []yamledit.Change
		for _, name := range present {
			e, ok, err := fileValue(c, kb.ConfigFile, yamlconf.Kibana, name)
			if err != nil {
				return nil, err
			}
			if !ok || e.Reference || e.IsList {
				d = manualDraft(title, checks, fmt.Sprintf("%s is a ${VAR} reference or not a plain value: move it where the variable is defined", name))
				break
			}
			k.Set[name] = []byte(e.Value)
			changes = append(changes, yamledit.Remove(name))
		}
		if d.Reason == "" {
			d.Keys = []KeystoreChange{k}
			d.Settings = []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes}}
			d.Manual = []string{"rotate the secret if kibana.yml was ever shared or committed"}
		}
		out = append(out, d)
	}
	return out, nil
}

// kibanaEncryptionKeys gives every Kibana instance the same 32-character
// encryption keys in kibana.keystore (KIB-01..03). An existing key is never
// replaced: one in kibana.yml is moved, a missing one is generated once for
// the whole deployment.
type kibanaEncryptionKeys struct{}

func (kibanaEncryptionKeys) ID() string       { return "kibana-encryption-keys" }
func (kibanaEncryptionKeys) Checks() []string { return []string{"KIB-01", "KIB-02", "KIB-03"} }

var encryptionKeys = map[string]string{
	"KIB-01": "xpack.security.encryptionKey",
	"KIB-02": "xpack.encryptedSavedObjects.encryptionKey",
	"KIB-03": "xpack.reporting.encryptionKey",
}

func (kibanaEncryptionKeys) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	generated := map[string][]byte{}
	for _, kb := range kibanaTargets(c.Doc, failing) {
		checks := checksFor(failing, "kibana", kb.Name)
		title := "encryption keys of Kibana " + kb.Name + " in kibana.keystore"
		if why := editable(kb.ConfigFile, kb.Settings); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		d := Draft{Title: title, Checks: checks, Restart: RestartKibana}
		k := KeystoreChange{Path: kibanaKeystorePath(kb), Kibana: true, Set: map[string][]byte{}, Keep: true}
		var changes []yamledit.Change
		for _, id := range checks {
			name, ok := encryptionKeys[id]
			if !ok {
				continue
			}
			inKeystore := kb.Keystore != nil && containsString(kb.Keystore.Entries, name)
			s, inYAML := kb.Settings[name]
			switch {
			case inYAML && s.Source == "file":
				e, ok, err := fileValue(c, kb.ConfigFile, yamlconf.Kibana, name)
				if err != nil {
					return nil, err
				}
				if !ok || e.Reference || len(e.Value) < 32 || inKeystore {
					d.Manual = append(d.Manual, fmt.Sprintf("%s: the key in kibana.yml is a reference, shorter than 32 characters or also in the keystore; replacing it needs care (saved objects: move the old key to xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys first)", name))
					continue
				}
				k.Set[name] = []byte(e.Value)
				changes = append(changes, yamledit.Remove(name))
			case inYAML || inKeystore:
				d.Manual = append(d.Manual, fmt.Sprintf("%s exists (%s) but fails the check (too short or different across instances): essec does not replace an existing key; see the check's remediation", name, s.Source))
			default:
				if generated[name] == nil {
					v, err := randomString(c.Rand, 32)
					if err != nil {
						return nil, err
					}
					generated[name] = []byte(v)
				}
				k.Set[name] = generated[name]
			}
		}
		if len(k.Set) > 0 {
			d.Keys = []KeystoreChange{k}
		}
		if len(changes) > 0 {
			d.Settings = []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes}}
		}
		if len(d.Keys)+len(d.Settings) == 0 && d.Reason == "" {
			d.Reason = "every failing key needs a decision"
		}
		out = append(out, d)
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
