package essec.checks.kibana.kib_04_test

import data.essec.checks.kibana.kib_04
import data.essec.test.kibana_fixtures as f

s := "server.securityResponseHeaders.strictTransportSecurity"

tls := {"server.ssl.enabled": f.kset("true")}

test_setting_passes if {
	f.verdicts(kib_04.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", object.union(tls, {s: f.kset_at("max-age=31536000", 14)}))])
}

test_absent_with_tls_fails if {
	rs := kib_04.results with input as f.doc("8.15.0", [], [f.kb("kb01", tls)])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
}

test_max_age_zero_fails_with_location if {
	rs := kib_04.results with input as f.doc("8.15.0", [], [f.kb("kb01", object.union(tls, {s: f.kset_at("max-age=0", 14)}))])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:14")
}

test_custom_header_passes if {
	kb := f.kb("kb01", object.union(tls, {"server.customResponseHeaders.Strict-Transport-Security": f.kset("max-age=63072000")}))
	f.verdicts(kib_04.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_proxy_counts_as_tls if {
	kb := f.kb("kb01", {"server.publicBaseUrl": f.kset("https://kibana.example.com")})
	f.verdicts(kib_04.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_plain_http_not_applicable if {
	f.verdicts(kib_04.results) == {"not_applicable kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_live_header_wins if {
	kb := object.union(f.kb("kb01", tls), {"http": {"url": "https://kb:5601", "reachable": true, "headers": {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}}})
	f.verdicts(kib_04.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_header_missing_fails if {
	kb := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "headers": {"content-security-policy": "script-src 'self'"}})
	f.verdicts(kib_04.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_only_plain_http_unknown if {
	kb := f.kb_live("kb01", {"url": "http://kb:5601", "reachable": true, "headers": {"content-security-policy": "script-src 'self'"}})
	f.verdicts(kib_04.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_04.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
