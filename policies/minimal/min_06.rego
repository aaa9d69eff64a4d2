# METADATA
# title: Kibana's Elasticsearch secret is in kibana.keystore
# description: |
#   kibana.yml is commonly group- or world-readable, copied into tickets and
#   committed to repositories, so the secret Kibana uses towards Elasticsearch
#   (elasticsearch.password or elasticsearch.serviceAccountToken) belongs in
#   kibana.keystore. Judged per Kibana instance and secret setting:
#   - the secret written in kibana.yml fails, as does a value written in a
#     docker-compose environment (it is clear text in the compose file and in
#     docker inspect); Kibana enrollment writes the token into kibana.yml, so
#     an enrolled Kibana fails until the token is moved (AUTO-08);
#   - tool policy: a ${VAR} reference in kibana.yml warns. The file holds no
#     clear text, but environment variables leak through /proc/<pid>/environ,
#     docker inspect and crash reports; the keystore is the documented place;
#   - no secret in kibana.yml passes (kept in kibana.keystore, or the keystore
#     was not read: the check is about the clear text in the file);
#   - no secret anywhere with a known keystore is not_applicable (MIN-05
#     judges the missing identity).
#   A deployment without Kibana gets not_applicable.
# custom:
#   id: MIN-06
#   level: minimal
#   severity: high
#   component: kibana
#   remediation: kibana-keystore-secret
#   remediation_text: |
#     As the Kibana user: bin/kibana-keystore create (if missing), then
#     bin/kibana-keystore add elasticsearch.password (or
#     elasticsearch.serviceAccountToken; --stdin for scripts), delete the line
#     from kibana.yml or the compose environment, and restart Kibana. Rotate the
#     secret if kibana.yml was shared.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-settings
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
package essec.checks.minimal.min_06

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.kibana
import data.essec.lib.settings

secrets := ["elasticsearch.password", "elasticsearch.serviceAccountToken"]

results contains lib.result("not_applicable", lib.cluster_resource, "no Kibana instance in this deployment", {"observed": 0, "expected": "Kibana instances"}) if {
	count(lib.kibanas) == 0
}

results contains lib.result("unknown", lib.kibana_resource(kb), msg, {"observed": "(kibana.yml not read)", "expected": "secret only in kibana.keystore"}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
	msg := sprintf("the configuration of Kibana %s was not read (pass its config directory or kibana.yml)", [kb.name])
}

placeholder_note(s) := " (a known example value)" if s.placeholder
else := ""

results contains lib.result_setting("warn", lib.kibana_setting_resource(kb, name), name, msg, {"observed": "environment variable reference", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	some name in secrets
	s := kb.settings[name]
	s.reference
	msg := sprintf("%s is a ${VAR} reference (%s): not clear text in the file, but environment variables leak through /proc/<pid>/environ and docker inspect; expected kibana.keystore", [name, settings.where(kb, name)])
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, name), name, msg, {"observed": "clear text in the compose environment", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	some name in secrets
	s := kb.settings[name]
	not s.reference
	settings.compose_env(kb, name)
	msg := sprintf("%s is set in clear text in the docker-compose environment (%s)%s; expected kibana.keystore", [name, settings.where(kb, name), placeholder_note(s)])
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, name), name, msg, {"observed": "clear text in kibana.yml", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	some name in secrets
	s := kb.settings[name]
	not s.reference
	not settings.compose_env(kb, name)
	msg := sprintf("%s is in clear text in %s%s; expected kibana.keystore", [name, settings.where(kb, name), placeholder_note(s)])
}

clear_of_secrets(kb) if {
	kibana.has_config(kb)
	every name in secrets {
		not settings.has_setting(kb, name)
	}
}

in_keystore := {[kb.name, name] | some kb in lib.kibanas; some name in secrets; keystores.has(kb, name)}

results contains lib.result("pass", lib.kibana_resource(kb), msg, {"observed": "kibana.keystore", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	clear_of_secrets(kb)
	names := [name | some name in secrets; in_keystore[[kb.name, name]]]
	count(names) > 0
	msg := sprintf("%s kept in kibana.keystore; none in kibana.yml", [concat(" and ", names)])
}

results contains lib.result("pass", lib.kibana_resource(kb), msg, {"observed": "no secret in kibana.yml", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	clear_of_secrets(kb)
	not kibana.keystore_known(kb)
	msg := sprintf("kibana.yml holds no Elasticsearch secret (kibana.keystore not read: %s)", [keystores.gap(kb)])
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), msg, {"observed": "no secret", "expected": "kibana.keystore"}) if {
	some kb in lib.kibanas
	clear_of_secrets(kb)
	kibana.keystore_known(kb)
	count([name | some name in secrets; in_keystore[[kb.name, name]]]) == 0
	msg := "Kibana has no Elasticsearch password or service account token anywhere (MIN-05 judges the missing identity)"
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
