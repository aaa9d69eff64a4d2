package essec.checks.basic.bas_01_test

import data.essec.checks.basic.bas_01

yml := "/etc/elasticsearch/elasticsearch.yml"

node(name, settings) := {"name": name, "config_file": yml, "settings": settings}

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 5}

exposed := {"network.host": set("10.0.0.11")}

doc(nodes) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

live(nodes, bodies) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies}}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_enabled_passes if {
	rs := bas_01.results with input as doc([node("es01", object.union(exposed, {"xpack.security.transport.ssl.enabled": set("true")}))])
	statuses(rs) == {"pass"}
}

test_false_fails_with_location if {
	rs := bas_01.results with input as doc([node("es01", object.union(exposed, {"xpack.security.transport.ssl.enabled": set("false")}))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:5")
	r.resource.line == 5
}

test_absent_fails if {
	statuses(bas_01.results) == {"fail"} with input as doc([node("es01", exposed)])
}

test_dev_mode_not_applicable if {
	statuses(bas_01.results) == {"not_applicable"} with input as doc([node("es01", {})])
}

test_single_node_discovery_exposed_warns if {
	rs := bas_01.results with input as doc([node("es01", object.union(exposed, {"discovery.type": set("single-node")}))])
	statuses(rs) == {"warn"}
}

test_one_of_two_nodes_off_fails if {
	rs := bas_01.results with input as doc([node("es01", {"xpack.security.transport.ssl.enabled": set("true")}), node("es02", {})])
	statuses(rs) == {"pass", "fail"}
}

test_live_usage_false_fails if {
	b := {"xpack_usage": {"security": {"enabled": true, "ssl": {"transport": {"enabled": false}}}}, "cat_nodes": [{"name": "a"}, {"name": "b"}]}
	statuses(bas_01.results) == {"fail"} with input as live([], b)
}

test_live_only_node_without_tls_fails if {
	b := {"nodes": {"nodes": {
		"n1": {"name": "es01", "settings": {"xpack": {"security": {"transport": {"ssl": {"enabled": "true"}}}}}, "transport": {"bound_address": ["10.0.0.11:9300"]}},
		"n2": {"name": "es02", "settings": {}, "transport": {"bound_address": ["10.0.0.12:9300"]}},
	}}}
	rs := bas_01.results with input as live([], b)
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.status == "fail"
	r.resource.name == "es02"
}

test_live_only_loopback_single_node_not_applicable if {
	b := {"nodes": {"nodes": {"n1": {"name": "es01", "settings": {}, "transport": {"bound_address": ["127.0.0.1:9300", "[::1]:9300"]}}}}}
	statuses(bas_01.results) == {"not_applicable"} with input as live([], b)
}
