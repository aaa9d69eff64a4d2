# METADATA
# title: Bootstrap checks enforced on a single production node
# description: |
#   Bootstrap checks (heap, file descriptors, mmap count, system call filter,
#   TLS, ...) stop a misconfigured node in production mode, but a single
#   node escapes them: with discovery.type single-node, or with its transport
#   on loopback, failures are only logged. Elastic "strongly encourages"
#   -Des.enforce.bootstrap.checks=true then. Judged per node when the
#   deployment has exactly one node (several nodes in the document or in
#   GET /_nodes: not applicable). The JVM option (jvm.options,
#   jvm.options.d, ES_JAVA_OPTS) passes. Without it: a node whose transport
#   and HTTP are both on loopback is a development node (not applicable);
#   discovery.type single-node on a non-loopback transport, or a loopback
#   transport with HTTP served beyond loopback (the auto-setup default),
#   warns; a non-loopback transport without single-node discovery is in
#   production mode, where the checks are enforced anyway: pass. A
#   docker-compose node that sets no host binds 0.0.0.0 (the image's
#   elasticsearch.yml). JVM options that were not read give unknown.
# custom:
#   id: HARD-23
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Add -Des.enforce.bootstrap.checks=true to a file in jvm.options.d/ (or
#     to ES_JAVA_OPTS in Docker), fix whatever bootstrap check then fails,
#     and restart the node.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
package essec.checks.hardening.hard_23

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape

flag := "-Des.enforce.bootstrap.checks=true"

single if {
	shape.shape_known
	count(lib.nodes) == 1
	not shape.multi_node
}

enforced(node) if {
	some o in lib.arr(node.jvm_options)
	trim_space(o) == flag
}

http_loopback_only(node) if {
	every x in network.effective_http_hosts(node) {
		network.host_class(x) == "loopback"
	}
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "the deployment has several nodes: they run in production mode and bootstrap checks are enforced", "evidence": {}} if {
	some node in lib.nodes
	not single
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": flag, "expected": flag}) if {
	single
	some node in lib.nodes
	enforced(node)
	msg := sprintf("the JVM options set %s", [flag])
}

results contains lib.result("unknown", lib.node_resource(node), "the node's JVM options (jvm.options, jvm.options.d, ES_JAVA_OPTS) were not read", {}) if {
	single
	some node in lib.nodes
	not is_array(object.get(node, "jvm_options", null))
}

results contains lib.result(st, lib.node_resource(node), msg, {"observed": "(absent)", "expected": flag, "mode": why}) if {
	single
	some node in lib.nodes
	is_array(object.get(node, "jvm_options", null))
	not enforced(node)
	v := verdict(node)
	st := v[0]
	why := v[1]
	msg := sprintf("%s; %s", [why, v[2]])
}

verdict(node) := ["not_applicable", "transport and HTTP bound to loopback only", "a development node"] if {
	network.effective_transport_loopback_only(node)
	http_loopback_only(node)
} else := ["warn", sprintf("transport bound to loopback but HTTP to %s", [concat(", ", network.effective_http_hosts(node))]), sprintf("the node serves clients while bootstrap checks are only logged; expected %s", [flag])] if {
	network.effective_transport_loopback_only(node)
} else := ["warn", sprintf("discovery.type is \"single-node\" (%s) with transport bound to %s", [settings.where(node, "discovery.type"), concat(", ", network.effective_transport_hosts(node))]), sprintf("bootstrap checks are only logged; expected %s", [flag])] if {
	shape.single_node_discovery(node)
} else := ["pass", "transport bound beyond loopback without single-node discovery", "production mode enforces the bootstrap checks"]

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read: whether this is a single node is unknown.
results contains shape.shape_unknown_result if not shape.multi_node
