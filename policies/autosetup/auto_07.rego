# METADATA
# title: Enrollment left enabled after initial setup
# description: |
#   xpack.security.enrollment.enabled lets enrollment tokens add nodes and
#   Kibana instances to the cluster. The automatic setup writes true; the
#   default is false. Judged per node from elasticsearch.yml:
#   - true: warn (tool policy, not an Elastic requirement: tokens are valid
#     30 minutes and creating one needs local file-realm access on a node, so
#     the risk is limited; switch it off once every node and Kibana has
#     enrolled);
#   - false, or absent on a node with the auto-configuration block (the
#     default is false): pass;
#   - absent without the block, or a 7.x deployment (no enrollment), is
#     not_applicable.
# custom:
#   id: AUTO-07
#   level: auto-setup
#   severity: low
#   component: elasticsearch
#   remediation: enrollment-off
#   remediation_text: |
#     Once every node and Kibana instance has enrolled, set
#     xpack.security.enrollment.enabled: false on every node and restart them
#     one at a time. Set it back to true temporarily to enroll new members.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.autosetup.auto_07

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.settings
import data.essec.lib.versions

setting := "xpack.security.enrollment.enabled"

v7 if versions.major < 8

results contains lib.result_setting("not_applicable", lib.cluster_resource, setting, msg, {"observed": input.deployment.version, "expected": "8.0 or later"}) if {
	v7
	msg := sprintf("Elasticsearch %s has no enrollment (introduced in 8.0)", [input.deployment.version])
}

# One rule over the nodes, each node's result from _node_result, one branch
# per case (the cases exclude each other; results built inline,
# node_setting_resource and settings.is_true written out; a setting value
# is always a string in the input document).
results contains r if {
	not v7
	some node in lib.nodes
	r := _node_result(node)
}

_node_result(node) := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}, "setting": "xpack.security.enrollment.enabled", "message": msg, "evidence": {"observed": s.value, "expected": "false after setup"}} if {
	s := node.settings["xpack.security.enrollment.enabled"]
	is_string(s.value)
	lower(trim_space(s.value)) != "true"
	msg := sprintf("%s is %q (%s)", [setting, s.value, settings.where(node, setting)])
} else := {"status": "warn", "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": "true", "expected": "false after setup"}} if {
	settings.is_true(node, setting)
	msg := sprintf("%s is \"true\" (%s): once every node and Kibana instance has enrolled, set it to false", [setting, settings.where(node, setting)])
} else := {"status": "pass", "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": settings.value(node, setting), "expected": "false after setup"}} if {
	settings.has_setting(node, setting)
	not settings.is_true(node, setting)
	msg := sprintf("%s is %q (%s)", [setting, settings.value(node, setting), settings.where(node, setting)])
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "(absent)", "expected": "false after setup"}} if {
	not settings.has_setting(node, setting)
	autosetup.autoconfigured(node)
	msg := sprintf("%s is not set: enrollment is off (the default)", [setting])
} else := {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "(absent)", "expected": "false after setup"}} if {
	not settings.has_setting(node, setting)
	not autosetup.autoconfigured(node)
	msg := sprintf("%s is not set and %s", [setting, autosetup.no_block_reason])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
