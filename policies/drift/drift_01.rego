# METADATA
# title: Security settings agree across the nodes of a deployment
# description: |
#   Security settings are static and per node: one node left without TLS,
#   with weaker verification or with anonymous access undoes the rest.
#   Compared across every node of the deployment, with each node's effective
#   value (its setting, or the default when absent): xpack.security.enabled,
#   transport and HTTP ssl.enabled, verification_mode and
#   client_authentication, xpack.security.authc.anonymous.roles and
#   xpack.security.audit.enabled. Nodes whose configuration file was not read
#   take part through GET /_nodes/settings (explicitly set values; absent
#   means the default), but only for settings the API does not filter
#   (verification_mode and client_authentication are filtered, so they are
#   compared across configuration files only). Defaults: ssl.enabled false,
#   verification_mode full, transport client_authentication required, HTTP
#   client_authentication none, anonymous roles empty, audit false;
#   xpack.security.enabled true on 8.x, on 7.x true only with a gold or
#   better licence. When the version is unknown an absent
#   xpack.security.enabled cannot be compared: unknown for that setting.
#   Values differing: fail per setting, naming the nodes, values and where
#   they were read. A single node is not_applicable.
# custom:
#   id: DRIFT-01
#   level: basic
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Give every node the same security settings (configuration management
#     helps), then restart the nodes that changed. Transport TLS must change
#     on all nodes at once (full cluster restart).
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.drift.drift_01

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls
import data.essec.lib.versions

tp := tls.tp

hp := tls.hp

defaults := {
	"xpack.security.enabled": "",
	concat("", [tp, "enabled"]): "false",
	concat("", [hp, "enabled"]): "false",
	concat("", [tp, "verification_mode"]): "full",
	concat("", [hp, "verification_mode"]): "full",
	concat("", [tp, "client_authentication"]): "required",
	concat("", [hp, "client_authentication"]): "none",
	"xpack.security.authc.anonymous.roles": "",
	"xpack.security.audit.enabled": "false",
}

filtered := {
	concat("", [tp, "verification_mode"]),
	concat("", [hp, "verification_mode"]),
	concat("", [tp, "client_authentication"]),
	concat("", [hp, "client_authentication"]),
}

# default_of is the default of a setting; "?" when it depends on an unknown version.
default_of("xpack.security.enabled") := "true" if versions.major >= 8
else := "true" if versions.gold_or_better
else := "false" if versions.version_known
else := "?"

default_of(k) := defaults[k] if k != "xpack.security.enabled"

norm(s) := concat(",", sort([lower(trim_space(x)) | some x in split(s, ","); trim_space(x) != ""]))

raw(node, k) := concat(",", settings.list(node, k)) if count(settings.list(node, k)) > 0
else := settings.value(node, k)

file_value(node, k) := {"v": norm(raw(node, k)), "shown": sprintf("%q (%s)", [settings.value(node, k), settings.where(node, k)])} if {
	settings.has_setting(node, k)
} else := {"v": default_of(k), "shown": default_shown(k)}

live_value(n, k) := {"v": norm(n.settings[k]), "shown": sprintf("%q (GET /_nodes/settings)", [n.settings[k]])} if {
	n.settings[k]
} else := {"v": default_of(k), "shown": default_shown(k)}

# file_v / live_v are the "v" of file_value / live_value alone: the
# comparison needs only them, and the "shown" texts (sprintf, where) are
# built only for the settings that differ (see Performance in
# docs/policy-authoring.md).
file_v(node, k) := norm(raw(node, k)) if settings.has_setting(node, k)
else := default_of(k)

live_v(n, k) := norm(n.settings[k]) if n.settings[k]
else := default_of(k)

default_shown(k) := "(absent, default depends on the version: unknown)" if default_of(k) == "?"
else := sprintf("(absent, default %q)", [default_of(k)])

# observations of setting k: one per node taking part.
observations(k) := array.concat(
	[{"node": node.name, "v": fv.v, "shown": fv.shown} | some node in lib.nodes; fv := file_value(node, k)],
	[{"node": n.name, "v": lv.v, "shown": lv.shown} | not filtered[k]; some n in shape.live_only_nodes; lv := live_value(n, k)],
)

# values(k) holds the distinct "v" of observations(k). file_v reads only a
# setting's list and value, and most nodes write the same ones, so it is
# computed once per distinct [list, value] of a setting (_file_sigs) rather
# than per node and setting (nine calls per node, each with four helper
# calls inside), plus the default when some node lacks the setting
# (_absent); drift_01_test.rego compares this with the per-node values.
values(k) := (({v | some [k2, sig] in _file_sigs; k2 == k; v := file_v({"settings": {k: sig}}, k)} | {v | _absent[k]; v := default_of(k)}) | {v | not filtered[k]; some n in shape.live_only_nodes; v := live_v(n, k)})

_default_keys := {k | some k, _ in defaults}

# _node_parts: each node's settings among the compared ones.
_node_parts := [object.filter(lib.obj(object.get(node, "settings", {})), _default_keys) | some node in lib.nodes]

_file_sigs := {[k, object.filter(s, ["list", "value"])] | some f in _node_parts; some k, s in f}

_absent := {k | some f in _node_parts; some k in _default_keys - object.keys(f)}

# per_node_values(k) is values(k) computed node by node (for the tests).
per_node_values(k) := {v | some node in lib.nodes; v := file_v(node, k)} | {v | not filtered[k]; some n in shape.live_only_nodes; v := live_v(n, k)}

members := count(lib.nodes) + count(shape.live_only_nodes)

known_values(k) := {v | some v in values(k); v != "?"}

drifting contains k if {
	some k, _ in defaults
	count(known_values(k)) > 1
}

# An absent setting with a version-dependent default next to an explicit
# value cannot be compared; all absent agree whatever the default.
undecided contains k if {
	some k, _ in defaults
	count(known_values(k)) == 1
	values(k)["?"]
}

listing(k) := concat(", ", sort([sprintf("%s %s", [o.node, o.shown]) | some o in observations(k)]))

results contains lib.result("not_applicable", lib.cluster_resource, msg, {"observed": shape.node_count, "expected": "2 or more nodes"}) if {
	shape.node_count <= 1
	shape.shape_known
	msg := "a single node: there is nothing to compare its settings with"
}

results contains lib.result("unknown", lib.cluster_resource, msg, {"observed": members, "expected": shape.node_count}) if {
	shape.node_count > 1
	members < 2
	msg := sprintf("the deployment has %d nodes but the settings of only %d are known: pass every node's configuration directory, or --url with the monitor privilege (GET /_nodes/settings): %s", [shape.node_count, members, lib.call_error("nodes")])
}

results contains lib.result_setting("fail", lib.cluster_resource, k, msg, {"observed": {o.node: o.shown | some o in observations(k)}, "expected": "the same value on every node"}) if {
	members > 1
	some k in drifting
	msg := sprintf("%s differs across nodes: %s", [k, listing(k)])
}

results contains lib.result_setting("unknown", lib.cluster_resource, k, msg, {"observed": {o.node: o.shown | some o in observations(k)}, "expected": "the same value on every node"}) if {
	members > 1
	some k in undecided
	msg := sprintf("%s cannot be compared: %s; pass --es-version or --url", [k, listing(k)])
}

results contains lib.result("pass", lib.cluster_resource, msg, {"observed": members, "expected": "the same security settings on every node"}) if {
	members > 1
	count(drifting) == 0
	count(undecided) == 0
	msg := sprintf("the security settings agree across %d nodes (%s)", [members, concat(", ", sort([n | some n in node_names]))])
}

node_names := {node.name | some node in lib.nodes} | {n.name | some n in shape.live_only_nodes}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
