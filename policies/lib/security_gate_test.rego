# TLS is only in effect when security is (issue 8): with security off
# (explicitly, by default on 6.x/7.x basic or trial, or through a licence
# without security) BAS-01 and HTTPS-01 fail even when *.ssl.enabled is
# true; they are unknown when the licence or version leaves it open.
package essec.lib.security_gate_test

import data.essec.checks.basic.bas_01
import data.essec.checks.https.https_01

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 5}

node(name, s) := {"name": name, "config_file": yml, "origin": "config-dir", "readable": true, "settings": s, "jvm_options": [], "keystore": null, "tls_material": [], "trust": [], "files": [], "errors": []}

tls_on := {
	"network.host": set("10.0.0.5"),
	"xpack.security.transport.ssl.enabled": set("true"),
	"xpack.security.http.ssl.enabled": set("true"),
}

doc(version, nodes, cluster) := {
	"deployment": {"name": "d", "version": version},
	"context": {"now": "2026-11-26T12:00:00Z", "cert_expiry_warn_days": 30},
	"elasticsearch": {"nodes": nodes, "cluster": cluster},
	"kibana": [],
}

live(bodies) := {"reachable": true, "endpoint": "https://es01:9200", "auth": {"kind": "basic", "username": "auditor", "insecure": false, "superuser": false, "roles": []}, "calls": {}, "bodies": bodies, "anonymous": [], "tls": []}

two(s) := [node("es01", s), node("es02", s)]

# es01's BAS-01 / HTTPS-01 result: one per node, asserted with its resource.
on(rs, name) := [r | some r in rs; r.resource.name == name]

test_security_disabled_tls_fails if {
	d := doc("8.15.0", two(object.union(tls_on, {"xpack.security.enabled": set("false")})), null)
	[r] := on(bas_01.results, "es01") with input as d
	r.status == "fail"
	r.resource.kind == "node"
	contains(r.message, "security is off")
	[h] := on(https_01.results, "es01") with input as d
	h.status == "fail"
	contains(h.message, "plain HTTP")
}

test_7x_absent_security_tls_fails if {
	d := doc("7.17.9", two(tls_on), null)
	[r] := on(bas_01.results, "es02") with input as d
	r.status == "fail"
	r.resource.name == "es02"
	contains(r.message, "leaves security off")
}

test_7x_gold_licence_absent_security_passes if {
	d := doc("7.17.9", two(tls_on), live({"license": {"license": {"type": "gold", "status": "active"}}}))
	[r] := on(bas_01.results, "es01") with input as d
	r.status == "pass"
	r.resource.kind == "node"
}

test_6x_basic_licence_has_no_security if {
	s := object.union(tls_on, {"xpack.security.enabled": set("true")})
	d := doc("6.5.4", two(s), live({"license": {"license": {"type": "basic", "status": "active"}}}))
	[r] := on(https_01.results, "es01") with input as d
	r.status == "fail"
	contains(r.message, "does not include security")
}

test_6x_licence_unknown_is_unknown if {
	s := object.union(tls_on, {"xpack.security.enabled": set("true")})
	d := doc("6.5.4", two(s), null)
	[r] := on(bas_01.results, "es01") with input as d
	r.status == "unknown"
	r.resource.name == "es01"
	contains(r.message, "licence was not read")
}

test_68_basic_with_security_passes if {
	s := object.union(tls_on, {"xpack.security.enabled": set("true")})
	d := doc("6.8.23", two(s), null)
	[r] := on(https_01.results, "es01") with input as d
	r.status == "pass"
	r.resource.kind == "node"
}

test_version_unknown_absent_security_is_unknown if {
	d := doc("", two(tls_on), null)
	[r] := on(https_01.results, "es01") with input as d
	r.status == "unknown"
	contains(r.message, "version is unknown")
}

test_live_usage_security_disabled_fails if {
	usage := {"xpack_usage": {"security": {"enabled": false, "ssl": {"http": {"enabled": true}, "transport": {"enabled": true}}}}}
	d := doc("8.15.0", [], live(usage))
	rs := https_01.results with input as d
	some r in rs
	r.resource.kind == "cluster"
	r.status == "fail"
	contains(r.message, "security.enabled false")
	not pass_on_cluster(rs)
}

pass_on_cluster(rs) if {
	some r in rs
	r.resource.kind == "cluster"
	r.status == "pass"
}
