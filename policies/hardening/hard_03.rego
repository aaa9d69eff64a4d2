# METADATA
# title: Cipher suites not weakened
# description: |
#   Elasticsearch's default cipher suites (those of the bundled JDK) are all
#   strong and FIPS-compliant, so *.ssl.cipher_suites should only ever
#   narrow them. Every *.ssl.cipher_suites setting of a node is judged:
#   a NULL, EXPORT, RC4, DES/3DES, anonymous (anon, ADH, AECDH) or MD5
#   suite fails. A TLS-enabled node without the setting passes (defaults); a
#   node with no TLS layer is not applicable. Kibana's server.ssl.cipherSuites
#   is judged when set, element by element (OpenSSL syntax: exclusions such
#   as !aNULL are fine; LOW, MEDIUM, EXP, aNULL, eNULL, DES, RC4 keywords are
#   weak); KIB-12 judges Kibana's defaults. Tool policy: Elastic gives no
#   mandatory list; the weak families are those every TLS guideline forbids.
# custom:
#   id: HARD-03
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Remove the weak suites from *.ssl.cipher_suites (or remove the setting
#     to use the JDK's defaults); for Kibana remove them from
#     server.ssl.cipherSuites. Restart the node or Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/fips-es
package essec.checks.hardening.hard_03

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.tls

suffix := "ssl.cipher_suites"

kibana_setting := "server.ssl.cipherSuites"

expected := "no NULL, EXPORT, RC4, DES/3DES, anonymous or MD5 suites"

weak(obj, name) := {c | some c in tls.cipher_elements(settings.items(obj, name)); tls.weak_cipher(c)}

results contains lib.result_setting("fail", lib.node_setting_resource(node, name), name, msg, {"observed": sort(bad), "expected": expected}) if {
	some node in lib.nodes
	some name in settings.settings_with_suffix(node, suffix)
	bad := weak(node, name)
	count(bad) > 0
	msg := sprintf("%s enables weak suites %s (%s); expected %s", [name, lib.names(bad), settings.where(node, name), expected])
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, name), name, msg, {"observed": count(settings.items(node, name)), "expected": expected}) if {
	some node in lib.nodes
	some name in settings.settings_with_suffix(node, suffix)
	count(weak(node, name)) == 0
	msg := sprintf("%s (%s) lists %d suites, none weak", [name, settings.where(node, name), count(settings.items(node, name))])
}

# A node that sets none is judged once, its result written out: pass
# with TLS, not applicable without.
results contains {"status": x[0], "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": x[1], "evidence": x[2]} if {
	some node in lib.nodes
	count(settings.settings_with_suffix(node, suffix)) == 0
	x := unset_verdict(node)
}

unset_verdict(node) := ["pass", "no *.ssl.cipher_suites is set; the JDK's default suites are used, all of them strong", {"observed": "(default)", "expected": expected}] if tls.node_tls_enabled(node)
else := ["not_applicable", "the node enables TLS on neither transport nor HTTP and sets no cipher_suites", {}]

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, kibana_setting), kibana_setting, msg, {"observed": sort(bad), "expected": expected}) if {
	some kb in lib.kibanas
	bad := weak(kb, kibana_setting)
	count(bad) > 0
	msg := sprintf("%s enables weak ciphers %s (%s); expected %s", [kibana_setting, lib.names(bad), settings.where(kb, kibana_setting), expected])
}

results contains lib.result_setting("pass", lib.kibana_setting_resource(kb, kibana_setting), kibana_setting, msg, {"observed": settings.items(kb, kibana_setting), "expected": expected}) if {
	some kb in lib.kibanas
	settings.has_setting(kb, kibana_setting)
	count(weak(kb, kibana_setting)) == 0
	msg := sprintf("%s (%s) names no weak cipher", [kibana_setting, settings.where(kb, kibana_setting)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
