# METADATA
# title: Auto-generated TLS files present and protected
# description: |
#   The automatic setup writes certs/http_ca.crt, certs/http.p12 and
#   certs/transport.p12 (mode 0660, directory 0750). http.p12 also holds the
#   HTTP CA's private key, with which anyone can mint certificates clients
#   trust; transport.p12 is the key every enrolled node shares. Judged per
#   node with the auto-configuration block, from the file evidence (files
#   list and TLS material): every file must exist; http.p12, transport.p12
#   and the certs directory must grant nothing to others (tool policy:
#   http_ca.crt is a public certificate, so a world-readable mode is fine);
#   each file's owner must match elasticsearch.yml's owner when both are
#   known. Any problem fails. When http.p12 or transport.p12 was not
#   examined the result is unknown (nothing is passed unexamined). Nodes
#   without the block are not_applicable. Modes and owners describe a host:
#   for a repository checkout or copy (context.file_location "repository")
#   only missing files fail, and the protection is not_applicable.
# custom:
#   id: AUTO-02
#   level: auto-setup
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     chmod 750 $ES_PATH_CONF/certs; chmod 660 $ES_PATH_CONF/certs/*; give the
#     files the owner and group of elasticsearch.yml (package installs:
#     root:elasticsearch). Restore missing files from backup, or re-run the
#     setup (bin/elasticsearch-reconfigure-node on deb/rpm).
#   requires: [C]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
package essec.checks.autosetup.auto_02

import data.essec.lib
import data.essec.lib.autosetup
import data.essec.lib.files

names := ["http_ca.crt", "http.p12", "transport.p12"]

keys := {"http.p12", "transport.p12"}

# evidence(node, name) lists what the collector knows of certs/<name>:
# {path, exists, mode, owner} from the files list or the TLS material.
evidence(node, name) := [e |
	some f in object.get(node, "files", [])
	endswith(f.path, concat("", ["/certs/", name]))
	e := {"path": f.path, "exists": f.exists, "mode": object.get(f, "mode", ""), "owner": object.get(f, "owner", "")}
] if {
	count([f | some f in object.get(node, "files", []); endswith(f.path, concat("", ["/certs/", name]))]) > 0
} else := [e |
	some m in object.get(node, "tls_material", [])
	endswith(m.path, concat("", ["/certs/", name]))
	e := {"path": m.path, "exists": m.exists, "mode": object.get(m, "mode", ""), "owner": object.get(m, "owner", ""), "readable": object.get(m, "readable", true)}
]

config_owner(node) := o if {
	some f in object.get(node, "files", [])
	f.role == "config"
	o := object.get(f, "owner", "")
	o != ""
}

certs_dir(node) := [f | some f in object.get(node, "files", []); endswith(f.path, "/certs")]

problems(node) := {p |
	some name in names
	some e in evidence(node, name)
	e.exists == false
	p := sprintf("certs/%s is missing (%s)", [name, e.path])
} | {p |
	not files.repository
	some name in keys
	some e in evidence(node, name)
	e.exists == true
	files.other_access(e.mode)
	p := sprintf("certs/%s has mode %s: others can read or use it%s", [name, e.mode, ca_key_note(name)])
} | {p |
	not files.repository
	some d in certs_dir(node)
	d.exists == true
	files.other_access(object.get(d, "mode", ""))
	p := sprintf("the certs directory has mode %s: others can enter it", [d.mode])
} | {p |
	not files.repository
	some name in names
	some e in evidence(node, name)
	e.exists == true
	e.owner != ""
	e.owner != config_owner(node)
	p := sprintf("certs/%s is owned by %s, elasticsearch.yml by %s", [name, e.owner, config_owner(node)])
}

ca_key_note("http.p12") := " (it holds the HTTP CA's private key)"

ca_key_note("transport.p12") := " (it holds the transport key every node shares)"

# examined: the file is known to be missing, or its mode was read. A file
# that exists but whose mode could not be read (a closed directory, a
# symlink loop) is not examined: its protection is unknown, never a pass.
examined(node, name) if {
	some e in evidence(node, name)
	e.exists == false
}

examined(node, name) if {
	some e in evidence(node, name)
	e.mode != ""
}

unexamined(node) := [name | some name in keys; not examined(node, name)]

results contains lib.result("not_applicable", lib.node_resource(node), autosetup.no_block_reason, {"observed": "no block", "expected": "auto-configuration block"}) if {
	some node in lib.nodes
	not autosetup.autoconfigured(node)
}

results contains lib.result("fail", lib.node_resource(node), msg, {"observed": sort(ps), "expected": "files present, no permissions for others"}) if {
	some node in lib.nodes
	autosetup.autoconfigured(node)
	ps := problems(node)
	count(ps) > 0
	msg := concat("; ", sort(ps))
}

results contains lib.result("not_applicable", lib.node_resource(node), msg, {"observed": "repository", "expected": "files present, no permissions for others"}) if {
	files.repository
	some node in lib.nodes
	autosetup.autoconfigured(node)
	count(problems(node)) == 0
	reason := object.get(input.context, "file_location_reason", "")
	msg := sprintf("the protection of the auto-generated TLS files describes the deployed host, and these files are a repository checkout or copy%s: audit the host's config directory to judge it", [paren(reason)])
}

paren(s) := sprintf(" (%s)", [s]) if s != ""
else := ""

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": modes(node), "expected": "files present, no permissions for others"}) if {
	not files.repository
	some node in lib.nodes
	autosetup.autoconfigured(node)
	count(problems(node)) == 0
	count(unexamined(node)) == 0
	msg := sprintf("the auto-generated TLS files are present and grant nothing to others (%s)", [concat(", ", [sprintf("%s %s", [k, v]) | some k, v in modes(node)])])
}

results contains lib.result("unknown", lib.node_resource(node), msg, {"observed": "(not examined)", "expected": "files present, no permissions for others"}) if {
	not files.repository
	some node in lib.nodes
	autosetup.autoconfigured(node)
	count(problems(node)) == 0
	count(unexamined(node)) > 0
	msg := sprintf("certs/%s not examined: run essec on the node's host with read access to the config directory", [concat(" and certs/", sort(unexamined(node)))])
}

modes(node) := {name: e.mode | some name in names; some e in evidence(node, name)}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
