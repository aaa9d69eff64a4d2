# METADATA
# title: Kibana reporting encryption key set, long, shared and kept in the keystore
# description: |
#   xpack.reporting.encryptionKey protects the credentials stored with report
#   jobs. Without it Kibana makes up a random key at every start: pending and
#   scheduled reports fail after a restart, and with several instances a job
#   queued on one cannot run on another. Judged per Kibana instance as
#   KIB-01 (example value, shorter than 32 characters or different from
#   another instance's key fail; clear text is a warn; an unresolved ${VAR}
#   or a locked keystore is unknown). Tool policy for an absent key: fail
#   when several instances run reporting (jobs move between them), warn for
#   a single instance (only jobs pending across a restart break).
#   not_applicable where xpack.reporting.enabled is false.
# custom:
#   id: KIB-03
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-encryption-keys
#   remediation_text: |
#     Generate a key with bin/kibana-encryption-keys generate and store it on
#     every instance with bin/kibana-keystore add xpack.reporting.encryptionKey
#     (one value for all instances), remove it from kibana.yml and restart.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/guide/en/kibana/current/reporting-settings-kb.html#encryption-keys
package essec.checks.kibana.kib_03

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

key := kibana.reporting_key

consequence := "Kibana makes up a random key at every start, so pending reports fail after a restart or on another instance"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result_setting("not_applicable", lib.kibana_setting_resource(kb, "xpack.reporting.enabled"), key, msg, {"observed": "false"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	kibana.reporting_disabled(kb)
	msg := sprintf("reporting is disabled (xpack.reporting.enabled is false, %s), so its key is not used", [settings.where(kb, "xpack.reporting.enabled")])
}

results contains lib.result_setting(v.status, lib.kibana_setting_resource(kb, key), key, v.message, kibana.key_evidence(kb, key)) if {
	some i, kb in lib.kibanas
	kibana.has_config(kb)
	not kibana.reporting_disabled(kb)
	v := kibana.key_verdict(i, kb, key, _missing, consequence)
}

# several instances running reporting share its job queue
_missing := "fail" if {
	count([kb | some kb in lib.kibanas; not kibana.reporting_disabled(kb)]) > 1
} else := "warn"

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
