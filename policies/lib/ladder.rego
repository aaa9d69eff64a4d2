# How the cluster shape relaxes ladder verdicts (MIN-*, BAS-*): development
# mode makes basic checks not applicable; a single exposed node with
# single-node discovery turns transport TLS failures into warnings.
package essec.lib.ladder

import data.essec.lib.shape

dev_mode_reason := "development mode: a single node whose transport layer is bound only to loopback, so no other host can join it; basic (transport TLS) checks do not apply"

# relaxed(node): a single node with discovery.type single-node bound to a
# non-loopback address; transport TLS findings are warn, not fail, for it.
default relaxed(_) := false

relaxed(node) if {
	shape.single_node_discovery(node)
	shape.exposed_node(node)
	not shape.multi_node
}

# transport_status is the status a transport TLS shortfall gets on node.
transport_status(node) := "warn" if relaxed(node)
else := "fail"

relaxed_note(node) := " (single node with discovery.type single-node bound to a non-loopback address: warn, as bootstrap checks are not enforced, but transport TLS is still recommended)" if relaxed(node)
else := ""
