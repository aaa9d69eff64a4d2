# METADATA
# title: Client-certificate authentication configured where a PKI realm relies on it
# description: |
#   A PKI realm authenticates REST clients by their TLS client certificate,
#   which Elasticsearch only asks for when xpack.security.http.ssl is
#   enabled with client_authentication optional or required (default none).
#   Judged per node: no enabled PKI realm (xpack.security.authc.realms.pki.*,
#   enabled unless .enabled is false) is not applicable; a PKI realm with
#   HTTP TLS and client_authentication optional or required passes; a PKI
#   realm whose every instance has delegation.enabled true passes (Kibana
#   or a proxy terminates the client's TLS and delegates the chain through
#   the delegate_pki API); otherwise the realm cannot see any client
#   certificate on the REST layer: fail. Tool policy: transport-layer PKI
#   (transport clients) no longer exists in 8.x, so the transport's
#   required client authentication does not count.
# custom:
#   id: HARD-05
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Enable HTTP TLS and set xpack.security.http.ssl.client_authentication:
#     optional (required only if every client has a certificate) with
#     certificate_authorities that sign the client certificates, or enable
#     delegation.enabled on the PKI realm when Kibana authenticates the
#     users. Remove PKI realms that are not used.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/kibana-es-mutual-tls
package essec.checks.hardening.hard_05

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.tls

prefix := "xpack.security.authc.realms.pki."

client_auth := "xpack.security.http.ssl.client_authentication"

pki_realms(node) := {r |
	some name in settings.settings_with_prefix(node, prefix)
	r := split(trim_prefix(name, prefix), ".")[0]
	not settings.is_false(node, concat("", [prefix, r, ".enabled"]))
}

delegated(node, r) if settings.is_true(node, concat("", [prefix, r, ".delegation.enabled"]))

http_client_certs(node) if {
	tls.http_tls(node)
	settings.lower_value(node, client_auth) in {"optional", "required"}
}

all_delegated(node) if {
	every r in pki_realms(node) {
		delegated(node, r)
	}
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "no PKI realm is enabled on this node", "evidence": {}} if {
	some node in lib.nodes
	count(pki_realms(node)) == 0
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, client_auth), client_auth, msg, {"observed": settings.value(node, client_auth), "expected": "optional or required"}) if {
	some node in lib.nodes
	count(pki_realms(node)) > 0
	http_client_certs(node)
	msg := sprintf("PKI realm %s: HTTP TLS asks clients for certificates (%s is %q, %s)", [lib.names(pki_realms(node)), client_auth, settings.value(node, client_auth), settings.where(node, client_auth)])
}

results contains lib.result_setting("pass", lib.node_resource(node), client_auth, msg, {"observed": "delegation.enabled true", "expected": "optional or required, or delegation"}) if {
	some node in lib.nodes
	count(pki_realms(node)) > 0
	not http_client_certs(node)
	all_delegated(node)
	msg := sprintf("PKI realm %s uses delegation (delegation.enabled true): the client's certificate chain comes through the delegate_pki API", [lib.names(pki_realms(node))])
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, client_auth), client_auth, msg, {"observed": {"client_authentication": ca, "http_ssl_enabled": tls}, "expected": "HTTP TLS with client_authentication optional or required"}) if {
	some node in lib.nodes
	count(pki_realms(node)) > 0
	not http_client_certs(node)
	not all_delegated(node)
	ca := settings.value_or(node, client_auth, "none")
	tls := settings.value_or(node, "xpack.security.http.ssl.enabled", "false")
	msg := sprintf("PKI realm %s is enabled but no client certificate reaches it: xpack.security.http.ssl.enabled is %q and %s is %q; expected HTTP TLS with client_authentication optional or required, or delegation.enabled", [lib.names(pki_realms(node)), tls, client_auth, ca])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
