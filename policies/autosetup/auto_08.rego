# METADATA
# title: Kibana enrollment output reviewed
# description: |
#   Kibana enrollment (the browser flow or bin/kibana-setup) appends to
#   kibana.yml: elasticsearch.hosts (https), elasticsearch.serviceAccountToken
#   in clear text, elasticsearch.ssl.certificateAuthorities pointing at
#   <data dir>/ca_<epoch-ms>.crt, and xpack.fleet.outputs with the CA
#   fingerprint. The enrollment output is recognised (tool policy) by a CA
#   file named ca_<digits>.crt, or by xpack.fleet.outputs together with a
#   service account token. Judged per Kibana instance with that output:
#   - the token still in clear text in kibana.yml or a compose environment
#     fails (MIN-06; the enrollment writes it there); a ${VAR} reference warns;
#   - any elasticsearch.hosts entry that is not https fails;
#   - the CA file examined and missing fails;
#   - with a live cluster, no token at all for elastic/kibana
#     (GET /_security/service/elastic/kibana/credential) fails.
#   Otherwise pass, noting what was not examined. Kibana instances without
#   enrollment output are not_applicable, as is a deployment without Kibana.
# custom:
#   id: AUTO-08
#   level: auto-setup
#   severity: medium
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Move the token into kibana.keystore (bin/kibana-keystore add
#     elasticsearch.serviceAccountToken) and delete the line from kibana.yml;
#     keep elasticsearch.hosts on https and the CA file in place (or copy it
#     to the config directory and update
#     elasticsearch.ssl.certificateAuthorities). Restart Kibana. If the token
#     was shared, delete it (DELETE
#     /_security/service/elastic/kibana/credential/token/<name>) and create a
#     new one.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
#     - https://www.elastic.co/docs/deploy-manage/security/security-certificates-keys
package essec.checks.autosetup.auto_08

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings

tok := "elasticsearch.serviceAccountToken"

ca := "elasticsearch.ssl.certificateAuthorities"

hosts := "elasticsearch.hosts"

enrolled_ca(kb) := [p | some p in settings.list(kb, ca); regex.match(`(^|/)ca_[0-9]{10,}\.crt$`, p)]

enrolled(kb) if count(enrolled_ca(kb)) > 0

enrolled(kb) if {
	count(settings.settings_with_prefix(kb, "xpack.fleet.outputs")) > 0
	kibana.kb_set(kb, tok)
}

token_count := n if {
	b := lib.body("kibana_credentials")
	n := b.count
	is_number(n)
}

problems(kb) := {p |
	s := kb.settings[tok]
	not s.reference
	p := sprintf("the service account token is still in clear text in %s (MIN-06)", [settings.where(kb, tok)])
} | {p |
	some h in settings.list(kb, hosts)
	not startswith(lower(trim_space(h)), "https://")
	p := sprintf("elasticsearch.hosts entry %q (%s) is not https", [h, settings.where(kb, hosts)])
} | {p |
	some m in object.get(kb, "tls_material", [])
	m.setting == ca
	m.exists == false
	p := sprintf("the enrollment CA file %s does not exist", [m.path])
} | {p |
	token_count == 0
	p := "the cluster has no token for elastic/kibana (GET /_security/service/elastic/kibana/credential): the enrolled token was deleted"
}

warnings(kb) := {w |
	kb.settings[tok].reference
	w := sprintf("the token is a ${VAR} reference (%s): environment variables leak; prefer kibana.keystore", [settings.where(kb, tok)])
}

notes(kb) := array.concat(
	[n | count([m | some m in object.get(kb, "tls_material", []); m.setting == ca]) == 0; n := "CA file not examined"],
	[n | not token_count; n := "token validity not confirmed without --url"],
)

note_text(kb) := sprintf(" (%s)", [concat("; ", notes(kb))]) if count(notes(kb)) > 0
else := ""

results contains lib.result("not_applicable", lib.cluster_resource, "no Kibana instance in this deployment", {"observed": 0, "expected": "Kibana instances"}) if {
	count(lib.kibanas) == 0
}

results contains lib.result("unknown", lib.kibana_resource(kb), msg, {"observed": "(kibana.yml not read)", "expected": "enrollment output reviewed"}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
	msg := sprintf("the configuration of Kibana %s was not read (pass its config directory or kibana.yml)", [kb.name])
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), "no Kibana enrollment output (ca_<epoch>.crt CA file or xpack.fleet.outputs with a service token) in kibana.yml", {"observed": "not enrolled", "expected": "enrollment output"}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not enrolled(kb)
}

results contains lib.result("fail", lib.kibana_resource(kb), msg, {"observed": sort(ps), "expected": "token in kibana.keystore, https hosts, CA file present"}) if {
	some kb in lib.kibanas
	enrolled(kb)
	ps := problems(kb)
	count(ps) > 0
	msg := sprintf("Kibana enrollment output needs attention: %s", [concat("; ", sort(ps))])
}

results contains lib.result("warn", lib.kibana_resource(kb), msg, {"observed": sort(ws), "expected": "token in kibana.keystore, https hosts, CA file present"}) if {
	some kb in lib.kibanas
	enrolled(kb)
	count(problems(kb)) == 0
	ws := warnings(kb)
	count(ws) > 0
	msg := sprintf("Kibana enrollment output: %s%s", [concat("; ", sort(ws)), note_text(kb)])
}

results contains lib.result("pass", lib.kibana_resource(kb), msg, {"observed": "reviewed", "expected": "token in kibana.keystore, https hosts, CA file present"}) if {
	some kb in lib.kibanas
	enrolled(kb)
	count(problems(kb)) == 0
	count(warnings(kb)) == 0
	msg := sprintf("Kibana enrollment output reviewed: no token in clear text, elasticsearch.hosts on https, CA %s%s", [concat(", ", enrolled_ca_or_set(kb)), note_text(kb)])
}

enrolled_ca_or_set(kb) := enrolled_ca(kb) if count(enrolled_ca(kb)) > 0
else := settings.list(kb, ca)

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
