# METADATA
# title: HTTP bound to all interfaces by the automatic setup
# description: |
#   The automatic setup writes http.host: 0.0.0.0, publishing the REST API on
#   every interface. TLS and authentication protect it, but Elastic advises
#   never to expose Elasticsearch to the public internet. Judged per node
#   with the auto-configuration block, from the effective HTTP bind hosts
#   (http.bind_host > http.host > network.bind_host > network.host) and, with
#   a live cluster, the node's bound HTTP addresses (GET /_nodes/http):
#   - bound to every interface with HTTP TLS on: warn (tool policy: whether a
#     firewall restricts port 9200 cannot be seen from the configuration, so
#     the intent is for the operator to confirm; suppress when it is);
#   - bound to every interface without HTTP TLS: fail;
#   - narrowed to specific addresses: pass.
#   Nodes without the block are not_applicable.
# custom:
#   id: AUTO-04
#   level: auto-setup
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Either restrict port 9200 with a host firewall or network policy to the
#     clients that need it, or set http.host to the interfaces clients use
#     (for example the private address and _local_) and restart. Keep HTTP
#     TLS on (HTTPS-01).
#   requires: [F, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
#     - https://www.elastic.co/docs/deploy-manage/security/secure-endpoints
#     - https://www.elastic.co/docs/reference/elasticsearch/configuration-reference/networking-settings
package essec.checks.autosetup.auto_04

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.shape
import data.essec.lib.tls

http_tls := concat("", [tls.hp, "enabled"])

bound(node) := node.live.http_bound_address if is_array(node.live.http_bound_address)
else := [a | some n in shape.live_nodes; n.name == node.name; some a in n.http_bound]

wide(node) := sprintf("http hosts %v", [network.http_hosts(node)]) if {
	some h in network.http_hosts(node)
	network.all_interfaces(h)
} else := sprintf("live HTTP bound addresses %v", [bound(node)]) if {
	some a in bound(node)
	network.all_interfaces(a)
}

# source is where the effective HTTP bind host was read: the first of
# http.bind_host > http.host > network.bind_host > network.host that is set
# (several may be; taking any one raised a conflict).
source(node) := settings.where(node, names[0]) if {
	names := [name | some name in ["http.bind_host", "http.host", "network.bind_host", "network.host"]; settings.has_setting(node, name)]
	count(names) > 0
} else := "live node info"

# (the rules below go over autosetup.autoconfigured_nodes, the nodes with
# the auto-configuration's marks, instead of testing every node)
results contains r if some r in autosetup.no_block_results

results contains lib.result("warn", lib.node_resource(node), msg, {"observed": wide(node), "expected": "specific interfaces or a firewall"}) if {
	some node in autosetup.autoconfigured_nodes
	wide(node)
	settings.is_true(node, http_tls)
	msg := sprintf("HTTP is bound to every interface (%s, %s), protected by TLS and authentication: confirm a firewall restricts port 9200 or narrow http.host", [wide(node), source(node)])
}

results contains lib.result("fail", lib.node_resource(node), msg, {"observed": wide(node), "expected": "specific interfaces, HTTP TLS on"}) if {
	some node in autosetup.autoconfigured_nodes
	wide(node)
	not settings.is_true(node, http_tls)
	msg := sprintf("HTTP is bound to every interface (%s, %s) without HTTP TLS (%s is not \"true\"): credentials cross every network in clear text", [wide(node), source(node), http_tls])
}

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": network.http_hosts(node), "expected": "specific interfaces"}) if {
	some node in autosetup.autoconfigured_nodes
	not wide(node)
	msg := sprintf("HTTP is bound to [%s] (%s), not to every interface", [concat(", ", network.http_hosts(node)), source(node)])
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
