package essec.checks.minimal.min_05_test

import data.essec.checks.minimal.min_05

kyml := "/etc/kibana/kibana.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": 9}

secret := {"value": "", "list": [], "source": "file", "file": kyml, "line": 10, "secret": true, "length": 20}

kks(entries) := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

kb(settings, keystore) := {"name": "kb01", "config_file": kyml, "settings": settings, "keystore": keystore}

doc(kbs) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": [], "cluster": null}, "kibana": kbs}

live(kbs, bodies) := {"deployment": {"name": "d", "version": "8.15.0"}, "elasticsearch": {"nodes": [], "cluster": {"reachable": true, "endpoint": "https://es:9200", "calls": {}, "bodies": bodies}}, "kibana": kbs}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

test_no_kibana_not_applicable if {
	rs := min_05.results with input as doc([])
	statuses(rs) == {"not_applicable"}
	some r in rs
	r.message == "no Kibana instance in this deployment"
}

test_kibana_system_passes if {
	rs := min_05.results with input as doc([kb({"elasticsearch.username": set("kibana_system")}, kks(["elasticsearch.password"]))])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "kibana.yml:9")
	contains(r.message, "kibana.keystore")
}

test_elastic_fails if {
	statuses(min_05.results) == {"fail"} with input as doc([kb({"elasticsearch.username": set("elastic"), "elasticsearch.password": secret}, null)])
}

test_deprecated_kibana_user_warns if {
	statuses(min_05.results) == {"warn"} with input as doc([kb({"elasticsearch.username": set("kibana"), "elasticsearch.password": secret}, null)])
}

test_custom_user_with_only_kibana_system_role_passes if {
	d := live([kb({"elasticsearch.username": set("kbsvc"), "elasticsearch.password": secret}, null)], {"users": {"kbsvc": {"username": "kbsvc", "roles": ["kibana_system"], "enabled": true, "metadata": {}}}})
	statuses(min_05.results) == {"pass"} with input as d
}

test_custom_user_unverified_warns if {
	statuses(min_05.results) == {"warn"} with input as doc([kb({"elasticsearch.username": set("kbsvc"), "elasticsearch.password": secret}, null)])
}

test_token_passes if {
	statuses(min_05.results) == {"pass"} with input as doc([kb({}, kks(["elasticsearch.serviceAccountToken"]))])
}

test_token_confirmed_live if {
	rs := min_05.results with input as live([kb({"elasticsearch.serviceAccountToken": secret}, null)], {"kibana_credentials": {"service_account": "elastic/kibana", "count": 2, "tokens": {"t1": {}}}})
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "2 token(s)")
}

test_token_without_cluster_token_fails if {
	statuses(min_05.results) == {"fail"} with input as live([kb({"elasticsearch.serviceAccountToken": secret}, null)], {"kibana_credentials": {"service_account": "elastic/kibana", "count": 0, "tokens": {}}})
}

test_token_and_username_fail if {
	statuses(min_05.results) == {"fail"} with input as doc([kb({"elasticsearch.username": set("kibana_system"), "elasticsearch.serviceAccountToken": secret}, null)])
}

test_no_credentials_fails if {
	statuses(min_05.results) == {"fail"} with input as doc([kb({"elasticsearch.hosts": set("https://es:9200")}, null)])
}

test_no_credentials_protected_keystore_unknown if {
	ks := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []}
	statuses(min_05.results) == {"unknown"} with input as doc([kb({"elasticsearch.hosts": set("https://es:9200")}, ks)])
}

test_username_without_password_fails if {
	statuses(min_05.results) == {"fail"} with input as doc([kb({"elasticsearch.username": set("kibana_system")}, kks([]))])
}

test_username_password_in_protected_keystore_unknown if {
	ks := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []}
	statuses(min_05.results) == {"unknown"} with input as doc([kb({"elasticsearch.username": set("kibana_system")}, ks)])
}

test_pki_client_certificate_warns if {
	statuses(min_05.results) == {"warn"} with input as doc([kb({"elasticsearch.ssl.certificate": set("/etc/kibana/client.crt"), "elasticsearch.ssl.key": set("/etc/kibana/client.key")}, null)])
}

test_config_not_read_unknown if {
	statuses(min_05.results) == {"unknown"} with input as doc([{"name": "kb01", "settings": {}, "keystore": null}])
}
