package essec.checks.https.https_07_test

import data.essec.checks.https.https_07
import data.essec.test.kibana_fixtures as f

tls := {"server.ssl.enabled": f.kset("true"), "server.publicBaseUrl": f.kset_at("https://kibana.example.com", 11)}

kbc(settings, leaf) := object.union(f.kb("kb01", settings), {"tls_material": [object.union(f.material("kibana.server", "certificate", [leaf]), {"setting": "server.ssl.certificate"})]})

test_ca_issued_with_name_passes if {
	f.verdicts(https_07.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kbc(tls, f.cert(["kibana.example.com"], []))])
}

test_self_signed_fails if {
	leaf := object.union(f.cert(["kibana.example.com"], []), {"self_signed": true, "issuer": "CN=server"})
	f.verdicts(https_07.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kbc(tls, leaf)])
}

test_name_missing_fails_with_location if {
	rs := https_07.results with input as f.doc("8.15.0", [], [kbc(tls, f.cert(["kb01"], []))])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.example.com")
	contains(r.message, "kibana.yml:11")
}

test_server_host_used_when_no_public_url if {
	s := {"server.ssl.enabled": f.kset("true"), "server.host": f.kset("kb01.example.com")}
	f.verdicts(https_07.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kbc(s, f.cert(["*.example.com"], []))])
	f.verdicts(https_07.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kbc(s, f.cert(["other.example.org"], []))])
}

test_no_host_known_judges_issuer_only if {
	s := {"server.ssl.enabled": f.kset("true"), "server.host": f.kset("0.0.0.0")}
	rs := https_07.results with input as f.doc("8.15.0", [], [kbc(s, f.cert(["x"], []))])
	count(rs) == 1
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "not compared")
}

test_certificate_not_read_unknown if {
	f.verdicts(https_07.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", tls)])
}

test_plain_http_not_applicable if {
	f.verdicts(https_07.results) == {"not_applicable kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_proxy_certificate_from_probe if {
	kb := object.union(f.kb("kb01", {"server.publicBaseUrl": f.kset("https://kibana.example.com")}), {"http": {"url": "https://kibana.example.com", "reachable": true, "tls": {"speaks_tls": true, "certificates": [object.union(f.cert(["kibana.example.com"], []), {"self_signed": true})]}}})
	f.verdicts(https_07.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.verdicts(https_07.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
