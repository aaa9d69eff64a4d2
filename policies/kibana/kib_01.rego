# METADATA
# title: Kibana session encryption key set, long, shared and kept in the keystore
# description: |
#   xpack.security.encryptionKey encrypts Kibana's session cookies. Without
#   it Kibana makes up a random key at every start: all users are logged out
#   at each restart and instances behind one URL reject each other's
#   sessions; a leaked key lets sessions be forged. Judged per Kibana
#   instance from kibana.yml (or the compose environment) and kibana.keystore
#   (the keystore entry wins when both hold it, as Kibana merges the
#   keystore over kibana.yml). Fails when absent, a well-known example value,
#   shorter than 32 characters (Kibana refuses to start), or different from
#   another instance's key (compared by digest, never by value). A key
#   written in clear text in kibana.yml or docker-compose.yml is a warn
#   (expected in kibana.keystore); a ${VAR} reference passes when resolved
#   and long enough, and is unknown when the variable had no value. Unknown
#   when the key is not in kibana.yml and the keystore is locked. An absent
#   key whose keystore was not examined (e.g. a compose service) is judged
#   on the file evidence and fails, saying so.
# custom:
#   id: KIB-01
#   level: kibana
#   severity: high
#   component: kibana
#   remediation: kibana-encryption-keys
#   remediation_text: |
#     Generate keys with bin/kibana-encryption-keys generate, store the
#     session key on every instance with
#     bin/kibana-keystore add xpack.security.encryptionKey (the same value on
#     all instances behind one URL), remove it from kibana.yml and restart.
#     Changing the key logs everyone out.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
package essec.checks.kibana.kib_01

import data.essec.lib
import data.essec.lib.kibana

key := kibana.security_key

consequence := "Kibana makes up a random session key at every start, so sessions end at each restart and other instances reject them"

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
