# METADATA
# title: Transport still on loopback after automatic setup (development mode)
# description: |
#   The automatic setup leaves transport.host commented out, so the node's
#   transport binds only to loopback: it runs in development mode, failed
#   bootstrap checks are only logged, and no other host can join until
#   transport.host (or network.host) is set, which switches the node to
#   production mode. This is an expectation check. Judged per node with the
#   auto-configuration block, from the effective transport bind hosts and,
#   with a live cluster, the bound transport addresses:
#   - loopback only: warn, saying what it means (tool policy: fine for a
#     lone test node, a trap for a node meant for production); pass when
#     -Des.enforce.bootstrap.checks=true is in the JVM options, which
#     enforces the checks regardless of the mode;
#   - bound to a non-loopback address: pass (production mode, or single-node
#     discovery, as the message says).
#   Nodes without the block are not_applicable.
# custom:
#   id: AUTO-06
#   level: auto-setup
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     For a single production node add -Des.enforce.bootstrap.checks=true to a
#     file in jvm.options.d (HARD-23). To let other nodes join, set
#     transport.host to the node's private address (the node then enforces
#     the bootstrap checks, which the auto-configured transport TLS passes).
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
package essec.checks.autosetup.auto_06

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.network
import data.essec.lib.shape

enforced(node) if {
	some o in object.get(node, "jvm_options", [])
	lower(trim_space(o)) == "-des.enforce.bootstrap.checks=true"
}

loopback(node) if not shape.exposed_node(node)

# (the rules below go over autosetup.autoconfigured_nodes, the nodes with
# the auto-configuration's marks, instead of testing every node)
results contains r if some r in autosetup.no_block_results

results contains lib.result("warn", lib.node_resource(node), msg, {"observed": network.transport_hosts(node), "expected": "a deliberate choice of mode"}) if {
	some node in autosetup.autoconfigured_nodes
	loopback(node)
	not enforced(node)
	msg := sprintf("transport is bound only to loopback [%s]: development mode, so failed bootstrap checks are only logged and no other host can join; set -Des.enforce.bootstrap.checks=true for production use, or transport.host to let nodes join", [concat(", ", network.transport_hosts(node))])
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": network.transport_hosts(node), "expected": "a deliberate choice of mode"}) if {
	some node in autosetup.autoconfigured_nodes
	loopback(node)
	enforced(node)
	msg := "transport is bound only to loopback, and -Des.enforce.bootstrap.checks=true enforces the bootstrap checks anyway"
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": network.transport_hosts(node), "expected": "a deliberate choice of mode"}) if {
	some node in autosetup.autoconfigured_nodes
	not loopback(node)
	msg := sprintf("transport is bound to [%s]: %s", [concat(", ", network.transport_hosts(node)), mode(node)])
}

mode(node) := "single-node discovery, so bootstrap checks are not enforced (HARD-23)" if shape.single_node_discovery(node)
else := "production mode, bootstrap checks enforced"

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
