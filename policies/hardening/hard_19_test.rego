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

# A setting left empty restricts nothing: it warns as an unset one does,
# with the same message and the setting's line as resource.
test_empty_setting_warns_like_unset if {
	rs := hard_19.results with input as t.doc("8.15.0", [t.node({"script.allowed_types": t.setl([" "])})])
	some r in rs
	r.setting == "script.allowed_types"
	r.status == "warn"
	r.message == "script.allowed_types is not set (node es01): every script type (inline and stored) is allowed; expected the types or contexts in use, or none"
	r.resource == {"kind": "node", "name": "es01", "file": t.yml, "line": 8}
	some u in rs
	u.setting == "script.allowed_contexts"
	u.message == "script.allowed_contexts is not set (node es01): every script context is allowed; expected the types or contexts in use, or none"
	u.resource == {"kind": "node", "name": "es01", "file": t.yml}
	u.evidence == {"observed": "(unset)", "expected": "an explicit list or none"}
}
