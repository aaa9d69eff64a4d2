package remediations

import (
	"fmt"
	"sort"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
)

// settingModule fixes checks whose repair is a fixed setting value in each
// failing node's elasticsearch.yml or Kibana's kibana.yml; set maps each
// check to its changes.
type settingModule struct {
	id      string
	kibana  bool
	set     map[string][]yamledit.Change
	title   string
	restart Restart
}

func (m settingModule) ID() string { return m.id }

func (m settingModule) Checks() []string {
	ids := make([]string, 0, len(m.set))
	for id := range m.set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (m settingModule) changes(checks []string) ([]yamledit.Change, []string) {
	var out []yamledit.Change
	var keys []string
	for _, id := range checks {
		for _, c := range m.set[id] {
			out = append(out, c)
			keys = append(keys, c.Key)
		}
	}
	return out, keys
}

func (m settingModule) Plan(c *Context, failing []finding.Finding) ([]Draft, error) {
	var out []Draft
	if m.kibana {
		for _, kb := range kibanaTargets(c.Doc, failing) {
			checks := checksFor(failing, "kibana", kb.Name)
			changes, keys := m.changes(checks)
			title := fmt.Sprintf("%s on Kibana %s", m.title, kb.Name)
			if why := editable(kb.ConfigFile, kb.Settings, keys...); why != "" {
				out = append(out, manualDraft(title, checks, why))
				continue
			}
			out = append(out, Draft{Title: title, Checks: checks, Restart: RestartKibana,
				Settings: []SettingsEdit{{Path: kb.ConfigFile, Dialect: yamlconf.Kibana, Changes: changes}}})
		}
		return out, nil
	}
	restart := m.restart
	if restart == RestartNone {
		restart = RestartRolling
	}
	for _, n := range nodeTargets(c.Doc, failing) {
		checks := checksFor(failing, "node", n.Name)
		changes, keys := m.changes(checks)
		title := fmt.Sprintf("%s on node %s", m.title, n.Name)
		edit, why := nodeEdit(n, changes, keys...)
		if why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		out = append(out, Draft{Title: title, Checks: checks, Restart: restart, Settings: []SettingsEdit{edit}})
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
		if len(changes) == 0 {
			out = append(out, manualDraft(title, checksFor(failing, "node", n.Name),
				"no anonymous setting is written: anonymous access comes from security being off (MIN-01) or from a live setting"))
			continue
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
		edit, why := nodeEdit(n, []yamledit.Change{set("xpack.security.enabled", "true")}, "xpack.security.enabled")
		if why != "" {
			out = append(out, manualDraft(title, checks, why))
			continue
		}
		d := Draft{Title: title, Checks: checks, Restart: restart, Settings: []SettingsEdit{edit}}
		if restart == RestartFull {
			d.Manual = []string{"after the full cluster restart, set the built-in users' passwords: bin/elasticsearch-reset-password -u elastic (MIN-03)"}
		}
		out = append(out, d)
	}
	if restart == RestartFull && !transportOn(c) {
		// A multi-node cluster with security on needs transport TLS at the
		// same restart, or the nodes fail the bootstrap check.
		tls, err := transportTLS{}.Plan(c, []finding.Finding{{CheckID: "BAS-01", Resource: finding.Resource{Kind: "cluster"}}})
		if err != nil {
			return nil, err
		}
		out = append(out, tls...)
	}
	return out, nil
}

// transportOn reports whether every node already enables transport TLS.
func transportOn(c *Context) bool {
	for _, n := range c.Doc.Elasticsearch.Nodes {
		if s, ok := n.Settings[transportPrefix+"enabled"]; !ok || s.Value != "true" {
			return false
		}
	}
	return true
}

// settingModules are the repairs that are one or two setting changes.
func settingModules() []Module {
	return []Module{
		settingModule{id: "single-node-discovery", title: "pin single-node discovery", set: map[string][]yamledit.Change{
			"MIN-04": {set("discovery.type", "single-node"), yamledit.Remove("cluster.initial_master_nodes"), yamledit.Remove("discovery.seed_hosts")}}},
		settingModule{id: "audit-logging", title: "turn on audit logging", set: map[string][]yamledit.Change{
			"HARD-01": {set("xpack.security.audit.enabled", "true")}}},
		settingModule{id: "destructive-requires-name", title: "require index names for destructive actions", set: map[string][]yamledit.Change{
			"HARD-18": {set("action.destructive_requires_name", "true")}}},
		settingModule{id: "enrollment-off", title: "turn off enrollment", set: map[string][]yamledit.Change{
			"AUTO-07": {set("xpack.security.enrollment.enabled", "false")}}},
		settingModule{id: "kibana-security-headers", kibana: true, title: "security response headers", set: map[string][]yamledit.Change{
			"KIB-04": {set("server.securityResponseHeaders.strictTransportSecurity", "max-age=31536000")},
			"KIB-05": {set("server.securityResponseHeaders.disableEmbedding", "true")},
			"KIB-07": {set("csp.strict", "true")}}},
		settingModule{id: "kibana-session-timeouts", kibana: true, title: "bound session lifetimes", set: map[string][]yamledit.Change{
			"KIB-09": {set("xpack.security.session.idleTimeout", "8h"), set("xpack.security.session.lifespan", "30d")}}},
		settingModule{id: "kibana-audit", kibana: true, title: "turn on audit logging", set: map[string][]yamledit.Change{
			"KIB-15": {set("xpack.security.audit.enabled", "true")}}},
		// Modules whose changes depend on the settings written (hardening.go).
		tlsProtocols{}, verificationMode{}, passwordHashing{}, kibanaHeaderDefaults{}, kibanaSecureCookies{},
	}
}
