package essec.checks.drift.drift_02_test

import data.essec.checks.drift.drift_02

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

file_settings := {
	"cluster.name": set("prod", 1),
	"xpack.security.enabled": set("true", 2),
	"xpack.security.transport.ssl.enabled": set("true", 5),
	"xpack.security.transport.ssl.verification_mode": set("certificate", 6),
	"xpack.security.audit.enabled": set("true", 9),
	"transport.host": set("10.0.0.11", 12),
}

running := {
	"cluster.name": "prod",
	"node.name": "es01",
	"xpack.security.enabled": "true",
	"xpack.security.transport.ssl.enabled": "true",
	"xpack.security.audit.enabled": "true",
	"transport.host": "10.0.0.11",
}

node(settings, live_settings) := {"name": "es01", "config_file": yml, "settings": settings, "live": {"id": "x", "name": "es01", "settings": live_settings}}

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

test_matching_passes if {
	rs := drift_02.results with input as live([node(file_settings, running)], {})
	statuses(rs) == {"pass"}
}

test_restart_pending_fails if {
	f := object.union(file_settings, {"xpack.security.audit.enabled": set("false", 9)})
	rs := drift_02.results with input as live([node(f, running)], {})
	statuses(rs) == {"fail"}
	some r in rs
	r.setting == "xpack.security.audit.enabled"
	contains(r.message, "elasticsearch.yml:9")
	contains(r.message, "restart pending")
	r.resource.line == 9
}

test_file_setting_not_running_fails if {
	f := object.union(file_settings, {"xpack.security.authc.anonymous.roles": set("viewer", 14)})
	statuses(drift_02.results) == {"fail"} with input as live([node(f, running)], {})
}

test_running_only_setting_warns if {
	r := object.union(running, {"xpack.security.authc.token.enabled": "true"})
	statuses(drift_02.results) == {"warn"} with input as live([node(file_settings, r)], {})
}

test_filtered_ssl_settings_ignored if {
	f := object.union(file_settings, {"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 7)})
	statuses(drift_02.results) == {"pass"} with input as live([node(f, running)], {})
}

test_list_values_compared_as_sets if {
	f := object.union(file_settings, {"network.host": {"value": "_site_,_local_", "list": ["_site_", "_local_"], "source": "file", "file": yml, "line": 3}})
	r := object.union(running, {"network.host": "_local_,_site_"})
	statuses(drift_02.results) == {"pass"} with input as live([node(f, r)], {})
}

test_cluster_override_differs_fails if {
	b := {"cluster_settings": {"persistent": {"xpack.security.audit.enabled": "false"}, "transient": {}, "defaults": {}}}
	rs := drift_02.results with input as live([node(file_settings, running)], b)
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.status == "fail"
	r.resource.kind == "cluster"
	contains(r.message, "persistent")
}

test_cluster_override_equal_warns if {
	b := {"cluster_settings": {"persistent": {}, "transient": {"xpack.security.audit.enabled": "true"}, "defaults": {}}}
	statuses(drift_02.results) == {"pass", "warn"} with input as live([node(file_settings, running)], b)
}

test_usage_contradicts_files_fails if {
	b := {"xpack_usage": {"security": {"enabled": true, "ssl": {"transport": {"enabled": false}, "http": {"enabled": false}}}}}
	rs := drift_02.results with input as live([node(file_settings, running)], b)
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.setting == "security.ssl.transport.enabled"
}

test_no_live_unknown if {
	rs := drift_02.results with input as doc([node(file_settings, running)])
	statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "--url")
}

test_node_not_found_unknown if {
	n := {"name": "es01", "config_file": yml, "settings": file_settings}
	b := {"nodes": {"nodes": {"a": {"name": "elastic-0", "settings": {}}}}}
	rs := drift_02.results with input as live([n], b)
	statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "elastic-0")
}

test_matched_through_nodes_body if {
	n := {"name": "es01", "config_file": yml, "settings": file_settings}
	b := {"nodes": {"nodes": {"a": {"name": "es01", "settings": {"cluster": {"name": "prod"}, "transport": {"host": "10.0.0.11"}, "xpack": {"security": {"enabled": "true", "audit": {"enabled": "true"}, "transport": {"ssl": {"enabled": "true"}}}}}}}}}
	statuses(drift_02.results) == {"pass"} with input as live([n], b)
}

# Two live nodes share the name es01 with different settings: which one the
# file describes is not known, so es01 is unknown (not an evaluation
# conflict), and es02, named once, is still compared.
test_live_name_shared_by_two_nodes_unknown if {
	n1 := {"name": "es01", "config_file": yml, "settings": file_settings}
	n2 := {"name": "es02", "config_file": "/etc/es02/elasticsearch.yml", "settings": file_settings}
	body := {"nodes": {
		"a": {"name": "es01", "settings": running},
		"b": {"name": "es01", "settings": object.union(running, {"transport.host": "10.0.0.12"})},
		"c": {"name": "es02", "settings": running},
	}}
	rs := drift_02.results with input as live([n1, n2], {"nodes": body})
	{[r.status, r.resource.kind, r.resource.name] | some r in rs} == {["unknown", "node", "es01"], ["pass", "node", "es02"]}
}
