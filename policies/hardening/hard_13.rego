# METADATA
# title: Superuser role limited to break-glass accounts
# description: |
#   Every holder of superuser can read and change everything, including the
#   security configuration. Judged on the live cluster (GET /_security/user,
#   GET /_security/role, GET /_security/role_mapping): the enabled,
#   non-reserved users holding superuser, or a role equivalent to it
#   (cluster "all" plus "all" on indices "*"), are counted. Tool policy: up
#   to 2 such accounts (a break-glass pair) pass, more fail; the reserved
#   elastic user is left to MIN-03. An enabled role mapping granting
#   superuser warns, since it hands superuser to every member of a group
#   essec cannot count. Without the users call (no --url, or a 403) the
#   result is unknown with the reason.
# custom:
#   id: HARD-13
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Give personal and service users roles with the privileges they need
#     (built-in roles such as editor, viewer, monitoring_user, or custom
#     roles), keep superuser for one or two break-glass accounts whose use
#     is audited, and remove superuser from role mappings.
#   requires: [A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-endpoints
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/built-in-users
package essec.checks.hardening.hard_13

import data.essec.lib

max_superusers := 2

roles_body := lib.body("roles")

# superuser_roles: superuser and custom roles equivalent to it.
superuser_roles := {"superuser"} | {name |
	some name, r in roles_body
	"all" in object.get(r, "cluster", [])
	some ip in object.get(r, "indices", [])
	"*" in object.get(ip, "names", [])
	"all" in object.get(ip, "privileges", [])
}

reserved(u) if lib.obj(object.get(u, "metadata", {}))._reserved == true

superusers := {name |
	some name, u in lib.body("users")
	object.get(u, "enabled", true) == true
	not reserved(u)
	some role in object.get(u, "roles", [])
	superuser_roles[role]
}

results contains lib.result("pass", lib.cluster_resource, msg, {"observed": sort(superusers), "expected": sprintf("at most %d", [max_superusers])}) if {
	lib.body("users")
	count(superusers) <= max_superusers
	msg := sprintf("GET /_security/user: %d enabled non-reserved users hold superuser%s (at most %d break-glass accounts expected)", [count(superusers), listing, max_superusers])
}

results contains lib.result("fail", lib.cluster_resource, msg, {"observed": sort(superusers), "expected": sprintf("at most %d", [max_superusers])}) if {
	lib.body("users")
	count(superusers) > max_superusers
	msg := sprintf("GET /_security/user: %d enabled non-reserved users hold superuser (%s); expected at most %d break-glass accounts", [count(superusers), concat(", ", sort(superusers)), max_superusers])
}

listing := sprintf(" (%s)", [concat(", ", sort(superusers))]) if count(superusers) > 0
else := ""

results contains lib.result("unknown", lib.cluster_resource, msg, {}) if {
	not lib.body("users")
	msg := sprintf("the users holding superuser cannot be listed: %s", [lib.call_error("users")])
}

results contains lib.result_setting("warn", lib.cluster_resource, "role_mapping", msg, {"observed": sort(mappings), "expected": "no role mapping granting superuser"}) if {
	mappings := {name |
		some name, m in lib.body("role_mappings")
		object.get(m, "enabled", true) == true
		some role in object.get(m, "roles", [])
		superuser_roles[role]
	}
	count(mappings) > 0
	msg := sprintf("GET /_security/role_mapping: role mappings %s grant superuser to every matching user", [concat(", ", sort(mappings))])
}

# The audit's own credentials: an auditor needs monitor and read_security
# only. A superuser audit is a warning of its own (the elastic user is
# MIN-03's business).
audit_user := object.get(lib.body("authenticate"), "username", "")

results contains lib.result_setting("warn", lib.cluster_resource, "audit-credentials", msg, {"observed": "superuser", "expected": "monitor, read_security"}) if {
	a := lib.body("authenticate")
	"superuser" in object.get(a, "roles", [])
	audit_user != "elastic"
	msg := sprintf("the audit itself ran as %q, which holds superuser: its credentials are stronger than an audit needs; use a role with the cluster privileges monitor and read_security", [audit_user])
}
