package essec.checks.kibana.kib_06_test

import data.essec.checks.kibana.kib_06
import data.essec.test.kibana_fixtures as f

p := "server.securityResponseHeaders."

test_defaults_pass if {
	f.verdicts(kib_06.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.host": f.kset("0.0.0.0")})])
}

test_strict_values_pass if {
	kb := f.kb("kb01", {"server.securityResponseHeaders.referrerPolicy": f.kset("no-referrer"), "server.securityResponseHeaders.xContentTypeOptions": f.kset("nosniff")})
	f.verdicts(kib_06.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_null_header_fails_with_location if {
	rs := kib_06.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.securityResponseHeaders.xContentTypeOptions": f.kset_at("null", 30)})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:30")
}

test_weak_referrer_and_coop_fail if {
	kb := f.kb("kb01", {
		"server.securityResponseHeaders.referrerPolicy": f.kset("no-referrer-when-downgrade"),
		"server.securityResponseHeaders.crossOriginOpenerPolicy": f.kset("unsafe-none"),
	})
	rs := kib_06.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	count(r.evidence.weakened) == 2
}

test_custom_header_weakening_fails if {
	kb := f.kb("kb01", {"server.customResponseHeaders.Referrer-Policy": f.kset("unsafe-url")})
	f.verdicts(kib_06.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_setting_and_custom_header_both_weak_one_message if {
	kb := f.kb("kb01", {"server.customResponseHeaders.X-Content-Type-Options": f.kset(""), "server.securityResponseHeaders.xContentTypeOptions": f.kset("null")})
	rs := kib_06.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
}

test_live_headers if {
	good := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}})
	f.verdicts(kib_06.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [good])
	bad := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"Referrer-Policy": "unsafe-url"}})
	f.verdicts(kib_06.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [bad])
}

test_live_only_unreachable_unknown if {
	f.verdicts(kib_06.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": false})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_06.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
