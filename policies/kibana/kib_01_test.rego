package essec.checks.kibana.kib_01_test

import data.essec.checks.kibana.kib_01
import data.essec.test.kibana_fixtures as f

k := "xpack.security.encryptionKey"

test_keystore_key_passes if {
	rs := kib_01.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [40, "d1"]})])
	f.only(rs) == "pass"
	some r in rs
	contains(r.message, "kibana.keystore")
}

test_identical_on_two_instances_passes if {
	rs := kib_01.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [40, "d1"]}), f.kb_ks("kb02", {}, {k: [40, "d1"]})])
	f.statuses(rs) == {"pass"}
	count(rs) == 2
}

test_different_keys_fail_on_both if {
	rs := kib_01.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [40, "d1"]}), f.kb("kb02", {k: f.ksecret(40, "d2")})])
	f.statuses(rs) == {"fail"}
	count(rs) == 2
}

test_missing_fails if {
	rs := kib_01.results with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "random session key")
}

test_short_fails if {
	f.only(kib_01.results) == "fail" with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [20, "d1"]})])
}

test_placeholder_fails if {
	s := object.union(f.ksecret(40, "d1"), {"placeholder": true})
	f.only(kib_01.results) == "fail" with input as f.doc("8.15.0", [], [f.kb("kb01", {k: s})])
}

test_clear_text_warns_with_location if {
	rs := kib_01.results with input as f.doc("8.15.0", [], [f.kb("kb01", {k: f.ksecret(40, "d1")})])
	f.only(rs) == "warn"
	some r in rs
	contains(r.message, "kibana.yml:9")
	r.resource.line == 9
}

test_resolved_reference_passes if {
	s := object.union(f.ksecret(40, "d1"), {"reference": true})
	f.only(kib_01.results) == "pass" with input as f.doc("8.15.0", [], [f.kb("kb01", {k: s})])
}

test_unresolved_reference_unknown if {
	s := {"value": "", "source": "file", "file": f.kyml, "line": 9, "secret": true, "reference": true, "unresolved": true}
	f.only(kib_01.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb("kb01", {k: s})])
}

test_locked_keystore_unknown if {
	f.only(kib_01.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_locked("kb01", {})])
}

test_no_kibana_not_applicable if {
	f.only(kib_01.results) == "not_applicable" with input as f.doc("8.15.0", [], [])
}

test_live_only_instance_unknown if {
	f.only(kib_01.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}
