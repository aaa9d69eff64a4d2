package essec.checks.kibana.kib_16_test

import data.essec.checks.kibana.kib_16
import data.essec.test.kibana_fixtures as f

pair := {"elasticsearch.ssl.certificate": f.kset("/etc/kibana/client.crt"), "elasticsearch.ssl.key": f.kset("/etc/kibana/client.key")}

test_no_client_certificate_passes if {
	f.verdicts(kib_16.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_pair_passes if {
	f.verdicts(kib_16.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", pair)])
}

test_certificate_without_key_fails_with_location if {
	rs := kib_16.results with input as f.doc("8.15.0", [], [f.kb("kb01", {"elasticsearch.ssl.certificate": f.kset("/etc/kibana/client.crt")})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:7")
}

test_clear_text_passphrase_fails if {
	kb := f.kb("kb01", object.union(pair, {"elasticsearch.ssl.keyPassphrase": f.ksecret(12, "p")}))
	f.verdicts(kib_16.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_passphrase_in_keystore_passes if {
	kb := f.kb_ks("kb01", pair, {"elasticsearch.ssl.keyPassphrase": [12, "p"]})
	f.verdicts(kib_16.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_always_present_with_pki_realm_fails if {
	kb := f.kb("kb01", object.union(pair, {"elasticsearch.ssl.alwaysPresentCertificate": f.kset("true")}))
	es := f.node("es01", {"xpack.security.authc.realms.pki.pki1.order": f.eset("1")})
	f.verdicts(kib_16.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [es], [kb])
	f.verdicts(kib_16.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [f.node("es01", {})], [kb])
	f.verdicts(kib_16.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_live_pki_realm_fails if {
	kb := f.kb("kb01", object.union(pair, {"elasticsearch.ssl.alwaysPresentCertificate": f.kset("true")}))
	d := f.with_cluster(f.doc("8.15.0", [], [kb]), f.cluster({"xpack_usage": {"security": {"realms": {"pki": {"available": true, "enabled": true}}}}}, []))
	f.verdicts(kib_16.results) == {"fail kibana/kb01"} with input as d
}

test_live_only_unknown if {
	f.verdicts(kib_16.results) == {"unknown kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_16.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
