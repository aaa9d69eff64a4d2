# METADATA
# title: Built-in users secured; bootstrap password removed; elastic not used routinely
# description: |
#   A built-in superuser with a known or leftover password is a full cluster
#   takeover. No API reveals whether a reserved user has a password, so the
#   check judges what can be seen.
#   Keystore (per node): bootstrap.password still in elasticsearch.keystore
#   fails ("left behind": until elastic's password is changed through the
#   API, it is elastic's password, and the Docker image writes ELASTIC_PASSWORD
#   there). A readable keystore without it, or no keystore at all, passes for
#   that keystore; the message says the built-in users themselves are only
#   verified with --url. A password-protected or unreadable keystore is
#   unknown.
#   Live (cluster): when the audit itself authenticates as elastic, warn: the
#   superuser is being used for routine access (use a dedicated auditor user
#   with monitor and read_security). Otherwise GET /_security/user passes
#   when it answers: enabled reserved users such as kibana_system are fine
#   (they need passwords to log in at all), disabled ones are fine too; the
#   message lists the enabled reserved users to review. Without that answer
#   the cluster result is unknown with the call's error.
# custom:
#   id: MIN-03
#   level: minimal
#   severity: critical
#   component: elasticsearch
#   remediation: builtin-passwords
#   remediation_text: |
#     Set operator-chosen passwords for elastic and kibana_system
#     (bin/elasticsearch-reset-password -u elastic -i, or
#     POST /_security/user/<name>/_password), then remove the leftover with
#     bin/elasticsearch-keystore remove bootstrap.password on every node.
#     Create personal or task users with minimal roles and keep elastic for
#     break-glass use; run essec with a user holding monitor and read_security.
#   requires: [A, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/built-in-users
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/reset-password
package essec.checks.minimal.min_03

import data.essec.lib
import data.essec.lib.keystores

entry := "bootstrap.password"

users_note := "the built-in users were checked through GET /_security/user" if lib.body("users")
else := "the built-in users' passwords are not verified without --url" if lib.cluster == null
else := sprintf("the built-in users could not be checked: %s", [lib.call_error("users")])

# One rule over the nodes, each node's result from _node_result, one branch
# per case (the cases exclude each other: a keystore absent, read with or
# without the entry, or not read). The common case first, with
# keystores.absent and keystores.resource written out (a keystore record
# is an object there).
results contains r if {
	some node in lib.nodes
	r := _node_result(node)
}

_node_result(node) := {"status": "pass", "resource": {"kind": "keystore", "name": node.name, "file": object.get(ks, "path", "")}, "setting": "bootstrap.password", "message": msg, "evidence": {"observed": "no keystore", "expected": "absent"}} if {
	ks := node.keystore
	ks.present == false
	object.get(ks, "error", "") == ""
	msg := sprintf("node %s has no elasticsearch.keystore, so no bootstrap.password; %s", [node.name, users_note])
} else := {"status": "fail", "resource": keystores.resource(node), "setting": entry, "message": msg, "evidence": {"observed": "present", "expected": "absent"}} if {
	keystores.has(node, entry)
	msg := sprintf("%s holds bootstrap.password (left behind): until elastic's password is changed through the API it is elastic's password; expected absent after setup", [keystores.name(node)])
} else := {"status": "pass", "resource": keystores.resource(node), "setting": entry, "message": msg, "evidence": {"observed": "absent", "expected": "absent"}} if {
	keystores.readable(node)
	not keystores.has(node, entry)
	msg := sprintf("%s holds no bootstrap.password; %s", [keystores.name(node), users_note])
} else := {"status": "unknown", "resource": keystores.resource(node), "setting": entry, "message": msg, "evidence": {"observed": "(keystore not read)", "expected": "absent"}} if {
	not keystores.known(node)
	msg := sprintf("whether bootstrap.password is left in the keystore of %s is unknown: %s", [node.name, keystores.gap(node)])
}

# ---------------------------------------------------------------- live

audit_user := lib.body("authenticate").username if is_string(lib.body("authenticate").username)
else := lib.cluster.auth.username if {
	lib.live
	object.get(lib.cluster.auth, "username", "") != ""
} else := ""

audit_who := sprintf("user %q", [audit_user]) if audit_user != ""
else := sprintf("%s credentials", [object.get(object.get(lib.cluster, "auth", {}), "kind", "unknown")]) if lib.live
else := "no credentials"

# Only a successful GET /_security/_authenticate proves who the audit is.
authenticated_as_elastic if {
	lib.body("authenticate")
	audit_user == "elastic"
}

authenticated_as_elastic if {
	a := lib.body("authenticate")
	a.username == "elastic"
	object.get(object.get(a, "authentication_realm", {}), "type", "reserved") == "reserved"
}

enabled_reserved := {name |
	some name, u in lib.body("users")
	u.metadata._reserved == true
	u.enabled == true
}

disabled_reserved := {name |
	some name, u in lib.body("users")
	u.metadata._reserved == true
	u.enabled == false
}

results contains lib.result_setting("warn", lib.cluster_resource, "elastic", msg, {"observed": "elastic", "expected": "a dedicated auditor user"}) if {
	authenticated_as_elastic
	msg := "the audit itself authenticated as the elastic superuser: elastic is in routine use; use a dedicated auditor user (cluster privileges monitor and read_security) and keep elastic for break-glass access"
}

results contains lib.result_setting("pass", lib.cluster_resource, "elastic", msg, {"observed": {"enabled": lib.names(enabled_reserved), "disabled": lib.names(disabled_reserved)}, "expected": "built-in users used only by their components"}) if {
	not authenticated_as_elastic
	lib.body("users")
	msg := sprintf("the audit did not use elastic (%s); enabled built-in users: [%s], disabled: [%s] (GET /_security/user); their passwords cannot be read through the API", [audit_who, lib.names(enabled_reserved), lib.names(disabled_reserved)])
}

results contains lib.result_setting("unknown", lib.cluster_resource, "elastic", msg, {"observed": "(no answer)", "expected": "GET /_security/user"}) if {
	lib.cluster != null
	not authenticated_as_elastic
	not users_answered
	msg := sprintf("the built-in users could not be listed: %s", [lib.call_error("users")])
}

users_answered if lib.body("users")

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
