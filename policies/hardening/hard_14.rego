# METADATA
# title: Service tokens index-backed, unused ones removed
# description: |
#   Service account tokens never expire. Index-backed tokens (created with
#   the API) are the same on every node and can be listed and revoked in
#   one place; file-backed tokens (elasticsearch-service-tokens, stored in
#   config/service_tokens) must be copied to every node and are meant for
#   orchestrators. Live evidence (GET /_security/service/elastic/kibana/credential):
#   file tokens warn, naming the nodes; more than one index token for
#   elastic/kibana warns (Kibana uses one; the others are leftovers, except
#   briefly during a rotation); otherwise pass. File evidence, per node: an
#   existing service_tokens file warns (file-backed tokens are in use);
#   a service_tokens path examined and absent passes. Without either, the
#   result is unknown with the reason.
# custom:
#   id: HARD-14
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Create an index-backed token (POST
#     /_security/service/elastic/kibana/credential/token/<name>), give it to
#     Kibana (elasticsearch.serviceAccountToken in kibana.keystore), then
#     delete the file tokens (elasticsearch-service-tokens delete) and every
#     unused index token (DELETE .../credential/token/<name>).
#   requires: [A, F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/service-accounts
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/service-tokens-command
package essec.checks.hardening.hard_14

import data.essec.lib

creds := lib.body("kibana_credentials")

index_tokens := {name | some name, _ in object.get(creds, "tokens", {})}

file_tokens := {name: sort(object.get(v, "nodes", [])) |
	some name, v in object.get(lib.obj(object.get(creds, "nodes_credentials", {})), "file_tokens", {})
}

evidence := {"index_tokens": sort(index_tokens), "file_tokens": file_tokens}

results contains lib.result("warn", lib.cluster_resource, msg, evidence) if {
	count(file_tokens) > 0
	msg := sprintf("elastic/kibana has file-backed service tokens %s; expected index-backed tokens only", [concat(", ", [sprintf("%s (nodes %s)", [n, concat(", ", ns)]) | some n, ns in file_tokens])])
}

results contains lib.result("warn", lib.cluster_resource, msg, evidence) if {
	count(file_tokens) == 0
	count(index_tokens) > 1
	msg := sprintf("elastic/kibana has %d index-backed service tokens (%s); Kibana uses one: delete the unused ones (tokens never expire)", [count(index_tokens), lib.names(index_tokens)])
}

results contains lib.result("pass", lib.cluster_resource, msg, evidence) if {
	creds
	count(file_tokens) == 0
	count(index_tokens) <= 1
	msg := sprintf("elastic/kibana has %d index-backed service token(s) and no file-backed token", [count(index_tokens)])
}

# ---------------------------------------------------------------- files

token_files(node) := [f | some f in lib.arr(object.get(node, "files", [])); f.role == "service-tokens"]

results contains lib.result_setting("warn", lib.node_resource(node), "service_tokens", msg, {"observed": f.path, "expected": "no service_tokens file"}) if {
	some node in lib.nodes
	some f in token_files(node)
	object.get(f, "exists", true) == true
	msg := sprintf("%s exists: the node accepts file-backed service tokens; expected index-backed tokens only", [f.path])
}

results contains lib.result_setting("pass", lib.node_resource(node), "service_tokens", msg, {"observed": "(absent)", "expected": "no service_tokens file"}) if {
	some node in lib.nodes
	fs := token_files(node)
	count(fs) > 0
	every f in fs {
		f.exists == false
	}
	msg := sprintf("%s does not exist: no file-backed service tokens on this node", [fs[0].path])
}

file_evidence if {
	some node in lib.nodes
	count(token_files(node)) > 0
}

results contains lib.result("unknown", lib.cluster_resource, msg, {}) if {
	not creds
	not file_evidence
	msg := sprintf("the elastic/kibana service tokens cannot be listed: %s; and no node's service_tokens file was examined", [lib.call_error("kibana_credentials")])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
