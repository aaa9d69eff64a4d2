package essec.checks.hardening.hard_08_test

import data.essec.checks.hardening.hard_08
import data.essec.checks.hardening.testkit_test as t

ca := t.cert("CN=ca", "CN=ca", "2030-01-01T00:00:00Z", {"is_ca": true, "self_signed": true})

with_certs(certs) := t.with_(t.node({"xpack.security.http.ssl.enabled": t.set("true")}), {"tls_material": [t.material("http", "keystore", "/etc/elasticsearch/certs/http.p12", certs)]})

test_ca_issued_passes if {
	rs := hard_08.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {}), ca])])
	t.statuses(rs) == {"pass"}
	count(rs) == 1
}

test_self_signed_leaf_fails if {
	rs := hard_08.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=es01", "2027-01-01T00:00:00Z", {"self_signed": true})])])
	t.statuses(rs) == {"fail"}
	some r in rs
	r.resource.file == "/etc/elasticsearch/certs/http.p12"
	contains(r.message, "http.p12")
}

test_kibana_self_signed_fails if {
	m := object.union(t.material("kibana.server", "certificate", "/etc/kibana/kibana.crt", [t.cert("CN=kb", "CN=kb", "2027-01-01T00:00:00Z", {"self_signed": true})]), {"setting": "server.ssl.certificate"})
	kb := t.with_(t.kibana({"server.ssl.enabled": t.kset("true")}), {"tls_material": [m]})
	t.statuses(hard_08.results) == {"fail"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_truststore_ca_only_unknown if {
	n := t.with_(t.node({"xpack.security.transport.ssl.enabled": t.set("true")}), {"tls_material": [t.material("transport", "certificate_authorities", "/etc/elasticsearch/certs/ca.crt", [ca])]})
	t.statuses(hard_08.results) == {"unknown"} with input as t.doc("8.15.0", [n])
}

test_no_tls_not_applicable if {
	t.statuses(hard_08.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_same_file_as_keystore_and_truststore if {
	leaf := t.cert("CN=es01", "CN=es01", "2027-01-01T00:00:00Z", {"self_signed": true})
	m1 := t.material("transport", "keystore", "/etc/elasticsearch/certs/elastic-certificates.p12", [leaf])
	m2 := object.union(m1, {"role": "truststore", "setting": "xpack.security.transport.ssl.truststore.path"})
	n := t.with_(t.node({"xpack.security.transport.ssl.enabled": t.set("true")}), {"tls_material": [m2, m1]})
	rs := hard_08.results with input as t.doc("8.15.0", [n])
	t.statuses(rs) == {"fail"}
	count(rs) == 1
}

# The pass and fail messages name the certificate and its file.
test_messages_name_certificate_and_file if {
	d := t.doc("8.15.0", [t.with_(t.node({"xpack.security.transport.ssl.enabled": t.set("true")}), {"tls_material": [t.material("transport", "keystore", "/etc/elasticsearch/certs/transport.p12", [
		t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {}),
		t.cert("CN=es02", "CN=es02", "2027-01-01T00:00:00Z", {"self_signed": true}),
	])]})])
	rs := hard_08.results with input as d
	t.verdicts(rs) == {"pass certificate/CN=es01", "fail certificate/CN=es02"}
	some r1 in rs
	r1.message == "certificate \"CN=es01\" (transport.p12) is issued by \"CN=ca\""
	r1.resource == {"kind": "certificate", "name": "CN=es01", "file": "/etc/elasticsearch/certs/transport.p12", "sha256": "CN=es01"}
	some r2 in rs
	r2.message == "certificate \"CN=es02\" (transport.p12) is self-signed (issuer \"CN=es02\"); expected a certificate issued by a CA"
}
