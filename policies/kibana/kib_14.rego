# METADATA
# title: Kibana CORS is not open to any origin with credentials
# description: |
#   With server.cors.enabled (technical preview, default false) Kibana
#   answers cross-origin requests; with allowCredentials true and
#   allowOrigin "*" (its default) any web site a logged-in user visits
#   could call Kibana's APIs with the user's session. Judged per Kibana
#   instance from kibana.yml: CORS off passes; on with allowCredentials
#   true and "*" among the origins (or allowOrigin unset) fails; on with
#   "*" but without credentials is a warn (tool policy: any site can read
#   Kibana's unauthenticated answers); on with explicit origins passes.
# custom:
#   id: KIB-14
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Disable server.cors.enabled unless a browser application needs it;
#     otherwise list the exact origins in server.cors.allowOrigin and keep
#     server.cors.allowCredentials false unless required. Restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_14

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

enabled := "server.cors.enabled"

creds := "server.cors.allowCredentials"

origin := "server.cors.allowOrigin"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result_setting(status, lib.kibana_setting_resource(kb, enabled), enabled, msg, ev) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	[status, msg] := _judge(kb)
	ev := {enabled: object.get(kb.settings, [enabled, "value"], "(absent)"), creds: object.get(kb.settings, [creds, "value"], "(absent)"), "origins": _origins(kb)}
}

_origins(kb) := settings.items(kb, origin) if settings.has_setting(kb, origin)

else := ["*"]

_any_origin(kb) if "*" in [trim_space(o) | some o in _origins(kb)]

_origin_text(kb) := sprintf("server.cors.allowOrigin is %v (%s)", [_origins(kb), settings.where(kb, origin)]) if settings.has_setting(kb, origin)

else := "server.cors.allowOrigin is not set (default [\"*\"])"

_judge(kb) := ["pass", sprintf("%s is not true: Kibana does not answer cross-origin requests", [enabled])] if {
	not settings.is_true(kb, enabled)
} else := ["fail", sprintf("%s is true (%s), %s is true (%s) and %s: any site can call Kibana with a user's session; expected explicit origins", [enabled, settings.where(kb, enabled), creds, settings.where(kb, creds), _origin_text(kb)])] if {
	settings.is_true(kb, creds)
	_any_origin(kb)
} else := ["warn", sprintf("%s is true (%s) and %s: any site can read Kibana's answers; expected explicit origins", [enabled, settings.where(kb, enabled), _origin_text(kb)])] if {
	_any_origin(kb)
} else := ["pass", sprintf("%s is true (%s) with explicit origins %v", [enabled, settings.where(kb, enabled), _origins(kb)])]

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
