package essec.checks.autosetup.auto_07_test

import data.essec.checks.autosetup.auto_07

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

block := {
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 105),
}

node(settings) := {"name": "es01", "config_file": yml, "settings": settings}

doc(version, nodes) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_enabled_warns if {
	rs := auto_07.results with input as doc("8.15.0", [node(object.union(block, {"xpack.security.enrollment.enabled": set("true", 94)}))])
	statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "elasticsearch.yml:94")
}

test_disabled_passes if {
	statuses(auto_07.results) == {"pass"} with input as doc("8.15.0", [node(object.union(block, {"xpack.security.enrollment.enabled": set("false", 94)}))])
}

# The block's BEGIN SECURITY AUTO CONFIGURATION comment is there; the
# enrollment line was deleted from it.
test_absent_in_block_passes if {
	rs := auto_07.results with input as doc("8.15.0", [object.union(node(block), {"auto_config_block": true})])
	statuses(rs) == {"pass"}
	{r.resource.name | some r in rs} == {"es01"}
}

test_absent_without_block_not_applicable if {
	statuses(auto_07.results) == {"not_applicable"} with input as doc("8.15.0", [node({})])
}

test_7x_not_applicable if {
	statuses(auto_07.results) == {"not_applicable"} with input as doc("7.17.9", [node({})])
}
