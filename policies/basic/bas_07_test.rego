package essec.checks.basic.bas_07_test

import data.essec.checks.basic.bas_07

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 6}

node(name, settings) := {"name": name, "config_file": yml, "settings": settings}

full := {
	"xpack.security.transport.ssl.enabled": set("true"),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12"),
	"xpack.security.transport.ssl.truststore.path": set("certs/transport.p12"),
	"xpack.security.transport.ssl.verification_mode": set("certificate"),
}

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

test_multi_node_full_tls_passes if {
	rs := bas_07.results with input as doc([node("es01", full), node("es02", full)])
	statuses(rs) == {"pass"}
	count(rs) == 2
}

test_multi_node_one_without_tls_fails if {
	rs := bas_07.results with input as doc([node("es01", full), node("es02", {})])
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.status == "fail"
	contains(r.message, "2 nodes")
	contains(r.message, "BAS-01")
}

test_exposed_single_node_weak_client_auth_fails if {
	s := object.union(full, {"network.host": set("0.0.0.0"), "xpack.security.transport.ssl.client_authentication": set("optional")})
	rs := bas_07.results with input as doc([node("es01", s)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:6")
	contains(r.message, "BAS-04")
}

test_dev_mode_not_applicable if {
	statuses(bas_07.results) == {"not_applicable"} with input as doc([node("es01", {})])
}

test_single_node_discovery_not_applicable if {
	s := {"network.host": set("10.0.0.11"), "discovery.type": set("single-node")}
	statuses(bas_07.results) == {"not_applicable"} with input as doc([node("es01", s)])
}

test_live_only_node_without_tls_fails if {
	b := {
		"nodes": {"nodes": {
			"a": {"name": "es01", "settings": {"xpack": {"security": {"transport": {"ssl": {"enabled": "true"}}}}}, "transport": {"bound_address": ["10.0.0.11:9300"]}},
			"b": {"name": "es02", "settings": {}, "transport": {"bound_address": ["10.0.0.12:9300"]}},
		}},
		"xpack_usage": {"security": {"ssl": {"transport": {"enabled": true}}}},
	}
	rs := bas_07.results with input as live([], b)
	statuses(rs) == {"pass", "fail"}
	some r in rs
	r.status == "fail"
	r.resource.name == "es02"
}

# Transport TLS configured on a node whose security is off is not in
# effect: the auto-configuration block left with xpack.security.enabled
# false is a production cluster without transport TLS.
test_security_off_with_tls_settings_fails if {
	off := object.union(full, {"xpack.security.enabled": set("false")})
	rs := bas_07.results with input as doc([node("es01", off), node("es02", full)])
	some r in rs
	r.status == "fail"
	r.resource.kind == "node"
	r.resource.name == "es01"
	contains(r.message, "security is off")
	some p in rs
	p.status == "pass"
	p.resource.name == "es02"
}

# With the version unknown and xpack.security.enabled not set, whether
# security (and with it TLS) is in effect is unknown (on from 8.0 only).
test_security_unknown_with_tls_settings_is_unknown if {
	d := object.union(doc([node("es01", full), node("es02", full)]), {"deployment": {"name": "d", "version": ""}})
	rs := bas_07.results with input as d
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
}

# ---- the common path (verdict's first body) gives what the full path gives

test_common_path_matches_full_path if {
	pem := object.union(object.remove(full, ["xpack.security.transport.ssl.keystore.path"]), {"xpack.security.transport.ssl.key": set("n.key"), "xpack.security.transport.ssl.certificate": set("n.crt"), "xpack.security.transport.ssl.client_authentication": set("required")})
	nodes := [node("es01", full), node("es02", pem), node("es03", object.union(full, {"xpack.security.enabled": set("true")}))]
	every n in nodes {
		bas_07.complete(n) with input as doc([n, node("es09", full)])
		bas_07.verdict(n) == bas_07.full_verdict(n) with input as doc([n, node("es09", full)])
	}
}

# Anything the common path does not cover leaves it.
test_common_path_left_for_problems if {
	nodes := [
		node("es01", {}),
		node("es01", object.union(full, {"xpack.security.enabled": set("false")})),
		node("es01", object.union(full, {"xpack.security.transport.ssl.verification_mode": set("None")})),
		node("es01", object.union(full, {"xpack.security.transport.ssl.client_authentication": set("optional")})),
		node("es01", object.union(full, {"transport.profiles.client.xpack.security.ssl.client_authentication": set("required")})),
		node("es01", object.remove(full, ["xpack.security.transport.ssl.keystore.path"])),
		node("es01", object.union(object.remove(full, ["xpack.security.transport.ssl.keystore.path"]), {"xpack.security.transport.ssl.key": set("n.key")})),
	]
	every n in nodes {
		not bas_07.complete(n) with input as doc([n, node("es09", full)])
	}
	not bas_07.complete(node("es01", full)) with input as {"deployment": {"name": "d", "version": ""}, "elasticsearch": {"nodes": [node("es01", full)], "cluster": null}, "kibana": []}
}
