# METADATA
# title: Transport key, certificate and trust configured and loadable
# description: |
#   A transport TLS configuration with missing or unreadable files stops the
#   node, and the ad-hoc fixes that follow tend to weaken trust. Judged per
#   node whose transport TLS is enabled (otherwise not_applicable: BAS-01
#   fails it), from elasticsearch.yml, elasticsearch.keystore, the TLS files
#   and GET /_ssl/certificates:
#   - key material: keystore.path, or key together with certificate;
#   - trust: truststore.path or certificate_authorities. Tool policy: no
#     explicit trust fails, because Elasticsearch then trusts the JDK's public
#     CAs plus the certificates of the key material;
#   - mutually exclusive pairs (keystore.path with key or certificate,
#     truststore.path with certificate_authorities, a plain password setting
#     with its secure_ twin in the keystore) fail: Elasticsearch refuses them;
#   - every referenced file exists, the key material holds a
#     private key and a certificate, the key matches the certificate, trust
#     files hold certificates;
#   - the node's own trust verifies its certificate: the collector's trust
#     result for context transport with trusted false fails, with its
#     reason. Every node of a cluster trusts the same CAs, so peers reject a
#     certificate the node's own anchors do not sign (another CA, a
#     self-signed leaf). A chain that fails only on expiry is still trusted
#     (HARD-06 judges expiry). Tool policy: this fails under
#     verification_mode none too (BAS-03 fails that), since restoring
#     verification would then split the cluster;
#   - a keystore.path or truststore.path file that could not be opened, with
#     no password available (no keystore.secure_password / truststore
#     .secure_password in a readable elasticsearch.keystore, nor the
#     deprecated plain setting), fails; a file opened with the empty password
#     (password_source "none") needs none. A wrong password fails (the
#     node would not start); key_error says so;
#   - a file essec could not read (permission denied: essec often runs as
#     another user than Elasticsearch; a symlink loop; not a regular file)
#     or whose key it could not open (an unsupported scheme) is unknown with
#     the reason, never "does not exist" and never a pass.
#   When the configuration is sound but the files were not examined, GET
#   /_ssl/certificates showing a certificate with its private key loaded from
#   the node's transport key file passes; otherwise the result is unknown
#   with what is missing. Not applicable in development mode.
# custom:
#   id: BAS-02
#   level: basic
#   severity: high
#   component: elasticsearch
#   remediation: transport-tls
#   remediation_text: |
#     Point xpack.security.transport.ssl.keystore.path (or key and
#     certificate) at the node's key and certificate, and truststore.path (or
#     certificate_authorities) at the cluster's CA; relative paths resolve
#     against the config directory and the files must be readable by the
#     elasticsearch user. Put passwords in elasticsearch.keystore
#     (xpack.security.transport.ssl.keystore.secure_password,
#     truststore.secure_password) and never set both a plain and a secure
#     variant. Restart the node.
#   requires: [F, K, C, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-ssl-certificates
package essec.checks.basic.bas_02

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.ladder
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

tp := tls.tp

ks := concat("", [tp, "keystore.path"])

ts := concat("", [tp, "truststore.path"])

key := concat("", [tp, "key"])

cert := concat("", [tp, "certificate"])

cas := concat("", [tp, "certificate_authorities"])

path_settings := [ks, ts, key, cert, cas]

# The same names as sets, for one lookup per material (`m.setting in [ks,
# key]` evaluates each element of the array at every material).
path_set := {ks, ts, key, cert, cas}

key_settings := {ks, key}

cert_settings := {ks, cert, ts, cas}

pair_settings := {ks, key, cert}

store_settings := {ks, ts}

secure_pairs := [
	["keystore.password", "keystore.secure_password"],
	["keystore.key_password", "keystore.secure_key_password"],
	["truststore.password", "truststore.secure_password"],
	["key_passphrase", "secure_key_passphrase"],
]

# store files and the settings holding their passwords
# secure_pairs with their full setting names, joined once rather than per node
secure_pair_settings := [{"pair": pair, "plain": concat("", [tp, pair[0]]), "secure": concat("", [tp, pair[1]])} | some pair in secure_pairs]

store_passwords := {ks: ["keystore.password", "keystore.secure_password"], ts: ["truststore.password", "truststore.secure_password"]}

# (settings.has_setting written out: a helper call costs more than the lookup)
has(node, name) if node.settings[name]

# ---------------------------------------------------------------- applicability

results contains lib.result("not_applicable", lib.cluster_resource, ladder.dev_mode_reason, {"observed": "loopback transport", "expected": "non-loopback transport"}) if {
	shape.dev_mode
	count(lib.nodes) == 0
}

results contains lib.result("not_applicable", lib.node_resource(node), ladder.dev_mode_reason, {"observed": network.transport_hosts(node), "expected": "non-loopback transport"}) if {
	shape.dev_mode
	some node in lib.nodes
}

# (tls.transport_tls written out; the call would be hoisted out of `not`
# if written inline, hence object.get)
results contains lib.result("not_applicable", lib.node_resource(node), "transport TLS is not enabled on this node (BAS-01 fails it): there is no key material to judge", {"observed": "transport TLS off", "expected": "transport TLS on"}) if {
	shape.judged_mode
	some node in lib.nodes
	not lower(trim_space(object.get(node, ["settings", "xpack.security.transport.ssl.enabled", "value"], ""))) == "true"
}

judged(node) if {
	shape.judged_mode
	tls.transport_tls(node)
}

# ---------------------------------------------------------------- problems

short(name) := substring(name, count(tp), -1)

password_available(node, name) if has(node, concat("", [tp, store_passwords[name][0]]))

password_available(node, name) if keystores.has(node, concat("", [tp, store_passwords[name][1]]))

problems(node) := {p |
	some p in config_problems(node)
} | {p |
	some p in file_problems(node)
} | {p |
	some p in trust_problems(node)
}

config_problems(node) := {p |
	has(node, ks)
	some other in [key, cert]
	has(node, other)
	p := sprintf("%s and %s are both set (mutually exclusive)", [short(ks), short(other)])
} | {p |
	has(node, ts)
	has(node, cas)
	p := sprintf("%s and %s are both set (mutually exclusive)", [short(ts), short(cas)])
} | {p |
	some sp in secure_pair_settings
	has(node, sp.plain)
	keystores.has(node, sp.secure)
	p := sprintf("%s is set in %s and %s is in the keystore (Elasticsearch refuses both)", [sp.pair[0], settings.where(node, sp.plain), sp.pair[1]])
} | {p |
	not has(node, ks)
	not has(node, key)
	not has(node, cert)
	p := "no key material: set keystore.path, or key and certificate"
} | {p |
	not has(node, ks)
	has(node, key)
	not has(node, cert)
	p := "key is set without certificate"
} | {p |
	not has(node, ks)
	has(node, cert)
	not has(node, key)
	p := "certificate is set without key"
} | {p |
	not has(node, ts)
	not has(node, cas)
	p := "no trust configured (truststore.path or certificate_authorities): Elasticsearch then trusts the JDK's public CAs plus the key material's certificates"
}

# tmats is the node's material for the transport's path settings. The loops
# below go over it, filtering on each material's setting, rather than over
# the node's material once per setting name (five passes over all of it).
tmats(node) := [m | some m in object.get(node, "tls_material", []); m.setting in {"xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.truststore.path", "xpack.security.transport.ssl.key", "xpack.security.transport.ssl.certificate", "xpack.security.transport.ssl.certificate_authorities"}]

# suspect is the material some problem or gap below may concern: a material
# that was read, opened without error and holds what its setting needs can
# be none of them, and a few lookups say so once instead of in each loop.
suspect(node) := [m | some m in tmats(node); not clearly_fine(m)]

clearly_fine(m) if {
	m.exists == true
	m.readable == true
	object.get(m, "error", "") == ""
	object.get(m, "key_error", "") == ""
	not m.key_matches_certificate == false
	holds_key(m)
	holds_certificate(m)
}

holds_key(m) if not key_settings[m.setting]

holds_key(m) if m.has_private_key == true

holds_certificate(m) if not cert_settings[m.setting]

holds_certificate(m) if count(object.get(m, "certificates", [])) > 0

file_problems(node) := {p |
	some m in suspect(node)
	m.exists == false
	p := sprintf("%s: %s does not exist", [short(m.setting), m.path])
} | {p |
	some m in suspect(node)
	opened_with_error(node, m)
	p := sprintf("%s: %s could not be opened: %s%s", [short(m.setting), m.path, m.error, password_hint(node, m)])
} | {p |
	some m in suspect(node)
	key_settings[m.setting]
	loaded(m)
	not m.has_private_key
	p := sprintf("%s: %s holds no private key", [short(m.setting), m.path])
} | {p |
	some m in suspect(node)
	cert_settings[m.setting]
	loaded(m)
	count(object.get(m, "certificates", [])) == 0
	p := sprintf("%s: %s holds no certificate", [short(m.setting), m.path])
} | {p |
	some m in suspect(node)
	pair_settings[m.setting]
	m.key_matches_certificate == false
	p := sprintf("%s: the private key does not match the certificate", [short(m.setting)])
}

# Peers verify the node's transport certificate with the anchors the node
# has too, so a certificate its own anchors do not sign is rejected.
trust_problems(node) := {p |
	some t in object.get(node, "trust", [])
	t.context == "transport"
	t.trusted == false
	p := sprintf("the node certificate %s is not trusted by the transport's own trust anchors: %s", [object.get(t, "leaf_path", "(unknown path)"), object.get(t, "reason", "untrusted")])
}

password_hint(node, m) := sprintf(" (no password available: add %s%s to elasticsearch.keystore)", [tp, store_passwords[m.setting][1]]) if {
	store_passwords[m.setting]
	not password_available(node, m.setting)
} else := ""

loaded(m) if {
	m.exists == true
	m.readable == true
	object.get(m, "error", "") == ""
}

# A file that exists and is readable but could not be opened is a problem
# when its password is known to be missing or present-but-wrong; when the
# keystore was not read, the password may be there (missing evidence).
opened_with_error(node, m) if {
	m.exists == true
	m.readable == true
	object.get(m, "error", "") != ""
	not password_gap(node, m)
	not essec_could_not_open(m)
}

password_gap(node, m) if {
	store_passwords[m.setting]
	not password_available(node, m.setting)
	not keystores.known(node)
}

# An encrypted PEM key whose passphrase may be in an unread keystore.
password_gap(node, m) if {
	m.setting == key
	object.get(m, "key_error", "") == "encrypted-no-password"
	not keystores.known(node)
}

# essec_could_not_open: the file uses a scheme essec cannot read, or its key
# could not be parsed here; whether Elasticsearch loads it is not known.
essec_could_not_open(m) if object.get(m, "key_error", "") in {"unsupported", "unreadable"}

# ---------------------------------------------------------------- missing evidence

missing(node) := {x |
	some name in path_settings
	has(node, name)
	not material_settings(node)[name]
	x := sprintf("%s (%s) was not examined", [short(name), settings.value(node, name)])
} | {x |
	some m in suspect(node)
	store_settings[m.setting]
	m.exists == true
	m.readable == true
	object.get(m, "error", "") != ""
	password_gap(node, m)
	x := sprintf("%s (%s) could not be opened and its password may be in elasticsearch.keystore: %s", [short(m.setting), m.path, keystores.gap(node)])
} | {x |
	some m in suspect(node)
	m.setting == key
	password_gap(node, m)
	x := sprintf("%s (%s) is encrypted and its passphrase may be in elasticsearch.keystore: %s", [short(m.setting), m.path, keystores.gap(node)])
} | {x |
	some m in suspect(node)
	m.exists == true
	m.readable == false
	x := sprintf("%s (%s) could not be read by essec: %s", [short(m.setting), m.path, object.get(m, "error", "no reason given")])
} | {x |
	some m in suspect(node)
	m.readable == true
	essec_could_not_open(m)
	x := sprintf("%s (%s) could not be opened by essec: %s", [short(m.setting), m.path, object.get(m, "error", "no reason given")])
}

# material_settings are the settings of the node's material (a setting
# without any was not examined).
material_settings(node) := {m.setting | some m in object.get(node, "tls_material", [])}

# GET /_ssl/certificates: a certificate with its private key loaded from the
# node's transport key file.
key_files(node) := {settings.value(node, name) | some name in [ks, cert]; has(node, name)}

live_key_loaded(node) if {
	some c in lib.body("ssl_certificates")
	c.has_private_key == true
	some f in key_files(node)
	path_match(c.path, f)
}

path_match(a, b) if a == b

path_match(a, b) if endswith(a, concat("", ["/", b]))

path_match(a, b) if endswith(b, concat("", ["/", a]))

# ---------------------------------------------------------------- results

# One rule per judged node, its verdict from verdict(node) (results built
# inline: a call of lib.result or lib.node_resource costs more than the
# object; docs/policy-authoring.md, Performance).
results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": v.message, "evidence": {"observed": v.observed, "expected": "key material and trust configured, files loadable"}} if {
	shape.judged_mode
	some node in lib.nodes
	lower(trim_space(node.settings["xpack.security.transport.ssl.enabled"].value)) == "true"
	v := verdict(node)
}

# verdict: a node in the common case (clean) passes, answered in a few
# lookups; anything else takes the full path (full_verdict), which gives the
# same answer for a clean node (bas_02_test.rego compares them).
verdict(node) := {"status": "pass", "message": sprintf("transport key material and trust are configured and load (%s)", [s]), "observed": s} if {
	clean(node)
	s := concat(", ", [sprintf("%s: %s", [p[1], node.settings[p[0]].value]) | some p in path_short; node.settings[p[0]]])
} else := full_verdict(node)

full_verdict(node) := {"status": "fail", "message": msg, "observed": ps} if {
	ps := problems(node)
	count(ps) > 0
	msg := sprintf("transport TLS material of %s: %s", [node.name, concat("; ", sort(ps))])
} else := {"status": "pass", "message": msg, "observed": summary(node)} if {
	count(problems(node)) == 0
	count(missing(node)) == 0
	msg := sprintf("transport key material and trust are configured and load (%s)", [summary(node)])
} else := {"status": "pass", "message": msg, "observed": summary(node)} if {
	count(problems(node)) == 0
	count(missing(node)) > 0
	live_key_loaded(node)
	msg := sprintf("transport key material and trust are configured (%s); the files were not examined here, but GET /_ssl/certificates shows the private key loaded", [summary(node)])
} else := {"status": "unknown", "message": msg, "observed": summary(node)} if {
	count(problems(node)) == 0
	count(missing(node)) > 0
	not live_key_loaded(node)
	msg := sprintf("transport key material and trust are configured (%s), but %s (run essec on the node's host, or pass --url)", [summary(node), concat("; ", sort(missing(node)))])
}

# path_short pairs each path setting with its short name, in path_settings
# order (summary's order).
path_short := [[name, short(name)] | some name in path_settings]

plain_password_settings := [sp.plain | some sp in secure_pair_settings]

# (setting names written as literals in clean and the form rules: a rule
# reference costs about five times a literal at each use)
# clean: problems(node) and missing(node) are empty, in lookups rather than
# their calls: one form of key material and of trust, no plain password
# setting, every set path setting with material, every material clearly
# fine (so suspect(node) is empty), and no untrusted transport chain.
clean(node) if {
	_key_form_ok(node)
	_trust_form_ok(node)
	count(object.filter(node.settings, plain_password_settings)) == 0
	tm := tmats(node)
	count(object.keys(object.filter(node.settings, ["xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.truststore.path", "xpack.security.transport.ssl.key", "xpack.security.transport.ssl.certificate", "xpack.security.transport.ssl.certificate_authorities"])) - {m.setting | some m in tm}) == 0
	count([m | some m in tm; m.exists == true; m.readable == true; object.get(m, "error", "") == ""; object.get(m, "key_error", "") == ""; not m.key_matches_certificate == false]) == count(tm)
	count([m | some m in tm; m.setting in {"xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.key"}; not m.has_private_key == true]) == 0
	count([m | some m in tm; m.setting in {"xpack.security.transport.ssl.keystore.path", "xpack.security.transport.ssl.certificate", "xpack.security.transport.ssl.truststore.path", "xpack.security.transport.ssl.certificate_authorities"}; count(object.get(m, "certificates", [])) == 0]) == 0
	count([t | some t in object.get(node, "trust", []); t.context == "transport"; t.trusted == false]) == 0
}

_key_form_ok(node) if {
	node.settings["xpack.security.transport.ssl.key"]
	node.settings["xpack.security.transport.ssl.certificate"]
	not node.settings["xpack.security.transport.ssl.keystore.path"]
}

_key_form_ok(node) if {
	node.settings["xpack.security.transport.ssl.keystore.path"]
	not node.settings["xpack.security.transport.ssl.key"]
	not node.settings["xpack.security.transport.ssl.certificate"]
}

_trust_form_ok(node) if {
	node.settings["xpack.security.transport.ssl.certificate_authorities"]
	not node.settings["xpack.security.transport.ssl.truststore.path"]
}

_trust_form_ok(node) if {
	node.settings["xpack.security.transport.ssl.truststore.path"]
	not node.settings["xpack.security.transport.ssl.certificate_authorities"]
}

summary(node) := concat(", ", [sprintf("%s: %s", [short(name), settings.value(node, name)]) | some name in path_settings; has(node, name)])

# ---------------------------------------------------------------- live only

live_paths := {v |
	some name in [ks, cert]
	v := lib.body("cluster_settings").defaults[name]
} | {v |
	some name in [ks, cert]
	v := lib.body("cluster_settings").persistent[name]
}

live_tls_on if lib.body("xpack_usage").security.ssl.transport.enabled == true

results contains lib.result("pass", lib.cluster_resource, msg, {"observed": "private key loaded", "expected": "private key loaded"}) if {
	count(lib.nodes) == 0
	shape.judged_mode
	live_tls_on
	some c in lib.body("ssl_certificates")
	c.has_private_key == true
	some p in live_paths
	path_match(c.path, p)
	msg := sprintf("GET /_ssl/certificates shows the transport certificate %s with its private key loaded from %s", [c.subject_dn, c.path])
}

results contains lib.result("fail", lib.cluster_resource, msg, {"observed": "no private key", "expected": "private key loaded"}) if {
	count(lib.nodes) == 0
	shape.judged_mode
	live_tls_on
	count(live_paths) > 0
	certs := lib.body("ssl_certificates")
	count([c | some c in certs; c.has_private_key == true; some p in live_paths; path_match(c.path, p)]) == 0
	msg := sprintf("GET /_ssl/certificates shows no private key loaded from the transport key material [%s]", [lib.names(live_paths)])
}

results contains lib.result("unknown", lib.cluster_resource, msg, {"observed": "(unknown)", "expected": "private key loaded"}) if {
	count(lib.nodes) == 0
	shape.judged_mode
	live_tls_on
	not live_judgeable
	msg := sprintf("the transport key material could not be identified from the live cluster (%s); pass the node's configuration directory", [lib.call_error("ssl_certificates")])
}

live_judgeable if {
	count(live_paths) > 0
	lib.body("ssl_certificates")
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A node could not be read and the nodes that were read would be a
# development-mode single node: whether basic applies is unknown.
results contains shape.shape_unknown_result if shape.dev_mode_undecided
