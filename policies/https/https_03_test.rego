package essec.checks.https.https_03_test

import data.essec.checks.https.https_03
import data.essec.test.kibana_fixtures as f

es(name, extra, leaf) := object.union(f.node(name, object.union({"xpack.security.http.ssl.enabled": f.eset("true")}, extra)), {"tls_material": [f.material("http", "keystore", [leaf, f.ca_cert])]})

kbh(hosts) := f.kb("kb01", {"elasticsearch.hosts": f.klist(hosts)})

test_publish_host_covered_passes if {
	n := es("es01", {"network.host": f.eset("es01.example.com")}, f.cert(["es01.example.com"], ["10.0.0.1"]))
	f.only(https_03.results) == "pass" with input as f.doc("8.15.0", [n], [])
}

test_wildcard_matches_one_label if {
	n := es("es01", {"network.host": f.eset("es01.example.com")}, f.cert(["*.example.com"], []))
	f.only(https_03.results) == "pass" with input as f.doc("8.15.0", [n], [])
	m := es("es01", {"network.host": f.eset("a.es01.example.com")}, f.cert(["*.example.com"], []))
	f.only(https_03.results) == "fail" with input as f.doc("8.15.0", [m], [])
}

test_missing_ip_fails_naming_it if {
	n := es("es01", {"network.host": f.elist(["10.0.0.1", "_local_"])}, f.cert(["es01"], ["127.0.0.1"]))
	rs := https_03.results with input as f.doc("8.15.0", [n], [])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "10.0.0.1")
	contains(r.message, "network.host (elasticsearch.yml:6)")
}

test_special_values_fall_back_to_node_name if {
	n := es("es01", {"network.host": f.eset("0.0.0.0"), "http.host": f.eset("_site_")}, f.cert(["es01"], []))
	f.only(https_03.results) == "pass" with input as f.doc("8.15.0", [n], [])
	m := es("node-1", {"network.host": f.eset("0.0.0.0")}, f.cert(["es01"], []))
	f.only(https_03.results) == "warn" with input as f.doc("8.15.0", [m], [])
}

test_live_publish_address_missing_warns if {
	n := object.union(es("es01", {"network.host": f.eset("es01")}, f.cert(["es01"], [])), {"live": {"http_publish_address": "es01/172.18.0.2:9200"}})
	f.only(https_03.results) == "warn" with input as f.doc("8.15.0", [n], [])
}

test_no_certificate_unknown if {
	n := f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")})
	f.only(https_03.results) == "unknown" with input as f.doc("8.15.0", [n], [])
}

test_tls_off_not_applicable if {
	f.only(https_03.results) == "not_applicable" with input as f.doc("8.15.0", [f.node("es01", {})], [])
}

test_kibana_host_mapped_to_node if {
	n1 := es("es01", {}, f.cert(["es01"], []))
	n2 := es("es02", {}, f.cert(["es02"], []))
	rs := https_03.results with input as f.doc("8.15.0", [n1, n2], [kbh(["https://es01:9200", "https://es02:9200"])])
	{r.status | some r in rs; r.resource.kind == "kibana"} == {"pass"}
}

test_kibana_host_missing_fails if {
	n1 := es("es01", {}, f.cert(["es01"], []))
	rs := https_03.results with input as f.doc("8.15.0", [n1], [kbh(["https://elastic.internal:9200"])])
	some r in rs
	r.resource.kind == "kibana"
	r.status == "fail"
	contains(r.message, "elastic.internal")
}

test_kibana_load_balancer_covered_by_some_node if {
	n1 := es("es01", {}, f.cert(["es01", "es.example.com"], []))
	n2 := es("es02", {}, f.cert(["es02"], []))
	rs := https_03.results with input as f.doc("8.15.0", [n1, n2], [kbh(["https://es.example.com:9200"])])
	{r.status | some r in rs; r.resource.kind == "kibana"} == {"pass"}
}

test_kibana_host_uses_probe_certificate if {
	c := f.cluster({}, [{"endpoint": "https://10.0.0.5:9200", "speaks_tls": true, "certificates": [f.cert(["es01"], ["10.0.0.9"])]}])
	d := f.with_cluster(f.doc("8.15.0", [], [kbh(["https://10.0.0.5:9200"])]), c)
	f.only(https_03.results) == "fail" with input as d
}

test_kibana_without_certificates_unknown if {
	f.only(https_03.results) == "unknown" with input as f.doc("8.15.0", [], [kbh(["https://es01:9200"])])
}

test_kibana_plain_http_not_applicable if {
	f.only(https_03.results) == "not_applicable" with input as f.doc("8.15.0", [], [kbh(["http://es01:9200"])])
}

test_autosetup_p12_with_ca_key_uses_leaf if {
	ca := object.union(f.ca_cert, {"has_private_key": true})
	n := object.union(f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true"), "network.host": f.eset("es01")}), {"tls_material": [f.material("http", "keystore", [ca, f.cert(["es01"], [])])]})
	f.only(https_03.results) == "pass" with input as f.doc("8.15.0", [n], [])
}

# The written-out helpers give what the tls library's give.
test_written_out_helpers_match_the_library if {
	leaf := f.cert(["es01.example.com"], ["10.0.0.1"])
	nodes := [
		es("es01", {}, leaf),
		object.union(es("es01", {}, leaf), {"tls_material": [object.union(f.material("http", "keystore", [leaf]), {"readable": false})]}),
		object.union(es("es01", {}, leaf), {"tls_material": [f.material("transport", "keystore", [leaf])]}),
	]
	https_03._http_leaf(nodes[0]) == leaf
	data.essec.lib.tls.es_http_leaf(nodes[0]) == leaf
	every n in array.slice(nodes, 1, 3) {
		not https_03._http_leaf(n)
		not data.essec.lib.tls.es_http_leaf(n)
	}
	every c in [leaf, f.cert([], []), object.union(leaf, {"dns_names": null}), f.ca_cert] {
		https_03._cert_names(c) == data.essec.lib.tls.cert_names(c)
	}
}
