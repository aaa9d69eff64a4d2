package essec.checks.minimal.min_01_test

import data.essec.checks.minimal.min_01

node(settings) := {"name": "es01", "config_file": "/etc/elasticsearch/elasticsearch.yml", "settings": settings}

doc(version, nodes) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

set(v) := {"value": v, "list": [v], "source": "file", "file": "/etc/elasticsearch/elasticsearch.yml", "line": 3}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_explicit_true_passes if {
	statuses(min_01.results) == {"pass"} with input as doc("8.15.0", [node({"xpack.security.enabled": set("true")})])
}

test_explicit_false_fails if {
	rs := min_01.results with input as doc("8.15.0", [node({"xpack.security.enabled": set("false")})])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:3")
	r.resource.line == 3
}

test_absent_on_8_passes if {
	statuses(min_01.results) == {"pass"} with input as doc("8.15.0", [node({})])
}

test_absent_on_7_fails if {
	statuses(min_01.results) == {"fail"} with input as doc("7.17.9", [node({})])
}

test_absent_unknown_version_is_unknown if {
	statuses(min_01.results) == {"unknown"} with input as doc("", [node({})])
}

test_one_node_off_fails if {
	rs := min_01.results with input as doc("8.15.0", [node({"xpack.security.enabled": set("true")}), {"name": "es02", "settings": {"xpack.security.enabled": set("false")}}])
	statuses(rs) == {"pass", "fail"}
}

test_live_usage_disabled_fails if {
	d := object.union(doc("8.15.0", []), {"elasticsearch": {"nodes": [], "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": {"xpack_usage": {"security": {"enabled": false}}}}}})
	statuses(min_01.results) == {"fail"} with input as d
}

test_no_evidence_gives_no_result if {
	count(min_01.results) == 0 with input as doc("8.15.0", [])
}

live(version, nodes, bodies) := object.union(doc(version, nodes), {"elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies}}})

test_absent_on_7_gold_licence_passes if {
	rs := min_01.results with input as live("7.17.9", [node({})], {"license": {"license": {"type": "platinum", "status": "active"}}})
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "platinum")
}

test_absent_on_7_basic_licence_fails if {
	rs := min_01.results with input as live("7.17.9", [node({})], {"license": {"license": {"type": "basic", "status": "active"}}})
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "the licence is basic")
}
