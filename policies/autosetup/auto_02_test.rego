package essec.checks.autosetup.auto_02_test

import data.essec.checks.autosetup.auto_02

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

f(path, mode, owner) := {"path": path, "role": "tls", "exists": true, "mode": mode, "owner": owner, "group": "elasticsearch"}

good_files := [
	{"path": yml, "role": "config", "exists": true, "mode": "0660", "owner": "root"},
	f("/etc/elasticsearch/certs", "0750", "root"),
	f("/etc/elasticsearch/certs/http_ca.crt", "0664", "root"),
	f("/etc/elasticsearch/certs/http.p12", "0660", "root"),
	f("/etc/elasticsearch/certs/transport.p12", "0660", "root"),
]

node(settings, files, material) := {"name": "es01", "config_file": yml, "settings": settings, "files": files, "tls_material": material}

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

test_protected_files_pass if {
	statuses(auto_02.results) == {"pass"} with input as doc([node(block, good_files, [])])
}

test_world_readable_http_p12_fails if {
	files := array.concat(array.slice(good_files, 0, 3), [f("/etc/elasticsearch/certs/http.p12", "0644", "root"), good_files[4]])
	rs := auto_02.results with input as doc([node(block, files, [])])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "HTTP CA's private key")
}

test_missing_file_fails if {
	files := array.concat(array.slice(good_files, 0, 4), [{"path": "/etc/elasticsearch/certs/transport.p12", "role": "tls", "exists": false}])
	statuses(auto_02.results) == {"fail"} with input as doc([node(block, files, [])])
}

test_owner_mismatch_fails if {
	files := array.concat(array.slice(good_files, 0, 4), [f("/etc/elasticsearch/certs/transport.p12", "0660", "alice")])
	statuses(auto_02.results) == {"fail"} with input as doc([node(block, files, [])])
}

test_tls_material_evidence_used if {
	m := [
		{"setting": "xpack.security.http.ssl.keystore.path", "path": "/etc/elasticsearch/certs/http.p12", "exists": true, "readable": true, "mode": "0660", "owner": "root"},
		{"setting": "xpack.security.transport.ssl.keystore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "mode": "0666", "owner": "root"},
	]
	statuses(auto_02.results) == {"fail"} with input as doc([node(block, [], m)])
}

test_not_examined_unknown if {
	statuses(auto_02.results) == {"unknown"} with input as doc([node(block, [], [])])
}

test_unreadable_mode_unknown if {
	m := [
		{"setting": "xpack.security.http.ssl.keystore.path", "path": "/etc/elasticsearch/certs/http.p12", "exists": true, "readable": false, "error": "permission denied"},
		{"setting": "xpack.security.transport.ssl.keystore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "mode": "0660", "owner": ""},
	]
	rs := auto_02.results with input as doc([node(block, [], m)])
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "http.p12")
}

test_no_block_not_applicable if {
	statuses(auto_02.results) == {"not_applicable"} with input as doc([node({}, good_files, [])])
}

repo_doc(nodes) := object.union(doc(nodes), {"context": {"file_location": "repository", "file_location_reason": "a git work tree at /src/infra"}})

test_repository_world_readable_is_not_applicable if {
	files := array.concat(array.slice(good_files, 0, 3), [f("/etc/elasticsearch/certs/http.p12", "0644", "root"), good_files[4]])
	rs := auto_02.results with input as repo_doc([node(block, files, [])])
	statuses(rs) == {"not_applicable"}
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "a git work tree at /src/infra")
}

test_repository_missing_file_still_fails if {
	files := array.concat(array.slice(good_files, 0, 4), [{"path": "/etc/elasticsearch/certs/transport.p12", "role": "tls", "exists": false}])
	rs := auto_02.results with input as repo_doc([node(block, files, [])])
	statuses(rs) == {"fail"}
	some r in rs
	r.resource.name == "es01"
}

test_container_only_p12_is_unknown if {
	m := {"setting": "xpack.security.http.ssl.keystore.path", "context": "http", "role": "keystore", "path": "/usr/share/elasticsearch/config/certs/http.p12",
		"exists": true, "readable": false, "unexamined": true, "error": "lives in the container's volume certs; audit inside the container or pass the files"}
	t := object.union(m, {"setting": "xpack.security.transport.ssl.keystore.path", "context": "transport", "path": "/usr/share/elasticsearch/config/certs/transport.p12"})
	rs := auto_02.results with input as doc([node(block, [], [m, t])])
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
}

# Everything the pass claims must have been seen: the keystores' modes are
# not enough when certs/http_ca.crt or the certs directory's mode were not
# examined (the collector did not stat them, a closed directory).
test_unseen_http_ca_and_certs_dir_unknown if {
	files := [good_files[0], good_files[3], good_files[4]]
	rs := auto_02.results with input as doc([node(block, files, [])])
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource == {"kind": "node", "name": "es01", "file": yml}
	contains(r.message, "certs/http_ca.crt")
	contains(r.message, "the certs directory")
}

test_unseen_certs_dir_mode_unknown if {
	dir := {"path": "/etc/elasticsearch/certs", "role": "tls", "exists": true, "error": "stat /etc/elasticsearch/certs: permission denied"}
	files := array.concat([good_files[0], dir], array.slice(good_files, 2, 5))
	rs := auto_02.results with input as doc([node(block, files, [])])
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "the certs directory")
	contains(r.message, "permission denied")
	not contains(r.message, "http_ca.crt")
}

# One file seen twice with different modes (the files list and the TLS
# material, or two settings naming it) is judged from every mode seen, never
# an evaluation conflict.
test_two_modes_of_one_file_judged_deterministically if {
	m := [
		{"setting": "xpack.security.transport.ssl.keystore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "mode": "0660", "owner": "root"},
		{"setting": "xpack.security.transport.ssl.truststore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "mode": "0640", "owner": "root"},
	]
	rs := auto_02.results with input as doc([node(block, good_files, m)])
	statuses(rs) == {"pass"}
	some r in rs
	r.resource == {"kind": "node", "name": "es01", "file": yml}
	contains(r.message, "transport.p12 0640/0660")
}

test_two_modes_one_open_fails if {
	m := [{"setting": "xpack.security.transport.ssl.truststore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": true, "mode": "0644", "owner": "root"}]
	rs := auto_02.results with input as doc([node(block, good_files, m)])
	statuses(rs) == {"fail"}
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "certs/transport.p12 has mode 0644")
}

# A second file with the config role (roles.yml) owned by someone else is
# not elasticsearch.yml: the owner comparison reads elasticsearch.yml only.
test_other_config_file_owner_not_a_conflict if {
	files := array.concat(good_files, [{"path": "/etc/elasticsearch/roles.yml", "role": "config", "exists": true, "mode": "0660", "owner": "alice"}])
	rs := auto_02.results with input as doc([node(block, files, [])])
	statuses(rs) == {"pass"}
	some r in rs
	r.resource.name == "es01"
}

test_unexamined_second_entry_unknown if {
	m := [{"setting": "xpack.security.transport.ssl.truststore.path", "path": "/etc/elasticsearch/certs/transport.p12", "exists": true, "readable": false, "error": "permission denied"}]
	rs := auto_02.results with input as doc([node(block, good_files, m)])
	statuses(rs) == {"unknown"}
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "certs/transport.p12")
}
