# METADATA
# title: Node files agree with what the live cluster runs
# description: |
#   Most security settings are static: an edited elasticsearch.yml takes
#   effect only at the next restart, and a dynamic cluster setting silently
#   overrides the file. Either way the file no longer says what runs. Needs
#   a live cluster (--url); without one every node is unknown. Per node, the
#   security-relevant settings of its files (xpack.security.*, network,
#   transport and HTTP hosts, discovery.type) are compared with what the
#   running node reports (GET /_nodes/settings, matched by node name):
#   - a value that differs, or a setting in the file the running node does
#     not report, fails ("restart pending");
#   - a setting the running node reports but no file read sets warns (set
#     on the command line or in the environment, or a removal awaiting a
#     restart);
#   - settings the API filters are not compared: every *.ssl.* setting but
#     ssl.enabled, transport profiles' security settings, secrets and
#     bind_dn, and anything listed in xpack.security.hide_settings.
#   Cluster-wide, from GET /_cluster/settings: a persistent or transient
#   setting overriding a value set in a node's file fails when the values
#   differ (the file is masked) and warns when they agree (tool policy: a
#   later file change would silently do nothing). From GET /_xpack/usage:
#   security.enabled and security.ssl.{transport,http}.enabled contradicting
#   what every node's file says fails.
# custom:
#   id: DRIFT-02
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Restart the nodes whose files changed (a rolling restart, unless
#     transport TLS changes: then a full cluster restart), or revert the file
#     if the running value is the intended one. Remove dynamic overrides
#     (PUT /_cluster/settings with the setting set to null in persistent and
#     transient) and keep the value in one place.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-nodes-info
#     - https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-cluster-get-settings
package essec.checks.drift.drift_02

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls
import data.essec.lib.versions

net_keys := {
	"network.host", "network.bind_host", "transport.host", "transport.bind_host",
	"http.host", "http.bind_host", "discovery.type",
}

relevant(name) if startswith(name, "xpack.security.")

relevant(name) if net_keys[name]

hidden := {h |
	raw := lib.body("cluster_settings").defaults["xpack.security.hide_settings"]
	some x in split(settings.leaf_string(raw), ",")
	h := trim_space(x)
}

# filtered(name): Elasticsearch does not show it in GET /_nodes/settings.
filtered(name) if {
	contains(name, ".ssl.")
	not endswith(name, ".ssl.enabled")
}

filtered(name) if startswith(name, "transport.profiles.")

filtered(name) if contains(name, "bind_dn")

filtered(name) if contains(name, "secure_")

filtered(name) if contains(name, "password")

filtered(name) if hidden[name]

comparable(name) if {
	relevant(name)
	not filtered(name)
}

norm(s) := concat(",", sort([v | some x in split(trim(s, "[]"), ","); v := lower(trim(trim_space(x), "'\"")); v != ""]))

file_raw(node, name) := concat(",", settings.list(node, name)) if count(settings.list(node, name)) > 0
else := settings.value(node, name)

file_compared(node) := {name |
	some name, s in node.settings
	comparable(name)
	not s.secret
	not s.unresolved
}

diffs(node) := {[name, "fail", msg] |
	live := shape.live_settings(node)
	some name in file_compared(node)
	lv := live[name]
	norm(file_raw(node, name)) != norm(lv)
	msg := sprintf("%s is %q in the file (%s) but the running node has %q: restart pending", [name, file_raw(node, name), settings.where(node, name), lv])
} | {[name, "fail", msg] |
	live := shape.live_settings(node)
	some name in file_compared(node)
	not live[name]
	msg := sprintf("%s is %q in the file (%s) but the running node does not report it: restart pending", [name, file_raw(node, name), settings.where(node, name)])
} | {[name, "warn", msg] |
	live := shape.live_settings(node)
	some name, lv in live
	comparable(name)
	not settings.has_setting(node, name)
	msg := sprintf("the running node has %s %q, which no configuration file read sets: set on the command line or in the environment, or a removal awaiting a restart", [name, lv])
}

results contains lib.result("unknown", lib.node_resource(node), msg, {"observed": "(no live evidence)", "expected": "file matches the running node"}) if {
	some node in lib.nodes
	not lib.live
	msg := sprintf("comparing the files with the running node needs live evidence: %s", [lib.live_gap])
}

results contains lib.result("unknown", lib.node_resource(node), msg, {"observed": "(node not found)", "expected": "file matches the running node"}) if {
	some node in lib.nodes
	lib.live
	not shape.live_settings(node)
	msg := sprintf("the live cluster did not report a node named %s (%s)", [node.name, nodes_reason])
}

nodes_reason := lib.call_error("nodes") if not lib.body("nodes")
else := sprintf("it reports [%s]; node.name may differ from the name essec gave this configuration", [concat(", ", sort([n.name | some n in shape.live_nodes]))])

results contains lib.result_setting(d[1], lib.node_setting_resource(node, d[0]), d[0], d[2], {"observed": "differs", "expected": "file matches the running node"}) if {
	lib.live
	some node in lib.nodes
	some d in diffs(node)
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": count(file_compared(node)), "expected": "file matches the running node"}) if {
	lib.live
	some node in lib.nodes
	shape.live_settings(node)
	count(diffs(node)) == 0
	msg := sprintf("the %d security-relevant settings of the file that the API shows match the running node (GET /_nodes/settings)", [count(file_compared(node))])
}

# ---------------------------------------------------------------- cluster settings

cs := lib.body("cluster_settings")

override(name) := {"scope": "transient", "value": leaf(cs.transient[name])} if {
	cs.transient[name]
} else := {"scope": "persistent", "value": leaf(cs.persistent[name])} if {
	cs.persistent[name]
}

leaf(v) := settings.leaf_string(v)

overridden := {name |
	some scope in ["persistent", "transient"]
	some name, _ in object.get(cs, scope, {})
	some node in lib.nodes
	settings.has_setting(node, name)
}

setters(name) := [sprintf("%s %q (%s)", [node.name, file_raw(node, name), settings.where(node, name)]) | some node in lib.nodes; settings.has_setting(node, name)]

differs_from_file(name) if {
	some node in lib.nodes
	settings.has_setting(node, name)
	norm(file_raw(node, name)) != norm(override(name).value)
}

results contains lib.result_setting("fail", lib.cluster_resource, name, msg, {"observed": override(name), "expected": "no dynamic override of a file setting"}) if {
	some name in overridden
	differs_from_file(name)
	o := override(name)
	msg := sprintf("%s is overridden by a %s cluster setting %q (GET /_cluster/settings), masking the file: %s", [name, o.scope, o.value, concat(", ", setters(name))])
}

results contains lib.result_setting("warn", lib.cluster_resource, name, msg, {"observed": override(name), "expected": "no dynamic override of a file setting"}) if {
	some name in overridden
	not differs_from_file(name)
	o := override(name)
	msg := sprintf("%s is also set as a %s cluster setting %q (GET /_cluster/settings), equal to the file (%s): a later file change would silently do nothing", [name, o.scope, o.value, concat(", ", setters(name))])
}

results contains lib.result_setting("unknown", lib.cluster_resource, "cluster_settings", msg, {"observed": "(no answer)", "expected": "GET /_cluster/settings"}) if {
	count(lib.nodes) > 0
	lib.live
	lib.cluster.calls.cluster_settings.error_class != ""
	msg := sprintf("dynamic overrides could not be checked: %s", [lib.call_error("cluster_settings")])
}

# ---------------------------------------------------------------- usage API

usage_map := {
	"security.enabled": "xpack.security.enabled",
	"security.ssl.transport.enabled": concat("", [tls.tp, "enabled"]),
	"security.ssl.http.enabled": concat("", [tls.hp, "enabled"]),
}

usage_value("security.enabled") := lib.body("xpack_usage").security.enabled

usage_value("security.ssl.transport.enabled") := lib.body("xpack_usage").security.ssl.transport.enabled

usage_value("security.ssl.http.enabled") := lib.body("xpack_usage").security.ssl.http.enabled

effective(node, name) := lower(settings.value(node, name)) if settings.has_setting(node, name)
else := "true" if {
	name == "xpack.security.enabled"
	versions.major >= 8
}
else := "false" if name != "xpack.security.enabled"

file_says(name) := v if {
	vals := {effective(node, name) | some node in lib.nodes}
	count(vals) == 1
	count([node | some node in lib.nodes; effective(node, name)]) == count(lib.nodes)
	some v in vals
}

results contains lib.result_setting("fail", lib.cluster_resource, key, msg, {"observed": u, "expected": file_says(name)}) if {
	count(lib.nodes) > 0
	some key, name in usage_map
	u := usage_value(key)
	is_boolean(u)
	sprintf("%v", [u]) != file_says(name)
	msg := sprintf("GET /_xpack/usage reports %s %v, but every node's file gives %s %q: restart pending or the files are not the ones running", [key, u, name, file_says(name)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
