# METADATA
# title: Elasticsearch HTTP TLS enabled on every node
# description: |
#   Without TLS on the REST layer (port 9200) passwords, API keys, tokens and
#   data cross the network in clear text. xpack.security.http.ssl.enabled
#   defaults to false on every version (the 8.x automatic setup writes true).
#   Judged per node from elasticsearch.yml: true passes, false or absent
#   fails, any other value fails (Elasticsearch refuses it). With a live
#   cluster, GET /_xpack/usage security.ssl.http.enabled is judged on the
#   cluster, and every TLS probe of an HTTP endpoint is judged on that
#   endpoint: a completed handshake passes, a port that answers plain HTTP
#   fails, a probe that could not connect (or got neither TLS nor HTTP) is
#   unknown. When essec itself connected with --insecure to an https
#   endpoint, the cluster gets a warn of its own: the certificate was not
#   verified, so essec cannot tell whether clients can trust it. When essec
#   sent its own credentials to an http:// endpoint, the cluster fails: the
#   auditor's password, key or token crossed the network in clear text. Tool policy:
#   HTTPS applies to every
#   node, single-node and loopback-bound ones included (Elastic recommends
#   it for every cluster).
# custom:
#   id: HTTPS-01
#   level: https
#   severity: high
#   component: elasticsearch
#   remediation: http-tls
#   remediation_text: |
#     Create HTTP certificates (bin/elasticsearch-certutil http, or your own
#     CA) naming every host name and IP clients use, copy http.p12 to each
#     node's config directory, set xpack.security.http.ssl.enabled: true and
#     xpack.security.http.ssl.keystore.path: http.p12, store the password with
#     bin/elasticsearch-keystore add xpack.security.http.ssl.keystore.secure_password,
#     restart the nodes and switch every client (Kibana included) to https.
#   requires: [F, A, P]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/security-settings
package essec.checks.https.https_01

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.versions

setting := "xpack.security.http.ssl.enabled"

# One rule over the nodes, each node's result from _node_result, one branch
# per case (the cases exclude each other; results built inline,
# node_setting_resource and settings.is_true written out on the common
# branches).
results contains r if {
	some node in lib.nodes
	r := _node_result(node)
}

_node_result(node) := {"status": "pass", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true", "expected": "true"}} if {
	s := node.settings["xpack.security.http.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_on(node)
	msg := sprintf("%s is \"true\" (%s)", [setting, settings.where(node, setting)])
} else := {"status": "fail", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true, security off", "expected": "true with security on"}} if {
	# TLS is only in effect when security is: with security off (explicitly,
	# by default before 8.0, or through the licence) the REST layer speaks
	# plain HTTP.
	s := node.settings["xpack.security.http.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_off(node)
	msg := sprintf("%s is \"true\" (%s) but security is off (%s), so the REST layer speaks plain HTTP; expected security on with HTTP TLS", [setting, settings.where(node, setting), versions.security_state(node).reason])
} else := {"status": "unknown", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "true, security unknown", "expected": "true with security on"}} if {
	s := node.settings["xpack.security.http.ssl.enabled"]
	lower(trim_space(s.value)) == "true"
	versions.security_unknown(node)
	msg := sprintf("%s is \"true\" (%s) but whether security (and with it TLS) is in effect is unknown: %s", [setting, settings.where(node, setting), versions.security_state(node).reason])
} else := {"status": "fail", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": "false", "expected": "true"}} if {
	s := node.settings["xpack.security.http.ssl.enabled"]
	lower(trim_space(s.value)) == "false"
	msg := sprintf("%s is \"false\" (%s); expected \"true\": the REST layer speaks plain HTTP", [setting, settings.where(node, setting)])
} else := {"status": "fail", "resource": _set_resource(node, s), "setting": setting, "message": msg, "evidence": {"observed": v, "expected": "true"}} if {
	s := node.settings["xpack.security.http.ssl.enabled"]
	v := s.value
	not settings.is_true(node, setting)
	not settings.is_false(node, setting)
	msg := sprintf("%s is %q (%s), which Elasticsearch refuses; expected \"true\"", [setting, v, settings.where(node, setting)])
} else := {"status": "fail", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "setting": setting, "message": msg, "evidence": {"observed": "(absent)", "expected": "true"}} if {
	not node.settings["xpack.security.http.ssl.enabled"]
	msg := sprintf("%s is not set in %s (default false): the REST layer speaks plain HTTP; expected \"true\"", [setting, lib.base(object.get(node, "config_file", "elasticsearch.yml"))])
}

_set_resource(node, s) := {"kind": "node", "name": node.name, "file": object.get(s, "file", ""), "line": object.get(s, "line", 0)}

# Live: what the node answering the API reports. ssl is empty when security
# is off (MIN-01 reports that).
results contains lib.result("pass", lib.cluster_resource, "GET /_xpack/usage reports security.ssl.http.enabled true", {"observed": true, "expected": true}) if {
	lib.body("xpack_usage").security.ssl.http.enabled == true
	not versions.live_security_off
}

results contains lib.result("fail", lib.cluster_resource, "GET /_xpack/usage reports security.ssl.http.enabled true but security.enabled false: HTTP TLS is not in effect; expected security on", {"observed": "ssl true, security false", "expected": true}) if {
	lib.body("xpack_usage").security.ssl.http.enabled == true
	versions.live_security_off
}

results contains lib.result("fail", lib.cluster_resource, "GET /_xpack/usage reports security.ssl.http.enabled false; expected true", {"observed": false, "expected": true}) if {
	lib.body("xpack_usage").security.ssl.http.enabled == false
}

# Live: TLS probes of HTTP endpoints.
results contains lib.result("pass", _endpoint(p), msg, {"observed": object.get(p, "version", ""), "expected": "TLS", "verify_error": object.get(p, "verify_error", "")}) if {
	some p in _probes
	p.speaks_tls == true
	msg := sprintf("%s completed a TLS handshake (%s)%s", [p.endpoint, object.get(p, "version", ""), _verify_note(p)])
}

# _verify_note reports a certificate the probe could not verify (a private
# CA not passed with --ca-cert is common and not a failure of this check;
# HTTPS-05 and HARD-06..08 judge the certificate).
_verify_note(p) := sprintf("; its certificate did not verify for essec: %s", [p.verify_error]) if object.get(p, "verify_error", "") != ""
else := ""

results contains lib.result("fail", _endpoint(p), msg, {"observed": "plain HTTP", "expected": "TLS"}) if {
	some p in _probes
	not p.speaks_tls == true
	_plain(p)
	msg := sprintf("%s does not speak TLS: it answers plain HTTP; expected TLS", [p.endpoint])
}

results contains lib.result("unknown", _endpoint(p), msg, {"observed": object.get(p, "error", ""), "expected": "TLS"}) if {
	some p in _probes
	not p.speaks_tls == true
	not _plain(p)
	msg := sprintf("the TLS probe of %s gave no answer either way: %s", [p.endpoint, _probe_error(p)])
}

# a failed handshake on a port that answers plain HTTP; the probe records
# plain_http_answered only once the TCP connection opened
_plain(p) if p.plain_http_answered == true

_probe_error(p) := p.error if object.get(p, "error", "") != ""

else := "neither a TLS handshake nor plain HTTP succeeded"

# _probes are the TLS probes of HTTP endpoints (a transport port, 9300-9399,
# without a URL scheme is BAS-01's business).
_probes := [p |
	some p in object.get(lib.cluster, "tls", [])
	is_object(p)
	not _transport_endpoint(p.endpoint)
] if lib.cluster != null

else := []

_transport_endpoint(e) if {
	not contains(e, "://")
	regex.match(`:93[0-9][0-9]$`, e)
}


_endpoint(p) := {"kind": "endpoint", "name": p.endpoint, "endpoint": p.endpoint}

# Live: --insecure. TLS was on but essec did not verify the certificate, so
# a handshake proves encryption, not that clients can trust the endpoint.
results contains lib.result_setting("warn", lib.cluster_resource, "--insecure", msg, {"observed": "certificate not verified (--insecure)", "expected": "certificate verified with --ca-cert or --ca-fingerprint"}) if {
	lib.cluster.auth.insecure == true
	startswith(lower(lib.cluster.endpoint), "https://")
	msg := sprintf("the certificate of %s was not verified (--insecure), so essec cannot tell whether clients can trust it; pass --ca-cert with the cluster's CA or --ca-fingerprint", [lib.cluster.endpoint])
}

# Live: essec's own credentials went to a plain-HTTP endpoint (essec warned
# on stderr before the first request). Every --url is judged: the client
# may send its credentials to any of them.
results contains lib.result_setting("fail", r, "--url", msg, {"observed": sprintf("%s credentials over plain HTTP", [kind]), "expected": "https"}) if {
	kind := object.get(lib.cluster.auth, "kind", "none")
	kind != "none"
	some u in _plain_urls
	r := {"kind": "endpoint", "name": u, "endpoint": u}
	msg := sprintf("essec sent its %s credentials to %s in clear text: anyone on the network path can read and reuse them; enable HTTP TLS and audit over https", [kind, u])
}

# _plain_urls are the http:// URLs essec connected to with credentials: the
# cluster's endpoint and every URL it probed.
_plain_urls contains u if {
	some u in array.concat([object.get(lib.cluster, "endpoint", "")], [p.endpoint | some p in object.get(lib.cluster, "tls", [])])
	startswith(lower(u), "http://")
}
