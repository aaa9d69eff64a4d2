package essec.checks.hardening.hard_06_test

import data.essec.checks.hardening.hard_06
import data.essec.checks.hardening.testkit_test as t

ca := t.cert("CN=ca", "CN=ca", "2030-01-01T00:00:00Z", {"is_ca": true, "self_signed": true})

with_certs(certs) := t.with_(t.node({"xpack.security.transport.ssl.enabled": t.set("true")}), {"tls_material": [t.material("transport", "keystore", "/etc/elasticsearch/certs/transport.p12", certs)]})

test_valid_passes if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {}), ca])])
	t.statuses(rs) == {"pass"}
	count(rs) == 2
}

test_expired_fails if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2025-05-01T00:00:00Z", {}), ca])])
	some r in rs
	r.status == "fail"
	r.resource == {"kind": "certificate", "name": "CN=es01", "file": "/etc/elasticsearch/certs/transport.p12", "sha256": "CN=es01"}
	contains(r.message, "expired on 2025-05-01T00:00:00Z")
}

# Two certificates with one subject in one file (a renewed leaf beside the
# old one) are two resources: their sha256 tells them apart.
test_same_subject_two_resources if {
	old := t.cert("CN=es01", "CN=ca", "2025-05-01T00:00:00Z", {"sha256": "aa11", "serial": "1"})
	new := t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {"sha256": "bb22", "serial": "2"})
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([old, new])])
	{r.resource.sha256: r.status | some r in rs} == {"aa11": "fail", "bb22": "pass"}
}

# One unreadable file named by two settings gives one result for the file
# (one resource, one fingerprint) that names both settings.
test_unreadable_material_names_its_settings if {
	p := "/etc/elasticsearch/certs/transport.p12"
	ks := object.union(t.material("transport", "keystore", p, []), {"error": "wrong password"})
	ts := object.union(ks, {"setting": "xpack.security.transport.ssl.truststore.path", "role": "truststore"})
	n := t.with_(t.node({}), {"tls_material": [ks, ts]})
	rs := hard_06.results with input as t.doc("8.15.0", [n])
	us := [r | some r in rs; r.status == "unknown"; r.resource.file == p]
	count(us) == 1
	sort(us[0].evidence.settings) == ["xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.truststore.path"]
}

test_expiring_warns if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2025-06-20T00:00:00Z", {})])])
	t.statuses(rs) == {"warn"}
}

test_not_yet_valid_fails if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2027-06-20T00:00:00Z", {"not_before": "2026-01-01T00:00:00Z"})])])
	t.statuses(rs) == {"fail"}
}

test_ca_dies_before_leaf_warns if {
	short_ca := t.cert("CN=ca", "CN=ca", "2026-01-01T00:00:00Z", {"is_ca": true, "self_signed": true})
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {}), short_ca])])
	some r in rs
	r.resource.name == "CN=ca"
	r.status == "warn"
	contains(r.message, "CN=es01")
}

# One CA certificate in the same file on two nodes is one resource: one
# result, for that certificate in that file.
test_same_ca_on_two_nodes_judged_once if {
	n2 := t.with_(with_certs([ca]), {"name": "es02"})
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([ca]), n2])
	count(rs) == 1
	some r in rs
	r.status == "pass"
	r.resource == {"kind": "certificate", "name": "CN=ca", "file": "/etc/elasticsearch/certs/transport.p12", "sha256": "CN=ca"}
}

test_unreadable_material_unknown if {
	m := object.union(t.material("http", "keystore", "/etc/elasticsearch/certs/http.p12", []), {"error": "wrong password"})
	n := t.with_(t.node({}), {"tls_material": [m]})
	rs := hard_06.results with input as t.doc("8.15.0", [n])
	t.statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "wrong password")
}

test_tls_on_without_material_unknown if {
	t.statuses(hard_06.results) == {"unknown"} with input as t.doc("8.15.0", [t.node({"xpack.security.http.ssl.enabled": t.set("true")})])
}

test_no_tls_not_applicable if {
	t.statuses(hard_06.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_live_ssl_certificates if {
	body := [
		{"path": "certs/e.p12", "format": "PKCS12", "alias": "instance", "subject_dn": "CN=old", "serial_number": "a2", "has_private_key": true, "expiry": "2021-01-15T20:42:49.000Z"},
		{"path": "certs/e.p12", "format": "PKCS12", "alias": "ca", "subject_dn": "CN=ca", "serial_number": "a1", "has_private_key": false, "expiry": "2030-01-15T20:42:49.000Z"},
		{"path": "certs/e.p12", "format": "PKCS12", "alias": "ca2", "subject_dn": "CN=ca", "serial_number": "a1", "has_private_key": false, "expiry": "2030-01-15T20:42:49.000Z"},
	]
	rs := hard_06.results with input as t.live_doc("8.15.0", [], {"ssl_certificates": body})
	count(rs) == 2

	# the CA listed under two aliases is judged once
	{[r.status, r.resource.name, r.resource.file, r.resource.endpoint] | some r in rs} == {
		["fail", "CN=old", "certs/e.p12", "https://es01:9200"],
		["pass", "CN=ca", "certs/e.p12", "https://es01:9200"],
	}
}

test_live_duplicate_of_file_cert_judged_once if {
	n := with_certs([t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {"serial": "0a2f"})])
	body := [{"path": "certs/transport.p12", "format": "PKCS12", "alias": "instance", "subject_dn": "CN=es01", "serial_number": "a2f", "has_private_key": true, "expiry": "2027-01-01T00:00:00.000Z"}]
	rs := hard_06.results with input as t.live_doc("8.15.0", [n], {"ssl_certificates": body})
	count(rs) == 1
	some r in rs
	r.status == "pass"

	# the file's certificate (with its sha256), not the live copy
	r.resource == {"kind": "certificate", "name": "CN=es01", "file": "/etc/elasticsearch/certs/transport.p12", "sha256": "CN=es01"}
}

# A leaf valid beyond the window passes in one pass (valid); a CA that
# outlives what it issued passes through verdict: the messages, resources
# and evidence read alike.
test_valid_leaf_and_ca_pass_alike if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {}), ca])])
	some r1 in rs
	r1.resource == {"kind": "certificate", "name": "CN=es01", "file": "/etc/elasticsearch/certs/transport.p12", "sha256": "CN=es01"}
	r1.setting == "xpack.security.transport.ssl.keystore.path"
	regex.match(`^certificate "CN=es01" \(transport\.p12\) is valid until 2027-01-01T00:00:00Z \([0-9]+ days\)$`, r1.message)
	r1.evidence.observed == "2027-01-01T00:00:00Z"
	r1.evidence.sha256 == "CN=es01"
	r1.evidence.locations == ["/etc/elasticsearch/certs/transport.p12"]
	some r2 in rs
	r2.resource.name == "CN=ca"
	regex.match(`^certificate "CN=ca" \(transport\.p12\) is valid until 2030-01-01T00:00:00Z \([0-9]+ days\)$`, r2.message)
}

# A leaf not yet valid is judged by verdict, not passed.
test_not_yet_valid_fails if {
	rs := hard_06.results with input as t.doc("8.15.0", [with_certs([t.cert("CN=es01", "CN=ca", "2030-01-01T00:00:00Z", {"not_before": "2029-01-01T00:00:00Z"})])])
	t.verdicts(rs) == {"fail certificate/CN=es01"}
}
