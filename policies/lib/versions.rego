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

# ---------------------------------------------------------------- security

# security_off(node) is true when the node runs with security disabled:
# explicitly, or before 8.0 by default on a basic or trial licence (gold and
# better enable it by default).
security_off(node) if settings.is_false(node, "xpack.security.enabled")

security_off(node) if {
	not settings.has_setting(node, "xpack.security.enabled")
	major < 8
	not gold_or_better
}
