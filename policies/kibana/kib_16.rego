# METADATA
# title: Kibana's client certificate options towards Elasticsearch are safe
# description: |
#   Kibana can present a client certificate to Elasticsearch
#   (elasticsearch.ssl.certificate + elasticsearch.ssl.key, or
#   elasticsearch.ssl.keystore.path). Judged per Kibana instance from
#   kibana.yml. Fails: a certificate without its key or the reverse; the key
#   passphrase (elasticsearch.ssl.keyPassphrase) or a keystore or truststore
#   password written in clear text in kibana.yml or docker-compose.yml
#   (expected in kibana.keystore); elasticsearch.ssl.alwaysPresentCertificate
#   true with a client certificate while Elasticsearch has a PKI realm
#   (node settings xpack.security.authc.realms.pki.* or GET /_xpack/usage
#   realms.pki.enabled): users' proxied requests may then run as Kibana's
#   own identity. Tool policy: alwaysPresentCertificate true with a client
#   certificate when the PKI realm's presence is unknown (no node files, no
#   live usage) is a warn; with no PKI realm it passes. No client
#   certificate configured passes.
# custom:
#   id: KIB-16
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Configure elasticsearch.ssl.certificate and elasticsearch.ssl.key
#     together (or neither), move passphrases to kibana.keystore
#     (bin/kibana-keystore add elasticsearch.ssl.keyPassphrase), and leave
#     elasticsearch.ssl.alwaysPresentCertificate false when Elasticsearch
#     authenticates users with a PKI realm. Restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
#     - https://www.elastic.co/docs/deploy-manage/security/kibana-es-mutual-tls
package essec.checks.kibana.kib_16

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

crt := "elasticsearch.ssl.certificate"

key := "elasticsearch.ssl.key"

ks := "elasticsearch.ssl.keystore.path"

always := "elasticsearch.ssl.alwaysPresentCertificate"

secrets := ["elasticsearch.ssl.keyPassphrase", "elasticsearch.ssl.keystore.password", "elasticsearch.ssl.truststore.password"]

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	fails := ({m | some c in ["pair", "always"]; m := _fail(kb, c)} | _secret_fails(kb))
	warns := {m | m := _warn(kb, "always")}
	passes := {m | some c in ["cert", "always"]; m := _pass(kb, c)}
	v := kibana.verdict(fails, set(), warns, passes)
	ev := {
		"client_certificate": _client_cert(kb),
		always: object.get(kb.settings, [always, "value"], "(absent: false)"),
		"pki_realm": _pki_state,
	}
}

_client_cert(kb) if {
	settings.has_setting(kb, crt)
	settings.has_setting(kb, key)
} else if {
	settings.has_setting(kb, ks)
} else := false

# ---- certificate and key together

_fail(kb, "pair") := sprintf("%s is set (%s) without %s; expected both or neither", [crt, settings.where(kb, crt), key]) if {
	settings.has_setting(kb, crt)
	not settings.has_setting(kb, key)
}

_fail(kb, "pair") := sprintf("%s is set (%s) without %s; expected both or neither", [key, settings.where(kb, key), crt]) if {
	settings.has_setting(kb, key)
	not settings.has_setting(kb, crt)
}

_pass(kb, "cert") := sprintf("a client certificate is configured (%s)", [concat(", ", [sprintf("%s, %s", [n, settings.where(kb, n)]) | some n in [crt, key, ks]; settings.has_setting(kb, n)])]) if {
	_client_cert(kb) == true
} else := "Kibana presents no client certificate to Elasticsearch" if {
	not settings.has_setting(kb, crt)
	not settings.has_setting(kb, key)
	not settings.has_setting(kb, ks)
}

# ---- secrets in clear text

_secret_fails(kb) := {sprintf("%s is written in clear text in %s; expected it in kibana.keystore", [n, settings.where(kb, n)]) |
	some n in secrets
	not kibana.secret_in_keystore(kb, n)
	settings.clear_text(kb.settings[n])
}

# ---- alwaysPresentCertificate and PKI realms

_pki_nodes := {n.name |
	some n in lib.nodes
	some s, _ in n.settings
	regex.match(`^xpack\.security\.authc\.realms\.pki\.[^.]+\.`, s)
	parts := split(s, ".")
	not settings.is_false(n, concat(".", ["xpack.security.authc.realms.pki", parts[5], "enabled"]))
}

_pki_state := "enabled" if {
	count(_pki_nodes) > 0
} else := "enabled" if {
	lib.body("xpack_usage").security.realms.pki.enabled == true
} else := "absent" if {
	lib.body("xpack_usage").security.realms.pki.enabled == false
} else := "absent" if {
	count(lib.nodes) > 0
} else := "unknown"

_always_on(kb) if {
	settings.is_true(kb, always)
	_client_cert(kb) == true
}

_fail(kb, "always") := sprintf("%s is true (%s) and Elasticsearch has a PKI realm: users' proxied requests may run as Kibana's own identity; expected false", [always, settings.where(kb, always)]) if {
	_always_on(kb)
	_pki_state == "enabled"
}

_warn(kb, "always") := sprintf("%s is true (%s); whether Elasticsearch has a PKI realm is unknown (pass the node config or --url): with one, users' proxied requests may run as Kibana's identity", [always, settings.where(kb, always)]) if {
	_always_on(kb)
	_pki_state == "unknown"
}

_pass(kb, "always") := sprintf("%s is true (%s) but Elasticsearch has no PKI realm", [always, settings.where(kb, always)]) if {
	_always_on(kb)
	_pki_state == "absent"
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if {
	not kibana.no_kibana
	some r in lib.unreadable_node_results
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
