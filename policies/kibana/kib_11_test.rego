package essec.checks.kibana.kib_11_test

import data.essec.checks.kibana.kib_11
import data.essec.test.kibana_fixtures as f

s := "server.publicBaseUrl"

test_https_passes if {
	f.verdicts(kib_11.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("https://kibana.example.com")})])
}

test_http_fails_with_location if {
	rs := kib_11.results with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("http://kibana.example.com:5601")})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_unset_warns if {
	f.verdicts(kib_11.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_live_only_unknown if {
	f.verdicts(kib_11.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_11.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
