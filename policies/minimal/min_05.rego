# METADATA
# title: Kibana authenticates to Elasticsearch with one dedicated identity
# description: |
#   Kibana needs its own identity towards a secured cluster: the kibana_system
#   user (elasticsearch.username and elasticsearch.password) or a token of the
#   elastic/kibana service account (elasticsearch.serviceAccountToken), set in
#   kibana.yml, the compose environment or kibana.keystore. Judged per Kibana
#   instance:
#   - a service account token together with a username fails (Kibana refuses
#     that combination); a token alone passes, and with a live cluster GET
#     /_security/service/elastic/kibana/credential confirms a token exists (no
#     token at all fails: the configured one cannot authenticate);
#   - username kibana_system with a password passes; elastic fails (not a
#     dedicated identity); the deprecated kibana user warns (MIN-07 fails it);
#     another user passes when GET /_security/user shows it holds only the
#     kibana_system role, else warns (tool policy: a custom user may be
#     legitimate but needs review); a username kept in kibana.keystore warns,
#     as essec does not read keystore values;
#   - half a credential (username without password or the reverse) fails when
#     the keystore is known, else is unknown;
#   - only a client certificate (elasticsearch.ssl.certificate or keystore)
#     warns: PKI authentication works, but its role mapping is not verified;
#   - nothing at all fails when kibana.yml was read and the keystore is known
#     (a missing kibana.keystore holds nothing); a password-protected or
#     unreadable kibana.keystore makes it unknown.
#   A deployment without Kibana gets not_applicable, so file-only
#   Elasticsearch audits are not penalised.
# custom:
#   id: MIN-05
#   level: minimal
#   severity: critical
#   component: kibana
#   remediation: kibana-credentials
#   remediation_text: |
#     Create a service account token for Kibana
#     (POST /_security/service/elastic/kibana/credential/token/<name>) and
#     store it with bin/kibana-keystore add elasticsearch.serviceAccountToken,
#     removing elasticsearch.username/password; or set
#     elasticsearch.username: kibana_system and put its password in
#     kibana.keystore (bin/kibana-keystore add elasticsearch.password). Restart
#     Kibana.
#   requires: [F, K, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-minimal-security
#     - https://www.elastic.co/docs/deploy-manage/users-roles/cluster-or-deployment-auth/service-accounts
package essec.checks.minimal.min_05

import data.essec.lib
import data.essec.lib.keystores
import data.essec.lib.kibana
import data.essec.lib.settings

u := "elasticsearch.username"

pw := "elasticsearch.password"

tok := "elasticsearch.serviceAccountToken"

results contains lib.result("not_applicable", lib.cluster_resource, "no Kibana instance in this deployment", {"observed": 0, "expected": "Kibana instances"}) if {
	count(lib.kibanas) == 0
}

# ---------------------------------------------------------------- evidence

token_count := n if {
	b := lib.body("kibana_credentials")
	n := b.count
	is_number(n)
} else := n if {
	b := lib.body("kibana_credentials")
	n := count(object.get(b, "tokens", {})) + count(object.get(object.get(b, "nodes_credentials", {}), "file_tokens", {}))
}

has_cert(kb) if settings.has_setting(kb, "elasticsearch.ssl.certificate")

has_cert(kb) if settings.has_setting(kb, "elasticsearch.ssl.keystore.path")

judged(kb) if kibana.has_config(kb)

user_value(kb) := kb.settings[u].value if {
	not kb.settings[u].unresolved
	kb.settings[u].value != ""
}

res(kb) := lib.kibana_resource(kb)

# ---------------------------------------------------------------- not read

results contains lib.result("unknown", res(kb), msg, {"observed": "(kibana.yml not read)", "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	not judged(kb)
	msg := sprintf("the configuration of Kibana %s was not read (pass its config directory or kibana.yml)", [kb.name])
}

# ---------------------------------------------------------------- token

results contains lib.result("fail", res(kb), msg, {"observed": "username and service account token", "expected": "one mechanism"}) if {
	some kb in lib.kibanas
	judged(kb)
	kibana.kb_set(kb, tok)
	kibana.kb_set(kb, u)
	msg := sprintf("Kibana sets both elasticsearch.serviceAccountToken (%s) and elasticsearch.username (%s): Kibana refuses the combination; expected exactly one mechanism", [kibana.kb_place(kb, tok), kibana.kb_place(kb, u)])
}

results contains lib.result("pass", res(kb), msg, {"observed": "service account token", "expected": "kibana_system or a service account token", "tokens": token_count}) if {
	some kb in lib.kibanas
	judged(kb)
	kibana.kb_set(kb, tok)
	not kibana.kb_set(kb, u)
	token_count > 0
	msg := sprintf("Kibana uses a service account token (%s); the cluster has %d token(s) for elastic/kibana (GET /_security/service/elastic/kibana/credential)", [kibana.kb_place(kb, tok), token_count])
}

results contains lib.result("fail", res(kb), msg, {"observed": "no elastic/kibana token in the cluster", "expected": "a valid service account token"}) if {
	some kb in lib.kibanas
	judged(kb)
	kibana.kb_set(kb, tok)
	not kibana.kb_set(kb, u)
	token_count == 0
	msg := sprintf("Kibana uses a service account token (%s) but the cluster has no token for elastic/kibana (GET /_security/service/elastic/kibana/credential): it cannot authenticate; expected a valid token", [kibana.kb_place(kb, tok)])
}

results contains lib.result("pass", res(kb), msg, {"observed": "service account token", "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	judged(kb)
	kibana.kb_set(kb, tok)
	not kibana.kb_set(kb, u)
	not token_count
	msg := sprintf("Kibana uses a service account token (%s); its existence in the cluster is not confirmed without --url", [kibana.kb_place(kb, tok)])
}

# ---------------------------------------------------------------- username and password

userpass(kb) if {
	judged(kb)
	not kibana.kb_set(kb, tok)
	kibana.kb_set(kb, u)
	kibana.kb_set(kb, pw)
}

user_roles(name) := lib.body("users")[name].roles

only_kibana_system(name) if user_roles(name) == ["kibana_system"]

results contains lib.result_setting("pass", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "kibana_system", "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	userpass(kb)
	user_value(kb) == "kibana_system"
	msg := sprintf("Kibana logs in as kibana_system (%s), password in %s", [settings.where(kb, u), kibana.kb_place(kb, pw)])
}

results contains lib.result_setting("fail", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "elastic", "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	userpass(kb)
	user_value(kb) == "elastic"
	msg := sprintf("Kibana logs in as the elastic superuser (%s): not a dedicated identity; expected kibana_system or a service account token", [settings.where(kb, u)])
}

results contains lib.result_setting("warn", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "kibana", "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	userpass(kb)
	user_value(kb) == "kibana"
	msg := sprintf("Kibana logs in as the deprecated kibana user (%s): dedicated, but replaced by kibana_system (see MIN-07)", [settings.where(kb, u)])
}

custom_user(kb) if {
	userpass(kb)
	not user_value(kb) in {"kibana_system", "elastic", "kibana"}
	user_value(kb)
}

results contains lib.result_setting("pass", lib.kibana_setting_resource(kb, u), u, msg, {"observed": user_value(kb), "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	custom_user(kb)
	only_kibana_system(user_value(kb))
	msg := sprintf("Kibana logs in as %q (%s), a user holding only the kibana_system role (GET /_security/user)", [user_value(kb), settings.where(kb, u)])
}

results contains lib.result_setting("warn", lib.kibana_setting_resource(kb, u), u, msg, {"observed": user_value(kb), "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	custom_user(kb)
	not only_kibana_system(user_value(kb))
	msg := sprintf("Kibana logs in as the custom user %q (%s)%s; expected kibana_system, or a user holding only the kibana_system role", [user_value(kb), settings.where(kb, u), roles_note(user_value(kb))])
}

roles_note(name) := sprintf(" with roles [%s] (GET /_security/user)", [concat(", ", user_roles(name))]) if user_roles(name)
else := " whose roles are not verified without --url"

results contains lib.result_setting("warn", lib.kibana_setting_resource(kb, u), u, msg, {"observed": "(value not read)", "expected": "kibana_system"}) if {
	some kb in lib.kibanas
	userpass(kb)
	not user_value(kb)
	msg := sprintf("Kibana has a username and password, but the username's value is not known (%s): make sure it is kibana_system", [username_gap(kb)])
}

username_gap(kb) := sprintf("%s references an environment variable that was not resolved", [settings.where(kb, u)]) if {
	kb.settings[u].unresolved
} else := "it is kept in kibana.keystore, whose values essec does not read"

# ---------------------------------------------------------------- half a credential

results contains lib.result("fail", res(kb), msg, {"observed": observed_half(kb), "expected": "elasticsearch.username and elasticsearch.password"}) if {
	some kb in lib.kibanas
	half(kb)
	kibana.keystore_known(kb)
	msg := sprintf("Kibana sets %s but not %s (kibana.yml, compose environment and kibana.keystore checked); expected both, or a service account token", [observed_half(kb), missing_half(kb)])
}

results contains lib.result("unknown", res(kb), msg, {"observed": observed_half(kb), "expected": "elasticsearch.username and elasticsearch.password"}) if {
	some kb in lib.kibanas
	half(kb)
	not kibana.keystore_known(kb)
	msg := sprintf("Kibana sets %s (%s); %s may be in kibana.keystore, but %s", [observed_half(kb), kibana.kb_place(kb, observed_half(kb)), missing_half(kb), keystores.gap(kb)])
}

half(kb) if {
	judged(kb)
	not kibana.kb_set(kb, tok)
	kibana.kb_set(kb, u)
	not kibana.kb_set(kb, pw)
}

half(kb) if {
	judged(kb)
	not kibana.kb_set(kb, tok)
	not kibana.kb_set(kb, u)
	kibana.kb_set(kb, pw)
}

observed_half(kb) := u if kibana.kb_set(kb, u)
else := pw

missing_half(kb) := pw if kibana.kb_set(kb, u)
else := u

# ---------------------------------------------------------------- nothing

nothing(kb) if {
	judged(kb)
	not kibana.kb_set(kb, tok)
	not kibana.kb_set(kb, u)
	not kibana.kb_set(kb, pw)
}

results contains lib.result("warn", res(kb), msg, {"observed": "client certificate", "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	nothing(kb)
	has_cert(kb)
	msg := "Kibana authenticates with a client certificate (PKI): its role mapping to kibana_system is not verified; prefer a service account token"
}

results contains lib.result("fail", res(kb), msg, {"observed": "no credentials", "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	nothing(kb)
	not has_cert(kb)
	kibana.keystore_known(kb)
	msg := sprintf("Kibana %s has no credentials for Elasticsearch (no elasticsearch.username/password or elasticsearch.serviceAccountToken in kibana.yml, compose environment or kibana.keystore): it has no identity towards a secured cluster", [kb.name])
}

results contains lib.result("unknown", res(kb), msg, {"observed": "(kibana.keystore not read)", "expected": "kibana_system or a service account token"}) if {
	some kb in lib.kibanas
	nothing(kb)
	not has_cert(kb)
	not kibana.keystore_known(kb)
	msg := sprintf("kibana.yml sets no Elasticsearch credentials; they may be in kibana.keystore, but %s", [keystores.gap(kb)])
}

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
