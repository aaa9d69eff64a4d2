# TLS: whether transport and HTTP TLS are configured, the key material and
# certificates read for each component, and the protocol/cipher vocabularies.
package essec.lib.tls

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings

# Setting prefixes of the transport and HTTP TLS contexts.
tp := "xpack.security.transport.ssl."

hp := "xpack.security.http.ssl."

# ---------------------------------------------------------------- settings

http_tls(node) if settings.is_true(node, "xpack.security.http.ssl.enabled")

transport_tls(node) if settings.is_true(node, "xpack.security.transport.ssl.enabled")

# node_tls_enabled: the node serves TLS on transport or HTTP.
node_tls_enabled(node) if transport_tls(node)

node_tls_enabled(node) if http_tls(node)

# tls_configured is true when any component uses TLS or names TLS material.
tls_configured if count(material_list) > 0

tls_configured if {
	some n in lib.nodes
	node_tls_enabled(n)
}

tls_configured if {
	some k in lib.file_kibanas
	settings.is_true(k, "server.ssl.enabled")
}

# transport_profiles lists the names of extra transport profiles of a node.
transport_profiles(node) := {p |
	some name, _ in settings.all(node)
	startswith(name, "transport.profiles.")
	p := split(name, ".")[2]
}

# ---------------------------------------------------------------- key material

# material lists the TLS material of o for one context ("transport", "http",
# "kibana.server", ...).
material(o, ctx) := [m | some m in lib.arr(object.get(o, "tls_material", [])); m.context == ctx]

# leaf is the first certificate of a key material file (the node's own).
leaf(m) := m.certificates[0] if count(m.certificates) > 0

cert_roles := {"keystore", "truststore", "certificate", "certificate_authorities"}

# presented_roles hold the certificate a component presents (its own leaf).
presented_roles := {"keystore", "certificate"}

# The key material and certificates of the components and the unreadable
# material are indexed in Go, once per query, by the built-in
# essec.tls_index, and each certificate once by essec.unique_certs
# (internal/policy/index, which documents each field): grouping thousands of certificates by key costs OPA about a
# hundred times what it costs Go (docs/policy-authoring.md, Performance).
# The lists keep document order (a repeated entry kept); the sets are for
# count and membership: iterating a set sorts it first, and sorting
# thousands of certificate objects costs more than using them.
_index := essec.tls_index(lib.component_list, cert_roles)

# material_list: {"component", "owner", "m"} per TLS material entry of
# each component.
material_list := _index.materials

materials contains x if some x in material_list

# certificate_list: {"component", "owner", "path", "setting", "role",
# "context", "cert"} per certificate of each material entry.
certificate_list := _index.certificates

certificates contains x if some x in certificate_list

cert_key(cert) := concat("|", [object.get(cert, "sha256", ""), object.get(cert, "subject", ""), object.get(cert, "serial", "")])

# unique_cert_list holds each certificate once by cert_key (a CA file is
# often copied to every node), in cert_key order, at its first path in
# sort order, with every location ("locations") and owner ("owners"): the
# entry kept is the least, in sort order, of those at that path that
# present it (presented_roles), else of all those at that path.
unique_cert_list := essec.unique_certs(certificate_list, presented_roles)

unique_certs contains u if some u in unique_cert_list

# cert_resource names a certificate by subject, file and sha256: two
# certificates of one file may share a subject (a renewed leaf beside the
# old one), and only the sha256 tells their findings apart.
cert_resource(e) := {"kind": "certificate", "name": e.cert.subject, "file": e.path, "sha256": object.get(e.cert, "sha256", "")}

# cert_label names a certificate and where it was read, for messages.
cert_label(e) := sprintf("%q (%s)", [e.cert.subject, lib.base(e.path)])

# unreadable_materials are the material_list entries of certificate-bearing
# files (cert_roles) without a certificate essec could read.
unreadable_materials := _index.unreadable

# by_path groups material entries (of material_list) by file: one entry per
# path, {"path", "m", "settings", "owners"}, with the settings and
# components that name it, so a file named by several settings or nodes
# gives one finding (m is the first entry's, in the order of xs).
by_path(xs) := essec.by_path(xs)

# unreadable_files are the unreadable_materials grouped by path.
unreadable_files := by_path(unreadable_materials)

material_problem(m) := "does not exist" if object.get(m, "exists", true) == false
else := sprintf("could not be read: %s", [m.error]) if object.get(m, "error", "") != ""
else := "is not readable by essec" if object.get(m, "readable", true) == false
else := "holds no certificate essec could read"

material_resource(m) := {"kind": "file", "name": m.path, "file": m.path}

# no_certificates_status / _message give the one result of a certificate
# check that found no certificate at all: unknown when TLS is configured,
# else not_applicable.
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

# ---------------------------------------------------------------- certificates

# server_leaf is the certificate a server presents from one key material:
# a non-CA certificate whose key the file holds, else the first non-CA, else
# the first. (The 8.x auto-setup http.p12 also holds the HTTP CA with its key.)
server_leaf(m) := l[0] if {
	l := [c | some c in lib.arr(object.get(m, "certificates", [])); c.has_private_key == true; not c.is_ca == true]
	count(l) > 0
} else := l[0] if {
	l := [c | some c in lib.arr(object.get(m, "certificates", [])); not c.is_ca == true]
	count(l) > 0
} else := m.certificates[0] if count(lib.arr(object.get(m, "certificates", []))) > 0

# covers is true when the certificate is valid for host: IP SANs for an
# address; DNS SANs (a leading "*." matching exactly one label) for a name,
# and the subject CN only when the certificate has no DNS SAN (the fallback
# Java and Node.js clients still apply).
covers(cert, host) if {
	network.is_ip(network.norm_host(host))
	some ip in lib.arr(object.get(cert, "ip_addresses", []))
	network.norm_host(ip) == network.norm_host(host)
}

covers(cert, host) if {
	not network.is_ip(network.norm_host(host))
	some n in lib.arr(object.get(cert, "dns_names", []))
	dns_match(network.norm_host(n), network.norm_host(host))
}

covers(cert, host) if {
	not network.is_ip(network.norm_host(host))
	count(lib.arr(object.get(cert, "dns_names", []))) == 0
	some cn in subject_cns(cert)
	dns_match(network.norm_host(cn), network.norm_host(host))
}

dns_match(pattern, host) if pattern == host

dns_match(pattern, host) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	label := trim_suffix(host, suffix)
	label != ""
	not contains(label, ".")
}

subject_cns(cert) := {m[1] | some m in regex.find_all_string_submatch_n(`(?:^|,)\s*CN=([^,]+)`, object.get(cert, "subject", ""), -1)}

# cert_names lists a certificate's names for messages.
cert_names(cert) := array.concat(lib.arr(object.get(cert, "dns_names", [])), lib.arr(object.get(cert, "ip_addresses", [])))

# es_http_leaf is the certificate an Elasticsearch node serves on HTTP, from
# its HTTP key material; undefined when not read.
es_http_leaf(node) := ls[0] if {
	ls := [l |
		some m in material(node, "http")
		m.role in {"keystore", "certificate"}
		m.readable == true
		l := server_leaf(m)
	]
	count(ls) > 0
}

# ---------------------------------------------------------------- time

now_ns := time.parse_rfc3339_ns(input.context.now) if object.get(input.context, "now", "") != ""
else := time.now_ns()

day_ns := 86400000000000

warn_days := input.context.cert_expiry_warn_days if object.get(input.context, "cert_expiry_warn_days", 0) > 0
else := 30

# ---------------------------------------------------------------- vocabularies

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
cipher_elements(l) := [trim_space(e) | some x in l; some e in split(x, ":"); trim_space(e) != ""]

# key_not_opened: the file's key material could not be opened at all, so
# what it lacks is no finding of its own.
key_not_opened(m) if object.get(m, "key_error", "") in {"encrypted-no-password", "wrong-password", "unsupported", "unreadable"}
