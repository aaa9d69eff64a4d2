# Helpers for the hardening checks (HARD-*): components, live cluster
# settings seen as a settings object, certificates, file modes, network
# addresses and cipher/protocol vocabularies.
package essec.lib.hardening

import data.essec.lib

# ---------------------------------------------------------------- generic

# arr turns null (an absent Go slice) into an empty array.
arr(x) := x if is_array(x)
else := []

# obj turns null (an absent Go pointer) into an empty object.
obj(x) := x if is_object(x)
else := {}

# as_list normalises a value read from the API (a string, a comma list or an
# array) to an array of trimmed strings.
as_list(v) := [trim_space(sprintf("%v", [x])) | some x in v] if is_array(v)
else := [] if v == ""
else := [trim_space(x) | some x in split(v, ",")] if is_string(v)
else := [] if v == null
else := [sprintf("%v", [v])]

# items is a list setting's elements, trimmed, tolerating the JSON-array
# form a compose environment uses ('["TLSv1.2","TLSv1.3"]'), which arrives
# split on commas with its brackets and quotes.
items(obj, name) := [u |
	some x in lib.list(obj, name)
	u := trim(trim_space(x), "[]\"' ")
	u != ""
]

# lower_list lower-cases every element of a setting's list.
lower_list(obj, name) := [lower(x) | some x in items(obj, name)]

# settings_with_suffix lists the names of obj's settings ending with suffix.
settings_with_suffix(obj, suffix) := {name | some name, _ in object.get(obj, "settings", {}); endswith(name, suffix)}

# names joins a set or array of strings for messages.
names(xs) := concat(", ", sort([x | some x in xs]))

# ---------------------------------------------------------------- components

# file_kibanas are the Kibana instances read from files or compose: an
# instance known only from --kibana-url (origin "live") has no settings,
# keystore or file evidence.
file_kibanas := [k | some k in lib.kibanas; object.get(k, "origin", "") != "live"]

# components are the Elasticsearch nodes and file-backed Kibana instances.
components contains {"kind": "node", "obj": n} if some n in lib.nodes

components contains {"kind": "kibana", "obj": k} if some k in file_kibanas

component_resource(c) := lib.node_resource(c.obj) if c.kind == "node"
else := lib.kibana_resource(c.obj)

# ---------------------------------------------------------------- live settings

# A live cluster's GET /_cluster/settings answer turned into a settings object
# shaped like a node's, so checks can apply the same lib helpers to it:
# live_dynamic holds persistent and transient overrides (transient wins),
# live_effective adds the defaults the coordinating node reports.
live_dynamic := {"name": input.deployment.name, "config_file": "", "settings": object.union(p, t)} if {
	cs := lib.body("cluster_settings")
	p := _live_settings(object.get(cs, "persistent", {}), "GET /_cluster/settings (persistent)")
	t := _live_settings(object.get(cs, "transient", {}), "GET /_cluster/settings (transient)")
}

live_effective := {"name": input.deployment.name, "config_file": "", "settings": object.union(d, live_dynamic.settings)} if {
	cs := lib.body("cluster_settings")
	d := _live_settings(object.get(cs, "defaults", {}), "GET /_cluster/settings (defaults)")
}

_live_settings(m, src) := {k: {"value": concat(",", l), "list": l, "source": src} |
	some k, v in m
	l := as_list(v)
}

# live_has is true when the live cluster overrides name dynamically.
live_has(name) if live_dynamic.settings[name]

# Subjects are what a settings check judges: every node from its files, and,
# for static settings, the live cluster's effective settings when no node
# file was read (an API-only audit). subject_resource points at the setting.
static_subjects contains {"kind": "node", "obj": n} if some n in lib.nodes

static_subjects contains {"kind": "cluster", "obj": live_effective} if {
	count(lib.nodes) == 0
	live_effective
}

# dynamic_subjects: nodes plus the live persistent/transient overrides, for
# dynamic settings that a cluster-wide update can set on top of the files.
dynamic_subjects contains {"kind": "node", "obj": n} if some n in lib.nodes

dynamic_subjects contains {"kind": "cluster", "obj": live_dynamic} if {
	count(lib.nodes) > 0
	count(live_dynamic.settings) > 0
}

dynamic_subjects contains {"kind": "cluster", "obj": live_effective} if {
	count(lib.nodes) == 0
	live_effective
}

subject_resource(s, name) := lib.node_setting_resource(s.obj, name) if s.kind == "node"
else := lib.kibana_setting_resource(s.obj, name) if s.kind == "kibana"
else := lib.cluster_resource

subject_plain_resource(s) := lib.node_resource(s.obj) if s.kind == "node"
else := lib.kibana_resource(s.obj) if s.kind == "kibana"
else := lib.cluster_resource

# subject_label names a subject in messages.
subject_label(s) := sprintf("node %s", [s.obj.name]) if s.kind == "node"
else := sprintf("Kibana %s", [s.obj.name]) if s.kind == "kibana"
else := "the live cluster"

# ---------------------------------------------------------------- security and TLS

node_security_off(node) if lib.is_false(node, "xpack.security.enabled")

node_security_off(node) if {
	not lib.has_setting(node, "xpack.security.enabled")
	lib.major < 8
}

http_tls(node) if lib.is_true(node, "xpack.security.http.ssl.enabled")

transport_tls(node) if lib.is_true(node, "xpack.security.transport.ssl.enabled")

# node_tls_enabled: the node serves TLS on transport or HTTP.
node_tls_enabled(node) if transport_tls(node)

node_tls_enabled(node) if http_tls(node)

# tls_configured is true when any component uses TLS or names TLS material.
tls_configured if count(materials) > 0

tls_configured if {
	some n in lib.nodes
	node_tls_enabled(n)
}

tls_configured if {
	some k in file_kibanas
	lib.is_true(k, "server.ssl.enabled")
}

# ---------------------------------------------------------------- certificates

cert_roles := {"keystore", "truststore", "certificate", "certificate_authorities"}

# presented_roles hold the certificate a component presents (its own leaf).
presented_roles := {"keystore", "certificate"}

materials contains {"component": c.kind, "owner": c.obj.name, "m": m} if {
	some c in components
	some m in arr(object.get(c.obj, "tls_material", []))
}

certificates contains {
	"component": x.component, "owner": x.owner, "path": x.m.path,
	"setting": object.get(x.m, "setting", ""), "role": object.get(x.m, "role", ""),
	"context": object.get(x.m, "context", ""), "cert": cert,
} if {
	some x in materials
	some cert in arr(object.get(x.m, "certificates", []))
}

cert_key(cert) := concat("|", [object.get(cert, "sha256", ""), object.get(cert, "subject", ""), object.get(cert, "serial", "")])

# unique_certs holds each certificate once (a CA file is often copied to
# every node), at its first path in sort order, with every location.
unique_certs contains object.union(e, {"locations": paths, "owners": owners}) if {
	some k in {cert_key(x.cert) | some x in certificates}
	es := [x | some x in certificates; cert_key(x.cert) == k]
	paths := sort({x.path | some x in es})
	owners := sort({x.owner | some x in es})
	e := array.concat([x | some x in es; x.path == paths[0]; presented_roles[x.role]], [x | some x in es; x.path == paths[0]])[0]
}

cert_resource(e) := {"kind": "certificate", "name": e.cert.subject, "file": e.path}

# cert_label names a certificate and where it was read, for messages.
cert_label(e) := sprintf("%q (%s)", [e.cert.subject, lib.base(e.path)])

# unreadable_materials are certificate-bearing files without a certificate
# essec could read.
unreadable_materials contains x if {
	some x in materials
	cert_roles[object.get(x.m, "role", "")]
	count(arr(object.get(x.m, "certificates", []))) == 0
}

material_problem(m) := "does not exist" if object.get(m, "exists", true) == false
else := sprintf("could not be read: %s", [m.error]) if object.get(m, "error", "") != ""
else := "is not readable by essec" if object.get(m, "readable", true) == false
else := "holds no certificate essec could read"

material_resource(m) := {"kind": "file", "name": m.path, "file": m.path}

# no_certificates_result gives the one result of a certificate check that
# found no certificate at all: unknown when TLS is configured, else
# not_applicable. extra is true when other evidence (live) was judged.
no_certificates_status := "unknown" if tls_configured
else := "not_applicable"

no_certificates_message := msg if {
	tls_configured
	count(unreadable_materials) == 0
	msg := "TLS is configured but essec read no certificate file (run essec where the node's config directory and certificates are readable)"
} else := msg if {
	tls_configured
	msg := sprintf("TLS is configured but no certificate could be read: %s", [concat("; ", sort([sprintf("%s %s", [x.m.path, material_problem(x.m)]) | some x in unreadable_materials]))])
} else := "no TLS material is configured on any node or Kibana instance"

# ---------------------------------------------------------------- time

now_ns := time.parse_rfc3339_ns(input.context.now) if object.get(input.context, "now", "") != ""
else := time.now_ns()

day_ns := 86400000000000

warn_days := input.context.cert_expiry_warn_days if object.get(input.context, "cert_expiry_warn_days", 0) > 0
else := 30

# ---------------------------------------------------------------- files

# valid_mode: an octal permission string such as "0660".
valid_mode(mode) if regex.match(`^[0-7]{3,6}$`, mode)

_digit(mode, pos) := to_number(substring(mode, count(mode) - pos, 1))

other_reads(mode) if bits.and(_digit(mode, 1), 4) != 0

other_writes(mode) if bits.and(_digit(mode, 1), 2) != 0

group_reads(mode) if bits.and(_digit(mode, 2), 4) != 0

group_writes(mode) if bits.and(_digit(mode, 2), 2) != 0

# ---------------------------------------------------------------- network

# in_container: the node is a docker-compose service. Elastic's image ships
# an elasticsearch.yml with network.host: 0.0.0.0, so a compose node that
# sets no host binds every interface of its container.
in_container(node) if object.get(node, "compose", null) != null

_host_settings := ["network.host", "network.bind_host"]

_image_default(node, layer_settings) if {
	in_container(node)
	every s in array.concat(_host_settings, layer_settings) {
		not lib.has_setting(node, s)
	}
}

effective_transport_hosts(node) := ["0.0.0.0"] if _image_default(node, ["transport.host", "transport.bind_host"])
else := lib.transport_hosts(node)

effective_http_hosts(node) := ["0.0.0.0"] if _image_default(node, ["http.host", "http.bind_host"])
else := lib.http_hosts(node)

effective_transport_loopback_only(node) if {
	every x in effective_transport_hosts(node) {
		host_class(x) == "loopback"
	}
}

private_cidrs := [
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10",
	"fc00::/7", "fe80::/10",
]

all_interfaces := {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "0"}

# strip_brackets removes [] around an IPv6 literal.
strip_brackets(h) := trim_suffix(trim_prefix(h, "["), "]")

is_ipv4(h) if regex.match(`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`, h)

is_ip(h) if is_ipv4(h)

is_ip(h) if contains(strip_brackets(h), ":")

# host_class classifies a bind address: loopback, all (every interface),
# global (_global_), site (_site_), private, public, interface (_eth0_) or
# name (a host name essec does not resolve).
host_class(host) := "loopback" if lib.is_loopback(host)
else := "loopback" if strip_brackets(host) == "::1"
else := "all" if all_interfaces[lower(host)]
else := "global" if startswith(lower(host), "_global")
else := "site" if startswith(lower(host), "_site")
else := "interface" if startswith(host, "_")
else := "private" if {
	is_ip(host)
	some cidr in private_cidrs
	net.cidr_contains(cidr, strip_brackets(host))
} else := "public" if is_ip(host)
else := "name"

# class_rank orders classes from least to most exposed.
class_rank := {"loopback": 0, "private": 1, "interface": 1, "name": 1, "site": 2, "all": 3, "global": 4, "public": 4}

# worst_host is the most exposed of a list of hosts.
worst_host(hosts) := h if {
	ranks := [class_rank[host_class(x)] | some x in hosts]
	m := max(ranks)
	h := [x | some x in hosts; class_rank[host_class(x)] == m][0]
}

# ---------------------------------------------------------------- TLS vocabularies

weak_protocols := {"sslv2hello", "sslv3", "tlsv1", "tlsv1.1"}

weak_protocol(p) if weak_protocols[lower(trim_space(p))]

_weak_cipher_markers := {"NULL", "EXPORT", "EXP-", "EXP1024", "RC4", "3DES", "DES_CBC", "DES-CBC", "_ANON_", "ADH-", "AECDH-", "MD5"}

_weak_cipher_keywords := {"LOW", "MEDIUM", "COMPLEMENTOFALL", "EXP", "ANULL", "ENULL", "ADH", "AECDH", "DES", "3DES", "RC4", "SSLV3"}

# weak_cipher: a cipher suite (JSSE name) or OpenSSL cipher-list element that
# brings NULL, EXPORT, RC4, (3)DES, anonymous or MD5 suites. Exclusions
# ("!aNULL", "-RC4") are not weak.
weak_cipher(c) if {
	u := upper(trim_space(c))
	not startswith(u, "!")
	not startswith(u, "-")
	some m in _weak_cipher_markers
	contains(u, m)
}

weak_cipher(c) if {
	u := trim_prefix(upper(trim_space(c)), "+")
	_weak_cipher_keywords[u]
}

# cipher_elements splits OpenSSL-style "A:B" strings into elements.
cipher_elements(list) := [trim_space(e) | some x in list; some e in split(x, ":"); trim_space(e) != ""]
