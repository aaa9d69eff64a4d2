# METADATA
# title: Kibana's server certificate is CA-issued and names the public host
# description: |
#   A self-signed certificate or one without the name users type trains
#   them to click through browser warnings, which a man in the middle then
#   exploits. Judged per Kibana instance on the leaf of its server.ssl
#   material (context kibana.server) when server.ssl.enabled is true; when
#   Kibana does not terminate TLS but a live TLS probe of --kibana-url saw a
#   certificate (a proxy's), that certificate is judged instead. A
#   self-signed leaf fails. The host of server.publicBaseUrl, else
#   server.host when it is a concrete, non-loopback name (not 0.0.0.0), else
#   the host of --kibana-url, must be a SAN (DNS names, a leading "*."
#   matching one label; IP SANs for an address); missing fails. Tool policy:
#   with no such host known the certificate is judged on self-signature
#   alone and the message says so (KIB-11 asks for publicBaseUrl). Unknown
#   when TLS is on but the certificate was not read; not_applicable when
#   Kibana serves plain http and no live certificate is known (HTTPS-06
#   reports it).
# custom:
#   id: HTTPS-07
#   level: https
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Have Kibana's certificate issued by your organisation's CA or a public
#     CA (e.g. Let's Encrypt) with the public host name users type as a DNS
#     SAN (bin/elasticsearch-certutil csr -name kibana-server -dns <fqdn>),
#     install it as server.ssl.certificate/server.ssl.key and restart Kibana.
#   requires: [C, F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.https.https_07

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

results contains kibana.no_kibana_result if kibana.no_kibana

_mats(kb) := [m | some m in tls.material(kb, "kibana.server"); m.role in {"keystore", "certificate"}]

# the certificate judged, and where it came from
_leaf(kb) := {"cert": ls[0], "from": "server.ssl material"} if {
	kibana.ssl_enabled(kb)
	ls := [l | some m in _mats(kb); m.readable == true; l := tls.server_leaf(m)]
	count(ls) > 0
} else := {"cert": kibana.live_tls(kb).certificates[0], "from": sprintf("the live TLS probe of %s", [kb.http.url])} if {
	count(lib.arr(kibana.live_tls(kb).certificates)) > 0
}

# the public host name users type
_host(kb) := {"host": network.url_host(kibana.public_base_url(kb)), "from": sprintf("server.publicBaseUrl (%s)", [settings.where(kb, "server.publicBaseUrl")])} if {
	network.url_host(kibana.public_base_url(kb)) != ""
} else := {"host": h, "from": sprintf("server.host (%s)", [settings.where(kb, "server.host")])} if {
	h := network.norm_host(kb.settings["server.host"].value)
	network.concrete_host(h)
	not network.is_loopback(h)
} else := {"host": network.url_host(kb.http.url), "from": "--kibana-url"} if {
	network.url_host(kb.http.url) != ""
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), "Kibana does not terminate TLS (server.ssl.enabled is not true) and no live certificate was seen (HTTPS-06 reports it)", {}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not kibana.ssl_enabled(kb)
	not _leaf(kb)
}

results contains lib.result("unknown", lib.kibana_resource(kb), msg, {}) if {
	some kb in lib.kibanas
	not _leaf(kb)
	msg := _why_unknown(kb)
}

_why_unknown(kb) := sprintf("server.ssl.enabled is true (%s) but the certificate was not read%s", [settings.where(kb, "server.ssl.enabled"), _errors(kb)]) if {
	kibana.ssl_enabled(kb)
} else := kibana.no_config_reason(kb) if {
	not kibana.has_config(kb)
}

_errors(kb) := sprintf(" (%s)", [concat("; ", errs)]) if {
	errs := [sprintf("%s: %s", [m.path, m.error]) | some m in _mats(kb); object.get(m, "error", "") != ""]
	count(errs) > 0
} else := ": pass Kibana's config directory with read access to server.ssl.certificate"

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	l := _leaf(kb)
	fails := {m | some c in ["self_signed", "name"]; m := _fail(kb, l, c)}
	passes := {m | some c in ["issuer", "name"]; m := _pass(kb, l, c)}
	v := kibana.verdict(fails, set(), set(), passes)
	ev := {"subject": l.cert.subject, "issuer": l.cert.issuer, "self_signed": object.get(l.cert, "self_signed", false), "names": tls.cert_names(l.cert), "expected_host": _expected_host(kb)}
}

_expected_host(kb) := _host(kb).host if _host(kb)

else := ""

_fail(kb, l, "self_signed") := sprintf("the certificate from %s (%s) is self-signed; expected one issued by a CA browsers trust", [l.from, l.cert.subject]) if {
	l.cert.self_signed == true
}

_pass(kb, l, "issuer") := sprintf("the certificate from %s is issued by %s", [l.from, l.cert.issuer]) if {
	not l.cert.self_signed == true
}

_fail(kb, l, "name") := sprintf("the certificate from %s (SANs %v) does not name %q, the host of %s", [l.from, tls.cert_names(l.cert), h.host, h.from]) if {
	h := _host(kb)
	not tls.covers(l.cert, h.host)
}

_pass(kb, l, "name") := sprintf("it names %q, the host of %s", [h.host, h.from]) if {
	h := _host(kb)
	tls.covers(l.cert, h.host)
} else := "no public host name is known (set server.publicBaseUrl), so the names were not compared" if {
	not _host(kb)
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
