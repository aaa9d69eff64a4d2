# A node or Kibana instance that was given but could not be read is unknown
# in every check that judges it, and the cluster's shape is unknown with it.
package essec.lib.readable_test

import data.essec.checks.basic.bas_01
import data.essec.checks.basic.bas_07
import data.essec.checks.hardening.hard_23
import data.essec.checks.kibana.kib_01
import data.essec.checks.minimal.min_01
import data.essec.checks.minimal.min_04

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 3}

readable(name, s) := {"name": name, "config_file": yml, "origin": "config-dir", "readable": true, "settings": s, "jvm_options": [], "keystore": null, "tls_material": [], "trust": [], "files": [], "errors": []}

unreadable(name) := {
	"name": name, "config_dir": "/srv/es02/config", "origin": "config-dir", "readable": false, "settings": {},
	"jvm_options": [], "keystore": null, "tls_material": [], "trust": [], "files": [],
	"errors": [{"source": "esconfig", "file": "/srv/es02/config/elasticsearch.yml", "message": "open elasticsearch.yml: permission denied"}],
}

doc(version, nodes, kibanas) := {
	"deployment": {"name": "d", "version": version},
	"context": {"now": "2026-11-26T12:00:00Z", "cert_expiry_warn_days": 30},
	"elasticsearch": {"nodes": nodes, "cluster": null},
	"kibana": kibanas,
}

loopback := readable("es01", {"xpack.security.enabled": set("true"), "network.host": set("127.0.0.1")})

by_name(rs, name) := {r | some r in rs; r.resource.name == name}

test_node_check_unknown_for_unreadable_node if {
	rs := min_01.results with input as doc("8.15.0", [loopback, unreadable("es02")], [])
	[r | some r in by_name(rs, "es02")] == [r2 | some r2 in by_name(rs, "es02"); r2.status == "unknown"; r2.resource.kind == "node"; contains(r2.message, "permission denied")]
	count(by_name(rs, "es02")) == 1
	{r.status | some r in by_name(rs, "es01")} == {"pass"}
}

test_dev_mode_unknown_when_a_node_is_unreadable if {
	rs := bas_01.results with input as doc("8.15.0", [loopback, unreadable("es02")], [])
	some r in rs
	r.status == "unknown"
	r.resource.kind == "cluster"
	contains(r.message, "es02 could not be read")
	not_applicable := {x | some x in rs; x.status == "not_applicable"}
	count(not_applicable) == 0
}

test_dev_mode_still_not_applicable_when_all_read if {
	rs := bas_01.results with input as doc("8.15.0", [loopback], [])
	{r.status | some r in rs} == {"not_applicable"}
	{r.resource.name | some r in rs} == {"es01"}
}

test_single_node_discovery_unknown_when_a_node_is_unreadable if {
	rs := min_04.results with input as doc("8.15.0", [loopback, unreadable("es02")], [])
	{r.status | some r in rs} == {"unknown"}
	{r.resource.kind | some r in rs} == {"cluster", "node"}
}

test_production_mode_unknown_when_a_node_is_unreadable if {
	rs := bas_07.results with input as doc("8.15.0", [loopback, unreadable("es02")], [])
	some r in rs
	r.status == "unknown"
	r.resource.kind == "cluster"
	count({x | some x in rs; x.status == "not_applicable"}) == 0
}

test_bootstrap_checks_unknown_when_a_node_is_unreadable if {
	rs := hard_23.results with input as doc("8.15.0", [loopback, unreadable("es02")], [])
	some r in rs
	r.status == "unknown"
	r.resource.kind == "cluster"
}

test_unreadable_kibana_is_unknown_not_absent if {
	kb := {"name": "kb01", "config_dir": "/srv/kibana/config", "origin": "config-dir", "readable": false, "settings": {}, "keystore": null, "tls_material": [], "trust": [], "files": [], "errors": [{"source": "kibanaconfig", "message": "kibana.yml: yaml: line 3: mapping values are not allowed here"}]}
	rs := kib_01.results with input as doc("8.15.0", [loopback], [kb])
	{r.status | some r in rs} == {"unknown"}
	{r.resource.name | some r in rs} == {"kb01"}
	{r.resource.kind | some r in rs} == {"kibana"}
}
