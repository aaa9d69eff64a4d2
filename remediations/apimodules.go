package remediations

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

const (
	kibanaTokenEntry = "elasticsearch.serviceAccountToken"
	kibanaUserEntry  = "elasticsearch.username"
	kibanaPassEntry  = "elasticsearch.password"
	tokenBase        = "/_security/service/elastic/kibana/credential/token/"
	// tokenNamePattern is how the plan shows the name chosen when applying.
	tokenNamePattern = "essec-%s-<yyyymmdd-hhmmss at apply>"
)

// passwordBody is the body of the change-password API.
func passwordBody(pw []byte) []byte {
	b, _ := json.Marshal(map[string]string{"password": string(pw)})
	return b
}

const maskedPasswordBody = `{"password":"<secret>"}`

// major is a version's major number (0 when unknown).
func major(v string) int {
	m, _, _ := strings.Cut(v, ".")
	n, _ := strconv.Atoi(m)
	return n
}

// clusterVersion is the live version, else the one the files give.
func clusterVersion(c *Context) string {
	if c.Cluster != nil && c.Cluster.Version != "" {
		return c.Cluster.Version
	}
	return c.Doc.Deployment.Version
}

// kibanaCredentials gives Kibana a dedicated identity when it logs in as
// elastic, as the deprecated kibana user or with a clear-text password
// (MIN-05, MIN-07): a token of the elastic/kibana service account from 8.0
// (the first release where Kibana and the service account are GA), else a
// new kibana_system password; either lands in kibana.keystore of every such
// instance and the credentials leave kibana.yml in the same transaction.
type kibanaCredentials struct{}

func (kibanaCredentials) ID() string       { return "kibana-credentials" }
func (kibanaCredentials) Checks() []string { return []string{"MIN-05", "MIN-07"} }

// loginNeedsFix reports whether an instance logs in with a shared or
// clear-text identity this module replaces.
func loginNeedsFix(kb *inventory.Kibana) bool {
	if u, ok := kb.Settings[kibanaUserEntry]; ok && (u.Value == "elastic" || u.Value == "kibana") {
		return true
	}
	if p, ok := kb.Settings[kibanaPassEntry]; ok && p.Source == "file" {
		if _, tok := kb.Settings[kibanaTokenEntry]; !tok {
			return true
		}
	}
	return false
}

func (kibanaCredentials) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var targets []*inventory.Kibana
	var checks []string
	for _, kb := range kibanaTargets(c.Doc, failing) {
		if loginNeedsFix(kb) {
			targets = append(targets, kb)
			for _, id := range checksFor(failing, "kibana", kb.Name) {
				if !slices.Contains(checks, id) {
					checks = append(checks, id)
				}
			}
		}
	}
	if len(targets) == 0 {
		return nil, nil
	}
	slices.Sort(checks)
	names := make([]string, len(targets))
	for i, kb := range targets {
		names[i] = kb.Name
	}
	token := major(clusterVersion(c)) >= 8
	host := "host"
	if c.Cluster != nil && c.Cluster.Host != "" {
		host = tokenNameChars(c.Cluster.Host)
	}
	tokenPath := tokenBase + fmt.Sprintf(tokenNamePattern, host)
	title := "give Kibana " + strings.Join(names, ", ") + " a service account token (elastic/kibana) in kibana.keystore"
	manual := []string{
		"create a token: POST " + tokenBase + "essec-<date> (or bin/elasticsearch-service-tokens create elastic/kibana <name>)",
		"store it: bin/kibana-keystore add elasticsearch.serviceAccountToken on every Kibana instance",
		"remove elasticsearch.username and elasticsearch.password from kibana.yml and from kibana.keystore, then restart Kibana",
	}
	priv := PrivManageServiceAccount
	if !token {
		title = "give Kibana " + strings.Join(names, ", ") + " the kibana_system user with a new password in kibana.keystore"
		manual = []string{
			"set a password: POST /_security/user/kibana_system/_password (or bin/elasticsearch-reset-password -u kibana_system)",
			"store it: bin/kibana-keystore add elasticsearch.username (kibana_system) and elasticsearch.password on every Kibana instance",
			"remove elasticsearch.username and elasticsearch.password from kibana.yml, then restart Kibana",
		}
		priv = PrivManageSecurity
	}
	if c.Cluster == nil {
		return []Draft{manualDraft(title, checks, "the credentials are created through the cluster's API: run essec fix with --url and credentials holding "+priv, manual...)}, nil
	}
	if ok, why := c.Cluster.has(priv); !ok {
		return []Draft{manualDraft(title, checks, why, manual...)}, nil
	}
	d := Draft{Title: title, Checks: checks, Restart: RestartKibana}
	var secret []byte
	var tt *TokenTarget
	if token {
		ph, err := randomString(c.Rand, 48)
		if err != nil {
			return nil, err
		}
		tt = &TokenTarget{Service: "elastic/kibana", Entry: kibanaTokenEntry, placeholder: []byte(ph)}
	} else {
		pw, err := randomString(c.Rand, 32)
		if err != nil {
			return nil, err
		}
		secret = []byte(pw)
	}
	for _, kb := range targets {
		if why := editable(kb.ConfigFile, kb.Settings, kibanaUserEntry, kibanaPassEntry); why != "" {
			return []Draft{manualDraft(title, checks, "Kibana "+kb.Name+": "+why, manual...)}, nil
		}
		var changes []yamledit.Change
		for _, name := range []string{kibanaUserEntry, kibanaPassEntry} {
			if _, ok, err := fileValue(c, kb.ConfigFile, yamlconf.Kibana, name); err != nil {
				return nil, err
			} else if ok {
				changes = append(changes, yamledit.Remove(name))
			}
		}
		if len(changes) > 0 {
			d.Settings = append(d.Settings, SettingsEdit{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes})
		}
		k := KeystoreChange{Path: kibanaKeystorePath(kb), Kibana: true, Set: map[string][]byte{}}
		if token {
			k.Set[kibanaTokenEntry] = tt.placeholder
			k.Remove = []string{kibanaUserEntry, kibanaPassEntry}
			tt.Into = append(tt.Into, k.Path)
		} else {
			k.Set[kibanaUserEntry] = []byte("kibana_system")
			k.Set[kibanaPassEntry] = secret
			k.Remove = []string{kibanaTokenEntry}
		}
		d.Keys = append(d.Keys, k)
	}
	if token {
		d.API = []APIDraft{{
			Call: APICall{Method: "POST", Path: tokenPath, Privileges: []string{PrivManageServiceAccount}, Reversible: true,
				Undo: "DELETE of the same path (essec revokes the token itself if the fix fails)"},
			Token: tt,
		}}
		d.Manual = []string{"if elastic's password was in kibana.yml, change it: it was shared"}
	} else {
		d.API = []APIDraft{{
			Call: APICall{Method: "POST", Path: "/_security/user/kibana_system/_password", Body: maskedPasswordBody,
				Privileges: []string{PrivManageSecurity}, Reversible: false,
				Undo: "cannot be undone: the old password of kibana_system cannot be restored (the new one is in --secrets-out)"},
			Body: passwordBody(secret), Secret: secret, Label: "user kibana_system password",
		}}
	}
	return []Draft{d}, nil
}

// builtinPasswords sets a strong random password for elastic while it is
// still on the bootstrap password (MIN-03: bootstrap.password left in a
// node's keystore), and removes the leftover from the keystores.
type builtinPasswords struct{}

func (builtinPasswords) ID() string       { return "builtin-passwords" }
func (builtinPasswords) Checks() []string { return []string{"MIN-03"} }

func (builtinPasswords) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var nodes []*inventory.Node
	for i := range c.Doc.Elasticsearch.Nodes {
		n := &c.Doc.Elasticsearch.Nodes[i]
		if n.Keystore != nil && slices.Contains(n.Keystore.Entries, "bootstrap.password") {
			nodes = append(nodes, n)
		}
	}
	if len(nodes) == 0 {
		return nil, nil
	}
	checks := checksOf(failing)
	title := "set a strong password for elastic (still on the bootstrap password) and remove bootstrap.password from the keystores"
	manual := []string{
		"bin/elasticsearch-reset-password -u elastic -i (or POST /_security/user/elastic/_password)",
		"bin/elasticsearch-keystore remove bootstrap.password on every node",
	}
	if c.Cluster == nil {
		return []Draft{manualDraft(title, checks, "passwords are set through the cluster's API: run essec fix with --url and credentials holding manage_security", manual...)}, nil
	}
	if ok, why := c.Cluster.has(PrivManageSecurity); !ok {
		return []Draft{manualDraft(title, checks, why, manual...)}, nil
	}
	pw, err := randomString(c.Rand, 32)
	if err != nil {
		return nil, err
	}
	d := Draft{Title: title, Checks: checks,
		Manual: []string{"elastic's old password cannot be restored: the new one is only in the --secrets-out file; update every script or tool that logs in as elastic"}}
	for _, n := range nodes {
		if n.Keystore.Modelled || !n.Keystore.Readable {
			d.Manual = append(d.Manual, "node "+n.Name+": bin/elasticsearch-keystore remove bootstrap.password (its keystore was not read)")
			continue
		}
		d.Keys = append(d.Keys, KeystoreChange{Path: keystorePath(n), Release: clusterVersion(c), Remove: []string{"bootstrap.password"}})
	}
	d.API = []APIDraft{{
		Call: APICall{Method: "POST", Path: "/_security/user/elastic/_password", Body: maskedPasswordBody,
			Privileges: []string{PrivManageSecurity}, Reversible: false,
			Undo: "cannot be undone: elastic's old password cannot be restored (the new one is in --secrets-out)"},
		Body: passwordBody([]byte(pw)), Secret: []byte(pw), Label: "user elastic password",
	}}
	return []Draft{d}, nil
}
