# METADATA
# title: HTTP certificate names cover the names and IPs clients use
# description: |
#   A client that verifies host names (Kibana's default verificationMode
#   full, the language clients, curl) rejects an HTTP certificate that does
#   not name the host it connected to, which pushes operators to turn
#   verification off. Judged per node where HTTP TLS is on, from the leaf of
#   its HTTP key material: every concrete host in http.publish_host,
#   network.publish_host, network.host and http.host (not 0.0.0.0, :: or an
#   _special_ value) must be an IP SAN (for an address) or a DNS SAN (for a
#   name; "*.example.com" matches exactly one label; the subject CN counts
#   only when the certificate has no DNS SAN) — missing ones fail, by name.
#   Tool policy: the live http publish address (GET /_nodes, used by
#   sniffing clients) missing from the certificate is a warn; with no
#   configured or live name, the node name is compared (warn when missing,
#   since it need not be a host name). Each Kibana instance is judged on the
#   https hosts of its elasticsearch.hosts: a host that names a node (its
#   node name, configured host or live address) or a probed endpoint must be
#   in that node's or endpoint's certificate; a host that names no known
#   node (a load balancer, an unlisted address) must be in at least one
#   node's certificate. Unknown when no certificate was read.
# custom:
#   id: HTTPS-03
#   level: https
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Re-issue the HTTP certificates (elasticsearch-certutil http or your CA)
#     listing every DNS name and IP clients use: the publish host, the names
#     in Kibana's elasticsearch.hosts, load balancer names. Keeping the same
#     file names lets Elasticsearch reload them without a restart.
#   requires: [C, F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/deploy-manage/security/same-ca
package essec.checks.https.https_03

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

host_settings := ["http.publish_host", "network.publish_host", "network.host", "http.host"]

_tls_on(node) if settings.is_true(node, "xpack.security.http.ssl.enabled")

# configured concrete host names of a node
# (network.concrete_host and norm_host written out: two calls per host)
_configured(node) := {n |
	some s in host_settings
	some h in object.get(node, ["settings", s, "list"], [])
	n := trim_suffix(trim(lower(trim_space(h)), "[]"), ".")
	n != ""
	not startswith(n, "_")
	not n in {"0.0.0.0", "::", "0:0:0:0:0:0:0:0"}
}

# names from the live http publish address: "name/10.0.0.1:9200" or "10.0.0.1:9200"
_live_names(node) := {n |
	addr := node.live.http_publish_address
	parts := split(addr, "/")
	some i, part in parts
	n := _live_part(i, count(parts), part)
	network.concrete_host(n)
}

_live_part(i, total, part) := network.norm_host(part) if i < total - 1

_live_part(i, total, part) := network.host_of(part) if i == total - 1

_bound(node) := {network.host_of(a) | some a in lib.arr(object.get(object.get(node, "live", {}), "http_bound_address", []))}

# every name that identifies a node, for matching Kibana's hosts
# (norm_host written out; without live evidence, neither live call)
_identity(node) := ({trim_suffix(trim(lower(trim_space(node.name)), "[]"), ".")} | _configured(node)) | _live_identity(node)

_live_identity(node) := set() if not node.live
else := _live_names(node) | _bound(node)

# ---------------------------------------------------------------- per node

# One rule per node, its verdict from _node_verdict (results built inline:
# a call of lib.result or lib.node_resource costs more than the object, and
# each rule over the nodes repeated the TLS and leaf lookups;
# docs/policy-authoring.md, Performance).
results contains {"status": v.status, "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": v.message, "evidence": v.evidence} if {
	some node in lib.nodes
	v := _node_verdict(node)
}

# (_tls_on written out, with object.get: a call inside `not` would be
# evaluated outside it, and fail the rule for a node without the setting)
_node_verdict(node) := {"status": "not_applicable", "message": "HTTP TLS is not enabled on this node (HTTPS-01 reports it)", "evidence": {}} if {
	not lower(trim_space(object.get(node, ["settings", "xpack.security.http.ssl.enabled", "value"], ""))) == "true"
} else := _leaf_verdict(node, leaf) if {
	leaf := _http_leaf(node)
} else := {"status": "unknown", "message": msg, "evidence": {}} if {
	msg := sprintf("the node's HTTP certificate was not read (%s); pass the node's config directory with read access to its HTTP key material", [_why_no_leaf(node)])
}

_why_no_leaf(node) := concat("; ", errs) if {
	errs := [sprintf("%s: %s", [m.path, m.error]) | some m in tls.material(node, "http"); object.get(m, "error", "") != ""]
	count(errs) > 0
} else := "no HTTP key material in evidence"

# _http_leaf is tls.es_http_leaf with tls.material written out.
_http_leaf(node) := ls[0] if {
	ls := [l |
		some m in object.get(node, "tls_material", [])
		m.context == "http"
		m.role in {"keystore", "certificate"}
		m.readable == true
		l := tls.server_leaf(m)
	]
	count(ls) > 0
}

# _cert_names is tls.cert_names without its lib.arr calls (iterating null
# yields nothing).
_cert_names(leaf) := array.concat([x | some x in object.get(leaf, "dns_names", [])], [x | some x in object.get(leaf, "ip_addresses", [])])

# _leaf_verdict compares the node's concrete and live names with its
# certificate; with none, its node name (_node_name_verdict). Every name
# covered passes without building the failure and warning texts.
_leaf_verdict(node, leaf) := {"status": "pass", "message": sprintf("the HTTP certificate names %v", [sort(checked)]), "evidence": ev} if {
	required := _configured(node)
	checked := required | _live_only(node, required)
	count(checked) > 0
	every h in checked {
		tls.covers(leaf, h)
	}
	ev := {"observed": _cert_names(leaf), "expected": sort(checked), "missing": []}
} else := {"status": v.status, "message": v.message, "evidence": ev} if {
	required := _configured(node)
	live_names := _live_only(node, required)
	missing := {h | some h in required; not tls.covers(leaf, h)}
	live_missing := {h | some h in live_names; not tls.covers(leaf, h)}
	fails := {m | count(missing) > 0; m := sprintf("the HTTP certificate (SANs %v) does not name %v, configured in %s", [tls.cert_names(leaf), sort(missing), _where_hosts(node)])}
	warns := {m | count(live_missing) > 0; m := sprintf("the HTTP certificate (SANs %v) does not name %v, the node's live http publish address used by sniffing clients", [tls.cert_names(leaf), sort(live_missing)])}
	checked := required | live_names
	count(checked) > 0
	passes := {sprintf("the HTTP certificate names %v", [sort(checked)])}
	v := kibana.verdict(fails, set(), warns, passes)
	ev := {"observed": _cert_names(leaf), "expected": sort(checked), "missing": sort(missing | live_missing)}
} else := {"status": status, "message": msg, "evidence": {"observed": _cert_names(leaf), "expected": [node.name]}} if {
	count(_configured(node) | _live_names(node)) == 0
	[status, msg] := _node_name_verdict(node, leaf)
}

# _live_only: the live names not among the configured ones (none without
# a live publish address, answered without the call).
_live_only(node, required) := set() if not node.live.http_publish_address
else := _live_names(node) - required

_node_name_verdict(node, leaf) := ["pass", sprintf("no client-facing host is configured; the HTTP certificate names the node name %q", [node.name])] if {
	tls.covers(leaf, node.name)
} else := ["warn", sprintf("no client-facing host is configured (network.host, http.host, publish hosts) and the HTTP certificate (SANs %v) does not name the node name %q; clients must connect with one of the certificate's names", [tls.cert_names(leaf), node.name])]

_where_hosts(node) := concat(", ", [sprintf("%s (%s)", [s, settings.where(node, s)]) | some s in host_settings; settings.has_setting(node, s)])

# ---------------------------------------------------------------- per Kibana

_kibana_hosts(kb) := [h |
	some u in settings.items(kb, "elasticsearch.hosts")
	network.url_scheme(u) == "https"
	h := network.url_host(u)
]

results contains lib.result("not_applicable", lib.kibana_setting_resource(kb, "elasticsearch.hosts"), "Kibana reaches Elasticsearch over no https host, so no certificate name is checked (HTTPS-04 reports it)", {}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	count(_kibana_hosts(kb)) == 0
}

results contains lib.result_setting(v.status, lib.kibana_setting_resource(kb, "elasticsearch.hosts"), "elasticsearch.hosts", v.message, {"hosts": hosts}) if {
	some kb in lib.kibanas
	hosts := _kibana_hosts(kb)
	count(hosts) > 0
	fails := {m | some h in hosts; m := _host_fail(h)}
	unknowns := {m | some h in hosts; m := _host_unknown(h)}
	passes := {sprintf("every https host of elasticsearch.hosts (%s) is named by the certificate it reaches: %v", [settings.where(kb, "elasticsearch.hosts"), hosts])}
	v := kibana.verdict(fails, unknowns, set(), passes)
}

# the certificates a host reaches: probed endpoints with that host, else the
# nodes it names
_probe_leaves(h) := [p.certificates[0] |
	lib.cluster != null
	some p in lib.arr(object.get(lib.cluster, "tls", []))
	p.speaks_tls == true
	network.url_host(p.endpoint) == h
	count(lib.arr(p.certificates)) > 0
]

_mapped_nodes(h) := object.get(_nodes_by_host, h, [])

# _nodes_by_host maps every name a node is known by to those nodes, built
# once (an indexed comprehension): a scan of every node for every host of
# every Kibana would grow with the square of the nodes.
_host_nodes := [[h, n] | some n in lib.nodes; some h in _identity(n)]

_nodes_by_host := {h: ns | some [h, _] in _host_nodes; ns := [n | some [h2, n] in _host_nodes; h2 == h]}

_targets(h) := [{"name": p.endpoint, "leaf": p.certificates[0]} |
	lib.cluster != null
	some p in lib.arr(object.get(lib.cluster, "tls", []))
	p.speaks_tls == true
	network.url_host(p.endpoint) == h
	count(lib.arr(p.certificates)) > 0
] if count(_probe_leaves(h)) > 0
else := [{"name": n.name, "leaf": tls.es_http_leaf(n)} | some n in _mapped_nodes(h); tls.es_http_leaf(n)]

_all_leaves := [{"name": n.name, "leaf": tls.es_http_leaf(n)} | some n in lib.nodes; tls.es_http_leaf(n)]

_identified(h) if count(_probe_leaves(h)) > 0

_identified(h) if count(_mapped_nodes(h)) > 0

_host_fail(h) := sprintf("%s is not named by the HTTP certificate of %v", [h, sort(bad)]) if {
	_identified(h)
	bad := {t.name | some t in _targets(h); not tls.covers(t.leaf, h)}
	count(bad) > 0
}

_host_fail(h) := sprintf("%s names no known node and no node's HTTP certificate names it (certificates of %v)", [h, sort({t.name | some t in _all_leaves})]) if {
	not _identified(h)
	count(_all_leaves) > 0
	every t in _all_leaves {
		not tls.covers(t.leaf, h)
	}
}

_host_unknown(h) := sprintf("no HTTP certificate was read for %s (pass the node's config directory or --url to probe it)", [h]) if {
	_identified(h)
	count(_targets(h)) == 0
}

_host_unknown(h) := sprintf("no HTTP certificate was read to compare with %s", [h]) if {
	not _identified(h)
	count(_all_leaves) == 0
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
