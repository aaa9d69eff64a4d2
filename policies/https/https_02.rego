# METADATA
# title: HTTP key material configured and loadable, its password in the keystore
# description: |
#   With HTTP TLS on, each node needs a private key and certificate for the
#   REST layer: xpack.security.http.ssl.keystore.path (PKCS#12 or JKS) or
#   xpack.security.http.ssl.key with .certificate (PEM), never both.
#   Judged per node where HTTP TLS is enabled (elsewhere not_applicable:
#   HTTPS-01 reports it). Fails when no material or both forms are
#   configured, a named file is missing, holds no private key or
#   certificate, or the key does not belong to the certificate, when the
#   key material does not open (a wrong password, or an encrypted key or
#   store with no password while the keystore's entries are known), and when a
#   password is written in clear text in elasticsearch.yml
#   (keystore.password, keystore.key_password, key_passphrase,
#   truststore.password) instead of its secure_ variant in
#   elasticsearch.keystore. Unknown when a file could not be read, essec
#   could not open its key material (unsupported or unparsable), an
#   encrypted key's password may be in a keystore that was not read, or the
#   keystore is locked so the password's place cannot be told. Key material
#   that did not open never passes. Tool policy:
#   a PKCS#12 file that opens without a password passes (file protection is
#   HARD-11's business). With a live cluster, GET /_ssl/certificates entries
#   whose path is a node's HTTP key material are judged on the cluster:
#   has_private_key true passes.
# custom:
#   id: HTTPS-02
#   level: https
#   severity: high
#   component: elasticsearch
#   remediation: http-tls
#   remediation_text: |
#     Set either xpack.security.http.ssl.keystore.path (http.p12 from
#     elasticsearch-certutil http) or xpack.security.http.ssl.key and
#     xpack.security.http.ssl.certificate; make sure the files exist and are
#     readable by the elasticsearch user; move any password from
#     elasticsearch.yml to the keystore
#     (bin/elasticsearch-keystore add xpack.security.http.ssl.keystore.secure_password,
#     or ...secure_key_passphrase for an encrypted PEM key) and restart.
#   requires: [F, K, C, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
#     - https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-ssl-certificates
package essec.checks.https.https_02

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.kibana
import data.essec.lib.settings
import data.essec.lib.tls

prefix := "xpack.security.http.ssl."

ks_path := "xpack.security.http.ssl.keystore.path"

key := "xpack.security.http.ssl.key"

crt := "xpack.security.http.ssl.certificate"

plain_passwords := ["keystore.password", "keystore.key_password", "key_passphrase", "truststore.password"]

# plain_passwords with the prefix, joined once rather than per node
plain_password_settings := [concat("", [prefix, suffix]) | some suffix in plain_passwords]

# (results built inline, the lookups of settings.is_true and
# lib.node_resource written out: this check runs per node, and a call costs
# more than the lookup; docs/policy-authoring.md, Performance)
results contains {"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": "HTTP TLS is not enabled on this node, so it uses no HTTP key material (HTTPS-01 reports it)", "evidence": {"observed": object.get(node.settings, ["xpack.security.http.ssl.enabled", "value"], "(absent)"), "expected": "true"}} if {
	some node in lib.nodes
	not lower(trim_space(object.get(node, ["settings", "xpack.security.http.ssl.enabled", "value"], ""))) == "true"
}

results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": v.message, "evidence": {"keystore_path": object.get(node.settings, ["xpack.security.http.ssl.keystore.path", "value"], ""), "certificate": object.get(node.settings, ["xpack.security.http.ssl.certificate", "value"], ""), "key": object.get(node.settings, ["xpack.security.http.ssl.key", "value"], "")}} if {
	some node in lib.nodes
	lower(trim_space(node.settings["xpack.security.http.ssl.enabled"].value)) == "true"
	v := _verdict(node)
}

# _verdict: a node in the common case (one form of key material, every file
# read and holding what its role needs, no clear-text password) passes,
# answered in a few lookups; anything else takes the full path, which gives
# the same answer for the common case (https_02_test.rego compares them).
_verdict(node) := {"status": "pass", "message": concat("; ", sort(passes))} if {
	mats := _mats(node)
	_clean(node, mats)
	passes := {_material_pass(mats)} | {p | p := _password_pass(node, mats)}
} else := _full_verdict(node)

_full_verdict(node) := kibana.verdict(fails, unknowns, set(), _passes(node)) if {
	fails := {m | some c in _checks; m := _fail(node, c)}
	unknowns := {m | some c in _checks; m := _unknown(node, c)}
}

_checks := ["form", "files", "keys", "passwords"]

# (tls.material written out)
_mats(node) := [m | some m in object.get(node, "tls_material", []); m.context == "http"; m.role in {"keystore", "certificate", "key"}]

# _clean: none of the _fail or _unknown rules can fire for the node.
_clean(node, mats) if {
	every m in mats {
		_fine(m)
	}
	_form_ok(node, mats)
	count(object.filter(node.settings, plain_password_settings)) == 0
}

# _fine is _clearly_fine for the three roles of _mats, one body per role.
_fine(m) if {
	m.role == "key"
	m.exists == true
	m.readable == true
	not m.key_error
	not m.key_matches_certificate == false
	m.has_private_key == true
}

_fine(m) if {
	m.role == "certificate"
	m.exists == true
	m.readable == true
	not m.key_error
	not m.key_matches_certificate == false
	count(m.certificates) > 0
}

_fine(m) if {
	m.role == "keystore"
	m.exists == true
	m.readable == true
	not m.key_error
	not m.key_matches_certificate == false
	m.has_private_key == true
	count(m.certificates) > 0
}

# (setting names as literals on the common path: a rule reference costs
# about five times a literal at each use)
# _form_ok: one form, with material for each setting of it (no "form"
# failure or unknown; with the keystore form, a readable keystore file
# also rules out the "passwords" unknown).
_form_ok(node, mats) if {
	not node.settings["xpack.security.http.ssl.keystore.path"]
	node.settings["xpack.security.http.ssl.key"]
	node.settings["xpack.security.http.ssl.certificate"]
	roles := {m.role | some m in mats}
	roles.key
	roles.certificate
}

_form_ok(node, mats) if {
	node.settings["xpack.security.http.ssl.keystore.path"]
	not node.settings["xpack.security.http.ssl.key"]
	not node.settings["xpack.security.http.ssl.certificate"]
	some m in mats
	m.role == "keystore"
}

# ---- configuration form

_fail(node, "form") := sprintf("HTTP TLS is enabled but no key material is configured: set %s, or %s and %s (Elasticsearch refuses to start)", [ks_path, key, crt]) if {
	not settings.has_setting(node, ks_path)
	not settings.has_setting(node, key)
	not settings.has_setting(node, crt)
}

_fail(node, "form") := sprintf("%s (%s) and %s are mutually exclusive (Elasticsearch refuses to start); expected one form", [ks_path, settings.where(node, ks_path), key]) if {
	settings.has_setting(node, ks_path)
	settings.has_setting(node, key)
}

_fail(node, "form") := sprintf("%s is set (%s) without %s; expected both", [key, settings.where(node, key), crt]) if {
	not settings.has_setting(node, ks_path)
	settings.has_setting(node, key)
	not settings.has_setting(node, crt)
}

_fail(node, "form") := sprintf("%s is set (%s) without %s; expected both", [crt, settings.where(node, crt), key]) if {
	not settings.has_setting(node, ks_path)
	not settings.has_setting(node, key)
	settings.has_setting(node, crt)
}

# ---- the files

_fail(node, "files") := concat("; ", sort(problems)) if {
	problems := {p |
		some mat in _mats(node)
		some p in _file_problems(node, mat)
	}
	count(problems) > 0
}

# _file_problems lists everything wrong with one file (a set: a keystore can
# lack both its key and its certificate).
_file_problems(node, m) := set() if _clearly_fine(m)
else := {p | some kind in _problem_kinds; p := _file_problem(node, m, kind)}

# _clearly_fine: a material none of the _file_problem rules can fire for
# (read, no key error, no mismatch, holding what its role needs), answered
# in a few lookups instead of six calls; anything else takes the full path.
_clearly_fine(m) if {
	m.exists == true
	m.readable == true
	not m.key_error
	not m.key_matches_certificate == false
	_holds_key(m)
	_holds_certificate(m)
}

_holds_key(m) if not m.role in {"keystore", "key"}

_holds_key(m) if m.has_private_key == true

_holds_certificate(m) if not m.role in {"keystore", "certificate"}

_holds_certificate(m) if count(lib.arr(m.certificates)) > 0

_problem_kinds := ["missing", "no_key", "no_certificate", "mismatch", "wrong_password", "no_password"]

_file_problem(_, m, "missing") := sprintf("%s (%s) does not exist", [m.path, m.setting]) if m.exists == false

_file_problem(_, m, "no_key") := sprintf("%s (%s) holds no private key", [m.path, m.setting]) if {
	m.exists == true
	m.readable == true
	m.role in {"keystore", "key"}
	not m.has_private_key == true
	not tls.key_not_opened(m)
}

_file_problem(_, m, "no_certificate") := sprintf("%s (%s) holds no certificate", [m.path, m.setting]) if {
	m.exists == true
	m.readable == true
	m.role in {"keystore", "certificate"}
	count(lib.arr(m.certificates)) == 0
	not tls.key_not_opened(m)
}

_file_problem(_, m, "mismatch") := sprintf("the private key in %s does not belong to its certificate", [m.path]) if m.key_matches_certificate == false

# The node refuses to start with a password that does not open its key.
_file_problem(_, m, "wrong_password") := sprintf("%s (%s) could not be opened, wrong password: %s; Elasticsearch cannot load it", [m.path, m.setting, object.get(m, "error", "")]) if {
	m.key_error == "wrong-password"
}

# Encrypted, and no password anywhere essec could see: when the keystore's
# entries are known, none is there either.
_file_problem(node, m, "no_password") := sprintf("%s (%s) is encrypted and no password is configured (%s is not in elasticsearch.keystore); Elasticsearch cannot load it", [m.path, m.setting, _password_setting(m)]) if {
	m.key_error == "encrypted-no-password"
	not keystores.password_may_hide(node)
}

_password_setting(m) := "xpack.security.http.ssl.secure_key_passphrase" if m.role == "key"

else := "xpack.security.http.ssl.keystore.secure_password"

_unknown(node, "keys") := concat("; ", sort(reasons)) if {
	reasons := {r |
		some m in _mats(node)
		r := _key_unknown(node, m)
	}
	count(reasons) > 0
}

_key_unknown(node, m) := sprintf("%s (%s) is encrypted and its password may be in elasticsearch.keystore, which could not be read (%s)", [m.path, m.setting, keystores.locked_reason(node)]) if {
	m.key_error == "encrypted-no-password"
	keystores.locked(node)
}

_key_unknown(node, m) := sprintf("%s (%s) is encrypted and the node's elasticsearch.keystore was not examined, so whether its password is there is unknown", [m.path, m.setting]) if {
	m.key_error == "encrypted-no-password"
	not is_object(object.get(node, "keystore", null))
}

_key_unknown(_, m) := sprintf("%s (%s) could not be opened by essec, so whether Elasticsearch can load it is unknown: %s", [m.path, m.setting, object.get(m, "error", "")]) if {
	m.key_error in {"unsupported", "unreadable"}
}

_unknown(node, "files") := concat("; ", sort(reasons)) if {
	reasons := {r |
		some m in _mats(node)
		m.exists == true
		not m.readable == true
		r := sprintf("%s (%s) could not be read: %s", [m.path, m.setting, object.get(m, "error", "")])
	}
	count(reasons) > 0
}

_unknown(node, "form") := concat("; ", sort(missing)) if {
	missing := {sprintf("%s is set (%s) but essec has no evidence about the file", [s, settings.where(node, s)]) |
		some s in [ks_path, key, crt]
		settings.has_setting(node, s)
		not _has_material_for(node, s)
	}
	count(missing) > 0
}

_has_material_for(node, s) if {
	some m in _mats(node)
	m.setting == s
}

_has_material_for(node, "xpack.security.http.ssl.keystore.path") if {
	some m in _mats(node)
	m.role == "keystore"
}

_has_material_for(node, "xpack.security.http.ssl.key") if {
	some m in _mats(node)
	m.role == "key"
}

_has_material_for(node, "xpack.security.http.ssl.certificate") if {
	some m in _mats(node)
	m.role == "certificate"
}

# ---- passwords

_fail(node, "passwords") := concat("; ", sort(found)) if {
	found := {sprintf("%s is written in clear text in %s; expected %s in elasticsearch.keystore", [n, settings.where(node, n), _secure_name(n)]) |
		some n in plain_password_settings
		settings.has_setting(node, n)
	}
	count(found) > 0
}

_secure_name(n) := replace(n, "key_passphrase", "secure_key_passphrase") if endswith(n, "key_passphrase")

else := replace(n, ".password", ".secure_password") if endswith(n, ".password")

else := replace(n, ".key_password", ".secure_key_password")

_unknown(node, "passwords") := sprintf("%s is set and the keystore cannot be listed (%s), so where its password is kept cannot be told", [ks_path, keystores.locked_reason(node)]) if {
	settings.has_setting(node, ks_path)
	keystores.locked(node)
	not settings.has_setting(node, "xpack.security.http.ssl.keystore.password")
	not _opened(node)
}

_opened(node) if {
	some m in _mats(node)
	m.role == "keystore"
	m.readable == true
}

# ---- pass reasons

_passes(node) := {m | some c in ["material", "password"]; m := _pass(node, c)}

# _material_pass / _password_pass are _pass's two reasons for a node on the
# common path (keystores.has written out).
_material_pass(mats) := sprintf("HTTP key material configured (%s) and loadable", [concat(", ", sort({m.path | some m in mats}))])

_password_pass(node, mats) := "its password is in elasticsearch.keystore" if {
	node.keystore.present
	node.keystore.decrypted
	some e in node.keystore.entries
	e in {"xpack.security.http.ssl.keystore.secure_password", "xpack.security.http.ssl.secure_key_passphrase"}
} else := "it opens without a password" if {
	some m in mats
	m.readable == true
	object.get(m, "password_source", "") in {"", "none"}
}

_pass(node, "material") := sprintf("HTTP key material configured (%s) and loadable", [concat(", ", sort(paths))]) if {
	paths := {m.path | some m in _mats(node)}
	count(paths) > 0
} else := "HTTP key material configured"

_pass(node, "password") := "its password is in elasticsearch.keystore" if {
	some n in ["xpack.security.http.ssl.keystore.secure_password", "xpack.security.http.ssl.secure_key_passphrase"]
	keystores.has(node, n)
} else := "it opens without a password" if {
	some m in _mats(node)
	m.readable == true
	object.get(m, "password_source", "") in {"", "none"}
}

# ---- live: GET /_ssl/certificates

_http_paths := {v |
	some node in lib.nodes
	some s in [ks_path, crt]
	v := node.settings[s].value
}

_live_entries := [e |
	some e in lib.body("ssl_certificates")
	some v in _http_paths
	_same_path(e.path, v)
]

_same_path(a, b) if a == b

_same_path(a, b) if endswith(a, concat("", ["/", b]))

_same_path(a, b) if endswith(b, concat("", ["/", a]))

# one result on the cluster: each HTTP key path listed must have an entry
# with its private key (a PKCS#12 file also lists its CA, without a key)
_live_paths := {e.path | some e in _live_entries}

_keyless := {p | some p in _live_paths; not _has_key(p)}

_has_key(p) if {
	some e in _live_entries
	e.path == p
	e.has_private_key == true
}

results contains lib.result("pass", lib.cluster_resource, msg, {"observed": sort(_live_paths), "expected": "private key loaded"}) if {
	count(_live_paths) > 0
	count(_keyless) == 0
	msg := sprintf("GET /_ssl/certificates lists %v with its private key", [sort(_live_paths)])
}

results contains lib.result("fail", lib.cluster_resource, msg, {"observed": sort(_keyless), "expected": "private key loaded"}) if {
	count(_keyless) > 0
	msg := sprintf("GET /_ssl/certificates lists %v without a private key; expected the HTTP key to be loaded", [sort(_keyless)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
