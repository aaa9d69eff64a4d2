# METADATA
# title: Security enabled on every node
# description: |
#   With security off anyone who reaches port 9200 can read, change or delete
#   all data. On 8.x and later an absent xpack.security.enabled means true; on
#   7.x with a basic or trial licence an absent setting leaves security off, so
#   7.x nodes must set it explicitly, unless GET /_license shows a gold,
#   platinum or enterprise licence, which enables security when the setting
#   is absent (pass here; MIN-08 still asks for the explicit setting). When
#   the licence is not known an absent setting on 7.x fails, since basic is by
#   far the most common 7.x licence. Judged per node from elasticsearch.yml
#   and, with a live cluster, from GET /_xpack/usage.
# custom:
#   id: MIN-01
#   level: minimal
#   severity: critical
#   component: elasticsearch
#   remediation: security-enabled
#   remediation_text: |
#     Set xpack.security.enabled: true in every node's elasticsearch.yml. A
#     multi-node cluster needs transport TLS (BAS-01) at the same time. Full
#     cluster restart; then set the built-in users' passwords (MIN-03).
#   requires: [F, A, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
package essec.checks.minimal.min_01

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.versions

setting := "xpack.security.enabled"

# Two rules over the nodes, one for a node that sets it, one for a node that
# does not (results built inline, node_setting_resource written out): the
# verdict of a set value from _set_verdict, and what an absent setting means,
# which depends on the deployment only, computed once (_absent_results).
results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}, "setting": "xpack.security.enabled", "message": v.message, "evidence": v.evidence} if {
	some node in lib.nodes
	s := node.settings["xpack.security.enabled"]
	v := _set_verdict(node, s)
}

_set_verdict(node, s) := {"status": "fail", "message": msg, "evidence": {"observed": s.value, "expected": "true"}} if {
	lower(trim_space(s.value)) == "false"
	msg := sprintf("%s is \"false\" (%s); expected \"true\"", [setting, settings.where(node, setting)])
} else := {"status": "pass", "message": msg, "evidence": {"observed": "true", "expected": "true"}} if {
	lower(trim_space(s.value)) == "true"
	msg := sprintf("%s is \"true\" (%s)", [setting, settings.where(node, setting)])
} else := {"status": "fail", "message": msg, "evidence": {"observed": v, "expected": "true"}} if {
	v := s.value
	msg := sprintf("%s is %q (%s), which Elasticsearch refuses; expected \"true\"", [setting, v, settings.where(node, setting)])
}

results contains {"status": r.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": "xpack.security.enabled", "message": r.message, "evidence": r.evidence} if {
	some node in lib.nodes
	not node.settings["xpack.security.enabled"]
	some r in _absent_results
}

_absent_results contains {"status": "pass", "message": msg, "evidence": {"observed": "(absent)", "expected": "true", "version": input.deployment.version}} if {
	versions.major >= 8
	msg := sprintf("%s is not set; Elasticsearch %s enables security by default", [setting, input.deployment.version])
}

_absent_results contains {"status": "fail", "message": msg, "evidence": {"observed": "(absent)", "expected": "true", "version": input.deployment.version, "license": license_shown}} if {
	versions.major < 8
	not versions.gold_or_better
	msg := sprintf("%s is not set; on Elasticsearch %s with a basic or trial licence security stays off (%s); expected \"true\"", [setting, input.deployment.version, license_note])
}

license_shown := versions.license_type if versions.license_type
else := "unknown"

license_note := sprintf("the licence is %s", [versions.license_type]) if versions.license_type
else := "licence not read: pass --url"

# 7.x with a gold or better licence enables security when the setting is
# absent; MIN-08 still asks for the explicit setting before an 8.x upgrade.
_absent_results contains {"status": "pass", "message": msg, "evidence": {"observed": "(absent)", "expected": "true", "version": input.deployment.version, "license": versions.license_type}} if {
	versions.major < 8
	versions.gold_or_better
	msg := sprintf("%s is not set; Elasticsearch %s with a %s licence (GET /_license) enables security by default", [setting, input.deployment.version, versions.license_type])
}

_absent_results contains {"status": "unknown", "message": msg, "evidence": {"observed": "(absent)", "expected": "true"}} if {
	not versions.version_known
	msg := sprintf("%s is not set and the Elasticsearch version is unknown (%s): the default is on from 8.0, off on 7.x", [setting, versions.version_hint])
}

# Live evidence: what the node answering the API reports.
results contains lib.result("pass", lib.cluster_resource, "GET /_xpack/usage reports security.enabled true", {"observed": true, "expected": true}) if {
	lib.body("xpack_usage").security.enabled == true
}

results contains lib.result("fail", lib.cluster_resource, "GET /_xpack/usage reports security.enabled false; expected true", {"observed": false, "expected": true}) if {
	lib.body("xpack_usage").security.enabled == false
}

results contains lib.result("fail", lib.cluster_resource, msg, {"observed": "security disabled", "expected": "security enabled"}) if {
	some call, c in lib.cluster.calls
	c.error_class == "security_disabled"
	msg := sprintf("%s answered that security is disabled; expected security enabled", [c.path])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
