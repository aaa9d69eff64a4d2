# METADATA
# title: Kibana's public base URL uses https
# description: |
#   server.publicBaseUrl is the address Kibana puts in links it sends
#   (alert notifications, reports, share links); an http URL sends users to
#   plain http. Judged per Kibana instance from kibana.yml: an https URL
#   passes, any other scheme fails. Tool policy: an unset URL is a warn
#   (Kibana then builds links from the request and warns in its own
#   status), as is one without a scheme's "://" host part. Whether the
#   certificate names its host is HTTPS-07's business.
# custom:
#   id: KIB-11
#   level: kibana
#   severity: low
#   component: kibana
#   remediation: ""
#   remediation_text: |
#     Set server.publicBaseUrl: "https://<public host>[:port][/basePath]"
#     (no trailing slash) in kibana.yml, matching the address users type,
#     and restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.kibana.kib_11

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings

setting := "server.publicBaseUrl"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result_setting(status, lib.kibana_setting_resource(kb, setting), setting, msg, {"observed": object.get(kb.settings, [setting, "value"], "(absent)"), "expected": "https://..."}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	[status, msg] := _judge(kb)
}

_judge(kb) := ["warn", sprintf("%s is not set in %s: links Kibana sends are built from each request; expected an https URL", [setting, kibana.config_name(kb)])] if {
	not settings.has_setting(kb, setting)
} else := ["warn", sprintf("%s is empty (%s); expected an https URL", [setting, settings.where(kb, setting)])] if {
	kibana.public_base_url(kb) == ""
} else := ["pass", sprintf("%s is %q (%s)", [setting, u, settings.where(kb, setting)])] if {
	u := kibana.public_base_url(kb)
	network.url_scheme(u) == "https"
} else := ["fail", sprintf("%s is %q (%s); expected an https URL", [setting, kibana.public_base_url(kb), settings.where(kb, setting)])] if {
	network.url_scheme(kibana.public_base_url(kb)) != ""
} else := ["warn", sprintf("%s is %q (%s), without a scheme; expected an https URL", [setting, kibana.public_base_url(kb), settings.where(kb, setting)])]

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
