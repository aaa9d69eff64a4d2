package essec.checks.kibana.kib_13_test

import data.essec.checks.kibana.kib_13
import data.essec.test.kibana_fixtures as f

anon := "xpack.security.authc.providers.anonymous.anonymous1."

test_defaults_pass if {
	f.only(kib_13.results) == "pass" with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.host": f.kset("0.0.0.0")})])
}

test_allow_anonymous_status_fails_with_location if {
	rs := kib_13.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"status.allowAnonymous": f.kset("true")})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_anonymous_provider_warns if {
	kb := f.kb("kb01", {concat("", [anon, "order"]): f.kset("0"), concat("", [anon, "credentials.username"]): f.kset("viewer")})
	rs := kib_13.results with input as f.doc("8.15.0", [], [kb])
	f.only(rs) == "warn"
	some r in rs
	contains(r.message, "\"viewer\"")
}

test_anonymous_provider_as_elastic_fails if {
	kb := f.kb("kb01", {concat("", [anon, "order"]): f.kset("0"), concat("", [anon, "credentials.username"]): f.kset("elastic")})
	f.only(kib_13.results) == "fail" with input as f.doc("8.15.0", [], [kb])
}

test_disabled_anonymous_provider_ignored if {
	kb := f.kb("kb01", {concat("", [anon, "enabled"]): f.kset("false"), concat("", [anon, "order"]): f.kset("0")})
	f.only(kib_13.results) == "pass" with input as f.doc("8.15.0", [], [kb])
}

test_xsrf if {
	f.only(kib_13.results) == "fail" with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.xsrf.disableProtection": f.kset("true")})])
	f.only(kib_13.results) == "warn" with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.xsrf.allowlist": f.klist(["/api/foo"])})])
}

test_live_status_api if {
	open := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "status_api_anonymous": 200})
	f.only(kib_13.results) == "fail" with input as f.doc("8.15.0", [], [open])
	closed := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "status_api_anonymous": 401})
	f.only(kib_13.results) == "pass" with input as f.doc("8.15.0", [], [closed])
}

test_live_only_without_probe_unknown if {
	f.only(kib_13.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": false})])
}

test_no_kibana_not_applicable if {
	f.only(kib_13.results) == "not_applicable" with input as f.doc("8.15.0", [], [])
}

test_redacted_credentials_warn if {
	user := {"value": "", "list": [], "source": "file", "file": f.kyml, "line": 12, "secret": true, "length": 6, "digest": "u"}
	kb := f.kb("kb01", {concat("", [anon, "order"]): f.kset("0"), concat("", [anon, "credentials.username"]): user})
	rs := kib_13.results with input as f.doc("8.15.0", [], [kb])
	f.only(rs) == "warn"
	some r in rs
	contains(r.message, "redacted")
}

# issue 9: a redirect from /api/status is not a pass (essec does not follow
# it, and it may lead to an open status page).
test_live_status_redirect_is_unknown if {
	moved := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "status_api_anonymous": 302})
	rs := kib_13.results with input as f.doc("8.15.0", [], [moved])
	count(rs) == 1
	some r in rs
	r.status == "unknown"
	r.resource.kind == "kibana"
	r.resource.name == "kb01"
	contains(r.message, "redirect 302")
}

test_live_status_server_error_is_unknown if {
	broken := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "status_api_anonymous": 503})
	rs := kib_13.results with input as f.doc("8.15.0", [], [broken])
	{[r.status, r.resource.name] | some r in rs} == {["unknown", "kb01"]}
}

test_live_status_forbidden_or_hidden_passes if {
	every s in [403, 404] {
		closed := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "status_api_anonymous": s})
		rs := kib_13.results with input as f.doc("8.15.0", [], [closed])
		{[r.status, r.resource.name] | some r in rs} == {["pass", "kb01"]}
	}
}
