package essec.checks.kibana.kib_05_test

import data.essec.checks.kibana.kib_05
import data.essec.test.kibana_fixtures as f

s := "server.securityResponseHeaders.disableEmbedding"

test_disable_embedding_passes if {
	f.verdicts(kib_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("true")})])
}

test_absent_fails if {
	rs := kib_05.results with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "default false")
}

test_false_fails_with_location if {
	rs := kib_05.results with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset_at("false", 21)})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:21")
}

test_explicit_frame_ancestors_pass if {
	kb := f.kb("kb01", {"csp.frame_ancestors": f.klist(["https://portal.example.com"])})
	f.verdicts(kib_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_wildcard_frame_ancestors_fail if {
	kb := f.kb("kb01", {"csp.frame_ancestors": f.klist(["'self'", "*"])})
	f.verdicts(kib_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_xfo_passes if {
	kb := object.union(f.kb("kb01", {}), {"http": {"url": "https://kb:5601", "reachable": true, "headers": {"X-Frame-Options": "SAMEORIGIN"}}})
	f.verdicts(kib_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_csp_frame_ancestors if {
	ok := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"content-security-policy": "script-src 'self'; frame-ancestors 'self'"}})
	f.verdicts(kib_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [ok])
	bad := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"content-security-policy": "script-src 'self'"}})
	f.verdicts(kib_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [bad])
}

test_live_only_unreachable_unknown if {
	f.verdicts(kib_05.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": false})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_05.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
