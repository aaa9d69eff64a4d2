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
#   known. Any problem fails. When a file or the certs directory's mode
#   was not examined the result is unknown with the reason (nothing is
#   passed unexamined); a file seen with several modes is judged on each. Nodes
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

# evidence(node, name) lists what the collector knows of certs/<name>, from
# both the files list and the TLS material: {path, exists, mode, owner,
# error}. One file may appear several times (the transport keystore is also
# the truststore; the files list and a setting may both name a file), with
# different modes when the evidence disagrees: every entry is judged.
evidence(node, name) := {e |
	some f in lib.arr(object.get(node, "files", []))
	endswith(f.path, concat("", ["/certs/", name]))
	e := _entry(f)
} | {e |
	some m in lib.arr(object.get(node, "tls_material", []))
	endswith(m.path, concat("", ["/certs/", name]))
	e := _entry(m)
}

_entry(f) := {
	"path": f.path, "exists": object.get(f, "exists", true), "mode": object.get(f, "mode", ""),
	"owner": object.get(f, "owner", ""), "error": object.get(f, "error", ""),
}

# config_owner is the owner of the node's elasticsearch.yml: only that file
# (roles.yml and role_mapping.yml share the "config" role).
config_owner(node) := o if {
	owners := {object.get(f, "owner", "") |
		some f in lib.arr(object.get(node, "files", []))
		f.role == "config"
		f.path == object.get(node, "config_file", "")
	}
	count(owners) == 1
	some o in owners
	o != ""
}

certs_dir(node) := {_entry(f) | some f in lib.arr(object.get(node, "files", [])); endswith(f.path, "/certs")}

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
	files.other_access(d.mode)
	p := sprintf("the certs directory has mode %s: others can enter it", [d.mode])
} | {p |
	not files.repository
	owner := config_owner(node)
	some name in names
	some e in evidence(node, name)
	e.exists == true
	e.owner != ""
	e.owner != owner
	p := sprintf("certs/%s is owned by %s, elasticsearch.yml by %s", [name, e.owner, owner])
}

ca_key_note("http.p12") := " (it holds the HTTP CA's private key)"

ca_key_note("transport.p12") := " (it holds the transport key every node shares)"

# seen(e): the entry is known to be missing, or its mode was read. A file
# that exists but whose mode could not be read (a closed directory, a
# symlink loop) is not examined: its protection is unknown, never a pass.
seen(e) if e.exists == false

seen(e) if e.mode != ""

# examined(es): there is evidence, and every entry of it was seen.
examined(es) if {
	count(es) > 0
	every e in es {
		seen(e)
	}
}

# unexamined(node) names what a pass rests on and was not examined, with
# the collector's reason when it gave one: the three files (http_ca.crt is
# public, but the pass says it is present and owned like elasticsearch.yml)
# and the certs directory's mode.
unexamined(node) := array.concat(
	[sprintf("certs/%s%s", [name, reasons(evidence(node, name))]) | some name in names; not examined(evidence(node, name))],
	[sprintf("the certs directory's mode%s", [reasons(certs_dir(node))]) | not examined(certs_dir(node))],
)

# reasons quotes the collector's errors for entries that were not seen.
reasons(es) := sprintf(" (%s)", [concat("; ", sort(errs))]) if {
	errs := {e.error | some e in es; not seen(e); e.error != ""}
	count(errs) > 0
} else := ""

# (the rules below go over autosetup.autoconfigured_nodes, the nodes with
# the auto-configuration's marks, instead of testing every node)
results contains r if some r in autosetup.no_block_results

results contains lib.result("fail", lib.node_resource(node), msg, {"observed": sort(ps), "expected": "files present, no permissions for others"}) if {
	some node in autosetup.autoconfigured_nodes
	ps := problems(node)
	count(ps) > 0
	msg := concat("; ", sort(ps))
}

results contains lib.result("not_applicable", lib.node_resource(node), msg, {"observed": "repository", "expected": "files present, no permissions for others"}) if {
	files.repository
	some node in autosetup.autoconfigured_nodes
	count(problems(node)) == 0
	reason := object.get(input.context, "file_location_reason", "")
	msg := sprintf("the protection of the auto-generated TLS files describes the deployed host, and these files are a repository checkout or copy%s: audit the host's config directory to judge it", [paren(reason)])
}

paren(s) := sprintf(" (%s)", [s]) if s != ""
else := ""

results contains lib.result("pass", lib.node_resource(node), msg, {"observed": modes(node), "expected": "files present, no permissions for others"}) if {
	not files.repository
	some node in autosetup.autoconfigured_nodes
	count(problems(node)) == 0
	count(unexamined(node)) == 0
	dir := concat("/", sort({d.mode | some d in certs_dir(node)}))
	msg := sprintf("the auto-generated TLS files are present and grant nothing to others (certs directory %s, %s)", [dir, concat(", ", [sprintf("%s %s", [k, v]) | some k, v in modes(node)])])
}

results contains lib.result("unknown", lib.node_resource(node), msg, {"observed": "(not examined)", "expected": "files present, no permissions for others"}) if {
	not files.repository
	some node in autosetup.autoconfigured_nodes
	count(problems(node)) == 0
	count(unexamined(node)) > 0
	msg := sprintf("not examined: %s; run essec on the node's host with read access to the config directory", [concat(", ", sort(unexamined(node)))])
}

# modes(node) maps each file to the modes seen, sorted and joined
# ("0640/0660" when two entries disagree): one value per file, never a
# conflict.
modes(node) := {name: concat("/", sort({e.mode | some e in evidence(node, name); e.mode != ""})) |
	some name in names
	count(evidence(node, name)) > 0
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results
