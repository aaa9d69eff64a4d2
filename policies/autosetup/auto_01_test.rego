package essec.checks.autosetup.auto_01_test

import data.essec.checks.autosetup.auto_01

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": yml, "line": line}

block := {
	"xpack.security.enabled": set("true", 92),
	"xpack.security.enrollment.enabled": set("true", 94),
	"xpack.security.http.ssl.enabled": set("true", 98),
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99),
	"xpack.security.transport.ssl.enabled": set("true", 103),
	"xpack.security.transport.ssl.verification_mode": set("certificate", 104),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 105),
	"xpack.security.transport.ssl.truststore.path": set("certs/transport.p12", 106),
	"cluster.initial_master_nodes": set("es01", 109),
	"http.host": set("0.0.0.0", 113),
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

test_intact_block_passes if {
	statuses(auto_01.results) == {"pass"} with input as doc([node(block)])
}

test_flipped_http_tls_fails if {
	rs := auto_01.results with input as doc([node(object.union(block, {"xpack.security.http.ssl.enabled": set("false", 98)}))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:98")
}

test_verification_none_fails if {
	statuses(auto_01.results) == {"fail"} with input as doc([node(object.union(block, {"xpack.security.transport.ssl.verification_mode": set("none", 104)}))])
}

test_full_verification_passes if {
	statuses(auto_01.results) == {"pass"} with input as doc([node(object.union(block, {"xpack.security.transport.ssl.verification_mode": set("full", 104)}))])
}

test_truststore_removed_fails if {
	statuses(auto_01.results) == {"fail"} with input as doc([node(object.remove(block, ["xpack.security.transport.ssl.truststore.path"]))])
}

test_no_block_not_applicable if {
	s := {"xpack.security.transport.ssl.enabled": set("true", 3), "xpack.security.transport.ssl.keystore.path": set("elastic-certificates.p12", 4)}
	statuses(auto_01.results) == {"not_applicable"} with input as doc([node(s)])
}

# A hand-written TLS configuration that happens to keep its keystores under
# certs/ (no auto-configuration block, no enrollment setting) is not judged
# as a broken auto-configuration.
test_hand_written_certs_not_applicable if {
	hand := {
		"xpack.security.enabled": set("true", 3),
		"xpack.security.http.ssl.enabled": set("true", 4),
		"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 5),
		"xpack.security.transport.ssl.enabled": set("true", 6),
		"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12", 7),
	}
	rs := auto_01.results with input as doc([node(hand)])
	{r.status | some r in rs} == {"not_applicable"}
	{r.resource.name | some r in rs} == {"es01"}
	some r in rs
	contains(r.message, "hand-written")
}

# The block's comment marks the node even when its settings were edited.
test_block_comment_marks_the_node if {
	rs := auto_01.results with input as doc([object.union(node({"xpack.security.http.ssl.keystore.path": set("certs/http.p12", 99)}), {"auto_config_block": true})])
	not {r.status | some r in rs} == {"not_applicable"}
	{r.resource.name | some r in rs} == {"es01"}
}
