# Marks of the 8.x security auto-configuration (the block it appends to
# elasticsearch.yml and the files it generates under config/certs).
package essec.lib.autosetup

import data.essec.lib
import data.essec.lib.settings
import data.essec.lib.tls

# certs_path(v, file): a path setting value pointing at certs/<file> in the
# config directory, as the 8.x automatic setup writes it.
certs_path(v, file) if v == concat("", ["certs/", file])

certs_path(v, file) if endswith(v, concat("", ["/certs/", file]))

under_certs(v) if startswith(v, "certs/")

under_certs(v) if contains(v, "/certs/")

default auto_http_path(_) := false

auto_http_path(node) if certs_path(settings.value(node, concat("", [tls.hp, "keystore.path"])), "http.p12")

default auto_transport_path(_) := false

auto_transport_path(node) if certs_path(settings.value(node, concat("", [tls.tp, "keystore.path"])), "transport.p12")

# autoconfigured(node): the node's configuration carries the 8.x security
# auto-configuration's own marks: its "BEGIN SECURITY AUTO CONFIGURATION"
# block in elasticsearch.yml (auto_config_block), or, where the block's
# comments are not available (a compose environment), everything the block
# writes: xpack.security.enrollment.enabled with the generated
# certs/http.p12 and certs/transport.p12 keystores. A hand-written TLS
# configuration, even one that names files under certs/, is not judged as a
# broken auto-configuration.
default autoconfigured(_) := false

autoconfigured(node) if node.auto_config_block == true

autoconfigured(node) if {
	not node.auto_config_block == true
	settings.has_setting(node, "xpack.security.enrollment.enabled")
	auto_http_path(node)
	auto_transport_path(node)
}

# autoconfigured_nodes are the nodes with the auto-configuration's marks:
# the AUTO checks judge only those, and give each other node
# no_block_results, computed once per check.
autoconfigured_nodes := [n | some n in lib.nodes; autoconfigured(n)]

no_block_results := [{"status": "not_applicable", "resource": {"kind": "node", "name": node.name, "file": object.get(node, "config_file", "")}, "message": no_block_reason, "evidence": {"observed": "no block", "expected": "auto-configuration block"}} |
	some node in lib.nodes
	not autoconfigured(node)
]

no_block_reason := "not applicable: this node's configuration has no security auto-configuration block (BEGIN SECURITY AUTO CONFIGURATION) nor the files it generates (xpack.security.enrollment.enabled with certs/http.p12 and certs/transport.p12); a hand-written TLS configuration is judged by the BAS and HTTPS checks"
