# METADATA
# title: Elasticsearch audit logging enabled and not excluding authentication failures
# description: |
#   The audit log is the forensic trail of authentication failures, access
#   denials and security configuration changes. xpack.security.audit.enabled
#   defaults to false on every version; it is judged per node from
#   elasticsearch.yml, from the persistent/transient cluster settings (the
#   setting is dynamic from 9.5) and, cluster-wide, from GET /_xpack/usage
#   (security.audit.enabled). When audit is on, the event filters are judged
#   too (they are dynamic, so live overrides count): excluding or not
#   including authentication_failed, access_denied or security_config_change
#   fails; an ignore policy whose every criterion is "*" drops all events and
#   fails; a policy ignoring users "*" warns; emit_request_body true warns
#   (request bodies can hold passwords).
#   Tool policy: audit logging needs a platinum or enterprise licence; when
#   the live licence is basic, audit off is a warn, not a fail, since the
#   operator cannot turn it on without a subscription.
# custom:
#   id: HARD-01
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: audit-logging
#   remediation_text: |
#     Set xpack.security.audit.enabled: true in every node's elasticsearch.yml
#     (rolling restart; dynamic from 9.5). Keep authentication_failed,
#     access_denied and security_config_change in
#     xpack.security.audit.logfile.events.include and out of .exclude, drop
#     ignore policies that match every user, and leave emit_request_body false.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/logging-configuration/enabling-audit-logs
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/auding-settings
package essec.checks.hardening.hard_01

import data.essec.lib
import data.essec.lib.settings

enabled := "xpack.security.audit.enabled"

include_setting := "xpack.security.audit.logfile.events.include"

exclude_setting := "xpack.security.audit.logfile.events.exclude"

request_body := "xpack.security.audit.logfile.events.emit_request_body"

ignore_prefix := "xpack.security.audit.logfile.events.ignore_filters."

essential := {"authentication_failed", "access_denied", "security_config_change"}

basic_licence if lower(lib.body("license").license.type) == "basic"

off_status := "warn" if basic_licence
else := "fail"

licence_note := " (the cluster's licence is basic: audit logging needs platinum or enterprise)" if basic_licence
else := ""

# audit_on: the node enables audit in its file or the live cluster does dynamically.
audit_on(node) if settings.is_true(node, enabled)

audit_on(node) if {
	not settings.has_setting(node, enabled)
	live_on
}

live_on if settings.is_true(settings.live_dynamic, enabled)

# ---------------------------------------------------------------- enabled, per node

# Each node is judged once: one rule, its result written out, and the
# verdict an else chain (the four cases exclude each other), rather than a
# rule per case that each reads the node's setting again.
results contains {"status": x[0], "resource": x[1], "setting": enabled, "message": x[2], "evidence": x[3]} if {
	some node in lib.nodes
	x := enabled_verdict(node)
}

# enabled_verdict is [status, resource, message, evidence] of a node's
# audit setting (settings.is_true and has_setting written out).
enabled_verdict(node) := ["pass", lib.node_setting_resource(node, enabled), msg, {"observed": "true", "expected": "true"}] if {
	lower(trim_space(node.settings[enabled].value)) == "true"
	msg := sprintf("%s is \"true\" (%s)", [enabled, settings.where(node, enabled)])
} else := [off_status, lib.node_setting_resource(node, enabled), msg, {"observed": v, "expected": "true"}] if {
	v := node.settings[enabled].value
	msg := sprintf("%s is %q (%s); expected \"true\"%s", [enabled, v, settings.where(node, enabled), licence_note])
} else := ["pass", lib.node_resource(node), msg, {"observed": "true", "expected": "true"}] if {
	not node.settings[enabled]
	live_on
	msg := sprintf("%s is not set in the node's file but is \"true\" in %s", [enabled, settings.where(settings.live_dynamic, enabled)])
} else := [off_status, lib.node_resource(node), msg, {"observed": "(absent)", "expected": "true"}] if {
	not node.settings[enabled]
	not live_on
	msg := sprintf("%s is not set; audit logging is off by default; expected \"true\"%s", [enabled, licence_note])
}

# ---------------------------------------------------------------- live usage

results contains lib.result("pass", lib.cluster_resource, "GET /_xpack/usage reports security.audit.enabled true", {"observed": true, "expected": true}) if {
	lib.body("xpack_usage").security.audit.enabled == true
}

results contains lib.result(off_status, lib.cluster_resource, msg, {"observed": false, "expected": true}) if {
	lib.body("xpack_usage").security.audit.enabled == false
	msg := sprintf("GET /_xpack/usage reports security.audit.enabled false; expected true%s", [licence_note])
}

# ---------------------------------------------------------------- event filters

# Subjects whose audit is on: nodes (file and live overrides), and the live
# cluster's own dynamic overrides; only those that set an event setting
# (events_prefix: every setting the rules below judge) can give a
# result, and one builtin over a subject's setting names says so before
# anything else is asked.
events_prefix := "xpack.security.audit.logfile.events."

filter_subjects contains s if {
	some s in settings.dynamic_subjects
	strings.any_prefix_match(object.keys(s.obj.settings), events_prefix)
	audit_subject(s)
}

audit_subject(s) if {
	s.kind == "node"
	audit_on(s.obj)
}

audit_subject(s) if {
	s.kind == "cluster"
	lib.body("xpack_usage").security.audit.enabled == true
}

results contains lib.result_setting("fail", settings.subject_resource(s, exclude_setting), exclude_setting, msg, {"observed": settings.items(s.obj, exclude_setting), "expected": "none of authentication_failed, access_denied, security_config_change"}) if {
	some s in filter_subjects
	dropped := {e | some e in settings.lower_list(s.obj, exclude_setting); essential[e]}
	count(dropped) > 0
	msg := sprintf("%s excludes %s (%s); these events must stay in the audit log", [exclude_setting, lib.names(dropped), settings.where(s.obj, exclude_setting)])
}

results contains lib.result_setting("fail", settings.subject_resource(s, include_setting), include_setting, msg, {"observed": settings.items(s.obj, include_setting), "expected": "includes authentication_failed, access_denied, security_config_change"}) if {
	some s in filter_subjects
	settings.has_setting(s.obj, include_setting)
	inc := {e | some e in settings.lower_list(s.obj, include_setting)}
	not inc._all
	missing := essential - inc
	count(missing) > 0
	msg := sprintf("%s (%s) leaves out %s; expected them included", [include_setting, settings.where(s.obj, include_setting), lib.names(missing)])
}

policies(obj) := {p |
	some name in settings.settings_with_prefix(obj, ignore_prefix)
	p := split(trim_prefix(name, ignore_prefix), ".")[0]
}

policy_fields(obj, p) := {name | some name in settings.settings_with_prefix(obj, concat("", [ignore_prefix, p, "."]))}

all_star(obj, p) if {
	every name in policy_fields(obj, p) {
		settings.items(obj, name) == ["*"]
	}
}

results contains lib.result_setting("fail", settings.subject_resource(s, setting), setting, msg, {"observed": "every criterion \"*\"", "expected": "a policy narrowed to specific users, realms, roles, indices or actions"}) if {
	some s in filter_subjects
	some p in policies(s.obj)
	all_star(s.obj, p)
	setting := concat("", [ignore_prefix, p])
	msg := sprintf("audit ignore policy %q matches every event (%s: every criterion is \"*\"); it silences the audit log", [p, settings.where(s.obj, sort(policy_fields(s.obj, p))[0])])
}

results contains lib.result_setting("warn", settings.subject_resource(s, users), setting, msg, {"observed": ["*"], "expected": "named users"}) if {
	some s in filter_subjects
	some p in policies(s.obj)
	not all_star(s.obj, p)
	setting := concat("", [ignore_prefix, p])
	users := concat("", [setting, ".users"])
	"*" in settings.items(s.obj, users)
	msg := sprintf("audit ignore policy %q ignores users \"*\" (%s); events of every user matching its other criteria are dropped", [p, settings.where(s.obj, users)])
}

results contains lib.result_setting("warn", settings.subject_resource(s, request_body), request_body, msg, {"observed": "true", "expected": "false"}) if {
	some s in filter_subjects
	settings.is_true(s.obj, request_body)
	msg := sprintf("%s is \"true\" (%s): request bodies, which can hold passwords, go to the audit log; expected \"false\" unless justified", [request_body, settings.where(s.obj, request_body)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
