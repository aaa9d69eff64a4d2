package essec.checks.hardening.hard_27_test

import data.essec.checks.hardening.hard_27
import data.essec.checks.hardening.testkit_test as t

anon(roles) := t.node({"xpack.security.authc.anonymous.roles": t.setl(roles)})

roles := {
	"public_read": {"cluster": ["monitor"], "indices": [{"names": ["public-*"], "privileges": ["read", "view_index_metadata"]}], "applications": [], "run_as": []},
	"writer": {"cluster": ["manage_index_templates"], "indices": [{"names": ["logs-*"], "privileges": ["write"]}]},
	"kb_admin": {"cluster": [], "indices": [], "applications": [{"application": "kibana-.kibana", "privileges": ["all"], "resources": ["*"]}]},
}

test_no_anonymous_not_applicable if {
	t.statuses(hard_27.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_read_only_role_passes if {
	rs := hard_27.results with input as t.live_doc("8.15.0", [anon(["public_read"])], {"roles": roles})
	t.statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "elasticsearch.yml:8")
}

test_write_role_fails if {
	rs := hard_27.results with input as t.live_doc("8.15.0", [anon(["public_read", "writer"])], {"roles": roles})
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "write on logs-*")
}

test_kibana_all_fails if {
	t.statuses(hard_27.results) == {"fail"} with input as t.live_doc("8.15.0", [anon(["kb_admin"])], {"roles": roles})
}

test_superuser_fails_without_live if {
	t.statuses(hard_27.results) == {"fail"} with input as t.doc("8.15.0", [anon(["superuser"])])
}

test_without_live_unknown_names_roles if {
	rs := hard_27.results with input as t.doc("8.15.0", [anon(["public_read"])])
	t.statuses(rs) == {"unknown"}
	some r in rs
	contains(r.message, "public_read")
	contains(r.message, "--url")
}

test_role_missing_from_api_unknown if {
	t.statuses(hard_27.results) == {"unknown"} with input as t.live_doc("8.15.0", [anon(["from_file"])], {"roles": roles})
}

test_live_probe_roles_judged if {
	c := object.union(t.cluster({"roles": roles}), {"anonymous": [{"url": "https://es01:9200/_security/_authenticate", "status": 200, "body": {"username": "_es_anonymous_user", "roles": ["writer"]}}]})
	d := object.union(t.doc("8.15.0", []), {"elasticsearch": {"nodes": [], "cluster": c}})
	t.statuses(hard_27.results) == {"fail"} with input as d
}
