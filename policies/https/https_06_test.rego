package essec.checks.https.https_06_test

import data.essec.checks.https.https_06
import data.essec.test.kibana_fixtures as f

tls := {"server.ssl.enabled": f.kset("true"), "server.ssl.certificate": f.kset("/etc/kibana/kb.crt"), "server.ssl.key": f.kset("/etc/kibana/kb.key")}

test_server_tls_passes if {
	f.only(https_06.results) == "pass" with input as f.doc("8.15.0", [], [f.kb("kb01", tls)])
}

test_tls_without_key_fails if {
	rs := https_06.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.ssl.enabled": f.kset("true")})])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_missing_key_file_fails if {
	kb := object.union(f.kb("kb01", tls), {"tls_material": [object.union(f.material("kibana.server", "key", []), {"setting": "server.ssl.key", "exists": false, "readable": false, "has_private_key": false})]})
	f.only(https_06.results) == "fail" with input as f.doc("8.15.0", [], [kb])
}

test_proxy_with_secure_cookies_passes if {
	kb := f.kb("kb01", {"server.publicBaseUrl": f.kset("https://kibana.example.com"), "xpack.security.secureCookies": f.kset("true")})
	f.only(https_06.results) == "pass" with input as f.doc("8.15.0", [], [kb])
}

test_proxy_without_secure_cookies_fails if {
	kb := f.kb("kb01", {"server.publicBaseUrl": f.kset("https://kibana.example.com")})
	f.only(https_06.results) == "fail" with input as f.doc("8.15.0", [], [kb])
}

test_plain_http_fails if {
	f.only(https_06.results) == "fail" with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.host": f.kset("0.0.0.0")})])
}

test_live_handshake_failure_fails if {
	kb := object.union(f.kb("kb01", tls), {"http": {"url": "https://kb:5601", "reachable": false, "tls": {"endpoint": "kb:5601", "speaks_tls": false, "error": "tls handshake with kb:5601: first record does not look like a TLS handshake", "plain_http_answered": true}}})
	f.only(https_06.results) == "fail" with input as f.doc("8.15.0", [], [kb])
}

test_live_only_tls_passes if {
	kb := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true, "tls": {"endpoint": "kb:5601", "speaks_tls": true}})
	f.only(https_06.results) == "pass" with input as f.doc("8.15.0", [], [kb])
}

test_live_only_plain_fails if {
	kb := f.kb_live("kb01", {"url": "http://kb:5601", "reachable": true})
	f.only(https_06.results) == "fail" with input as f.doc("8.15.0", [], [kb])
}

test_live_only_unreachable_unknown if {
	kb := f.kb_live("kb01", {"url": "https://kb:5601", "reachable": false, "error": "timeout"})
	f.only(https_06.results) == "unknown" with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	f.only(https_06.results) == "not_applicable" with input as f.doc("8.15.0", [], [])
}

# ---- Kibana server key material that did not open (issue 9, items 5 and 8)

kb_mats(key_extra) := [
	object.union(f.material("kibana.server", "key", []), object.union({"setting": "server.ssl.key", "path": "/etc/kibana/kb.key"}, key_extra)),
	object.union(f.material("kibana.server", "certificate", [f.cert(["kb01"], [])]), {"setting": "server.ssl.certificate", "path": "/etc/kibana/kb.crt"}),
]

kb_with(mats) := object.union(f.kb("kb01", tls), {"tls_material": mats})

test_encrypted_key_without_passphrase_fails if {
	rs := https_06.results with input as f.doc("8.15.0", [], [kb_with(kb_mats({"error": "encrypted key not decrypted: no passphrase is configured", "key_error": "encrypted-no-password"}))])
	f.only(rs) == "fail"
	some r in rs
	r.resource.kind == "kibana"
	r.resource.name == "kb01"
	contains(r.message, "no password is configured")
}

test_encrypted_key_with_locked_keystore_unknown if {
	kb := object.union(kb_with(kb_mats({"error": "encrypted key not decrypted: no passphrase is configured", "key_error": "encrypted-no-password"})), {"keystore": {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false, "entries": []}})
	rs := https_06.results with input as f.doc("8.15.0", [], [kb])
	f.only(rs) == "unknown"
	some r in rs
	r.resource.name == "kb01"
	contains(r.message, "may be in kibana.keystore")
}

test_wrong_key_passphrase_fails if {
	rs := https_06.results with input as f.doc("8.15.0", [], [kb_with(kb_mats({"error": "wrong password: the key passphrase from yaml (server.ssl.keyPassphrase) does not open it", "key_error": "wrong-password"}))])
	f.only(rs) == "fail"
	some r in rs
	r.resource.name == "kb01"
	contains(r.message, "wrong password")
}

test_key_mismatch_fails if {
	rs := https_06.results with input as f.doc("8.15.0", [], [kb_with(kb_mats({"key_matches_certificate": false, "key_error": "mismatch"}))])
	f.only(rs) == "fail"
	some r in rs
	r.resource.name == "kb01"
	contains(r.message, "does not belong to its certificate")
}

test_unreadable_key_file_unknown_not_pass if {
	rs := https_06.results with input as f.doc("8.15.0", [], [kb_with(kb_mats({"readable": false, "has_private_key": false, "error": "permission denied (essec cannot read the file; the service may run as another user)"}))])
	f.only(rs) == "unknown"
	some r in rs
	r.resource.name == "kb01"
	contains(r.message, "permission denied")
}
