# METADATA
# title: bootstrap.password and setup leftovers removed
# description: |
#   bootstrap.password is only used until the elastic user gets a password
#   of its own; left in the keystore it keeps a copy of an initial
#   credential (Docker writes ELASTIC_PASSWORD there). Judged per node from
#   the keystore's entry names: bootstrap.password present warns (tool
#   policy, low severity; MIN-03 fails when it is the only credential);
#   absent passes; no keystore is not applicable; a keystore essec could
#   not open or did not examine is unknown. The REST API cannot tell
#   whether elastic's password was changed, so the keystore is the
#   evidence. Leftovers: a CA's private key in a node's or Kibana's TLS
#   material (elastic-stack-ca.p12 used as a keystore or truststore, a CA
#   key next to the certificates) warns - CA keys belong offline; the
#   HTTP CA of auto-setup's http.p12 is exempt, as Elastic's own layout
#   puts it there (AUTO-02).
# custom:
#   id: HARD-25
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Once elastic has its own password (elasticsearch-reset-password -u
#     elastic), run bin/elasticsearch-keystore remove bootstrap.password on
#     every node. Move CA private keys (elastic-stack-ca.p12, ca.key) off the
#     nodes and point the trust settings at the CA certificate only.
#   requires: [K, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/built-in-users
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/elasticsearch-keystore
package essec.checks.hardening.hard_25

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.tls

entry := "bootstrap.password"

ks_resource(node) := {"kind": "keystore", "name": node.name, "file": object.get(node.keystore, "path", "")}

results contains lib.result_setting("unknown", lib.node_resource(node), entry, sprintf("elasticsearch.keystore was not examined (%s)", [keystores.unread_reason(node)]), {}) if {
	some node in lib.nodes
	object.get(node, "keystore", null) == null
}

# (the result and its resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "keystore", "name": node.name, "file": object.get(node.keystore, "path", "")}, "setting": entry, "message": "there is no elasticsearch.keystore", "evidence": {}} if {
	some node in lib.nodes
	node.keystore.present == false
}

results contains lib.result_setting("unknown", ks_resource(node), entry, msg, {}) if {
	some node in lib.nodes
	node.keystore.present == true
	not keystores.readable(node)
	msg := sprintf("the entries of %s are unknown: %s", [object.get(node.keystore, "path", "elasticsearch.keystore"), reason(node.keystore)])
}

reason(ks) := ks.error if object.get(ks, "error", "") != ""
else := "it is password-protected: set ESSEC_KEYSTORE_PASSWORD" if ks.password_protected == true
else := "it could not be decrypted"

results contains lib.result_setting("warn", ks_resource(node), entry, msg, {"observed": "present", "expected": "absent"}) if {
	some node in lib.nodes
	node.keystore.present == true # (a lookup before the calls: most keystores are absent or read)
	keystores.has(node, entry)
	msg := sprintf("%s still holds %s; expected it removed once elastic has its own password", [object.get(node.keystore, "path", "elasticsearch.keystore"), entry])
}

results contains lib.result_setting("pass", ks_resource(node), entry, msg, {"observed": "absent", "expected": "absent"}) if {
	some node in lib.nodes
	node.keystore.present == true
	keystores.readable(node)
	not keystores.has(node, entry)
	msg := sprintf("%s holds no %s", [object.get(node.keystore, "path", "elasticsearch.keystore"), entry])
}

# ---------------------------------------------------------------- CA keys

auto_http_ca := "CN=Elasticsearch security auto-configuration HTTP CA"

ca_keys contains [x.path, x.cert.subject] if {
	some x in tls.certificate_list
	x.cert.is_ca == true
	object.get(x.cert, "has_private_key", false) == true
	x.cert.subject != auto_http_ca
}

results contains lib.result_setting("warn", {"kind": "file", "name": p, "file": p}, "ca_private_key", msg, {"observed": subjects, "expected": "CA private keys kept offline"}) if {
	some p in {k[0] | some k in ca_keys}
	subjects := sort({k[1] | some k in ca_keys; k[0] == p})
	msg := sprintf("%s holds the private key of CA %s; keep CA keys off the nodes (only the CA certificate is needed for trust)", [p, concat(", ", subjects)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
