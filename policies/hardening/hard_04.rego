# METADATA
# title: No verification_mode none anywhere
# description: |
#   verification_mode: none turns off certificate validation: Elastic calls
#   it "very dangerous", for support diagnostics only. Every
#   *.ssl.verification_mode of every node is judged (transport, HTTP,
#   remote cluster server and client, transport profiles, realms such as
#   LDAP/AD/SAML/OIDC/JWT, monitoring exporters, xpack.http for watcher and
#   webhooks, reindex.ssl), plus the dynamic ones set through the cluster
#   settings API; on Kibana every *.verificationMode
#   (elasticsearch.ssl.verificationMode, monitoring.ui.elasticsearch.ssl,
#   xpack.actions.ssl and custom host settings) and the legacy
#   xpack.actions.rejectUnauthorized: false. Any "none" fails; a component
#   with no "none" passes (the default everywhere is full). With only live
#   evidence the result is unknown: the API filters SSL settings out.
# custom:
#   id: HARD-04
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: verification-mode-certificate
#   remediation_text: |
#     Remove every verification_mode: none (Kibana: verificationMode: none)
#     or set it to full (certificate when host names cannot match), and give
#     the component the CA that signs the peer's certificate
#     (certificate_authorities / certificateAuthorities). Restart.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.hardening.hard_04

import data.essec.lib
import data.essec.lib.settings

none_settings(obj, suffix) := {name |
	some name in settings.settings_with_suffix(obj, suffix)
	lower(trim_space(obj.settings[name].value)) == "none" # settings.lower_value, written out
}

kibana_bad(kb) := none_settings(kb, ".verificationMode") | {name |
	name := "xpack.actions.rejectUnauthorized"
	settings.is_false(kb, name)
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, name), name, msg, {"observed": "none", "expected": "full or certificate"}) if {
	some node in lib.nodes
	some name in none_settings(node, ".verification_mode")
	msg := sprintf("%s is \"none\" (%s): certificates are not verified; expected \"full\" (or \"certificate\")", [name, settings.where(node, name)])
}

results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": msg, "evidence": {"observed": n, "expected": "no verification_mode none"}} if {
	some node in lib.nodes
	count(none_settings(node, ".verification_mode")) == 0
	n := count(settings.settings_with_suffix(node, ".verification_mode"))
	msg := sprintf("no *.ssl.verification_mode is \"none\" (%d set; the default is \"full\")", [n])
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, name), name, msg, {"observed": settings.value(kb, name), "expected": "full"}) if {
	some kb in lib.file_kibanas
	some name in kibana_bad(kb)
	msg := sprintf("%s is %q (%s): certificates are not verified; expected \"full\"", [name, settings.value(kb, name), settings.where(kb, name)])
}

results contains lib.result("pass", lib.kibana_resource(kb), msg, {"observed": count(settings.settings_with_suffix(kb, ".verificationMode")), "expected": "no verificationMode none"}) if {
	some kb in lib.file_kibanas
	count(kibana_bad(kb)) == 0
	msg := "no *.verificationMode is \"none\" (the default is \"full\")"
}

live_bad := none_settings(settings.live_dynamic, ".verification_mode")

any_live_bad if count(live_bad) > 0

results contains lib.result_setting("fail", lib.cluster_resource, name, msg, {"observed": "none", "expected": "full or certificate"}) if {
	some name in live_bad
	msg := sprintf("%s is \"none\" in %s; expected \"full\"", [name, settings.where(settings.live_dynamic, name)])
}

results contains lib.result("unknown", lib.cluster_resource, msg, {}) if {
	count(lib.nodes) == 0
	count(lib.file_kibanas) == 0
	lib.live
	not any_live_bad
	msg := "only live evidence was collected and the API filters SSL settings out: point essec at the nodes' config directories to judge verification_mode"
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
