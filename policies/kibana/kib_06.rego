# METADATA
# title: Kibana's other security response headers are not disabled
# description: |
#   Kibana sends X-Content-Type-Options nosniff, a Referrer-Policy, a
#   Permissions-Policy and Cross-Origin-Opener-Policy same-origin by default
#   (server.securityResponseHeaders.*, since 7.13). Judged per Kibana
#   instance. From kibana.yml: xContentTypeOptions, permissionsPolicy or
#   crossOriginOpenerPolicy set to null (or COOP unsafe-none), and
#   referrerPolicy set to null, unsafe-url or no-referrer-when-downgrade,
#   fail; the same headers re-added with those values through
#   server.customResponseHeaders fail too; unset settings (the defaults)
#   pass. Tool policy: an explicit no-referrer-when-downgrade fails although
#   it was Kibana's default before 8.13 (leaving the setting unset passes on
#   every version; 8.13+ defaults to strict-origin-when-cross-origin). Live
#   evidence wins when --kibana-url answered: X-Content-Type-Options other
#   than nosniff or missing, Referrer-Policy missing or weak, and COOP
#   unsafe-none fail; a missing Permissions-Policy or COOP is not judged
#   live, as the versions that added their defaults are not documented.
# custom:
#   id: KIB-06
#   level: kibana
#   severity: low
#   component: kibana
#   remediation: kibana-header-defaults
#   remediation_text: |
#     Remove the server.securityResponseHeaders overrides named in the
#     finding (and matching server.customResponseHeaders entries, or the
#     proxy rules that strip the headers) so Kibana's defaults apply, and
#     restart Kibana.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
package essec.checks.kibana.kib_06

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

p := "server.securityResponseHeaders."

# setting suffix -> response header
headers := {
	"xContentTypeOptions": "x-content-type-options",
	"referrerPolicy": "referrer-policy",
	"permissionsPolicy": "permissions-policy",
	"crossOriginOpenerPolicy": "cross-origin-opener-policy",
}

weak_referrer := {"unsafe-url", "no-referrer-when-downgrade"}

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_headers(kb)
	not kibana.has_config(kb)
}

# ---- kibana.yml

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, {"weakened": sort(fails)}) if {
	some kb in lib.kibanas
	not kibana.has_headers(kb)
	kibana.has_config(kb)
	fails := {m | some suffix, header in headers; m := _file_weak(kb, suffix, header)}
	passes := {sprintf("no security response header is disabled in %s (%s)", [kibana.config_name(kb), concat(", ", sort({k | some k, _ in headers}))])}
	v := kibana.verdict(fails, set(), set(), passes)
}

# a weak value for a header: null everywhere, plus the weak referrer
# policies and COOP unsafe-none
_weak(header, v) if lower(trim_space(v)) in {"", "null", "~"}

_weak("referrer-policy", v) if lower(trim_space(v)) in weak_referrer

_weak("cross-origin-opener-policy", v) if lower(trim_space(v)) == "unsafe-none"

_weak("x-content-type-options", v) if not lower(trim_space(v)) in {"nosniff"}

_file_weak(kb, suffix, header) := sprintf("%s is %q (%s); expected it unset (default) or a strict value", [n, kb.settings[n].value, settings.where(kb, n)]) if {
	n := concat("", [p, suffix])
	_weak(header, kb.settings[n].value)
}

_file_weak(kb, suffix, header) := sprintf("%s is %q (%s), a weaker %s than Kibana's default", [n, v, settings.where(kb, n), header]) if {
	n := kibana.custom_header_setting(kb, header)
	v := kb.settings[n].value
	_weak(header, v)
	not _setting_weak(kb, suffix, header) # one message per header
}

_setting_weak(kb, suffix, header) if _weak(header, kb.settings[concat("", [p, suffix])].value)

# ---- live

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, {"headers": {n: object.get(h, n, "(absent)") | some n in {x | some _, x in headers}}}) if {
	some kb in lib.kibanas
	kibana.has_headers(kb)
	h := kibana.headers(kb)
	fails := {m | some header in ["x-content-type-options", "referrer-policy", "cross-origin-opener-policy"]; m := _live_weak(kb, h, header)}
	passes := {sprintf("%s sends X-Content-Type-Options %q and Referrer-Policy %q", [kibana.live_source(kb), object.get(h, "x-content-type-options", ""), object.get(h, "referrer-policy", "")])}
	v := kibana.verdict(fails, set(), set(), passes)
}

_live_weak(kb, h, header) := sprintf("%s has no %s header; expected Kibana's default", [kibana.live_source(kb), header]) if {
	header in {"x-content-type-options", "referrer-policy"}
	not h[header]
}

_live_weak(kb, h, header) := sprintf("%s sends %s %q, a weak value", [kibana.live_source(kb), header, h[header]]) if {
	_weak(header, h[header])
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
