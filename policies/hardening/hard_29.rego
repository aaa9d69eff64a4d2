# METADATA
# title: Keystore holds only supported entries
# description: |
#   Elasticsearch refuses to start when elasticsearch.keystore holds an
#   entry that is not a registered secure setting, and a misspelt entry is
#   a secret the operator thinks is in use but is not. Judged per node from
#   the keystore's entry names against Elastic's secure settings:
#   keystore.seed, bootstrap.password, autoconfiguration.password_hash, the
#   TLS secure passwords of every SSL context (xpack.security.{transport,
#   http,remote_cluster_server,remote_cluster_client}, transport profiles,
#   xpack.http, reindex, monitoring exporters, realms), realm secrets
#   (secure_bind_password, rp.client_secret, hmac_key, hmac_jwkset,
#   client_authentication.shared_secret, any secure_*), notification
#   accounts (xpack.notification.*.account.*.secure_*, webhook host token
#   pairs), xpack.watcher.encryption_key, monitoring exporter
#   auth.secure_password, cluster.remote.*.credentials, and the S3, Azure,
#   GCS and EC2 discovery client credentials. Every entry known passes;
#   unknown entries warn (tool policy: a plugin may register its own secure
#   settings, which essec cannot list). No keystore is not applicable; a
#   keystore whose entries could not be read is unknown. Values are never
#   read, so essec does not compare them across nodes.
# custom:
#   id: HARD-29
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Run bin/elasticsearch-keystore list on the node, fix misspelt names
#     (remove the entry and add it again under the right name) and remove
#     entries no setting uses (bin/elasticsearch-keystore remove <name>).
#   requires: [K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-settings
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.hardening.hard_29

import data.essec.lib
import data.essec.lib.keystores

_ssl_secure := `(keystore\.secure_password|keystore\.secure_key_password|truststore\.secure_password|secure_key_passphrase)`

known_patterns := [
	`^keystore\.seed$`,
	`^bootstrap\.password$`,
	`^autoconfiguration\.password_hash$`,
	concat("", [`^xpack\.security\.(transport|http|remote_cluster_server|remote_cluster_client)\.ssl\.`, _ssl_secure, `$`]),
	concat("", [`^transport\.profiles\.[^.]+\.xpack\.security\.ssl\.`, _ssl_secure, `$`]),
	concat("", [`^(xpack\.http|reindex|xpack\.monitoring\.exporters\.[^.]+)\.ssl\.`, _ssl_secure, `$`]),
	`^xpack\.security\.authc\.realms\.[^.]+\.[^.]+\.(.+\.)?secure_[a-z_]+$`,
	`^xpack\.security\.authc\.realms\.[^.]+\.[^.]+\.(rp\.client_secret|hmac_key|hmac_jwkset|client_authentication\.shared_secret)$`,
	`^xpack\.notification\.[a-z_]+\.account\.[^.]+\.(.+\.)?secure_[a-z_]+$`,
	`^xpack\.notification\.webhook\.host_token_pairs$`,
	`^xpack\.watcher\.encryption_key$`,
	`^xpack\.monitoring\.exporters\.[^.]+\.auth\.secure_password$`,
	`^cluster\.remote\.[^.]+\.credentials$`,
	`^s3\.client\.[^.]+\.(access_key|secret_key|session_token|proxy\.username|proxy\.password)$`,
	`^azure\.client\.[^.]+\.(account|key|sas_token)$`,
	`^gcs\.client\.[^.]+\.credentials_file$`,
	`^discovery\.ec2\.(access_key|secret_key|session_token|proxy\.username|proxy\.password)$`,
]

known(e) if {
	some p in known_patterns
	regex.match(p, e)
}

unknown_entries(node) := sort({e | some e in lib.arr(node.keystore.entries); not known(e)})

ks_resource(node) := {"kind": "keystore", "name": node.name, "file": object.get(node.keystore, "path", "")}

results contains lib.result("pass", ks_resource(node), msg, {"observed": count(lib.arr(node.keystore.entries)), "expected": "only supported secure settings"}) if {
	some node in lib.nodes
	keystores.readable(node)
	count(unknown_entries(node)) == 0
	msg := sprintf("the %d entries of %s are all supported secure settings", [count(lib.arr(node.keystore.entries)), object.get(node.keystore, "path", "elasticsearch.keystore")])
}

results contains lib.result("warn", ks_resource(node), msg, {"observed": bad, "expected": "only supported secure settings"}) if {
	some node in lib.nodes
	keystores.readable(node)
	bad := unknown_entries(node)
	count(bad) > 0
	msg := sprintf("%s holds entries that are not known secure settings: %s (misspelt, unused, or registered by a plugin); Elasticsearch refuses to start with unsupported entries", [object.get(node.keystore, "path", "elasticsearch.keystore"), concat(", ", bad)])
}

# (the result and its resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "keystore", "name": node.name, "file": object.get(node.keystore, "path", "")}, "message": "there is no elasticsearch.keystore", "evidence": {}} if {
	some node in lib.nodes
	node.keystore.present == false
}

results contains lib.result("unknown", ks_resource(node), msg, {}) if {
	some node in lib.nodes
	node.keystore.present == true
	not keystores.readable(node)
	msg := sprintf("the entries of %s are unknown: %s", [object.get(node.keystore, "path", "elasticsearch.keystore"), reason(node.keystore)])
}

reason(ks) := ks.error if object.get(ks, "error", "") != ""
else := "it is password-protected: set ESSEC_KEYSTORE_PASSWORD" if ks.password_protected == true
else := "it could not be decrypted"

results contains lib.result("unknown", lib.node_resource(node), sprintf("elasticsearch.keystore was not examined (%s)", [keystores.unread_reason(node)]), {}) if {
	some node in lib.nodes
	object.get(node, "keystore", null) == null
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
