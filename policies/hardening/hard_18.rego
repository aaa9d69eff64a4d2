# METADATA
# title: action.destructive_requires_name true
# description: |
#   With action.destructive_requires_name true, deleting indices needs their
#   names: _all and wildcards are refused, a safety net against mass
#   deletion. The default is true from 8.0 and false on 7.x. The setting is
#   dynamic, so a persistent or transient cluster setting overrides the
#   files: when the live cluster sets it, that value is judged (cluster
#   resource) and the nodes' files are not; otherwise each node's file is
#   judged: "true" passes, "false" fails, absent passes on 8.x and later,
#   fails on 7.x and is unknown when the version is unknown. With only live
#   evidence, the default the cluster reports is judged.
# custom:
#   id: HARD-18
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: destructive-requires-name
#   remediation_text: |
#     PUT /_cluster/settings {"persistent": {"action.destructive_requires_name": true}}
#     (no restart), and remove any "false" from elasticsearch.yml.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/index-management-settings
package essec.checks.hardening.hard_18

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.versions

setting := "action.destructive_requires_name"

live_override if settings.live_has(setting)

ev(v) := {"observed": v, "expected": "true"}

# ---------------------------------------------------------------- live

results contains lib.result_setting(st, lib.cluster_resource, setting, msg, ev(v)) if {
	live_override
	v := settings.lower_value(settings.live_dynamic, setting)
	st := status(v)
	msg := sprintf("%s is %q in %s%s", [setting, v, settings.where(settings.live_dynamic, setting), expect(v)])
}

results contains lib.result_setting(st, lib.cluster_resource, setting, msg, ev(v)) if {
	count(lib.nodes) == 0
	not live_override
	v := settings.lower_value(settings.live_effective, setting)
	st := status(v)
	msg := sprintf("%s is %q in %s%s", [setting, v, settings.where(settings.live_effective, setting), expect(v)])
}

status(v) := "pass" if v == "true"
else := "fail"

expect(v) := "" if v == "true"
else := "; expected \"true\""

# ---------------------------------------------------------------- nodes

results contains lib.result_setting(st, lib.node_setting_resource(node, setting), setting, msg, ev(v)) if {
	not live_override
	some node in lib.nodes
	v := lower(trim_space(node.settings[setting].value)) # settings.lower_value, written out
	st := status(v)
	msg := sprintf("%s is %q (%s)%s", [setting, v, settings.where(node, setting), expect(v)])
}

# (the result and its resource written out: a call per node costs more than the object)
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "(absent)", "expected": "true"}} if {
	not live_override
	some node in lib.nodes
	not node.settings[setting] # settings.has_setting, written out
	versions.major >= 8
	msg := sprintf("%s is not set; Elasticsearch %s defaults it to true", [setting, input.deployment.version])
}

results contains lib.result_setting("fail", lib.node_resource(node), setting, msg, ev("(absent)")) if {
	not live_override
	some node in lib.nodes
	not node.settings[setting] # settings.has_setting, written out
	versions.major < 8
	msg := sprintf("%s is not set; Elasticsearch %s defaults it to false (wildcard and _all deletes allowed); expected \"true\"", [setting, input.deployment.version])
}

results contains lib.result_setting("unknown", lib.node_resource(node), setting, msg, ev("(absent)")) if {
	not live_override
	some node in lib.nodes
	not node.settings[setting] # settings.has_setting, written out
	not versions.version_known
	msg := sprintf("%s is not set and the Elasticsearch version is unknown (%s): the default is true from 8.0, false on 7.x", [setting, versions.version_hint])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
