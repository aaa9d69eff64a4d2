package essec.checks.hardening.hard_22_test

import data.essec.checks.hardening.hard_22
import data.essec.checks.hardening.testkit_test as t

tls := {"xpack.security.transport.ssl.enabled": t.set("true")}

profile := {"transport.profiles.client.port": t.set("9500-9600")}

test_no_profile_not_applicable if {
	t.verdicts(hard_22.results) == {"not_applicable node/es01"} with input as t.doc("8.15.0", [t.node(tls)])
}

test_inheriting_profile_passes if {
	rs := hard_22.results with input as t.doc("8.15.0", [t.node(object.union(tls, profile))])
	t.verdicts(rs) == {"pass node/es01"}
	some r in rs
	r.setting == "transport.profiles.client"
}

test_profile_tls_off_fails if {
	rs := hard_22.results with input as t.doc("8.15.0", [t.node(object.union(tls, object.union(profile, {"transport.profiles.client.xpack.security.ssl.enabled": t.set("false")})))])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_profile_inherits_missing_tls_fails if {
	t.verdicts(hard_22.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node(profile)])
}

test_client_auth_none_fails if {
	t.verdicts(hard_22.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node(object.union(tls, object.union(profile, {"transport.profiles.client.xpack.security.ssl.client_authentication": t.set("none")})))])
}

test_client_auth_optional_warns if {
	t.verdicts(hard_22.results) == {"warn node/es01"} with input as t.doc("8.15.0", [t.node(object.union(tls, object.union(profile, {"transport.profiles.client.xpack.security.ssl.client_authentication": t.set("optional")})))])
}

test_verification_none_fails if {
	t.verdicts(hard_22.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.node(object.union(tls, object.union(profile, {"transport.profiles.client.xpack.security.ssl.verification_mode": t.set("none")})))])
}
