# METADATA
# title: Realm secrets are secure settings, not visible through node info
# description: |
#   GET /_nodes/settings returns every setting of elasticsearch.yml except
#   SSL settings, bind_dn/bind_password and whatever
#   xpack.security.hide_settings lists. Judged per node on the realm
#   settings (xpack.security.authc.realms.*) that hold a secret (marked
#   secret by the collector, or named *password*, *secret*, *passphrase*,
#   hmac_key, hmac_jwkset) and are written in elasticsearch.yml or the
#   environment rather than the keystore: one that node info shows
#   (neither filtered by Elasticsearch nor matched by hide_settings) fails;
#   one that is hidden but still clear text on disk warns (the secure_
#   variant in the keystore is the fix). Realms without such settings pass;
#   a node with no realm settings is not applicable.
# custom:
#   id: HARD-24
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Move the secret to the keystore under its secure_ name (for example
#     bin/elasticsearch-keystore add
#     xpack.security.authc.realms.ldap.ldap1.secure_bind_password), remove it
#     from elasticsearch.yml, and list any remaining sensitive realm setting
#     in xpack.security.hide_settings. Restart or reload secure settings.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/secure-settings
package essec.checks.hardening.hard_24

import data.essec.lib
import data.essec.lib.settings

prefix := "xpack.security.authc.realms."

hide := "xpack.security.hide_settings"

realm_settings(node) := settings.settings_with_prefix(node, prefix)

secret_name(name) if regex.match(`(password|secret|passphrase|hmac_key|hmac_jwkset)`, lower(name))

secret(node, name) if node.settings[name].secret == true

secret(node, name) if secret_name(name)

plain_secrets(node) := {name |
	some name in realm_settings(node)
	secret(node, name)
}

# filtered: Elasticsearch itself keeps SSL settings, bind_dn and
# bind_password out of node info.
filtered(name) if contains(name, ".ssl.")

filtered(name) if endswith(name, ".bind_password")

filtered(name) if endswith(name, ".bind_dn")

# hidden_by_setting: a hide_settings pattern (* matches anything) covers name.
hidden_by_setting(node, name) if {
	some p in settings.items(node, hide)
	pattern := concat("", ["^", replace(replace(trim_space(p), ".", "\\."), "*", ".*"), "$"])
	regex.match(pattern, name)
}

hidden(node, name) if filtered(name)

hidden(node, name) if hidden_by_setting(node, name)

results contains lib.result_setting("fail", lib.node_setting_resource(node, name), name, msg, {"observed": "visible in node info", "expected": "a secure setting in the keystore"}) if {
	some node in lib.nodes
	some name in plain_secrets(node)
	not hidden(node, name)
	msg := sprintf("%s is a secret kept in clear text (%s) and shown by GET /_nodes/settings; expected its secure_ variant in elasticsearch.keystore, or at least an entry in %s", [name, settings.where(node, name), hide])
}

results contains lib.result_setting("warn", lib.node_setting_resource(node, name), name, msg, {"observed": "hidden, clear text on disk", "expected": "a secure setting in the keystore"}) if {
	some node in lib.nodes
	some name in plain_secrets(node)
	hidden(node, name)
	msg := sprintf("%s is hidden from node info but kept in clear text (%s); expected its secure_ variant in elasticsearch.keystore", [name, settings.where(node, name)])
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": "no clear-text realm secret", "expected": "realm secrets in the keystore"}) if {
	some node in lib.nodes
	count(realm_settings(node)) > 0
	count(plain_secrets(node)) == 0
	msg := "no realm secret is written in clear text: they are secure settings (or absent)"
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "no realm is configured in elasticsearch.yml", "evidence": {}} if {
	some node in lib.nodes
	count(realm_settings(node)) == 0
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
