# METADATA
# title: Kibana audit logging enabled
# description: |
#   Kibana's audit log records logins, saved-object access and space
#   changes that Elasticsearch's audit log does not see. It is off by
#   default and needs a platinum or enterprise licence. Judged per Kibana
#   instance from kibana.yml: xpack.security.audit.enabled true passes;
#   false or absent fails. Tool policy (as HARD-01): when the live licence
#   (GET /_license) is basic, audit off is a warn, since the feature is not
#   available. With audit on, ignore filters (xpack.security.audit.ignore_filters)
#   that drop the elastic user or whole authentication events are a warn.
# custom:
#   id: KIB-15
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-audit
#   remediation_text: |
#     Set xpack.security.audit.enabled: true in kibana.yml (optionally an
#     xpack.security.audit.appender for the file and rotation) and restart
#     Kibana. Keep ignore filters narrow.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/logging-configuration/enabling-audit-logs
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
package essec.checks.kibana.kib_15

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

setting := "xpack.security.audit.enabled"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

_basic if lower(lib.body("license").license.type) == "basic"

_off_status := "warn" if _basic

else := "fail"

_licence_note := " (the cluster's licence is basic: Kibana audit logging needs platinum or enterprise)" if _basic

else := " (needs a platinum or enterprise licence)"

results contains lib.result_setting(_off_status, lib.kibana_setting_resource(kb, setting), setting, msg, {"observed": object.get(kb.settings, [setting, "value"], "(absent)"), "expected": "true"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not settings.is_true(kb, setting)
	msg := sprintf("%s; expected true%s", [_state(kb), _licence_note])
}

_state(kb) := sprintf("%s is %q (%s)", [setting, kb.settings[setting].value, settings.where(kb, setting)]) if settings.has_setting(kb, setting)

else := sprintf("%s is not set in %s (default false): Kibana writes no audit log", [setting, kibana.config_name(kb)])

results contains lib.result_setting(v.status, lib.kibana_setting_resource(kb, setting), setting, v.message, {"observed": "true", "expected": "true"}) if {
	some kb in lib.kibanas
	settings.is_true(kb, setting)
	warns := _filter_warns(kb)
	v := kibana.verdict(set(), set(), warns, {sprintf("%s is true (%s)", [setting, settings.where(kb, setting)])})
}

# ignore filters, flattened as xpack.security.audit.ignore_filters.<i>.<field>
_filter_warns(kb) := {sprintf("%s (%s) drops %v from the audit log", [n, settings.where(kb, n), hits]) |
	some n, _ in kb.settings
	startswith(n, "xpack.security.audit.ignore_filters")
	hits := [x |
		some x in settings.items(kb, n)
		_broad(n, lower(trim_space(x)))
	]
	count(hits) > 0
}

_broad(n, x) if {
	endswith(n, "users")
	x == "elastic"
}

_broad(n, x) if {
	endswith(n, "categories")
	x == "authentication"
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
