# METADATA
# title: Kibana encryption keys identical across instances
# description: |
#   Kibana instances of one deployment share the session index and the saved
#   objects, so xpack.security.encryptionKey,
#   xpack.encryptedSavedObjects.encryptionKey and
#   xpack.reporting.encryptionKey must hold the same value on every instance:
#   otherwise sessions break when a load balancer switches instance, and
#   saved objects or report jobs written by one instance cannot be decrypted
#   by another. Judged once per key on the deployment, comparing the keys'
#   digests (from kibana.yml, the compose environment or kibana.keystore;
#   never the values). An instance without the key makes up a random one,
#   so it always differs. Fails when two instances differ; unknown when no
#   difference is seen but some instance's key could not be compared (locked
#   keystore, unresolved ${VAR}, kibana.yml not read); passes when every
#   instance holds the same key. not_applicable without Kibana, with a
#   single instance, or for the reporting key when fewer than two instances
#   run reporting. KIB-01..03 judge each instance's key on its own.
# custom:
#   id: DRIFT-03
#   level: kibana
#   severity: high
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Pick one value per key (bin/kibana-encryption-keys generate), store it
#     in kibana.keystore on every instance (bin/kibana-keystore add <key>) and
#     restart the instances. Changing the session key logs users out; to
#     replace a saved-objects key keep the old one in
#     xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/using-kibana-with-security
#     - https://www.elastic.co/docs/deploy-manage/security/secure-saved-objects
package essec.checks.drift.drift_03

import data.essec.lib
import data.essec.lib.kibana

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("not_applicable", lib.cluster_resource, "only one Kibana instance in this deployment: there is nothing to compare", {"kibana_instances": 1}) if {
	count(lib.kibanas) == 1
}

results contains lib.result_setting(v.status, lib.cluster_resource, name, v.message, v.evidence) if {
	count(lib.kibanas) > 1
	some name in kibana.encryption_keys
	v := _judge(name)
}

_considered(name) := [kb | some kb in lib.kibanas; kibana.key_applies(kb, name)]

# instance name -> digest or "absent", for instances whose key is known
_ids(name) := {kb.name: id | some kb in _considered(name); kibana.has_config(kb); id := kibana.key_value_id(kb, name)}

_unknown(name) := {kb.name | some kb in _considered(name); not _ids(name)[kb.name]}

_differs(name) if {
	ids := _ids(name)
	count(ids) >= 2
	distinct := {id | some id in ids}
	count(distinct) > 1
}

_differs(name) if {
	ids := _ids(name)
	count(ids) >= 2
	some id in ids
	id == "absent"
}

_judge(name) := {"status": "not_applicable", "message": sprintf("fewer than two Kibana instances run reporting, so %s is not compared", [name]), "evidence": {}} if {
	count(_considered(name)) < 2
} else := {"status": "fail", "message": msg, "evidence": ev} if {
	_differs(name)
	ids := _ids(name)
	absent := sort({n | some n, id in ids; id == "absent"})
	present := {n: id | some n, id in ids; id != "absent"}
	values := count({id | some id in present})
	parts := [x | some x in [_values_note(values, present), _absent_note(absent)]; x != ""]
	msg := sprintf("%s is not identical on all Kibana instances: %s; expected one key on every instance", [name, concat("; ", parts)])
	ev := {"instances": sort({n | some n, _ in ids}), "distinct_values": values, "absent_on": absent, "not_compared": sort(_unknown(name))}
} else := {"status": "unknown", "message": msg, "evidence": {"not_compared": sort(_unknown(name))}} if {
	count(_unknown(name)) > 0
	msg := sprintf("%s could not be compared on Kibana %v (locked keystore, unresolved ${VAR}, or kibana.yml not read); no difference was seen among the others", [name, sort(_unknown(name))])
} else := {"status": "pass", "message": msg, "evidence": {"instances": sort({n | some n, _ in _ids(name)})}} if {
	msg := sprintf("%s is identical on Kibana %v", [name, sort({n | some n, _ in _ids(name)})])
}

_values_note(values, present) := sprintf("%d distinct values among %v", [values, sort({n | some n, _ in present})]) if values > 1

else := sprintf("set on %v", [sort({n | some n, _ in present})]) if values == 1

else := ""

_absent_note(absent) := sprintf("not set on %v (each makes up its own random key)", [absent]) if count(absent) > 0

else := ""

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
