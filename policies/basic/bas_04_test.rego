package essec.checks.basic.bas_04_test

import data.essec.checks.basic.bas_04

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 21}

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

main := "xpack.security.transport.ssl.client_authentication"

profile := "transport.profiles.client.xpack.security.ssl.client_authentication"

test_absent_passes if {
	statuses(bas_04.results) == {"pass"} with input as doc([node(on)])
}

test_required_passes if {
	statuses(bas_04.results) == {"pass"} with input as doc([node(object.union(on, {main: set("required")}))])
}

test_optional_fails if {
	rs := bas_04.results with input as doc([node(object.union(on, {main: set("optional")}))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:21")
}

test_profile_none_fails if {
	rs := bas_04.results with input as doc([node(object.union(on, {profile: set("none")}))])
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.status == "fail"
	r.setting == profile
}

test_invalid_value_fails if {
	statuses(bas_04.results) == {"fail"} with input as doc([node(object.union(on, {main: set("yes")}))])
}

test_single_node_discovery_warns if {
	s := object.union(on, {main: set("none"), "discovery.type": set("single-node")})
	statuses(bas_04.results) == {"warn"} with input as doc([node(s)])
}

test_tls_off_not_applicable if {
	statuses(bas_04.results) == {"not_applicable"} with input as doc([node({"network.host": set("10.0.0.11")})])
}

test_dev_mode_not_applicable if {
	statuses(bas_04.results) == {"not_applicable"} with input as doc([node({"xpack.security.transport.ssl.enabled": set("true")})])
}
