package essec.checks.hardening.hard_15_test

import data.essec.checks.hardening.hard_15
import data.essec.checks.hardening.testkit_test as t

tls := {
	"xpack.security.enabled": t.set("true"),
	"xpack.security.http.ssl.enabled": t.set("true"),
	"xpack.security.transport.ssl.enabled": t.set("true"),
}

test_default_loopback_passes if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node({})])
	t.verdicts(rs) == {"pass node/es01"}
	count(rs) == 2
}

test_private_address_passes if {
	t.verdicts(hard_15.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({"network.host": t.set("10.1.2.3")})])
}

test_site_passes if {
	t.verdicts(hard_15.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({"network.host": t.set("_site_")})])
}

test_all_interfaces_with_tls_warns if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node(object.union(tls, {"http.host": t.set("0.0.0.0")}))])
	t.verdicts_of(rs, "http") == {"warn node/es01"}
	t.verdicts_of(rs, "transport") == {"pass node/es01"}
	some r in rs
	r.setting == "http"
	contains(r.message, "elasticsearch.yml:7")
}

test_all_interfaces_without_tls_fails if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node({"network.host": t.set("0.0.0.0")})])
	t.verdicts(rs) == {"fail node/es01"}
}

test_public_ip_without_tls_fails if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node({"http.host": t.set("203.0.113.7")})])
	t.verdicts_of(rs, "http") == {"fail node/es01"}
}

test_public_ip_with_tls_warns if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node(object.union(tls, {"http.host": t.set("203.0.113.7")}))])
	t.verdicts_of(rs, "http") == {"warn node/es01"}
}

test_http_bind_host_wins if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node({"network.host": t.set("0.0.0.0"), "http.bind_host": t.set("127.0.0.1"), "transport.host": t.set("10.0.0.1")})])
	t.verdicts(rs) == {"pass node/es01"}
}

compose_node(ports) := t.with_(t.node(object.union(tls, {"network.host": t.set("0.0.0.0")})), {"origin": "compose", "compose": {"file": "/srv/docker-compose.yml", "service": "es01", "image": "elasticsearch:8.15.0", "ports": ports}})

test_compose_published_everywhere_warns if {
	rs := hard_15.results with input as t.doc("8.15.0", [compose_node(["9200:9200", "5601"])])
	t.verdicts_of(rs, "ports") == {"warn node/es01"}
	t.status_of(rs, "http") == set()
}

test_compose_loopback_passes if {
	rs := hard_15.results with input as t.doc("8.15.0", [compose_node(["127.0.0.1:9200:9200/tcp", "[::1]:9300:9300"])])
	t.verdicts(rs) == {"pass node/es01"}
}

test_compose_public_without_tls_fails if {
	n := t.with_(t.node({"network.host": t.set("0.0.0.0")}), {"compose": {"file": "/srv/docker-compose.yml", "service": "es01", "ports": ["198.51.100.4:9200:9200"]}})
	t.verdicts_of(hard_15.results, "ports") == {"fail node/es01"} with input as t.doc("8.15.0", [n])
}

test_compose_nothing_published_passes if {
	t.verdicts(hard_15.results) == {"pass node/es01"} with input as t.doc("8.15.0", [compose_node([])])
}

test_live_only_public_bound if {
	body := {"nodes": {"abc": {"name": "es01", "http": {"bound_address": ["203.0.113.9:9200"], "publish_address": "203.0.113.9:9200"}}}}
	rs := hard_15.results with input as t.live_doc("8.15.0", [], {"nodes": body})
	t.verdicts(rs) == {"fail node/es01"}
}

test_kibana_all_interfaces_warns if {
	kb := t.kibana({"server.host": t.kset("0.0.0.0")})
	t.verdicts(hard_15.results) == {"warn kibana/kb01"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_kibana_default_passes if {
	t.verdicts(hard_15.results) == {"pass kibana/kb01"} with input as t.doc_kb("8.15.0", [], [t.kibana({})])
}

test_nothing_no_result if {
	count(hard_15.results) == 0 with input as t.doc("8.15.0", [])
}

# Each layer's message names its hosts, the setting and where it was read,
# the layer's TLS and, unless it passes, what is expected; the resource
# points at the setting's line, or at the config file when it is unset.
test_layer_messages_and_resources if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node(object.union(tls, {"http.host": t.set("0.0.0.0")}))])
	some h in rs
	h.setting == "http"
	h.message == "HTTP is bound to 0.0.0.0: every interface (http.host, elasticsearch.yml:7; HTTP TLS and security on); expected loopback or private addresses, behind a firewall"
	h.resource == {"kind": "node", "name": "es01", "file": t.yml, "line": 7}
	h.evidence == {"observed": ["0.0.0.0"], "expected": "loopback or private addresses", "tls": true}
	some tr in rs
	tr.setting == "transport"
	tr.message == "transport is bound to _local_: loopback only (transport.host, default _local_; transport TLS on)"
	tr.resource == {"kind": "node", "name": "es01", "file": t.yml}
}

# A node bound to two addresses is judged by the more exposed one.
test_worst_of_two_hosts_decides if {
	rs := hard_15.results with input as t.doc("8.15.0", [t.node({"network.host": t.setl(["10.1.2.3", "8.8.8.8"])})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "a public address")
}
