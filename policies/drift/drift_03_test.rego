package essec.checks.drift.drift_03_test

import data.essec.checks.drift.drift_03
import data.essec.test.kibana_fixtures as f

ks := "xpack.security.encryptionKey"

eso := "xpack.encryptedSavedObjects.encryptionKey"

rep := "xpack.reporting.encryptionKey"

all_keys(d) := {ks: [40, d], eso: [40, d], rep: [40, d]}

by_setting(rs) := {r.setting: r.status | some r in rs}

test_identical_keys_pass if {
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1")), f.kb_ks("kb02", {}, all_keys("d1"))])
	by_setting(rs) == {ks: "pass", eso: "pass", rep: "pass"}
	f.verdicts(rs) == {"pass cluster/d"}
}

test_yaml_and_keystore_compared_by_digest if {
	kb2 := f.kb("kb02", {ks: f.ksecret(40, "d1"), eso: f.ksecret(40, "d1"), rep: f.ksecret(40, "d1")})
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1")), kb2])
	f.verdicts(rs) == {"pass cluster/d"}
}

test_different_key_fails if {
	kb2 := f.kb_ks("kb02", {}, {ks: [40, "d2"], eso: [40, "d1"], rep: [40, "d1"]})
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1")), kb2])
	by_setting(rs) == {ks: "fail", eso: "pass", rep: "pass"}
	f.verdicts(rs) == {"fail cluster/d", "pass cluster/d"}
	some r in rs
	r.setting == ks
	contains(r.message, "2 distinct values")
}

test_absent_everywhere_fails if {
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb("kb01", {}), f.kb("kb02", {})])
	f.verdicts(rs) == {"fail cluster/d"}
	some r in rs
	contains(r.message, "random key")
}

test_locked_keystore_unknown if {
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1")), f.kb_locked("kb02", {})])
	f.verdicts(rs) == {"unknown cluster/d"}
}

test_reporting_off_on_one_not_applicable if {
	kb2 := f.kb_ks("kb02", {"xpack.reporting.enabled": f.kset("false")}, {ks: [40, "d1"], eso: [40, "d1"]})
	rs := drift_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1")), kb2])
	by_setting(rs) == {ks: "pass", eso: "pass", rep: "not_applicable"}
	f.verdicts(rs) == {"pass cluster/d", "not_applicable cluster/d"}
}

test_single_instance_not_applicable if {
	f.verdicts(drift_03.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, all_keys("d1"))])
}

test_no_kibana_not_applicable if {
	f.verdicts(drift_03.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
