package essec.checks.kibana.kib_08_test

import data.essec.checks.kibana.kib_08
import data.essec.test.kibana_fixtures as f

test_no_directives_pass if {
	rs := kib_08.results with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
	count(rs) == 1
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "defaults apply")
}

test_specific_origins_pass if {
	kb := f.kb("kb01", {"csp.connect_src": f.klist(["https://tiles.example.com"]), "csp.script_src": f.klist(["'self'"])})
	f.verdicts(kib_08.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_unsafe_eval_fails_with_location if {
	rs := kib_08.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.script_src": f.klist(["'unsafe-eval'"])})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:8")
	contains(r.message, "unsafe-eval")
}

test_wildcard_connect_fails if {
	f.verdicts(kib_08.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.connect_src": f.klist(["https:"])})])
}

test_unsafe_inline_worker_fails if {
	f.verdicts(kib_08.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.worker_src": f.klist(["'unsafe-inline'"])})])
}

test_disable_unsafe_eval_false_fails if {
	f.verdicts(kib_08.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.disableUnsafeEval": f.kset("false")})])
}

test_wildcard_img_warns if {
	f.verdicts(kib_08.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"csp.img_src": f.klist(["*"])})])
}

test_7x_rules if {
	warn := f.kb("kb01", {"csp.rules": f.klist(["script-src 'unsafe-eval' 'self'", "worker-src blob: 'self'", "style-src 'unsafe-inline' 'self'"])})
	f.verdicts(kib_08.results) == {"warn kibana/kb01"} with input as f.doc("7.17.9", [], [warn])
	bad := f.kb("kb01", {"csp.rules": f.klist(["script-src 'unsafe-inline' 'self' *"])})
	f.verdicts(kib_08.results) == {"fail kibana/kb01"} with input as f.doc("7.17.9", [], [bad])
}

test_live_only_unknown if {
	f.verdicts(kib_08.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_08.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
