# METADATA
# title: Keystores password-protected
# description: |
#   Without a password, elasticsearch.keystore and kibana.keystore are only
#   obfuscated: anyone who can read the file can read every secure setting.
#   Judged per node and Kibana instance: a password-protected keystore
#   passes. Tool policy: an unprotected keystore warns rather than fails,
#   because it is Elastic's default (auto-setup, packages and Docker create
#   it without a password) and protecting it means supplying the password
#   at every start (ES_KEYSTORE_PASSPHRASE_FILE under systemd); it fails
#   when the operator requires FIPS 140 (context.fips_required), whose
#   guide demands a password of at least 14 bytes. No keystore file is not
#   applicable (nothing to protect; secrets in YAML are BAS-06/MIN-06's
#   concern); a keystore essec could not read (permission, not a regular
#   file) or parse (garbage, a damaged checksum: its password flag is then
#   no evidence) is unknown with the error; a component whose keystore was
#   not examined is unknown. A wrong keystore password does not hide the
#   flag: the file's checksum verified, so it is judged.
# custom:
#   id: HARD-12
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     bin/elasticsearch-keystore passwd (bin/kibana-keystore passwd) as the
#     service user, then provide the password at start: interactively, or
#     with systemd through ES_KEYSTORE_PASSPHRASE_FILE pointing at a 0600
#     file that is removed after start.
#   requires: [K]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/elasticsearch-keystore
#     - https://www.elastic.co/docs/deploy-manage/security/secure-settings
#     - https://www.elastic.co/docs/deploy-manage/security/fips-es
package essec.checks.hardening.hard_12

import data.essec.lib
import data.essec.lib.keystores

keystore_name(c) := "elasticsearch.keystore" if c.kind == "node"
else := "kibana.keystore"

ks_resource(c) := {"kind": "keystore", "name": c.obj.name, "file": object.get(c.obj.keystore, "path", "")}

unprotected_status := "fail" if input.context.fips_required == true
else := "warn"

results contains lib.result("unknown", lib.component_resource(c), msg, {}) if {
	some c in lib.component_list
	object.get(c.obj, "keystore", null) == null
	msg := sprintf("the %s was not examined (%s)", [keystore_name(c), keystores.unread_reason(c.obj)])
}

# (the result and its resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "keystore", "name": c.obj.name, "file": object.get(c.obj.keystore, "path", "")}, "message": msg, "evidence": {}} if {
	some c in lib.component_list
	ks := c.obj.keystore
	ks.present == false
	msg := sprintf("there is no %s", [keystore_name(c)])
}

results contains lib.result("unknown", ks_resource(c), msg, {"observed": "(unknown)", "expected": true}) if {
	some c in lib.component_list
	ks := c.obj.keystore
	ks.present == true
	not_evidence(ks)
	msg := sprintf("%s could not be read, so whether a password protects it is unknown: %s", [object.get(ks, "path", keystore_name(c)), object.get(ks, "error", "no reason given")])
}

# not_evidence: a keystore that could not be read, or not parsed (garbage,
# a damaged checksum), says nothing about its password flag.
not_evidence(ks) if object.get(ks, "readable", true) == false

not_evidence(ks) if object.get(ks, "error_kind", "") in {"unreadable", "malformed"}

results contains lib.result("pass", ks_resource(c), msg, {"observed": true, "expected": true}) if {
	some c in lib.component_list
	ks := c.obj.keystore
	ks.present == true
	not not_evidence(ks)
	ks.password_protected == true
	msg := sprintf("%s is password-protected", [object.get(ks, "path", keystore_name(c))])
}

results contains lib.result(unprotected_status, ks_resource(c), msg, {"observed": false, "expected": true}) if {
	some c in lib.component_list
	ks := c.obj.keystore
	ks.present == true
	not not_evidence(ks)
	ks.password_protected == false
	msg := sprintf("%s has no password: its entries are only obfuscated%s; expected a password-protected keystore", [object.get(ks, "path", keystore_name(c)), fips_note])
}

fips_note := " and FIPS 140 mode is required (it demands a keystore password of at least 14 bytes)" if input.context.fips_required == true
else := ""

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
