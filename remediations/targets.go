package remediations

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/format/yamledit"
	"github.com/essec-dev/essec/internal/inventory"
)

// nodeTargets returns the nodes named by failing findings (kind node), in
// document order. A finding about the whole cluster names every node.
func nodeTargets(doc *inventory.Document, failing []finding.Finding) []*inventory.Node {
	names := map[string]bool{}
	all := false
	for _, f := range failing {
		switch f.Resource.Kind {
		case "node":
			names[f.Resource.Name] = true
		case "cluster", "deployment":
			all = true
		}
	}
	var out []*inventory.Node
	for i := range doc.Elasticsearch.Nodes {
		n := &doc.Elasticsearch.Nodes[i]
		if all || names[n.Name] {
			out = append(out, n)
		}
	}
	return out
}

// kibanaTargets returns the Kibana instances named by failing findings.
func kibanaTargets(doc *inventory.Document, failing []finding.Finding) []*inventory.Kibana {
	names := map[string]bool{}
	for _, f := range failing {
		if f.Resource.Kind == "kibana" {
			names[f.Resource.Name] = true
		}
	}
	var out []*inventory.Kibana
	for i := range doc.Kibana {
		if names[doc.Kibana[i].Name] {
			out = append(out, &doc.Kibana[i])
		}
	}
	return out
}

// editable says why a component's configuration file cannot be edited, or
// "" when it can: essec edits elasticsearch.yml and kibana.yml on the host.
func editable(configFile string, settings map[string]inventory.Setting, keys ...string) string {
	if configFile == "" {
		return "its configuration file was not read"
	}
	base := filepath.Base(configFile)
	if !strings.HasSuffix(base, ".yml") && !strings.HasSuffix(base, ".yaml") || strings.Contains(base, "compose") {
		return fmt.Sprintf("its settings come from %s, which essec does not edit yet", base)
	}
	for _, k := range keys {
		if s, ok := settings[k]; ok && s.Source != "file" && s.Source != "" {
			return fmt.Sprintf("%s is set through %s, not in %s", k, s.Source, base)
		}
	}
	return ""
}

// manualDraft is a step essec cannot do, with the reason.
func manualDraft(title string, checks []string, reason string, steps ...string) Draft {
	return Draft{Title: title, Checks: checks, Reason: reason, Manual: steps}
}

// fileValue reads a setting's value as written in a settings file (never
// from the input document, which holds no secret).
func fileValue(c *Context, path string, d yamlconf.Dialect, key string) (yamlconf.Entry, bool, error) {
	data, ok, err := c.read(path)
	if err != nil || !ok {
		if err == nil {
			err = os.ErrNotExist
		}
		return yamlconf.Entry{}, false, err
	}
	f, err := yamlconf.Parse(path, data, d, nil)
	if err != nil {
		return yamlconf.Entry{}, false, err
	}
	e, ok := f.Get(key)
	return e, ok, nil
}

// checksOf lists the distinct check ids of findings, sorted.
func checksOf(failing []finding.Finding) []string {
	var out []string
	for _, f := range failing {
		if !slices.Contains(out, f.CheckID) {
			out = append(out, f.CheckID)
		}
	}
	slices.Sort(out)
	return out
}

// checksFor lists the checks of failing findings about one resource.
func checksFor(failing []finding.Finding, kind, name string) []string {
	var fs []finding.Finding
	for _, f := range failing {
		if f.Resource.Kind == kind && f.Resource.Name == name || f.Resource.Kind == "cluster" {
			fs = append(fs, f)
		}
	}
	return checksOf(fs)
}

// multiNode reports a cluster of several nodes (or one that says it will
// have several).
func multiNode(doc *inventory.Document) bool {
	if len(doc.Elasticsearch.Nodes) > 1 {
		return true
	}
	for _, n := range doc.Elasticsearch.Nodes {
		if s, ok := n.Settings["discovery.type"]; ok && s.Value == "single-node" {
			return false
		}
		if s, ok := n.Settings["discovery.seed_hosts"]; ok && len(s.List) > 1 {
			return true
		}
	}
	return false
}

// nodeEdit is the edit that applies changes to a node: its elasticsearch.yml,
// or the environment of its compose service when the settings come from
// the compose file. why says why neither can be edited.
func nodeEdit(n *inventory.Node, changes []yamledit.Change, keys ...string) (edit SettingsEdit, why string) {
	if n.Compose != nil && n.ConfigFile == n.Compose.File && n.Compose.Service != "" {
		for _, k := range keys {
			if s, ok := n.Settings[k]; ok && s.Source != "compose" && s.Source != "image-default" && s.Source != "" {
				return edit, fmt.Sprintf("%s is set through %s", k, s.Source)
			}
		}
		return SettingsEdit{Path: n.Compose.File, Service: n.Compose.Service, Changes: changes}, ""
	}
	if why := editable(n.ConfigFile, n.Settings, keys...); why != "" {
		return edit, why
	}
	return SettingsEdit{Path: n.ConfigFile, Dialect: yamlconf.Elasticsearch, Changes: changes}, ""
}
