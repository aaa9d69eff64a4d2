# METADATA
# title: Kibana's CSP directives are not weakened
# description: |
#   The csp.* directive settings add sources to Kibana's Content Security
#   Policy; a permissive source re-opens script injection or data
#   exfiltration. Judged per Kibana instance from kibana.yml. Fails:
#   'unsafe-eval' in any directive or csp.disableUnsafeEval false;
#   'unsafe-inline' in csp.script_src, csp.worker_src or csp.default_src
#   (Kibana refuses it in script_src when strict); a wildcard source ("*",
#   a bare "http:"/"https:" scheme, "http://*") or data: in csp.script_src,
#   csp.worker_src, csp.default_src, csp.connect_src or csp.frame_ancestors.
#   Tool policy: a wildcard in csp.style_src, csp.img_src, csp.font_src or
#   csp.frame_src is a warn (broad, but no script execution); report-only
#   directives are not judged (they enforce nothing). On 7.x, a csp.rules
#   override is parsed the same way per directive, except that
#   'unsafe-eval' there is a warn because 7.x's own default rules contain
#   it. No csp.* directive set passes (Kibana's defaults apply).
# custom:
#   id: KIB-08
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Remove the unsafe sources from the csp.* settings named in the finding,
#     keep only the specific origins a plugin or integration needs, remove
#     csp.disableUnsafeEval: false, and restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
package essec.checks.kibana.kib_08

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

# directive setting -> CSP directive name
directives := {
	"csp.script_src": "script-src",
	"csp.worker_src": "worker-src",
	"csp.style_src": "style-src",
	"csp.connect_src": "connect-src",
	"csp.default_src": "default-src",
	"csp.font_src": "font-src",
	"csp.frame_src": "frame-src",
	"csp.img_src": "img-src",
	"csp.frame_ancestors": "frame-ancestors",
}

script_like := {"script-src", "worker-src", "default-src"}

strict_wide := {"script-src", "worker-src", "default-src", "connect-src", "frame-ancestors"}

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, {"fails": sort(fails), "warns": sort(warns)}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	fails := _setting_fails(kb) | _rules_fails(kb) | _eval_fails(kb)
	warns := _setting_warns(kb) | _rules_warns(kb)
	set_names := sort([n | some n, _ in directives; settings.has_setting(kb, n)])
	passes := {_pass_msg(kb, set_names)}
	v := kibana.verdict(fails, set(), warns, passes)
}

_pass_msg(kb, names) := sprintf("no csp.* directive is set in %s: Kibana's defaults apply", [kibana.config_name(kb)]) if count(names) == 0

else := sprintf("%v add no unsafe or wildcard source", [names])

# bad(directive, source) is the reason a source is a fail, if it is one
_bad(d, s) := "'unsafe-eval'" if s == "unsafe-eval"

_bad(d, s) := "'unsafe-inline'" if {
	s == "unsafe-inline"
	d in script_like
}

_bad(d, s) := sprintf("the wildcard source %q", [s]) if {
	d in strict_wide
	kibana.wide_source(s)
}

_bad(d, s) := "data:" if {
	d in strict_wide
	s == "data:"
}

_broad(d, s) := sprintf("the wildcard source %q", [s]) if {
	not d in strict_wide
	kibana.wide_source(s)
}

_setting_fails(kb) := {sprintf("%s (%s) adds %s; expected specific origins only", [n, settings.where(kb, n), why]) |
	some n, d in directives
	some s in kibana.csp_sources(settings.items(kb, n))
	why := _bad(d, s)
}

_setting_warns(kb) := {sprintf("%s (%s) adds %s", [n, settings.where(kb, n), why]) |
	some n, d in directives
	some s in kibana.csp_sources(settings.items(kb, n))
	why := _broad(d, s)
}

_eval_fails(kb) := {sprintf("csp.disableUnsafeEval is \"false\" (%s): Kibana adds 'unsafe-eval' to script-src; expected it unset or true", [settings.where(kb, "csp.disableUnsafeEval")]) |
	settings.is_false(kb, "csp.disableUnsafeEval")
}

# 7.x csp.rules: full directive strings such as "script-src 'self' 'unsafe-eval'"
_rules(kb) := [[lower(words[0]), kibana.csp_sources(array.slice(words, 1, count(words)))] |
	some rule in settings.items(kb, "csp.rules")
	words := [w | some w in split(trim_space(rule), " "); w != ""]
	count(words) > 0
]

_rules_fails(kb) := {sprintf("csp.rules (%s) gives %s %s", [settings.where(kb, "csp.rules"), r[0], why]) |
	some r in _rules(kb)
	some s in r[1]
	s != "unsafe-eval"
	why := _bad(r[0], s)
}

_rules_warns(kb) := {sprintf("csp.rules (%s) gives %s %s", [settings.where(kb, "csp.rules"), r[0], why]) |
	some r in _rules(kb)
	some s in r[1]
	why := _rules_warn(r[0], s)
}

_rules_warn(d, s) := "'unsafe-eval' (7.x's default rules include it; remove it when no plugin needs it)" if s == "unsafe-eval"

_rules_warn(d, s) := why if why := _broad(d, s)

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
