package essec.checks.hardening.hard_19_test

import data.essec.checks.hardening.hard_19
import data.essec.checks.hardening.testkit_test as t

test_restricted_passes if {
	rs := hard_19.results with input as t.doc("8.15.0", [t.node({"script.allowed_types": t.set("inline"), "script.allowed_contexts": t.setl(["score", "update"])})])
	t.verdicts(rs) == {"pass node/es01"}
	some r in rs
	contains(r.message, "elasticsearch.yml:7")
}

test_none_passes if {
	rs := hard_19.results with input as t.doc("8.15.0", [t.node({"script.allowed_types": t.set("none"), "script.allowed_contexts": t.set("none")})])
	t.verdicts(rs) == {"pass node/es01"}
}

test_unset_warns if {
	rs := hard_19.results with input as t.doc("8.15.0", [t.node({"script.allowed_types": t.set("inline")})])
	t.verdicts_of(rs, "script.allowed_contexts") == {"warn node/es01"}
	t.verdicts_of(rs, "script.allowed_types") == {"pass node/es01"}
}

test_live_only_defaults_warn if {
	d := t.live_doc("8.15.0", [], {"cluster_settings": {"persistent": {}, "transient": {}, "defaults": {"script.allowed_types": [], "script.allowed_contexts": []}}})
	t.verdicts(hard_19.results) == {"warn cluster/d"} with input as d
}

test_nothing_no_result if {
	count(hard_19.results) == 0 with input as t.doc("8.15.0", [])
}
