package essec.checks.kibana.kib_14_test

import data.essec.checks.kibana.kib_14
import data.essec.test.kibana_fixtures as f

test_disabled_passes if {
	f.verdicts(kib_14.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_explicit_origins_pass if {
	kb := f.kb("kb01", {"server.cors.enabled": f.kset("true"), "server.cors.allowCredentials": f.kset("true"), "server.cors.allowOrigin": f.klist(["https://app.example.com"])})
	f.verdicts(kib_14.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_wildcard_with_credentials_fails if {
	kb := f.kb("kb01", {"server.cors.enabled": f.kset("true"), "server.cors.allowCredentials": f.kset("true")})
	rs := kib_14.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:7")
	contains(r.message, "default [\"*\"]")
}

test_wildcard_without_credentials_warns if {
	kb := f.kb("kb01", {"server.cors.enabled": f.kset("true"), "server.cors.allowOrigin": f.klist(["*"])})
	f.verdicts(kib_14.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_only_unknown if {
	f.verdicts(kib_14.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_14.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
