package essec.checks.minimal.min_08_test

import data.essec.checks.minimal.min_08

yml := "/etc/elasticsearch/elasticsearch.yml"

node(settings) := {"name": "es01", "config_file": yml, "settings": settings}

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 2}

doc(version, nodes) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

live(version, nodes, bodies) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies}}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_explicit_on_7_passes if {
	rs := min_08.results with input as doc("7.17.9", [node({"xpack.security.enabled": set("false")})])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "elasticsearch.yml:2")
}

test_absent_on_7_fails if {
	statuses(min_08.results) == {"fail"} with input as doc("7.17.9", [node({})])
}

test_absent_on_7_gold_warns if {
	statuses(min_08.results) == {"warn"} with input as live("7.17.9", [node({})], {"license": {"license": {"type": "gold"}}})
}

test_8_not_applicable if {
	statuses(min_08.results) == {"not_applicable"} with input as doc("8.15.0", [node({})])
}

test_unknown_version_absent_unknown if {
	statuses(min_08.results) == {"unknown"} with input as doc("", [node({})])
}

test_unknown_version_present_passes if {
	statuses(min_08.results) == {"pass"} with input as doc("", [node({"xpack.security.enabled": set("true")})])
}

test_live_only_node_absent_fails if {
	b := {"nodes": {"nodes": {"n1": {"name": "es02", "settings": {"cluster": {"name": "c"}}}}}, "license": {"license": {"type": "basic"}}}
	statuses(min_08.results) == {"fail"} with input as live("7.17.9", [], b)
}
