package essec.checks.hardening.hard_04_test

import data.essec.checks.hardening.hard_04
import data.essec.checks.hardening.testkit_test as t

test_defaults_pass if {
	t.statuses(hard_04.results) == {"pass"} with input as t.doc("8.15.0", [t.node({})])
}

test_realm_none_fails if {
	rs := hard_04.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.authc.realms.ldap.ldap1.ssl.verification_mode": t.set("none"),
		"xpack.security.transport.ssl.verification_mode": t.set("certificate"),
	})])
	t.statuses(rs) == {"fail"}
	some r in rs
	r.setting == "xpack.security.authc.realms.ldap.ldap1.ssl.verification_mode"
	contains(r.message, "elasticsearch.yml:7")
}

test_kibana_none_fails if {
	kb := t.kibana({"elasticsearch.ssl.verificationMode": t.kset("none")})
	rs := hard_04.results with input as t.doc_kb("8.15.0", [t.node({})], [kb])
	t.status_of(rs, "elasticsearch.ssl.verificationMode") == {"fail"}
}

test_kibana_reject_unauthorized_fails if {
	kb := t.kibana({"xpack.actions.rejectUnauthorized": t.kset("false")})
	t.statuses(hard_04.results) == {"fail"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_kibana_full_passes if {
	kb := t.kibana({"elasticsearch.ssl.verificationMode": t.kset("full")})
	t.statuses(hard_04.results) == {"pass"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_live_dynamic_none_fails if {
	d := t.live_doc("8.15.0", [t.node({})], {"cluster_settings": {"persistent": {"xpack.monitoring.exporters.remote.ssl.verification_mode": "none"}, "transient": {}, "defaults": {}}})
	rs := hard_04.results with input as d
	some r in rs
	r.status == "fail"
	r.resource.kind == "cluster"
}

test_live_only_unknown if {
	d := t.live_doc("8.15.0", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {}}})
	t.statuses(hard_04.results) == {"unknown"} with input as d
}

test_live_only_failed_call_unknown if {
	d := object.union(t.doc("8.15.0", []), {"elasticsearch": {"nodes": [], "cluster": t.failed_call("cluster_settings")}})
	t.statuses(hard_04.results) == {"unknown"} with input as d
}

test_live_only_kibana_not_judged if {
	kb := t.with_(t.kibana({}), {"origin": "live", "keystore": {"entries": []}})
	count(hard_04.results) == 0 with input as t.doc_kb("8.15.0", [], [kb])
}

# A mode written " None " is read as Elasticsearch reads it; a node with
# only sound modes passes, its result whole.
test_modes_read_trimmed_and_pass_whole if {
	bad := hard_04.results with input as t.doc("8.15.0", [t.node({"xpack.security.transport.ssl.verification_mode": t.set(" None ")})])
	t.verdicts(bad) == {"fail node/es01"}
	ok := hard_04.results with input as t.doc("8.15.0", [t.node({"xpack.security.transport.ssl.verification_mode": t.set("full")})])
	ok == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "message": "no *.ssl.verification_mode is \"none\" (1 set; the default is \"full\")", "evidence": {"observed": 1, "expected": "no verification_mode none"}}}
}
