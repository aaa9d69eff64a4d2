package essec.checks.https.https_01_test

import data.essec.checks.https.https_01
import data.essec.test.kibana_fixtures as f

test_enabled_passes if {
	f.statuses(https_01.results) == {"pass"} with input as f.doc("8.15.0", [f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")})], [])
}

test_disabled_fails_with_location if {
	rs := https_01.results with input as f.doc("8.15.0", [f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("false")})], [])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "elasticsearch.yml:5")
	r.resource.line == 5
}

test_absent_fails if {
	f.only(https_01.results) == "fail" with input as f.doc("", [f.node("es01", {})], [])
}

test_invalid_value_fails if {
	f.only(https_01.results) == "fail" with input as f.doc("8.15.0", [f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("yes")})], [])
}

test_live_usage_and_probe if {
	c := f.cluster({"xpack_usage": {"security": {"enabled": true, "ssl": {"http": {"enabled": false}}}}}, [
		{"endpoint": "http://es01:9200", "speaks_tls": false, "plain_http_answered": true, "certificates": []},
		{"endpoint": "https://es02:9200", "speaks_tls": true, "version": "TLS 1.3", "certificates": []},
		{"endpoint": "https://es03:9200", "speaks_tls": false, "error": "connection refused", "certificates": []},
		{"endpoint": "https://es04:9200", "speaks_tls": false, "error": "tls handshake with es04:9200: first record does not look like a TLS handshake", "plain_http_answered": true, "certificates": []},
		{"endpoint": "es01:9300", "speaks_tls": false, "certificates": []},
	])
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), c)
	count(rs) == 5
	{[r.resource.name, r.status] | some r in rs} == {["d", "fail"], ["http://es01:9200", "fail"], ["https://es02:9200", "pass"], ["https://es03:9200", "unknown"], ["https://es04:9200", "fail"]}
}

test_no_evidence_no_result if {
	count(https_01.results) == 0 with input as f.doc("8.15.0", [], [])
}

insecure_cluster(endpoint, insecure) := object.union(f.cluster({"xpack_usage": {"security": {"ssl": {"http": {"enabled": true}}}}}, []), {"endpoint": endpoint, "auth": {"kind": "basic", "insecure": insecure}})

test_insecure_warns_on_the_cluster if {
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), insecure_cluster("https://es01:9200", true))
	{[r.status, r.resource.kind, object.get(r, "setting", "")] | some r in rs} == {["pass", "cluster", ""], ["warn", "cluster", "--insecure"]}
	some r in rs
	r.status == "warn"
	contains(r.message, "https://es01:9200 was not verified (--insecure)")
	contains(r.message, "--ca-cert")
	contains(r.message, "--ca-fingerprint")
}

test_verified_connection_no_warn if {
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), insecure_cluster("https://es01:9200", false))
	f.statuses(rs) == {"pass"}
}

test_insecure_on_plain_http_not_reported_here if {
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), insecure_cluster("http://es01:9200", true))
	not "warn" in f.statuses(rs)
}

plain_cluster(kind) := object.union(f.cluster({}, []), {"endpoint": "http://es01:9200", "auth": {"kind": kind, "insecure": false}})

test_credentials_over_plain_http_fail if {
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), plain_cluster("basic"))
	{[r.status, r.resource.kind, r.resource.name, object.get(r, "setting", "")] | some r in rs} == {["fail", "endpoint", "http://es01:9200", "--url"]}
	some r in rs
	contains(r.message, "http://es01:9200 in clear text")
}

test_no_credentials_over_plain_http_not_reported if {
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), plain_cluster("none"))
	count(rs) == 0
}

test_credentials_over_https_not_reported if {
	c := object.union(f.cluster({}, []), {"endpoint": "https://es01:9200", "auth": {"kind": "api_key", "insecure": false}})
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), c)
	count(rs) == 0
}

# The probe's verify_error is carried to the finding, not dropped.
test_probe_verify_error_reported if {
	p := {"endpoint": "es01:9200", "speaks_tls": true, "version": "TLS 1.3", "certificates": [], "verify_error": "x509: certificate signed by unknown authority"}
	d := {"deployment": {"name": "d", "version": "8.15.0"}, "context": {"now": "2026-11-26T12:00:00Z"}, "elasticsearch": {"nodes": [], "cluster": {"reachable": true, "endpoint": "https://es01:9200", "auth": {"kind": "basic", "username": "auditor", "insecure": false, "superuser": false, "roles": []}, "calls": {}, "bodies": {}, "anonymous": [], "tls": [p]}}, "kibana": []}
	rs := https_01.results with input as d
	some r in rs
	r.status == "pass"
	r.resource.endpoint == "es01:9200"
	contains(r.message, "unknown authority")
}

test_credentials_over_each_plain_url_fail if {
	c := object.union(f.cluster({}, []), {"endpoint": "https://es01:9200", "auth": {"kind": "basic", "insecure": false}, "tls": [
		{"endpoint": "https://es01:9200", "speaks_tls": true, "certificates": []},
		{"endpoint": "http://es02:9200", "speaks_tls": false, "plain_http_answered": true, "certificates": []},
	]})
	rs := https_01.results with input as f.with_cluster(f.doc("8.15.0", [], []), c)
	{[r.status, r.resource.name] | some r in rs; object.get(r, "setting", "") == "--url"} == {["fail", "http://es02:9200"]}
}
