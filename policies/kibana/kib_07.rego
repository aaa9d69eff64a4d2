# METADATA
# title: Kibana enforces a strict Content Security Policy
# description: |
#   With csp.strict true Kibana refuses to serve browsers that ignore CSP,
#   which would otherwise run injected scripts. The default is true from
#   8.0 and false on 7.x. Judged per Kibana instance from kibana.yml: true
#   passes, false (or a value Kibana rejects) fails; absent passes on 8.x
#   and later, fails on 7.x, and is unknown when the version is unknown
#   (pass --es-version: Kibana runs the deployment's version). With
#   --kibana-url, a login page without a Content-Security-Policy header
#   fails; a header present cannot show csp.strict, so an instance whose
#   kibana.yml was not read stays unknown.
# custom:
#   id: KIB-07
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-security-headers
#   remediation_text: |
#     Set csp.strict: true in kibana.yml (or remove csp.strict: false on
#     8.x) and restart Kibana.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_07

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings
import data.essec.lib.versions

setting := "csp.strict"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result_setting(v.status, lib.kibana_setting_resource(kb, setting), setting, v.message, {"observed": object.get(settings.all(kb), [setting, "value"], "(absent)"), "expected": "true", "version": input.deployment.version}) if {
	some kb in lib.kibanas
	fails := {m | some c in ["file", "live"]; m := _fail(kb, c)}
	unknowns := {m | some c in ["file", "live"]; m := _unknown(kb, c)}
	passes := {m | some c in ["file", "live"]; m := _pass(kb, c)}
	v := kibana.verdict(fails, unknowns, set(), passes)
}

_fail(kb, "file") := sprintf("%s is \"false\" (%s); expected \"true\"", [setting, settings.where(kb, setting)]) if {
	settings.is_false(kb, setting)
}

_fail(kb, "file") := sprintf("%s is %q (%s), which Kibana rejects; expected \"true\"", [setting, kb.settings[setting].value, settings.where(kb, setting)]) if {
	settings.has_setting(kb, setting)
	not settings.is_true(kb, setting)
	not settings.is_false(kb, setting)
}

_fail(kb, "file") := sprintf("%s is not set in %s; Kibana %s defaults to false; expected \"true\"", [setting, kibana.config_name(kb), input.deployment.version]) if {
	kibana.has_config(kb)
	not settings.has_setting(kb, setting)
	versions.major < 8
}

_pass(kb, "file") := sprintf("%s is \"true\" (%s)", [setting, settings.where(kb, setting)]) if {
	settings.is_true(kb, setting)
}

_pass(kb, "file") := sprintf("%s is not set; Kibana %s defaults to true", [setting, input.deployment.version]) if {
	kibana.has_config(kb)
	not settings.has_setting(kb, setting)
	versions.major >= 8
}

_unknown(kb, "file") := sprintf("%s is not set and the version is unknown (%s): the default is true from 8.0, false on 7.x", [setting, versions.version_hint]) if {
	kibana.has_config(kb)
	not settings.has_setting(kb, setting)
	not versions.version_known
}

_unknown(kb, "file") := sprintf("%s: a Content-Security-Policy header does not show csp.strict", [kibana.no_config_reason(kb)]) if {
	not kibana.has_config(kb)
}

_fail(kb, "live") := sprintf("%s has no Content-Security-Policy header; expected Kibana's CSP", [kibana.live_source(kb)]) if {
	kibana.has_headers(kb)
	not kibana.headers(kb)["content-security-policy"]
}

_pass(kb, "live") := sprintf("%s sends a Content-Security-Policy header", [kibana.live_source(kb)]) if {
	kibana.headers(kb)["content-security-policy"]
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
