# Network: the addresses a node binds, how exposed an address is, and host
# names in URLs.
package essec.lib.network

import data.essec.lib.settings

# ---------------------------------------------------------------- bind hosts

loopback_hosts := {"localhost", "127.0.0.1", "::1", "[::1]", "_local_", "_local:ipv4_", "_local:ipv6_"}

is_loopback(host) if loopback_hosts[lower(host)]

is_loopback(host) if startswith(host, "127.")

# wildcard_hosts are the bind hosts meaning every interface.
wildcard_hosts := {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "0"}

# transport_hosts is the list of addresses the transport layer binds to,
# following transport.bind_host > transport.host > network.bind_host > network.host.
# (settings.has_setting and settings.list written out: two helper calls per
# step of the chain cost more than the lookups)
transport_hosts(node) := l if {
	node.settings["transport.bind_host"]
	l := object.get(node, ["settings", "transport.bind_host", "list"], [])
} else := l if {
	node.settings["transport.host"]
	l := object.get(node, ["settings", "transport.host", "list"], [])
} else := l if {
	node.settings["network.bind_host"]
	l := object.get(node, ["settings", "network.bind_host", "list"], [])
} else := l if {
	node.settings["network.host"]
	l := object.get(node, ["settings", "network.host", "list"], [])
} else := ["_local_"]

http_hosts(node) := l if {
	node.settings["http.bind_host"]
	l := object.get(node, ["settings", "http.bind_host", "list"], [])
} else := l if {
	node.settings["http.host"]
	l := object.get(node, ["settings", "http.host", "list"], [])
} else := l if {
	node.settings["network.bind_host"]
	l := object.get(node, ["settings", "network.bind_host", "list"], [])
} else := l if {
	node.settings["network.host"]
	l := object.get(node, ["settings", "network.host", "list"], [])
} else := ["_local_"]

default transport_loopback_only(_) := false

transport_loopback_only(node) if {
	every h in transport_hosts(node) {
		is_loopback(h)
	}
}

# in_container: the node is a docker-compose service. Elastic's image ships
# an elasticsearch.yml with network.host: 0.0.0.0, so a compose node that
# sets no host binds every interface of its container.
in_container(node) if object.get(node, "compose", null) != null

_host_settings := ["network.host", "network.bind_host"]

default _image_default(_, _) := false

_image_default(node, layer_settings) if {
	in_container(node)
	every s in array.concat(_host_settings, layer_settings) {
		not settings.has_setting(node, s)
	}
}

effective_transport_hosts(node) := ["0.0.0.0"] if _image_default(node, ["transport.host", "transport.bind_host"])
else := transport_hosts(node)

effective_http_hosts(node) := ["0.0.0.0"] if _image_default(node, ["http.host", "http.bind_host"])
else := http_hosts(node)

default effective_transport_loopback_only(_) := false

effective_transport_loopback_only(node) if {
	every x in effective_transport_hosts(node) {
		host_class(x) == "loopback"
	}
}

# ---------------------------------------------------------------- classes

private_cidrs := [
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
	"fc00::/7", "fe80::/10",
]

# strip_brackets removes [] around an IPv6 literal.
strip_brackets(h) := trim_suffix(trim_prefix(h, "["), "]")

is_ipv4(h) if regex.match(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`, h)

is_ip(h) if is_ipv4(h)

is_ip(h) if contains(strip_brackets(h), ":")

# host_class classifies a bind address: loopback, all (every interface),
# global (_global_), site (_site_), private, public, interface (_eth0_) or
# name (a host name essec does not resolve).
# (is_loopback, strip_brackets, is_ip and the vocabularies written out as
# literals: a call or a rule reference costs several times a builtin, and
# checks classify every node's hosts; an IPv4 address, the common case, is
# matched against the ranges without the IPv6 steps)
host_class(host) := "loopback" if lower(host) in {"localhost", "127.0.0.1", "::1", "[::1]", "_local_", "_local:ipv4_", "_local:ipv6_"}
else := "loopback" if startswith(host, "127.")
else := "loopback" if trim_suffix(trim_prefix(host, "["), "]") == "::1"
else := "all" if lower(host) in {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "0"}
else := "global" if startswith(lower(host), "_global")
else := "site" if startswith(lower(host), "_site")
else := "interface" if startswith(host, "_")
else := "private" if {
	regex.match(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`, host)
	# one builtin over the ranges, not a loop of seven calls
	count(net.cidr_contains_matches(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10"], host)) > 0
} else := "private" if {
	is_ip(host)
	count(net.cidr_contains_matches(private_cidrs, strip_brackets(host))) > 0
} else := "public" if is_ip(host)
else := "name"

# class_rank orders classes from least to most exposed.
class_rank := {"loopback": 0, "private": 1, "interface": 1, "name": 1, "site": 2, "all": 3, "global": 4, "public": 4}

# worst_host is the most exposed of a list of hosts (the first of them in
# the list), each host classified once.
worst_host(hosts) := h if {
	ranked := [[class_rank[host_class(x)], x] | some x in hosts]
	m := max([r[0] | some r in ranked])
	h := [r[1] | some r in ranked; r[0] == m][0]
}

# ---------------------------------------------------------------- bound addresses

# addr_host is the host of a bound address ("[::1]:9300", "10.0.0.1:9300").
addr_host(a) := substring(a, 1, indexof(a, "]") - 1) if startswith(a, "[")

addr_host(a) := split(a, ":")[0] if {
	not startswith(a, "[")
	count(split(a, ":")) <= 2
}

addr_host(a) := a if {
	not startswith(a, "[")
	count(split(a, ":")) > 2
}

addr_loopback(a) if is_loopback(addr_host(a))

# all_interfaces is true for a bind host or bound address meaning every interface.
all_interfaces(h) if wildcard_hosts[lower(h)]

all_interfaces(h) if lower(h) == "_all_"

all_interfaces(h) if wildcard_hosts[addr_host(h)]

# ---------------------------------------------------------------- URLs

# url_host is the lower-case host of a URL or host:port ("[::1]" -> "::1").
url_host(u) := host_of(hp) if {
	s := trim_space(u)
	parts := split(s, "://")
	rest := parts[count(parts) - 1]
	hostport := split(rest, "/")[0]
	at := split(hostport, "@")
	hp := at[count(at) - 1]
}

url_scheme(u) := lower(split(trim_space(u), "://")[0]) if contains(u, "://")
else := ""

host_of(hp) := norm_host(trim_prefix(split(hp, "]")[0], "[")) if startswith(hp, "[")
else := norm_host(hp) if count(split(hp, ":")) > 2
else := norm_host(split(hp, ":")[0])

norm_host(h) := trim_suffix(trim(lower(trim_space(h)), "[]"), ".")

# concrete_host: a host name or address a client can use, not a bind-all
# address or an Elasticsearch special value such as _site_.
concrete_host(h) if {
	n := norm_host(h)
	n != ""
	not startswith(n, "_")
	not n in {"0.0.0.0", "::", "0:0:0:0:0:0:0:0"}
}
