# METADATA
# title: 7.x nodes set xpack.security.enabled explicitly
# description: |
#   An 8.x node that was upgraded from a 7.x node relying on the implicit
#   default (security off on a basic or trial licence) fails an always-enforced
#   bootstrap check and does not start. Only 7.x (and older) deployments are
#   judged: 8.x and later are not_applicable; an unknown version with the
#   setting absent is unknown (pass --es-version or --url), and with the
#   setting present passes (it holds whatever the version).
#   On 7.x, per node: the setting present (true or false) passes; absent
#   fails, unless GET /_license shows a gold, platinum or enterprise licence,
#   where the upgrade check does not block: warn (tool policy: still make it
#   explicit). Live-only nodes are judged from GET /_nodes/settings, which
#   lists explicitly set settings only.
# custom:
#   id: MIN-08
#   level: minimal
#   severity: medium
#   component: elasticsearch
#   remediation: security-enabled
#   remediation_text: |
#     Before upgrading to 8.x, set xpack.security.enabled: true (and complete
#     MIN-01..MIN-07) or, consciously, false in every node's
#     elasticsearch.yml, then restart.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/bootstrap-checks
package essec.checks.minimal.min_08

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.versions

setting := "xpack.security.enabled"

results contains lib.result("not_applicable", lib.cluster_resource, msg, {"observed": input.deployment.version, "expected": "7.x"}) if {
	versions.major >= 8
	msg := sprintf("Elasticsearch %s: the explicit-setting requirement applies to 7.x nodes before an 8.x upgrade", [input.deployment.version])
}

old if versions.major < 8

new if versions.major >= 8

results contains lib.result_setting("pass", lib.node_setting_resource(node, setting), setting, msg, {"observed": node.settings[setting].value, "expected": "set explicitly"}) if {
	some node in lib.nodes
	not new
	settings.has_setting(node, setting)
	msg := sprintf("%s is set explicitly to %q (%s)", [setting, node.settings[setting].value, settings.where(node, setting)])
}

results contains lib.result_setting("unknown", lib.node_resource(node), setting, msg, {"observed": "(absent)", "expected": "set explicitly on 7.x"}) if {
	some node in lib.nodes
	not versions.version_known
	not settings.has_setting(node, setting)
	msg := sprintf("%s is not set and the Elasticsearch version is unknown (%s): on 7.x it must be explicit before an 8.x upgrade", [setting, versions.version_hint])
}

results contains lib.result_setting("fail", lib.node_resource(node), setting, msg, {"observed": "(absent)", "expected": "set explicitly", "license": license_shown}) if {
	some node in lib.nodes
	old
	not settings.has_setting(node, setting)
	not versions.gold_or_better
	msg := sprintf("%s is not set on Elasticsearch %s (%s): an 8.x upgrade of this node refuses to start; expected the setting explicitly", [setting, input.deployment.version, license_note])
}

results contains lib.result_setting("warn", lib.node_resource(node), setting, msg, {"observed": "(absent)", "expected": "set explicitly", "license": versions.license_type}) if {
	some node in lib.nodes
	old
	not settings.has_setting(node, setting)
	versions.gold_or_better
	msg := sprintf("%s is not set on Elasticsearch %s; with a %s licence the 8.x upgrade check does not block, but set it explicitly", [setting, input.deployment.version, versions.license_type])
}

license_shown := versions.license_type if versions.license_type
else := "unknown"

license_note := sprintf("licence %s", [versions.license_type]) if versions.license_type
else := "licence not read; pass --url"

# Live-only nodes: GET /_nodes/settings lists explicitly set settings.
results contains lib.result_setting("pass", {"kind": "node", "name": n.name}, setting, msg, {"observed": n.settings[setting], "expected": "set explicitly"}) if {
	old
	some n in shape.live_only_nodes
	n.settings[setting]
	msg := sprintf("node %s reports %s %q (GET /_nodes/settings)", [n.name, setting, n.settings[setting]])
}

results contains lib.result_setting("fail", {"kind": "node", "name": n.name}, setting, msg, {"observed": "(absent)", "expected": "set explicitly"}) if {
	old
	not versions.gold_or_better
	some n in shape.live_only_nodes
	not n.settings[setting]
	msg := sprintf("node %s does not set %s (GET /_nodes/settings lists only explicit settings): an 8.x upgrade refuses to start; expected the setting explicitly", [n.name, setting])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
