# METADATA
# title: Hostname verification (full) where certificates allow it
# description: |
#   verification_mode full checks that a peer's certificate names the host
#   connected to; certificate only checks the CA. Transport: full (the
#   default) passes; certificate is Elastic's documented baseline for
#   node certificates without per-node names and passes, except when the
#   node's own transport certificate already names one of its addresses
#   (transport/network bind or publish hosts, or the live publish address):
#   then full would work and certificate warns. none fails. A node without
#   transport TLS is not applicable for the transport part. Outbound client
#   contexts (LDAP/AD and other realms, xpack.http for watcher/webhooks,
#   monitoring exporters, reindex.ssl, remote_cluster_client) connect to
#   named services whose certificates are expected to carry their names:
#   certificate warns there, none fails, full passes. Server-side HTTP and
#   remote-cluster-server modes only concern client certificates and are
#   not judged. Tool policy: essec cannot see the certificates of external
#   services, so outbound "certificate" is a warn, not a fail.
# custom:
#   id: HARD-09
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Issue node certificates with per-node DNS names and IPs
#     (elasticsearch-certutil cert --in instances.yml) and set
#     xpack.security.transport.ssl.verification_mode: full; for outbound
#     connections set the context's ssl.verification_mode: full and connect
#     by the name the service's certificate carries.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
package essec.checks.hardening.hard_09

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

tmode := "xpack.security.transport.ssl.verification_mode"

server_prefixes := ["xpack.security.transport.", "transport.profiles.", "xpack.security.http.", "xpack.security.remote_cluster_server."]

# ---------------------------------------------------------------- transport

host_of(addr) := regex.find_all_string_submatch_n(`\[([^\]]+)\]`, addr, 1)[0][1] if contains(addr, "[")
else := split(a, ":")[0] if {
	parts := split(addr, "/")
	a := parts[count(parts) - 1]
}

addresses(node) := {a |
	some x in array.concat(array.concat(network.transport_hosts(node), settings.items(node, "transport.publish_host")), settings.items(node, "network.publish_host"))
	a := lower(network.strip_brackets(x))
	not startswith(a, "_")
	not network.wildcard_hosts[a]
	not network.is_loopback(a)
} | {a |
	a := host_of(node.live.transport_publish_address)
	not network.is_loopback(a)
}

transport_leaf(node) := [c |
	some m in lib.arr(object.get(node, "tls_material", []))
	m.context == "transport"
	tls.presented_roles[m.role]
	some c in lib.arr(m.certificates)
	not c.is_ca
][0]

cert_names(c) := {lower(n) | some n in array.concat(lib.arr(c.dns_names), lib.arr(c.ip_addresses))}

covers(c, a) if cert_names(c)[a]

covers(c, a) if {
	some n in cert_names(c)
	startswith(n, "*.")
	endswith(a, substring(n, 1, -1))
	count(split(a, ".")) == count(split(n, "."))
}

covered(node) := {a | some a in addresses(node); covers(transport_leaf(node), a)}

# mode is the node's transport verification mode, "full" by default
# (settings.lower_value written out: the value is a string when set).
mode(node) := lower(trim_space(object.get(node, ["settings", tmode, "value"], "full")))

# (the result and lib.node_resource written out: a call per node costs more than the object)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "transport TLS is not enabled on this node", "evidence": {}} if {
	some node in lib.nodes
	not tls.transport_tls(node)
}

# Each node with transport TLS is judged once, by its mode: one rule, its
# result written out, rather than a rule per mode that each asks for the
# node's TLS and mode again.
results contains {"status": x[0], "resource": lib.node_setting_resource(node, tmode), "setting": tmode, "message": x[1], "evidence": x[2]} if {
	some node in lib.nodes
	tls.transport_tls(node)
	x := judged(node, mode(node))
}

# judged is [status, message, evidence] of a node's mode.
judged(node, "full") := ["pass", sprintf("%s is \"full\" (%s)", [tmode, where(node)]), {"observed": "full", "expected": "full"}]

judged(node, "none") := ["fail", sprintf("%s is \"none\" (%s): neither certificates nor host names are verified; expected \"full\"", [tmode, where(node)]), {"observed": "none", "expected": "full"}]

judged(node, "certificate") := ["warn", msg, {"observed": "certificate", "expected": "full", "covered": sort(cov)}] if {
	cov := covered(node)
	count(cov) > 0
	msg := sprintf("%s is \"certificate\" (%s) but the node's transport certificate names %s: \"full\" would verify host names", [tmode, where(node), lib.names(cov)])
}

judged(node, "certificate") := ["pass", msg, {"observed": "certificate", "expected": "full where certificates name the nodes"}] if {
	count(covered(node)) == 0
	msg := sprintf("%s is \"certificate\" (%s), Elastic's baseline; the node's transport certificate does not name its addresses, so \"full\" is not possible yet", [tmode, where(node)])
}

judged(node, v) := ["fail", msg, {"observed": v, "expected": "full"}] if {
	not v in {"full", "certificate", "none"}
	msg := sprintf("%s is %q (%s), not a valid mode; expected \"full\"", [tmode, v, where(node)])
}

where(node) := settings.where(node, tmode) if node.settings[tmode]
else := "default"

# ---------------------------------------------------------------- outbound clients

# Most nodes set no verification mode but the server-side ones (transport,
# HTTP, remote cluster server): one builtin over the other names says so,
# and the loop runs only for a node that has a candidate.
client_settings(node) := set() if {
	not strings.any_suffix_match(object.keys(node.settings) - server_modes, "ssl.verification_mode")
} else := {name |
	some name in settings.settings_with_suffix(node, "ssl.verification_mode")
	not server_side(name)
}

server_modes := {
	"xpack.security.transport.ssl.verification_mode",
	"xpack.security.http.ssl.verification_mode",
	"xpack.security.remote_cluster_server.ssl.verification_mode",
}

server_side(name) if {
	some p in server_prefixes
	startswith(name, p)
}

results contains lib.result_setting(st, lib.node_setting_resource(node, name), name, msg, {"observed": v, "expected": "full"}) if {
	some node in lib.nodes
	some name in client_settings(node)
	v := settings.lower_value(node, name)
	st := {"full": "pass", "certificate": "warn", "none": "fail"}[v]
	msg := client_message(name, v, settings.where(node, name))
}

client_message(name, "full", where) := sprintf("%s is \"full\" (%s)", [name, where])

client_message(name, "certificate", where) := sprintf("%s is \"certificate\" (%s): the service's host name is not verified; expected \"full\"", [name, where])

client_message(name, "none", where) := sprintf("%s is \"none\" (%s): the service's certificate is not verified at all; expected \"full\"", [name, where])

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
