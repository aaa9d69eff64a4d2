package essec.checks.hardening.hard_20_test

import data.essec.checks.hardening.hard_20
import data.essec.checks.hardening.testkit_test as t

p := "xpack.security.authc.password_hashing.algorithm"

test_defaults_pass if {
	t.verdicts(hard_20.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_strong_explicit_passes if {
	rs := hard_20.results with input as t.doc("8.15.0", [t.node({p: t.set("pbkdf2_stretch"), "xpack.security.authc.realms.ldap.l1.cache.hash_algo": t.set("ssha256")})])
	t.verdicts(rs) == {"pass node/es01"}
}

test_noop_password_hash_fails if {
	rs := hard_20.results with input as t.doc("8.15.0", [t.node({p: t.set("noop")})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_low_bcrypt_cost_warns if {
	t.verdicts(hard_20.results) == {"warn node/es01"} with input as t.doc("8.15.0", [t.node({p: t.set("bcrypt6")})])
}

test_low_pbkdf2_iterations_warns if {
	t.verdicts(hard_20.results) == {"warn node/es01"} with input as t.doc("8.15.0", [t.node({p: t.set("pbkdf2_1000")})])
}

test_md5_cache_fails if {
	rs := hard_20.results with input as t.doc("8.15.0", [t.node({"xpack.security.authc.realms.native.n1.cache.hash_algo": t.set("MD5")})])
	t.verdicts_of(rs, "xpack.security.authc.realms.native.n1.cache.hash_algo") == {"fail node/es01"}
}

test_api_key_clear_text_fails if {
	t.verdicts(hard_20.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node({"xpack.security.authc.api_key.cache.hash_algo": t.set("clear_text")})])
}

test_unsalted_sha256_cache_warns if {
	t.verdicts(hard_20.results) == {"warn node/es01"} with input as t.doc("8.15.0", [t.node({"xpack.security.authc.service_token.cache.hash_algo": t.set("sha256")})])
}

test_live_only_default_passes if {
	d := t.live_doc("8.15.0", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {p: "BCRYPT"}}})
	t.verdicts(hard_20.results) == {"pass cluster/d"} with input as d
}

test_nothing_no_result if {
	count(hard_20.results) == 0 with input as t.doc("8.15.0", [])
}

# A subject that sets no hashing setting passes on the defaults; one that
# sets only a strong cache algorithm passes naming it.
test_defaults_and_strong_cache_messages if {
	rs := hard_20.results with input as t.doc("8.15.0", [t.node({})])
	rs == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "message": "password and cache hashing use the defaults (bcrypt, ssha256) on node es01", "evidence": {"observed": [], "expected": "no weak hashing"}}}
	n := "xpack.security.authc.realms.native.native1.cache.hash_algo"
	rs2 := hard_20.results with input as t.doc("8.15.0", [t.node({n: t.set("ssha256")})])
	some r in rs2
	r.status == "pass"
	r.message == "xpack.security.authc.realms.native.native1.cache.hash_algo \"ssha256\": no weak algorithm on node es01"
	r.evidence.observed == [n]
}
