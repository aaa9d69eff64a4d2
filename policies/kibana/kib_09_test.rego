package essec.checks.kibana.kib_09_test

import data.essec.checks.kibana.kib_09
import data.essec.test.kibana_fixtures as f

idle := "xpack.security.session.idleTimeout"

life := "xpack.security.session.lifespan"

test_explicit_bounded_passes if {
	f.verdicts(kib_09.results) == {"pass kibana/kb01"} with input as f.doc("7.17.9", [], [f.kb("kb01", {idle: f.kset("30m"), life: f.kset("7d")})])
}

test_defaults_on_8_pass if {
	rs := kib_09.results with input as f.doc("8.9.0", [], [f.kb("kb01", {})])
	count(rs) == 1
	f.verdicts(rs) == {"pass kibana/kb01"}
	some r in rs
	contains(r.message, "8h")
}

test_defaults_on_7_fail if {
	f.verdicts(kib_09.results) == {"fail kibana/kb01"} with input as f.doc("7.17.9", [], [f.kb("kb01", {})])
}

test_unknown_version_unknown if {
	f.verdicts(kib_09.results) == {"unknown kibana/kb01"} with input as f.doc("", [], [f.kb("kb01", {idle: f.kset("1h")})])
}

test_zero_fails_with_location if {
	rs := kib_09.results with input as f.doc("8.15.0", [], [f.kb("kb01", {life: f.kset_at("0", 40)})])
	count(rs) == 1
	f.verdicts(rs) == {"fail kibana/kb01"}
	some r in rs
	contains(r.message, "kibana.yml:40")
	contains(r.message, "never expire")
}

test_long_idle_warns if {
	f.verdicts(kib_09.results) == {"warn kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {idle: f.kset("7d")})])
}

test_provider_override_judged if {
	kb := f.kb("kb01", {"xpack.security.authc.providers.saml.saml1.session.idleTimeout": f.kset("0")})
	f.verdicts(kib_09.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [kb])
}

test_unparseable_fails if {
	f.verdicts(kib_09.results) == {"fail kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {idle: f.kset("forever")})])
}

test_milliseconds_accepted if {
	f.verdicts(kib_09.results) == {"pass kibana/kb01"} with input as f.doc("8.15.0", [], [f.kb("kb01", {idle: f.kset("3600000")})])
}

test_no_kibana_not_applicable if {
	f.verdicts(kib_09.results) == {"not_applicable cluster/d"} with input as f.doc("8.15.0", [], [])
}
