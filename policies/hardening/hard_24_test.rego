package essec.checks.hardening.hard_24_test

import data.essec.checks.hardening.hard_24
import data.essec.checks.hardening.testkit_test as t

secret := {"value": "", "list": [], "source": "file", "file": t.yml, "line": 9, "secret": true, "length": 12}

test_no_realm_not_applicable if {
	t.statuses(hard_24.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_realm_without_plain_secret_passes if {
	t.statuses(hard_24.results) == {"pass"} with input as t.doc("8.15.0", [t.node({"xpack.security.authc.realms.ldap.l1.url": t.set("ldaps://ldap")})])
}

test_custom_secret_visible_fails if {
	rs := hard_24.results with input as t.doc("8.15.0", [t.node({"xpack.security.authc.realms.custom.c1.api_password": secret})])
	t.statuses(rs) == {"fail"}
	some r in rs
	contains(r.message, "elasticsearch.yml:9")
	not contains(r.message, "\"\"")
}

test_bind_password_warns if {
	t.statuses(hard_24.results) == {"warn"} with input as t.doc("8.15.0", [t.node({"xpack.security.authc.realms.ldap.l1.bind_password": secret})])
}

test_hide_settings_pattern_warns if {
	rs := hard_24.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.authc.realms.custom.c1.api_password": secret,
		"xpack.security.hide_settings": t.setl(["xpack.security.authc.realms.custom.*.api_password"]),
	})])
	t.statuses(rs) == {"warn"}
}

# The secure_ variant lives in elasticsearch.keystore (the collectors never
# report a keystore entry as a setting); the realm's file settings hold no secret.
test_secret_in_keystore_passes if {
	n := t.with_(t.node({"xpack.security.authc.realms.ldap.l1.url": t.set("ldaps://ldap.example.com:636")}), {"keystore": {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "decrypted": true, "entries": ["xpack.security.authc.realms.ldap.l1.secure_bind_password"]}})
	rs := hard_24.results with input as t.doc("8.15.0", [n])
	t.statuses(rs) == {"pass"}
	[r | some r in rs][0].resource.name == "es01"
}
