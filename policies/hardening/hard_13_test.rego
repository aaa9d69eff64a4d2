package essec.checks.hardening.hard_13_test

import data.essec.checks.hardening.hard_13
import data.essec.checks.hardening.testkit_test as t

user(name, roles) := {"username": name, "roles": roles, "enabled": true, "metadata": {}}

reserved := {
	"elastic": {"username": "elastic", "roles": ["superuser"], "enabled": true, "metadata": {"_reserved": true}},
	"kibana_system": {"username": "kibana_system", "roles": ["kibana_system"], "enabled": true, "metadata": {"_reserved": true}},
}

test_two_break_glass_pass if {
	users := object.union(reserved, {"admin1": user("admin1", ["superuser"]), "admin2": user("admin2", ["superuser"]), "ann": user("ann", ["viewer"])})
	rs := hard_13.results with input as t.live_doc("8.15.0", [], {"users": users})
	t.verdicts(rs) == {"pass cluster/d"}
}

test_sprawl_fails if {
	users := object.union(reserved, {
		"a": user("a", ["superuser"]), "b": user("b", ["superuser"]),
		"c": user("c", ["godmode"]), "d": object.union(user("d", ["superuser"]), {"enabled": false}),
	})
	roles := {"godmode": {"cluster": ["all"], "indices": [{"names": ["*"], "privileges": ["all"]}]}}
	rs := hard_13.results with input as t.live_doc("8.15.0", [], {"users": users, "roles": roles})
	t.verdicts(rs) == {"fail cluster/d"}
	some r in rs
	contains(r.message, "a, b, c")
}

test_no_live_unknown if {
	rs := hard_13.results with input as t.doc("8.15.0", [t.node({})])
	t.verdicts(rs) == {"unknown cluster/d"}
	some r in rs
	contains(r.message, "--url")
}

test_forbidden_unknown if {
	d := object.union(t.doc("8.15.0", []), {"elasticsearch": {"nodes": [], "cluster": t.failed_call("users")}})
	t.verdicts(hard_13.results) == {"unknown cluster/d"} with input as d
}

test_role_mapping_warns if {
	rs := hard_13.results with input as t.live_doc("8.15.0", [], {"users": reserved, "role_mappings": {"admins": {"enabled": true, "roles": ["superuser"], "rules": {"field": {"groups": "cn=admins"}}}}})
	t.verdicts_of(rs, "role_mapping") == {"warn cluster/d"}
}

test_superuser_audit_warns if {
	rs := hard_13.results with input as t.live_doc("8.15.0", [], {"users": reserved, "authenticate": {"username": "ops", "roles": ["superuser"]}})
	some r in rs
	r.status == "warn"
	r.resource.kind == "cluster"
	contains(r.message, "stronger than an audit needs")
}

test_least_privilege_audit_does_not_warn if {
	rs := hard_13.results with input as t.live_doc("8.15.0", [], {"users": reserved, "authenticate": {"username": "essec", "roles": ["essec_auditor"]}})
	t.verdicts(rs) == {"pass cluster/d"}
}
