# METADATA
# title: Kibana cannot be framed by other sites
# description: |
#   A page that frames Kibana can trick a logged-in user into clicking
#   Kibana's buttons (clickjacking). Kibana sends X-Frame-Options SAMEORIGIN
#   and CSP frame-ancestors 'self' only when
#   server.securityResponseHeaders.disableEmbedding is true (default false:
#   any site may frame it). Judged per Kibana instance. Live evidence wins
#   when --kibana-url answered (a proxy may add the headers):
#   X-Frame-Options DENY or SAMEORIGIN, or a CSP frame-ancestors directive
#   without a wildcard source, passes; otherwise it fails. From kibana.yml:
#   disableEmbedding true passes; otherwise csp.frame_ancestors listing only
#   explicit origins passes (a documented embedding need, as Elastic
#   allows), with "*" or a bare scheme fails; an X-Frame-Options DENY or
#   SAMEORIGIN in server.customResponseHeaders passes; else it fails.
# custom:
#   id: KIB-05
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-security-headers
#   remediation_text: |
#     Set server.securityResponseHeaders.disableEmbedding: true in kibana.yml
#     and restart Kibana. If dashboards must be embedded, keep it false and
#     list the embedding sites in csp.frame_ancestors instead.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_05

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

setting := "server.securityResponseHeaders.disableEmbedding"

ancestors := "csp.frame_ancestors"

results contains kibana.no_kibana_result if kibana.no_kibana

# ---- live

results contains lib.result(status, lib.kibana_resource(kb), msg, {"x-frame-options": object.get(h, "x-frame-options", "(absent)"), "frame-ancestors": object.get(_live_fa(h), "sources", "(absent)")}) if {
	some kb in lib.kibanas
	kibana.has_headers(kb)
	h := kibana.headers(kb)
	[status, msg] := _judge_live(kb, h)
}

_live_fa(h) := {"sources": s} if s := kibana.csp_directive(h["content-security-policy"], "frame-ancestors")

else := {}

_xfo_ok(v) if upper(trim_space(v)) in {"DENY", "SAMEORIGIN"}

_judge_live(kb, h) := ["pass", sprintf("%s sends X-Frame-Options %q", [kibana.live_source(kb), h["x-frame-options"]])] if {
	_xfo_ok(h["x-frame-options"])
} else := ["pass", sprintf("%s sends CSP frame-ancestors %v", [kibana.live_source(kb), fa])] if {
	fa := kibana.csp_directive(h["content-security-policy"], "frame-ancestors")
	count(fa) > 0
	every s in fa {
		not kibana.wide_source(s)
	}
} else := ["fail", sprintf("%s sends neither X-Frame-Options DENY/SAMEORIGIN nor a restrictive CSP frame-ancestors: any site can frame Kibana; expected %s: true", [kibana.live_source(kb), setting])]

# ---- kibana.yml

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_headers(kb)
	not kibana.has_config(kb)
}

results contains lib.result_setting(status, res, setting, msg, {"observed": object.get(kb.settings, [setting, "value"], "(absent)"), "expected": "true"}) if {
	some kb in lib.kibanas
	not kibana.has_headers(kb)
	kibana.has_config(kb)
	[status, msg, res] := _judge_file(kb)
}

_judge_file(kb) := ["pass", sprintf("%s is true (%s)", [setting, settings.where(kb, setting)]), lib.kibana_setting_resource(kb, setting)] if {
	settings.is_true(kb, setting)
} else := ["fail", sprintf("%s (%s) is %v: wildcard sources let any site frame Kibana; expected %s: true or explicit origins", [ancestors, settings.where(kb, ancestors), settings.items(kb, ancestors)]), lib.kibana_setting_resource(kb, ancestors)] if {
	some s in kibana.csp_sources(settings.items(kb, ancestors))
	kibana.wide_source(s)
} else := ["pass", sprintf("%s is not true but %s (%s) restricts framing to %v", [setting, ancestors, settings.where(kb, ancestors), settings.items(kb, ancestors)]), lib.kibana_setting_resource(kb, ancestors)] if {
	count(settings.items(kb, ancestors)) > 0
} else := ["pass", sprintf("%s (%s) is %q", [n, settings.where(kb, n), kibana.custom_header(kb, "x-frame-options")]), lib.kibana_setting_resource(kb, n)] if {
	_xfo_ok(kibana.custom_header(kb, "x-frame-options"))
	n := kibana.custom_header_setting(kb, "x-frame-options")
} else := ["fail", sprintf("%s is %s: Kibana sends no X-Frame-Options or frame-ancestors, so any site can frame it; expected true", [setting, _state(kb)]), lib.kibana_setting_resource(kb, setting)]

_state(kb) := sprintf("%q (%s)", [kb.settings[setting].value, settings.where(kb, setting)]) if settings.has_setting(kb, setting)

else := sprintf("not set in %s (default false)", [kibana.config_name(kb)])

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
