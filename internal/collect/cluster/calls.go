package cluster

// call is one REST request of the collection.
type call struct {
	// name is the key in Cluster.Calls and Cluster.Bodies.
	name string
	// path is the request, query included, as documented in
	// docs/policy-authoring.md.
	path string
	// security marks /_security and /_ssl endpoints, which do not exist
	// when security is disabled.
	security bool
	// privilege is the least cluster privilege that allows the call on
	// 8.5+ (read_security appeared in 8.5); legacy is the one before.
	privilege, legacy string
}

// calls returns the collection's requests. Every one is a GET.
func calls() []call {
	return []call{
		{name: "root", path: "/", privilege: "monitor", legacy: "monitor"},
		{name: "xpack_usage", path: "/_xpack/usage", privilege: "monitor", legacy: "monitor"},
		{name: "cluster_settings", path: "/_cluster/settings?include_defaults=true&flat_settings=true", privilege: "monitor", legacy: "monitor"},
		{name: "nodes", path: "/_nodes/settings,http,transport", privilege: "monitor", legacy: "monitor"},
		{name: "ssl_certificates", path: "/_ssl/certificates", security: true, privilege: "monitor", legacy: "monitor"},
		// Any authenticated identity may call _authenticate.
		{name: "authenticate", path: "/_security/_authenticate", security: true},
		{name: "users", path: "/_security/user", security: true, privilege: "read_security", legacy: "manage_security"},
		{name: "roles", path: "/_security/role", security: true, privilege: "read_security", legacy: "manage_security"},
		{name: "kibana_credentials", path: "/_security/service/elastic/kibana/credential", security: true, privilege: "read_security", legacy: "manage_service_account"},
		{name: "role_mappings", path: "/_security/role_mapping", security: true, privilege: "read_security", legacy: "manage_security"},
		{name: "license", path: "/_license", privilege: "monitor", legacy: "monitor"},
		{name: "cat_nodes", path: "/_cat/nodes?format=json", privilege: "monitor", legacy: "monitor"},
	}
}
