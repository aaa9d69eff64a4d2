# METADATA
# title: Kibana TLS protocols and ciphers not weakened
# description: |
#   TLS 1.0/1.1 and weak ciphers let an attacker on the network downgrade or
#   break the encryption of Kibana's browser endpoint. Judged per Kibana
#   instance that terminates TLS (server.ssl.enabled true; others are
#   not_applicable). server.ssl.supportedProtocols listing SSLv3, TLSv1 or
#   TLSv1.1 fails (even on 8.x, where Node.js refuses TLS 1.0/1.1 unless
#   node.options lowers its floor, which essec does not read). Unset: 9.x
#   defaults to TLSv1.2+TLSv1.3 and 8.x's Node.js floor is TLS 1.2 (pass);
#   7.x documents TLSv1.1 in its default list, a warn (set it explicitly);
#   unknown version is unknown. Tool policy for server.ssl.cipherSuites: an
#   entry that enables RC4, 3DES/DES, NULL, EXPORT, MD5 or anonymous
#   (ADH/AECDH/aNULL) suites fails; exclusions ("!RC4", "-MD5") are fine;
#   unset (Kibana's default list) passes.
# custom:
#   id: KIB-12
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Set server.ssl.supportedProtocols: ["TLSv1.2", "TLSv1.3"] in kibana.yml,
#     remove weak entries from server.ssl.cipherSuites (or the setting, to use
#     Kibana's default list), remove --tls-min-v1.0/--tls-min-v1.1 from
#     config/node.options, and restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_12

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings
import data.essec.lib.versions

protocols := "server.ssl.supportedProtocols"

ciphers := "server.ssl.cipherSuites"

weak_protocols := {"sslv2", "sslv3", "tlsv1", "tlsv1.0", "tlsv1.1"}

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), "Kibana does not terminate TLS (server.ssl.enabled is not true); the TLS proxy's protocols are not in evidence", {}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not kibana.ssl_enabled(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	kibana.ssl_enabled(kb)
	fails := {m | some c in ["protocols", "ciphers"]; m := _fail(kb, c)}
	warns := {m | some c in ["protocols"]; m := _warn(kb, c)}
	unknowns := {m | some c in ["protocols"]; m := _unknown(kb, c)}
	passes := {m | some c in ["protocols", "ciphers"]; m := _pass(kb, c)}
	v := kibana.verdict(fails, unknowns, warns, passes)
	ev := {protocols: settings.items(kb, protocols), ciphers: settings.items(kb, ciphers), "version": input.deployment.version}
}

# ---- protocols

_weak_protocols(kb) := [x | some x in settings.items(kb, protocols); lower(trim_space(x)) in weak_protocols]

_fail(kb, "protocols") := sprintf("%s (%s) enables %v; expected only TLSv1.2 and TLSv1.3", [protocols, settings.where(kb, protocols), _weak_protocols(kb)]) if {
	count(_weak_protocols(kb)) > 0
}

_pass(kb, "protocols") := sprintf("%s is %v (%s)", [protocols, settings.items(kb, protocols), settings.where(kb, protocols)]) if {
	settings.has_setting(kb, protocols)
	count(_weak_protocols(kb)) == 0
}

_pass(kb, "protocols") := sprintf("%s is not set; Kibana %s accepts TLS 1.2 and 1.3 only", [protocols, input.deployment.version]) if {
	not settings.has_setting(kb, protocols)
	versions.major >= 8
}

_warn(kb, "protocols") := sprintf("%s is not set; Kibana %s documents TLSv1.1 in its default list; expected [\"TLSv1.2\", \"TLSv1.3\"] set explicitly", [protocols, input.deployment.version]) if {
	not settings.has_setting(kb, protocols)
	versions.major < 8
}

_unknown(kb, "protocols") := sprintf("%s is not set and the version is unknown (%s): 7.x's default list includes TLSv1.1", [protocols, versions.version_hint]) if {
	not settings.has_setting(kb, protocols)
	not versions.version_known
}

# ---- ciphers

_tokens(kb) := [t |
	some item in settings.items(kb, ciphers)
	some t in regex.split(`[:, ]+`, item)
	t != ""
	not startswith(t, "!")
	not startswith(t, "-")
]

_weak_ciphers(kb) := [t | some t in _tokens(kb); regex.match(`(RC4|3DES|DES-CBC|(^|[-+_])DES($|[-_])|NULL|EXPORT|EXP-|MD5|ADH|AECDH|ANON)`, upper(t))]

_fail(kb, "ciphers") := sprintf("%s (%s) enables %v; expected no RC4, 3DES/DES, NULL, EXPORT, MD5 or anonymous suites", [ciphers, settings.where(kb, ciphers), _weak_ciphers(kb)]) if {
	count(_weak_ciphers(kb)) > 0
}

_pass(kb, "ciphers") := sprintf("%s (%s) adds no weak suite", [ciphers, settings.where(kb, ciphers)]) if {
	settings.has_setting(kb, ciphers)
	count(_weak_ciphers(kb)) == 0
} else := sprintf("%s is not set (Kibana's default list)", [ciphers]) if {
	not settings.has_setting(kb, ciphers)
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
