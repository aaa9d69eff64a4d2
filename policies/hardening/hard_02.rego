# METADATA
# title: TLS protocol versions restricted
# description: |
#   SSLv3, TLS 1.0 and TLS 1.1 have known weaknesses. Every
#   *.ssl.supported_protocols setting of a node (transport, HTTP, remote
#   cluster, transport profiles, realms, monitoring exporters, xpack.http,
#   reindex) is judged: naming SSLv2Hello, SSLv3, TLSv1 or TLSv1.1 fails.
#   Without the setting Elasticsearch's documented default still lists
#   TLSv1.1, but the bundled JDK disables TLS 1.0/1.1 (jdk.tls.disabledAlgorithms),
#   so a TLS-enabled node with no setting passes; a node with no TLS layer is
#   not applicable. A -Djava.security.properties JVM option can re-enable old
#   protocols through a custom java.security file essec does not read: warn,
#   unless live probes showed every endpoint refusing TLS 1.0 and 1.1.
#   Live evidence: a TLS 1.0 or 1.1 handshake accepted by an Elasticsearch
#   endpoint or by Kibana (--kibana-url) fails; refused passes.
#   Kibana's server.ssl.supportedProtocols is judged here only when set
#   (KIB-12 judges Kibana's defaults).
# custom:
#   id: HARD-02
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: tls-protocols
#   remediation_text: |
#     Set *.ssl.supported_protocols: [ "TLSv1.3", "TLSv1.2" ] (Kibana:
#     server.ssl.supportedProtocols: [TLSv1.2, TLSv1.3]) and remove any JVM
#     option or java.security override that re-enables TLS 1.0/1.1. Restart
#     the node.
#   requires: [F, P]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/supported-ssltls-versions-by-jdk-version
package essec.checks.hardening.hard_02

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.tls

suffix := "ssl.supported_protocols"

kibana_setting := "server.ssl.supportedProtocols"

expected := "no SSLv2Hello, SSLv3, TLSv1, TLSv1.1"

weak(obj, name) := {p | some p in settings.items(obj, name); tls.weak_protocol(p)}

# ---------------------------------------------------------------- nodes

results contains lib.result_setting("fail", lib.node_setting_resource(node, name), name, msg, {"observed": settings.items(node, name), "expected": expected}) if {
	some node in lib.nodes
	some name in settings.settings_with_suffix(node, suffix)
	bad := weak(node, name)
	count(bad) > 0
	msg := sprintf("%s enables %s (%s); expected only TLSv1.2 and TLSv1.3", [name, lib.names(bad), settings.where(node, name)])
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, name), name, msg, {"observed": settings.items(node, name), "expected": expected}) if {
	some node in lib.nodes
	some name in settings.settings_with_suffix(node, suffix)
	count(weak(node, name)) == 0
	msg := sprintf("%s is %q (%s)", [name, settings.value(node, name), settings.where(node, name)])
}

# A node that sets none is judged once, its result written out: pass
# with TLS, not applicable without.
results contains {"status": x[0], "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": x[1], "evidence": x[2]} if {
	some node in lib.nodes
	count(settings.settings_with_suffix(node, suffix)) == 0
	x := unset_verdict(node)
}

unset_verdict(node) := ["pass", "no *.ssl.supported_protocols is set; the bundled JDK disables SSLv3, TLS 1.0 and TLS 1.1, so only TLS 1.2 and 1.3 are offered", {"observed": "(default)", "expected": expected}] if tls.node_tls_enabled(node)
else := ["not_applicable", "the node enables TLS on neither transport nor HTTP and sets no supported_protocols", {}]

# ---------------------------------------------------------------- JVM override

jvm_override(node) := o if {
	some o in lib.arr(object.get(node, "jvm_options", []))
	startswith(trim_space(o), "-Djava.security.properties=")
}

probes := lib.arr(lib.cluster.tls) if lib.cluster != null
else := []

probed_ok(p) if {
	p.accepts_tls10 == false
	p.accepts_tls11 == false
}

all_probes_refuse if {
	count(probes) > 0
	every p in probes {
		probed_ok(p)
	}
}

results contains lib.result_setting("warn", lib.node_resource(node), "java.security.properties", msg, {"observed": o, "expected": "no override of the JDK's disabled TLS protocols"}) if {
	some node in lib.nodes
	o := jvm_override(node)
	not all_probes_refuse
	msg := sprintf("JVM option %q points at a custom java.security file, which can re-enable TLS 1.0/1.1 (jdk.tls.disabledAlgorithms); essec does not read it: check it", [o])
}

# ---------------------------------------------------------------- live probes

old_accepted(p) := {v |
	some k, v in {"accepts_tls10": "TLS 1.0", "accepts_tls11": "TLS 1.1"}
	p[k] == true
}

probe_resource(p) := object.union(lib.cluster_resource, {"endpoint": p.endpoint})

results contains lib.result("fail", probe_resource(p), msg, {"observed": lib.names(old), "expected": "TLS 1.0 and 1.1 refused"}) if {
	some p in probes
	old := old_accepted(p)
	count(old) > 0
	msg := sprintf("%s accepted a %s handshake (live probe); expected it refused", [p.endpoint, concat(" and ", sort(old))])
}

results contains lib.result("pass", probe_resource(p), msg, {"observed": "refused", "expected": "TLS 1.0 and 1.1 refused"}) if {
	some p in probes
	probed_ok(p)
	msg := sprintf("%s refused TLS 1.0 and TLS 1.1 handshakes (live probe)", [p.endpoint])
}

# ---------------------------------------------------------------- Kibana

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, kibana_setting), kibana_setting, msg, {"observed": settings.items(kb, kibana_setting), "expected": expected}) if {
	some kb in lib.kibanas
	bad := weak(kb, kibana_setting)
	count(bad) > 0
	msg := sprintf("%s enables %s (%s); expected only TLSv1.2 and TLSv1.3", [kibana_setting, lib.names(bad), settings.where(kb, kibana_setting)])
}

results contains lib.result_setting("pass", lib.kibana_setting_resource(kb, kibana_setting), kibana_setting, msg, {"observed": settings.items(kb, kibana_setting), "expected": expected}) if {
	some kb in lib.kibanas
	settings.has_setting(kb, kibana_setting)
	count(weak(kb, kibana_setting)) == 0
	msg := sprintf("%s is %q (%s)", [kibana_setting, settings.value(kb, kibana_setting), settings.where(kb, kibana_setting)])
}

kibana_probe_resource(kb) := object.union(lib.kibana_resource(kb), {"endpoint": kb.http.url})

results contains lib.result("fail", kibana_probe_resource(kb), msg, {"observed": lib.names(old), "expected": "TLS 1.0 and 1.1 refused"}) if {
	some kb in lib.kibanas
	old := old_accepted(kb.http.tls)
	count(old) > 0
	msg := sprintf("Kibana %s accepted a %s handshake (live probe); expected it refused", [kb.http.url, concat(" and ", sort(old))])
}

results contains lib.result("pass", kibana_probe_resource(kb), msg, {"observed": "refused", "expected": "TLS 1.0 and 1.1 refused"}) if {
	some kb in lib.kibanas
	probed_ok(kb.http.tls)
	msg := sprintf("Kibana %s refused TLS 1.0 and TLS 1.1 handshakes (live probe)", [kb.http.url])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
