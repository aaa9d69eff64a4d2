# host_class and worst_host, written out for speed, classify as the
# definitions through the small helpers did (kept here as the reference).
package essec.lib.network_test

import data.essec.lib.network

ref_host_class(host) := "loopback" if network.is_loopback(host)
else := "loopback" if network.strip_brackets(host) == "::1"
else := "all" if network.wildcard_hosts[lower(host)]
else := "global" if startswith(lower(host), "_global")
else := "site" if startswith(lower(host), "_site")
else := "interface" if startswith(host, "_")
else := "private" if {
	network.is_ip(host)
	count(net.cidr_contains_matches(network.private_cidrs, network.strip_brackets(host))) > 0
} else := "public" if network.is_ip(host)
else := "name"

ref_worst_host(hosts) := h if {
	ranks := [network.class_rank[ref_host_class(x)] | some x in hosts]
	m := max(ranks)
	h := [x | some x in hosts; network.class_rank[ref_host_class(x)] == m][0]
}

hosts := [
	"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "_local_", "_local:ipv4_",
	"0.0.0.0", "::", "[::]", "0", "_global_", "_GLOBAL_", "_site_", "_site:ipv6_", "_eth0_",
	"10.1.0.2", "172.16.5.4", "172.32.0.1", "192.168.1.1", "169.254.0.1", "100.64.1.1", "8.8.8.8",
	"999.1.1.1", "fc00::1", "[fe80::1]", "2001:db8::1", "[2001:db8::1]", "es01", "es01.example.com", "",
]

test_host_class_matches_reference if {
	every h in hosts {
		network.host_class(h) == ref_host_class(h)
	}
}

test_worst_host_matches_reference if {
	lists := [["10.1.0.2"], ["127.0.0.1", "10.1.0.2"], ["10.1.0.2", "es01"], ["es01", "10.1.0.2", "8.8.8.8", "_global_"], ["_site_", "0.0.0.0"], ["localhost"]]
	every l in lists {
		network.worst_host(l) == ref_worst_host(l)
	}
}
