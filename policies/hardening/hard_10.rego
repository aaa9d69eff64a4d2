# METADATA
# title: FIPS 140 mode when the operator's policy requires it
# description: |
#   FIPS 140 mode is only needed where a regulation requires it, so this
#   check does nothing unless the operator asks for it (context.fips_required,
#   --fips): without it the result is not_applicable. When required, each
#   node must set xpack.security.fips_mode.enabled: true (default false),
#   else fail; with FIPS mode on, an explicit
#   xpack.security.authc.password_hashing.algorithm outside the PBKDF2
#   family fails too (FIPS allows only PBKDF2; the default then is
#   pbkdf2_stretch). With a live cluster, GET /_xpack/usage
#   security.fips_140.enabled is judged as well. The FIPS JVM and security
#   provider setup itself is outside what essec reads.
# custom:
#   id: HARD-10
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Follow Elastic's FIPS 140-2 procedure: a FIPS-certified security
#     provider in the JVM, xpack.security.fips_mode.enabled: true,
#     PBKDF2 password hashing, PEM key material and a password-protected
#     keystore (at least 14 bytes), then a full cluster restart.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/fips-es
package essec.checks.hardening.hard_10

import data.essec.lib
import data.essec.lib.settings

fips := "xpack.security.fips_mode.enabled"

hashing := "xpack.security.authc.password_hashing.algorithm"

required if input.context.fips_required == true

results contains lib.result("not_applicable", lib.cluster_resource, "FIPS 140 mode is not required by the operator's policy (pass --fips to require it)", {}) if {
	not required
}

results contains lib.result_setting("pass", lib.node_setting_resource(node, fips), fips, msg, {"observed": "true", "expected": "true"}) if {
	required
	some node in lib.nodes
	settings.is_true(node, fips)
	msg := sprintf("%s is \"true\" (%s)", [fips, settings.where(node, fips)])
}

results contains lib.result_setting("fail", lib.node_setting_resource(node, fips), fips, msg, {"observed": v, "expected": "true"}) if {
	required
	some node in lib.nodes
	not settings.is_true(node, fips)
	v := settings.value_or(node, fips, "(absent)")
	msg := sprintf("%s is %s (%s); FIPS 140 mode is required, expected \"true\"", [fips, v, where(node)])
}

where(node) := settings.where(node, fips) if settings.has_setting(node, fips)
else := "default false"

results contains lib.result_setting("fail", lib.node_setting_resource(node, hashing), hashing, msg, {"observed": v, "expected": "pbkdf2, pbkdf2_<n>, pbkdf2_stretch or pbkdf2_stretch_<n>"}) if {
	required
	some node in lib.nodes
	settings.is_true(node, fips)
	v := settings.lower_value(node, hashing)
	not startswith(v, "pbkdf2")
	msg := sprintf("%s is %q (%s); FIPS 140 mode allows only the PBKDF2 family", [hashing, v, settings.where(node, hashing)])
}

results contains lib.result("pass", lib.cluster_resource, "GET /_xpack/usage reports security.fips_140.enabled true", {"observed": true, "expected": true}) if {
	required
	lib.body("xpack_usage").security.fips_140.enabled == true
}

results contains lib.result("fail", lib.cluster_resource, "GET /_xpack/usage reports security.fips_140.enabled false; FIPS 140 mode is required", {"observed": false, "expected": true}) if {
	required
	lib.body("xpack_usage").security.fips_140.enabled == false
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
