package essec.checks.hardening.hard_23_test

import data.essec.checks.hardening.hard_23
import data.essec.checks.hardening.testkit_test as t

single_prod := {"discovery.type": t.set("single-node"), "network.host": t.set("10.0.0.4")}

test_enforced_passes if {
	n := t.with_(t.node(single_prod), {"jvm_options": ["-Des.enforce.bootstrap.checks=true"]})
	t.statuses(hard_23.results) == {"pass"} with input as t.doc("8.15.0", [n])
}

test_single_node_discovery_warns if {
	rs := hard_23.results with input as t.doc("8.15.0", [t.node(single_prod)])
	t.statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_auto_setup_layout_warns if {
	t.statuses(hard_23.results) == {"warn"} with input as t.doc("8.15.0", [t.node({"http.host": t.set("0.0.0.0")})])
}

test_dev_node_not_applicable if {
	t.statuses(hard_23.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_production_mode_passes if {
	t.statuses(hard_23.results) == {"pass"} with input as t.doc("8.15.0", [t.node({"network.host": t.set("10.0.0.4"), "discovery.seed_hosts": t.setl(["10.0.0.5"])})])
}

test_multi_node_not_applicable if {
	t.statuses(hard_23.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node(single_prod), t.node_named("es02", single_prod)])
}

test_jvm_not_read_unknown if {
	n := t.with_(t.node(single_prod), {"jvm_options": null})
	t.statuses(hard_23.results) == {"unknown"} with input as t.doc("8.15.0", [n])
}

test_compose_single_node_warns if {
	n := t.with_(t.node({"discovery.type": t.set("single-node")}), {"origin": "compose", "compose": {"file": "/srv/docker-compose.yml", "service": "es01", "ports": ["9200:9200"]}})
	rs := hard_23.results with input as t.doc("8.15.0", [n])
	t.statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "0.0.0.0")
}
