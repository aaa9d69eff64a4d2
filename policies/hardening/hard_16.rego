# METADATA
# title: IP filtering, when used, is deny-by-default
# description: |
#   IP filtering is optional (and licensed), so a node without filter rules
#   is not applicable. When used, Elasticsearch applies allow rules before
#   deny rules and accepts everything no rule matches: an allow list only
#   restricts anything together with deny: _all. Judged per node and per
#   filtered layer (xpack.security.transport.filter, xpack.security.http.filter,
#   xpack.security.remote_cluster.filter, transport.profiles.<name>.xpack.security.filter),
#   and on the dynamic filter rules set through the cluster settings API:
#   deny containing _all (or 0.0.0.0/0 and ::/0) passes; allow rules
#   without a deny-all fail (the allow list restricts nothing); deny rules
#   naming specific addresses only warn (a deny list, not deny-by-default).
#   Tool policy: Elastic documents both styles; deny-by-default is what an
#   auditor expects from a filter.
# custom:
#   id: HARD-16
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     List the node, Kibana and client networks in
#     xpack.security.<layer>.filter.allow and set
#     xpack.security.<layer>.filter.deny: _all (keep the other nodes'
#     addresses in the transport allow list). The settings are dynamic:
#     PUT /_cluster/settings applies them without a restart.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/ip-filtering-basic
package essec.checks.hardening.hard_16

import data.essec.lib
import data.essec.lib.settings

fixed_layers := ["xpack.security.transport.filter", "xpack.security.http.filter", "xpack.security.remote_cluster.filter"]

# Most subjects set no filter rule at all: one builtin over the setting
# names says so (every layer's rules end in filter.allow or filter.deny),
# before the six lookups and the profile loop below.
layers(obj) := set() if {
	not strings.any_suffix_match(object.keys(obj.settings), ["filter.allow", "filter.deny"])
} else := {l |
	some l in fixed_layers
	used(obj, l)
} | {l |
	some name in settings.settings_with_prefix(obj, "transport.profiles.")
	parts := split(name, ".")
	l := concat(".", ["transport.profiles", parts[2], "xpack.security.filter"])
	used(obj, l)
}

# (the lookup first: most layers set neither, and building their empty
# rule lists costs three calls each)
used(obj, l) if {
	obj.settings[concat(".", [l, "allow"])]
	count(rules(obj, l, "allow")) > 0
}

used(obj, l) if {
	obj.settings[concat(".", [l, "deny"])]
	count(rules(obj, l, "deny")) > 0
}

rules(obj, l, kind) := [lower(trim_space(x)) | some x in settings.items(obj, concat(".", [l, kind])); trim_space(x) != ""]

deny_all(obj, l) if {
	some d in rules(obj, l, "deny")
	d in {"_all", "0.0.0.0/0", "::/0", "*"}
}

where(obj, l) := settings.where(obj, concat(".", [l, "deny"])) if settings.has_setting(obj, concat(".", [l, "deny"]))
else := settings.where(obj, concat(".", [l, "allow"]))

verdict(obj, l) := ["pass", msg] if {
	deny_all(obj, l)
	msg := sprintf("%s denies by default (deny %s, allow %s; %s)", [l, concat(",", rules(obj, l, "deny")), allow_text(obj, l), where(obj, l)])
} else := ["fail", msg] if {
	count(rules(obj, l, "allow")) > 0
	msg := sprintf("%s allows %s but has no deny _all (%s): addresses matching no rule are still accepted; expected deny: _all", [l, allow_text(obj, l), where(obj, l)])
} else := ["warn", msg] if {
	msg := sprintf("%s only denies %s (%s): a deny list, not deny-by-default; expected explicit allows and deny: _all", [l, concat(",", rules(obj, l, "deny")), where(obj, l)])
}

allow_text(obj, l) := concat(",", rules(obj, l, "allow")) if count(rules(obj, l, "allow")) > 0
else := "nothing"

results contains lib.result_setting(v[0], settings.subject_resource(s, concat(".", [l, "allow"])), l, v[1], {"observed": {"allow": rules(s.obj, l, "allow"), "deny": rules(s.obj, l, "deny")}, "expected": "explicit allows and deny _all"}) if {
	some s in settings.dynamic_subjects
	some l in layers(s.obj)
	v := verdict(s.obj, l)
}

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "IP filtering is not used on this node (optional)", "evidence": {}} if {
	some node in lib.nodes
	count(layers(node)) == 0
}

results contains lib.result("not_applicable", lib.cluster_resource, "GET /_cluster/settings shows no IP filter rule (optional)", {}) if {
	count(lib.nodes) == 0
	some s in settings.dynamic_subjects
	count(layers(s.obj)) == 0
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
