# METADATA
# title: The token service is not enabled without HTTP TLS
# description: |
#   Bearer tokens sent over plain http can be sniffed and replayed, and a
#   production-mode node refuses to start with
#   xpack.security.authc.token.enabled true while
#   xpack.security.http.ssl.enabled is not true (the "token SSL" bootstrap
#   check). The token service defaults to the value of
#   xpack.security.http.ssl.enabled, so only an explicit true without HTTP
#   TLS fails. Judged per node from elasticsearch.yml (an absent or false
#   token setting, or HTTP TLS on, passes) and, with a live cluster, from
#   GET /_xpack/usage: security.token_service.enabled true with
#   security.ssl.http.enabled false fails.
# custom:
#   id: HTTPS-08
#   level: https
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Enable HTTP TLS (HTTPS-01), or remove the explicit
#     xpack.security.authc.token.enabled: true from elasticsearch.yml, and
#     restart the node.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.https.https_08

import data.essec.lib
import data.essec.lib.settings

token := "xpack.security.authc.token.enabled"

http_ssl := "xpack.security.http.ssl.enabled"

# A node that does not set the token service (the common case) passes in
# its own rule, built inline with its constant message; the two rules after
# it judge the nodes that set it.
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.authc.token.enabled", "message": "xpack.security.authc.token.enabled is not set: the token service follows xpack.security.http.ssl.enabled", "evidence": {"observed": {"token": "(absent)", "http_ssl": object.get(node.settings, ["xpack.security.http.ssl.enabled", "value"], "(absent)")}}} if {
	some node in lib.nodes
	not node.settings["xpack.security.authc.token.enabled"]
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, token), token, msg, {"observed": {"token": "true", "http_ssl": _ssl_value(node)}, "expected": "token service off without HTTP TLS"}) if {
	some node in lib.nodes
	node.settings["xpack.security.authc.token.enabled"]
	settings.is_true(node, token)
	not settings.is_true(node, http_ssl)
	msg := sprintf("%s is true (%s) while %s; expected HTTP TLS on, or the token service left at its default (production-mode nodes refuse to start)", [token, settings.where(node, token), _ssl_text(node)])
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, token), token, msg, {"observed": {"token": object.get(node.settings, [token, "value"], "(absent)"), "http_ssl": _ssl_value(node)}}) if {
	some node in lib.nodes
	node.settings["xpack.security.authc.token.enabled"]
	not _bad(node)
	msg := _pass_text(node)
}

_bad(node) if {
	settings.is_true(node, token)
	not settings.is_true(node, http_ssl)
}

_ssl_value(node) := object.get(node.settings, [http_ssl, "value"], "(absent)")

_ssl_text(node) := sprintf("%s is %q (%s)", [http_ssl, node.settings[http_ssl].value, settings.where(node, http_ssl)]) if settings.has_setting(node, http_ssl)

else := sprintf("%s is not set (default false)", [http_ssl])

_pass_text(node) := sprintf("%s is true (%s) and HTTP TLS is on (%s)", [token, settings.where(node, token), settings.where(node, http_ssl)]) if {
	settings.is_true(node, token)
} else := sprintf("%s is %q (%s)", [token, node.settings[token].value, settings.where(node, token)]) if {
	settings.has_setting(node, token)
} else := sprintf("%s is not set: the token service follows %s", [token, http_ssl])

# live
results contains lib.result("fail", lib.cluster_resource, "GET /_xpack/usage reports security.token_service.enabled true with security.ssl.http.enabled false; expected the token service only with HTTP TLS", {"observed": {"token_service": true, "http_ssl": false}}) if {
	u := lib.body("xpack_usage").security
	u.token_service.enabled == true
	u.ssl.http.enabled == false
}

results contains lib.result("pass", lib.cluster_resource, msg, {"observed": {"token_service": u.token_service.enabled, "http_ssl": u.ssl.http.enabled}}) if {
	u := lib.body("xpack_usage").security
	is_boolean(u.token_service.enabled)
	is_boolean(u.ssl.http.enabled)
	not _live_bad(u)
	msg := sprintf("GET /_xpack/usage reports security.token_service.enabled %v with security.ssl.http.enabled %v", [u.token_service.enabled, u.ssl.http.enabled])
}

_live_bad(u) if {
	u.token_service.enabled == true
	u.ssl.http.enabled == false
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
