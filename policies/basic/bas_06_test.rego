package essec.checks.basic.bas_06_test

import data.essec.checks.basic.bas_06

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 3}

secret(line) := {"value": "", "list": [], "source": "file", "file": yml, "line": line, "secret": true, "length": 12}

exposed := {"network.host": set("10.0.0.11")}

ks(entries) := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

node(settings, keystore) := {"name": "es01", "config_file": yml, "settings": object.union(exposed, settings), "keystore": keystore}

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

test_plain_transport_password_fails if {
	rs := bas_06.results with input as doc([node({"xpack.security.transport.ssl.keystore.password": secret(17)}, null)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:17")
	contains(r.message, "xpack.security.transport.ssl.keystore.secure_password")
	r.resource.line == 17
}

test_key_password_twin_named if {
	rs := bas_06.results with input as doc([node({"xpack.security.http.ssl.keystore.key_password": secret(4)}, ks(["xpack.security.http.ssl.keystore.secure_key_password"]))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "expected xpack.security.http.ssl.keystore.secure_key_password")
	contains(r.message, "refuses")
}

test_profile_and_remote_cluster_fail if {
	s := {
		"transport.profiles.client.xpack.security.ssl.key_passphrase": secret(5),
		"xpack.security.remote_cluster_client.ssl.truststore.password": secret(6),
	}
	rs := bas_06.results with input as doc([node(s, null)])
	count(rs) == 2
	statuses(rs) == {"fail"}
}

test_secure_settings_pass if {
	rs := bas_06.results with input as doc([node({}, ks(["keystore.seed", "xpack.security.transport.ssl.keystore.secure_password"]))])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "xpack.security.transport.ssl.keystore.secure_password")
}

test_dev_mode_not_applicable if {
	d := doc([{"name": "es01", "config_file": yml, "settings": {"xpack.security.transport.ssl.keystore.password": secret(17)}}])
	statuses(bas_06.results) == {"not_applicable"} with input as d
}
