# Marks of the 8.x security auto-configuration (the block it appends to
# elasticsearch.yml and the files it generates under config/certs).
package essec.lib.autosetup

import data.essec.lib.settings
import data.essec.lib.tls

# certs_path(v, file): a path setting value pointing at certs/<file> in the
# config directory, as the 8.x automatic setup writes it.
certs_path(v, file) if v == concat("", ["certs/", file])

certs_path(v, file) if endswith(v, concat("", ["/certs/", file]))

under_certs(v) if startswith(v, "certs/")

under_certs(v) if contains(v, "/certs/")

auto_http_path(node) if certs_path(settings.value(node, concat("", [tls.hp, "keystore.path"])), "http.p12")

auto_transport_path(node) if certs_path(settings.value(node, concat("", [tls.tp, "keystore.path"])), "transport.p12")

# autoconfigured(node): the node carries the 8.x security auto-configuration
# block. The block's comment markers are not part of the input document, so
# it is recognised by what it writes: certs/http.p12 and certs/transport.p12
# as the HTTP and transport keystores, or one of them together with
# xpack.security.enrollment.enabled.
autoconfigured(node) if {
	auto_http_path(node)
	auto_transport_path(node)
}

autoconfigured(node) if {
	settings.has_setting(node, "xpack.security.enrollment.enabled")
	auto_http_path(node)
}

autoconfigured(node) if {
	settings.has_setting(node, "xpack.security.enrollment.enabled")
	auto_transport_path(node)
}

no_block_reason := "no security auto-configuration block (certs/http.p12 and certs/transport.p12 keystores) in this node's configuration"
