# METADATA
# title: Transport certificate verification not disabled
# description: |
#   With xpack.security.transport.ssl.verification_mode none every
#   certificate is accepted, so any host can pose as a node. Judged per node
#   from elasticsearch.yml (the API filters this setting): none fails; full
#   or certificate passes (certificate is what Elastic's guide and the
#   automatic setup use with one shared certificate); absent passes (the
#   default is full in every version); any other value fails, since
#   Elasticsearch refuses it. Not applicable in development mode or when
#   transport TLS is off (BAS-01 fails that). A single node with
#   discovery.type single-node bound to a non-loopback address gets warn
#   instead of fail.
# custom:
#   id: BAS-03
#   level: basic
#   severity: critical
#   component: elasticsearch
#   remediation: transport-tls
#   remediation_text: |
#     Remove xpack.security.transport.ssl.verification_mode or set it to
#     certificate (full needs certificates naming every node's host) on every
#     node; rolling restart. none is only a temporary diagnostic on Elastic
#     Support's instruction.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
package essec.checks.basic.bas_03

import data.essec.lib
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

setting := "xpack.security.transport.ssl.verification_mode"

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

results contains lib.result_setting("not_applicable", lib.node_resource(node), setting, ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

# One rule over the nodes in judged mode, each node's result from
# _node_result, one branch per case (the cases exclude each other; results
# built inline, tls.transport_tls and node_setting_resource written out).
results contains r if {
	shape.judged_mode
	some node in lib.nodes
	r := _node_result(node)
}

_node_result(node) := {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.transport.ssl.verification_mode", "message": "transport TLS is not enabled on this node (BAS-01 fails it)", "evidence": {"observed": "transport TLS off", "expected": "transport TLS on"}} if {
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.enabled", "value"], ""))) == "true"
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}, "setting": "xpack.security.transport.ssl.verification_mode", "message": msg, "evidence": {"observed": v, "expected": "full or certificate"}} if {
	s := node.settings["xpack.security.transport.ssl.verification_mode"]
	v := lower(trim_space(s.value))
	v in {"full", "certificate"}
	msg := sprintf("%s is %q (%s)", [setting, v, settings.where(node, setting)])
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.transport.ssl.verification_mode", "message": "xpack.security.transport.ssl.verification_mode is not set: the default is \"full\"", "evidence": {"observed": "(absent)", "expected": "full or certificate"}} if {
	not node.settings["xpack.security.transport.ssl.verification_mode"]
} else := r if {
	s := node.settings["xpack.security.transport.ssl.verification_mode"]
	lower(trim_space(s.value)) == "none"
	msg := sprintf("%s is \"none\" (%s): any certificate is accepted, so any host can pose as a node; expected \"certificate\" or \"full\"%s", [setting, settings.where(node, setting), ladder.relaxed_note(node)])
	r := {"status": ladder.transport_status(node), "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": "none", "expected": "full or certificate"}}
} else := r if {
	v := settings.value(node, setting)
	not lower(trim_space(v)) in {"full", "certificate", "none"}
	msg := sprintf("%s is %q (%s), which Elasticsearch refuses; expected \"certificate\" or \"full\"", [setting, v, settings.where(node, setting)])
	r := {"status": "fail", "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": v, "expected": "full or certificate"}}
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
