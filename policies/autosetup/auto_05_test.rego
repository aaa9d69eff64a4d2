package essec.checks.autosetup.auto_05_test

import data.essec.checks.autosetup.auto_05

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

block := {
	"xpack.security.enrollment.enabled": set("true", 94),
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 105),
}

imn := {"cluster.initial_master_nodes": set("es01", 109)}

node(settings) := {"name": "es01", "config_file": yml, "settings": settings}

doc(nodes) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

live(nodes, bodies) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies}}, "kibana": []}

root := {"root": {"name": "es01", "cluster_name": "c", "cluster_uuid": "AT69_T_DTp-1qgIJlatQqA", "version": {"number": "8.15.0"}}}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_present_on_formed_cluster_fails if {
	rs := auto_05.results with input as live([node(object.union(block, imn))], root)
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:109")
}

test_present_without_live_warns if {
	statuses(auto_05.results) == {"warn"} with input as doc([node(object.union(block, imn))])
}

test_present_not_formed_warns if {
	statuses(auto_05.results) == {"warn"} with input as live([node(object.union(block, imn))], {"root": {"cluster_uuid": "_na_"}})
}

test_absent_passes if {
	statuses(auto_05.results) == {"pass"} with input as doc([node(block)])
}

test_absent_without_block_not_applicable if {
	statuses(auto_05.results) == {"not_applicable"} with input as doc([node({})])
}

test_live_only_node_fails if {
	b := object.union(root, {"nodes": {"nodes": {"x": {"name": "es02", "settings": {"cluster": {"initial_master_nodes": ["es02"]}}}}}})
	statuses(auto_05.results) == {"fail"} with input as live([], b)
}
