package essec.checks.kibana.kib_12_test

import data.essec.checks.kibana.kib_12
import data.essec.test.kibana_fixtures as f

tls := {"server.ssl.enabled": f.kset("true")}

kbt(extra) := f.kb("kb01", object.union(tls, extra))

test_defaults_on_8_pass if {
	f.verdicts(kib_12.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [kbt({})])
}

test_explicit_strict_passes_on_7 if {
	kb := kbt({"server.ssl.supportedProtocols": f.klist(["TLSv1.2", "TLSv1.3"]), "server.ssl.cipherSuites": f.klist(["ECDHE-RSA-AES128-GCM-SHA256", "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5"])})
	f.verdicts(kib_12.results) == {"pass kibana/kb01"} with input as f.doc("7.17.9", [], [kb])
}

test_tls11_fails_with_location if {
	rs := kib_12.results with input as f.doc("8.15.0", [], [kbt({"server.ssl.supportedProtocols": f.klist(["TLSv1.1", "TLSv1.2"])})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:8")
	contains(r.message, "TLSv1.1")
}

test_weak_cipher_fails if {
	f.verdicts(kib_12.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kbt({"server.ssl.cipherSuites": f.klist(["ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA"])})])
	f.verdicts(kib_12.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kbt({"server.ssl.cipherSuites": f.klist(["HIGH:RC4-SHA"])})])
}

test_defaults_on_7_warn if {
	f.verdicts(kib_12.results) == {"warn kibana/kb01"} with input as f.doc("7.17.9", [], [kbt({})])
}

test_unknown_version_unknown if {
	f.verdicts(kib_12.results) == {"unknown kibana/kb01"} with input as f.doc("", [], [kbt({})])
}

test_no_server_tls_not_applicable if {
	f.verdicts(kib_12.results) == {"not_applicable kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_12.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}

test_compose_json_array_form if {
	p := {"value": "[\"TLSv1.1\",\"TLSv1.2\"]", "list": ["[\"TLSv1.1\"", "\"TLSv1.2\"]"], "source": "compose", "file": "/srv/docker-compose.yml", "line": 12}
	f.verdicts(kib_12.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kbt({"server.ssl.supportedProtocols": p})])
}
