# METADATA
# title: Auto-configuration block intact in its security-relevant values
# description: |
#   The 8.x automatic security setup appends a block to elasticsearch.yml that
#   turns on security, HTTP TLS and mutually authenticated transport TLS with
#   certificates under certs/. Admins sometimes flip those values inside the
#   block; this check reports such drift (MIN-01, BAS-01 and HTTPS-01 judge
#   the consequences). The input document does not carry the block's comment
#   markers, so the block is recognised by what it writes (tool policy):
#   certs/http.p12 and certs/transport.p12 as HTTP and transport keystores,
#   or one of them with xpack.security.enrollment.enabled. Per node with the
#   block: xpack.security.enabled, xpack.security.http.ssl.enabled and
#   xpack.security.transport.ssl.enabled must be true (the two TLS flags also
#   present: Elasticsearch 8 refuses TLS settings without them);
#   transport verification_mode certificate as written, or full (stricter) or
#   absent (default full); transport truststore.path still under certs/.
#   xpack.security.enabled absent is accepted (true by default on 8.x). Any
#   deviation fails, listing each value and where it is; nodes without the
#   block are not_applicable.
# custom:
#   id: AUTO-01
#   level: auto-setup
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Restore the values the automatic setup wrote (security and both TLS
#     layers true, transport verification_mode certificate, keystore and
#     truststore paths under certs/) and restart; on deb/rpm installs
#     bin/elasticsearch-reconfigure-node --enrollment-token <token> rewrites
#     the block.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
package essec.checks.autosetup.auto_01

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.settings
import data.essec.lib.tls

tp := tls.tp

hp := tls.hp

must_be_true := ["xpack.security.enabled", concat("", [hp, "enabled"]), concat("", [tp, "enabled"])]

vm := concat("", [tp, "verification_mode"])

trust := concat("", [tp, "truststore.path"])

deviations(node) := {d |
	some name in must_be_true
	settings.has_setting(node, name)
	not settings.is_true(node, name)
	d := sprintf("%s is %q (%s); the setup wrote \"true\"", [name, settings.value(node, name), settings.where(node, name)])
} | {d |
	some name in must_be_true
	name != "xpack.security.enabled"
	not settings.has_setting(node, name)
	d := sprintf("%s was removed; the setup wrote \"true\"", [name])
} | {d |
	settings.has_setting(node, vm)
	not settings.lower_value(node, vm) in {"certificate", "full"}
	d := sprintf("%s is %q (%s); the setup wrote \"certificate\"", [vm, settings.value(node, vm), settings.where(node, vm)])
} | {d |
	not settings.has_setting(node, trust)
	not settings.has_setting(node, concat("", [tp, "certificate_authorities"]))
	d := sprintf("%s was removed; the setup wrote \"certs/transport.p12\"", [trust])
} | {d |
	v := settings.value(node, trust)
	not autosetup.under_certs(v)
	d := sprintf("%s is %q (%s); the setup wrote \"certs/transport.p12\"", [trust, v, settings.where(node, trust)])
}

# (the rules below go over autosetup.autoconfigured_nodes, the nodes with
# the auto-configuration's marks, instead of testing every node)
results contains r if some r in autosetup.no_block_results

results contains lib.result("fail", lib.node_resource(node), msg, {"observed": sort(ds), "expected": "values written by the automatic setup"}) if {
	some node in autosetup.autoconfigured_nodes
	ds := deviations(node)
	count(ds) > 0
	msg := sprintf("the security auto-configuration block was changed: %s", [concat("; ", sort(ds))])
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": "intact", "expected": "values written by the automatic setup"}) if {
	some node in autosetup.autoconfigured_nodes
	count(deviations(node)) == 0
	msg := sprintf("the security auto-configuration block is intact: security and both TLS layers on, transport verification_mode %s, keystores under certs/ (%s)", [settings.value_or(node, vm, "full (default)"), settings.where(node, concat("", [hp, "keystore.path"]))])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
