package essec.checks.https.https_04_test

import data.essec.checks.https.https_04
import data.essec.test.kibana_fixtures as f

kbh(hosts) := f.kb("kb01", {"elasticsearch.hosts": f.klist(hosts)})

test_https_passes if {
	f.only(https_04.results) == "pass" with input as f.doc("8.15.0", [], [kbh(["https://es01:9200", "https://es02:9200"])])
}

test_one_http_fails_naming_it if {
	rs := https_04.results with input as f.doc("8.15.0", [], [kbh(["https://es01:9200", "http://es02:9200"])])
	f.only(rs) == "fail"
	some r in rs
	contains(r.message, "http://es02:9200")
	contains(r.message, "kibana.yml:8")
	r.resource.line == 8
}

test_absent_fails if {
	f.only(https_04.results) == "fail" with input as f.doc("8.15.0", [], [f.kb("kb01", {"server.host": f.kset("0.0.0.0")})])
}

test_monitoring_hosts_judged if {
	kb := f.kb("kb01", {"elasticsearch.hosts": f.klist(["https://es01:9200"]), "monitoring.ui.elasticsearch.hosts": f.kset("http://mon:9200")})
	f.statuses(https_04.results) == {"pass", "fail"} with input as f.doc("8.15.0", [], [kb])
}

test_no_kibana_not_applicable if {
	rs := https_04.results with input as f.doc("8.15.0", [], [])
	f.only(rs) == "not_applicable"
	some r in rs
	r.message == "no Kibana instance in this deployment"
}

test_live_only_instance_unknown if {
	f.only(https_04.results) == "unknown" with input as f.doc("8.15.0", [], [f.kb_live("kb01", {"url": "https://kb:5601", "reachable": true})])
}

test_compose_json_array_form if {
	hosts := {"value": "[\"https://es01:9200\",\"https://es02:9200\"]", "list": ["[\"https://es01:9200\"", "\"https://es02:9200\"]"], "source": "compose", "file": "/srv/docker-compose.yml", "line": 12}
	f.only(https_04.results) == "pass" with input as f.doc("8.15.0", [], [f.kb("kb01", {"elasticsearch.hosts": hosts})])
}
