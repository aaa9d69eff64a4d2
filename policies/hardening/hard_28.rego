# METADATA
# title: reindex.remote.whitelist narrowed when reindex-from-remote is used
# description: |
#   Reindex from remote makes the cluster connect to the hosts the
#   allowlist admits, with whatever a user with reindex privileges asks:
#   a broad allowlist turns it into a request forger. In self-managed
#   Elasticsearch the setting has no default entries (the source declares
#   an empty list, so reindex-from-remote is refused); Elastic Cloud's
#   ["*.io:*", "*.com:*"] does not apply here. Judged per node (or from the
#   live cluster's reported settings when no node file was read): unset
#   or empty passes (feature off); explicit host:port entries pass; an
#   entry whose host is "*", "*.*" or a wildcard over a whole top-level
#   domain ("*.com") fails. reindex.ssl.verification_mode none fails, and
#   plain-text reindex.ssl.*password settings (deprecated) warn.
# custom:
#   id: HARD-28
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     List the exact source hosts in reindex.remote.whitelist (for example
#     [old-cluster.example.com:9200]) or remove the setting when
#     reindex-from-remote is not used; keep reindex.ssl.verification_mode
#     full and put reindex.ssl passwords in the keystore (secure_ variants).
#     Restart the nodes.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/index-management-settings
package essec.checks.hardening.hard_28

import data.essec.lib
import data.essec.lib.settings

setting := "reindex.remote.whitelist"

vm := "reindex.ssl.verification_mode"

entries(obj) := [trim_space(e) | some e in settings.items(obj, setting); trim_space(e) != ""]

host_part(e) := regex.replace(e, `:[^:\]]*$`, "") if contains(e, ":")
else := e

broad(e) if host_part(e) in {"*", "*.*", "**"}

broad(e) if regex.match(`^\*\.[A-Za-z]+$`, host_part(e))

# Most subjects do not set the whitelist: they pass without the calls
# entries takes; a whitelist set but empty passes alike.
# (a node's resource, its file, and label written out)
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": [], "expected": "unset, or explicit host:port entries"}} if {
	some node in lib.nodes
	not node.settings[setting]
	msg := sprintf("%s is not set (node %s): reindex from remote is refused for every host", [setting, node.name])
}

results contains {"status": "pass", "resource": settings.subject_resource(s, setting), "setting": setting, "message": msg, "evidence": {"observed": [], "expected": "unset, or explicit host:port entries"}} if {
	some s in settings.static_subjects
	s.kind != "node"
	not s.obj.settings[setting]
	msg := sprintf("%s is not set (%s): reindex from remote is refused for every host", [setting, settings.subject_label(s)])
}

results contains lib.result_setting("pass", settings.subject_resource(s, setting), setting, msg, {"observed": [], "expected": "unset, or explicit host:port entries"}) if {
	some s in settings.static_subjects
	s.obj.settings[setting]
	count(entries(s.obj)) == 0
	msg := sprintf("%s is not set (%s): reindex from remote is refused for every host", [setting, settings.subject_label(s)])
}

results contains lib.result_setting("fail", settings.subject_resource(s, setting), setting, msg, {"observed": entries(s.obj), "expected": "explicit host:port entries"}) if {
	some s in settings.static_subjects
	s.obj.settings[setting]
	wide := [e | some e in entries(s.obj); broad(e)]
	count(wide) > 0
	msg := sprintf("%s admits %s (%s): reindex may reach any host there; expected explicit host:port entries", [setting, concat(", ", wide), settings.where(s.obj, setting)])
}

results contains lib.result_setting("pass", settings.subject_resource(s, setting), setting, msg, {"observed": entries(s.obj), "expected": "explicit host:port entries"}) if {
	some s in settings.static_subjects
	s.obj.settings[setting]
	count(entries(s.obj)) > 0
	count([e | some e in entries(s.obj); broad(e)]) == 0
	msg := sprintf("%s lists %s (%s)", [setting, concat(", ", entries(s.obj)), settings.where(s.obj, setting)])
}

results contains lib.result_setting("fail", settings.subject_resource(s, vm), vm, msg, {"observed": "none", "expected": "full"}) if {
	some s in settings.static_subjects
	lower(trim_space(s.obj.settings[vm].value)) == "none" # settings.lower_value, written out
	msg := sprintf("%s is \"none\" (%s): remote clusters' certificates are not verified; expected \"full\"", [vm, settings.where(s.obj, vm)])
}

results contains lib.result_setting("warn", settings.subject_resource(s, name), name, msg, {"observed": "clear text", "expected": "the secure_ variant in the keystore"}) if {
	some s in settings.static_subjects
	some name in settings.settings_with_prefix(s.obj, "reindex.ssl.")
	contains(name, "password")
	not contains(name, "secure_")
	msg := sprintf("%s is written in clear text (%s; deprecated); expected its secure_ variant in the keystore", [name, settings.where(s.obj, name)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
