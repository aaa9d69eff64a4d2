package essec.checks.kibana.kib_15_test

import data.essec.checks.kibana.kib_15
import data.essec.test.kibana_fixtures as f

s := "xpack.security.audit.enabled"

test_enabled_passes if {
	f.verdicts(kib_15.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("true")})])
}

test_absent_fails_naming_licence if {
	rs := kib_15.results with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "platinum")
}

test_false_fails_with_location if {
	rs := kib_15.results with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("false")})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_basic_licence_warns if {
	d := f.with_cluster(f.doc("8.15.0", [], [f.kb("kb01", {})]), f.cluster({"license": {"license": {"type": "basic", "status": "active"}}}, []))
	f.verdicts(kib_15.results) == {"warn kibana/kb01"} with input as d
}

test_broad_ignore_filter_warns if {
	kb := f.kb("kb01", {s: f.kset("true"), "xpack.security.audit.ignore_filters.0.users": f.klist(["elastic"])})
	f.verdicts(kib_15.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_only_unknown if {
	f.verdicts(kib_15.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_15.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
