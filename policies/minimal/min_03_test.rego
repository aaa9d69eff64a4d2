package essec.checks.minimal.min_03_test

import data.essec.checks.minimal.min_03

ks(entries) := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

node(keystore) := {"name": "es01", "config_file": "/etc/elasticsearch/elasticsearch.yml", "settings": {}, "keystore": keystore}

doc(nodes) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": null}, "kibana": []}

live(nodes, user, bodies) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": nodes, "cluster": {"reachable": true, "endpoint": "https://es:9200", "auth": {"kind": "basic", "username": user}, "calls": {}, "bodies": bodies}}, "kibana": []}

users := {
	"elastic": {"username": "elastic", "roles": ["superuser"], "metadata": {"_reserved": true}, "enabled": true},
	"kibana_system": {"username": "kibana_system", "roles": ["kibana_system"], "metadata": {"_reserved": true}, "enabled": true},
	"beats_system": {"username": "beats_system", "roles": ["beats_system"], "metadata": {"_reserved": true}, "enabled": false},
	"jack": {"username": "jack", "roles": ["admin"], "metadata": {}, "enabled": true},
}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_bootstrap_password_left_fails if {
	rs := min_03.results with input as doc([node(ks(["keystore.seed", "bootstrap.password"]))])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.keystore")
	r.resource.kind == "keystore"
}

test_keystore_without_bootstrap_passes_with_note if {
	rs := min_03.results with input as doc([node(ks(["keystore.seed"]))])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "not verified without --url")
}

test_no_keystore_passes if {
	statuses(min_03.results) == {"pass"} with input as doc([node({"path": "/etc/elasticsearch/elasticsearch.keystore", "present": false, "entries": []})])
}

test_protected_keystore_unknown if {
	rs := min_03.results with input as doc([node({"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []})])
	statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "ESSEC_KEYSTORE_PASSWORD")
}

test_keystore_not_collected_unknown if {
	statuses(min_03.results) == {"unknown"} with input as doc([node(null)])
}

test_audit_as_elastic_warns if {
	rs := min_03.results with input as live([], "elastic", {"users": users, "authenticate": {"username": "elastic", "authentication_realm": {"type": "reserved"}}})
	statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "dedicated auditor user")
}

# A wrong password for elastic proves nothing about who the audit is.
test_failed_authentication_as_elastic_is_unknown if {
	d := live([], "elastic", {})
	d2 := json.patch(d, [{"op": "add", "path": "/elasticsearch/cluster/calls", "value": {"users": {"path": "/_security/user", "status": 401, "error_class": "credentials", "error": "401 unauthorized; hint: check --user and ESSEC_PASSWORD"}}}])
	rs := min_03.results with input as d2
	statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "check --user")
}

test_dedicated_auditor_passes if {
	rs := min_03.results with input as live([], "essec", {"users": users})
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "[elastic, kibana_system]")
	contains(r.message, "disabled: [beats_system]")
}

test_users_call_failed_unknown if {
	d := live([], "essec", {})
	d2 := json.patch(d, [{"op": "add", "path": "/elasticsearch/cluster/calls/users", "value": {"path": "/_security/user", "status": 403, "error_class": "privilege", "error": "action [cluster:admin/xpack/security/user/get] is unauthorized"}}])
	rs := min_03.results with input as d2
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.kind == "cluster"
	contains(r.message, "(privilege)")
}

test_live_and_keystore_both_judged if {
	rs := min_03.results with input as live([node(ks(["bootstrap.password"]))], "essec", {"users": users})
	statuses(rs) == {"fail", "pass"}
	some r in rs
	r.status == "fail"
	r.resource.kind == "keystore"
}

test_api_key_audit_named_by_authenticate if {
	d := live([], "", {"users": users, "authenticate": {"username": "auditor", "authentication_type": "api_key"}})
	rs := min_03.results with input as d
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "user \"auditor\"")
}
