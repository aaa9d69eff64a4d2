# METADATA
# title: Transport TLS enabled on every node
# description: |
#   Without transport TLS an attacker on the network reads and alters the
#   traffic between nodes and, able to open a transport connection, calls
#   internal APIs. xpack.security.transport.ssl.enabled defaults to false in
#   every version (only the 8.x automatic setup writes true), so an absent
#   setting fails. Judged per node from elasticsearch.yml; with a live
#   cluster also from GET /_xpack/usage security.ssl.transport.enabled (the
#   node answering the request) and, for nodes without a configuration file,
#   from GET /_nodes/settings (the enabled flag is not filtered there).
#   Not applicable in development mode (a single node whose transport binds
#   only to loopback). A single node with discovery.type single-node bound to
#   a non-loopback address gets warn instead of fail: bootstrap checks do not
#   stop it, but Elastic still recommends transport TLS.
# custom:
#   id: BAS-01
#   level: basic
#   severity: critical
#   component: elasticsearch
#   remediation: transport-tls
#   remediation_text: |
#     Create a CA (bin/elasticsearch-certutil ca), issue node certificates
#     (bin/elasticsearch-certutil cert --ca elastic-stack-ca.p12), copy them to
#     every node's config directory and set
#     xpack.security.transport.ssl.enabled: true,
#     verification_mode: certificate, client_authentication: required,
#     keystore.path and truststore.path; put the PKCS#12 passwords in
#     elasticsearch.keystore (xpack.security.transport.ssl.keystore.secure_password,
#     truststore.secure_password). Full cluster restart: TLS and non-TLS
#     nodes cannot talk to each other.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.basic.bas_01

import data.essec.lib
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls
import data.essec.lib.versions

setting := "xpack.security.transport.ssl.enabled"

results contains lib.result_setting("not_applicable", lib.node_resource(node), setting, ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

results contains lib.result_setting("not_applicable", lib.cluster_resource, setting, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

# One rule over the judged nodes, each node's result from node_result, one
# branch per case (the cases exclude each other; results built inline,
# node_setting_resource and tls.transport_tls written out).
results contains r if {
	shape.judged_mode
	some node in lib.nodes
	r := node_result(node)
}

node_result(node) := {"status": "pass", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true", "expected": "true"}} if {
	s := node.settings["xpack.security.transport.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_on(node)
	msg := sprintf("%s is \"true\" (%s)", [setting, settings.where(node, setting)])
} else := r if {
	# TLS is only in effect when security is: with security off (explicitly,
	# by default before 8.0, or through the licence) the ssl settings do
	# nothing.
	s := node.settings["xpack.security.transport.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_off(node)
	msg := sprintf("%s is \"true\" (%s) but security is off (%s), so transport TLS is not in effect; expected security on with transport TLS%s", [setting, settings.where(node, setting), versions.security_state(node).reason, ladder.relaxed_note(node)])
	r := {"status": ladder.transport_status(node), "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true, security off", "expected": "true with security on"}}
} else := {"status": "unknown", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true, security unknown", "expected": "true with security on"}} if {
	s := node.settings["xpack.security.transport.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_unknown(node)
	msg := sprintf("%s is \"true\" (%s) but whether security (and with it TLS) is in effect is unknown: %s", [setting, settings.where(node, setting), versions.security_state(node).reason])
} else := r if {
	s := node.settings["xpack.security.transport.ssl.enabled"]
	not tls.transport_tls(node)
	msg := sprintf("%s is %q (%s); expected \"true\"%s", [setting, s.value, settings.where(node, setting), ladder.relaxed_note(node)])
	r := {"status": ladder.transport_status(node), "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": s.value, "expected": "true"}}
} else := r if {
	not node.settings["xpack.security.transport.ssl.enabled"]
	msg := sprintf("%s is not set, so transport TLS is off (the default is false); expected \"true\"%s", [setting, ladder.relaxed_note(node)])
	r := {"status": ladder.transport_status(node), "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "(absent)", "expected": "true"}}
}

_set_resource(node, s) := {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}

# Nodes of the live cluster whose configuration was not read.
results contains lib.result_setting("pass", {"kind": "node", "name": n.name}, setting, msg, {"observed": "true", "expected": "true"}) if {
	shape.judged_mode
	some n in shape.live_only_nodes
	lower(n.settings[setting]) == "true"
	msg := sprintf("node %s reports %s \"true\" (GET /_nodes/settings)", [n.name, setting])
}

results contains lib.result_setting("fail", {"kind": "node", "name": n.name}, setting, msg, {"observed": object.get(n.settings, setting, "(absent)"), "expected": "true"}) if {
	shape.judged_mode
	some n in shape.live_only_nodes
	not lower(object.get(n.settings, setting, "")) == "true"
	msg := sprintf("node %s reports %s %q (GET /_nodes/settings; absent means false); expected \"true\"", [n.name, setting, object.get(n.settings, setting, "(absent)")])
}

# The usage API reflects the node that answered the request.
usage_setting := "security.ssl.transport.enabled"

usage := lib.body("xpack_usage").security.ssl.transport.enabled

cluster_status := "warn" if {
	not shape.multi_node
	count(lib.nodes) == 1
	ladder.relaxed(lib.nodes[0])
} else := "warn" if {
	not shape.multi_node
	count(lib.nodes) == 0
	shape.live_single_node_discovery(shape.live_nodes[0])
} else := "fail"

results contains lib.result_setting("pass", lib.cluster_resource, usage_setting, "GET /_xpack/usage reports security.ssl.transport.enabled true", {"observed": true, "expected": true}) if {
	shape.judged_mode
	usage == true
	not versions.live_security_off
}

results contains lib.result_setting(cluster_status, lib.cluster_resource, usage_setting, "GET /_xpack/usage reports security.ssl.transport.enabled true but security.enabled false: transport TLS is not in effect; expected security on", {"observed": "ssl true, security false", "expected": true}) if {
	shape.judged_mode
	usage == true
	versions.live_security_off
}

results contains lib.result_setting(cluster_status, lib.cluster_resource, usage_setting, "GET /_xpack/usage reports security.ssl.transport.enabled false; expected true", {"observed": false, "expected": true}) if {
	shape.judged_mode
	usage == false
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
