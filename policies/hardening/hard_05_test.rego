package essec.checks.hardening.hard_05_test

import data.essec.checks.hardening.hard_05
import data.essec.checks.hardening.testkit_test as t

pki := {"xpack.security.authc.realms.pki.pki1.order": t.set("1")}

test_no_pki_not_applicable if {
	t.verdicts(hard_05.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_disabled_pki_not_applicable if {
	s := object.union(pki, {"xpack.security.authc.realms.pki.pki1.enabled": t.set("false")})
	t.verdicts(hard_05.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node(s)])
}

test_pki_with_optional_client_auth_passes if {
	s := object.union(pki, {"xpack.security.http.ssl.enabled": t.set("true"), "xpack.security.http.ssl.client_authentication": t.set("optional")})
	rs := hard_05.results with input as t.doc("8.15.0", [t.node(s)])
	t.verdicts(rs) == {"pass node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_pki_without_client_auth_fails if {
	s := object.union(pki, {"xpack.security.http.ssl.enabled": t.set("true")})
	t.verdicts(hard_05.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node(s)])
}

test_pki_delegation_passes if {
	s := object.union(pki, {"xpack.security.authc.realms.pki.pki1.delegation.enabled": t.set("true")})
	t.verdicts(hard_05.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node(s)])
}
