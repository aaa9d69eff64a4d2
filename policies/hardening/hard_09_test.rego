package essec.checks.hardening.hard_09_test

import data.essec.checks.hardening.hard_09
import data.essec.checks.hardening.testkit_test as t

tls := {"xpack.security.transport.ssl.enabled": t.set("true"), "network.host": t.set("10.0.0.5")}

with_leaf(settings, dns, ips) := t.with_(t.node(settings), {"tls_material": [t.material("transport", "keystore", "/etc/elasticsearch/certs/transport.p12", [t.cert("CN=es01", "CN=ca", "2027-01-01T00:00:00Z", {"dns_names": dns, "ip_addresses": ips})])]})

test_default_full_passes if {
	t.verdicts(hard_09.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node(tls)])
}

test_no_transport_tls_not_applicable if {
	t.verdicts(hard_09.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_certificate_with_naming_cert_warns if {
	s := object.union(tls, {"xpack.security.transport.ssl.verification_mode": t.set("certificate")})
	rs := hard_09.results with input as t.doc("8.15.0", [with_leaf(s, ["es01"], ["10.0.0.5"])])
	t.verdicts(rs) == {"warn node/es01"}
	some r in rs
	contains(r.message, "10.0.0.5")
	contains(r.message, "elasticsearch.yml:7")
}

test_certificate_wildcard_name_warns if {
	s := object.union(tls, {"xpack.security.transport.ssl.verification_mode": t.set("certificate"), "network.host": t.set("es01.example.com")})
	t.verdicts(hard_09.results) == {"warn node/es01"} with input as t.doc("8.15.0", [with_leaf(s, ["*.example.com"], [])])
}

test_certificate_without_names_passes if {
	s := object.union(tls, {"xpack.security.transport.ssl.verification_mode": t.set("certificate")})
	t.verdicts(hard_09.results) == {"pass node/es01"} with input as t.doc("8.15.0", [with_leaf(s, [], [])])
}

test_live_publish_address_counts if {
	s := {"xpack.security.transport.ssl.enabled": t.set("true"), "xpack.security.transport.ssl.verification_mode": t.set("certificate")}
	n := t.with_(with_leaf(s, [], ["172.18.0.2"]), {"live": {"transport_publish_address": "172.18.0.2:9300"}})
	t.verdicts(hard_09.results) == {"warn node/es01"} with input as t.doc("8.15.0", [n])
}

test_none_fails if {
	s := object.union(tls, {"xpack.security.transport.ssl.verification_mode": t.set("none")})
	t.verdicts(hard_09.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node(s)])
}

test_ldap_certificate_warns if {
	s := object.union(tls, {"xpack.security.authc.realms.ldap.corp.ssl.verification_mode": t.set("certificate")})
	rs := hard_09.results with input as t.doc("8.15.0", [t.node(s)])
	t.verdicts_of(rs, "xpack.security.authc.realms.ldap.corp.ssl.verification_mode") == {"warn node/es01"}
	t.verdicts_of(rs, "xpack.security.transport.ssl.verification_mode") == {"pass node/es01"}
}

test_http_server_mode_not_judged if {
	s := object.union(tls, {"xpack.security.http.ssl.verification_mode": t.set("certificate")})
	rs := hard_09.results with input as t.doc("8.15.0", [t.node(s)])
	t.status_of(rs, "xpack.security.http.ssl.verification_mode") == set()
}

# The mode's message says where it was read, "default" when unset; a mode
# written in capitals is read as Elasticsearch reads it.
test_mode_messages if {
	rs := hard_09.results with input as t.doc("8.15.0", [t.node(tls)])
	some r in rs
	r.message == "xpack.security.transport.ssl.verification_mode is \"full\" (default)"
	r.resource == {"kind": "node", "name": "es01", "file": t.yml}
	r.setting == "xpack.security.transport.ssl.verification_mode"
	s := object.union(tls, {"xpack.security.transport.ssl.verification_mode": t.set(" NONE ")})
	rs2 := hard_09.results with input as t.doc("8.15.0", [t.node(s)])
	some r2 in rs2
	r2.status == "fail"
	r2.message == "xpack.security.transport.ssl.verification_mode is \"none\" (elasticsearch.yml:7): neither certificates nor host names are verified; expected \"full\""
	r2.resource == {"kind": "node", "name": "es01", "file": t.yml, "line": 7}
}

# A client's verification mode beside the server-side ones is judged; the
# server-side ones are not.
test_client_mode_beside_server_modes if {
	s := object.union(tls, {
		"xpack.security.transport.ssl.verification_mode": t.set("full"),
		"xpack.security.http.ssl.verification_mode": t.set("none"),
		"xpack.monitoring.exporters.x.ssl.verification_mode": t.set("none"),
	})
	rs := hard_09.results with input as t.doc("8.15.0", [t.node(s)])
	{[r.setting, r.status] | some r in rs} == {["xpack.security.transport.ssl.verification_mode", "pass"], ["xpack.monitoring.exporters.x.ssl.verification_mode", "fail"]}
}
