# METADATA
# title: No setting or compose service defined twice
# description: |
#   Elasticsearch refuses to start when elasticsearch.yml defines a setting
#   twice (Jackson rejects the duplicate key), Kibana refuses a kibana.yml
#   with a duplicated key (js-yaml), and docker compose refuses a file that
#   names a service twice. Every other check judged such a file by one of
#   the two values, which is not a configuration that runs. Judged per
#   Elasticsearch node and Kibana instance read from files or compose, from
#   the collector's duplicate problems (collection errors of kind
#   "duplicate" in the component's configuration file): any fails, naming
#   the lines; none passes. A component whose configuration could not be
#   read is unknown; with no configuration file at all (live only) the
#   check is not applicable. Tool policy: the same setting reached in two
#   forms (nested and dotted) is reported as a collection error but not
#   judged here, as the products' handling differs by version.
# custom:
#   id: HARD-30
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Keep one definition of each setting in elasticsearch.yml / kibana.yml
#     (the lines are in the finding) and one entry per service name in the
#     compose file, then restart.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/deploy/self-managed/configure-elasticsearch
#     - https://docs.docker.com/reference/compose-file/services/
package essec.checks.hardening.hard_30

import data.essec.lib

config_file(c) := object.get(c.obj, "config_file", "")

# any_judged: some component has a configuration file to judge.
any_judged if {
	some c in lib.component_list
	object.get(c.obj, "config_file", "") != ""
}

# duplicates of one component: the document's collection errors about its
# configuration file, and its own errors.
duplicates(c) := {d |
	some e in array.concat(lib.arr(object.get(input, "collection_errors", [])), lib.arr(object.get(c.obj, "errors", [])))
	object.get(e, "kind", "") == "duplicate"
	object.get(e, "file", "") == config_file(c)
	d := sprintf("line %d: %s", [object.get(e, "line", 0), e.message])
}

# clean: the indexes (in lib.component_list) of the components without
# duplicates on their face: no duplicate among the document's collection
# errors and no error of their own. Nearly every component is one: they
# pass without a call of duplicates each.
doc_duplicates := [e | some e in lib.arr(object.get(input, "collection_errors", [])); object.get(e, "kind", "") == "duplicate"]

clean := {i |
	count(doc_duplicates) == 0
	some i, c in lib.component_list
	object.get(c.obj, "errors", null) in {null, []}
}

results contains lib.result("fail", lib.component_resource(c), msg, {"observed": sort(ds), "expected": "each setting and service defined once"}) if {
	some i, c in lib.component_list
	not clean[i]
	f := object.get(c.obj, "config_file", "")
	f != ""
	ds := duplicates(c)
	count(ds) > 0
	msg := sprintf("%s defines something twice, so the product refuses it: %s", [f, concat("; ", sort(ds))])
}

results contains {"status": "pass", "resource": {"kind": c.kind, "name": c.obj.name, "file": f}, "message": msg, "evidence": {"observed": "no duplicates", "expected": "each setting and service defined once"}} if {
	some i, c in lib.component_list
	f := object.get(c.obj, "config_file", "")
	f != ""
	no_duplicates(i, c)
	msg := sprintf("%s defines each setting once", [f])
}

no_duplicates(i, _) if clean[i]

no_duplicates(i, c) if {
	not clean[i]
	count(duplicates(c)) == 0
}

results contains r if some r in lib.unreadable_node_results

results contains r if some r in lib.unreadable_kibana_results

results contains lib.result("not_applicable", lib.cluster_resource, "no Elasticsearch or Kibana configuration file was read (live evidence only)", {}) if {
	not any_judged
	count(lib.unreadable_nodes) + count(lib.unreadable_kibanas) == 0
}
