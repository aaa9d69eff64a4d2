package essec.checks.minimal.min_06_test

import data.essec.checks.minimal.min_06

kyml := "/etc/kibana/kibana.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": 9}

secret := {"value": "", "list": [], "source": "file", "file": kyml, "line": 12, "secret": true, "length": 20}

kks(entries) := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

kb(settings, keystore) := {"name": "kb01", "config_file": kyml, "settings": settings, "keystore": keystore}

doc(kbs) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": [], "cluster": null}, "kibana": kbs}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_password_in_yml_fails if {
	rs := min_06.results with input as doc([kb({"elasticsearch.username": set("kibana_system"), "elasticsearch.password": secret}, null)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "kibana.yml:12")
	r.resource.line == 12
	r.setting == "elasticsearch.password"
}

test_token_in_compose_env_fails if {
	s := {"value": "", "list": [], "source": "compose", "file": "/srv/docker-compose.yml", "line": 30, "secret": true, "length": 60}
	rs := min_06.results with input as doc([kb({"elasticsearch.serviceAccountToken": s}, null)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "docker-compose environment (docker-compose.yml:30)")
}

test_env_reference_warns if {
	s := object.union(secret, {"reference": true})
	statuses(min_06.results) == {"warn"} with input as doc([kb({"elasticsearch.password": s}, null)])
}

test_in_keystore_passes if {
	rs := min_06.results with input as doc([kb({"elasticsearch.username": set("kibana_system")}, kks(["elasticsearch.password"]))])
	statuses(rs) == {"pass"}
}

test_keystore_unreadable_no_clear_text_passes if {
	ks := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": false, "password_protected": false, "decrypted": false, "entries": [], "error": "permission denied"}
	rs := min_06.results with input as doc([kb({"elasticsearch.username": set("kibana_system")}, ks)])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "permission denied")
}

test_no_secret_not_applicable if {
	statuses(min_06.results) == {"not_applicable"} with input as doc([kb({}, kks([]))])
}

test_no_kibana_not_applicable if {
	statuses(min_06.results) == {"not_applicable"} with input as doc([])
}

test_config_not_read_unknown if {
	statuses(min_06.results) == {"unknown"} with input as doc([{"name": "kb01", "settings": {}}])
}
