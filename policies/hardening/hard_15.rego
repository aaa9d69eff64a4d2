# METADATA
# title: Network exposure minimised
# description: |
#   Elastic's principle: never expose Elasticsearch directly to the internet
#   or to end users; bind it to the networks that need it, behind a
#   firewall. Judged per node and layer from the effective bind addresses
#   (http.bind_host > http.host > network.bind_host > network.host, and the
#   transport equivalents; default loopback). Tool policy: loopback, a
#   private address (RFC 1918, link-local, CGNAT, IPv6 ULA), _site_
#   (site-local addresses only), an interface name (_eth0_) or a host name
#   passes; all interfaces (0.0.0.0, ::) warns when the layer has TLS (and,
#   for HTTP, security on) - the auto-setup default for HTTP - and fails
#   without; a public address or _global_ warns with TLS and fails without.
#   Docker-compose nodes bind inside their container (Elastic's image sets
#   network.host 0.0.0.0), so their exposure is judged from the published
#   ports instead: 9200 or 9300
#   published on every host interface (no host IP, 0.0.0.0 or ::) warns, on
#   a public host IP fails without TLS and warns with it, on loopback or a
#   private IP passes; nothing published passes. With only live evidence
#   (no node files), each node's bound HTTP addresses from GET /_nodes are
#   judged the same way, TLS taken from GET /_xpack/usage. Kibana's
#   server.host (default localhost) is judged too: a public address or all
#   interfaces warns outside docker-compose (Kibana faces users, but belongs
#   behind a proxy or firewall).
# custom:
#   id: HARD-15
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Bind http.host and transport.host to the private interface the
#     clients and the other nodes use (or _site_), keep Elasticsearch behind
#     a firewall or VPN, and publish container ports on a specific host IP
#     (127.0.0.1:9200:9200 or a private address). Turn on HTTP and transport
#     TLS wherever a broader binding is unavoidable.
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/secure-endpoints
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/networking-settings
package essec.checks.hardening.hard_15

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls
import data.essec.lib.versions

# ---------------------------------------------------------------- bind settings

# (else chains, written out: the first of the order that is set)
http_setting(node) := "http.bind_host" if node.settings["http.bind_host"]
else := "http.host" if node.settings["http.host"]
else := "network.bind_host" if node.settings["network.bind_host"]
else := "network.host" if node.settings["network.host"]
else := "http.host"

transport_setting(node) := "transport.bind_host" if node.settings["transport.bind_host"]
else := "transport.host" if node.settings["transport.host"]
else := "network.bind_host" if node.settings["network.bind_host"]
else := "network.host" if node.settings["network.host"]
else := "transport.host"

http_protected(node) if {
	tls.http_tls(node)
	not versions.security_off(node)
}

compose(node) if object.get(node, "compose", null) != null

# bool turns a possibly undefined condition into true or false.
in_compose(obj) := true if compose(obj)
else := false

http_ok(node) := true if http_protected(node)
else := false

transport_ok(node) := true if tls.transport_tls(node)
else := false

# verdict of a bind: [status, why]
bind_verdict(cls, protected) := ["pass", "loopback only"] if cls == "loopback"
else := ["pass", "a private address"] if cls == "private"
else := ["pass", "site-local (private) addresses"] if cls == "site"
else := ["pass", "a named interface or host"] if cls in {"interface", "name"}
else := ["warn", "every interface"] if {
	cls == "all"
	protected
} else := ["fail", "every interface"] if cls == "all"
else := ["warn", "a public address"] if protected
else := ["fail", "a public address"]

# Each layer of each node is judged by a rule of its own, with its
# setting, words and result written out: a call per node and layer
# (layer, tls_word, expect, lib.result_setting) costs more than its work.
# A compose node's bind addresses are inside its container (Elastic's
# image binds 0.0.0.0): its exposure is judged from the published ports.
results contains {"status": v[0], "resource": loc[0], "setting": "http", "message": msg, "evidence": {"observed": hosts, "expected": "loopback or private addresses", "tls": protected}} if {
	some node in lib.nodes
	object.get(node, "compose", null) == null
	s := http_setting(node)
	hosts := network.http_hosts(node)
	protected := http_ok(node)
	v := bind_verdict(worst_class(hosts), protected)
	loc := located(node, s)
	msg := sprintf("HTTP is bound to %s: %s (%s, %s; %s)%s", [concat(", ", hosts), v[1], s, loc[1], http_words[protected], expect[v[0]]])
}

results contains {"status": v[0], "resource": loc[0], "setting": "transport", "message": msg, "evidence": {"observed": hosts, "expected": "loopback or private addresses", "tls": protected}} if {
	some node in lib.nodes
	object.get(node, "compose", null) == null
	s := transport_setting(node)
	hosts := network.transport_hosts(node)
	protected := transport_ok(node)
	v := bind_verdict(worst_class(hosts), protected)
	loc := located(node, s)
	msg := sprintf("transport is bound to %s: %s (%s, %s; %s)%s", [concat(", ", hosts), v[1], s, loc[1], transport_words[protected], expect[v[0]]])
}

http_words := {true: "HTTP TLS and security on", false: "no HTTP TLS or security off"}

transport_words := {true: "transport TLS on", false: "no transport TLS"}

expect := {"pass": "", "warn": "; expected loopback or private addresses, behind a firewall", "fail": "; expected loopback or private addresses, behind a firewall"}

# worst_class is the class of the most exposed of hosts (network.worst_host),
# of the only one when there is one.
worst_class(hosts) := network.host_class(hosts[0]) if count(hosts) == 1
else := network.host_class(network.worst_host(hosts))

# located is [the resource of a bind setting (lib.node_setting_resource),
# where it was read for messages]: "default _local_" when it is not set
# or settings.where says nothing.
located(node, name) := [r, w] if {
	st := node.settings[name]
	r := {"kind": "node", "name": node.name, "file": object.get(st, "file", ""), "line": object.get(st, "line", 0)}
	w := settings.where(node, name)
} else := [r, "default _local_"] if {
	st := node.settings[name]
	r := {"kind": "node", "name": node.name, "file": object.get(st, "file", ""), "line": object.get(st, "line", 0)}
} else := [{"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "default _local_"]

# ---------------------------------------------------------------- compose ports

# parse_port turns "127.0.0.1:9200:9200/tcp", "9200:9200" or "9200" into
# {host_ip, container_port}.
parse_port(p) := {"host_ip": ip, "container_port": cport} if {
	no_proto := split(p, "/")[0]
	ip := host_ip(no_proto)
	parts := split(no_proto, ":")
	cport := parts[count(parts) - 1]
}

host_ip(s) := regex.find_all_string_submatch_n(`^\[([^\]]+)\]:`, s, 1)[0][1] if startswith(s, "[")
else := split(s, ":")[0] if count(split(s, ":")) == 3
else := ""

es_port(cport) if cport in {"9200", "9300"}

es_port(cport) if {
	r := split(cport, "-")
	count(r) == 2
	some p in [9200, 9300]
	to_number(r[0]) <= p
	p <= to_number(r[1])
}

port_class(pp) := "all" if pp.host_ip in {"", "0.0.0.0", "::"}
else := network.host_class(pp.host_ip)

node_published(node) := [x |
	some p in lib.arr(object.get(node.compose, "ports", []))
	pp := parse_port(p)
	es_port(pp.container_port)
	x := {"spec": p, "class": port_class(pp), "port": pp.container_port}
]

port_verdict(cls, protected) := ["warn", "every host interface"] if cls == "all"
else := v if {
	cls != "all"
	v := bind_verdict(cls, protected)
}

port_expect("pass") := ""

port_expect(st) := "; expected a loopback or private host IP (127.0.0.1:9200:9200)" if st != "pass"

ports_protected(node) := true if {
	http_protected(node)
	tls.transport_tls(node)
} else := false

results contains lib.result_setting(v[0], lib.node_resource(node), "ports", msg, {"observed": [x.spec | some x in ps], "expected": "published on loopback or a private host IP"}) if {
	some node in lib.nodes
	object.get(node, "compose", null) != null
	ps := node_published(node)
	count(ps) > 0
	ranks := [network.class_rank[x.class] | some x in ps]
	worst := [x | some x in ps; network.class_rank[x.class] == max(ranks)][0]
	v := port_verdict(worst.class, ports_protected(node))
	msg := sprintf("compose service %s publishes %s on %s (%s)%s", [node.compose.service, worst.spec, v[1], node.compose.file, port_expect(v[0])])
}

results contains lib.result_setting("pass", lib.node_resource(node), "ports", msg, {"observed": [], "expected": "published on loopback or a private host IP"}) if {
	some node in lib.nodes
	object.get(node, "compose", null) != null
	count(node_published(node)) == 0
	msg := sprintf("compose service %s publishes neither 9200 nor 9300: reachable only on the compose network (%s)", [node.compose.service, node.compose.file])
}

# ---------------------------------------------------------------- live only

live_http_tls := true if lib.body("xpack_usage").security.ssl.http.enabled == true
else := false

results contains lib.result_setting(v[0], {"kind": "node", "name": object.get(n, "name", id)}, "http", msg, {"observed": addrs, "expected": "loopback or private addresses"}) if {
	count(lib.nodes) == 0
	some id, n in lib.body("nodes").nodes
	addrs := lib.arr(object.get(lib.obj(object.get(n, "http", {})), "bound_address", []))
	count(addrs) > 0
	hosts := [host_of(a) | some a in addrs]
	cls := network.host_class(network.worst_host(hosts))
	v := bind_verdict(cls, live_http_tls)
	msg := sprintf("GET /_nodes: node %s has HTTP bound to %s: %s (HTTP TLS %v per GET /_xpack/usage)%s", [object.get(n, "name", id), concat(", ", addrs), v[1], live_http_tls, expect[v[0]]])
}

host_of(addr) := regex.find_all_string_submatch_n(`\[([^\]]+)\]`, addr, 1)[0][1] if contains(addr, "[")
else := split(addr, ":")[0]

# ---------------------------------------------------------------- Kibana

kibana_host(kb) := settings.value(kb, "server.host") if settings.has_setting(kb, "server.host")
else := "localhost"

results contains lib.result_setting(st, lib.kibana_setting_resource(kb, "server.host"), "server.host", msg, {"observed": host, "expected": "a specific interface behind a firewall or proxy"}) if {
	some kb in lib.file_kibanas
	host := kibana_host(kb)
	cls := network.host_class(host)
	st := kibana_status(cls, in_compose(kb))
	msg := sprintf("Kibana server.host is %q (%s): %s", [host, kwhere(kb), kibana_words(cls, in_compose(kb))])
}

kibana_status(cls, in_compose) := "pass" if in_compose
else := "warn" if cls in {"all", "global", "public"}
else := "pass"

kibana_words(cls, true) := "inside a container, exposure depends on the published port"

kibana_words(cls, false) := "reachable on every interface or from the internet; put Kibana behind a proxy or firewall" if cls in {"all", "global", "public"}

kibana_words(cls, false) := "a specific or private interface" if not cls in {"all", "global", "public"}

kwhere(kb) := settings.where(kb, "server.host") if settings.has_setting(kb, "server.host")
else := "default"

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
