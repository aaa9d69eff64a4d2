# Helpers shared by every check. A check reads the input document through
# these so that provenance (file and line) and missing evidence are handled
# the same way everywhere.
package essec.lib

# ---------------------------------------------------------------- results

# result builds one check result. status is pass, fail, warn, unknown or
# not_applicable; resource comes from node_resource, kibana_resource,
# cluster_resource or setting_resource.
result(status, resource, message, evidence) := {
	"status": status,
	"resource": resource,
	"message": message,
	"evidence": evidence,
}

# result_setting is result with the setting the finding is about (part of
# the finding's fingerprint).
result_setting(status, resource, setting, message, evidence) := {
	"status": status,
	"resource": resource,
	"setting": setting,
	"message": message,
	"evidence": evidence,
}

# ---------------------------------------------------------------- resources

node_resource(node) := {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}

kibana_resource(kb) := {"kind": "kibana", "name": kb.name, "file": object.get(kb, "config_file", "")}

cluster_resource := {"kind": "cluster", "name": input.deployment.name, "endpoint": _cluster_endpoint}

# "cluster" is null without a live cluster: object.get on null is an error.
_cluster_endpoint := object.get(cluster, "endpoint", "") if is_object(cluster)
else := ""

# node_setting_resource / kibana_setting_resource point at the line of a
# setting when it is set, else at the component's config file.
node_setting_resource(node, name) := _setting_resource("node", node, name)

kibana_setting_resource(kb, name) := _setting_resource("kibana", kb, name)

_setting_resource(kind, obj, name) := r if {
	s := obj.settings[name]
	r := {"kind": kind, "name": obj.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}
} else := {"kind": kind, "name": obj.name, "file": object.get(obj, "config_file", "")}

# ---------------------------------------------------------------- settings

nodes := object.get(input.elasticsearch, "nodes", [])

kibanas := object.get(input, "kibana", [])

# has_setting is true when obj (a node or a Kibana instance) sets name.
has_setting(obj, name) if obj.settings[name]

# value is the effective string value of a setting; undefined when unset.
value(obj, name) := obj.settings[name].value

# value_or is the value of a setting, or dflt when unset.
value_or(obj, name, dflt) := object.get(obj.settings, [name, "value"], dflt)

# lower_value is the lower-cased value of a setting; undefined when unset.
lower_value(obj, name) := lower(trim_space(obj.settings[name].value))

# is_true / is_false follow Elasticsearch's boolean parsing ("true"/"false").
is_true(obj, name) if lower_value(obj, name) == "true"

is_false(obj, name) if lower_value(obj, name) == "false"

# list is a setting's list of values (a scalar is a one-element list).
list(obj, name) := object.get(obj.settings, [name, "list"], [])

# where describes where a setting was read, for messages: "elasticsearch.yml:12".
where(obj, name) := sprintf("%s:%d", [base(s.file), s.line]) if {
	s := obj.settings[name]
	s.file != ""
	s.line > 0
} else := base(obj.settings[name].file) if {
	obj.settings[name].file != ""
} else := obj.settings[name].source

base(path) := parts[count(parts) - 1] if {
	parts := split(path, "/")
}

# settings_with_prefix lists the names of settings starting with prefix.
settings_with_prefix(obj, prefix) := {name | some name, _ in obj.settings; startswith(name, prefix)}

# ---------------------------------------------------------------- versions

version_known if input.deployment.version != ""

# major is the Elasticsearch major version; undefined when unknown.
major := to_number(split(input.deployment.version, ".")[0]) if version_known

minor := to_number(split(input.deployment.version, ".")[1]) if version_known

# version_at_least(maj, min) compares the deployment's version.
version_at_least(maj, mn) if major > maj

version_at_least(maj, mn) if {
	major == maj
	minor >= mn
}

# ---------------------------------------------------------------- keystores

keystore_readable(obj) if {
	obj.keystore.present
	obj.keystore.decrypted
}

keystore_has(obj, name) if {
	keystore_readable(obj)
	some e in obj.keystore.entries
	e == name
}

# ---------------------------------------------------------------- live cluster

cluster := object.get(input.elasticsearch, "cluster", null)

live if {
	cluster != null
	cluster.reachable
}

# body is the decoded answer of an API call; undefined when it failed.
body(call) := cluster.bodies[call] if live

# call_error explains why an API call gave no evidence, for unknown messages.
call_error(call) := msg if {
	c := cluster.calls[call]
	c.error_class != ""
	msg := sprintf("%s failed (%s): %s", [c.path, c.error_class, c.error])
} else := msg if {
	live
	not cluster.bodies[call]
	msg := sprintf("the %s call gave no answer", [call])
} else := live_gap

# live_gap says why there is no live evidence at all, for unknown messages:
# no --url, or a cluster that could not be reached (with the reason).
live_gap := "no live cluster was audited (pass --url)" if cluster == null
else := msg if {
	not cluster.reachable
	msg := sprintf("the cluster could not be reached: %s", [object.get(cluster, "error", "no answer")])
} else := "the cluster gave no answer for it"

# version_hint tells how to supply an unknown version: --es-version, or
# --url, or why the live cluster did not tell it.
version_hint := "pass --es-version or --url" if cluster == null
else := sprintf("the cluster did not tell its version: %s; pass --es-version", [call_error("root")])

# ---------------------------------------------------------------- certificates

# material lists the TLS material of obj for one context ("transport", "http",
# "kibana.server", ...).
material(obj, ctx) := [m | some m in object.get(obj, "tls_material", []); m.context == ctx]

# leaf is the first certificate of a key material file (the node's own).
leaf(m) := m.certificates[0] if count(m.certificates) > 0

# ---------------------------------------------------------------- networking

loopback_hosts := {"localhost", "127.0.0.1", "::1", "[::1]", "_local_", "_local:ipv4_", "_local:ipv6_"}

is_loopback(host) if loopback_hosts[lower(host)]

is_loopback(host) if startswith(host, "127.")

# transport_hosts is the list of addresses the transport layer binds to,
# following transport.bind_host > transport.host > network.bind_host > network.host.
transport_hosts(node) := list(node, "transport.bind_host") if has_setting(node, "transport.bind_host")
else := list(node, "transport.host") if has_setting(node, "transport.host")
else := list(node, "network.bind_host") if has_setting(node, "network.bind_host")
else := list(node, "network.host") if has_setting(node, "network.host")
else := ["_local_"]

http_hosts(node) := list(node, "http.bind_host") if has_setting(node, "http.bind_host")
else := list(node, "http.host") if has_setting(node, "http.host")
else := list(node, "network.bind_host") if has_setting(node, "network.bind_host")
else := list(node, "network.host") if has_setting(node, "network.host")
else := ["_local_"]

transport_loopback_only(node) if {
	every h in transport_hosts(node) {
		is_loopback(h)
	}
}

single_node_discovery(node) if lower_value(node, "discovery.type") == "single-node"

# development_mode: a single node whose transport is bound only to loopback;
# basic checks do not apply to it.
development_mode if {
	count(nodes) == 1
	transport_loopback_only(nodes[0])
	not live_multi_node
}

live_multi_node if {
	some n, _ in body("nodes").nodes
	some m, _ in body("nodes").nodes
	n != m
}

# keystore_unread_reason says why a component's keystore was not examined:
# inside a compose service's container, or a config directory essec could
# not read.
keystore_unread_reason(obj) := "it lives inside the container of a docker-compose service; run essec on the container's config directory (or mount it) to examine it" if {
	object.get(obj, "compose", null) != null
} else := "run essec where the config directory is readable"
