# METADATA
# title: No plain-text TLS passwords in elasticsearch.yml
# description: |
#   Passwords in elasticsearch.yml are readable by anyone who can read the
#   configuration (backups, tickets, repositories). The plain-text variants
#   keystore.password, keystore.key_password, truststore.password and
#   key_passphrase are deprecated since 7.17 in favour of the secure_ settings
#   kept in elasticsearch.keystore. Judged per node for the transport, HTTP,
#   remote_cluster_server and remote_cluster_client TLS contexts and every
#   transport profile: each plain-text password setting present in YAML (or
#   a compose environment) fails, naming the setting and where it is, never
#   its value; if its secure_ twin is also in the keystore the message says
#   Elasticsearch refuses the pair. None present passes, listing the secure
#   settings found in a readable keystore. Not applicable in development mode
#   (as every basic check), although the fix is worthwhile there too.
# custom:
#   id: BAS-06
#   level: basic
#   severity: high
#   component: elasticsearch
#   remediation: tls-password-keystore
#   remediation_text: |
#     For each setting named: bin/elasticsearch-keystore add
#     <prefix>.keystore.secure_password (or secure_key_password,
#     truststore.secure_password, secure_key_passphrase), delete the plain
#     line from elasticsearch.yml and restart the node. Rotate the password
#     if the file was shared.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/secure-settings
package essec.checks.basic.bas_06

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape

pattern := `^(xpack\.security\.(transport|http|remote_cluster_server|remote_cluster_client)\.ssl|transport\.profiles\.[^.]+\.xpack\.security\.ssl)\.(keystore\.password|keystore\.key_password|truststore\.password|key_passphrase)$`

twin := {
	"keystore.password": "keystore.secure_password",
	"keystore.key_password": "keystore.secure_key_password",
	"truststore.password": "truststore.secure_password",
	"key_passphrase": "secure_key_passphrase",
}

# Every name the pattern matches ends in "password" or "passphrase": one
# builtin over the names answers a node that sets none, instead of a regex
# per setting.
plain(node) := set() if {
	not strings.any_suffix_match(object.keys(node.settings), ["password", "passphrase"])
} else := {name |
	some name, _ in node.settings
	regex.match(pattern, name)
}

secure_name(name) := concat("", [trim_suffix(name, suffix), twin[suffix]]) if {
	some suffix, _ in twin
	endswith(name, concat("", [".", suffix]))
	not longer_suffix(name, suffix)
}

# keystore.key_password also ends with "key_password"; prefer the longest match.
longer_suffix(name, suffix) if {
	some other, _ in twin
	other != suffix
	endswith(other, suffix)
	endswith(name, concat("", [".", other]))
}

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

results contains lib.result("not_applicable", lib.node_resource(node), ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

both_note(node, name) := sprintf("; %s is also in the keystore, a pair Elasticsearch refuses", [secure_name(name)]) if {
	keystores.has(node, secure_name(name))
} else := ""

results contains lib.result_setting("fail", lib.node_setting_resource(node, name), name, msg, {"observed": "plain-text password in YAML", "expected": secure_name(name)}) if {
	shape.judged_mode
	some node in lib.nodes
	some name in plain(node)
	msg := sprintf("%s is set in %s (a plain-text password, deprecated since 7.17); expected %s in elasticsearch.keystore%s", [name, settings.where(node, name), secure_name(name), both_note(node, name)])
}

secure_entries(node) := [e |
	keystores.readable(node)
	some e in node.keystore.entries
	contains(e, ".ssl.")
	contains(e, "secure_")
]

# A node without a keystore has no secure entries to list: its pass is
# built inline with the constant message (the common case); the rule after
# it judges the others.
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "no plain-text TLS password setting in the configuration", "evidence": {"observed": [], "expected": "no plain-text TLS passwords"}} if {
	shape.judged_mode
	some node in lib.nodes
	node.keystore.present == false
	count(plain(node)) == 0
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": secure_entries(node), "expected": "no plain-text TLS passwords"}) if {
	shape.judged_mode
	some node in lib.nodes
	not node.keystore.present == false
	count(plain(node)) == 0
	msg := sprintf("no plain-text TLS password setting in the configuration%s", [secure_note(node)])
}

secure_note(node) := sprintf("; secure settings in the keystore: [%s]", [concat(", ", sort(secure_entries(node)))]) if {
	count(secure_entries(node)) > 0
} else := ""

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
