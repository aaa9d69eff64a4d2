package essec.checks.hardening.hard_02_test

import data.essec.checks.hardening.hard_02
import data.essec.checks.hardening.testkit_test as t

tls_on := {"xpack.security.transport.ssl.enabled": t.set("true")}

test_default_with_tls_passes if {
	t.statuses(hard_02.results) == {"pass"} with input as t.doc("8.15.0", [t.node(tls_on)])
}

test_no_tls_not_applicable if {
	t.statuses(hard_02.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_old_protocol_fails if {
	rs := hard_02.results with input as t.doc("8.15.0", [t.node(object.union(tls_on, {"xpack.security.http.ssl.supported_protocols": t.setl(["TLSv1.2", "TLSv1.1"])}))])
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "TLSv1.1")
	contains(r.message, "elasticsearch.yml:8")
}

test_modern_protocols_pass if {
	rs := hard_02.results with input as t.doc("8.15.0", [t.node(object.union(tls_on, {"xpack.security.transport.ssl.supported_protocols": t.setl(["TLSv1.3", "TLSv1.2"])}))])
	t.statuses(rs) == {"pass"}
}

test_realm_protocols_judged if {
	rs := hard_02.results with input as t.doc("8.15.0", [t.node({"xpack.security.authc.realms.ldap.ldap1.ssl.supported_protocols": t.setl(["TLSv1"])})])
	t.statuses(rs) == {"fail"}
}

test_jvm_override_warns if {
	n := t.with_(t.node(tls_on), {"jvm_options": ["-Xms1g", "-Djava.security.properties=/etc/es/custom.security"]})
	rs := hard_02.results with input as t.doc("8.15.0", [n])
	t.status_of(rs, "java.security.properties") == {"warn"}
}

test_live_probe_accepting_tls10_fails if {
	d := object.union(t.doc("8.15.0", []), {"elasticsearch": {"nodes": [], "cluster": object.union(t.cluster({}), {"tls": [{"endpoint": "es01:9200", "speaks_tls": true, "accepts_tls10": true, "accepts_tls11": false}]})}})
	rs := hard_02.results with input as d
	t.statuses(rs) == {"fail"}
	some r in rs
	r.resource.endpoint == "es01:9200"
}

test_live_probe_refusing_passes_and_silences_jvm_warning if {
	n := t.with_(t.node(tls_on), {"jvm_options": ["-Djava.security.properties=/etc/es/custom.security"]})
	d := object.union(t.doc("8.15.0", [n]), {"elasticsearch": {"nodes": [n], "cluster": object.union(t.cluster({}), {"tls": [{"endpoint": "es01:9200", "speaks_tls": true, "accepts_tls10": false, "accepts_tls11": false}]})}})
	t.statuses(hard_02.results) == {"pass"} with input as d
}

test_kibana_set_weak_fails if {
	kb := t.kibana({"server.ssl.supportedProtocols": t.ksetl(["TLSv1", "TLSv1.2"])})
	rs := hard_02.results with input as t.doc_kb("8.15.0", [], [kb])
	t.statuses(rs) == {"fail"}
}

test_kibana_probe_fails if {
	kb := t.with_(t.kibana({}), {"http": {"url": "https://kb:5601", "reachable": true, "tls": {"endpoint": "kb:5601", "speaks_tls": true, "accepts_tls10": false, "accepts_tls11": true}}})
	t.statuses(hard_02.results) == {"fail"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_kibana_compose_json_array_weak_fails if {
	s := {"value": "[\"TLSv1.2\",\"TLSv1.1\"]", "list": ["[\"TLSv1.2\"", "\"TLSv1.1\"]"], "source": "compose", "file": "/srv/docker-compose.yml", "line": 30}
	kb := t.kibana({"server.ssl.supportedProtocols": s})
	rs := hard_02.results with input as t.doc_kb("8.15.0", [], [kb])
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "docker-compose.yml:30")
}

# A node that sets no supported_protocols passes with TLS on, whole result.
test_unset_with_tls_passes_whole_result if {
	rs := hard_02.results with input as t.doc("8.15.0", [t.node({"xpack.security.transport.ssl.enabled": t.set("true")})])
	rs == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "message": "no *.ssl.supported_protocols is set; the bundled JDK disables SSLv3, TLS 1.0 and TLS 1.1, so only TLS 1.2 and 1.3 are offered", "evidence": {"observed": "(default)", "expected": "no SSLv2Hello, SSLv3, TLSv1, TLSv1.1"}}}
	na := hard_02.results with input as t.doc("8.15.0", [t.node({})])
	na == {{"status": "not_applicable", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "message": "the node enables TLS on neither transport nor HTTP and sets no supported_protocols", "evidence": {}}}
}
