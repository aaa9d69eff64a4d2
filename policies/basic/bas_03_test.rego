package essec.checks.basic.bas_03_test

import data.essec.checks.basic.bas_03

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 14}

on := {"network.host": set("10.0.0.11"), "xpack.security.transport.ssl.enabled": set("true")}

node(settings) := {"name": "es01", "config_file": yml, "settings": settings}

doc(nodes) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

vm(v) := {"xpack.security.transport.ssl.verification_mode": set(v)}

test_none_fails if {
	rs := bas_03.results with input as doc([node(object.union(on, vm("none")))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:14")
}

test_certificate_passes if {
	statuses(bas_03.results) == {"pass"} with input as doc([node(object.union(on, vm("certificate")))])
}

test_absent_passes if {
	statuses(bas_03.results) == {"pass"} with input as doc([node(on)])
}

test_invalid_fails if {
	statuses(bas_03.results) == {"fail"} with input as doc([node(object.union(on, vm("strict")))])
}

test_none_single_node_discovery_warns if {
	s := object.union(on, object.union(vm("none"), {"discovery.type": set("single-node")}))
	statuses(bas_03.results) == {"warn"} with input as doc([node(s)])
}

test_tls_off_not_applicable if {
	statuses(bas_03.results) == {"not_applicable"} with input as doc([node({"network.host": set("10.0.0.11")})])
}

test_dev_mode_not_applicable if {
	statuses(bas_03.results) == {"not_applicable"} with input as doc([node({"xpack.security.transport.ssl.enabled": set("true")})])
}

test_live_only_dev_mode_not_applicable if {
	b := {"nodes": {"nodes": {"n1": {"name": "es01", "settings": {}, "transport": {"bound_address": ["127.0.0.1:9300"]}}}}}
	d := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": [], "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": b}}, "kibana": []}
	statuses(bas_03.results) == {"not_applicable"} with input as d
}
