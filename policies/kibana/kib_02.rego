# METADATA
# title: Kibana saved-objects encryption key set, long, shared and kept in the keystore
# description: |
#   xpack.encryptedSavedObjects.encryptionKey encrypts the secrets Kibana
#   stores in saved objects (connector credentials, rule API keys). Without
#   it Kibana makes up a random key at every start and disables alerting and
#   connectors; objects written under one key cannot be decrypted after a
#   restart or by another instance. Judged per Kibana instance exactly as
#   KIB-01: fails when absent, a well-known example value, shorter than 32
#   characters (Kibana refuses to start) or different from another
#   instance's key (by digest); clear text in kibana.yml or
#   docker-compose.yml is a warn; an unresolved ${VAR} or a locked keystore
#   is unknown. The rotation list
#   xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys is not judged.
# custom:
#   id: KIB-02
#   level: kibana
#   severity: high
#   component: kibana
#   remediation: kibana-encryption-keys
#   remediation_text: |
#     Generate a key with bin/kibana-encryption-keys generate and store it on
#     every instance with
#     bin/kibana-keystore add xpack.encryptedSavedObjects.encryptionKey (one
#     value for all instances), remove it from kibana.yml and restart. To
#     replace an existing key, move the old one to
#     xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys first.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-saved-objects
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
package essec.checks.kibana.kib_02

import data.essec.lib
import data.essec.lib.kibana

key := kibana.eso_key

consequence := "Kibana makes up a random key at every start, disables alerting and connectors, and cannot decrypt saved objects after a restart"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result_setting(v.status, lib.kibana_setting_resource(kb, key), key, v.message, kibana.key_evidence(kb, key)) if {
	some i, kb in lib.kibanas
	kibana.has_config(kb)
	v := kibana.key_verdict(i, kb, key, "fail", consequence)
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
