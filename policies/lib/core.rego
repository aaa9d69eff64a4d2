# Core helpers shared by every check: results, resources, the components of
# the deployment and the answers of the live cluster. Topic helpers live in
# their own packages (see docs/policy-authoring.md):
#   essec.lib.settings   settings of a node or Kibana, live cluster settings
#   essec.lib.keystores  elasticsearch.keystore / kibana.keystore evidence
#   essec.lib.versions   versions, licences, whether security is on
#   essec.lib.tls        TLS settings, key material, certificates, vocabularies
#   essec.lib.network    bind addresses, host classes, URLs
#   essec.lib.shape      node counts, readable nodes, development/production mode
#   essec.lib.kibana     Kibana instances, live Kibana, encryption keys, verdicts
#   essec.lib.files      file modes
#   essec.lib.autosetup  marks of the 8.x security auto-configuration
#   essec.lib.ladder     how the cluster shape relaxes ladder verdicts
# Each name is defined in one package only (TestLibOneDefinition).
package essec.lib

# ---------------------------------------------------------------- results

# result builds one check result. status is pass, fail, warn, unknown or
# not_applicable; resource comes from node_resource, kibana_resource,
# cluster_resource or settings.subject_resource.
result(status, resource, message, evidence) := {
	"status": status,
	"resource": resource,
	"message": message,
	"evidence": evidence,
}

# result_setting is result with the setting the finding is about (part of
# the finding's fingerprint).
result_setting(status, resource, setting, message, evidence) := {
	"status": status,
	"resource": resource,
	"setting": setting,
	"message": message,
	"evidence": evidence,
}

# ---------------------------------------------------------------- resources

node_resource(node) := {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}

kibana_resource(kb) := {"kind": "kibana", "name": kb.name, "file": object.get(kb, "config_file", "")}

cluster_resource := {"kind": "cluster", "name": input.deployment.name, "endpoint": _cluster_endpoint}

# "cluster" is null without a live cluster: object.get on null is an error.
_cluster_endpoint := object.get(cluster, "endpoint", "") if is_object(cluster)
else := ""

# node_setting_resource / kibana_setting_resource point at the line of a
# setting when it is set, else at the component's config file.
# (each written out, not through a shared helper: a call costs more than
# building the object, and every setting check calls one per node)
node_setting_resource(node, name) := r if {
	s := node.settings[name]
	r := {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}
} else := {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}

kibana_setting_resource(kb, name) := r if {
	s := kb.settings[name]
	r := {"kind": "kibana", "name": kb.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}
} else := {"kind": "kibana", "name": kb.name, "file": object.get(kb, "config_file", "")}

# ---------------------------------------------------------------- components

# given_nodes are every node the user pointed at; nodes those whose
# configuration was read (readable is false when a node's directory, file
# or service was given but could not be read or parsed). Checks judge nodes;
# an unreadable node is unknown in every node check (unreadable_results).
given_nodes := arr(object.get(input.elasticsearch, "nodes", []))

nodes := [n | some n in given_nodes; not n.readable == false]

unreadable_nodes := [n | some n in given_nodes; n.readable == false]

given_kibanas := arr(object.get(input, "kibana", []))

kibanas := [k | some k in given_kibanas; not k.readable == false]

unreadable_kibanas := [k | some k in given_kibanas; k.readable == false]

# unreadable_reason says why a node or Kibana instance was not judged.
unreadable_reason(o) := sprintf("the configuration of %s could not be read (%s): this check cannot judge it", [o.name, concat("; ", errs)]) if {
	errs := [e.message | some e in arr(object.get(o, "errors", [])); object.get(e, "message", "") != ""]
	count(errs) > 0
} else := sprintf("the configuration of %s could not be read: this check cannot judge it", [o.name])

# unreadable_node_results / unreadable_kibana_results are the unknown
# results every node / Kibana check gives the components it could not read.
unreadable_node_results contains result("unknown", node_resource(n), unreadable_reason(n), {"readable": false}) if {
	some n in unreadable_nodes
}

unreadable_kibana_results contains result("unknown", kibana_resource(k), unreadable_reason(k), {"readable": false}) if {
	some k in unreadable_kibanas
}

# file_kibanas are the Kibana instances read from files or compose: an
# instance known only from --kibana-url (origin "live") has no settings,
# keystore or file evidence.
file_kibanas := [k | some k in kibanas; object.get(k, "origin", "") != "live"]

# components are the Elasticsearch nodes and file-backed Kibana instances;
# component_list holds them in document order (nodes first), cheaper to
# iterate than the set, which is sorted first.
component_list := array.concat([{"kind": "node", "obj": n} | some n in nodes], [{"kind": "kibana", "obj": k} | some k in file_kibanas])

components contains c if some c in component_list

component_resource(c) := node_resource(c.obj) if c.kind == "node"
else := kibana_resource(c.obj)

# ---------------------------------------------------------------- values

# arr turns null (an absent Go slice) into an empty array.
arr(x) := x if is_array(x)
else := []

# obj turns null (an absent Go map or pointer) into an empty object.
obj(x) := x if is_object(x)
else := {}

# names joins a set or array of strings for messages, sorted.
names(xs) := concat(", ", sort([x | some x in xs]))

# base is the last element of a slash-separated path.
base(path) := parts[count(parts) - 1] if {
	parts := split(path, "/")
}

# ---------------------------------------------------------------- live cluster

cluster := object.get(input.elasticsearch, "cluster", null)

live if {
	cluster != null
	cluster.reachable
}

# body is the decoded answer of an API call; undefined when it failed.
body(call) := cluster.bodies[call] if live

# call_error explains why an API call gave no evidence, for unknown messages.
call_error(call) := msg if {
	c := cluster.calls[call]
	c.error_class != ""
	msg := sprintf("%s failed (%s): %s", [c.path, c.error_class, c.error])
} else := msg if {
	live
	not cluster.bodies[call]
	msg := sprintf("the %s call gave no answer", [call])
} else := live_gap

# live_gap says why there is no live evidence at all, for unknown messages:
# no --url, or a cluster that could not be reached (with the reason).
live_gap := "no live cluster was audited (pass --url)" if cluster == null
else := msg if {
	not cluster.reachable
	msg := sprintf("the cluster could not be reached: %s", [object.get(cluster, "error", "no answer")])
} else := "the cluster gave no answer for it"
