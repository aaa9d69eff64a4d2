package essec.checks.hardening.hard_12_test

import data.essec.checks.hardening.hard_12
import data.essec.checks.hardening.testkit_test as t

test_protected_passes if {
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": t.keystore(["keystore.seed"], true)})])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource.kind == "keystore"
	contains(r.message, "/etc/elasticsearch/elasticsearch.keystore")
}

test_unprotected_warns if {
	t.statuses(hard_12.results) == {"warn"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": t.keystore(["keystore.seed"], false)})])
}

test_unprotected_fails_under_fips if {
	t.statuses(hard_12.results) == {"fail"} with input as t.fips_doc("8.15.0", [t.with_(t.node({}), {"keystore": t.keystore(["keystore.seed"], false)})])
}

test_absent_not_applicable if {
	t.statuses(hard_12.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": false}})])
}

test_not_examined_unknown if {
	t.statuses(hard_12.results) == {"unknown"} with input as t.doc("8.15.0", [t.node({})])
}

test_unreadable_unknown if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": false, "error": "permission denied"}
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
	t.statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "permission denied")
}

test_kibana_keystore_judged if {
	kb := t.with_(t.kibana({}), {"keystore": object.union(t.keystore([], false), {"path": "/etc/kibana/kibana.keystore"})})
	t.statuses(hard_12.results) == {"warn"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_live_only_kibana_not_judged if {
	kb := t.with_(t.kibana({}), {"origin": "live", "keystore": {"entries": []}})
	count(hard_12.results) == 0 with input as t.doc_kb("8.15.0", [], [kb])
}

# A compose node's keystore lives in its container: unknown, saying so.
test_compose_keystore_not_examined_says_container if {
	node := {"name": "es01", "config_file": "/c/docker-compose.yml", "settings": {}, "keystore": null, "compose": {"file": "/c/docker-compose.yml", "service": "es01", "ports": []}}
	rs := hard_12.results with input as {"deployment": {"name": "d", "version": "8.15.1"}, "context": {"fips_required": false}, "elasticsearch": {"nodes": [node], "cluster": null}, "kibana": []}
	some r in rs
	r.status == "unknown"
	contains(r.message, "docker-compose service")
}

# Garbage in place of the keystore: the collector says malformed and not
# readable; "has no password" would be a guess.
test_garbage_keystore_unknown if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": false, "password_protected": false, "decrypted": false, "entries": [], "error": "not a readable keystore: not an Elasticsearch keystore (bad magic)", "error_kind": "malformed"}
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
	t.statuses(rs) == {"unknown"}
	some r in rs
	r.resource == {"kind": "keystore", "name": "es01", "file": "/etc/elasticsearch/elasticsearch.keystore"}
	contains(r.message, "bad magic")
}

# A damaged checksum under a password flag of 1 is not a protected keystore,
# even if a document still says password_protected (older collectors did).
test_checksum_damaged_keystore_unknown_not_pass if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": [], "error": "checksum mismatch: the file is damaged", "error_kind": "malformed"}
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
	t.statuses(rs) == {"unknown"}
	some r in rs
	r.resource.kind == "keystore"
	r.resource.file == "/etc/elasticsearch/elasticsearch.keystore"
	contains(r.message, "checksum mismatch")
}

# A wrong password: the flag was read from a file whose checksum verified.
test_wrong_password_still_judged_protected if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": [], "error": "wrong keystore password (or the file is damaged)", "error_kind": "wrong-password"}
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource.kind == "keystore"
	r.resource.name == "es01"
}

test_fifo_keystore_unknown if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": false, "entries": [], "error": "cannot read: is a FIFO, not a regular file", "error_kind": "unreadable"}
	rs := hard_12.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
	t.statuses(rs) == {"unknown"}
	some r in rs
	r.resource.kind == "keystore"
	contains(r.message, "FIFO")
}
