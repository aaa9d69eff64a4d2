package essec.checks.https.https_02_test

import data.essec.checks.https.https_02
import data.essec.test.kibana_fixtures as f

on := {"xpack.security.http.ssl.enabled": f.eset("true"), "xpack.security.http.ssl.keystore.path": f.eset("certs/http.p12")}

p12 := object.union(f.material("http", "keystore", [f.cert(["es01"], [])]), {"setting": "xpack.security.http.ssl.keystore.path", "path": "/etc/elasticsearch/certs/http.p12", "password_source": "keystore"})

with_ks(n, entries, mats) := object.union(n, {"keystore": object.union(n.keystore, {"entries": entries}), "tls_material": mats})

test_keystore_form_passes if {
	n := with_ks(f.node("es01", on), ["keystore.seed", "xpack.security.http.ssl.keystore.secure_password"], [p12])
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "pass"
	some r in rs
	contains(r.message, "elasticsearch.keystore")
}

test_pem_without_password_passes if {
	s := {"xpack.security.http.ssl.enabled": f.eset("true"), "xpack.security.http.ssl.key": f.eset("k.pem"), "xpack.security.http.ssl.certificate": f.eset("c.pem")}
	mats := [
		object.union(f.material("http", "key", []), {"setting": "xpack.security.http.ssl.key", "path": "/k.pem"}),
		object.union(f.material("http", "certificate", [f.cert(["es01"], [])]), {"setting": "xpack.security.http.ssl.certificate", "path": "/c.pem"}),
	]
	f.only(https_02.results) == "pass" with input as f.doc("8.15.0", [with_ks(f.node("es01", s), [], mats)], [])
}

test_plain_password_fails if {
	s := object.union(on, {"xpack.security.http.ssl.keystore.password": f.eset("")})
	rs := https_02.results with input as f.doc("8.15.0", [with_ks(f.node("es01", s), [], [object.union(p12, {"password_source": "yaml"})])], [])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "xpack.security.http.ssl.keystore.secure_password")
	contains(r.message, "elasticsearch.yml:5")
}

test_no_material_fails if {
	f.only(https_02.results) == "fail" with input as f.doc("8.15.0", [f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")})], [])
}

test_both_forms_fail if {
	s := object.union(on, {"xpack.security.http.ssl.key": f.eset("k.pem")})
	f.only(https_02.results) == "fail" with input as f.doc("8.15.0", [with_ks(f.node("es01", s), [], [p12])], [])
}

test_missing_file_and_no_key_fail if {
	mats := [object.union(p12, {"exists": false, "readable": false, "certificates": [], "has_private_key": false})]
	rs := https_02.results with input as f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], mats)], [])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "does not exist")
}

test_key_without_private_key_fails if {
	mats := [object.union(p12, {"has_private_key": false})]
	f.only(https_02.results) == "fail" with input as f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], mats)], [])
}

test_unreadable_file_unknown if {
	mats := [object.union(p12, {"readable": false, "error": "permission denied", "certificates": []})]
	f.only(https_02.results) == "unknown" with input as f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], mats)], [])
}

test_locked_keystore_unknown if {
	n := object.union(f.node("es01", on), {"keystore": {"present": true, "readable": true, "password_protected": true, "decrypted": false}, "tls_material": [object.union(p12, {"readable": false, "error": "password required", "certificates": []})]})
	f.only(https_02.results) == "unknown" with input as f.doc("8.15.0", [n], [])
}

test_tls_off_not_applicable if {
	f.only(https_02.results) == "not_applicable" with input as f.doc("8.15.0", [f.node("es01", {})], [])
}

test_live_ssl_certificates if {
	c := f.cluster({"ssl_certificates": [
		{"path": "certs/http.p12", "alias": "http", "has_private_key": true},
		{"path": "certs/transport.p12", "alias": "t", "has_private_key": true},
	]}, [])
	d := f.with_cluster(f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], [p12])], []), c)
	rs := https_02.results with input as d
	f.statuses(rs) == {"pass"}
	count(rs) == 2
}

test_live_ssl_certificates_without_key_fails if {
	c := f.cluster({"ssl_certificates": [{"path": "certs/http.p12", "alias": "ca", "has_private_key": false}]}, [])
	d := f.with_cluster(f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], [p12])], []), c)
	f.statuses(https_02.results) == {"pass", "fail"} with input as d
}

test_live_ca_entry_without_key_is_fine if {
	c := f.cluster({"ssl_certificates": [
		{"path": "certs/http.p12", "alias": "http_ca", "has_private_key": false},
		{"path": "certs/http.p12", "alias": "http", "has_private_key": true},
	]}, [])
	d := f.with_cluster(f.doc("8.15.0", [with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], [p12])], []), c)
	f.statuses(https_02.results) == {"pass"} with input as d
}

# A keystore that holds neither a key nor a certificate (e.g. a wrong
# password) reports both problems in one result instead of a conflict.
test_keystore_without_key_and_certificate_fails_once if {
	m := {"setting": "xpack.security.http.ssl.keystore.path", "context": "http", "role": "keystore", "path": "/c/http.p12", "format": "pkcs12", "exists": true, "readable": true, "certificates": [], "has_private_key": false, "error": "wrong password"}
	n := {"name": "es01", "config_file": "/c/elasticsearch.yml", "settings": {"xpack.security.http.ssl.enabled": {"value": "true", "list": ["true"], "source": "file", "file": "/c/elasticsearch.yml", "line": 2}, "xpack.security.http.ssl.keystore.path": {"value": "http.p12", "list": ["http.p12"], "source": "file", "file": "/c/elasticsearch.yml", "line": 3}}, "tls_material": [m], "keystore": {"present": false, "entries": []}}
	rs := https_02.results with input as {"deployment": {"name": "d", "version": "8.15.1"}, "elasticsearch": {"nodes": [n], "cluster": null}, "kibana": []}
	some r in rs
	r.status == "fail"
	contains(r.message, "holds no private key")
	contains(r.message, "holds no certificate")
}
