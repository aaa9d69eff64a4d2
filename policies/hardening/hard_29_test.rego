package essec.checks.hardening.hard_29_test

import data.essec.checks.hardening.hard_29
import data.essec.checks.hardening.testkit_test as t

with_entries(entries) := t.with_(t.node({}), {"keystore": t.keystore(entries, false)})

test_known_entries_pass if {
	rs := hard_29.results with input as t.doc("8.15.0", [with_entries([
		"keystore.seed", "bootstrap.password", "autoconfiguration.password_hash",
		"xpack.security.http.ssl.keystore.secure_password",
		"xpack.security.transport.ssl.truststore.secure_password",
		"transport.profiles.client.xpack.security.ssl.secure_key_passphrase",
		"xpack.security.authc.realms.ldap.ldap1.secure_bind_password",
		"xpack.security.authc.realms.oidc.oidc1.rp.client_secret",
		"xpack.security.authc.realms.jwt.jwt1.client_authentication.shared_secret",
		"xpack.security.authc.realms.saml.saml1.signing.keystore.secure_password",
		"xpack.notification.email.account.work.smtp.secure_password",
		"xpack.notification.slack.account.team.secure_url",
		"xpack.watcher.encryption_key",
		"xpack.monitoring.exporters.remote.auth.secure_password",
		"xpack.monitoring.exporters.remote.ssl.truststore.secure_password",
		"cluster.remote.dr.credentials",
		"s3.client.default.access_key", "s3.client.default.secret_key",
		"azure.client.default.account", "azure.client.default.sas_token",
		"gcs.client.default.credentials_file",
		"reindex.ssl.keystore.secure_password",
	])])
	t.statuses(rs) == {"pass"}
	some r in rs
	r.resource.kind == "keystore"
}

test_unknown_entry_warns if {
	rs := hard_29.results with input as t.doc("8.15.0", [with_entries(["keystore.seed", "xpack.security.http.ssl.keystore.password", "s3.client.default.acess_key"])])
	t.statuses(rs) == {"warn"}
	some r in rs
	contains(r.message, "s3.client.default.acess_key")
	contains(r.message, "xpack.security.http.ssl.keystore.password")
	not contains(r.message, "keystore.seed,")
}

test_no_keystore_not_applicable if {
	t.statuses(hard_29.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": {"path": "/x", "present": false}})])
}

test_locked_keystore_unknown if {
	ks := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false}
	t.statuses(hard_29.results) == {"unknown"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"keystore": ks})])
}

test_not_examined_unknown if {
	t.statuses(hard_29.results) == {"unknown"} with input as t.doc("8.15.0", [t.node({})])
}
