package essec.checks.https.https_05_test

import data.essec.checks.https.https_05
import data.essec.test.kibana_fixtures as f

hosts := {"elasticsearch.hosts": f.klist(["https://es01:9200"])}

ca_mat := object.union(f.material("kibana.elasticsearch", "certificate_authorities", [f.ca_cert]), {"setting": "elasticsearch.ssl.certificateAuthorities", "path": "/etc/kibana/ca.pem"})

kbx(extra, mats, trust) := object.union(f.kb("kb01", object.union(hosts, extra)), {"tls_material": mats, "trust": trust})

with_ca := {"elasticsearch.ssl.certificateAuthorities": f.kset("/etc/kibana/ca.pem")}

es_node(leaf) := object.union(f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")}), {"tls_material": [f.material("http", "keystore", [leaf])]})

test_trusted_full_passes if {
	kb := kbx(with_ca, [ca_mat], [{"context": "kibana.elasticsearch", "leaf_sha256": "leaf", "leaf_path": "/etc/elasticsearch/certs/http.p12", "trusted": true}])
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_untrusted_fails if {
	kb := kbx(with_ca, [ca_mat], [{"context": "kibana.elasticsearch", "leaf_path": "/etc/elasticsearch/certs/http.p12", "trusted": false, "reason": "signed by unknown authority"}])
	rs := https_05.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "signed by unknown authority")
}

test_issuer_compared_without_trust_results if {
	kb := kbx(with_ca, [ca_mat], [])
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [es_node(f.cert(["es01"], []))], [kb])
	other := object.union(f.cert(["es01"], []), {"issuer": "CN=Other CA"})
	f.verdicts(https_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [es_node(other)], [kb])
}

test_verification_none_fails_with_location if {
	kb := kbx(object.union(with_ca, {"elasticsearch.ssl.verificationMode": f.kset_at("none", 12)}), [ca_mat], [])
	rs := https_05.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:12")
}

test_verification_certificate_warns if {
	kb := kbx(object.union(with_ca, {"elasticsearch.ssl.verificationMode": f.kset("certificate")}), [ca_mat], [])
	f.verdicts(https_05.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_ca_warns if {
	f.verdicts(https_05.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [es_node(f.cert(["es01"], []))], [kbx({}, [], [])])
}

test_no_ca_public_certificate_passes if {
	leaf := object.union(f.cert(["es.example.com"], []), {"well_known_ca": true})
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [es_node(leaf)], [kbx({}, [], [])])
}

test_missing_ca_file_fails if {
	kb := kbx(with_ca, [object.union(ca_mat, {"exists": false, "readable": false, "certificates": []})], [])
	f.verdicts(https_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_unreadable_ca_file_unknown if {
	kb := kbx(with_ca, [object.union(ca_mat, {"readable": false, "error": "permission denied", "certificates": []})], [])
	f.verdicts(https_05.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_plain_http_not_applicable if {
	kb := f.kb("kb01", {"elasticsearch.hosts": f.klist(["http://es01:9200"])})
	f.verdicts(https_05.results) == {"not_applicable kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.verdicts(https_05.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
