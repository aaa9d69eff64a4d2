package essec.checks.autosetup.auto_04_test

import data.essec.checks.autosetup.auto_04

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

block := {
	"xpack.security.enrollment.enabled": set("true", 94),
	"xpack.security.http.ssl.enabled": set("true", 98),
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99),
	"xpack.security.transport.ssl.enabled": set("true", 103),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 105),
	"xpack.security.transport.ssl.truststore.path": set("certs/transport.p12", 106),
}

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

test_all_interfaces_with_tls_warns if {
	rs := auto_04.results with input as doc([node(object.union(block, {"http.host": set("0.0.0.0", 113)}))])
	statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "elasticsearch.yml:113")
}

test_all_interfaces_without_tls_fails if {
	s := object.union(block, {"http.host": set("0.0.0.0", 113), "xpack.security.http.ssl.enabled": set("false", 98)})
	statuses(auto_04.results) == {"fail"} with input as doc([node(s)])
}

test_narrowed_passes if {
	statuses(auto_04.results) == {"pass"} with input as doc([node(object.union(block, {"http.host": set("10.0.0.11", 113)}))])
}

test_live_bound_wildcard_warns if {
	n := object.union(node(block), {"live": {"http_bound_address": ["[::]:9200"], "transport_bound_address": ["127.0.0.1:9300"]}})
	statuses(auto_04.results) == {"warn"} with input as doc([n])
}

test_no_block_not_applicable if {
	statuses(auto_04.results) == {"not_applicable"} with input as doc([node({"http.host": set("0.0.0.0", 3)})])
}

# http.host and network.host both set (as in an auto-configured node whose
# block adds http.host: 0.0.0.0 below a hand-written network.host): the
# effective one is named, and nothing conflicts.
test_several_host_settings_name_the_effective_one if {
	s := object.union(block, {"http.host": set("0.0.0.0", 113), "network.host": set("10.0.0.5", 56), "xpack.security.http.ssl.enabled": set("false", 98)})
	rs := auto_04.results with input as doc([object.union(node(s), {"auto_config_block": true})])
	{r.status | some r in rs} == {"fail"}
	{r.resource.name | some r in rs} == {"es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:113")
}
