# METADATA
# title: Elasticsearch does not run as root
# description: |
#   Running as root would let an exploited JVM do anything on the host.
#   Elasticsearch refuses to start as root, with no override since 5.0
#   (elastic/elasticsearch PR #18694 removed es.insecure.allow.root), so a
#   running node runs as an unprivileged account; packages and the Docker
#   image use the elasticsearch user (uid 1000 in Docker). Judged per node
#   from what the files say. A docker-compose service with user root, 0 or
#   0:<gid> fails: the container's processes start as root (Elastic's
#   entrypoint then drops to uid 1000 for the JVM, but anything else in the
#   container runs as root). A JVM option -Des.insecure.allow.root=true
#   warns (tool policy): it has no effect since 5.0, but it shows an
#   attempt to run as root and should go. Otherwise pass, naming the
#   evidence: the compose user or the image default, or, outside
#   containers, Elasticsearch's refusal to start as root.
# custom:
#   id: HARD-26
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Remove user: root from the compose service (the image's default user
#     elasticsearch, uid 1000, is right; fix bind-mount ownership with
#     chown 1000:0 instead), and remove -Des.insecure.allow.root from the JVM
#     options. Outside containers run the service as the elasticsearch user
#     (systemd User=elasticsearch).
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-endpoints
#     - https://github.com/elastic/elasticsearch/pull/18694
package essec.checks.hardening.hard_26

import data.essec.lib

root_user(u) if lower(trim_space(u)) in {"root", "0"}

root_user(u) if {
	parts := split(trim_space(u), ":")
	count(parts) == 2
	lower(parts[0]) in {"root", "0"}
}

compose_user(node) := trim_space(object.get(node.compose, "user", ""))

allow_root(node) := o if {
	some o in lib.arr(object.get(node, "jvm_options", []))
	startswith(trim_space(o), "-Des.insecure.allow.root")
}

results contains lib.result_setting("fail", lib.node_resource(node), "user", msg, {"observed": u, "expected": "a non-root user (the image default elasticsearch, uid 1000)"}) if {
	some node in lib.nodes
	u := compose_user(node)
	root_user(u)
	msg := sprintf("compose service %s runs as user %q (%s); expected a non-root user", [node.compose.service, u, node.compose.file])
}

results contains lib.result_setting("pass", lib.node_resource(node), "user", msg, {"observed": u, "expected": "a non-root user"}) if {
	some node in lib.nodes
	u := compose_user(node)
	u != ""
	not root_user(u)
	msg := sprintf("compose service %s runs as user %q (%s)", [node.compose.service, u, node.compose.file])
}

results contains lib.result_setting("pass", lib.node_resource(node), "user", msg, {"observed": "(image default)", "expected": "a non-root user"}) if {
	some node in lib.nodes
	compose_user(node) == ""
	msg := sprintf("compose service %s sets no user: Elastic's image runs as elasticsearch (uid 1000) (%s)", [node.compose.service, node.compose.file])
}

# (the result and its resource written out: a call per node costs more than the object)
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "user", "message": msg, "evidence": {"observed": "not root", "expected": "a non-root user"}} if {
	some node in lib.nodes
	object.get(node, "compose", null) == null
	msg := "Elasticsearch refuses to start as root (no override since 5.0), so a running node uses an unprivileged account"
}

results contains lib.result_setting("warn", lib.node_resource(node), "es.insecure.allow.root", msg, {"observed": o, "expected": "absent"}) if {
	some node in lib.nodes
	o := allow_root(node)
	msg := sprintf("JVM option %q is set: it has had no effect since Elasticsearch 5.0, but shows an attempt to run as root; remove it", [o])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
