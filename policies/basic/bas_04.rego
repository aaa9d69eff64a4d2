# METADATA
# title: Transport client authentication required on the transport and every profile
# description: |
#   Mutual TLS on the transport layer is what stops an arbitrary host from
#   opening transport connections and calling internal APIs. Judged per node
#   from elasticsearch.yml (the API filters these settings), for
#   xpack.security.transport.ssl.client_authentication and every
#   transport.profiles.<name>.xpack.security.ssl.client_authentication:
#   required or absent passes (the default is required; an absent profile
#   setting inherits the transport's); optional or none fails (tool policy:
#   Elastic allows none only behind another network control, which essec
#   cannot see; suppress the finding if that control exists); any other value
#   fails, since Elasticsearch refuses it. Not applicable in development mode
#   or when transport TLS is off (BAS-01 fails that). A single node with
#   discovery.type single-node bound to a non-loopback address gets warn
#   instead of fail.
# custom:
#   id: BAS-04
#   level: basic
#   severity: high
#   component: elasticsearch
#   remediation: transport-tls
#   remediation_text: |
#     Remove the client_authentication settings of the transport and its
#     profiles, or set them to required, on every node; restart. Every node
#     then needs a certificate its peers trust (BAS-02, BAS-05).
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/external-ca-transport
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.basic.bas_04

import data.essec.lib
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

main := "xpack.security.transport.ssl.client_authentication"

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

results contains lib.result_setting("not_applicable", lib.node_resource(node), main, ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

# auth_settings(node) lists the client_authentication settings the node sets,
# the transport's own always included.
auth_settings(node) := {main} | {name |
	some name in settings.settings_with_prefix(node, "transport.profiles.")
	endswith(name, ".xpack.security.ssl.client_authentication")
}

# One rule for the transport's own setting on each node in judged mode, one
# for the profiles' (only on a node with a transport profile); results built
# inline, tls.transport_tls and node_setting_resource written out.
results contains r if {
	shape.judged_mode
	some node in lib.nodes
	r := _main_result(node)
}

results contains r if {
	shape.judged_mode
	some node in lib.nodes
	strings.any_prefix_match(object.keys(node.settings), "transport.profiles.")
	lower(trim_space(node.settings["xpack.security.transport.ssl.enabled"].value)) == "true"
	some name in auth_settings(node)
	name != main
	r := _name_result(node, name, node.settings[name])
}

_main_result(node) := {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.transport.ssl.client_authentication", "message": "transport TLS is not enabled on this node (BAS-01 fails it)", "evidence": {"observed": "transport TLS off", "expected": "transport TLS on"}} if {
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.enabled", "value"], ""))) == "true"
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.transport.ssl.client_authentication", "message": "xpack.security.transport.ssl.client_authentication is not set: the default is \"required\"", "evidence": {"observed": "(absent)", "expected": "required"}} if {
	not node.settings["xpack.security.transport.ssl.client_authentication"]
} else := _name_result(node, "xpack.security.transport.ssl.client_authentication", node.settings["xpack.security.transport.ssl.client_authentication"])

# _name_result judges one client_authentication setting s (named name) of
# the node.
_name_result(node, name, s) := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}, "setting": name, "message": msg, "evidence": {"observed": "required", "expected": "required"}} if {
	lower(trim_space(s.value)) == "required"
	msg := sprintf("%s is \"required\" (%s)", [name, settings.where(node, name)])
} else := r if {
	v := lower(trim_space(s.value))
	v in {"optional", "none"}
	msg := sprintf("%s is %q (%s): hosts without a trusted certificate can open transport connections; expected \"required\"%s", [name, v, settings.where(node, name), ladder.relaxed_note(node)])
	r := {"status": ladder.transport_status(node), "resource": lib.node_setting_resource(node, name), "setting": name, "message": msg, "evidence": {"observed": v, "expected": "required"}}
} else := r if {
	v := s.value
	not lower(trim_space(v)) in {"required", "optional", "none"}
	msg := sprintf("%s is %q (%s), which Elasticsearch refuses; expected \"required\"", [name, v, settings.where(node, name)])
	r := {"status": "fail", "resource": lib.node_setting_resource(node, name), "setting": name, "message": msg, "evidence": {"observed": v, "expected": "required"}}
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
