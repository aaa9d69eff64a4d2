# METADATA
# title: Password and credential-cache hashing not weakened
# description: |
#   xpack.security.authc.password_hashing.algorithm hashes the native
#   realm's stored passwords (default bcrypt, cost 10; pbkdf2_stretch in
#   FIPS mode); each realm's cache.hash_algo, the API key cache
#   (xpack.security.authc.api_key.cache.hash_algo), the service token cache
#   and xpack.security.authc.api_key.hashing.algorithm hash credentials
#   kept in memory or for API keys (default ssha256). Judged per node from
#   elasticsearch.yml (or, with only live evidence, from what
#   GET /_cluster/settings reports): a password hashing algorithm outside
#   the bcrypt and PBKDF2 families (noop, clear_text, ssha256, sha256, md5,
#   sha1) fails; tool policy: bcrypt with a cost below 10 or PBKDF2 with
#   fewer than 10000 iterations warns. A cache or API key hash of noop,
#   clear_text, md5 or sha1 fails; unsalted sha256 warns (tool policy);
#   ssha256, bcrypt and PBKDF2 pass. A node with none of these settings
#   passes (defaults).
# custom:
#   id: HARD-20
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: password-hashing-default
#   remediation_text: |
#     Remove the weak algorithm (the defaults are bcrypt and ssha256) or set
#     xpack.security.authc.password_hashing.algorithm: bcrypt (pbkdf2_stretch
#     under FIPS) and cache.hash_algo: ssha256. Changing the password hash
#     only applies to passwords set afterwards: have users reset them.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.hardening.hard_20

import data.essec.lib
import data.essec.lib.settings

password := "xpack.security.authc.password_hashing.algorithm"

cache_names(obj) := {n |
	some n in settings.settings_with_suffix(obj, ".cache.hash_algo")
	startswith(n, "xpack.security.authc.")
} | {n |
	n := "xpack.security.authc.api_key.hashing.algorithm"
	settings.has_setting(obj, n)
}

# password_verdict: [status, reason] for the password hashing algorithm.
password_verdict(v) := ["warn", sprintf("bcrypt cost %s is below the default 10", [m[1]])] if {
	m := regex.find_all_string_submatch_n(`^bcrypt([0-9]+)$`, v, 1)[0]
	to_number(m[1]) < 10
} else := ["warn", sprintf("%s iterations are below 10000", [m[1]])] if {
	m := regex.find_all_string_submatch_n(`^pbkdf2(?:_stretch)?_([0-9]+)$`, v, 1)[0]
	to_number(m[1]) < 10000
} else := ["pass", "a slow, salted password hash"] if {
	regex.match(`^(bcrypt[0-9]*|pbkdf2(_stretch)?(_[0-9]+)?)$`, v)
} else := ["fail", "not a password hash (only the bcrypt and PBKDF2 families are safe, and accepted)"]

cache_verdict(v) := ["fail", "stores credentials in clear or with a broken hash"] if v in {"noop", "clear_text", "md5", "sha1"}
else := ["warn", "an unsalted hash"] if v == "sha256"
else := ["pass", "a salted or slow hash"]

weak(obj) := object.union(
	{n: v |
		settings.has_setting(obj, password)
		n := password
		v := password_verdict(settings.lower_value(obj, n))
		v[0] != "pass"
	},
	{n: v |
		some n in cache_names(obj)
		v := cache_verdict(settings.lower_value(obj, n))
		v[0] != "pass"
	},
)

results contains lib.result_setting(v[0], settings.subject_resource(s, n), n, msg, {"observed": settings.value(s.obj, n), "expected": expected(n)}) if {
	some s in settings.static_subjects
	hashing_set(s.obj)
	some n, v in weak(s.obj)
	msg := sprintf("%s is %q (%s): %s; expected %s", [n, settings.value(s.obj, n), settings.where(s.obj, n), v[1], expected(n)])
}

expected(n) := "bcrypt (cost >= 10) or pbkdf2 (>= 10000 iterations)" if n == password
else := "ssha256 (default), bcrypt or pbkdf2"

# hashing_set: the subject sets a setting weak or the pass message reads
# (the password algorithm, the API key algorithm, a cache's hash_algo).
# Most subjects set none: they pass on the defaults without the calls
# weak and cache_names take.
default hashing_set(_) := false

hashing_set(obj) if obj.settings[password]

hashing_set(obj) if obj.settings["xpack.security.authc.api_key.hashing.algorithm"]

hashing_set(obj) if strings.any_suffix_match(object.keys(obj.settings), ".cache.hash_algo")

# (a node's resource, its file, and label written out)
results contains {"status": "pass", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": msg, "evidence": {"observed": [], "expected": "no weak hashing"}} if {
	some node in lib.nodes
	not hashing_set(node)
	msg := sprintf("password and cache hashing use the defaults (bcrypt, ssha256) on node %s", [node.name])
}

results contains {"status": "pass", "resource": settings.subject_plain_resource(s), "message": msg, "evidence": {"observed": [], "expected": "no weak hashing"}} if {
	some s in settings.static_subjects
	s.kind != "node"
	not hashing_set(s.obj)
	msg := sprintf("password and cache hashing use the defaults (bcrypt, ssha256) on %s", [settings.subject_label(s)])
}

results contains lib.result("pass", settings.subject_plain_resource(s), msg, {"observed": judged, "expected": "no weak hashing"}) if {
	some s in settings.static_subjects
	hashing_set(s.obj)
	count(weak(s.obj)) == 0
	judged := sort({n | some n in cache_names(s.obj)} | {n | n := password; settings.has_setting(s.obj, n)})
	msg := pass_message(s, judged)
}

pass_message(s, judged) := sprintf("password and cache hashing use the defaults (bcrypt, ssha256) on %s", [settings.subject_label(s)]) if count(judged) == 0
else := sprintf("%s: no weak algorithm on %s", [concat(", ", [sprintf("%s %q", [n, settings.value(s.obj, n)]) | some n in judged]), settings.subject_label(s)])

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
