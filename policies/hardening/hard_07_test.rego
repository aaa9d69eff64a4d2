package essec.checks.hardening.hard_07_test

import data.essec.checks.hardening.hard_07
import data.essec.checks.hardening.testkit_test as t

with_certs(certs) := t.with_(t.node({"xpack.security.transport.ssl.enabled": t.set("true")}), {"tls_material": [t.material("transport", "keystore", "/etc/elasticsearch/certs/transport.p12", certs)]})

leaf(extra) := t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", extra)

test_strong_passes if {
	rs := hard_07.results with input as t.doc("8.15.0", [with_certs([leaf({"key_bits": 4096}), t.cert("CN=ca", "CN=ca", "2030-01-01T00:00:00Z", {"is_ca": true, "self_signed": true, "key_algorithm": "EC", "key_bits": 384, "signature_algorithm": "ECDSA-SHA384"})])])
	t.verdicts(rs) == {"pass certificate/CN=es01", "pass certificate/CN=ca"}
}

test_small_rsa_fails if {
	rs := hard_07.results with input as t.doc("8.15.0", [with_certs([leaf({"key_bits": 1024})])])
	t.verdicts(rs) == {"fail certificate/CN=es01"}
	some r in rs
	contains(r.message, "1024 bits")
	contains(r.message, "transport.p12")
}

test_small_ec_fails if {
	t.verdicts(hard_07.results) == {"fail certificate/CN=es01"} with input as t.doc("8.15.0", [with_certs([leaf({"key_algorithm": "EC", "key_bits": 224, "signature_algorithm": "ECDSA-SHA256"})])])
}

test_sha1_leaf_fails if {
	t.verdicts(hard_07.results) == {"fail certificate/CN=es01"} with input as t.doc("8.15.0", [with_certs([leaf({"signature_algorithm": "SHA1-RSA"})])])
}

test_sha1_self_signed_root_exempt if {
	root := t.cert("CN=ca", "CN=ca", "2030-01-01T00:00:00Z", {"is_ca": true, "self_signed": true, "signature_algorithm": "SHA1-RSA"})
	rs := hard_07.results with input as t.doc("8.15.0", [with_certs([root])])
	t.verdicts(rs) == {"pass certificate/CN=ca"}
	some r in rs
	contains(r.message, "not relied upon")
}

test_sha1_intermediate_ca_fails if {
	inter := t.cert("CN=sub", "CN=ca", "2030-01-01T00:00:00Z", {"is_ca": true, "signature_algorithm": "SHA1-RSA"})
	t.verdicts(hard_07.results) == {"fail certificate/CN=sub"} with input as t.doc("8.15.0", [with_certs([inter])])
}

test_fips_rsa_2048_warns if {
	t.verdicts(hard_07.results) == {"warn certificate/CN=es01"} with input as t.fips_doc("8.15.0", [with_certs([leaf({})])])
}

test_dsa_warns if {
	t.verdicts(hard_07.results) == {"warn certificate/CN=es01"} with input as t.doc("8.15.0", [with_certs([leaf({"key_algorithm": "unknown", "key_bits": 0, "signature_algorithm": "DSA-SHA256"})])])
}

test_no_tls_not_applicable if {
	t.verdicts(hard_07.results) == {"not_applicable cluster/d"} with input as t.doc("8.15.0", [t.node({})])
}

test_tls_without_material_unknown if {
	t.verdicts(hard_07.results) == {"unknown cluster/d"} with input as t.doc("8.15.0", [t.node({"xpack.security.transport.ssl.enabled": t.set("true")})])
}

# A sound certificate passes in one pass (sound), any other through
# problems: both give the same message, with the resource and evidence.
test_sound_and_judged_passes_read_alike if {
	rs := hard_07.results with input as t.doc("8.15.0", [with_certs([
		leaf({"key_bits": 4096}),
		t.cert("CN=es02", "CN=ca", "2027-01-01T00:00:00Z", {"signature_algorithm": "SHA256withRSA"}),
	])])
	t.verdicts(rs) == {"pass certificate/CN=es01", "pass certificate/CN=es02"}
	some r1 in rs
	r1.resource.name == "CN=es01"
	r1.message == "certificate \"CN=es01\" (transport.p12): RSA 4096-bit key, SHA256-RSA signature"
	r1.evidence.observed == {"key_algorithm": "RSA", "key_bits": 4096, "signature_algorithm": "SHA256-RSA"}
	r1.resource.file == "/etc/elasticsearch/certs/transport.p12"
	some r2 in rs
	r2.resource.name == "CN=es02"
	r2.message == "certificate \"CN=es02\" (transport.p12): RSA 2048-bit key, SHA256withRSA signature"
}

# Under FIPS 140 an RSA key of 3072 bits is sound.
test_fips_rsa_3072_passes if {
	t.verdicts(hard_07.results) == {"pass certificate/CN=es01"} with input as t.fips_doc("8.15.0", [with_certs([leaf({"key_bits": 3072})])])
}
