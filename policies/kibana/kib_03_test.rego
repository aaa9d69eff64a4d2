package essec.checks.kibana.kib_03_test

import data.essec.checks.kibana.kib_03
import data.essec.test.kibana_fixtures as f

k := "xpack.reporting.encryptionKey"

test_keystore_key_passes if {
	f.only(kib_03.results) == "pass" with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [32, "d1"]})])
}

test_missing_single_instance_warns if {
	f.only(kib_03.results) == "warn" with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_missing_on_two_instances_fails if {
	rs := kib_03.results with input as f.doc("8.15.0", [], [f.kb("kb01", {}), f.kb_ks("kb02", {}, {k: [40, "d1"]})])
	{[r.resource.name, r.status] | some r in rs} == {["kb01", "fail"], ["kb02", "pass"]}
}

test_short_fails if {
	f.only(kib_03.results) == "fail" with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [16, "d1"]})])
}

test_reporting_disabled_not_applicable if {
	rs := kib_03.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"xpack.reporting.enabled": f.kset("false")})])
	f.only(rs) == "not_applicable"
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_disabled_instance_not_compared if {
	rs := kib_03.results with input as f.doc("8.15.0", [], [f.kb_ks("kb01", {}, {k: [40, "d1"]}), f.kb_ks("kb02", {"xpack.reporting.enabled": f.kset("false")}, {k: [40, "d2"]})])
	{[r.resource.name, r.status] | some r in rs} == {["kb01", "pass"], ["kb02", "not_applicable"]}
}

test_unresolved_reference_unknown if {
	s := {"value": "", "source": "compose", "file": "/srv/docker-compose.yml", "line": 4, "secret": true, "reference": true, "unresolved": true}
	f.only(kib_03.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb("kb01", {k: s})])
}
