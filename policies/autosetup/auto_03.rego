# METADATA
# title: Keystore holds the passwords of the auto-generated TLS files
# description: |
#   The automatic setup protects certs/http.p12 and certs/transport.p12 with
#   random passwords it stores in elasticsearch.keystore
#   (xpack.security.http.ssl.keystore.secure_password and, with the same
#   value, xpack.security.transport.ssl.keystore.secure_password and
#   truststore.secure_password). Without them the node does not start. Judged
#   per node with the auto-configuration block: each entry is needed when its
#   path setting points under certs/, unless the file was opened with an
#   empty password (password_source "none"). A readable keystore missing a
#   needed entry, or no keystore at all, fails; a password-protected or
#   unreadable keystore is unknown. Nodes without the block are
#   not_applicable.
# custom:
#   id: AUTO-03
#   level: auto-setup
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Add the missing entries with bin/elasticsearch-keystore add <name>
#     (the PKCS#12 files' passwords); if they are lost, re-run the setup
#     (bin/elasticsearch-reconfigure-node on deb/rpm) or issue new
#     certificates with known passwords.
#   requires: [K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
package essec.checks.autosetup.auto_03

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.keystores
import data.essec.lib.settings
import data.essec.lib.tls

pairs := [
	[concat("", [tls.hp, "keystore.path"]), concat("", [tls.hp, "keystore.secure_password"])],
	[concat("", [tls.tp, "keystore.path"]), concat("", [tls.tp, "keystore.secure_password"])],
	[concat("", [tls.tp, "truststore.path"]), concat("", [tls.tp, "truststore.secure_password"])],
]

empty_password(node, setting) if {
	some m in object.get(node, "tls_material", [])
	m.setting == setting
	m.password_source == "none"
}

needed(node) := {entry |
	some pair in pairs
	autosetup.under_certs(settings.value(node, pair[0]))
	not empty_password(node, pair[0])
	entry := pair[1]
}

missing(node) := {e | some e in needed(node); not keystores.has(node, e)}

# (the rules below go over autosetup.autoconfigured_nodes, the nodes with
# the auto-configuration's marks, instead of testing every node)
results contains r if some r in autosetup.no_block_results

results contains lib.result("fail", keystores.resource(node), msg, {"observed": "missing", "expected": sort(needed(node))}) if {
	some node in autosetup.autoconfigured_nodes
	keystores.readable(node)
	count(missing(node)) > 0
	msg := sprintf("%s lacks [%s], the passwords of the auto-generated TLS files: the node cannot open them", [keystores.name(node), concat(", ", sort(missing(node)))])
}

results contains lib.result("fail", keystores.resource(node), msg, {"observed": "no keystore", "expected": sort(needed(node))}) if {
	some node in autosetup.autoconfigured_nodes
	keystores.absent(node)
	count(needed(node)) > 0
	msg := sprintf("node %s has no elasticsearch.keystore, but the auto-generated TLS files need [%s]", [node.name, concat(", ", sort(needed(node)))])
}

results contains lib.result("pass", keystores.resource(node), msg, {"observed": sort(needed(node)), "expected": sort(needed(node))}) if {
	some node in autosetup.autoconfigured_nodes
	keystores.known(node)
	count(missing(node)) == 0
	msg := pass_msg(node)
}

pass_msg(node) := sprintf("%s holds [%s]", [keystores.name(node), concat(", ", sort(needed(node)))]) if count(needed(node)) > 0
else := "the auto-generated TLS files open without a password; no keystore entry is needed"

results contains lib.result("unknown", keystores.resource(node), msg, {"observed": "(keystore not read)", "expected": sort(needed(node))}) if {
	some node in autosetup.autoconfigured_nodes
	not keystores.known(node)
	msg := sprintf("whether the keystore holds the TLS passwords is unknown: %s", [keystores.gap(node)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
