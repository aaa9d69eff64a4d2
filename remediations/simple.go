package remediations

import (
	"fmt"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
)

// settingModule fixes checks whose repair is a fixed setting value in each
// failing node's elasticsearch.yml or Kibana's kibana.yml.
type settingModule struct {
	id     string
	checks []string
	kibana bool
	set    []yamledit.Change
	title  string
}

func (m settingModule) ID() string       { return m.id }
func (m settingModule) Checks() []string { return m.checks }

func (m settingModule) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	keys := make([]string, len(m.set))
	for i, ch := range m.set {
		keys[i] = ch.Key
	}
	if m.kibana {
		for _, kb := range kibanaTargets(c.Doc, failing) {
			checks := checksFor(failing, "kibana", kb.Name)
			title := fmt.Sprintf("%s on Kibana %s", m.title, kb.Name)
			if why := editable(kb.ConfigFile, kb.Settings, keys...); why != "" {
				out = append(out, manualDraft(title, checks, why))
				continue
			}
			out = append(out, Draft{Title: title, Checks: checks, Restart: RestartKibana,
				Settings: []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: m.set}}})
		}
		return out, nil
	}
	for _, n := range nodeTargets(c.Doc, failing) {
		checks := checksFor(failing, "node", n.Name)
		title := fmt.Sprintf("%s on node %s", m.title, n.Name)
		if why := editable(n.ConfigFile, n.Settings, keys...); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		out = append(out, Draft{Title: title, Checks: checks, Restart: RestartRolling,
			Settings: []SettingsEdit{{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: m.set}}})
	}
	return out, nil
}

func set(key, value string) yamledit.Change { return yamledit.Set(key, yamledit.String(value)) }

// anonymousOff removes anonymous access (MIN-02).
type anonymousOff struct{}

func (anonymousOff) ID() string       { return "anonymous-off" }
func (anonymousOff) Checks() []string { return []string{"MIN-02"} }

func (anonymousOff) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	for _, n := range nodeTargets(c.Doc, failing) {
		title := "turn off anonymous access on node " + n.Name
		var changes []yamledit.Change
		var keys []string
		for k := range n.Settings {
			if len(k) > len("xpack.security.authc.anonymous.") && k[:len("xpack.security.authc.anonymous.")] == "xpack.security.authc.anonymous." {
				changes = append(changes, yamledit.Remove(k))
				keys = append(keys, k)
			}
		}
		if why := editable(n.ConfigFile, n.Settings, keys...); why != "" {
			out = append(out, manualDraft(title, checksFor(failing, "node", n.Name), why))
			continue
		}
		out = append(out, Draft{Title: title, Checks: checksFor(failing, "node", n.Name), Restart: RestartRolling,
			Settings: []SettingsEdit{{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: changes}}})
	}
	return out, nil
}

// securityEnabled sets xpack.security.enabled: true (MIN-01, MIN-08). On a
// multi-node cluster transport TLS must come in the same transaction: the
// transport-tls module runs in the same plan.
type securityEnabled struct{}

func (securityEnabled) ID() string       { return "security-enabled" }
func (securityEnabled) Checks() []string { return []string{"MIN-01", "MIN-08"} }

func (securityEnabled) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	restart := RestartRolling
	if multiNode(c.Doc) {
		restart = RestartFull
	}
	var out []Draft
	for _, n := range nodeTargets(c.Doc, failing) {
		checks := checksFor(failing, "node", n.Name)
		title := "enable security on node " + n.Name
		if why := editable(n.ConfigFile, n.Settings, "xpack.security.enabled"); why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		d := Draft{Title: title, Checks: checks, Restart: restart,
			Settings: []SettingsEdit{{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: []yamledit.Change{set("xpack.security.enabled", "true")}}}}
		if restart == RestartFull {
			d.Manual = []string{"after the full cluster restart, set the built-in users' passwords: bin/elasticsearch-reset-password -u elastic (MIN-03)"}
		}
		out = append(out, d)
	}
	return out, nil
}

// sessionTimeouts are Elastic's example bounds for Kibana sessions.
var sessionTimeouts = []yamledit.Change{
	set("xpack.security.session.idleTimeout", "8h"),
	set("xpack.security.session.lifespan", "30d"),
}
