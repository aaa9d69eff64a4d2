package essec.checks.hardening.hard_01_test

import data.essec.checks.hardening.hard_01
import data.essec.checks.hardening.testkit_test as t

test_enabled_passes if {
	t.statuses(hard_01.results) == {"pass"} with input as t.doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set("true")})])
}

test_disabled_fails_with_location if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set("false")})])
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_absent_fails if {
	t.statuses(hard_01.results) == {"fail"} with input as t.doc("", [t.node({})])
}

test_absent_basic_licence_warns if {
	d := t.live_doc("8.15.0", [t.node({})], {"license": {"license": {"type": "basic", "status": "active"}}})
	t.statuses(hard_01.results) == {"warn"} with input as d
}

test_live_dynamic_enable_passes if {
	d := t.live_doc("9.5.0", [t.node({})], {"cluster_settings": {"persistent": {"xpack.security.audit.enabled": "true"}, "transient": {}, "defaults": {}}})
	rs := hard_01.results with input as d
	t.statuses(rs) == {"pass"}
}

test_live_usage if {
	d := t.live_doc("8.15.0", [], {"xpack_usage": {"security": {"enabled": true, "audit": {"enabled": false}}}})
	t.statuses(hard_01.results) == {"fail"} with input as d
}

test_exclude_auth_failed_fails if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.exclude": t.setl(["authentication_failed", "access_granted"]),
	})])
	t.status_of(rs, "xpack.security.audit.logfile.events.exclude") == {"fail"}
	t.status_of(rs, "xpack.security.audit.enabled") == {"pass"}
}

test_exclude_harmless_events_passes if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.exclude": t.setl(["access_granted"]),
	})])
	t.statuses(rs) == {"pass"}
}

test_include_narrowed_fails if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.include": t.setl(["access_denied", "authentication_failed"]),
	})])
	t.status_of(rs, "xpack.security.audit.logfile.events.include") == {"fail"}
}

test_include_all_passes if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.include": t.setl(["_all"]),
	})])
	t.statuses(rs) == {"pass"}
}

test_ignore_everything_fails if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.ignore_filters.quiet.users": t.setl(["*"]),
	})])
	t.status_of(rs, "xpack.security.audit.logfile.events.ignore_filters.quiet") == {"fail"}
}

test_ignore_all_users_of_one_index_warns if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.ignore_filters.noisy.users": t.setl(["*"]),
		"xpack.security.audit.logfile.events.ignore_filters.noisy.indices": t.setl(["metrics-*"]),
	})])
	t.status_of(rs, "xpack.security.audit.logfile.events.ignore_filters.noisy") == {"warn"}
}

test_request_body_warns if {
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.audit.enabled": t.set("true"),
		"xpack.security.audit.logfile.events.emit_request_body": t.set("true"),
	})])
	t.status_of(rs, "xpack.security.audit.logfile.events.emit_request_body") == {"warn"}
}

test_live_dynamic_exclude_fails if {
	d := t.live_doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set("true")})], {
		"xpack_usage": {"security": {"enabled": true, "audit": {"enabled": true}}},
		"cluster_settings": {"persistent": {"xpack.security.audit.logfile.events.exclude": ["access_denied"]}, "transient": {}, "defaults": {}},
	})
	rs := hard_01.results with input as d
	some r in rs
	r.status == "fail"
	r.resource.kind == "cluster"
	contains(r.message, "persistent")
}

test_no_nodes_no_result if {
	count(hard_01.results) == 0 with input as t.doc("8.15.0", [])
}

# Each case of a node's audit setting gives its message and resource: the
# setting's line when set, the node's file when not.
test_enabled_cases_messages_and_resources if {
	on := hard_01.results with input as t.doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set(" TRUE ")})])
	on == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml, "line": 7}, "setting": "xpack.security.audit.enabled", "message": "xpack.security.audit.enabled is \"true\" (elasticsearch.yml:7)", "evidence": {"observed": "true", "expected": "true"}}}
	off := hard_01.results with input as t.doc("", [t.node({"xpack.security.audit.enabled": t.set("no")})])
	off == {{"status": "fail", "resource": {"kind": "node", "name": "es01", "file": t.yml, "line": 7}, "setting": "xpack.security.audit.enabled", "message": "xpack.security.audit.enabled is \"no\" (elasticsearch.yml:7); expected \"true\"", "evidence": {"observed": "no", "expected": "true"}}}
	absent := hard_01.results with input as t.doc("", [t.node({})])
	absent == {{"status": "fail", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "setting": "xpack.security.audit.enabled", "message": "xpack.security.audit.enabled is not set; audit logging is off by default; expected \"true\"", "evidence": {"observed": "(absent)", "expected": "true"}}}
	d := t.live_doc("9.5.0", [t.node({})], {"cluster_settings": {"persistent": {"xpack.security.audit.enabled": "true"}, "transient": {}, "defaults": {}}})
	live := hard_01.results with input as d
	some r in live
	r.resource == {"kind": "node", "name": "es01", "file": t.yml}
	r.message == "xpack.security.audit.enabled is not set in the node's file but is \"true\" in GET /_cluster/settings (persistent)"
}

# A node whose audit is on but that sets no event setting gives no filter
# result; one that sets the request body on warns.
test_event_settings_only_when_set if {
	quiet := hard_01.results with input as t.doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set("true")})])
	count(quiet) == 1
	rs := hard_01.results with input as t.doc("8.15.0", [t.node({"xpack.security.audit.enabled": t.set("true"), "xpack.security.audit.logfile.events.emit_request_body": t.set("true")})])
	t.verdicts_of(rs, "xpack.security.audit.logfile.events.emit_request_body") == {"warn node/es01"}
}
