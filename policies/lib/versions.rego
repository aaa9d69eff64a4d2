# Versions and licences: which Elasticsearch version's rules apply, and
# whether security is on for a node. Every rule relied on here is recorded
# with its source in docs/checks.md ("Version rules").
package essec.lib.versions

import data.essec.lib
import data.essec.lib.settings

# ---------------------------------------------------------------- versions

version_known if input.deployment.version != ""

# major is the Elasticsearch major version; undefined when unknown.
major := to_number(split(input.deployment.version, ".")[0]) if version_known

minor := to_number(split(input.deployment.version, ".")[1]) if version_known

# version_at_least(maj, mn) compares the deployment's version.
version_at_least(maj, mn) if major > maj

version_at_least(maj, mn) if {
	major == maj
	minor >= mn
}

# version_hint tells how to supply an unknown version: --es-version, or
# --url, or why the live cluster did not tell it.
version_hint := "pass --es-version or --url" if lib.cluster == null
else := sprintf("the cluster did not tell its version: %s; pass --es-version", [lib.call_error("root")])

# ---------------------------------------------------------------- licences

# license_type is the licence GET /_license reports (lower case); undefined
# without a live answer.
license_type := lower(lib.body("license").license.type)

gold_or_better if license_type in {"gold", "platinum", "enterprise"}

license_known if license_type

# basic_has_security: the basic licence includes security from 6.8.0 and
# 7.1.0 (before, security needs gold, platinum, enterprise or trial).
basic_has_security if version_at_least(7, 1)

basic_has_security if {
	major == 6
	minor >= 8
}

# licence_allows_security: the licence in force includes security.
licence_allows_security if gold_or_better

licence_allows_security if license_type == "trial"

licence_allows_security if {
	license_type == "basic"
	basic_has_security
}

# ---------------------------------------------------------------- security

# security_state(node) says whether Elasticsearch security (authentication,
# and with it TLS) is in effect on the node: {"state": "on"|"off"|"unknown",
# "reason": ...}. 8.x enables it unless disabled; before 8.0 an absent
# setting leaves it off on basic and trial and on with gold or better; an
# explicit true does nothing on a licence without security (basic before
# 6.8/7.1). docs/checks.md ("Version rules") gives the sources.
# (settings.is_false and settings.unresolved written out: every node passes
# these two tests in several checks)
security_state(node) := {"state": "off", "reason": sprintf("xpack.security.enabled is \"false\" (%s)", [settings.where(node, "xpack.security.enabled")])} if {
	lower(trim_space(node.settings["xpack.security.enabled"].value)) == "false"
} else := {"state": "unknown", "reason": sprintf("xpack.security.enabled references an environment variable that had no value (%s)", [settings.where(node, "xpack.security.enabled")])} if {
	node.settings["xpack.security.enabled"].unresolved == true
} else := _on_by_version if {
	major >= 8
} else := {"state": "unknown", "reason": sprintf("the Elasticsearch version is unknown (%s): security is on by default from 8.0, off before unless enabled", [version_hint])} if {
	not version_known
	not settings.is_true(node, "xpack.security.enabled")
} else := {"state": "off", "reason": sprintf("the %s licence (GET /_license) of Elasticsearch %s does not include security: it is in the basic licence from 6.8.0 and 7.1.0", [license_type, input.deployment.version])} if {
	settings.is_true(node, "xpack.security.enabled")
	license_known
	not licence_allows_security
} else := {"state": "unknown", "reason": sprintf("Elasticsearch %s includes security only with a gold, platinum, enterprise or trial licence (basic has it from 6.8.0 and 7.1.0), and the licence was not read (pass --url)", [input.deployment.version])} if {
	settings.is_true(node, "xpack.security.enabled")
	version_known
	not license_known
	not basic_has_security
} else := {"state": "on", "reason": sprintf("xpack.security.enabled is \"true\" (%s)", [settings.where(node, "xpack.security.enabled")])} if {
	settings.is_true(node, "xpack.security.enabled")
} else := {"state": "on", "reason": sprintf("xpack.security.enabled is not set; Elasticsearch %s with a %s licence enables security by default", [input.deployment.version, license_type])} if {
	gold_or_better
} else := {"state": "off", "reason": sprintf("xpack.security.enabled is not set; Elasticsearch %s with a %s licence leaves security off", [input.deployment.version, license_type])} if {
	license_known
} else := {"state": "off", "reason": sprintf("xpack.security.enabled is not set; Elasticsearch %s leaves security off on the basic and trial licences (a gold or better licence, not read here, would enable it)", [input.deployment.version])}

# _on_by_version is security_state of an 8.x node that does not disable
# security, the same for every node: built once, not per node and check.
_on_by_version := {"state": "on", "reason": sprintf("Elasticsearch %s enables security unless xpack.security.enabled is false", [input.deployment.version])}

# security_off(node) is true when security is known to be off on the node.
# (defaults false: an undefined answer is not cached, and checks ask these
# for every node, often several times)
default security_off(_) := false

security_off(node) if security_state(node).state == "off"

default security_on(_) := false

security_on(node) if security_state(node).state == "on"

default security_unknown(_) := false

security_unknown(node) if security_state(node).state == "unknown"

# live_security_off: GET /_xpack/usage says security is disabled on the
# running cluster (whatever _nodes/settings or the files say about TLS).
live_security_off if lib.body("xpack_usage").security.enabled == false

live_security_on if lib.body("xpack_usage").security.enabled == true
