# METADATA
# title: HTTP surface - CORS not open, compression and error detail sensible
# description: |
#   Judged per node from elasticsearch.yml (or, with only live evidence,
#   from the settings GET /_cluster/settings?include_defaults reports).
#   CORS: disabled (default) passes; enabled with http.cors.allow-origin "*"
#   or a regex matching any origin fails (Elastic calls "*" a security risk;
#   with allow-credentials true any web page can use a logged-in browser's
#   credentials); enabled with explicit origins passes. Compression:
#   http.compression forced to true on an HTTPS node warns (it reopens
#   BREACH-style attacks; the default is off with HTTPS). Error detail: tool
#   policy, only judged for a node whose HTTP binds a public address or
#   _global_: http.detailed_errors.enabled not false warns there.
# custom:
#   id: HARD-17
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Set http.cors.enabled: false, or list the exact origins in
#     http.cors.allow-origin (never "*", above all with
#     http.cors.allow-credentials: true). Remove http.compression: true on
#     HTTPS nodes. On internet-facing nodes set
#     http.detailed_errors.enabled: false. Restart the node.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/networking-settings
package essec.checks.hardening.hard_17

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

cors := "http.cors.enabled"

origin := "http.cors.allow-origin"

credentials := "http.cors.allow-credentials"

compression := "http.compression"

detailed := "http.detailed_errors.enabled"

any_origin(obj) if trim_space(settings.value(obj, origin)) == "*"

any_origin(obj) if {
	v := trim_space(settings.value(obj, origin))
	startswith(v, "/")
	endswith(v, "/")
	regex.match(substring(v, 1, count(v) - 2), "https://attacker.example")
}

creds_note(obj) := " and http.cors.allow-credentials is \"true\"" if settings.is_true(obj, credentials)
else := ""

# The common case, CORS off, with its result written out
# (settings.is_true and value_or too): a call per subject costs more than
# its work.
# A node that does not set it: its resource (the node's file) and the
# default written out.
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": origin, "message": msg, "evidence": {"observed": "false", "expected": "false or explicit origins"}} if {
	some node in lib.nodes
	not node.settings[cors]
	msg := sprintf("CORS is disabled (%s is \"false\", default)", [cors])
}

results contains {"status": "pass", "resource": settings.subject_resource(s, cors), "setting": origin, "message": msg, "evidence": {"observed": v, "expected": "false or explicit origins"}} if {
	some s in settings.static_subjects
	cors_read(s)
	v := object.get(s.obj, ["settings", cors, "value"], "false")
	not lower(trim_space(v)) == "true" # (OPA evaluates the calls nested in a negation outside it: v is always defined)
	msg := sprintf("CORS is disabled (%s is %q, %s)", [cors, v, where(s.obj, cors)])
}

results contains lib.result_setting("fail", settings.subject_resource(s, origin), origin, msg, {"observed": settings.value(s.obj, origin), "expected": "explicit origins"}) if {
	some s in settings.static_subjects
	settings.is_true(s.obj, cors)
	any_origin(s.obj)
	msg := sprintf("CORS is enabled with %s %q (%s)%s: any web page may call the cluster; expected explicit origins", [origin, settings.value(s.obj, origin), settings.where(s.obj, origin), creds_note(s.obj)])
}

results contains lib.result_setting("pass", settings.subject_resource(s, origin), origin, msg, {"observed": settings.value_or(s.obj, origin, ""), "expected": "explicit origins"}) if {
	some s in settings.static_subjects
	settings.is_true(s.obj, cors)
	not any_origin(s.obj)
	msg := origin_message(s.obj)
}

origin_message(obj) := sprintf("CORS is enabled for %q only (%s)", [settings.value(obj, origin), settings.where(obj, origin)]) if trim_space(settings.value_or(obj, origin, "")) != ""
else := sprintf("CORS is enabled but %s is not set: no origin is allowed", [origin])

# cors_read: a subject the rule above does not judge (a node that sets
# http.cors.enabled, or the live cluster).
cors_read(s) if s.kind != "node"

cors_read(s) if s.obj.settings[cors]

where(obj, name) := settings.where(obj, name) if obj.settings[name]
else := "default"

# ---------------------------------------------------------------- compression

https(s) if tls.http_tls(s.obj)

https(s) if {
	s.kind == "cluster"
	lib.body("xpack_usage").security.ssl.http.enabled == true
}

results contains lib.result_setting("warn", settings.subject_resource(s, compression), compression, msg, {"observed": "true", "expected": "false on HTTPS"}) if {
	some s in settings.static_subjects
	s.kind == "node"
	settings.is_true(s.obj, compression)
	https(s)
	msg := sprintf("%s is forced to \"true\" (%s) on an HTTPS node: compressed TLS responses reopen BREACH-style attacks; expected the default (off with HTTPS)", [compression, settings.where(s.obj, compression)])
}

# ---------------------------------------------------------------- error detail

public_http(node) if worst_class(network.http_hosts(node)) in {"public", "global"}

# worst_class is the class of the most exposed of hosts (network.worst_host),
# of the only one when there is one.
worst_class(hosts) := network.host_class(hosts[0]) if count(hosts) == 1
else := network.host_class(network.worst_host(hosts))

results contains lib.result_setting("warn", settings.subject_resource(s, detailed), detailed, msg, {"observed": settings.value_or(s.obj, detailed, "true"), "expected": "false on internet-facing nodes"}) if {
	some s in settings.static_subjects
	s.kind == "node"
	public_http(s.obj)
	not settings.is_false(s.obj, detailed)
	msg := sprintf("HTTP binds a public address and %s is %q (%s): error details go to anyone; expected \"false\"", [detailed, settings.value_or(s.obj, detailed, "true"), where(s.obj, detailed)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
