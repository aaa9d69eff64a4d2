package essec.checks.hardening.hard_21_test

import data.essec.checks.hardening.hard_21
import data.essec.checks.hardening.testkit_test as t

remote := {"cluster.remote.dr.seeds": t.setl(["10.9.0.1:9300"])}

tls := {"xpack.security.transport.ssl.enabled": t.set("true")}

test_no_remote_not_applicable if {
	t.verdicts(hard_21.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_cert_model_with_transport_tls_passes if {
	n := t.with_(t.node(object.union(remote, tls)), {"keystore": t.keystore(["keystore.seed"], false)})
	rs := hard_21.results with input as t.doc("8.15.0", [n])
	t.verdicts(rs) == {"pass node/es01"}
	some r in rs
	r.setting == "cluster.remote.dr"
	contains(r.message, "certificate model")
}

test_cert_model_without_transport_tls_fails if {
	n := t.with_(t.node(remote), {"keystore": t.keystore(["keystore.seed"], false)})
	t.verdicts(hard_21.results) == {"fail node/es01"} with input as t.doc("8.15.0", [n])
}

test_api_model_client_ssl_off_fails if {
	n := t.with_(t.node(object.union(remote, {"xpack.security.remote_cluster_client.ssl.enabled": t.set("false")})), {"keystore": t.keystore(["keystore.seed", "cluster.remote.dr.credentials"], false)})
	rs := hard_21.results with input as t.doc("8.15.0", [n])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_api_model_defaults_pass if {
	n := t.with_(t.node(remote), {"keystore": t.keystore(["cluster.remote.dr.credentials"], false)})
	t.verdicts(hard_21.results) == {"pass node/es01"} with input as t.doc("8.15.0", [n])
}

test_unknown_model_unknown if {
	t.verdicts(hard_21.results) == {"unknown node/es01"} with input as t.doc("8.15.0", [t.node(remote)])
}

test_server_ssl_off_fails if {
	rs := hard_21.results with input as t.doc("8.15.0", [t.node({"remote_cluster_server.enabled": t.set("true"), "xpack.security.remote_cluster_server.ssl.enabled": t.set("false")})])
	t.verdicts(rs) == {"fail node/es01"}
}

test_live_alias_judged_on_nodes if {
	n := t.with_(t.node(tls), {"keystore": t.keystore([], false)})
	d := t.live_doc("8.15.0", [n], {"cluster_settings": {"persistent": {"cluster.remote.eu.seeds": ["10.2.0.1:9300"]}, "transient": {}, "defaults": {}}})
	rs := hard_21.results with input as d
	t.verdicts_of(rs, "cluster.remote.eu") == {"pass node/es01"}
}
