# Helpers for the ladder checks (MIN-*, BAS-*), the auto-setup conformance
# checks (AUTO-*) and the node drift checks (DRIFT-01, DRIFT-02): node counts,
# development and production mode, live node settings, keystore evidence and
# Kibana credentials.
package essec.lib.ladder

import data.essec.lib

# Setting prefixes of the transport and HTTP TLS contexts.
tp := "xpack.security.transport.ssl."

hp := "xpack.security.http.ssl."

# ---------------------------------------------------------------- live nodes

# flatten turns a nested settings object (as GET /_nodes/settings returns it)
# into a flat map of dotted names to strings; a list becomes "a,b".
flatten(obj) := {k: v |
	walk(obj, [path, raw])
	count(path) > 0
	not is_object(raw)
	every p in path {
		is_string(p)
	}
	k := concat(".", path)
	v := leaf_string(raw)
}

leaf_string(x) := x if is_string(x)

leaf_string(x) := concat(",", [sprintf("%v", [e]) | some e in x]) if is_array(x)

leaf_string(x) := sprintf("%v", [x]) if {
	not is_string(x)
	not is_array(x)
}

# live_nodes lists the nodes GET /_nodes reported: id, name, flat settings and
# bound transport and HTTP addresses.
live_nodes := [n |
	some id, b in lib.body("nodes").nodes
	n := {
		"id": id,
		"name": object.get(b, "name", id),
		"settings": flatten(object.get(b, "settings", {})),
		"transport_bound": object.get(object.get(b, "transport", {}), "bound_address", []),
		"http_bound": object.get(object.get(b, "http", {}), "bound_address", []),
	}
]

cat_nodes := b if {
	b := lib.body("cat_nodes")
	is_array(b)
} else := []

live_node_count := max([count(live_nodes), count(cat_nodes)])

file_node_names := {n.name | some n in lib.nodes}

# live_only_nodes are live nodes for which no configuration file was read.
live_only_nodes := [n | some n in live_nodes; not file_node_names[n.name]]

node_count := max([count(lib.nodes) + count(live_only_nodes), live_node_count])

multi_node if node_count > 1

# multi_node_reason says why the deployment counts as several nodes.
multi_node_reason := sprintf("%d nodes in the configuration files", [count(lib.nodes)]) if {
	count(lib.nodes) > 1
} else := sprintf("%d nodes reported by the live cluster", [live_node_count]) if {
	live_node_count > 1
} else := sprintf("%d nodes", [node_count])

# live_settings is the flat map of settings the running node reports: the
# collector's match (node.live.settings) or the GET /_nodes entry of the same
# name; undefined without live evidence for that node.
live_settings(node) := node.live.settings if {
	is_object(node.live.settings)
} else := n.settings if {
	some n in live_nodes
	n.name == node.name
}

# ---------------------------------------------------------------- addresses

addr_host(a) := substring(a, 1, indexof(a, "]") - 1) if startswith(a, "[")

addr_host(a) := split(a, ":")[0] if {
	not startswith(a, "[")
	count(split(a, ":")) <= 2
}

addr_host(a) := a if {
	not startswith(a, "[")
	count(split(a, ":")) > 2
}

addr_loopback(a) if lib.is_loopback(addr_host(a))

wildcard_hosts := {"0.0.0.0", "::", "[::]", "0", "_all_"}

# all_interfaces is true for a bind host or bound address meaning every interface.
all_interfaces(h) if wildcard_hosts[lower(h)]

all_interfaces(h) if wildcard_hosts[addr_host(h)]

# ---------------------------------------------------------------- modes

live_transport_exposed if {
	some n in live_nodes
	some a in n.transport_bound
	not addr_loopback(a)
}

live_transport_exposed if {
	some node in lib.nodes
	some a in node.live.transport_bound_address
	not addr_loopback(a)
}

# dev_mode extends lib.development_mode with live evidence: a single node
# whose transport is bound only to loopback. Basic checks do not apply to it.
dev_mode if {
	lib.development_mode
	not live_transport_exposed
	not multi_node
}

dev_mode if {
	count(lib.nodes) == 0
	live_node_count == 1
	count(live_nodes) == 1
	count(live_nodes[0].transport_bound) > 0
	every a in live_nodes[0].transport_bound {
		addr_loopback(a)
	}
}

dev_mode_reason := "development mode: a single node whose transport layer is bound only to loopback, so no other host can join it; basic (transport TLS) checks do not apply"

live_single_node_discovery(n) if lower(n.settings["discovery.type"]) == "single-node"

# exposed_node(node) is a node whose transport layer binds a non-loopback address.
exposed_node(node) if not lib.transport_loopback_only(node)

exposed_node(node) if {
	some a in node.live.transport_bound_address
	not addr_loopback(a)
}

# relaxed(node): a single node with discovery.type single-node bound to a
# non-loopback address; transport TLS findings are warn, not fail, for it.
relaxed(node) if {
	lib.single_node_discovery(node)
	exposed_node(node)
	not multi_node
}

# transport_status is the status a transport TLS shortfall gets on node.
transport_status(node) := "warn" if relaxed(node)
else := "fail"

relaxed_note(node) := " (single node with discovery.type single-node bound to a non-loopback address: warn, as bootstrap checks are not enforced, but transport TLS is still recommended)" if relaxed(node)
else := ""

# production_mode: several nodes, or a transport layer bound to a
# non-loopback address without single-node discovery (bootstrap checks are
# then enforced and transport TLS is mandatory).
production_mode if multi_node

production_mode if {
	some node in lib.nodes
	exposed_node(node)
	not lib.single_node_discovery(node)
}

production_mode if {
	some n in live_nodes
	some a in n.transport_bound
	not addr_loopback(a)
	not live_single_node_discovery(n)
}

production_reason := multi_node_reason if multi_node
else := sprintf("transport of %s bound to %s without discovery.type single-node", [exposed[0].name, concat(", ", lib.transport_hosts(exposed[0]))]) if {
	count(exposed) > 0
} else := "the live cluster reports a non-loopback transport address without single-node discovery"

exposed := [node | some node in lib.nodes; exposed_node(node); not lib.single_node_discovery(node)]

# ---------------------------------------------------------------- transport TLS

transport_tls_on(node) if lib.is_true(node, concat("", [tp, "enabled"]))

# transport_profiles lists the names of extra transport profiles of a node.
transport_profiles(node) := {p |
	some name, _ in node.settings
	startswith(name, "transport.profiles.")
	p := split(name, ".")[2]
}

# ---------------------------------------------------------------- keystores

# keystore_absent: the collector looked and found no keystore file.
keystore_absent(obj) if {
	obj.keystore.present == false
	object.get(obj.keystore, "error", "") == ""
}

# keystore_known: the entry names are known (readable, or no keystore at all).
keystore_known(obj) if lib.keystore_readable(obj)

keystore_known(obj) if keystore_absent(obj)

# keystore_gap explains why a keystore's entries are not known.
keystore_gap(obj) := sprintf("the keystore was not read (%s)", [lib.keystore_unread_reason(obj)]) if {
	object.get(obj, "keystore", null) == null
} else := sprintf("%s is password-protected: set ESSEC_KEYSTORE_PASSWORD", [ks_name(obj)]) if {
	obj.keystore.password_protected
	not obj.keystore.decrypted
} else := sprintf("%s could not be read: %s", [ks_name(obj), obj.keystore.error]) if {
	object.get(obj.keystore, "error", "") != ""
} else := sprintf("%s could not be read", [ks_name(obj)])

ks_name(obj) := lib.base(obj.keystore.path) if {
	object.get(obj.keystore, "path", "") != ""
} else := "the keystore"

keystore_resource(obj) := {"kind": "keystore", "name": obj.name, "file": object.get(object.get(obj, "keystore", {}), "path", "")} if {
	is_object(object.get(obj, "keystore", null))
} else := {"kind": "keystore", "name": obj.name, "file": ""}

# ---------------------------------------------------------------- Kibana

# kibana_config_read: kibana.yml (or a compose service) was read for kb.
kibana_config_read(kb) if object.get(kb, "config_file", "") != ""

kibana_config_read(kb) if object.get(kb, "compose", null) != null

kibana_config_read(kb) if count(object.get(kb, "settings", {})) > 0

# kibana_keystore_known: kibana.keystore entries are known, or there is no
# kibana.keystore (a missing or uncollected Kibana keystore holds nothing).
kibana_keystore_known(kb) if lib.keystore_readable(kb)

kibana_keystore_known(kb) if object.get(kb, "keystore", null) == null

kibana_keystore_known(kb) if keystore_absent(kb)

# kb_set: name is set for kb in kibana.yml / compose or in kibana.keystore.
kb_set(kb, name) if lib.has_setting(kb, name)

kb_set(kb, name) if lib.keystore_has(kb, name)

# kb_place describes where a Kibana setting lives, for messages.
kb_place(kb, name) := sprintf("kibana.yml and kibana.keystore (%s)", [lib.where(kb, name)]) if {
	lib.has_setting(kb, name)
	lib.keystore_has(kb, name)
} else := lib.where(kb, name) if {
	lib.has_setting(kb, name)
} else := "kibana.keystore" if {
	lib.keystore_has(kb, name)
}

# compose_env: the setting came from a docker-compose environment.
compose_env(obj, name) if contains(lower(obj.settings[name].source), "compose")

compose_env(obj, name) if contains(lower(obj.settings[name].source), "env")

# ---------------------------------------------------------------- helpers

# file_mode_other reports whether an octal mode string ("0664") grants any
# permission to others.
file_mode_other(mode) if {
	count(mode) > 0
	substring(mode, count(mode) - 1, 1) != "0"
}

# security_off(node) is true when the node runs with security disabled:
# explicitly, or on 7.x by default on a basic or trial licence.
security_off(node) if lib.is_false(node, "xpack.security.enabled")

security_off(node) if {
	not lib.has_setting(node, "xpack.security.enabled")
	lib.major < 8
	not gold_or_better
}

license_type := lower(lib.body("license").license.type)

gold_or_better if license_type in {"gold", "platinum", "enterprise"}

join_sorted(s) := concat(", ", sort([x | some x in s]))

# ---------------------------------------------------------------- auto-setup

# certs_path(v, file): a path setting value pointing at certs/<file> in the
# config directory, as the 8.x automatic setup writes it.
certs_path(v, file) if v == concat("", ["certs/", file])

certs_path(v, file) if endswith(v, concat("", ["/certs/", file]))

under_certs(v) if startswith(v, "certs/")

under_certs(v) if contains(v, "/certs/")

auto_http_path(node) if certs_path(lib.value(node, concat("", [hp, "keystore.path"])), "http.p12")

auto_transport_path(node) if certs_path(lib.value(node, concat("", [tp, "keystore.path"])), "transport.p12")

# autoconfigured(node): the node carries the 8.x security auto-configuration
# block. The block's comment markers are not part of the input document, so
# it is recognised by what it writes: certs/http.p12 and certs/transport.p12
# as the HTTP and transport keystores, or one of them together with
# xpack.security.enrollment.enabled.
autoconfigured(node) if {
	auto_http_path(node)
	auto_transport_path(node)
}

autoconfigured(node) if {
	lib.has_setting(node, "xpack.security.enrollment.enabled")
	auto_http_path(node)
}

autoconfigured(node) if {
	lib.has_setting(node, "xpack.security.enrollment.enabled")
	auto_transport_path(node)
}

no_block_reason := "no security auto-configuration block (certs/http.p12 and certs/transport.p12 keystores) in this node's configuration"
