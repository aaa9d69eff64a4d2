package essec.checks.hardening.hard_18_test

import data.essec.checks.hardening.hard_18
import data.essec.checks.hardening.testkit_test as t

s := "action.destructive_requires_name"

test_absent_8x_passes if {
	t.verdicts(hard_18.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_absent_7x_fails if {
	t.verdicts(hard_18.results) == {"fail node/es01"} with input as t.doc("7.17.9", [t.node({})])
}

test_absent_unknown_version_unknown if {
	t.verdicts(hard_18.results) == {"unknown node/es01"} with input as t.doc("", [t.node({})])
}

test_false_fails if {
	rs := hard_18.results with input as t.doc("8.15.0", [t.node({s: t.set("false")})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_true_on_7x_passes if {
	t.verdicts(hard_18.results) == {"pass node/es01"} with input as t.doc("7.17.9", [t.node({s: t.set("true")})])
}

test_live_persistent_overrides_file if {
	d := t.live_doc("7.17.9", [t.node({})], {"cluster_settings": {"persistent": {s: "true"}, "transient": {}, "defaults": {}}})
	rs := hard_18.results with input as d
	t.verdicts(rs) == {"pass cluster/d"}
	count(rs) == 1
}

test_live_transient_false_fails if {
	d := t.live_doc("8.15.0", [t.node({})], {"cluster_settings": {"persistent": {s: "true"}, "transient": {s: "false"}, "defaults": {}}})
	rs := hard_18.results with input as d
	t.verdicts(rs) == {"fail cluster/d"}
	some r in rs
	contains(r.message, "transient")
}

test_live_only_defaults if {
	d := t.live_doc("7.17.9", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {s: "false"}}})
	t.verdicts(hard_18.results) == {"fail cluster/d"} with input as d
}
