package essec.checks.hardening.hard_03_test

import data.essec.checks.hardening.hard_03
import data.essec.checks.hardening.testkit_test as t

tls_on := {"xpack.security.http.ssl.enabled": t.set("true")}

test_default_passes if {
	t.verdicts(hard_03.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node(tls_on)])
}

test_no_tls_not_applicable if {
	t.verdicts(hard_03.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_rc4_and_3des_fail if {
	rs := hard_03.results with input as t.doc("8.15.0", [t.node(object.union(tls_on, {"xpack.security.http.ssl.cipher_suites": t.setl([
		"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
		"TLS_RSA_WITH_3DES_EDE_CBC_SHA",
		"SSL_RSA_WITH_RC4_128_SHA",
	])}))])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "TLS_RSA_WITH_3DES_EDE_CBC_SHA")
	not contains(r.message, "AES_256_GCM")
	contains(r.message, "elasticsearch.yml:8")
}

test_strong_list_passes if {
	rs := hard_03.results with input as t.doc("8.15.0", [t.node(object.union(tls_on, {"xpack.security.transport.ssl.cipher_suites": t.setl(["TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"])}))])
	t.verdicts(rs) == {"pass node/es01"}
}

test_anon_fails if {
	rs := hard_03.results with input as t.doc("8.15.0", [t.node(object.union(tls_on, {"xpack.security.transport.ssl.cipher_suites": t.setl(["TLS_DH_anon_WITH_AES_128_GCM_SHA256"])}))])
	t.verdicts(rs) == {"fail node/es01"}
}

test_kibana_openssl_exclusions_pass if {
	kb := t.kibana({"server.ssl.cipherSuites": t.ksetl(["ECDHE-RSA-AES128-GCM-SHA256", "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5"])})
	t.verdicts(hard_03.results) == {"pass kibana/kb01"} with input as t.doc_kb("8.15.0", [], [kb])
}

test_kibana_weak_fails if {
	kb := t.kibana({"server.ssl.cipherSuites": t.ksetl(["ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA", "LOW"])})
	t.verdicts(hard_03.results) == {"fail kibana/kb01"} with input as t.doc_kb("8.15.0", [], [kb])
}

# A node that sets no cipher_suites passes with TLS on, whole result.
test_unset_with_tls_passes_whole_result if {
	rs := hard_03.results with input as t.doc("8.15.0", [t.node({"xpack.security.http.ssl.enabled": t.set("true")})])
	rs == {{"status": "pass", "resource": {"kind": "node", "name": "es01", "file": t.yml}, "message": "no *.ssl.cipher_suites is set; the JDK's default suites are used, all of them strong", "evidence": {"observed": "(default)", "expected": "no NULL, EXPORT, RC4, DES/3DES, anonymous or MD5 suites"}}}
}
