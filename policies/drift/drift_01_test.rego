package essec.checks.drift.drift_01_test

import data.essec.checks.drift.drift_01

set(v, file, line) := {"value": v, "list": [v], "source": "file", "file": file, "line": line}

node(name, settings) := {"name": name, "config_file": sprintf("/srv/%s/elasticsearch.yml", [name]), "settings": settings}

tls(name) := {
	"xpack.security.enabled": set("true", sprintf("/srv/%s/elasticsearch.yml", [name]), 2),
	"xpack.security.transport.ssl.enabled": set("true", sprintf("/srv/%s/elasticsearch.yml", [name]), 5),
}

doc(version, nodes) := {"deployment": {"name": "d", "version": version}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

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

test_agreeing_nodes_pass if {
	statuses(drift_01.results) == {"pass"} with input as doc("8.15.0", [node("es01", tls("es01")), node("es02", tls("es02"))])
}

test_one_node_without_tls_fails if {
	rs := drift_01.results with input as doc("8.15.0", [node("es01", tls("es01")), node("es02", {"xpack.security.enabled": set("true", "/srv/es02/elasticsearch.yml", 2)})])
	statuses(rs) == {"fail"}
	some r in rs
	r.setting == "xpack.security.transport.ssl.enabled"
	contains(r.message, "es01 \"true\" (elasticsearch.yml:5)")
	contains(r.message, "es02 (absent, default \"false\")")
}

test_explicit_default_agrees if {
	a := object.union(tls("es01"), {"xpack.security.transport.ssl.verification_mode": set("full", "/srv/es01/elasticsearch.yml", 6)})
	statuses(drift_01.results) == {"pass"} with input as doc("8.15.0", [node("es01", a), node("es02", tls("es02"))])
}

test_verification_mode_drift_fails if {
	a := object.union(tls("es01"), {"xpack.security.transport.ssl.verification_mode": set("none", "/srv/es01/elasticsearch.yml", 6)})
	statuses(drift_01.results) == {"fail"} with input as doc("8.15.0", [node("es01", a), node("es02", tls("es02"))])
}

test_unknown_version_security_enabled_unknown if {
	b := {"xpack.security.transport.ssl.enabled": set("true", "/srv/es02/elasticsearch.yml", 5)}
	rs := drift_01.results with input as doc("", [node("es01", tls("es01")), node("es02", b)])
	statuses(rs) == {"unknown"}
}

test_single_node_not_applicable if {
	statuses(drift_01.results) == {"not_applicable"} with input as doc("8.15.0", [node("es01", tls("es01"))])
}

test_live_only_node_without_tls_fails if {
	b := {"nodes": {"nodes": {
		"a": {"name": "es01", "settings": {"xpack": {"security": {"enabled": "true", "transport": {"ssl": {"enabled": "true"}}}}}},
		"b": {"name": "es02", "settings": {"xpack": {"security": {"enabled": "true"}}}},
	}}}
	rs := drift_01.results with input as live([node("es01", tls("es01"))], b)
	statuses(rs) == {"fail"}
	some r in rs
	r.setting == "xpack.security.transport.ssl.enabled"
	contains(r.message, "es02 (absent, default \"false\")")
}

test_live_node_count_without_settings_unknown if {
	rs := drift_01.results with input as live([node("es01", tls("es01"))], {"cat_nodes": [{"name": "es01"}, {"name": "es02"}]})
	statuses(rs) == {"unknown"}
}

# values(k), computed once per distinct setting, gives what computing it
# node by node gives.
test_values_match_per_node_values if {
	odd := {"value": "Full, certificate", "list": ["Full", " certificate"], "source": "file", "file": "/srv/es03/elasticsearch.yml", "line": 3}
	docs := [
		doc("8.15.0", [node("es01", tls("es01")), node("es02", tls("es02"))]),
		doc("8.15.0", [node("es01", tls("es01")), node("es02", {}), {"name": "es04", "settings": null}]),
		doc("", [node("es01", tls("es01")), node("es03", {"xpack.security.transport.ssl.verification_mode": odd, "xpack.security.http.ssl.enabled": {"value": "TRUE", "list": [], "source": "file", "file": "/f", "line": 1}})]),
	]
	every d in docs {
		every k, _ in drift_01.defaults {
			drift_01.values(k) == drift_01.per_node_values(k) with input as d
		}
	}
}
