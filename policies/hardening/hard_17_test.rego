package essec.checks.hardening.hard_17_test

import data.essec.checks.hardening.hard_17
import data.essec.checks.hardening.testkit_test as t

test_cors_default_passes if {
	t.verdicts(hard_17.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_cors_star_fails if {
	rs := hard_17.results with input as t.doc("8.15.0", [t.node({
		"http.cors.enabled": t.set("true"),
		"http.cors.allow-origin": t.set("*"),
		"http.cors.allow-credentials": t.set("true"),
	})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "allow-credentials")
	contains(r.message, "elasticsearch.yml:7")
}

test_cors_any_regex_fails if {
	t.verdicts(hard_17.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node({"http.cors.enabled": t.set("true"), "http.cors.allow-origin": t.set("/https?:\\/\\/.*/")})])
}

test_cors_explicit_passes if {
	t.verdicts(hard_17.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({"http.cors.enabled": t.set("true"), "http.cors.allow-origin": t.set("https://app.example.com")})])
}

test_compression_on_https_warns if {
	rs := hard_17.results with input as t.doc("8.15.0", [t.node({"http.compression": t.set("true"), "xpack.security.http.ssl.enabled": t.set("true")})])
	t.verdicts_of(rs, "http.compression") == {"warn node/es01"}
}

test_detailed_errors_public_warns if {
	rs := hard_17.results with input as t.doc("8.15.0", [t.node({"http.host": t.set("203.0.113.5")})])
	t.verdicts_of(rs, "http.detailed_errors.enabled") == {"warn node/es01"}
}

test_live_only_insecure_defaults_fail if {
	d := t.live_doc("8.15.0", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {"http.cors.enabled": "true", "http.cors.allow-origin": "*", "http.cors.allow-credentials": "true"}}})
	rs := hard_17.results with input as d
	t.verdicts(rs) == {"fail cluster/d"}
	some r in rs
	contains(r.message, "GET /_cluster/settings")
}

test_nothing_no_result if {
	count(hard_17.results) == 0 with input as t.doc("8.15.0", [])
}

# CORS off gives its value and where it was read: the default when unset.
test_cors_off_messages if {
	rs := hard_17.results with input as t.doc("8.15.0", [t.node({})])
	rs == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "setting": "http.cors.allow-origin", "message": "CORS is disabled (http.cors.enabled is \"false\", default)", "evidence": {"observed": "false", "expected": "false or explicit origins"}}}
	rs2 := hard_17.results with input as t.doc("8.15.0", [t.node({"http.cors.enabled": t.set("False")})])
	some r in rs2
	r.message == "CORS is disabled (http.cors.enabled is \"False\", elasticsearch.yml:7)"
	r.resource == {"kind": "node", "name": "es01", "file": t.yml, "line": 7}
	r.evidence.observed == "False"
}
