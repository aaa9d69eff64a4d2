package essec.checks.hardening.hard_26_test

import data.essec.checks.hardening.hard_26
import data.essec.checks.hardening.testkit_test as t

compose(user) := {"file": "/srv/docker-compose.yml", "service": "es01", "image": "docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "user": user, "ports": []}

test_package_node_passes if {
	t.verdicts(hard_26.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.node({})])
}

test_compose_root_fails if {
	rs := hard_26.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"compose": compose("0:0")})])
	t.verdicts(rs) == {"fail node/es01"}
	some r in rs
	contains(r.message, "docker-compose.yml")
}

test_compose_root_name_fails if {
	t.verdicts(hard_26.results) == {"fail node/es01"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"compose": compose("root")})])
}

test_compose_uid_1000_passes if {
	t.verdicts(hard_26.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"compose": compose("1000:0")})])
}

test_compose_default_user_passes if {
	t.verdicts(hard_26.results) == {"pass node/es01"} with input as t.doc("8.15.0", [t.with_(t.node({}), {"compose": compose("")})])
}

test_allow_root_property_warns if {
	rs := hard_26.results with input as t.doc("8.15.0", [t.with_(t.node({}), {"jvm_options": ["-Des.insecure.allow.root=true"]})])
	t.verdicts_of(rs, "es.insecure.allow.root") == {"warn node/es01"}
}

test_no_node_no_result if {
	count(hard_26.results) == 0 with input as t.doc("8.15.0", [])
}
