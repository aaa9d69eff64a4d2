package essec.checks.hardening.hard_11_test

import data.essec.checks.hardening.hard_11
import data.essec.checks.hardening.testkit_test as t

file(path, role, mode, owner, group) := {"path": path, "role": role, "exists": true, "mode": mode, "owner": owner, "group": group, "uid": 0, "gid": 0}

with_files(files) := t.with_(t.node({}), {"files": files})

test_package_layout_passes if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([
		file("/etc/elasticsearch/elasticsearch.yml", "config", "0660", "root", "elasticsearch"),
		file("/etc/elasticsearch/elasticsearch.keystore", "keystore", "0660", "root", "elasticsearch"),
	])])
	t.statuses(rs) == {"pass"}
	count(rs) == 2
}

test_world_readable_keystore_fails if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/elasticsearch.keystore", "keystore", "0644", "root", "elasticsearch")])])
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "readable by others (mode 0644)")
	r.resource.file == "/etc/elasticsearch/elasticsearch.keystore"
}

test_world_readable_config_fails if {
	t.statuses(hard_11.results) == {"fail"} with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/elasticsearch.yml", "config", "0644", "root", "elasticsearch")])])
}

test_world_writable_certificate_fails if {
	m := object.union(t.material("http", "certificate_authorities", "/etc/elasticsearch/certs/ca.crt", []), {"mode": "0666", "has_private_key": false})
	n := t.with_(t.node({}), {"tls_material": [m]})
	t.statuses(hard_11.results) == {"fail"} with input as t.doc("8.15.0", [n])
}

test_world_readable_certificate_passes if {
	m := object.union(t.material("http", "certificate_authorities", "/etc/elasticsearch/certs/ca.crt", []), {"mode": "0644", "has_private_key": false})
	n := t.with_(t.node({}), {"tls_material": [m]})
	t.statuses(hard_11.results) == {"pass"} with input as t.doc("8.15.0", [n])
}

test_key_in_material_is_secret if {
	m := object.union(t.material("transport", "key", "/etc/elasticsearch/certs/node.key", []), {"mode": "0644"})
	n := t.with_(t.node({}), {"tls_material": [m], "files": [file("/etc/elasticsearch/certs/node.key", "tls", "0644", "root", "elasticsearch")]})
	rs := hard_11.results with input as t.doc("8.15.0", [n])
	count(rs) == 1
	t.statuses(rs) == {"fail"}
}

test_foreign_group_warns if {
	t.statuses(hard_11.results) == {"warn"} with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/elasticsearch.keystore", "keystore", "0640", "root", "users")])])
}

test_foreign_owner_warns if {
	t.statuses(hard_11.results) == {"warn"} with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/elasticsearch.yml", "config", "0600", "alice", "alice")])])
}

test_compose_owner_not_judged if {
	n := t.with_(with_files([file("/srv/es/elasticsearch.yml", "config", "0660", "alice", "alice")]), {"compose": {"file": "docker-compose.yml", "service": "es01", "ports": []}})
	t.statuses(hard_11.results) == {"pass"} with input as t.doc("8.15.0", [n])
}

test_missing_mode_unknown if {
	t.statuses(hard_11.results) == {"unknown"} with input as t.doc("8.15.0", [with_files([{"path": "/etc/elasticsearch/elasticsearch.yml", "role": "config", "exists": true, "uid": 0, "gid": 0, "error": "permission denied"}])])
}

test_no_file_evidence_unknown if {
	t.statuses(hard_11.results) == {"unknown"} with input as t.doc("8.15.0", [t.node({})])
}

repo(d) := object.union(d, {"context": {"file_location": "repository", "file_location_reason": "a git work tree at /src/infra"}})

test_repository_is_not_applicable if {
	rs := hard_11.results with input as repo(t.doc("8.15.0", [with_files([file("/src/infra/es/elasticsearch.keystore", "keystore", "0644", "alice", "alice")])]))
	t.statuses(rs) == {"not_applicable"}
	count(rs) == 1
	some r in rs
	r.resource.name == "es01"
	contains(r.message, "a git work tree at /src/infra")
}

test_host_context_still_judges if {
	d := object.union(t.doc("8.15.0", [with_files([file("/etc/elasticsearch/elasticsearch.keystore", "keystore", "0644", "root", "elasticsearch")])]), {"context": {"file_location": "host"}})
	t.statuses(hard_11.results) == {"fail"} with input as d
}

# The automatic setup's certs directory is named a directory, not a file.
test_certs_directory_is_named_a_directory if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/certs", "tls", "0777", "root", "elasticsearch")])])
	t.statuses(rs) == {"fail"}
	some r in rs
	r.resource.file == "/etc/elasticsearch/certs"
	contains(r.message, "/etc/elasticsearch/certs (certificate directory) is writable by others (mode 0777)")
}

test_certificate_file_keeps_its_word if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/certs/http_ca.crt", "tls", "0666", "root", "elasticsearch")])])
	some r in rs
	r.status == "fail"
	r.resource.file == "/etc/elasticsearch/certs/http_ca.crt"
	contains(r.message, "(certificate or trust file) is writable by others")
}

# A passing file's message gives its mode, and its owner and group when
# they were collected.
test_pass_message_names_mode_and_owner if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([
		file("/etc/elasticsearch/elasticsearch.yml", "config", "0660", "root", "elasticsearch"),
		file("/etc/elasticsearch/jvm.options", "config", "0640", "", ""),
	])])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource.file == "/etc/elasticsearch/elasticsearch.yml"
	r.message == "/etc/elasticsearch/elasticsearch.yml (configuration file): mode 0660, owner root:elasticsearch"
	some r2 in rs
	r2.resource.file == "/etc/elasticsearch/jvm.options"
	r2.message == "/etc/elasticsearch/jvm.options (configuration file): mode 0640"
}

# A certificate others may read, owned by another user, passes through
# verdict (not the clean files' shortcut) with the same message form.
test_readable_certificate_of_another_owner_passes if {
	rs := hard_11.results with input as t.doc("8.15.0", [with_files([file("/etc/elasticsearch/certs/ca.crt", "tls", "0644", "deploy", "deploy")])])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource.file == "/etc/elasticsearch/certs/ca.crt"
	r.message == "/etc/elasticsearch/certs/ca.crt (certificate or trust file): mode 0644, owner deploy:deploy"
}
