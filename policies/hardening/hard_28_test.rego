package essec.checks.hardening.hard_28_test

import data.essec.checks.hardening.hard_28
import data.essec.checks.hardening.testkit_test as t

w := "reindex.remote.whitelist"

test_unset_passes if {
	t.verdicts(hard_28.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_explicit_hosts_pass if {
	rs := hard_28.results with input as t.doc("8.15.0", [t.node({w: t.setl(["old.example.com:9200", "10.0.0.*:9200"])})])
	t.verdicts(rs) == {"pass node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:8")
}

test_star_fails if {
	t.verdicts(hard_28.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node({w: t.setl(["*:*"])})])
}

test_tld_wildcard_fails if {
	rs := hard_28.results with input as t.doc("8.15.0", [t.node({w: t.setl(["*.com:*", "old.example.com:9200"])})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "*.com:*")
	not contains(r.message, "admits old")
}

test_verification_none_fails if {
	rs := hard_28.results with input as t.doc("8.15.0", [t.node({"reindex.ssl.verification_mode": t.set("none")})])
	t.verdicts_of(rs, "reindex.ssl.verification_mode") == {"fail node/es01"}
}

test_plain_password_warns if {
	rs := hard_28.results with input as t.doc("8.15.0", [t.node({"reindex.ssl.keystore.password": {"value": "", "list": [], "source": "file", "file": t.yml, "line": 3, "secret": true}})])
	t.verdicts_of(rs, "reindex.ssl.keystore.password") == {"warn node/es01"}
}

test_nothing_no_result if {
	count(hard_28.results) == 0 with input as t.doc("8.15.0", [])
}

# An unset whitelist passes, and one set but empty passes alike.
test_unset_and_empty_whitelist_pass_alike if {
	rs := hard_28.results with input as t.doc("8.15.0", [t.node({})])
	rs == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "setting": "reindex.remote.whitelist", "message": "reindex.remote.whitelist is not set (node es01): reindex from remote is refused for every host", "evidence": {"observed": [], "expected": "unset, or explicit host:port entries"}}}
	rs2 := hard_28.results with input as t.doc("8.15.0", [t.node({"reindex.remote.whitelist": t.setl([" "])})])
	some r in rs2
	r.status == "pass"
	r.message == "reindex.remote.whitelist is not set (node es01): reindex from remote is refused for every host"
	r.resource == {"kind": "node", "name": "es01", "file": t.yml, "line": 8}
}
