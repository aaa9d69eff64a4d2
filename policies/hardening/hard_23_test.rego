package essec.checks.hardening.hard_23_test

import data.essec.checks.hardening.hard_23
import data.essec.checks.hardening.testkit_test as t

single_prod := {"discovery.type": t.set("single-node"), "network.host": t.set("10.0.0.4")}

test_enforced_passes if {
	n := t.with_(t.node(single_prod), {"jvm_options": ["-Des.enforce.bootstrap.checks=true"]})
	t.verdicts(hard_23.results) == {"pass node/es01"} with input as t.doc("8.15.0", [n])
}

test_single_node_discovery_warns if {
	rs := hard_23.results with input as t.doc("8.15.0", [t.node(single_prod)])
	t.verdicts(rs) == {"warn node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_auto_setup_layout_warns if {
	t.verdicts(hard_23.results) == {"warn node/es01"} with input as t.doc("8.15.0", [t.node({"http.host": t.set("0.0.0.0")})])
}

test_dev_node_not_applicable if {
	t.verdicts(hard_23.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_production_mode_passes if {
	t.verdicts(hard_23.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({"network.host": t.set("10.0.0.4"), "discovery.seed_hosts": t.setl(["10.0.0.5"])})])
}

test_multi_node_not_applicable if {
	t.verdicts(hard_23.results) == {"not_applicable node/es01", "not_applicable node/es02"} with input as t.doc("8.15.0", [t.node(single_prod), t.node_named("es02", single_prod)])
}

test_jvm_not_read_unknown if {
	n := t.with_(t.node(single_prod), {"jvm_options": null})
	t.verdicts(hard_23.results) == {"unknown node/es01"} with input as t.doc("8.15.0", [n])
}

test_compose_single_node_warns if {
	n := t.with_(t.node({"discovery.type": t.set("single-node")}), {"origin": "compose", "compose": {"file": "/srv/docker-compose.yml", "service": "es01", "ports": ["9200:9200"]}})
	rs := hard_23.results with input as t.doc("8.15.0", [n])
	t.verdicts(rs) == {"warn node/es01"}
	some r in rs
	contains(r.message, "0.0.0.0")
}
