package essec.checks.basic.bas_05_test

import data.essec.checks.basic.bas_05

yml := "/etc/elasticsearch/elasticsearch.yml"

tp := "xpack.security.transport.ssl."

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 8}

base := {
	"network.host": set("10.0.0.11"),
	"xpack.security.transport.ssl.enabled": set("true"),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12"),
	"xpack.security.transport.ssl.truststore.path": set("certs/transport.p12"),
}

leaf(eku) := {"subject": "CN=es01", "issuer": "CN=Elasticsearch security auto-configuration transport CA", "is_ca": false, "ext_key_usage": eku}

private_ca := {"subject": "CN=Elasticsearch security auto-configuration transport CA", "is_ca": true}

public_ca := {"subject": "CN=ISRG Root X1,O=Internet Security Research Group,C=US", "is_ca": true, "well_known_ca": true}

mat(setting, certs) := {"setting": setting, "context": "transport", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "certificates": certs, "has_private_key": true}

node(settings, material) := {"name": "es01", "config_file": yml, "settings": settings, "tls_material": material}

doc(nodes) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

ksp := concat("", [tp, "keystore.path"])

tsp := concat("", [tp, "truststore.path"])

test_private_ca_no_eku_passes if {
	m := [mat(ksp, [leaf([]), private_ca]), mat(tsp, [leaf([]), private_ca])]
	rs := bas_05.results with input as doc([node(base, m)])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "auto-configuration transport CA")
}

test_public_ca_fails if {
	m := [mat(ksp, [leaf([]), private_ca]), mat(tsp, [public_ca, private_ca])]
	rs := bas_05.results with input as doc([node(base, m)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "ISRG Root X1")
}

test_server_only_eku_fails if {
	m := [mat(ksp, [leaf(["serverAuth"]), private_ca]), mat(tsp, [private_ca])]
	rs := bas_05.results with input as doc([node(base, m)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "serverAuth")
}

test_both_eku_passes if {
	m := [mat(ksp, [leaf(["serverAuth", "clientAuth"]), private_ca]), mat(tsp, [private_ca])]
	statuses(bas_05.results) == {"pass"} with input as doc([node(base, m)])
}

test_no_trust_setting_fails if {
	s := object.remove(base, [tsp])
	statuses(bas_05.results) == {"fail"} with input as doc([node(s, [mat(ksp, [leaf([]), private_ca])])])
}

test_no_certificates_unknown_with_error if {
	m := [object.union(mat(ksp, []), {"error": "pkcs12: unknown digest algorithm"}), mat(tsp, [])]
	rs := bas_05.results with input as doc([node(base, m)])
	statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "unknown digest algorithm")
}

test_single_node_discovery_public_ca_warns if {
	s := object.union(base, {"discovery.type": set("single-node")})
	m := [mat(ksp, [leaf([]), private_ca]), mat(tsp, [public_ca])]
	statuses(bas_05.results) == {"warn"} with input as doc([node(s, m)])
}

test_dev_mode_not_applicable if {
	s := object.remove(base, ["network.host"])
	statuses(bas_05.results) == {"not_applicable"} with input as doc([node(s, [])])
}

# ---- verdict, which looks each part up once, says what the helpers say

helpers_verdict(node) := {"status": data.essec.lib.ladder.transport_status(node), "message": msg, "evidence": bas_05.evidence(node)} if {
	ps := bas_05.problems(node)
	count(ps) > 0
	msg := sprintf("%s%s%s", [concat("; ", sort(ps)), bas_05.note_text(node), data.essec.lib.ladder.relaxed_note(node)])
} else := {"status": "pass", "message": msg, "evidence": bas_05.evidence(node)} if {
	bas_05.examined(node)
	msg := sprintf("%s%s", [concat("; ", bas_05.good_parts(node)), bas_05.note_text(node)])
} else := {"status": "unknown", "message": msg, "evidence": {"observed": "(no certificate evidence)", "expected": "private transport CA"}} if {
	msg := sprintf("the transport certificates of %s were not examined: %s", [node.name, bas_05.collector_error(node)])
}

test_verdict_matches_the_helpers if {
	pem := object.union(object.remove(base, [ksp, tsp]), {"xpack.security.transport.ssl.certificate": set("n.crt"), "xpack.security.transport.ssl.certificate_authorities": set("ca.crt")})
	nodes := [
		node(base, [mat(ksp, [leaf([]), private_ca]), mat(tsp, [leaf([]), private_ca])]),
		node(base, [mat(ksp, [leaf([]), private_ca]), mat(tsp, [public_ca, private_ca])]),
		node(base, [mat(ksp, [leaf(["serverAuth"]), private_ca]), mat(tsp, [private_ca])]),
		node(object.remove(base, [tsp]), [mat(ksp, [leaf([]), private_ca])]),
		node(base, [object.union(mat(ksp, []), {"error": "pkcs12: unknown digest algorithm"}), mat(tsp, [])]),
		node(base, [mat(ksp, [leaf([])])]),
		node(base, [mat(tsp, [private_ca])]),
		node(object.union(base, {"discovery.type": set("single-node")}), [mat(ksp, [leaf([]), private_ca]), mat(tsp, [public_ca])]),
		node(pem, [mat(concat("", [tp, "certificate"]), [leaf(["clientAuth", "serverAuth"])]), mat(concat("", [tp, "certificate_authorities"]), [private_ca, public_ca])]),
	]
	every n in nodes {
		bas_05.verdict(n) == helpers_verdict(n) with input as doc([n])
	}
}
