# METADATA
# title: Scripting restricted to what is used
# description: |
#   Painless is sandboxed, but every script type and context left open is
#   attack surface for anyone with the privileges to send scripts. By
#   default both script types (inline, stored) and every context are
#   allowed. Judged per node from elasticsearch.yml (or, with only live
#   evidence, from the defaults GET /_cluster/settings reports):
#   script.allowed_types and script.allowed_contexts each pass when set
#   (to "none", or to an explicit list the operator chose) and warn when
#   unset. Tool policy, following Elastic's scripting-security guidance and
#   AutoOps' "unrestricted script types/contexts" insights: unset is a
#   warn, not a fail, since Kibana and many features need inline scripts
#   and only the operator knows what is used.
# custom:
#   id: HARD-19
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Set script.allowed_types to the types in use (Kibana needs inline;
#     "none" disables scripting) and script.allowed_contexts to the contexts
#     in use (for example score, update, ingest), on every node; restart.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/explore-analyze/scripting/modules-scripting-security
package essec.checks.hardening.hard_19

import data.essec.lib
import data.essec.lib.settings

script_settings := {
	"script.allowed_types": "every script type (inline and stored)",
	"script.allowed_contexts": "every script context",
}

restricted(obj, name) if count([x | some x in settings.items(obj, name); trim_space(x) != ""]) > 0

# Most subjects set neither setting: a setting that is not set is not
# restricted, and warns without the calls restricted takes.
results contains lib.result_setting("pass", settings.subject_resource(s, name), name, msg, {"observed": settings.items(s.obj, name), "expected": "an explicit list or none"}) if {
	some s in settings.static_subjects
	some name, _ in script_settings
	s.obj.settings[name]
	restricted(s.obj, name)
	msg := sprintf("%s is %q (%s)", [name, settings.value(s.obj, name), settings.where(s.obj, name)])
}

# A node's unset setting: its resource (the node's file) and label
# (settings.subject_resource and subject_label for a node) written out.
results contains {"status": "warn", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": name, "message": msg, "evidence": {"observed": "(unset)", "expected": "an explicit list or none"}} if {
	some node in lib.nodes
	some name, what in script_settings
	not node.settings[name]
	msg := sprintf("%s is not set (node %s): %s is allowed; expected the types or contexts in use, or none", [name, node.name, what])
}

results contains {"status": "warn", "resource": settings.subject_resource(s, name), "setting": name, "message": msg, "evidence": {"observed": "(unset)", "expected": "an explicit list or none"}} if {
	some s in settings.static_subjects
	s.kind != "node"
	some name, what in script_settings
	not s.obj.settings[name]
	msg := sprintf("%s is not set (%s): %s is allowed; expected the types or contexts in use, or none", [name, settings.subject_label(s), what])
}

results contains lib.result_setting("warn", settings.subject_resource(s, name), name, msg, {"observed": "(unset)", "expected": "an explicit list or none"}) if {
	some s in settings.static_subjects
	some name, what in script_settings
	s.obj.settings[name]
	not restricted(s.obj, name)
	msg := sprintf("%s is not set (%s): %s is allowed; expected the types or contexts in use, or none", [name, settings.subject_label(s), what])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
