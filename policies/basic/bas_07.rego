# METADATA
# title: A production-mode or multi-node cluster has transport TLS
# description: |
#   A cluster in production mode (more than one node, or a transport layer
#   bound to a non-loopback address without discovery.type single-node) that
#   runs without transport TLS has had its bootstrap checks bypassed (or is a
#   7.x trial): anyone on the network can join or eavesdrop. Judged per node
#   when the deployment is in production mode, from elasticsearch.yml: pass
#   only when transport TLS is enabled (BAS-01), key material is configured
#   (keystore.path, or key and certificate: BAS-02), verification_mode is not
#   none (BAS-03) and client_authentication of the transport and its
#   profiles is required (BAS-04); otherwise fail, listing what is missing.
#   Files and certificates are judged by BAS-02 and BAS-05, not here. Nodes of
#   the live cluster without a configuration file are judged from GET
#   /_nodes/settings (only the enabled flag is visible there), and GET
#   /_xpack/usage security.ssl.transport.enabled false fails the cluster.
#   Development mode, and a single node with single-node discovery (not
#   production mode; BAS-01 warns), are not_applicable.
# custom:
#   id: BAS-07
#   level: basic
#   severity: critical
#   component: elasticsearch
#   remediation: transport-tls
#   remediation_text: |
#     Set up transport TLS on every node as in BAS-01 (certificates from a
#     dedicated CA, xpack.security.transport.ssl.enabled: true,
#     verification_mode certificate or full, client_authentication
#     required) and restart the whole cluster. For a single production node
#     that evades bootstrap checks, add -Des.enforce.bootstrap.checks=true in
#     a jvm.options.d file (HARD-23).
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
package essec.checks.basic.bas_07

import data.essec.lib
import data.essec.lib.versions
import data.essec.lib.ladder
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

tp := tls.tp

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "development mode", "expected": "production mode"}) if {
	shape.dev_mode
}

results contains lib.result("not_applicable", lib.cluster_resource, msg, {"observed": "single-node discovery", "expected": "production mode"}) if {
	shape.judged_mode
	shape.shape_known
	not shape.production_mode
	shape.node_count > 0
	msg := "not production mode: a single node with discovery.type single-node (bootstrap checks are not enforced; BAS-01 judges its transport TLS)"
}

# A node could not be read and the nodes read do not show production mode:
# whether the production-mode checks apply is unknown.
results contains shape.shape_unknown_result if not shape.production_mode

s(name) := concat("", [tp, name])

profile_client_auth(node) := {name |
	some name in settings.settings_with_prefix(node, "transport.profiles.")
	endswith(name, ".xpack.security.ssl.client_authentication")
}

unmet(node) := {x |
	versions.security_off(node)
	x := sprintf("security is off (%s), so transport TLS is not in effect (MIN-01)", [versions.security_state(node).reason])
} | {x |
	not tls.transport_tls(node)
	x := "transport TLS is not enabled (BAS-01)"
} | {x |
	tls.transport_tls(node)
	not settings.has_setting(node, s("keystore.path"))
	not both_pem(node)
	x := "no transport key material configured (BAS-02)"
} | {x |
	tls.transport_tls(node)
	settings.lower_value(node, s("verification_mode")) == "none"
	x := sprintf("verification_mode is none (%s) (BAS-03)", [settings.where(node, s("verification_mode"))])
} | {x |
	tls.transport_tls(node)
	some name in {s("client_authentication")} | profile_client_auth(node)
	settings.lower_value(node, name) in {"optional", "none"}
	x := sprintf("%s is %s (%s) (BAS-04)", [name, settings.lower_value(node, name), settings.where(node, name)])
}

both_pem(node) if {
	settings.has_setting(node, s("key"))
	settings.has_setting(node, s("certificate"))
}

# One rule per node in production mode (results built inline), its verdict
# from verdict(node): a node with security on, transport TLS, key
# material, verification and required client authentication, and no
# transport profile, passes in a few lookups; anything else takes the full
# path (full_verdict), which gives the same answer for such a node
# (bas_07_test.rego compares them).
results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": v.message, "evidence": {"observed": v.observed, "expected": "transport TLS with key material, verification and client authentication", "production": shape.production_reason}} if {
	shape.production_mode
	some node in lib.nodes
	v := verdict(node)
}

verdict(node) := {"status": "pass", "message": _pass_message, "observed": "transport TLS complete"} if {
	complete(node)
} else := full_verdict(node)

_pass_message := sprintf("production mode (%s): transport TLS is enabled with key material, certificate verification and required client authentication", [shape.production_reason])

# complete: unmet(node) is empty and security is known to be on, in lookups
# (setting names as literals: a rule or function reference costs more).
complete(node) if {
	versions.security_on(node)
	lower(trim_space(node.settings["xpack.security.transport.ssl.enabled"].value)) == "true"
	_key_material(node)
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.verification_mode", "value"], ""))) == "none"
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.client_authentication", "value"], ""))) in {"optional", "none"}
	not strings.any_prefix_match(object.keys(node.settings), "transport.profiles.")
}

_key_material(node) if node.settings["xpack.security.transport.ssl.keystore.path"]

_key_material(node) if count(object.filter(node.settings, ["xpack.security.transport.ssl.key", "xpack.security.transport.ssl.certificate"])) == 2

full_verdict(node) := {"status": "fail", "message": msg, "observed": sort(u)} if {
	u := unmet(node)
	count(u) > 0
	msg := sprintf("production mode (%s) without complete transport TLS on %s: %s", [shape.production_reason, node.name, concat("; ", sort(u))])
} else := {"status": "pass", "message": _pass_message, "observed": "transport TLS complete"} if {
	count(unmet(node)) == 0
	not versions.security_unknown(node)
} else := {"status": "unknown", "message": msg, "observed": "transport TLS configured, security unknown"} if {
	count(unmet(node)) == 0
	versions.security_unknown(node)
	msg := sprintf("production mode (%s): transport TLS is configured on %s, but whether security (and with it TLS) is in effect is unknown: %s", [shape.production_reason, node.name, versions.security_state(node).reason])
}

# Live nodes without a configuration file: only the enabled flag is visible.
results contains lib.result("pass", {"kind": "node", "name": n.name}, msg, {"observed": "true", "expected": "true"}) if {
	shape.production_mode
	some n in shape.live_only_nodes
	lower(n.settings[s("enabled")]) == "true"
	msg := sprintf("production mode (%s): node %s reports %senabled \"true\" (GET /_nodes/settings; its other TLS settings are filtered by the API)", [shape.production_reason, n.name, tp])
}

results contains lib.result("fail", {"kind": "node", "name": n.name}, msg, {"observed": object.get(n.settings, s("enabled"), "(absent)"), "expected": "true"}) if {
	shape.production_mode
	some n in shape.live_only_nodes
	not lower(object.get(n.settings, s("enabled"), "")) == "true"
	msg := sprintf("production mode (%s): node %s runs without transport TLS (GET /_nodes/settings reports %senabled %q)", [shape.production_reason, n.name, tp, object.get(n.settings, s("enabled"), "(absent)")])
}

results contains lib.result_setting("fail", lib.cluster_resource, "security.ssl.transport.enabled", msg, {"observed": false, "expected": true}) if {
	shape.production_mode
	lib.body("xpack_usage").security.ssl.transport.enabled == false
	msg := sprintf("production mode (%s): GET /_xpack/usage reports security.ssl.transport.enabled false", [shape.production_reason])
}

results contains lib.result_setting("pass", lib.cluster_resource, "security.ssl.transport.enabled", msg, {"observed": true, "expected": true}) if {
	shape.production_mode
	lib.body("xpack_usage").security.ssl.transport.enabled == true
	msg := sprintf("production mode (%s): GET /_xpack/usage reports security.ssl.transport.enabled true", [shape.production_reason])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
