package essec.checks.kibana.kib_02_test

import data.essec.checks.kibana.kib_02
import data.essec.test.kibana_fixtures as f

k := "xpack.encryptedSavedObjects.encryptionKey"

test_keystore_key_passes if {
	f.only(kib_02.results) == "pass" with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [32, "d1"]})])
}

test_missing_fails if {
	rs := kib_02.results with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "disables alerting")
}

test_different_keys_fail if {
	rs := kib_02.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [40, "d1"]}), f.kb_ks("kb02", {}, {k: [40, "d2"]})])
	f.statuses(rs) == {"fail"}
	some r in rs
	r.resource.name == "kb01"
	contains(r.message, "kb02")
}

test_short_clear_text_fails_and_mentions_clear_text if {
	rs := kib_02.results with input as f.doc("8.15.0", [], [f.kb("kb01", {k: f.ksecret(31, "d1")})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "31 characters")
	contains(r.message, "clear text")
}

test_locked_keystore_unknown if {
	f.only(kib_02.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_locked("kb01", {})])
}

test_locked_keystore_with_yaml_key_judged if {
	f.only(kib_02.results) == "warn" with input as f.doc("8.15.0", [], [f.kb_locked("kb01", {k: f.ksecret(40, "d1")})])
}

test_no_kibana_not_applicable if {
	f.only(kib_02.results) == "not_applicable" with input as f.doc("8.15.0", [], [])
}
