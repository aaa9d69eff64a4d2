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

# ---- key material that did not open is never "loadable" (issue 9, item 5)

pem_on := {"xpack.security.http.ssl.enabled": f.eset("true"), "xpack.security.http.ssl.key": f.eset("http.key"), "xpack.security.http.ssl.certificate": f.eset("http.crt")}

pem_mats(key_extra) := [
	object.union(f.material("http", "key", []), object.union({"setting": "xpack.security.http.ssl.key", "path": "/etc/elasticsearch/http.key"}, key_extra)),
	object.union(f.material("http", "certificate", [f.cert(["es01"], [])]), {"setting": "xpack.security.http.ssl.certificate", "path": "/etc/elasticsearch/http.crt"}),
]

encrypted_no_pw := {"error": "encrypted key not decrypted: no passphrase is configured", "key_error": "encrypted-no-password"}


test_encrypted_key_without_passphrase_fails_when_keystore_known if {
	n := with_ks(f.node("es01", pem_on), ["keystore.seed"], pem_mats(encrypted_no_pw))
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "fail"
	some r in rs
	r.resource.kind == "node"
	r.resource.name == "es01"
	contains(r.message, "is encrypted and no password is configured")
	contains(r.message, "secure_key_passphrase")
}

test_encrypted_key_without_passphrase_unknown_when_keystore_locked if {
	n := object.union(f.node("es01", pem_on), {
		"keystore": {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []},
		"tls_material": pem_mats(encrypted_no_pw),
	})
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "unknown"
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "may be in elasticsearch.keystore")
}

test_wrong_key_passphrase_fails if {
	extra := {"error": "wrong password: the key passphrase from keystore (xpack.security.http.ssl.secure_key_passphrase) does not open it", "key_error": "wrong-password"}
	n := with_ks(f.node("es01", pem_on), ["xpack.security.http.ssl.secure_key_passphrase"], pem_mats(extra))
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "fail"
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "wrong password")
}

test_wrong_pkcs12_password_fails_without_side_findings if {
	m := object.union(p12, {"error": "wrong password: the PKCS#12 password from keystore (xpack.security.http.ssl.keystore.secure_password) does not open it", "key_error": "wrong-password", "certificates": [], "has_private_key": false})
	n := with_ks(f.node("es01", on), ["xpack.security.http.ssl.keystore.secure_password"], [m])
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "fail"
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "wrong password")
	not contains(r.message, "holds no private key")
}

test_unsupported_key_unknown_not_pass if {
	extra := {"error": "encrypted key not decrypted: encryption scheme 1.2.840.113549.1.5.3 is not supported", "key_error": "unsupported"}
	n := with_ks(f.node("es01", pem_on), ["xpack.security.http.ssl.secure_key_passphrase"], pem_mats(extra))
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "unknown"
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "could not be opened by essec")
}

test_key_mismatch_fails if {
	extra := {"key_matches_certificate": false, "key_error": "mismatch"}
	n := with_ks(f.node("es01", pem_on), [], pem_mats(extra))
	rs := https_02.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "fail"
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "does not belong to its certificate")
}

# ---- the common path (_verdict's first body) gives what the full path gives

common_nodes := [
	with_ks(f.node("es01", on), ["keystore.seed", "xpack.security.http.ssl.keystore.secure_password"], [p12]),
	with_ks(f.node("es01", on), [], [object.union(p12, {"password_source": "none"})]),
	with_ks(f.node("es01", pem_on), [], pem_mats({})),
	with_ks(f.node("es01", pem_on), ["xpack.security.http.ssl.secure_key_passphrase"], pem_mats({"password_source": "keystore"})),
	with_ks(f.node("es01", pem_on), [], pem_mats({"password_source": "keystore"})),
]

test_common_path_matches_full_path if {
	every n in common_nodes {
		https_02._clean(n, https_02._mats(n))
		https_02._verdict(n) == https_02._full_verdict(n)
		https_02._verdict(n).status == "pass"
	}
}

# Anything the common path does not cover leaves it.
test_common_path_left_for_problems if {
	pw := object.union(pem_on, {"xpack.security.http.ssl.key_passphrase": f.eset("x")})
	both := object.union(pem_on, {"xpack.security.http.ssl.keystore.path": f.eset("http.p12")})
	nodes := [
		with_ks(f.node("es01", pem_on), [], pem_mats(encrypted_no_pw)),
		with_ks(f.node("es01", pem_on), [], pem_mats({"has_private_key": false})),
		with_ks(f.node("es01", pem_on), [], [pem_mats({})[1]]),
		with_ks(f.node("es01", pw), [], pem_mats({})),
		with_ks(f.node("es01", both), [], pem_mats({})),
		with_ks(f.node("es01", on), [], [object.union(p12, {"certificates": []})]),
	]
	every n in nodes {
		not https_02._clean(n, https_02._mats(n))
	}
}
