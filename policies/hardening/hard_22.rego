# METADATA
# title: Extra transport profiles keep TLS, client authentication and verification
# description: |
#   A transport profile (transport.profiles.<name>) opens another transport
#   port; its TLS settings
#   (transport.profiles.<name>.xpack.security.ssl.*) default to the
#   transport's. Judged per node and profile (the "default" profile is the
#   transport itself, judged by BAS-01..04): TLS off (explicitly, or
#   inherited from a transport without TLS) fails; verification_mode none
#   fails; client_authentication none fails (anyone reaching the port is
#   treated as a node); optional warns (tool policy: accepted only where a
#   documented client uses the profile); otherwise pass. No extra profile
#   is not applicable. These settings are filtered from the node info API,
#   so only the files are evidence.
# custom:
#   id: HARD-22
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Remove ssl.enabled: false, verification_mode: none and
#     client_authentication: none|optional from
#     transport.profiles.<name>.xpack.security.ssl (the profile then
#     inherits the transport's secure settings), or remove the profile if it
#     is not used. Restart the node.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.hardening.hard_22

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.tls

profiles(node) := {p |
	some name in settings.settings_with_prefix(node, "transport.profiles.")
	p := split(name, ".")[2]
	p != "default"
}

key(p, k) := sprintf("transport.profiles.%s.xpack.security.ssl.%s", [p, k])

tls_off(node, p) if settings.is_false(node, key(p, "enabled"))

tls_off(node, p) if {
	not settings.has_setting(node, key(p, "enabled"))
	not tls.transport_tls(node)
}

problems(node, p) := {["fail", msg] |
	tls_off(node, p)
	msg := tls_message(node, p)
} | {["fail", msg] |
	not tls_off(node, p)
	settings.lower_value(node, key(p, "verification_mode")) == "none"
	msg := sprintf("%s is \"none\" (%s)", [key(p, "verification_mode"), settings.where(node, key(p, "verification_mode"))])
} | {[st, msg] |
	not tls_off(node, p)
	v := client_auth(node, p)
	st := {"none": "fail", "optional": "warn"}[v]
	msg := sprintf("%s is %q (%s)", [ca_name(node, p), v, where(node, ca_name(node, p))])
}

tls_message(node, p) := sprintf("%s is \"false\" (%s)", [key(p, "enabled"), settings.where(node, key(p, "enabled"))]) if settings.has_setting(node, key(p, "enabled"))
else := "the profile inherits the transport's TLS, which is not enabled"

# client_auth: the profile's value, else the transport's, else required.
client_auth(node, p) := settings.lower_value(node, key(p, "client_authentication")) if settings.has_setting(node, key(p, "client_authentication"))
else := settings.lower_value(node, "xpack.security.transport.ssl.client_authentication") if settings.has_setting(node, "xpack.security.transport.ssl.client_authentication")
else := "required"

ca_name(node, p) := key(p, "client_authentication") if settings.has_setting(node, key(p, "client_authentication"))
else := "xpack.security.transport.ssl.client_authentication"

where(node, name) := settings.where(node, name) if settings.has_setting(node, name)
else := "default"

status(ps) := "fail" if {
	some x in ps
	x[0] == "fail"
} else := "warn" if count(ps) > 0
else := "pass"

profile_resource(node, p) := lib.node_setting_resource(node, key(p, "enabled")) if settings.has_setting(node, key(p, "enabled"))
else := lib.node_setting_resource(node, sprintf("transport.profiles.%s.port", [p]))

results contains lib.result_setting(st, profile_resource(node, p), sprintf("transport.profiles.%s", [p]), msg, {"observed": sort([x[1] | some x in ps]), "expected": "TLS on, client_authentication required, verification not none"}) if {
	some node in lib.nodes
	some p in profiles(node)
	ps := problems(node, p)
	st := status(ps)
	msg := message(p, st, ps)
}

message(p, "pass", _) := sprintf("transport profile %q keeps TLS with required client authentication and verification", [p])

message(p, st, ps) := sprintf("transport profile %q: %s; expected TLS on, client_authentication required and verification_mode not none", [p, concat("; ", sort([x[1] | some x in ps]))]) if st != "pass"

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "no transport profile besides the default", "evidence": {}} if {
	some node in lib.nodes
	count(profiles(node)) == 0
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
