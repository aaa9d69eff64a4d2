# METADATA
# title: Kibana's browser endpoint uses TLS
# description: |
#   Users type their passwords into Kibana and carry its session cookie;
#   over plain http both can be read on the network. Judged per Kibana
#   instance. server.ssl.enabled true passes when a certificate and key
#   (server.ssl.certificate + server.ssl.key, or server.ssl.keystore.path)
#   are configured and, where read, the files exist and hold a private key;
#   without them Kibana refuses to start (fail). server.ssl.enabled false or
#   absent (the default) passes only for TLS terminated by a proxy, shown by
#   an https server.publicBaseUrl together with xpack.security.secureCookies
#   true; an https publicBaseUrl without secureCookies fails (the cookie
#   could travel over http). With --kibana-url, an endpoint that answers
#   plain http (an http URL, or an https URL whose port answers http) fails;
#   a completed handshake is reported in the message and, for an instance
#   whose kibana.yml was not read, decides the result; a probe that could
#   not connect only matters (unknown) when kibana.yml was not read.
# custom:
#   id: HTTPS-06
#   level: https
#   severity: high
#   component: kibana
#   remediation: kibana-server-tls
#   remediation_text: |
#     Create a CSR (bin/elasticsearch-certutil csr -name kibana-server -dns
#     <fqdn>), have it signed by a trusted CA, then set server.ssl.enabled:
#     true, server.ssl.certificate and server.ssl.key in kibana.yml (key
#     passphrase in kibana.keystore) and restart. Behind a TLS proxy instead,
#     set server.publicBaseUrl: https://<public name> and
#     xpack.security.secureCookies: true.
#   requires: [F, C, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.https.https_06

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

ssl := "server.ssl.enabled"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	fails := {m | some c in _aspects; m := _fail(kb, c)}
	unknowns := {m | some c in _aspects; m := _unknown(kb, c)}
	passes := {m | some c in _aspects; m := _pass(kb, c)}
	v := kibana.verdict(fails, unknowns, set(), passes)
	ev := {
		"server.ssl.enabled": object.get(settings.all(kb), [ssl, "value"], "(absent)"),
		"server.publicBaseUrl": object.get(settings.all(kb), ["server.publicBaseUrl", "value"], "(absent)"),
		"xpack.security.secureCookies": object.get(settings.all(kb), ["xpack.security.secureCookies", "value"], "(absent)"),
	}
}

_aspects := ["config", "files", "live"]

# ---- configuration

_has_pair(kb) if {
	settings.has_setting(kb, "server.ssl.certificate")
	settings.has_setting(kb, "server.ssl.key")
}

_has_pair(kb) if settings.has_setting(kb, "server.ssl.keystore.path")

_fail(kb, "config") := sprintf("%s is true (%s) but neither server.ssl.certificate with server.ssl.key nor server.ssl.keystore.path is set (Kibana refuses to start)", [ssl, settings.where(kb, ssl)]) if {
	kibana.ssl_enabled(kb)
	not _has_pair(kb)
}

_pass(kb, "config") := sprintf("%s is true (%s) with a certificate and key configured", [ssl, settings.where(kb, ssl)]) if {
	kibana.ssl_enabled(kb)
	_has_pair(kb)
}

_pass(kb, "config") := sprintf("TLS is terminated by a proxy: server.publicBaseUrl is %q (%s) and xpack.security.secureCookies is true (%s)", [kibana.public_base_url(kb), settings.where(kb, "server.publicBaseUrl"), settings.where(kb, "xpack.security.secureCookies")]) if {
	kibana.has_config(kb)
	not kibana.ssl_enabled(kb)
	kibana.public_base_https(kb)
	kibana.secure_cookies(kb)
}

_fail(kb, "config") := sprintf("%s and server.publicBaseUrl is %q (%s), so a TLS proxy seems to front Kibana, but xpack.security.secureCookies is not true: the session cookie may travel over http; expected secureCookies: true", [_ssl_state(kb), kibana.public_base_url(kb), settings.where(kb, "server.publicBaseUrl")]) if {
	kibana.has_config(kb)
	not kibana.ssl_enabled(kb)
	kibana.public_base_https(kb)
	not kibana.secure_cookies(kb)
}

_fail(kb, "config") := sprintf("%s and no TLS proxy is configured (server.publicBaseUrl https with xpack.security.secureCookies true): browsers reach Kibana over plain http; expected server.ssl.enabled: true", [_ssl_state(kb)]) if {
	kibana.has_config(kb)
	not kibana.ssl_enabled(kb)
	not kibana.public_base_https(kb)
}

_ssl_state(kb) := sprintf("%s is %q (%s)", [ssl, kb.settings[ssl].value, settings.where(kb, ssl)]) if settings.has_setting(kb, ssl)

else := sprintf("%s is not set (default false)", [ssl])

# ---- the files

_mats(kb) := [m | some m in tls.material(kb, "kibana.server"); m.role in {"keystore", "certificate", "key"}]

_fail(kb, "files") := concat("; ", sort(problems)) if {
	kibana.ssl_enabled(kb)
	problems := {p | some m in _mats(kb); p := _file_problem(kb, m)}
	count(problems) > 0
}

_file_problem(_, m) := sprintf("%s (%s) does not exist", [m.path, m.setting]) if m.exists == false

_file_problem(_, m) := sprintf("%s (%s) holds no private key", [m.path, m.setting]) if {
	m.readable == true
	m.role in {"keystore", "key"}
	not m.has_private_key == true
	not tls.key_not_opened(m)
}

_file_problem(_, m) := sprintf("%s (%s) holds no certificate", [m.path, m.setting]) if {
	m.readable == true
	m.role in {"keystore", "certificate"}
	count(lib.arr(m.certificates)) == 0
	not tls.key_not_opened(m)
}

_file_problem(_, m) := sprintf("%s (%s) holds a private key that does not belong to its certificate (Kibana refuses to start)", [m.path, m.setting]) if {
	m.key_matches_certificate == false
}

_file_problem(_, m) := sprintf("%s (%s) could not be opened, wrong password: %s (Kibana refuses to start)", [m.path, m.setting, object.get(m, "error", "")]) if {
	m.key_error == "wrong-password"
}

# Kibana takes server.ssl.keyPassphrase or server.ssl.keystore.password from
# kibana.yml or kibana.keystore: with the keystore's entries known and none
# set, an encrypted key cannot be loaded.
_file_problem(kb, m) := sprintf("%s (%s) is encrypted and no password is configured in kibana.yml or kibana.keystore (Kibana refuses to start)", [m.path, m.setting]) if {
	m.key_error == "encrypted-no-password"
	not keystores.password_may_hide(kb)
}

_unknown(kb, "files") := concat("; ", sort(reasons)) if {
	kibana.ssl_enabled(kb)
	reasons := {r | some m in _mats(kb); r := _file_unknown(kb, m)}
	count(reasons) > 0
}

_file_unknown(_, m) := sprintf("%s (%s) could not be read by essec: %s", [m.path, m.setting, object.get(m, "error", "no reason given")]) if {
	m.exists == true
	not m.readable == true
}

_file_unknown(_, m) := sprintf("%s (%s) could not be opened by essec, so whether Kibana can load it is unknown: %s", [m.path, m.setting, object.get(m, "error", "")]) if {
	m.key_error in {"unsupported", "unreadable"}
}

_file_unknown(kb, m) := sprintf("%s (%s) is encrypted and its password may be in kibana.keystore, which was not read", [m.path, m.setting]) if {
	m.key_error == "encrypted-no-password"
	keystores.password_may_hide(kb)
}

# ---- live

_fail(kb, "live") := sprintf("the live endpoint %s did not complete a TLS handshake and answers plain http", [kb.http.url]) if {
	t := kibana.live_tls(kb)
	not t.speaks_tls == true
	t.plain_http_answered == true
}

_fail(kb, "live") := sprintf("the live endpoint %s answers over plain http", [kb.http.url]) if {
	not kibana.live_tls(kb)
	kibana.reachable(kb)
	network.url_scheme(kb.http.url) == "http"
}

_unknown(kb, "live") := _live_unknown(kb)

_live_unknown(kb) := sprintf("the TLS probe of %s failed: %s", [kb.http.url, object.get(t, "error", "no TLS and no plain http answer")]) if {
	t := kibana.live_tls(kb)
	not t.speaks_tls == true
	not t.plain_http_answered == true
	not kibana.has_config(kb)
}

_pass(kb, "live") := sprintf("the live endpoint %s completed a TLS handshake", [kb.http.url]) if {
	kibana.live_tls_ok(kb)
}


_unknown(kb, "config") := kibana.no_config_reason(kb) if {
	not kibana.has_config(kb)
	not kibana.live_tls_ok(kb)
	not _fail(kb, "live")
	not _live_unknown(kb)
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
