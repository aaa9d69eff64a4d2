package essec.checks.minimal.min_07_test

import data.essec.checks.minimal.min_07

kyml := "/etc/kibana/kibana.yml"

set(v) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": 9}

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

test_elastic_fails if {
	rs := min_07.results with input as doc([kb({"elasticsearch.username": set("elastic")}, null)])
	statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "kibana.yml:9")
	contains(r.message, "superuser")
}

test_kibana_fails if {
	statuses(min_07.results) == {"fail"} with input as doc([kb({"elasticsearch.username": set("kibana")}, null)])
}

test_kibana_system_passes if {
	statuses(min_07.results) == {"pass"} with input as doc([kb({"elasticsearch.username": set("kibana_system")}, null)])
}

test_token_passes if {
	rs := min_07.results with input as doc([kb({}, kks(["elasticsearch.serviceAccountToken"]))])
	statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "service account token")
}

test_username_in_keystore_unknown if {
	statuses(min_07.results) == {"unknown"} with input as doc([kb({}, kks(["elasticsearch.username", "elasticsearch.password"]))])
}

test_unresolved_reference_unknown if {
	s := {"value": "", "list": [], "source": "file", "file": kyml, "line": 9, "reference": true, "unresolved": true}
	statuses(min_07.results) == {"unknown"} with input as doc([kb({"elasticsearch.username": s}, null)])
}

test_protected_keystore_unknown if {
	ks := {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []}
	statuses(min_07.results) == {"unknown"} with input as doc([kb({}, ks)])
}

test_no_kibana_not_applicable if {
	statuses(min_07.results) == {"not_applicable"} with input as doc([])
}

# kibana_system exists from 7.8; before it, kibana is the right user.
test_kibana_before_78_passes if {
	d := object.union(doc([kb({"elasticsearch.username": set("kibana")}, null)]), {"deployment": {"name": "d", "version": "7.6.2"}})
	rs := min_07.results with input as d
	statuses(rs) == {"pass"}
	{r.resource.name | some r in rs} == {"kb01"}
}

test_kibana_version_unknown_is_unknown if {
	d := object.union(doc([kb({"elasticsearch.username": set("kibana")}, null)]), {"deployment": {"name": "d", "version": ""}})
	rs := min_07.results with input as d
	statuses(rs) == {"unknown"}
	{r.resource.name | some r in rs} == {"kb01"}
}

test_kibana_from_78_fails if {
	d := object.union(doc([kb({"elasticsearch.username": set("kibana")}, null)]), {"deployment": {"name": "d", "version": "7.8.0"}})
	rs := min_07.results with input as d
	statuses(rs) == {"fail"}
	{r.resource.kind | some r in rs} == {"kibana"}
}
