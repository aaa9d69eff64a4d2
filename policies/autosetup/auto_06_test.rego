package essec.checks.autosetup.auto_06_test

import data.essec.checks.autosetup.auto_06

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

block := {
	"xpack.security.enrollment.enabled": set("true", 94),
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 105),
	"http.host": set("0.0.0.0", 113),
}

node(settings, jvm) := {"name": "es01", "config_file": yml, "settings": settings, "jvm_options": jvm}

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

test_loopback_warns if {
	rs := auto_06.results with input as doc([node(block, ["-Xms1g", "-Xmx1g"])])
	statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "development mode")
}

test_loopback_with_enforced_checks_passes if {
	statuses(auto_06.results) == {"pass"} with input as doc([node(block, ["-Des.enforce.bootstrap.checks=true"])])
}

test_transport_host_set_passes if {
	rs := auto_06.results with input as doc([node(object.union(block, {"transport.host": set("10.0.0.11", 117)}), [])])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "production mode")
}

test_live_bound_non_loopback_passes if {
	n := object.union(node(block, []), {"live": {"transport_bound_address": ["172.18.0.2:9300"]}})
	statuses(auto_06.results) == {"pass"} with input as doc([n])
}

test_no_block_not_applicable if {
	statuses(auto_06.results) == {"not_applicable"} with input as doc([node({}, [])])
}
