package essec.checks.hardening.hard_30_test

import data.essec.checks.hardening.hard_30
import data.essec.checks.hardening.testkit_test as t

dup_es := {"source": "esconfig", "file": "/etc/elasticsearch/elasticsearch.yml", "line": 12, "message": "setting xpack.security.enabled is defined twice (lines 3 and 12): Elasticsearch refuses to start", "kind": "duplicate"}

test_no_duplicate_passes if {
	rs := hard_30.results with input as t.doc("8.15.0", [t.node({})])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource == {"kind": "node", "name": "es01", "file": "/etc/elasticsearch/elasticsearch.yml"}
}

test_duplicate_setting_fails if {
	d := object.union(t.doc("8.15.0", [t.node({}), object.union(t.node_named("es02", {}), {"config_file": "/etc/es02/elasticsearch.yml"})]), {"collection_errors": [dup_es]})
	rs := hard_30.results with input as d
	some r in rs
	r.status == "fail"
	r.resource == {"kind": "node", "name": "es01", "file": "/etc/elasticsearch/elasticsearch.yml"}
	contains(r.message, "line 12")
	contains(r.message, "refuses to start")
	some p in rs
	p.status == "pass"
	p.resource.name == "es02"
}

test_duplicate_compose_service_fails_its_nodes if {
	compose := "/c/docker-compose.yml"
	n := object.union(t.node({}), {"config_file": compose, "compose": {"file": compose, "service": "es01", "ports": []}})
	e := {"source": "compose", "file": compose, "line": 6, "message": "service es01 is defined twice (lines 2 and 6): docker compose refuses the file", "kind": "duplicate"}
	rs := hard_30.results with input as object.union(t.doc("8.15.0", [n]), {"collection_errors": [e]})
	t.statuses(rs) == {"fail"}
	some r in rs
	r.resource.kind == "node"
	r.resource.file == compose
	contains(r.message, "docker compose refuses the file")
}

test_duplicate_kibana_key_fails if {
	e := {"source": "kibanaconfig", "file": t.kyml, "line": 9, "message": "setting server.host is defined twice (lines 2 and 9): Kibana refuses to start", "kind": "duplicate"}
	rs := hard_30.results with input as object.union(t.doc_kb("8.15.0", [], [t.kibana({})]), {"collection_errors": [e]})
	t.statuses(rs) == {"fail"}
	some r in rs
	r.resource == {"kind": "kibana", "name": "kb01", "file": "/etc/kibana/kibana.yml"}
}

test_other_errors_are_not_duplicates if {
	e := object.remove(dup_es, ["kind"])
	rs := hard_30.results with input as object.union(t.doc("8.15.0", [t.node({})]), {"collection_errors": [e]})
	t.statuses(rs) == {"pass"}
}

test_unreadable_node_unknown if {
	n := object.union(t.node({}), {"readable": false, "settings": {}})
	rs := hard_30.results with input as t.doc("8.15.0", [n])
	t.statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
}

test_live_only_not_applicable if {
	rs := hard_30.results with input as t.doc("8.15.0", [])
	t.statuses(rs) == {"not_applicable"}
	some r in rs
	r.resource.kind == "cluster"
}

# A component without errors passes on its face; one with an error that is
# no duplicate passes through duplicates: the same result either way.
test_clean_and_checked_passes_alike if {
	want := {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": "/etc/elasticsearch/elasticsearch.yml"}, "message": "/etc/elasticsearch/elasticsearch.yml defines each setting once", "evidence": {"observed": "no duplicates", "expected": "each setting and service defined once"}}}
	hard_30.results == want with input as t.doc("8.15.0", [t.node({})])
	e := object.remove(dup_es, ["kind"])
	hard_30.results == want with input as t.doc("8.15.0", [t.with_(t.node({}), {"errors": [e]})])
	rs := hard_30.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"errors": [dup_es]})])
	t.statuses(rs) == {"fail"}
}
