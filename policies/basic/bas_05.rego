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
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.enabled", "value"], ""))) == "true"
}

judged(node) if {
	shape.judged_mode
	tls.transport_tls(node)
}

# tmats: the node's material for these four settings, in document order,
# filtered once; material(node, names) then goes over it, not over all of
# the node's material at each call.
# (the names written as a literal set: looking a rule up costs about five
# times a literal's membership test, at each material)
tmats(node) := [m | some m in object.get(node, "tls_material", []); m.setting in {"xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.truststore.path", "xpack.security.transport.ssl.certificate", "xpack.security.transport.ssl.certificate_authorities"}]

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

# One rule per judged node (tls.transport_tls and lib.node_resource written
# out), its verdict from verdict(node), which looks the node's anchors,
# leaves and trust settings up once and passes them on: each helper above
# called from each rule cost a call per use (docs/policy-authoring.md,
# Performance). The helpers above say what each part means; verdict_test
# in bas_05_test.rego compares the two.
results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": v.message, "evidence": v.evidence} if {
	shape.judged_mode
	some node in lib.nodes
	lower(trim_space(node.settings["xpack.security.transport.ssl.enabled"].value)) == "true"
	v := verdict(node)
}

verdict(node) := _judge(node, an, lv, nts) if {
	tm := tmats(node)
	an := array.concat(
		[c | some m in tm; m.setting == "xpack.security.transport.ssl.certificate_authorities"; some c in object.get(m, "certificates", [])],
		[c | some m in tm; m.setting == "xpack.security.transport.ssl.truststore.path"; some c in object.get(m, "certificates", []); c.is_ca],
	)
	lv := [c | some m in tm; m.setting in {"xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.certificate"}; count(m.certificates) > 0; c := m.certificates[0]]
	nts := count(object.filter(node.settings, ["xpack.security.transport.ssl.truststore.path", "xpack.security.transport.ssl.certificate_authorities"]))
}

# _judge: fail (or what the ladder relaxes it to) with a problem, pass when
# something was examined, else unknown; nts is the number of trust settings.
_judge(node, an, lv, nts) := {"status": ladder.transport_status(node), "message": msg, "evidence": ev} if {
	ps := _problems(an, lv, nts)
	count(ps) > 0
	msg := sprintf("%s%s%s", [concat("; ", sort(ps)), _note_text(an, lv, nts), ladder.relaxed_note(node)])
	ev := {"anchors": [c.subject | some c in an], "leaf_eku": [object.get(c, "ext_key_usage", []) | some c in lv]}
} else := {"status": "pass", "message": msg, "evidence": ev} if {
	_examined(an, lv, nts)
	good := array.concat(
		[sprintf("transport trust anchors [%s] are not public CAs", [concat(", ", [c.subject | some c in an])]) | count(an) > 0],
		[sprintf("the node certificate %q allows client and server authentication", [c.subject]) | some c in lv],
	)
	msg := sprintf("%s%s", [concat("; ", good), _note_text(an, lv, nts)])
	ev := {"anchors": [c.subject | some c in an], "leaf_eku": [object.get(c, "ext_key_usage", []) | some c in lv]}
} else := {"status": "unknown", "message": msg, "evidence": {"observed": "(no certificate evidence)", "expected": "private transport CA"}} if {
	not _examined(an, lv, nts)
	msg := sprintf("the transport certificates of %s were not examined: %s", [node.name, collector_error(node)])
}

_problems(an, lv, nts) := {p |
	some c in an
	c.well_known_ca
	p := sprintf("the transport trusts the public CA %q: anyone with a certificate from it can join", [c.subject])
} | {p |
	nts == 0
	p := "no truststore.path or certificate_authorities is set, so the transport trusts the JDK's public CAs"
} | {p |
	some c in lv
	not eku_ok(c)
	p := sprintf("the node certificate %q has Extended Key Usage [%s]: mutual TLS needs both clientAuth and serverAuth", [c.subject, concat(", ", c.ext_key_usage)])
}

_examined(an, _, _) if count(an) > 0

_examined(_, lv, _) if count(lv) > 0

_examined(_, _, 0)

_note_text(an, lv, nts) := sprintf(" (%s)", [concat("; ", notes)]) if {
	notes := array.concat(
		[n | count(an) == 0; nts > 0; n := "trust anchors not examined"],
		[n | count(lv) == 0; n := "node certificate not examined"],
	)
	count(notes) > 0
} else := ""

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
