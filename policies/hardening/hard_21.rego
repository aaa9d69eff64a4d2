# METADATA
# title: Remote cluster connections use TLS with verification
# description: |
#   Cross-cluster search and replication connect clusters to each other.
#   Judged per node. Server side: with remote_cluster_server.enabled true,
#   xpack.security.remote_cluster_server.ssl.enabled false fails (default
#   true) and verification_mode none fails. Client side, for every remote
#   cluster alias configured in elasticsearch.yml or in the persistent/
#   transient cluster settings (cluster.remote.<alias>.seeds or
#   .proxy_address): an alias with cluster.remote.<alias>.credentials in
#   the keystore uses the API-key model over the remote cluster port, and
#   needs xpack.security.remote_cluster_client.ssl.enabled not false and a
#   verification_mode other than none; an alias without credentials uses
#   the certificate model over the transport port, and needs transport TLS
#   with verification. When the keystore could not be read, the model is
#   unknown: the alias passes only if both models' conditions hold, else
#   unknown. A node with no remote cluster at all is not applicable.
# custom:
#   id: HARD-21
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Keep xpack.security.remote_cluster_server.ssl.enabled and
#     xpack.security.remote_cluster_client.ssl.enabled at true with
#     verification_mode full or certificate; for certificate-based remote
#     clusters enable transport TLS on both clusters and trust each other's
#     CA. Restart the nodes.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/networking-settings
package essec.checks.hardening.hard_21

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.settings
import data.essec.lib.tls

server_ssl := "xpack.security.remote_cluster_server.ssl.enabled"

server_vm := "xpack.security.remote_cluster_server.ssl.verification_mode"

client_ssl := "xpack.security.remote_cluster_client.ssl.enabled"

client_vm := "xpack.security.remote_cluster_client.ssl.verification_mode"

transport_vm := "xpack.security.transport.ssl.verification_mode"

aliases_of(obj) := {parts[2] |
	some name in settings.settings_with_prefix(obj, "cluster.remote.")
	parts := split(name, ".")
	count(parts) == 4
	parts[3] in {"seeds", "proxy_address"}
	count([x | some x in settings.items(obj, name); trim_space(x) != ""]) > 0
}

live_aliases := aliases_of(settings.live_dynamic) if settings.live_dynamic
else := set()

aliases(node) := aliases_of(node) | live_aliases

server_on(node) if settings.is_true(node, "remote_cluster_server.enabled")

# is_none wraps the comparison: "not f(x) == v" is undefined, not true,
# when f(x) is undefined.
is_none(node, name) if settings.lower_value(node, name) == "none"

# ---------------------------------------------------------------- server

results contains lib.result_setting("fail", lib.node_setting_resource(node, server_ssl), "remote_cluster_server", msg, {"observed": "false", "expected": "true"}) if {
	some node in lib.nodes
	lower(trim_space(node.settings["remote_cluster_server.enabled"].value)) == "true" # server_on, written out
	settings.is_false(node, server_ssl)
	msg := sprintf("remote_cluster_server.enabled is \"true\" but %s is \"false\" (%s): remote clusters connect in clear text; expected \"true\"", [server_ssl, settings.where(node, server_ssl)])
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, server_vm), "remote_cluster_server", msg, {"observed": "none", "expected": "full or certificate"}) if {
	some node in lib.nodes
	lower(trim_space(node.settings["remote_cluster_server.enabled"].value)) == "true" # server_on, written out
	not settings.is_false(node, server_ssl)
	settings.lower_value(node, server_vm) == "none"
	msg := sprintf("%s is \"none\" (%s); expected certificate verification", [server_vm, settings.where(node, server_vm)])
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, server_ssl), "remote_cluster_server", msg, {"observed": settings.value_or(node, server_ssl, "(default true)"), "expected": "true"}) if {
	some node in lib.nodes
	lower(trim_space(node.settings["remote_cluster_server.enabled"].value)) == "true" # server_on, written out
	not settings.is_false(node, server_ssl)
	not is_none(node, server_vm)
	msg := sprintf("the remote cluster server uses TLS (%s is %s)", [server_ssl, settings.value_or(node, server_ssl, "not set, default true")])
}

# ---------------------------------------------------------------- clients

api_model(node, a) if keystores.has(node, sprintf("cluster.remote.%s.credentials", [a]))

model_known(node) if keystores.readable(node)

model_known(node) if lib.obj(object.get(node, "keystore", {})).present == false

api_ok(node) if {
	not settings.is_false(node, client_ssl)
	not is_none(node, client_vm)
}

cert_ok(node) if {
	tls.transport_tls(node)
	not is_none(node, transport_vm)
}

api_problem(node) := sprintf("%s is \"false\" (%s)", [client_ssl, settings.where(node, client_ssl)]) if settings.is_false(node, client_ssl)
else := sprintf("%s is \"none\" (%s)", [client_vm, settings.where(node, client_vm)])

cert_problem(node) := sprintf("%s is \"none\" (%s)", [transport_vm, settings.where(node, transport_vm)]) if tls.transport_tls(node)
else := "transport TLS is not enabled"

alias_setting(a) := sprintf("cluster.remote.%s", [a])

alias_resource(node, a) := lib.node_setting_resource(node, sprintf("cluster.remote.%s.seeds", [a])) if settings.has_setting(node, sprintf("cluster.remote.%s.seeds", [a]))
else := lib.node_setting_resource(node, sprintf("cluster.remote.%s.proxy_address", [a]))

verdict(node, a) := ["pass", "API-key model; the remote cluster client uses TLS with verification"] if {
	api_model(node, a)
	api_ok(node)
} else := ["fail", sprintf("API-key model, but %s; expected TLS with verification", [api_problem(node)])] if {
	api_model(node, a)
} else := ["pass", "certificate model; transport TLS with verification"] if {
	model_known(node)
	cert_ok(node)
} else := ["fail", sprintf("certificate model (no cluster.remote.%s.credentials in the keystore), but %s; expected transport TLS with verification", [a, cert_problem(node)])] if {
	model_known(node)
} else := ["pass", "TLS with verification on both the transport and the remote cluster client"] if {
	api_ok(node)
	cert_ok(node)
} else := ["unknown", "the keystore could not be read, so whether it uses API-key credentials (remote cluster client TLS) or certificates (transport TLS) is unknown, and one of them lacks TLS or verification"]

results contains lib.result_setting(v[0], alias_resource(node, a), alias_setting(a), msg, {"alias": a}) if {
	some node in lib.nodes
	some a in aliases(node)
	v := verdict(node, a)
	msg := sprintf("remote cluster %q: %s", [a, v[1]])
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "no remote cluster is configured and the remote cluster server is off", "evidence": {}} if {
	some node in lib.nodes
	count(aliases(node)) == 0
	not server_on(node)
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
