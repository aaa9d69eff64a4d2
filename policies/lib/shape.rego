# Nodes and cluster shape: how many nodes the deployment has (from the files
# read and the live cluster), and whether it runs in development mode (one
# node, transport on loopback) or production mode.
package essec.lib.shape

import data.essec.lib
import data.essec.lib.network
import data.essec.lib.settings

# ---------------------------------------------------------------- live nodes

# live_nodes lists the nodes GET /_nodes reported: id, name, flat settings and
# bound transport and HTTP addresses.
live_nodes := [n |
	some id, b in lib.body("nodes").nodes
	n := {
		"id": id,
		"name": object.get(b, "name", id),
		"settings": settings.flatten(object.get(b, "settings", {})),
		"transport_bound": object.get(object.get(b, "transport", {}), "bound_address", []),
		"http_bound": object.get(object.get(b, "http", {}), "bound_address", []),
	}
]

cat_nodes := b if {
	b := lib.body("cat_nodes")
	is_array(b)
} else := []

live_node_count := max([count(live_nodes), count(cat_nodes)])

file_node_names := {n.name | some n in lib.nodes}

# live_only_nodes are live nodes for which no configuration file was read.
live_only_nodes := [n | some n in live_nodes; not file_node_names[n.name]]

# live_settings is the flat map of settings the running node reports: the
# collector's match (node.live.settings) or the GET /_nodes entry of the same
# name; undefined without live evidence for that node.
live_settings(node) := node.live.settings if {
	is_object(node.live.settings)
} else := live_settings_by_name[node.name]

# live_settings_by_name maps each GET /_nodes name to its flat settings, built
# once (an indexed comprehension): a scan of live_nodes per node would grow
# with the square of the nodes. A name several live nodes share with
# different settings is left out (which one is this node is not known),
# rather than a conflict that stops the evaluation.
live_settings_by_name := {name: s |
	some n in live_nodes
	name := n.name
	ss := {m.settings | some m in live_nodes; m.name == name}
	count(ss) == 1
	some s in ss
}

live_single_node_discovery(n) if lower(n.settings["discovery.type"]) == "single-node"

live_transport_exposed if {
	some n in live_nodes
	some a in n.transport_bound
	not network.addr_loopback(a)
}

live_transport_exposed if {
	some node in lib.nodes
	some a in lib.arr(object.get(object.get(node, "live", {}), "transport_bound_address", []))
	not network.addr_loopback(a)
}

# ---------------------------------------------------------------- readable

# shape_known: every node that was given was read, so the shape (single
# node, development mode, multi-node production) comes from what was read.
shape_known if count(lib.unreadable_nodes) == 0

shape_unknown_reason := sprintf("the cluster's shape (single node, development mode or multi-node production) is unknown: %s could not be read", [lib.names({n.name | some n in lib.unreadable_nodes})])

# shape_unknown_result is the result a shape-dependent check gives when a
# node could not be read.
shape_unknown_result := lib.result("unknown", lib.cluster_resource, shape_unknown_reason, {"unreadable_nodes": sort({n.name | some n in lib.unreadable_nodes})}) if not shape_known

# ---------------------------------------------------------------- counts

node_count := max([count(lib.nodes) + count(live_only_nodes), live_node_count])

multi_node if node_count > 1

# multi_node_reason says why the deployment counts as several nodes.
multi_node_reason := sprintf("%d nodes in the configuration files", [count(lib.nodes)]) if {
	count(lib.nodes) > 1
} else := sprintf("%d nodes reported by the live cluster", [live_node_count]) if {
	live_node_count > 1
} else := sprintf("%d nodes", [node_count])

# ---------------------------------------------------------------- modes

default single_node_discovery(_) := false

single_node_discovery(node) if settings.lower_value(node, "discovery.type") == "single-node"

# exposed_node(node) is a node whose transport layer binds a non-loopback address.
default exposed_node(_) := false

exposed_node(node) if not network.transport_loopback_only(node)

exposed_node(node) if {
	some a in node.live.transport_bound_address
	not network.addr_loopback(a)
}

# dev_mode: a single node whose transport is bound only to loopback, from
# the files or the live cluster. Basic checks do not apply to it. When a
# given node could not be read, it is not known (dev_mode_undecided).
dev_mode if {
	shape_known
	count(lib.nodes) == 1
	network.transport_loopback_only(lib.nodes[0])
	not live_transport_exposed
	not multi_node
}

dev_mode if {
	shape_known
	count(lib.nodes) == 0
	live_node_count == 1
	count(live_nodes) == 1
	count(live_nodes[0].transport_bound) > 0
	every a in live_nodes[0].transport_bound {
		network.addr_loopback(a)
	}
}

# dev_mode_undecided: a node could not be read, and the nodes that were read
# would otherwise be a development-mode single node.
dev_mode_undecided if {
	not shape_known
	count(lib.nodes) <= 1
	every n in lib.nodes {
		network.transport_loopback_only(n)
	}
}

# judged_mode: basic checks judge the nodes (not development mode, and the
# mode is known).
judged_mode if {
	not dev_mode
	not dev_mode_undecided
}

# production_mode: several nodes, or a transport layer bound to a
# non-loopback address without single-node discovery (bootstrap checks are
# then enforced and transport TLS is mandatory).
production_mode if multi_node

production_mode if {
	some node in lib.nodes
	exposed_node(node)
	not single_node_discovery(node)
}

production_mode if {
	some n in live_nodes
	some a in n.transport_bound
	not network.addr_loopback(a)
	not live_single_node_discovery(n)
}

production_reason := multi_node_reason if multi_node
else := sprintf("transport of %s bound to %s without discovery.type single-node", [exposed[0].name, concat(", ", network.transport_hosts(exposed[0]))]) if {
	count(exposed) > 0
} else := "the live cluster reports a non-loopback transport address without single-node discovery"

exposed := [node | some node in lib.nodes; exposed_node(node); not single_node_discovery(node)]
