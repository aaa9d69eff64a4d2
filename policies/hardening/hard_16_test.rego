package essec.checks.hardening.hard_16_test

import data.essec.checks.hardening.hard_16
import data.essec.checks.hardening.testkit_test as t

test_unused_not_applicable if {
	t.statuses(hard_16.results) == {"not_applicable"} with input as t.doc("8.15.0", [t.node({})])
}

test_deny_all_passes if {
	rs := hard_16.results with input as t.doc("8.15.0", [t.node({
		"xpack.security.http.filter.allow": t.setl(["10.0.0.0/8"]),
		"xpack.security.http.filter.deny": t.set("_all"),
	})])
	t.statuses(rs) == {"pass"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_allow_without_deny_fails if {
	rs := hard_16.results with input as t.doc("8.15.0", [t.node({"xpack.security.transport.filter.allow": t.setl(["10.0.0.0/8"])})])
	t.status_of(rs, "xpack.security.transport.filter") == {"fail"}
}

test_deny_list_warns if {
	t.statuses(hard_16.results) == {"warn"} with input as t.doc("8.15.0", [t.node({"xpack.security.http.filter.deny": t.setl(["192.168.1.66"])})])
}

test_profile_filter_judged if {
	rs := hard_16.results with input as t.doc("8.15.0", [t.node({"transport.profiles.client.xpack.security.filter.allow": t.setl(["10.1.0.0/16"])})])
	t.status_of(rs, "transport.profiles.client.xpack.security.filter") == {"fail"}
}

test_live_dynamic_rules_judged if {
	d := t.live_doc("8.15.0", [t.node({})], {"cluster_settings": {"persistent": {"xpack.security.http.filter.allow": ["10.0.0.0/8"], "xpack.security.http.filter.deny": "_all"}, "transient": {}, "defaults": {}}})
	rs := hard_16.results with input as d
	t.statuses(rs) == {"pass", "not_applicable"}
	some r in rs
	r.resource.kind == "cluster"
}

test_live_only_empty_defaults_not_applicable if {
	d := t.live_doc("8.15.0", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {"xpack.security.http.filter.allow": [], "xpack.security.http.filter.deny": []}}})
	t.statuses(hard_16.results) == {"not_applicable"} with input as d
}

# A node with settings but no filter rule is not applicable; a profile's
# filter is still found behind the one-builtin shortcut.
test_shortcut_keeps_profile_filters if {
	quiet := hard_16.results with input as t.doc("8.15.0", [t.node({"network.host": t.set("10.0.0.1")})])
	t.verdicts(quiet) == {"not_applicable node/es01"}
	rs := hard_16.results with input as t.doc("8.15.0", [t.node({"transport.profiles.client.xpack.security.filter.deny": t.set("_all"), "transport.profiles.client.port": t.set("9500")})])
	some r in rs
	r.setting == "transport.profiles.client.xpack.security.filter"
	r.status == "pass"
}
