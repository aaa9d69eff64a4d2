package essec.checks.kibana.kib_11_test

import data.essec.checks.kibana.kib_11
import data.essec.test.kibana_fixtures as f

s := "server.publicBaseUrl"

test_https_passes if {
	f.only(kib_11.results) == "pass" with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("https://kibana.example.com")})])
}

test_http_fails_with_location if {
	rs := kib_11.results with input as f.doc("8.15.0", [], [f.kb("kb01", {s: f.kset("http://kibana.example.com:5601")})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_unset_warns if {
	f.only(kib_11.results) == "warn" with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_live_only_unknown if {
	f.only(kib_11.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.only(kib_11.results) == "not_applicable" with input as f.doc("8.15.0", [], [])
}
