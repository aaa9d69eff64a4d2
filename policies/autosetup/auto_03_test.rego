package essec.checks.autosetup.auto_03_test

import data.essec.checks.autosetup.auto_03

yml := "/etc/elasticsearch/elasticsearch.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 99}

block := {
	"xpack.security.enrollment.enabled": set("true"),
	"xpack.security.http.ssl.enabled": set("true"),
	"xpack.security.http.ssl.keystore.path": set("certs/http.p12"),
	"xpack.security.transport.ssl.enabled": set("true"),
	"xpack.security.transport.ssl.keystore.path": set("certs/transport.p12"),
	"xpack.security.transport.ssl.truststore.path": set("certs/transport.p12"),
}

all_entries := [
	"keystore.seed",
	"xpack.security.http.ssl.keystore.secure_password",
	"xpack.security.transport.ssl.keystore.secure_password",
	"xpack.security.transport.ssl.truststore.secure_password",
]

ks(entries) := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

node(settings, keystore) := {"name": "es01", "config_file": yml, "settings": settings, "keystore": keystore}

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

test_all_entries_pass if {
	statuses(auto_03.results) == {"pass"} with input as doc([node(block, ks(all_entries))])
}

test_missing_truststore_password_fails if {
	rs := auto_03.results with input as doc([node(block, ks(array.slice(all_entries, 0, 3)))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "xpack.security.transport.ssl.truststore.secure_password")
	r.resource.kind == "keystore"
}

test_no_keystore_fails if {
	statuses(auto_03.results) == {"fail"} with input as doc([node(block, {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": false, "entries": []})])
}

test_protected_keystore_unknown if {
	k := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []}
	statuses(auto_03.results) == {"unknown"} with input as doc([node(block, k)])
}

test_no_block_not_applicable if {
	statuses(auto_03.results) == {"not_applicable"} with input as doc([node({}, ks([]))])
}
