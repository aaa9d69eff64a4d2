package essec.checks.https.https_05_test

import data.essec.checks.https.https_05
import data.essec.test.kibana_fixtures as f

hosts := {"elasticsearch.hosts": f.klist(["https://es01:9200"])}

ca_mat := object.union(f.material("kibana.elasticsearch", "certificate_authorities", [f.ca_cert]), {"setting": "elasticsearch.ssl.certificateAuthorities", "path": "/etc/kibana/ca.pem"})

kbx(extra, mats, trust) := object.union(f.kb("kb01", object.union(hosts, extra)), {"tls_material": mats, "trust": trust})

with_ca := {"elasticsearch.ssl.certificateAuthorities": f.kset("/etc/kibana/ca.pem")}

es_node(leaf) := object.union(f.node("es01", {"xpack.security.http.ssl.enabled": f.eset("true")}), {"tls_material": [f.material("http", "keystore", [leaf])]})

test_trusted_full_passes if {
	kb := kbx(with_ca, [ca_mat], [{"context": "kibana.elasticsearch", "leaf_sha256": "leaf", "leaf_path": "/etc/elasticsearch/certs/http.p12", "trusted": true}])
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_untrusted_fails if {
	kb := kbx(with_ca, [ca_mat], [{"context": "kibana.elasticsearch", "leaf_path": "/etc/elasticsearch/certs/http.p12", "trusted": false, "reason": "signed by unknown authority"}])
	rs := https_05.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "signed by unknown authority")
}

test_issuer_compared_without_trust_results if {
	kb := kbx(with_ca, [ca_mat], [])
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [es_node(f.cert(["es01"], []))], [kb])
	other := object.union(f.cert(["es01"], []), {"issuer": "CN=Other CA"})
	f.verdicts(https_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [es_node(other)], [kb])
}

test_verification_none_fails_with_location if {
	kb := kbx(object.union(with_ca, {"elasticsearch.ssl.verificationMode": f.kset_at("none", 12)}), [ca_mat], [])
	rs := https_05.results with input as f.doc("8.15.0", [], [kb])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:12")
}

test_verification_certificate_warns if {
	kb := kbx(object.union(with_ca, {"elasticsearch.ssl.verificationMode": f.kset("certificate")}), [ca_mat], [])
	f.verdicts(https_05.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_ca_warns if {
	f.verdicts(https_05.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [es_node(f.cert(["es01"], []))], [kbx({}, [], [])])
}

test_no_ca_public_certificate_passes if {
	leaf := object.union(f.cert(["es.example.com"], []), {"well_known_ca": true})
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [es_node(leaf)], [kbx({}, [], [])])
}

test_missing_ca_file_fails if {
	kb := kbx(with_ca, [object.union(ca_mat, {"exists": false, "readable": false, "certificates": []})], [])
	f.verdicts(https_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_unreadable_ca_file_unknown if {
	kb := kbx(with_ca, [object.union(ca_mat, {"readable": false, "error": "permission denied", "certificates": []})], [])
	f.verdicts(https_05.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_plain_http_not_applicable if {
	kb := f.kb("kb01", {"elasticsearch.hosts": f.klist(["http://es01:9200"])})
	f.verdicts(https_05.results) == {"not_applicable kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.verdicts(https_05.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}

# ---- which nodes a Kibana is judged against (elasticsearch_targets)

node_named(name, leaf) := object.union(f.node(name, {"xpack.security.http.ssl.enabled": f.eset("true")}), {"tls_material": [f.material("http", "keystore", [leaf])]})

other_ca_leaf := object.union(f.cert(["es02"], []), {"issuer": "CN=Other CA"})

target_host(url, host, nodes, by) := {"url": url, "host": host, "nodes": nodes, "matched_by": by}

# Elastic's docker-compose example: Kibana names es01 by its service name.
compose_targets := {"scope": "hosts", "nodes": ["es01"], "hosts": [target_host("https://es01:9200", "es01", ["es01"], "configuration")]}

lb_targets := {"scope": "all", "nodes": [], "reason": "https://es.example.com:9200 names no known node (a load balancer or a name essec cannot resolve): Kibana may reach any node", "hosts": [target_host("https://es.example.com:9200", "es.example.com", [], "")]}

kb_targets(targets, trust) := object.union(kbx(with_ca, [ca_mat], trust), {"elasticsearch_targets": targets})

test_named_node_judged_not_the_others if {
	# es02 has a certificate from another CA, but Kibana never connects to it.
	nodes := [node_named("es01", f.cert(["es01"], [])), node_named("es02", other_ca_leaf)]
	rs := https_05.results with input as f.doc("8.15.0", nodes, [kb_targets(compose_targets, [])])
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "of es01, named by elasticsearch.hosts")
	r.evidence.elasticsearch_nodes == ["es01"]
}

test_named_node_with_another_ca_fails if {
	targets := object.union(compose_targets, {"nodes": ["es02"], "hosts": [target_host("https://es02:9200", "es02", ["es02"], "configuration")]})
	nodes := [node_named("es01", f.cert(["es01"], [])), node_named("es02", other_ca_leaf)]
	f.verdicts(https_05.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", nodes, [kb_targets(targets, [])])
}

test_load_balancer_judges_every_node if {
	nodes := [node_named("es01", f.cert(["es01"], [])), node_named("es02", other_ca_leaf)]
	rs := https_05.results with input as f.doc("8.15.0", nodes, [kb_targets(lb_targets, [])])
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "Other CA")
	r.evidence.elasticsearch_nodes == "every node"
}

test_load_balancer_all_trusted_says_every_node if {
	nodes := [node_named("es01", f.cert(["es01"], [])), node_named("es02", f.cert(["es02"], []))]
	rs := https_05.results with input as f.doc("8.15.0", nodes, [kb_targets(lb_targets, [])])
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "of every node (https://es.example.com:9200 names no known node")
}

# A VM fleet: Kibana names two of three nodes by IP; the collector's trust
# results cover those two.
test_vm_fleet_trust_results_name_the_nodes if {
	targets := {"scope": "hosts", "nodes": ["node-1", "node-2"], "hosts": [
		target_host("https://10.0.1.11:9200", "10.0.1.11", ["node-1"], "configuration"),
		target_host("https://10.0.1.12:9200", "10.0.1.12", ["node-2"], "configuration"),
	]}
	trust := [
		{"context": "kibana.elasticsearch", "leaf_sha256": "a", "leaf_path": "/etc/elasticsearch/node-1/certs/http.crt", "trusted": true},
		{"context": "kibana.elasticsearch", "leaf_sha256": "b", "leaf_path": "/etc/elasticsearch/node-2/certs/http.crt", "trusted": true},
	]
	rs := https_05.results with input as f.doc("8.15.0", [], [kb_targets(targets, trust)])
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "verifies the Elasticsearch HTTP certificate of node-1, node-2, named by elasticsearch.hosts")
}

test_vm_fleet_untrusted_named_node_fails if {
	targets := {"scope": "hosts", "nodes": ["node-2"], "hosts": [target_host("https://10.0.1.12:9200", "10.0.1.12", ["node-2"], "configuration")]}
	trust := [{"context": "kibana.elasticsearch", "leaf_sha256": "b", "leaf_path": "/etc/elasticsearch/node-2/certs/http.crt", "trusted": false, "reason": "x509: certificate signed by unknown authority"}]
	rs := https_05.results with input as f.doc("8.15.0", [], [kb_targets(targets, trust)])
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "node-2/certs/http.crt: x509: certificate signed by unknown authority (judged: the HTTP certificates of node-2, named by elasticsearch.hosts)")
}

test_no_ca_public_certificate_on_the_named_node_passes if {
	public := object.union(f.cert(["es01"], []), {"well_known_ca": true, "issuer": "CN=R11"})
	nodes := [node_named("es01", public), node_named("es02", other_ca_leaf)]
	kb := object.union(kbx({}, [], []), {"elasticsearch_targets": compose_targets})
	f.verdicts(https_05.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", nodes, [kb])
	every_node := object.union(kbx({}, [], []), {"elasticsearch_targets": lb_targets})
	f.verdicts(https_05.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", nodes, [every_node])
}

# A Kibana behind a load balancer whose CA signs none of seven nodes: the
# message names five certificates and counts the other two.
test_many_untrusted_named_five if {
	trust := [{"context": "kibana.elasticsearch", "leaf_sha256": sprintf("l%d", [i]), "leaf_path": sprintf("/etc/elasticsearch/es%02d/certs/http.crt", [i]), "trusted": false, "reason": "x509: certificate signed by unknown authority"} | some i in numbers.range(1, 7)]
	rs := https_05.results with input as f.doc("8.15.0", [], [kb_targets(lb_targets, trust)])
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "es05/certs/http.crt: x509: certificate signed by unknown authority; and 2 more certificates it does not verify (judged: the HTTP certificates of every node (https://es.example.com:9200 names no known node")
	not contains(r.message, "es06/")
}
