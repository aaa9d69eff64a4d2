# METADATA
# title: Anonymous roles grant no write or manage privilege
# description: |
#   Only relevant when anonymous access is deliberately enabled (MIN-02
#   fails it at the minimal level): then every unauthenticated request gets
#   xpack.security.authc.anonymous.roles. Judged per node from those roles,
#   looked up in GET /_security/role: superuser fails outright; a role with
#   a cluster privilege other than monitor, monitor_*, read_ilm, read_slm,
#   read_pipeline or read_ccr, an index privilege other than read,
#   view_index_metadata, monitor or read_cross_cluster, any run_as, or a
#   Kibana application privilege "all"/"*"/"*.all" fails. Roles all
#   read-only pass. A role the API does not return (for example one from
#   roles.yml), or any role when the roles cannot be read (no --url, 403),
#   is unknown, naming the roles. A node without anonymous roles is not
#   applicable. With only live evidence, the roles an unauthenticated
#   GET /_security/_authenticate reported are judged the same way.
# custom:
#   id: HARD-27
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Give the anonymous user a dedicated role with read (and
#     view_index_metadata) on the indices meant to be public and at most
#     the monitor cluster privilege; remove superuser and every write,
#     manage or all privilege from xpack.security.authc.anonymous.roles, or
#     disable anonymous access (remove the setting).
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/anonymous-access
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.hardening.hard_27

import data.essec.lib
import data.essec.lib.settings

setting := "xpack.security.authc.anonymous.roles"

roles_body := lib.body("roles")

read_cluster := {"monitor", "read_ilm", "read_slm", "read_pipeline", "read_ccr", "none"}

read_index := {"read", "view_index_metadata", "monitor", "read_cross_cluster", "none"}

bad_cluster(p) if {
	not read_cluster[p]
	not startswith(p, "monitor_")
}

# excess lists what a role grants beyond read-only access.
excess(def) := sort({sprintf("cluster %s", [p]) |
	some p in lib.arr(object.get(def, "cluster", []))
	bad_cluster(lower(p))
} | {sprintf("%s on %s", [p, concat(",", lib.arr(object.get(ip, "names", [])))]) |
	some ip in lib.arr(object.get(def, "indices", []))
	some p in lib.arr(object.get(ip, "privileges", []))
	not read_index[lower(p)]
} | {sprintf("run_as %s", [concat(",", lib.arr(def.run_as))]) |
	count(lib.arr(object.get(def, "run_as", []))) > 0
} | {sprintf("%s on application %s", [p, object.get(a, "application", "?")]) |
	some a in lib.arr(object.get(def, "applications", []))
	some p in lib.arr(object.get(a, "privileges", []))
	kibana_write(p)
})

kibana_write(p) if p in {"all", "*"}

kibana_write(p) if endswith(p, ".all")

# verdicts of each role: ["fail"|"pass"|"unknown", text]
role_verdict("superuser") := ["fail", "superuser grants everything"]

role_verdict(r) := v if {
	r != "superuser"
	v := _role_verdict(r)
}

_role_verdict(r) := ["unknown", sprintf("%s: the roles cannot be read (%s)", [r, lib.call_error("roles")])] if {
	not roles_body
} else := ["unknown", sprintf("%s is not returned by GET /_security/role (defined in roles.yml?)", [r])] if {
	not roles_body[r]
} else := ["fail", sprintf("%s grants %s", [r, concat(", ", ex)])] if {
	ex := excess(roles_body[r])
	count(ex) > 0
} else := ["pass", sprintf("%s is read-only", [r])]

status(vs) := "fail" if {
	some v in vs
	v[0] == "fail"
} else := "unknown" if {
	some v in vs
	v[0] == "unknown"
} else := "pass"

judge(roles) := {"status": status(vs), "text": concat("; ", sort([v[1] | some v in vs]))} if {
	vs := {role_verdict(r) | some r in roles}
}

anon_roles(node) := [trim_space(r) | some r in settings.items(node, setting); trim_space(r) != ""]

results contains lib.result_setting(j.status, lib.node_setting_resource(node, setting), setting, msg, {"observed": roles, "expected": "read-only roles (no write, manage, all, run_as or superuser)"}) if {
	some node in lib.nodes
	roles := anon_roles(node)
	count(roles) > 0
	j := judge(roles)
	msg := sprintf("anonymous access gets roles %s (%s): %s", [concat(", ", roles), settings.where(node, setting), j.text])
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "anonymous access is not enabled on this node (no xpack.security.authc.anonymous.roles)", "evidence": {}} if {
	some node in lib.nodes
	count(anon_roles(node)) == 0
}

# ---------------------------------------------------------------- live only

probe_roles := {r |
	some p in lib.arr(object.get(lib.obj(lib.cluster), "anonymous", []))
	p.status == 200
	some r in lib.arr(object.get(lib.obj(p.body), "roles", []))
}

results contains lib.result_setting(j.status, lib.cluster_resource, setting, msg, {"observed": sort(probe_roles), "expected": "read-only roles"}) if {
	count(lib.nodes) == 0
	count(probe_roles) > 0
	j := judge(probe_roles)
	msg := sprintf("an unauthenticated GET /_security/_authenticate reported roles %s: %s", [concat(", ", sort(probe_roles)), j.text])
}

results contains lib.result_setting("unknown", lib.cluster_resource, setting, msg, {}) if {
	count(lib.nodes) == 0
	count(probe_roles) == 0
	lib.body("xpack_usage").security.anonymous.enabled == true
	msg := "GET /_xpack/usage reports anonymous access enabled, but its roles are unknown (no unauthenticated _authenticate answer, no node file)"
}

results contains lib.result_setting("not_applicable", lib.cluster_resource, setting, "GET /_xpack/usage reports anonymous access disabled", {}) if {
	count(lib.nodes) == 0
	count(probe_roles) == 0
	lib.body("xpack_usage").security.anonymous.enabled == false
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
