package essec.checks.autosetup.auto_08_test

import data.essec.checks.autosetup.auto_08

kyml := "/etc/kibana/kibana.yml"

set(v, line) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": line}

token := {"value": "", "list": [], "source": "file", "file": kyml, "line": 41, "secret": true, "length": 60}

capath := "/usr/share/kibana/data/ca_1728805378099.crt"

enrolled := {
	"elasticsearch.hosts": set("https://192.0.2.10:9200", 40),
	"elasticsearch.ssl.certificateAuthorities": set(capath, 42),
}

cam(exists) := {"setting": "elasticsearch.ssl.certificateAuthorities", "context": "kibana.elasticsearch", "path": capath, "exists": exists, "readable": exists, "certificates": []}

kks(entries) := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": false, "decrypted": true, "entries": entries}

kb(settings, material, keystore) := {"name": "kb01", "config_file": kyml, "settings": settings, "tls_material": material, "keystore": keystore}

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

test_token_in_yml_fails if {
	rs := auto_08.results with input as doc([kb(object.union(enrolled, {"elasticsearch.serviceAccountToken": token}), [cam(true)], null)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "kibana.yml:41")
}

test_token_moved_passes if {
	rs := auto_08.results with input as live([kb(enrolled, [cam(true)], kks(["elasticsearch.serviceAccountToken"]))], {"kibana_credentials": {"count": 1, "tokens": {"enroll-process-token-1728805377": {}}}})
	statuses(rs) == {"pass"}
}

test_http_host_fails if {
	s := object.union(enrolled, {"elasticsearch.hosts": set("http://192.0.2.10:9200", 40)})
	statuses(auto_08.results) == {"fail"} with input as doc([kb(s, [cam(true)], kks(["elasticsearch.serviceAccountToken"]))])
}

test_ca_file_missing_fails if {
	statuses(auto_08.results) == {"fail"} with input as doc([kb(enrolled, [cam(false)], kks(["elasticsearch.serviceAccountToken"]))])
}

test_token_deleted_in_cluster_fails if {
	statuses(auto_08.results) == {"fail"} with input as live([kb(enrolled, [cam(true)], kks(["elasticsearch.serviceAccountToken"]))], {"kibana_credentials": {"count": 0, "tokens": {}}})
}

test_env_reference_warns if {
	s := object.union(enrolled, {"elasticsearch.serviceAccountToken": object.union(token, {"reference": true})})
	statuses(auto_08.results) == {"warn"} with input as doc([kb(s, [cam(true)], null)])
}

test_not_enrolled_not_applicable if {
	s := {"elasticsearch.hosts": set("https://es:9200", 3), "elasticsearch.ssl.certificateAuthorities": set("/etc/kibana/ca.crt", 4)}
	statuses(auto_08.results) == {"not_applicable"} with input as doc([kb(s, [], null)])
}

test_no_kibana_not_applicable if {
	statuses(auto_08.results) == {"not_applicable"} with input as doc([])
}
