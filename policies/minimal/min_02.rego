# METADATA
# title: No anonymous access
# description: |
#   Anonymous access hands the roles in xpack.security.authc.anonymous.roles
#   to every client that reaches port 9200 without credentials. Judged per
#   node from elasticsearch.yml (roles set and non-empty: fail, naming the
#   roles; unset or empty: pass), and with a live cluster from the
#   unauthenticated probes (401 passes; 200 or 403 fails, since 403 means the
#   request was accepted as the anonymous user and only lacked a privilege)
#   and from GET /_xpack/usage security.anonymous.enabled.
#   Tool policy: a node whose security is off (xpack.security.enabled false,
#   or absent on 7.x with a basic or trial licence) fails here too, because
#   every request is then served without authentication; MIN-01 says why.
#   A 401 without a WWW-Authenticate challenge still passes (the request was
#   refused), but the message says a proxy may be answering. A probe with any
#   other status, or one that failed, is unknown for that endpoint.
# custom:
#   id: MIN-02
#   level: minimal
#   severity: critical
#   component: elasticsearch
#   remediation: anonymous-off
#   remediation_text: |
#     Remove every xpack.security.authc.anonymous.* setting from each node's
#     elasticsearch.yml and restart the nodes (static settings). If anonymous
#     read access to dashboards is needed, use Kibana's anonymous
#     authentication provider with a read-only role instead.
#   requires: [F, A, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/anonymous-access
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
package essec.checks.minimal.min_02

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.versions

setting := "xpack.security.authc.anonymous.roles"

roles(node) := [r | some r in settings.list(node, setting); trim_space(r) != ""]

# One rule over the nodes, each node's result from _result (results built
# inline, node_setting_resource written out, the common "not set" message a
# literal).
results contains r if {
	some node in lib.nodes
	r := _result(node)
}

_result(node) := {"status": "fail", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "security disabled", "expected": "requests without credentials rejected"}} if {
	versions.security_off(node)
	msg := sprintf("security is off on this node (xpack.security.enabled %s; see MIN-01): every request is served without authentication; expected requests without credentials to get 401", [security_state(node)])
} else := {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.authc.anonymous.roles", "message": "xpack.security.authc.anonymous.roles is not set: anonymous access is off", "evidence": {"observed": "(unset)", "expected": "(unset)"}} if {
	not node.settings["xpack.security.authc.anonymous.roles"]
} else := {"status": "fail", "resource": _set_resource(node), "setting": setting, "message": msg, "evidence": {"observed": rs, "expected": "(unset)"}} if {
	rs := roles(node)
	count(rs) > 0
	msg := sprintf("%s is [%s] (%s): every unauthenticated request gets these roles; expected unset", [setting, concat(", ", rs), settings.where(node, setting)])
} else := {"status": "pass", "resource": _set_resource(node), "setting": setting, "message": msg, "evidence": {"observed": "[]", "expected": "(unset)"}} if {
	count(roles(node)) == 0
	msg := sprintf("%s is empty (%s): anonymous access is off", [setting, settings.where(node, setting)])
}

_set_resource(node) := {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)} if s := node.settings[setting]

security_state(node) := sprintf("is \"false\" (%s)", [settings.where(node, "xpack.security.enabled")]) if settings.has_setting(node, "xpack.security.enabled")
else := sprintf("is not set on %s", [input.deployment.version])

# ---------------------------------------------------------------- live probes

probe_resource(p) := {"kind": "cluster", "name": input.deployment.name, "endpoint": p.url}

probe_ok(p) if object.get(p, "error", "") == ""

results contains lib.result_setting("pass", probe_resource(p), "anonymous-probe", msg, {"observed": 401, "expected": 401}) if {
	some p in lib.cluster.anonymous
	probe_ok(p)
	p.status == 401
	object.get(p, "www_authenticate", "") != ""
	msg := sprintf("GET %s without credentials answered 401 with WWW-Authenticate %q", [p.url, p.www_authenticate])
}

results contains lib.result_setting("pass", probe_resource(p), "anonymous-probe", msg, {"observed": 401, "expected": 401}) if {
	some p in lib.cluster.anonymous
	probe_ok(p)
	p.status == 401
	object.get(p, "www_authenticate", "") == ""
	msg := sprintf("GET %s without credentials answered 401, but without a WWW-Authenticate challenge (a proxy may be answering instead of Elasticsearch)", [p.url])
}

results contains lib.result_setting("fail", probe_resource(p), "anonymous-probe", msg, {"observed": p.status, "expected": 401, "user": anon_user(p)}) if {
	some p in lib.cluster.anonymous
	probe_ok(p)
	p.status == 200
	msg := sprintf("GET %s without credentials answered 200%s; expected 401", [p.url, anon_detail(p)])
}

results contains lib.result_setting("fail", probe_resource(p), "anonymous-probe", msg, {"observed": 403, "expected": 401}) if {
	some p in lib.cluster.anonymous
	probe_ok(p)
	p.status == 403
	msg := sprintf("GET %s without credentials answered 403: the request was accepted as the anonymous user, whose roles only lack this privilege; expected 401", [p.url])
}

results contains lib.result_setting("unknown", probe_resource(p), "anonymous-probe", msg, {"observed": p.status, "expected": 401}) if {
	some p in lib.cluster.anonymous
	probe_ok(p)
	not p.status in {200, 401, 403}
	msg := sprintf("GET %s without credentials answered %d, which says nothing about anonymous access; expected 401", [p.url, p.status])
}

results contains lib.result_setting("unknown", probe_resource(p), "anonymous-probe", msg, {"observed": p.error, "expected": 401}) if {
	some p in lib.cluster.anonymous
	not probe_ok(p)
	msg := sprintf("the unauthenticated probe of %s failed: %s", [p.url, p.error])
}

anon_user(p) := p.body.username if is_string(p.body.username)
else := ""

anon_detail(p) := sprintf(" as user %q with roles [%s]", [p.body.username, concat(", ", p.body.roles)]) if {
	is_string(p.body.username)
	is_array(p.body.roles)
} else := " (the cluster serves requests without credentials)"

# ---------------------------------------------------------------- usage API

usage_setting := "security.anonymous.enabled"

results contains lib.result_setting("fail", lib.cluster_resource, usage_setting, "GET /_xpack/usage reports security.anonymous.enabled true; expected false", {"observed": true, "expected": false}) if {
	lib.body("xpack_usage").security.anonymous.enabled == true
}

results contains lib.result_setting("pass", lib.cluster_resource, usage_setting, "GET /_xpack/usage reports security.anonymous.enabled false", {"observed": false, "expected": false}) if {
	lib.body("xpack_usage").security.anonymous.enabled == false
}

usage_anonymous := lib.body("xpack_usage").security.anonymous

# A live cluster that gave neither a usage answer nor a probe answer, and no
# configuration file: say what is missing.
results contains lib.result("unknown", lib.cluster_resource, msg, {"observed": "(no evidence)", "expected": "401 for requests without credentials"}) if {
	lib.live
	count(lib.nodes) == 0
	not usage_anonymous
	count([p | some p in object.get(lib.cluster, "anonymous", []); probe_ok(p)]) == 0
	msg := sprintf("no unauthenticated probe answered and the usage API gave no answer: %s", [lib.call_error("xpack_usage")])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
