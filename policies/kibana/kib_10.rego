# METADATA
# title: Kibana session cookies are Secure and not SameSite=None without need
# description: |
#   The session cookie must carry the Secure flag so browsers never send it
#   over plain http, and SameSite=None lets other sites' requests carry it.
#   Kibana marks the cookie Secure when server.ssl.enabled is true or
#   xpack.security.secureCookies is true (default false). Judged per Kibana
#   instance from kibana.yml: a cookie without Secure fails (behind a TLS
#   proxy set secureCookies; with plain http everywhere HTTPS-06 also
#   fails); xpack.security.sameSiteCookies None without Secure fails (Kibana
#   requires secureCookies for it), None with Secure is a warn (only needed
#   to embed Kibana in another site), Strict, Lax or unset (browsers use
#   Lax) pass; any other value fails (Kibana rejects it).
# custom:
#   id: KIB-10
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-secure-cookies
#   remediation_text: |
#     Behind a TLS proxy set xpack.security.secureCookies: true (with
#     server.publicBaseUrl: https://...); otherwise enable server.ssl
#     (HTTPS-06). Remove xpack.security.sameSiteCookies: None unless Kibana
#     must be embedded in another site. Restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
package essec.checks.kibana.kib_10

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

secure := "xpack.security.secureCookies"

same_site := "xpack.security.sameSiteCookies"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	fails := {m | some c in ["secure", "same_site"]; m := _fail(kb, c)}
	warns := {m | some c in ["same_site"]; m := _warn(kb, c)}
	passes := {m | some c in ["secure", "same_site"]; m := _pass(kb, c)}
	v := kibana.verdict(fails, set(), warns, passes)
	ev := {
		"server.ssl.enabled": object.get(kb.settings, ["server.ssl.enabled", "value"], "(absent)"),
		secure: object.get(kb.settings, [secure, "value"], "(absent)"),
		same_site: object.get(kb.settings, [same_site, "value"], "(absent)"),
	}
}

# ---- Secure flag

_pass(kb, "secure") := sprintf("the session cookie is Secure: server.ssl.enabled is true (%s)", [settings.where(kb, "server.ssl.enabled")]) if {
	kibana.ssl_enabled(kb)
} else := sprintf("the session cookie is Secure: %s is true (%s)", [secure, settings.where(kb, secure)]) if {
	kibana.secure_cookies(kb)
}

_fail(kb, "secure") := sprintf("%s and server.publicBaseUrl is https (%s), so TLS ends at a proxy, but the session cookie is not marked Secure; expected %s: true", [_secure_state(kb), settings.where(kb, "server.publicBaseUrl"), secure]) if {
	not kibana.cookies_secure(kb)
	kibana.public_base_https(kb)
}

_fail(kb, "secure") := sprintf("%s and server.ssl.enabled is not true: the session cookie is not marked Secure and can travel over http; expected TLS (HTTPS-06) and a Secure cookie", [_secure_state(kb)]) if {
	not kibana.cookies_secure(kb)
	not kibana.public_base_https(kb)
}

_secure_state(kb) := sprintf("%s is %q (%s)", [secure, kb.settings[secure].value, settings.where(kb, secure)]) if settings.has_setting(kb, secure)

else := sprintf("%s is not set (default false)", [secure])

# ---- SameSite

_fail(kb, "same_site") := sprintf("%s is None (%s) while the cookie is not Secure; Kibana requires %s: true for it", [same_site, settings.where(kb, same_site), secure]) if {
	settings.lower_value(kb, same_site) == "none"
	not kibana.cookies_secure(kb)
}

_fail(kb, "same_site") := sprintf("%s is %q (%s), which Kibana rejects; expected Strict or Lax", [same_site, kb.settings[same_site].value, settings.where(kb, same_site)]) if {
	settings.has_setting(kb, same_site)
	not settings.lower_value(kb, same_site) in {"strict", "lax", "none"}
}

_warn(kb, "same_site") := sprintf("%s is None (%s): other sites' requests carry the session cookie; expected Strict or Lax unless Kibana must be embedded elsewhere", [same_site, settings.where(kb, same_site)]) if {
	settings.lower_value(kb, same_site) == "none"
	kibana.cookies_secure(kb)
}

_pass(kb, "same_site") := sprintf("%s is %q (%s)", [same_site, kb.settings[same_site].value, settings.where(kb, same_site)]) if {
	settings.lower_value(kb, same_site) in {"strict", "lax"}
} else := sprintf("%s is not set (browsers treat the cookie as Lax)", [same_site]) if {
	not settings.has_setting(kb, same_site)
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
