package cluster

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/inventory"
)

// LiveNodes extracts per-node facts from the nodes body (GET
// /_nodes/settings,http,transport): id, name, version, the explicitly set
// settings flattened to dotted names (lists joined with ","), and the
// transport and HTTP bound and publish addresses. Nodes are sorted by name.
// It returns nil when the nodes call failed.
func LiveNodes(c *inventory.Cluster) []inventory.LiveNode {
	if c == nil {
		return nil
	}
	body, _ := c.Bodies["nodes"].(map[string]any)
	nodes, _ := body["nodes"].(map[string]any)
	if nodes == nil {
		return nil
	}
	out := make([]inventory.LiveNode, 0, len(nodes))
	for id, raw := range nodes {
		n, _ := raw.(map[string]any)
		ln := inventory.LiveNode{
			ID:             id,
			Name:           str(n["name"]),
			Version:        str(n["version"]),
			Settings:       map[string]string{},
			TransportBound: []string{},
			HTTPBound:      []string{},
		}
		flatten("", n["settings"], ln.Settings)
		ln.TransportBound, ln.TransportPublish = addresses(n["transport"])
		ln.HTTPBound, ln.HTTPPublish = addresses(n["http"])
		out = append(out, ln)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// flatten turns nested settings into dotted names. Elasticsearch accepts
// both forms and its flat form joins lists with commas.
func flatten(prefix string, v any, into map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(name, e, into)
		}
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			parts = append(parts, scalar(e))
		}
		into[prefix] = strings.Join(parts, ",")
	case nil:
		if prefix != "" {
			into[prefix] = ""
		}
	default:
		into[prefix] = scalar(t)
	}
}

// addresses reads {bound_address: [...], publish_address: "..."}.
func addresses(v any) (bound []string, publish string) {
	bound = []string{}
	m, _ := v.(map[string]any)
	if list, ok := m["bound_address"].([]any); ok {
		for _, a := range list {
			bound = append(bound, scalar(a))
		}
	}
	return bound, str(m["publish_address"])
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// scalar renders a JSON scalar as Elasticsearch would see it.
func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
