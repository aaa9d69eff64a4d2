# METADATA
# title: cluster.initial_master_nodes removed once the cluster formed
# description: |
#   cluster.initial_master_nodes only matters for the very first election;
#   left in place it can make a restarted node bootstrap a second cluster
#   (for example after its data path is lost), and Elastic asks for its
#   removal once the cluster has formed. The automatic setup writes it
#   (["<node.name>"] or ["${HOSTNAME}"]). Judged per node from
#   elasticsearch.yml:
#   - the setting present on a cluster known to have formed (GET / reports a
#     cluster_uuid other than _na_) fails;
#   - present without that evidence warns (tool policy: an audited
#     configuration almost always belongs to a running cluster, but essec
#     cannot prove it without --url);
#   - absent passes on a node with the auto-configuration block; a node
#     without the block and without the setting is not_applicable.
#   Nodes of the live cluster without a configuration file are judged from
#   GET /_nodes/settings.
# custom:
#   id: AUTO-05
#   level: auto-setup
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Delete cluster.initial_master_nodes from elasticsearch.yml on every node
#     once the cluster has formed; it takes effect at the next restart.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
package essec.checks.autosetup.auto_05

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.settings
import data.essec.lib.shape

setting := "cluster.initial_master_nodes"

uuid := lib.body("root").cluster_uuid

formed if {
	is_string(uuid)
	not uuid in {"", "_na_"}
}

# One rule over the nodes, each node's result from _node_result (results
# built inline, the messages that do not depend on the node built once).
results contains r if {
	some node in lib.nodes
	r := _node_result(node)
}

_node_result(node) := {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "cluster.initial_master_nodes", "message": _na_message, "evidence": {"observed": "(absent)", "expected": "(absent)"}} if {
	not node.settings["cluster.initial_master_nodes"]
	not autosetup.autoconfigured(node)
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "cluster.initial_master_nodes", "message": "cluster.initial_master_nodes is not set", "evidence": {"observed": "(absent)", "expected": "(absent)"}} if {
	not node.settings["cluster.initial_master_nodes"]
	autosetup.autoconfigured(node)
} else := {"status": "fail", "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": settings.list(node, setting), "expected": "(absent)", "cluster_uuid": uuid}} if {
	settings.has_setting(node, setting)
	formed
	msg := sprintf("%s is [%s] (%s) but the cluster has formed (cluster_uuid %s, GET /); expected it removed", [setting, concat(", ", settings.list(node, setting)), settings.where(node, setting), uuid])
} else := {"status": "warn", "resource": lib.node_setting_resource(node, setting), "setting": setting, "message": msg, "evidence": {"observed": settings.list(node, setting), "expected": "(absent) once the cluster formed"}} if {
	settings.has_setting(node, setting)
	not formed
	msg := sprintf("%s is [%s] (%s): remove it once the cluster has formed (not confirmed: pass --url)", [setting, concat(", ", settings.list(node, setting)), settings.where(node, setting)])
}

_na_message := sprintf("%s is not set and %s", [setting, autosetup.no_block_reason])

results contains lib.result_setting("fail", {"kind": "node", "name": n.name}, setting, msg, {"observed": n.settings[setting], "expected": "(absent)"}) if {
	formed
	some n in shape.live_only_nodes
	n.settings[setting]
	msg := sprintf("node %s still runs with %s [%s] (GET /_nodes/settings) although the cluster has formed; expected it removed", [n.name, setting, n.settings[setting]])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
