package cluster

import (
	"slices"

	"github.com/essec-dev/essec/internal/inventory"
)

// connection describes essec's own identity: the credential kind from the
// options, and the user name and roles the cluster reported in
// _security/_authenticate (the options' user name when that call failed).
func connection(o Options, authenticate any) inventory.Connection {
	c := inventory.Connection{Kind: o.authKind(), Username: o.Username, Insecure: o.Insecure, Roles: []string{}}
	body, ok := authenticate.(map[string]any)
	if !ok {
		return c
	}
	if name, ok := body["username"].(string); ok && name != "" {
		c.Username = name
	}
	if roles, ok := body["roles"].([]any); ok {
		for _, r := range roles {
			if s, ok := r.(string); ok {
				c.Roles = append(c.Roles, s)
			}
		}
	}
	c.Superuser = slices.Contains(c.Roles, "superuser")
	return c
}
