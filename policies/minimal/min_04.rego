# METADATA
# title: Single-node cluster pins discovery.type single-node
# description: |
#   A single node that does not pin discovery.type single-node keeps looking
#   for other master-eligible nodes, so a stray node on the same network (or
#   host) can join or form a cluster with it. Not applicable to a multi-node
#   deployment: more than one node in the configuration files or reported by
#   the live cluster (GET /_nodes, GET /_cat/nodes), or a node that sets
#   discovery.seed_hosts or discovery.seed_providers (it is meant to join
#   others). For a single node, discovery.type single-node passes; any other
#   value, or none, fails, including the cluster.initial_master_nodes that
#   the 8.x automatic setup writes (Elastic's minimal-security guide asks for
#   single-node discovery). With only live evidence the node's effective
#   discovery.type comes from GET /_cluster/settings (defaults) or the node's
#   own settings.
# custom:
#   id: MIN-04
#   level: minimal
#   severity: medium
#   component: elasticsearch
#   remediation: single-node-discovery
#   remediation_text: |
#     On a node meant to stay alone add discovery.type: single-node to
#     elasticsearch.yml (and remove cluster.initial_master_nodes, which
#     single-node discovery rejects), then restart. Do not add it to a node
#     meant to join others: give those discovery.seed_hosts instead.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
package essec.checks.minimal.min_04

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.shape

setting := "discovery.type"

seeds(node) := [s |
	some name in ["discovery.seed_hosts", "discovery.seed_providers"]
	some s in settings.list(node, name)
	trim_space(s) != ""
]

# The deployment is several nodes: not applicable.
results contains lib.result("not_applicable", lib.cluster_resource, msg, {"observed": shape.node_count, "expected": 1}) if {
	shape.multi_node
	msg := sprintf("multi-node deployment (%s): single-node discovery does not apply", [shape.multi_node_reason])
}

# A node could not be read: whether the deployment is a single node is unknown.
results contains shape.shape_unknown_result if not shape.multi_node

results contains lib.result_setting("not_applicable", lib.node_resource(node), setting, msg, {"observed": seeds(node), "expected": "(unset)"}) if {
	not shape.multi_node
	some node in lib.nodes
	count(seeds(node)) > 0
	msg := sprintf("node %s sets discovery seeds [%s]: it is meant to join other nodes, so single-node discovery does not apply", [node.name, concat(", ", seeds(node))])
}

single(node) if {
	shape.shape_known
	not shape.multi_node
	count(seeds(node)) == 0
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, setting), setting, msg, {"observed": "single-node", "expected": "single-node"}) if {
	some node in lib.nodes
	single(node)
	shape.single_node_discovery(node)
	msg := sprintf("discovery.type is \"single-node\" (%s)", [settings.where(node, setting)])
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, setting), setting, msg, {"observed": node.settings[setting].value, "expected": "single-node"}) if {
	some node in lib.nodes
	single(node)
	settings.has_setting(node, setting)
	not shape.single_node_discovery(node)
	msg := sprintf("discovery.type is %q (%s) on a single-node deployment; expected \"single-node\"", [node.settings[setting].value, settings.where(node, setting)])
}

results contains lib.result_setting("fail", lib.node_resource(node), setting, msg, {"observed": "(absent)", "expected": "single-node"}) if {
	some node in lib.nodes
	single(node)
	not settings.has_setting(node, setting)
	msg := sprintf("discovery.type is not set on the only node%s; expected \"single-node\" (or discovery.seed_hosts if more nodes will join)", [imn_note(node)])
}

imn_note(node) := sprintf(" (cluster.initial_master_nodes is set at %s, as the automatic setup writes it)", [settings.where(node, "cluster.initial_master_nodes")]) if {
	settings.has_setting(node, "cluster.initial_master_nodes")
} else := ""

# ---------------------------------------------------------------- live only

live_value := v if {
	v := lib.body("cluster_settings").defaults["discovery.type"]
} else := v if {
	v := shape.live_nodes[0].settings["discovery.type"]
} else := "multi-node" if {
	# GET /_nodes shows only explicitly set values: absent means the default.
	count(shape.live_nodes) == 1
}

live_seeds := [s |
	some s in object.get(object.get(lib.body("cluster_settings"), "defaults", {}), "discovery.seed_hosts", [])
	s != ""
]

live_single if {
	count(lib.nodes) == 0
	shape.live_node_count == 1
	not shape.multi_node
}

results contains lib.result_setting("pass", lib.cluster_resource, setting, "the live cluster has one node and reports discovery.type \"single-node\" (GET /_cluster/settings or /_nodes)", {"observed": "single-node", "expected": "single-node"}) if {
	live_single
	count(live_seeds) == 0
	lower(live_value) == "single-node"
}

results contains lib.result_setting("fail", lib.cluster_resource, setting, msg, {"observed": live_value, "expected": "single-node"}) if {
	live_single
	count(live_seeds) == 0
	lower(live_value) != "single-node"
	msg := sprintf("the live cluster has one node and reports discovery.type %q; expected \"single-node\"", [live_value])
}

results contains lib.result_setting("not_applicable", lib.cluster_resource, setting, msg, {"observed": live_seeds, "expected": "(unset)"}) if {
	live_single
	count(live_seeds) > 0
	msg := sprintf("the live node has discovery.seed_hosts [%s]: it is meant to join others", [concat(", ", live_seeds)])
}

results contains lib.result_setting("unknown", lib.cluster_resource, setting, msg, {"observed": "(unknown)", "expected": "single-node"}) if {
	live_single
	not live_value
	msg := sprintf("the live cluster has one node but its discovery.type is unknown: %s", [lib.call_error("cluster_settings")])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
