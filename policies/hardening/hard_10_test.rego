package essec.checks.hardening.hard_10_test

import data.essec.checks.hardening.hard_10
import data.essec.checks.hardening.testkit_test as t

test_not_required_not_applicable if {
	t.verdicts(hard_10.results) == {"not_applicable cluster/d"} with input as t.doc("8.15.0", [t.node({})])
}

test_required_and_on_passes if {
	t.verdicts(hard_10.results) == {"pass node/es01"} with input as t.fips_doc("8.15.0", [t.node({"xpack.security.fips_mode.enabled": t.set("true")})])
}

test_required_and_off_fails if {
	rs := hard_10.results with input as t.fips_doc("8.15.0", [t.node({"xpack.security.fips_mode.enabled": t.set("false")})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_required_and_absent_fails if {
	t.verdicts(hard_10.results) == {"fail node/es01"} with input as t.fips_doc("8.15.0", [t.node({})])
}

test_fips_with_bcrypt_fails if {
	rs := hard_10.results with input as t.fips_doc("8.15.0", [t.node({"xpack.security.fips_mode.enabled": t.set("true"), "xpack.security.authc.password_hashing.algorithm": t.set("bcrypt")})])
	t.verdicts_of(rs, "xpack.security.authc.password_hashing.algorithm") == {"fail node/es01"}
}

test_live_usage_off_fails if {
	d := object.union(t.live_doc("8.15.0", [], {"xpack_usage": {"security": {"enabled": true, "fips_140": {"enabled": false}}}}), {"context": object.union(t.ctx, {"fips_required": true})})
	t.verdicts(hard_10.results) == {"fail cluster/d"} with input as d
}
