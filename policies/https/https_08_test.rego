package essec.checks.https.https_08_test

import data.essec.checks.https.https_08
import data.essec.lib
import data.essec.test.kibana_fixtures as f

test_default_passes if {
	f.verdicts(https_08.results) == {"pass node/es01"} with input as f.doc("8.15.0", [f.node("es01", {})], [])
}

test_explicit_with_tls_passes if {
	s := {"xpack.security.authc.token.enabled": f.eset("true"), "xpack.security.http.ssl.enabled": f.eset("true")}
	f.verdicts(https_08.results) == {"pass node/es01"} with input as f.doc("8.15.0", [f.node("es01", s)], [])
}

test_explicit_without_tls_fails if {
	rs := https_08.results with input as f.doc("8.15.0", [f.node("es01", {"xpack.security.authc.token.enabled": f.eset("true")})], [])
	count(rs) == 1
	f.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:5")
}

test_live_usage if {
	bad := f.cluster({"xpack_usage": {"security": {"enabled": true, "ssl": {"http": {"enabled": false}}, "token_service": {"enabled": true}}}}, [])
	f.verdicts(https_08.results) == {"fail cluster/d"} with input as f.with_cluster(f.doc("8.15.0", [], []), bad)
	good := f.cluster({"xpack_usage": {"security": {"enabled": true, "ssl": {"http": {"enabled": true}}, "token_service": {"enabled": true}}}}, [])
	f.verdicts(https_08.results) == {"pass cluster/d"} with input as f.with_cluster(f.doc("8.15.0", [], []), good)
}

test_no_evidence_no_result if {
	count(https_08.results) == 0 with input as f.doc("8.15.0", [], [])
}

# The default's own rule gives what the general pass rule gave: its message,
# resource and evidence.
test_default_result_in_full if {
	n := f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")})
	rs := https_08.results with input as f.doc("8.15.0", [n], [])
	rs == {lib.result_setting("pass", lib.node_setting_resource(n, https_08.token), https_08.token, https_08._pass_text(n), {"observed": {"token": "(absent)", "http_ssl": "true"}})}
}
