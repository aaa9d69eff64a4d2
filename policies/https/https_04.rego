# METADATA
# title: Kibana reaches Elasticsearch over https
# description: |
#   Kibana forwards every user's credentials to Elasticsearch; over plain
#   http they can be read on the network. Judged per Kibana instance on
#   elasticsearch.hosts (default ["http://localhost:9200"], so an absent
#   setting fails): every URL must use https; a URL without a scheme fails.
#   When monitoring.ui.elasticsearch.hosts is set (a separate monitoring
#   cluster) it is judged the same way, as its own setting. Unknown for an
#   instance whose kibana.yml was not read; not_applicable without Kibana.
# custom:
#   id: HTTPS-04
#   level: https
#   severity: high
#   component: kibana
#   remediation: kibana-https-to-es
#   remediation_text: |
#     Once Elasticsearch serves HTTPS (HTTPS-01), set
#     elasticsearch.hosts: ["https://<es-host>:9200", ...] in kibana.yml
#     (and monitoring.ui.elasticsearch.hosts when used), configure the CA
#     (HTTPS-05) and restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.https.https_04

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings

hosts_setting := "elasticsearch.hosts"

monitoring_setting := "monitoring.ui.elasticsearch.hosts"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result_setting("fail", lib.kibana_resource(kb), hosts_setting, msg, {"observed": "(absent)", "expected": "https://..."}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not settings.has_setting(kb, hosts_setting)
	msg := sprintf("%s is not set in %s: Kibana uses its default http://localhost:9200, in plain http; expected https URLs", [hosts_setting, kibana.config_name(kb)])
}

results contains lib.result_setting(status, lib.kibana_setting_resource(kb, name), name, msg, {"observed": urls, "plain": plain, "expected": "https://..."}) if {
	some kb in lib.kibanas
	some name in [hosts_setting, monitoring_setting]
	settings.has_setting(kb, name)
	urls := settings.items(kb, name)
	plain := [u | some u in urls; network.url_scheme(u) != "https"]
	[status, msg] := _judge(kb, name, urls, plain)
}

_judge(kb, name, urls, plain) := ["fail", sprintf("%s (%s) lists %v, not over https; expected every URL to start with https://", [name, settings.where(kb, name), plain])] if {
	count(plain) > 0
} else := ["fail", sprintf("%s (%s) is empty; expected https URLs", [name, settings.where(kb, name)])] if {
	count(urls) == 0
} else := ["pass", sprintf("every URL of %s uses https (%s)", [name, settings.where(kb, name)])]

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
