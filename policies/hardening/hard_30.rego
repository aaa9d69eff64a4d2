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

judged contains c if {
	some c in lib.component_list
	config_file(c) != ""
}

# duplicates of one component: the document's collection errors about its
# configuration file, and its own errors.
duplicates(c) := {d |
	some e in array.concat(lib.arr(object.get(input, "collection_errors", [])), lib.arr(object.get(c.obj, "errors", [])))
	object.get(e, "kind", "") == "duplicate"
	object.get(e, "file", "") == config_file(c)
	d := sprintf("line %d: %s", [object.get(e, "line", 0), e.message])
}

results contains lib.result("fail", lib.component_resource(c), msg, {"observed": sort(ds), "expected": "each setting and service defined once"}) if {
	some c in judged
	ds := duplicates(c)
	count(ds) > 0
	msg := sprintf("%s defines something twice, so the product refuses it: %s", [config_file(c), concat("; ", sort(ds))])
}

results contains lib.result("pass", lib.component_resource(c), msg, {"observed": "no duplicates", "expected": "each setting and service defined once"}) if {
	some c in judged
	count(duplicates(c)) == 0
	msg := sprintf("%s defines each setting once", [config_file(c)])
}

results contains r if some r in lib.unreadable_node_results

results contains r if some r in lib.unreadable_kibana_results

results contains lib.result("not_applicable", lib.cluster_resource, "no Elasticsearch or Kibana configuration file was read (live evidence only)", {}) if {
	count(judged) == 0
	count(lib.unreadable_nodes) + count(lib.unreadable_kibanas) == 0
}
