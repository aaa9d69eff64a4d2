package essec.checks.hardening.hard_14_test

import data.essec.checks.hardening.hard_14
import data.essec.checks.hardening.testkit_test as t

creds(tokens, files) := {"service_account": "elastic/kibana", "count": count(tokens) + count(files), "tokens": tokens, "nodes_credentials": {"_nodes": {"total": 2, "successful": 2, "failed": 0}, "file_tokens": files}}

test_one_index_token_passes if {
	t.verdicts(hard_14.results) == {"pass cluster/d"} with input as t.live_doc("8.15.0", [], {"kibana_credentials": creds({"kibana-1": {}}, {})})
}

test_file_token_warns if {
	rs := hard_14.results with input as t.live_doc("8.15.0", [], {"kibana_credentials": creds({"audit-token-1": {}}, {"kibana-file-token": {"nodes": ["es01", "es02"]}})})
	t.verdicts(rs) == {"warn cluster/d"}
	some r in rs
	contains(r.message, "kibana-file-token (nodes es01, es02)")
}

test_several_index_tokens_warn if {
	t.verdicts(hard_14.results) == {"warn cluster/d"} with input as t.live_doc("8.15.0", [], {"kibana_credentials": creds({"a": {}, "b": {}, "c": {}}, {})})
}

test_service_tokens_file_warns if {
	n := t.with_(t.node({}), {"files": [{"path": "/etc/elasticsearch/service_tokens", "role": "service-tokens", "exists": true, "mode": "0660"}]})
	rs := hard_14.results with input as t.doc("8.15.0", [n])
	t.verdicts(rs) == {"warn node/es01"}
	some r in rs
	contains(r.message, "/etc/elasticsearch/service_tokens")
}

test_service_tokens_file_absent_passes if {
	n := t.with_(t.node({}), {"files": [{"path": "/etc/elasticsearch/service_tokens", "role": "service-tokens", "exists": false}]})
	t.verdicts(hard_14.results) == {"pass node/es01"} with input as t.doc("8.15.0", [n])
}

test_no_evidence_unknown if {
	rs := hard_14.results with input as t.doc("8.15.0", [t.node({})])
	t.verdicts(rs) == {"unknown cluster/d"}
	some r in rs
	contains(r.message, "--url")
}
