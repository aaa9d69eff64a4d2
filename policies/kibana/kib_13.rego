# METADATA
# title: No unauthenticated Kibana surfaces without intent
# description: |
#   Kibana pages and APIs reachable without a login leak information or
#   hand out a session. Judged per Kibana instance. From kibana.yml:
#   status.allowAnonymous true (the status API without login) fails;
#   server.xsrf.disableProtection true fails; a non-empty
#   server.xsrf.allowlist is a warn (each entry skips XSRF checks). Tool
#   policy for an anonymous authentication provider
#   (xpack.security.authc.providers.anonymous.*, not disabled): a warn,
#   since Elastic supports it for deliberate read-only access, unless its
#   credentials visibly use the elastic superuser or Kibana's own
#   kibana_system or kibana user, which fails (credential settings are
#   normally redacted in the evidence, so the warn asks for a review). With --kibana-url, an unauthenticated
#   GET /api/status answered with 2xx fails; 401, 403 or 404 pass; a
#   redirect (essec does not follow it: it may lead to the open status
#   page) or any other answer is unknown.
# custom:
#   id: KIB-13
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Remove status.allowAnonymous: true and server.xsrf.disableProtection:
#     true from kibana.yml; keep server.xsrf.allowlist empty unless an
#     integration needs it; remove the anonymous provider, or map it to a
#     dedicated least-privilege user; restart Kibana.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_13

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

anon_prefix := "xpack.security.authc.providers.anonymous."

privileged_users := {"elastic", "kibana_system", "kibana"}

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	fails := {m | some c in _aspects; m := _fail(kb, c)} | _anon_fails(kb)
	warns := {m | some c in _aspects; m := _warn(kb, c)} | _anon_warns(kb)
	unknowns := {m | some c in _aspects; m := _unknown(kb, c)}
	passes := {m | some c in _aspects; m := _pass(kb, c)}
	v := kibana.verdict(fails, unknowns, warns, passes)
	ev := {
		"status.allowAnonymous": object.get(settings.all(kb), ["status.allowAnonymous", "value"], "(absent)"),
		"anonymous_providers": sort(_providers(kb)),
		"status_api_anonymous": object.get(object.get(kb, "http", {}), "status_api_anonymous", 0),
	}
}

_aspects := ["status", "xsrf", "allowlist", "live", "config"]

# ---- kibana.yml

_fail(kb, "status") := sprintf("status.allowAnonymous is true (%s): the status API answers without login; expected false", [settings.where(kb, "status.allowAnonymous")]) if {
	settings.is_true(kb, "status.allowAnonymous")
}

_fail(kb, "xsrf") := sprintf("server.xsrf.disableProtection is true (%s); expected false", [settings.where(kb, "server.xsrf.disableProtection")]) if {
	settings.is_true(kb, "server.xsrf.disableProtection")
}

_warn(kb, "allowlist") := sprintf("server.xsrf.allowlist (%s) exempts %v from XSRF protection; expected it empty unless an integration needs it", [settings.where(kb, "server.xsrf.allowlist"), l]) if {
	l := [x | some x in settings.items(kb, "server.xsrf.allowlist"); trim_space(x) != ""]
	count(l) > 0
}

_pass(kb, "config") := sprintf("%s allows no anonymous status page, anonymous provider or XSRF bypass", [kibana.config_name(kb)]) if {
	kibana.has_config(kb)
}

# anonymous providers: xpack.security.authc.providers.anonymous.<name>.*
_providers(kb) := {parts[0] |
	some n, _ in settings.all(kb)
	startswith(n, anon_prefix)
	parts := split(trim_prefix(n, anon_prefix), ".")
	count(parts) > 1
	not settings.is_false(kb, concat("", [anon_prefix, parts[0], ".enabled"]))
}

_username(kb, p) := kb.settings[concat("", [anon_prefix, p, ".credentials.username"])].value

_anon_fails(kb) := {sprintf("the anonymous provider %q (%s) logs every visitor in as %q; expected a dedicated least-privilege user, or no anonymous provider", [p, settings.where(kb, concat("", [anon_prefix, p, ".credentials.username"])), u]) |
	some p in _providers(kb)
	u := _username(kb, p)
	lower(trim_space(u)) in privileged_users
}

_anon_warns(kb) := {sprintf("the anonymous provider %q is configured (%s): anyone who reaches Kibana is logged in as %s; make sure this is deliberate and least-privilege", [p, _provider_where(kb, p), _identity(kb, p)]) |
	some p in _providers(kb)
	not lower(trim_space(object.get(kb.settings, [concat("", [anon_prefix, p, ".credentials.username"]), "value"], ""))) in privileged_users
}

_provider_where(kb, p) := concat(", ", sort({settings.where(kb, n) | some n, _ in kb.settings; startswith(n, concat("", [anon_prefix, p, "."]))}))

_identity(kb, p) := sprintf("%q", [_username(kb, p)]) if _username(kb, p) != ""

else := "the user in its credentials (not visible: credentials are redacted)"

# ---- live

_fail(kb, "live") := sprintf("an unauthenticated GET /api/status on %s answered %d; expected 401", [kb.http.url, s]) if {
	s := kb.http.status_api_anonymous
	s >= 200
	s < 300
}

_pass(kb, "live") := sprintf("an unauthenticated GET /api/status on %s answered %d", [kb.http.url, s]) if {
	s := kb.http.status_api_anonymous
	s in {401, 403, 404}
}

_unknown(kb, "live") := sprintf("an unauthenticated GET /api/status on %s answered the redirect %d, which essec does not follow: the page it leads to may answer without login; check it, expected 401", [kb.http.url, s]) if {
	s := kb.http.status_api_anonymous
	s >= 300
	s < 400
}

_unknown(kb, "live") := sprintf("an unauthenticated GET /api/status on %s answered %d, which says neither open nor closed; expected 401", [kb.http.url, s]) if {
	s := kb.http.status_api_anonymous
	s >= 400
	not s in {401, 403, 404}
}

_unknown(kb, "live") := sprintf("%s, and no unauthenticated answer of its /api/status was recorded (pass --kibana-url)", [kibana.no_config_reason(kb)]) if {
	not kibana.has_config(kb)
	not kb.http.status_api_anonymous >= 200
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
