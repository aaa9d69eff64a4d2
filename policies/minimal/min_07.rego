# METADATA
# title: Kibana does not use the elastic superuser or the deprecated kibana user
# description: |
#   elastic puts superuser credentials on the Kibana host (and cannot write
#   Kibana's system indices; Kibana 8.0 and later refuse to start with it);
#   kibana is the built-in user deprecated since 7.8 in favour of
#   kibana_system. Judged per Kibana instance from elasticsearch.username in
#   kibana.yml or the compose environment: elastic or kibana fails, any other
#   user passes (MIN-05 judges whether it is a dedicated identity). No username
#   passes when the keystore is known (Kibana uses a token, a certificate or
#   nothing; MIN-05 judges which). A username kept in kibana.keystore, or a
#   ${VAR} reference that was not resolved, is unknown: essec does not read
#   keystore values. A deployment without Kibana gets not_applicable.
# custom:
#   id: MIN-07
#   level: minimal
#   severity: high
#   component: kibana
#   remediation: kibana-credentials
#   remediation_text: |
#     Switch Kibana to a service account token (preferred) or to
#     elasticsearch.username: kibana_system with its password in
#     kibana.keystore (see MIN-05), then restart Kibana. If elastic's
#     password was in kibana.yml, change it.
#   requires: [F, K]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/built-in-users
package essec.checks.minimal.min_07

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.kibana
import data.essec.lib.settings
import data.essec.lib.versions

u := "elasticsearch.username"

# forbidden users: elastic always; kibana from 7.8, when kibana_system
# replaced it (before 7.8 kibana is the right built-in user, and it is
# unknown which applies when the version is unknown).
forbidden["elastic"] := "the elastic superuser (Kibana 8.0+ refuses to start with it)"

forbidden["kibana"] := "the kibana user, deprecated since 7.8 in favour of kibana_system" if versions.version_at_least(7, 8)

results contains lib.result("not_applicable", lib.cluster_resource, "no Kibana instance in this deployment", {"observed": 0, "expected": "Kibana instances"}) if {
	count(lib.given_kibanas) == 0
}

results contains lib.result_setting("unknown", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "kibana", "expected": "kibana before 7.8, kibana_system from 7.8"}) if {
	some kb in lib.kibanas
	user(kb) == "kibana"
	not versions.version_known
	msg := sprintf("elasticsearch.username is \"kibana\" (%s): right before 7.8, deprecated for kibana_system from 7.8, and the version is unknown (%s)", [settings.where(kb, u), versions.version_hint])
}

results contains lib.result("unknown", lib.kibana_resource(kb), msg, {"observed": "(kibana.yml not read)", "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
	msg := sprintf("the configuration of Kibana %s was not read (pass its config directory or kibana.yml)", [kb.name])
}

user(kb) := trim_space(kb.settings[u].value) if {
	not kb.settings[u].unresolved
	trim_space(kb.settings[u].value) != ""
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, u), u, msg, {"observed": user(kb), "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	why := forbidden[user(kb)]
	msg := sprintf("elasticsearch.username is %q (%s): %s; expected kibana_system or a service account token", [user(kb), settings.where(kb, u), why])
}

results contains lib.result_setting("pass", lib.kibana_setting_resource(kb, u), u, msg, {"observed": user(kb), "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	not forbidden[user(kb)]
	not kibana_user_undecided(kb)
	msg := sprintf("elasticsearch.username is %q (%s)%s", [user(kb), settings.where(kb, u), pre_78_note(kb)])
}

results contains lib.result_setting("unknown", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "(not resolved)", "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	settings.has_setting(kb, u)
	not user(kb)
	msg := sprintf("elasticsearch.username (%s) references an environment variable that was not resolved", [settings.where(kb, u)])
}

results contains lib.result_setting("unknown", lib.kibana_resource(kb), u, msg, {"observed": "(in kibana.keystore)", "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not settings.has_setting(kb, u)
	keystores.has(kb, u)
	msg := "elasticsearch.username is kept in kibana.keystore, whose values essec does not read: make sure it is neither elastic nor kibana"
}

results contains lib.result_setting("pass", lib.kibana_resource(kb), u, msg, {"observed": "(unset)", "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not kibana.kb_set(kb, u)
	kibana.keystore_known(kb)
	msg := sprintf("no elasticsearch.username in kibana.yml or kibana.keystore: Kibana does not log in as elastic or kibana (%s)", [mechanism(kb)])
}

mechanism(kb) := "it uses a service account token" if kibana.kb_set(kb, "elasticsearch.serviceAccountToken")
else := "it has no username/password credentials; see MIN-05"

results contains lib.result_setting("unknown", lib.kibana_resource(kb), u, msg, {"observed": "(kibana.keystore not read)", "expected": "not elastic or kibana"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not settings.has_setting(kb, u)
	not kibana.keystore_known(kb)
	msg := sprintf("kibana.yml sets no elasticsearch.username; it may be in kibana.keystore, but %s", [keystores.gap(kb)])
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results

kibana_user_undecided(kb) if {
	user(kb) == "kibana"
	not versions.version_known
}

pre_78_note(kb) := sprintf(": the built-in user for Kibana on Elasticsearch %s (kibana_system exists from 7.8)", [input.deployment.version]) if {
	user(kb) == "kibana"
	versions.version_known
} else := ""
