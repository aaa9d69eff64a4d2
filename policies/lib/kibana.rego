# Kibana: instances and whether their configuration was read, what their
# live endpoint answered, verdicts built from several reasons, the three
# encryption keys, response headers and durations.
package essec.lib.kibana

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.settings

# ---------------------------------------------------------------- instances

no_kibana if count(lib.given_kibanas) == 0

# no_kibana_result is the single result a Kibana check gives a deployment
# that has no Kibana instance.
no_kibana_result := lib.result("not_applicable", lib.cluster_resource, "no Kibana instance in this deployment", {"kibana_instances": 0})

# has_config is true when the instance's kibana.yml or compose environment
# was read; an instance known only from --kibana-url has no file evidence.
has_config(kb) if object.get(kb, "config_file", "") != ""

has_config(kb) if count(settings.all(kb)) > 0

has_config(kb) if is_object(object.get(kb, "compose", null))

no_config_reason(kb) := sprintf("the configuration of Kibana %s was not read (pass its config directory or kibana.yml)", [kb.name])

# config_name names the file settings were read from, for messages.
config_name(kb) := lib.base(kb.config_file) if object.get(kb, "config_file", "") != ""

else := lib.base(kb.compose.file) if is_object(object.get(kb, "compose", null))

else := "kibana.yml"

# ---------------------------------------------------------------- settings

# secret_in_keystore: the setting's value comes from kibana.keystore.
secret_in_keystore(kb, name) if keystores.has(kb, name)

# ---------------------------------------------------------------- TLS served

ssl_enabled(kb) if settings.is_true(kb, "server.ssl.enabled")

public_base_url(kb) := trim_space(settings.all(kb)["server.publicBaseUrl"].value)

public_base_https(kb) if startswith(lower(public_base_url(kb)), "https://")

secure_cookies(kb) if settings.is_true(kb, "xpack.security.secureCookies")

# cookies_secure: Kibana marks its session cookie Secure.
cookies_secure(kb) if ssl_enabled(kb)

cookies_secure(kb) if secure_cookies(kb)

# ---------------------------------------------------------------- live Kibana

reachable(kb) if kb.http.reachable == true

live_https(kb) if {
	reachable(kb)
	startswith(lower(kb.http.url), "https://")
}

# headers are the live response headers with lower-case names; undefined
# without a reachable --kibana-url.
headers(kb) := {lower(k): v | some k, v in lib.obj(kb.http.headers)} if reachable(kb)

has_headers(kb) if count(headers(kb)) > 0

live_tls(kb) := kb.http.tls if is_object(kb.http.tls)

# live_tls_ok: the live TLS probe completed a handshake. (Write
# "not live_tls_ok(kb)", never "not live_tls(kb).speaks_tls": a negated
# reference into a call result is false when the call is undefined.)
live_tls_ok(kb) if live_tls(kb).speaks_tls == true

# serves_tls: users reach this instance over TLS, by Kibana itself or by a
# proxy (an https publicBaseUrl or an https --kibana-url).
serves_tls(kb) if ssl_enabled(kb)

serves_tls(kb) if public_base_https(kb)

serves_tls(kb) if live_https(kb)

serves_tls(kb) if live_tls_ok(kb)

# ---------------------------------------------------------------- verdicts

# verdict folds the reasons found for one resource into one status:
# fail > unknown > warn > pass. The message leads with the reasons behind the
# status and lists the lesser findings after "also:".
verdict(fails, unknowns, warns, passes) := {"status": "fail", "message": _msg(fails, array.concat(sort(unknowns), sort(warns)))} if count(fails) > 0

else := {"status": "unknown", "message": _msg(unknowns, sort(warns))} if count(unknowns) > 0

else := {"status": "warn", "message": _msg(warns, [])} if count(warns) > 0

else := {"status": "pass", "message": _msg(passes, [])} if count(passes) > 0

else := {"status": "unknown", "message": "no evidence was found to judge this resource"}

_msg(main, rest) := "no weakness found" if count(main) == 0

else := concat("; ", sort(main)) if count(rest) == 0

else := sprintf("%s; also: %s", [concat("; ", sort(main)), concat("; ", rest)])

# ---------------------------------------------------------------- encryption keys

security_key := "xpack.security.encryptionKey"

eso_key := "xpack.encryptedSavedObjects.encryptionKey"

reporting_key := "xpack.reporting.encryptionKey"

encryption_keys := [security_key, eso_key, reporting_key]

reporting_disabled(kb) if settings.is_false(kb, "xpack.reporting.enabled")

# key_applies: the reporting key does not matter where reporting is off.
key_applies(kb, name) if name != reporting_key

key_applies(kb, name) if {
	name == reporting_key
	not reporting_disabled(kb)
}

# key_state describes an encryption key of one instance without its value:
# where it is kept, its length (-1 when not measured) and its digest ("" when
# unknown). Kibana merges kibana.keystore over kibana.yml, so the keystore
# entry wins when both hold the key.
key_state(kb, name) := {
	"found": true,
	"in_keystore": true,
	"where": keystores.name(kb),
	"length": object.get(lib.obj(object.get(kb.keystore, "entry_lengths", {})), name, -1),
	"digest": object.get(lib.obj(object.get(kb.keystore, "entry_digests", {})), name, ""),
	"placeholder": false,
	"unresolved": false,
	"reference": false,
	"clear_text": false,
} if keystores.has(kb, name)

else := {
	"found": true,
	"in_keystore": false,
	"where": settings.where(kb, name),
	"length": _setting_length(s),
	"digest": object.get(s, "digest", ""),
	"placeholder": object.get(s, "placeholder", false) == true,
	"unresolved": object.get(s, "unresolved", false) == true,
	"reference": object.get(s, "reference", false) == true,
	"clear_text": _clear_text_bool(s),
} if {
	s := settings.all(kb)[name]
}

else := {"found": false}

_clear_text_bool(s) if settings.clear_text(s)

else := false

_setting_length(s) := -1 if s.unresolved == true

else := s.length if is_number(s.length)

else := 0 if s.secret == true

else := count(s.value) if is_string(s.value)

else := -1

key_found(kb, name) if key_state(kb, name).found == true

# key_value_id identifies a key's value for comparisons across instances:
# its digest, "absent" when the instance has no key (Kibana then makes up a
# random one), undefined when unknown.
key_value_id(kb, name) := st.digest if {
	st := key_state(kb, name)
	st.found
	st.digest != ""
}

key_value_id(kb, name) := "absent" if {
	not key_found(kb, name)
	not keystores.locked(kb)
}

# ---------------------------------------------------------------- durations

# duration_ms parses a Kibana duration ("30m", "8h", "3d", or milliseconds
# as a plain number); undefined when it cannot be parsed.
duration_ms(v) := to_number(s) if {
	s := trim_space(v)
	regex.match(`^[0-9]+$`, s)
} else := ms if {
	parts := regex.find_all_string_submatch_n(`^([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h|d|w|M|Y|y)$`, trim_space(v), 1)
	count(parts) == 1
	ms := to_number(parts[0][1]) * _unit_ms[parts[0][2]]
}

_unit_ms := {
	"ms": 1,
	"s": 1000,
	"m": 60000,
	"h": 3600000,
	"d": 86400000,
	"w": 604800000,
	"M": 2592000000,
	"Y": 31536000000,
	"y": 31536000000,
}

day_ms := 86400000

# ---------------------------------------------------------------- KIB-01..03

# key_verdict judges encryption key name on instance i (kb): missing is the
# status of an absent key ("fail" or "warn"), consequence says what Kibana
# does without it.
key_verdict(i, kb, name, missing, consequence) := verdict(fails, unknowns, warns, passes) if {
	st := key_state(kb, name)
	absent := {m | m := _key_missing(kb, name, st, consequence)}
	fails := {m | some c in ["placeholder", "short", "differs"]; m := _key_fail(i, kb, name, st, c)} | {m | missing == "fail"; some m in absent}
	warns := {m | m := _key_warn(kb, name, st)} | {m | missing == "warn"; some m in absent}
	unknowns := {m | m := _key_unknown(kb, name, st)}
	passes := {m | m := _key_pass(i, kb, name, st)}
}

# key_evidence describes the key without its value.
key_evidence(kb, name) := {"stored": st.where, "in_keystore": st.in_keystore, "length": st.length, "expected": "at least 32 characters, in kibana.keystore, identical on every instance"} if {
	st := key_state(kb, name)
	st.found
} else := {"stored": "(absent)", "expected": "at least 32 characters, in kibana.keystore, identical on every instance"}

_key_missing(kb, name, st, consequence) := sprintf("%s is set neither in %s nor in kibana.keystore%s: %s; expected a random key of at least 32 characters in kibana.keystore", [name, config_name(kb), _ks_note(kb), consequence]) if {
	not st.found
	not keystores.locked(kb)
}

_ks_note(kb) := " (no kibana.keystore was examined)" if not keystores.examined(kb)

else := " (there is no kibana.keystore)" if not kb.keystore.present == true

else := ""

_key_unknown(kb, name, st) := sprintf("%s is not in %s and %s", [name, config_name(kb), keystores.locked_reason(kb)]) if {
	not st.found
	keystores.locked(kb)
}

_key_unknown(kb, name, st) := sprintf("%s (%s) references an environment variable that had no value when essec ran: its length and value cannot be judged", [name, st.where]) if {
	st.found
	st.unresolved
}

_key_unknown(kb, name, st) := sprintf("%s is in %s but its length was not measured", [name, st.where]) if {
	st.found
	not st.unresolved
	st.length < 0
}

_key_fail(_, kb, name, st, "placeholder") := sprintf("%s (%s) is a well-known example value; expected a random key", [name, st.where]) if {
	st.found
	st.placeholder
}

_key_fail(_, kb, name, st, "short") := sprintf("%s (%s) is %d characters long; expected at least 32", [name, st.where, st.length]) if {
	st.found
	st.length >= 0
	st.length < 32
}

_key_fail(i, kb, name, st, "differs") := sprintf("%s (%s) differs from the key of Kibana %v; expected the same key on every instance", [name, st.where, sort(others)]) if {
	st.found
	st.digest != ""
	others := {kb2.name |
		some j, kb2 in lib.kibanas
		j != i
		key_applies(kb2, name)
		id := key_value_id(kb2, name)
		id != "absent"
		id != st.digest
	}
	count(others) > 0
}

_key_warn(kb, name, st) := sprintf("%s is written in clear text in %s; expected it in kibana.keystore (bin/kibana-keystore add %s)", [name, st.where, name]) if {
	st.found
	st.clear_text
}

_key_pass(i, kb, name, st) := sprintf("%s is set (%s, %d characters)%s", [name, st.where, st.length, _shared_note(i, kb, name, st)]) if {
	st.found
	st.length >= 0
}

_shared_note(i, kb, name, st) := sprintf(", identical on Kibana %v", [sort(same)]) if {
	st.digest != ""
	same := {kb2.name |
		some j, kb2 in lib.kibanas
		j != i
		key_value_id(kb2, name) == st.digest
	}
	count(same) > 0
} else := ""

# ---------------------------------------------------------------- response headers

# custom_header is the value server.customResponseHeaders sets for a header
# (names compared case-insensitively); undefined when not set.
custom_header(kb, header) := settings.all(kb)[n].value if {
	some n, _ in settings.all(kb)
	startswith(n, "server.customResponseHeaders.")
	lower(trim_prefix(n, "server.customResponseHeaders.")) == header
}

custom_header_setting(kb, header) := n if {
	some n, _ in settings.all(kb)
	startswith(n, "server.customResponseHeaders.")
	lower(trim_prefix(n, "server.customResponseHeaders.")) == header
}

# hsts_max_age is the max-age of a Strict-Transport-Security value.
hsts_max_age(v) := to_number(m[0][1]) if {
	m := regex.find_all_string_submatch_n(`(?i)max-age\s*=\s*"?([0-9]+)`, v, 1)
	count(m) == 1
}

# live_source says where live headers were read, for messages.
live_source(kb) := sprintf("the live answer of %s", [kb.http.url])

# csp_sources normalises CSP source expressions: lower case, without quotes.
csp_sources(l) := [trim(lower(trim_space(x)), "'\"[]") | some item in l; some x in split(item, " "); trim_space(x) != ""]

# csp_directive is the source list of one directive of a live
# Content-Security-Policy header; undefined when the directive is absent.
# (Browsers use the first occurrence of a repeated directive.)
csp_directive(csp, name) := found[0] if {
	found := [sources |
		some d in split(csp, ";")
		words := [w | some w in split(trim_space(d), " "); w != ""]
		count(words) > 0
		lower(words[0]) == name
		sources := csp_sources(array.slice(words, 1, count(words)))
	]
	count(found) > 0
}

# wide_source: a CSP source that admits any host.
wide_source(s) if s in {"*", "http:", "https:", "http://*", "https://*"}


# ---------------------------------------------------------------- credentials

# keystore_known: kibana.keystore entries are known, or there is no
# kibana.keystore (a missing or uncollected Kibana keystore holds nothing).
keystore_known(kb) if keystores.readable(kb)

keystore_known(kb) if object.get(kb, "keystore", null) == null

keystore_known(kb) if keystores.absent(kb)

# kb_set: name is set for kb in kibana.yml / compose or in kibana.keystore.
kb_set(kb, name) if settings.has_setting(kb, name)

kb_set(kb, name) if keystores.has(kb, name)

# kb_place describes where a Kibana setting lives, for messages.
kb_place(kb, name) := sprintf("kibana.yml and kibana.keystore (%s)", [settings.where(kb, name)]) if {
	settings.has_setting(kb, name)
	keystores.has(kb, name)
} else := settings.where(kb, name) if {
	settings.has_setting(kb, name)
} else := "kibana.keystore" if {
	keystores.has(kb, name)
}
