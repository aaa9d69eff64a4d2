# METADATA
# title: Kibana sends Strict-Transport-Security when served over TLS
# description: |
#   Without HSTS a browser that once typed http:// (or follows a
#   downgraded link) can be man-in-the-middled onto plain http. Kibana sends
#   the header only when server.securityResponseHeaders.strictTransportSecurity
#   is set (default null = not sent). Judged per Kibana instance that serves
#   TLS itself or behind a proxy (server.ssl.enabled, an https publicBaseUrl
#   or an https --kibana-url); others are not_applicable (HTTPS-06 reports
#   plain http). Live evidence wins when --kibana-url answered over https,
#   since a proxy may add the header: present with max-age > 0 passes,
#   absent or max-age=0 fails. Otherwise kibana.yml decides: the setting (or
#   a Strict-Transport-Security entry in server.customResponseHeaders) with
#   max-age > 0 passes; absent, null or max-age=0 fails. Note that HSTS
#   applies to the whole host name, other ports and services included.
# custom:
#   id: KIB-04
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-security-headers
#   remediation_text: |
#     Set server.securityResponseHeaders.strictTransportSecurity:
#     "max-age=31536000" in kibana.yml (or add the header on the TLS proxy)
#     and restart Kibana; first make sure every service on that host name
#     is reachable over https.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_04

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

setting := "server.securityResponseHeaders.strictTransportSecurity"

header := "strict-transport-security"

results contains kibana.no_kibana_result if kibana.no_kibana

_live(kb) if {
	kibana.live_https(kb)
	kibana.has_headers(kb)
}

# ---- live

results contains lib.result(status, lib.kibana_resource(kb), msg, {"observed": v, "expected": "max-age > 0"}) if {
	some kb in lib.kibanas
	_live(kb)
	v := kibana.headers(kb)[header]
	[status, msg] := _judge_value(v, kibana.live_source(kb))
}

results contains lib.result("fail", lib.kibana_resource(kb), msg, {"observed": "(absent)", "expected": "max-age > 0"}) if {
	some kb in lib.kibanas
	_live(kb)
	not kibana.headers(kb)[header]
	msg := sprintf("%s has no Strict-Transport-Security header; expected one with max-age > 0 (%s)", [kibana.live_source(kb), setting])
}

_judge_value(v, where) := ["fail", sprintf("Strict-Transport-Security is %q in %s: max-age=0 tells browsers to forget HSTS; expected max-age > 0", [v, where])] if {
	kibana.hsts_max_age(v) == 0
} else := ["fail", sprintf("Strict-Transport-Security is %q in %s, without a max-age; expected e.g. \"max-age=31536000\"", [v, where])] if {
	not kibana.hsts_max_age(v)
} else := ["pass", sprintf("Strict-Transport-Security is %q in %s", [v, where])]

# ---- kibana.yml

_file(kb) if {
	not _live(kb)
	kibana.has_config(kb)
	kibana.serves_tls(kb)
}

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not _live(kb)
	not kibana.has_config(kb)
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), "Kibana is not served over TLS (no server.ssl.enabled, https publicBaseUrl or https --kibana-url), so HSTS has no effect (HTTPS-06 reports it)", {}) if {
	some kb in lib.kibanas
	not _live(kb)
	kibana.has_config(kb)
	not kibana.serves_tls(kb)
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, setting), setting, msg, {"observed": "null", "expected": "max-age=31536000"}) if {
	some kb in lib.kibanas
	_file(kb)
	settings.is_null_value(kb, setting)
	not kibana.custom_header(kb, header)
	msg := sprintf("%s is null (%s): no Strict-Transport-Security header is sent; expected e.g. \"max-age=31536000\"", [setting, settings.where(kb, setting)])
}

results contains lib.result_setting(status, lib.kibana_setting_resource(kb, setting), setting, msg, {"observed": v, "expected": "max-age > 0"}) if {
	some kb in lib.kibanas
	_file(kb)
	not settings.is_null_value(kb, setting)
	v := kb.settings[setting].value
	[status, msg] := _judge_value(v, sprintf("%s (%s)", [setting, settings.where(kb, setting)]))
}

results contains lib.result_setting(status, lib.kibana_setting_resource(kb, n), setting, msg, {"observed": v, "expected": "max-age > 0"}) if {
	some kb in lib.kibanas
	_file(kb)
	not _set(kb)
	v := kibana.custom_header(kb, header)
	n := kibana.custom_header_setting(kb, header)
	[status, msg] := _judge_value(v, sprintf("%s (%s)", [n, settings.where(kb, n)]))
}

_set(kb) if {
	settings.has_setting(kb, setting)
	not settings.is_null_value(kb, setting)
}

results contains lib.result_setting("fail", lib.kibana_resource(kb), setting, msg, {"observed": "(absent)", "expected": "max-age=31536000"}) if {
	some kb in lib.kibanas
	_file(kb)
	not settings.has_setting(kb, setting)
	not kibana.custom_header(kb, header)
	msg := sprintf("%s is not set in %s (default null: no Strict-Transport-Security header) although Kibana is served over TLS; expected e.g. \"max-age=31536000\"%s", [setting, kibana.config_name(kb), _proxy_note(kb)])
}

_proxy_note(kb) := " (or the header sent by the TLS proxy: pass --kibana-url to check it)" if not kibana.ssl_enabled(kb)

else := ""

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
