package essec.checks.minimal.min_02_test

import data.essec.checks.minimal.min_02

yml := "/etc/elasticsearch/elasticsearch.yml"

node(name, settings) := {"name": name, "config_file": yml, "settings": settings}

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 7}

setl(l) := {"value": concat(",", l), "list": l, "source": "file", "file": yml, "line": 7}

doc(version, nodes) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

live(nodes, anonymous, bodies) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies, "anonymous": anonymous}}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_roles_set_fails if {
	rs := min_02.results with input as doc("8.15.0", [node("es01", {"xpack.security.authc.anonymous.roles": setl(["superuser", "viewer"])})])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "[superuser, viewer]")
	contains(r.message, "elasticsearch.yml:7")
	r.resource.line == 7
}

test_unset_passes if {
	statuses(min_02.results) == {"pass"} with input as doc("8.15.0", [node("es01", {})])
}

test_empty_roles_pass if {
	statuses(min_02.results) == {"pass"} with input as doc("8.15.0", [node("es01", {"xpack.security.authc.anonymous.roles": setl([])})])
}

test_security_off_fails if {
	rs := min_02.results with input as doc("8.15.0", [node("es01", {"xpack.security.enabled": set("false")})])
	statuses(rs) == {"fail"}
}

test_security_off_by_default_on_7_fails if {
	statuses(min_02.results) == {"fail"} with input as doc("7.17.0", [node("es01", {})])
}

test_probe_401_passes if {
	rs := min_02.results with input as live([], [{"url": "https://es:9200/", "status": 401, "www_authenticate": "Basic realm=\"security\""}], {})
	statuses(rs) == {"pass"}
}

test_probe_200_fails_naming_user if {
	rs := min_02.results with input as live([], [{"url": "https://es:9200/_security/_authenticate", "status": 200, "body": {"username": "_anonymous", "roles": ["superuser"]}}], {})
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "_anonymous")
}

test_probe_403_fails if {
	statuses(min_02.results) == {"fail"} with input as live([], [{"url": "https://es:9200/", "status": 403}], {})
}

test_probe_error_unknown if {
	statuses(min_02.results) == {"unknown"} with input as live([], [{"url": "https://es:9200/", "status": 0, "error": "connection refused"}], {})
}

test_usage_anonymous_enabled_fails if {
	rs := min_02.results with input as live([], [], {"xpack_usage": {"security": {"enabled": true, "anonymous": {"enabled": true}}}})
	statuses(rs) == {"fail"}
}

test_live_without_evidence_unknown if {
	rs := min_02.results with input as live([], [], {})
	statuses(rs) == {"unknown"}
}

test_no_evidence_no_result if {
	count(min_02.results) == 0 with input as doc("8.15.0", [])
}
