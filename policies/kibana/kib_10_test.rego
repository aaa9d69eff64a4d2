package essec.checks.kibana.kib_10_test

import data.essec.checks.kibana.kib_10
import data.essec.test.kibana_fixtures as f

test_server_tls_passes if {
	f.verdicts(kib_10.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.ssl.enabled": f.kset("true")})])
}

test_proxy_with_secure_cookies_passes if {
	kb := f.kb("kb01", {"server.publicBaseUrl": f.kset("https://kibana.example.com"), "xpack.security.secureCookies": f.kset("true"), "xpack.security.sameSiteCookies": f.kset("Strict")})
	f.verdicts(kib_10.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_proxy_without_secure_cookies_fails if {
	rs := kib_10.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.publicBaseUrl": f.kset_at("https://kibana.example.com", 3)})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:3")
}

test_plain_http_fails if {
	f.verdicts(kib_10.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_same_site_none_with_secure_warns if {
	kb := f.kb("kb01", {"server.ssl.enabled": f.kset("true"), "xpack.security.sameSiteCookies": f.kset("None")})
	f.verdicts(kib_10.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_same_site_none_without_secure_fails if {
	kb := f.kb("kb01", {"xpack.security.sameSiteCookies": f.kset("None")})
	rs := kib_10.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "sameSiteCookies is None")
}

test_live_only_unknown if {
	f.verdicts(kib_10.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_10.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
