# METADATA
# title: Transport trusts a private cluster CA; node certificates fit mutual TLS
# description: |
#   Whoever holds a certificate from a CA the transport layer trusts can join
#   the cluster. A public or organisation-wide CA therefore lets unrelated
#   certificate holders in. Judged per node from the transport TLS files:
#   - trust anchors are the certificates of certificate_authorities files and
#     the CA certificates of the truststore.path file; a well-known public CA
#     among them fails, naming it. Tool policy: no explicit trust setting
#     fails too, as Elasticsearch then trusts the JDK's public CAs;
#   - the node's own certificate (the first certificate of keystore.path or
#     certificate) must have no Extended Key Usage, or one that contains both
#     clientAuth and serverAuth (or anyExtendedKeyUsage): nodes are client and
#     server of each other while client authentication is required;
#   - with only one of the two examined, the check judges that one and says
#     what was not examined; with no certificate evidence at all it is
#     unknown with the collector's error.
#   Not applicable in development mode or when transport TLS is off. A single
#   node with discovery.type single-node bound to a non-loopback address gets
#   warn instead of fail.
# custom:
#   id: BAS-05
#   level: basic
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Create a dedicated CA for the cluster's transport layer
#     (bin/elasticsearch-certutil ca), issue every node's transport
#     certificate from it without an Extended Key Usage, or with both
#     clientAuth and serverAuth, and trust only that CA
#     (xpack.security.transport.ssl.truststore.path or
#     certificate_authorities). Do not reuse a public or company-wide CA for
#     transport. Full cluster restart when the CA changes.
#   requires: [C]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/external-ca-transport
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
package essec.checks.basic.bas_05

import data.essec.lib
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

tp := tls.tp

ks := concat("", [tp, "keystore.path"])

ts := concat("", [tp, "truststore.path"])

cert := concat("", [tp, "certificate"])

cas := concat("", [tp, "certificate_authorities"])

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

results contains lib.result("not_applicable", lib.node_resource(node), ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

results contains lib.result("not_applicable", lib.node_resource(node), "transport TLS is not enabled on this node (BAS-01 fails it)", {"observed": "transport TLS off", "expected": "transport TLS on"}) if {
	shape.judged_mode
	some node in lib.nodes
	not tls.transport_tls(node)
}

judged(node) if {
	shape.judged_mode
	tls.transport_tls(node)
}

# tmats: the node's material for these four settings, in document order,
# filtered once; material(node, names) then goes over it, not over all of
# the node's material at each call.
tmats(node) := [m | some m in object.get(node, "tls_material", []); path_set[m.setting]]

path_set := {ks, ts, cert, cas}

material(node, names) := [m | some m in tmats(node); m.setting in names]

anchors(node) := array.concat(
	[c | some m in material(node, [cas]); some c in object.get(m, "certificates", [])],
	[c | some m in material(node, [ts]); some c in object.get(m, "certificates", []); c.is_ca],
)

# The node's own certificate: the first certificate of its key material.
leaves(node) := [c | some m in material(node, [ks, cert]); c := tls.leaf(m)]

no_trust_setting(node) if {
	not settings.has_setting(node, ts)
	not settings.has_setting(node, cas)
}

eku_ok(c) if count(object.get(c, "ext_key_usage", [])) == 0

eku_ok(c) if "any" in c.ext_key_usage

eku_ok(c) if {
	"clientAuth" in c.ext_key_usage
	"serverAuth" in c.ext_key_usage
}

problems(node) := {p |
	some c in anchors(node)
	c.well_known_ca
	p := sprintf("the transport trusts the public CA %q: anyone with a certificate from it can join", [c.subject])
} | {p |
	no_trust_setting(node)
	p := "no truststore.path or certificate_authorities is set, so the transport trusts the JDK's public CAs"
} | {p |
	some c in leaves(node)
	not eku_ok(c)
	p := sprintf("the node certificate %q has Extended Key Usage [%s]: mutual TLS needs both clientAuth and serverAuth", [c.subject, concat(", ", c.ext_key_usage)])
}

notes(node) := array.concat(
	[n |
		count(anchors(node)) == 0
		not no_trust_setting(node)
		n := "trust anchors not examined"
	],
	[n |
		count(leaves(node)) == 0
		n := "node certificate not examined"
	],
)

examined(node) if count(anchors(node)) > 0

examined(node) if count(leaves(node)) > 0

examined(node) if no_trust_setting(node)

note_text(node) := sprintf(" (%s)", [concat("; ", notes(node))]) if count(notes(node)) > 0
else := ""

good_parts(node) := array.concat(
	[sprintf("transport trust anchors [%s] are not public CAs", [concat(", ", [c.subject | some c in anchors(node)])]) | count(anchors(node)) > 0],
	[sprintf("the node certificate %q allows client and server authentication", [c.subject]) | some c in leaves(node)],
)

evidence(node) := {
	"anchors": [c.subject | some c in anchors(node)],
	"leaf_eku": [object.get(c, "ext_key_usage", []) | some c in leaves(node)],
}

results contains lib.result(ladder.transport_status(node), lib.node_resource(node), msg, evidence(node)) if {
	some node in lib.nodes
	judged(node)
	ps := problems(node)
	count(ps) > 0
	msg := sprintf("%s%s%s", [concat("; ", sort(ps)), note_text(node), ladder.relaxed_note(node)])
}

results contains lib.result("pass", lib.node_resource(node), msg, evidence(node)) if {
	some node in lib.nodes
	judged(node)
	examined(node)
	count(problems(node)) == 0
	msg := sprintf("%s%s", [concat("; ", good_parts(node)), note_text(node)])
}

results contains lib.result("unknown", lib.node_resource(node), msg, {"observed": "(no certificate evidence)", "expected": "private transport CA"}) if {
	some node in lib.nodes
	judged(node)
	not examined(node)
	msg := sprintf("the transport certificates of %s were not examined: %s", [node.name, collector_error(node)])
}

collector_error(node) := concat("; ", errs) if {
	errs := [sprintf("%s: %s", [m.path, m.error]) | some m in material(node, [ks, ts, cert, cas]); object.get(m, "error", "") != ""]
	count(errs) > 0
} else := concat("; ", errs) if {
	errs := [sprintf("%s: %s", [m.path, why]) | some m in material(node, [ks, ts, cert, cas]); why := unreadable(m)]
	count(errs) > 0
} else := "the files were not read (run essec on the node's host)"

unreadable(m) := "does not exist" if m.exists == false
else := "not readable" if m.readable == false
else := "no certificate found"

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
