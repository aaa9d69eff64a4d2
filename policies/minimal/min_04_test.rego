package essec.checks.minimal.min_04_test

import data.essec.checks.minimal.min_04

yml := "/etc/elasticsearch/elasticsearch.yml"

node(name, settings) := {"name": name, "config_file": yml, "settings": settings}

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 4}

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

test_single_node_discovery_passes if {
	rs := min_04.results with input as doc([node("es01", {"discovery.type": set("single-node")})])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "elasticsearch.yml:4")
}

test_absent_fails if {
	rs := min_04.results with input as doc([node("es01", {"cluster.initial_master_nodes": set("es01")})])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "initial_master_nodes")
}

test_multi_node_value_fails if {
	statuses(min_04.results) == {"fail"} with input as doc([node("es01", {"discovery.type": set("multi-node")})])
}

test_two_nodes_not_applicable if {
	statuses(min_04.results) == {"not_applicable"} with input as doc([node("es01", {}), node("es02", {})])
}

test_seed_hosts_not_applicable if {
	statuses(min_04.results) == {"not_applicable"} with input as doc([node("es01", {"discovery.seed_hosts": set("es02")})])
}

test_live_multi_node_not_applicable if {
	rs := min_04.results with input as live([node("es01", {})], {"cat_nodes": [{"name": "es01"}, {"name": "es02"}]})
	statuses(rs) == {"not_applicable"}
}

test_live_only_single_node_fails if {
	rs := min_04.results with input as live([], {"cat_nodes": [{"name": "es01"}], "cluster_settings": {"persistent": {}, "transient": {}, "defaults": {"discovery.type": "multi-node", "discovery.seed_hosts": []}}})
	statuses(rs) == {"fail"}
}

test_live_only_single_node_passes if {
	rs := min_04.results with input as live([], {"nodes": {"nodes": {"abc": {"name": "es01", "settings": {"discovery": {"type": "single-node"}}}}}})
	statuses(rs) == {"pass"}
}

test_live_only_unknown if {
	statuses(min_04.results) == {"unknown"} with input as live([], {"cat_nodes": [{"name": "es01"}]})
}
