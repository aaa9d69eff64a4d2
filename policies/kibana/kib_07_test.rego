package essec.checks.kibana.kib_07_test

import data.essec.checks.kibana.kib_07
import data.essec.test.kibana_fixtures as f

test_true_passes if {
	f.verdicts(kib_07.results) == {"pass kibana/kb01"} with input as f.doc("7.17.9", [], [f.kb("kb01", {"csp.strict": f.kset("true")})])
}

test_false_fails_with_location if {
	rs := kib_07.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.strict": f.kset("false")})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_absent_on_8_passes if {
	f.verdicts(kib_07.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_absent_on_7_fails if {
	f.verdicts(kib_07.results) == {"fail kibana/kb01"} with input as f.doc("7.17.9", [], [f.kb("kb01", {})])
}

test_absent_unknown_version_unknown if {
	f.verdicts(kib_07.results) == {"unknown kibana/kb01"} with input as f.doc("", [], [f.kb("kb01", {})])
}

test_live_without_csp_fails if {
	kb := object.union(f.kb("kb01", {}), {"http": {"url": "https://kb:5601", "reachable": true, "headers": {"x-content-type-options": "nosniff"}}})
	f.verdicts(kib_07.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_only_with_csp_unknown if {
	kb := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"content-security-policy": "script-src 'self'"}})
	f.verdicts(kib_07.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_07.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
