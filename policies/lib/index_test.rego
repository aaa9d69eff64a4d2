# The Go built-ins that index the document (internal/policy/index) give
# what the Rego rules they replaced gave: the rules are kept here, as
# functions of their inputs, and compared with the built-ins over
# fixtures with every case that chooses between entries (a certificate at
# several paths and nodes, presented or only trusted, an unreadable file
# named twice, a file named by a node and by its TLS settings, compose).
package essec.lib.index_test

import data.essec.lib.files

cert_roles := {"keystore", "truststore", "certificate", "certificate_authorities"}

presented_roles := {"keystore", "certificate"}

classes := {
	"secret_roles": {"keystore", "service-tokens", "users"},
	"public_roles": {"certificate", "certificate_authorities", "truststore"},
	"key_extensions": [".key", ".p12", ".pfx", ".jks", ".bcfks", ".keystore"],
	"class_words": ["certificate or trust file", "configuration file", "key, keystore or credentials file"],
	"directory_word": "certificate directory",
}

# ---------------------------------------------------------------- the rules replaced

ref_material_list(comps) := [{"component": c.kind, "owner": c.obj.name, "m": m} |
	some c in comps
	some m in object.get(c.obj, "tls_material", [])
]

ref_certificate_list(ml) := [{
	"component": x.component, "owner": x.owner, "path": x.m.path,
	"setting": object.get(x.m, "setting", ""), "role": object.get(x.m, "role", ""),
	"context": object.get(x.m, "context", ""), "cert": cert,
} |
	some x in ml
	some cert in object.get(x.m, "certificates", [])
]

cert_key(cert) := concat("|", [object.get(cert, "sha256", ""), object.get(cert, "subject", ""), object.get(cert, "serial", "")])

ref_unique_cert_list(cl) := [u | some u in by_key] if {
	by_key := {k: object.union(e, {"locations": paths, "owners": owners, "presented_leaf": leaf, "file_name": base(e.path)}) |
		some k in {cert_key(x.cert) | some x in cl}
		es := [x | some x in cl; cert_key(x.cert) == k]
		paths := sort({x.path | some x in es})
		owners := sort({x.owner | some x in es})
		at_first := [x | some x in es; x.path == paths[0]]
		presented := [x | some x in at_first; presented_roles[x.role]]
		e := min(array.concat(presented, [x | count(presented) == 0; some x in at_first]))
		leaf := count([x | some x in es; presented_roles[x.role]; not x.cert.is_ca]) > 0
	}
}

base(path) := parts[count(parts) - 1] if {
	parts := split(path, "/")
}

ref_unreadable(ml) := {x |
	some x in ml
	cert_roles[object.get(x.m, "role", "")]
	count(arr(object.get(x.m, "certificates", []))) == 0
}

arr(x) := x if is_array(x)
else := []

ref_by_path(xs) := {{"path": p, "m": first.m, "settings": settings_of, "owners": owners_of} |
	some p in {x.m.path | some x in xs}
	ms := [x | some x in xs; x.m.path == p]
	first := ms[0]
	settings_of := sort({object.get(x.m, "setting", "") | some x in ms})
	owners_of := sort({x.owner | some x in ms})
}

file_rank(f) := 2 if classes.secret_roles[f.role]
else := 2 if {
	f.role == "tls"
	strings.any_suffix_match(lower(f.path), classes.key_extensions)
} else := 0 if f.role == "tls"
else := 1

material_rank(m) := 2 if m.role in {"key", "keystore"}
else := 2 if m.has_private_key == true
else := 0 if classes.public_roles[m.role]
else := 2

ref_entry_list(comps, ml) := array.concat(
	[{
		"path": f.path, "rank": file_rank(f), "mode": object.get(f, "mode", ""), "perm": perm(object.get(f, "mode", "")),
		"owner": object.get(f, "owner", ""), "group": object.get(f, "group", ""),
		"error": object.get(f, "error", ""), "compose": c.obj.name in compose_owners, "component": c.obj.name,
	} |
		some c in comps
		some f in arr(object.get(c.obj, "files", []))
		object.get(f, "exists", true) != false
	],
	[{
		"path": x.m.path, "rank": material_rank(x.m), "mode": object.get(x.m, "mode", ""), "perm": perm(object.get(x.m, "mode", "")),
		"owner": object.get(x.m, "owner", ""), "group": object.get(x.m, "group", ""),
		"error": "", "compose": x.owner in compose_owners, "component": x.owner,
	} |
		some x in ml
		object.get(x.m, "exists", true) != false
	],
) if {
	compose_owners := {c.obj.name | some c in comps; object.get(c.obj, "compose", null) != null}
}

perm(mode) := [files.digit(mode, 2), files.digit(mode, 1)] if files.valid_mode(mode)
else := null

ref_files_by_path(entries) := {p: classed(merged(es)) |
	some p in {e.path | some e in entries}
	es := [e | some e in entries; e.path == p]
}

merged(es) := es[0] if count(es) == 1
else := object.union(base, {"rank": max([e.rank | some e in es]), "compose": compose}) if {
	with_mode := [e | some e in es; e.mode != ""]
	base := min(array.concat(with_mode, [e | count(with_mode) == 0; some e in es]))
	compose := count([e | some e in es; e.compose]) > 0
}

classed(e) := object.union(e, {"class": class_word(e)})

class_word(f) := classes.directory_word if {
	f.rank == 0
	endswith(f.path, "/certs")
} else := classes.class_words[f.rank]

# ---------------------------------------------------------------- fixtures

cert(subject, issuer, extra) := object.union({
	"subject": subject, "issuer": issuer, "serial": concat("", ["s-", subject]), "sha256": concat("", ["h-", subject]),
	"not_before": "2025-01-01T00:00:00Z", "not_after": "2027-01-01T00:00:00Z", "is_ca": false, "self_signed": false,
	"key_algorithm": "RSA", "key_bits": 2048, "signature_algorithm": "SHA256withRSA",
}, extra)

ca := cert("CN=ca", "CN=ca", {"is_ca": true, "self_signed": true})

material(ctx, role, setting, path, certs, extra) := object.union({
	"context": ctx, "role": role, "setting": setting, "path": path, "exists": true, "readable": true,
	"mode": "0660", "owner": "root", "group": "elasticsearch", "certificates": certs,
}, extra)

file(path, role, mode) := {"path": path, "role": role, "exists": true, "mode": mode, "owner": "root", "group": "elasticsearch"}

node(name, materials, files, extra) := object.union({"name": name, "tls_material": materials, "files": files}, extra)

leaf(n) := cert(sprintf("CN=%s", [n]), "CN=ca", {})

# Three nodes and a Kibana: the CA is in every node's keystore and in a
# shared CA file read at two paths; es02's keystore holds the CA only as
# trust; es03 names its CA file as both certificate_authorities and a
# truststore; es02 has an unreadable keystore named by two settings;
# es03's key is named as a file and as key material; kibana is a compose
# service with a file of no mode.
components := [
	{"kind": "node", "obj": node("es01", [
		material("transport", "keystore", "xpack.security.transport.ssl.keystore.path", "/etc/es01/certs/es01.p12", [leaf("es01"), ca], {}),
		material("http", "truststore", "xpack.security.http.ssl.truststore.path", "/etc/es01/certs/es01.p12", [leaf("es01"), ca], {}),
		material("http", "certificate_authorities", "xpack.security.http.ssl.certificate_authorities", "/etc/shared/ca.crt", [ca], {"mode": "0644"}),
	], [file("/etc/es01/elasticsearch.yml", "config", "0660"), file("/etc/es01/certs/es01.p12", "tls", "0640"), file("/etc/es01/certs", "tls", "0750")], {})},
	{"kind": "node", "obj": node("es02", [
		material("transport", "truststore", "xpack.security.transport.ssl.truststore.path", "/etc/es02/certs/trust.p12", [ca], {}),
		material("transport", "keystore", "xpack.security.transport.ssl.keystore.path", "/etc/es02/certs/es02.p12", [], {"readable": false, "error": "wrong password"}),
		material("http", "keystore", "xpack.security.http.ssl.keystore.path", "/etc/es02/certs/es02.p12", null, {"readable": false, "error": "wrong password"}),
		material("http", "certificate_authorities", "xpack.security.http.ssl.certificate_authorities", "/etc/a-shared/ca.crt", [ca], {}),
	], [file("/etc/es02/elasticsearch.yml", "config", "0644"), object.union(file("/etc/es02/missing.yml", "config", "0600"), {"exists": false})], {})},
	{"kind": "node", "obj": node("es03", [
		material("transport", "certificate", "xpack.security.transport.ssl.certificate", "/etc/es03/certs/es03.crt", [leaf("es03"), ca], {}),
		material("transport", "key", "xpack.security.transport.ssl.key", "/etc/es03/certs/es03.key", [], {"mode": ""}),
		material("transport", "certificate_authorities", "xpack.security.transport.ssl.certificate_authorities", "/etc/es03/certs/ca.crt", [ca], {}),
		material("transport", "truststore", "xpack.security.transport.ssl.truststore.path", "/etc/es03/certs/ca.crt", [ca], {}),
	], [file("/etc/es03/certs/es03.key", "tls", "0600"), file("/etc/es03/certs/CA.PEM", "tls", "0644"), file("/etc/es03/jvm.options", "config", "rw-r--r--"), file("/etc/es03/x.yml", "config", "12")], {})},
	{"kind": "kibana", "obj": node("kibana", [
		material("kibana.server", "certificate", "server.ssl.certificate", "/etc/kibana/kibana.crt", [leaf("kibana")], {"mode": "0640"}),
	], [file("/etc/kibana/kibana.yml", "config", ""), file("/etc/kibana/kibana.keystore", "keystore", "0660")], {"compose": {"file": "docker-compose.yml", "service": "kibana"}})},
]

# ---------------------------------------------------------------- tests

test_tls_index_matches_the_rules if {
	idx := essec.tls_index(components, cert_roles)
	ml := ref_material_list(components)
	cl := ref_certificate_list(ml)
	idx.materials == ml
	idx.certificates == cl
	essec.unique_certs(idx.certificates, presented_roles) == ref_unique_cert_list(cl)
	idx.unreadable == ref_unreadable(ml)
	essec.by_path(idx.unreadable) == ref_by_path(ref_unreadable(ml))
}

# The CA is kept once, at its first path in sort order, with every
# location and owner; a leaf is kept where it is presented (es01's is also
# a trust entry, of a lesser context, in the same file).
test_tls_index_keeps_each_certificate_once if {
	idx := essec.tls_index(components, cert_roles)
	unique := essec.unique_certs(idx.certificates, presented_roles)
	cas := [u | some u in unique; u.cert.subject == "CN=ca"]
	count(cas) == 1
	cas[0].path == "/etc/a-shared/ca.crt"
	cas[0].owners == ["es01", "es02", "es03"]
	count(cas[0].locations) == 6
	count(unique) == 4
	es01 := [u | some u in unique; u.cert.subject == "CN=es01"]
	es01[0].role == "keystore"
}

# Two settings naming one unreadable file give one entry with both.
test_by_path_groups_a_file_named_twice if {
	idx := essec.tls_index(components, cert_roles)
	files := essec.by_path(idx.unreadable)
	count(files) == 1
	some f in files
	f.path == "/etc/es02/certs/es02.p12"
	f.settings == ["xpack.security.http.ssl.keystore.path", "xpack.security.transport.ssl.keystore.path"]
	f.owners == ["es02"]
}

test_file_index_matches_the_rules if {
	ml := ref_material_list(components)
	idx := essec.file_index(components, ml, classes)
	entries := ref_entry_list(components, ml)
	idx.files == ref_files_by_path(entries)
	idx.components == {e.component | some e in entries}
}

test_file_index_merges_a_path_named_twice if {
	idx := essec.file_index(components, ref_material_list(components), classes)
	f := idx.files["/etc/es03/certs/es03.key"]
	f.rank == 2
	f.mode == "0600"
	idx.files["/etc/es03/certs/CA.PEM"].rank == 0
	idx.files["/etc/es03/certs/CA.PEM"].class == "certificate or trust file"
	idx.files["/etc/es03/certs/es03.key"].class == "key, keystore or credentials file"
	idx.files["/etc/es01/certs"].class == "certificate directory"
	idx.files["/etc/es01/elasticsearch.yml"].class == "configuration file"
	idx.files["/etc/kibana/kibana.yml"].compose == true
	not idx.files["/etc/es02/missing.yml"]
}

# Shared certificates across many components: the index equals the rules
# over a fleet of 30 nodes with one CA file copied to every node.
test_tls_index_matches_over_a_fleet if {
	fleet := [{"kind": "node", "obj": node(sprintf("es%02d", [i]), [
		material("transport", "keystore", "xpack.security.transport.ssl.keystore.path", sprintf("/etc/es%02d/certs/node.p12", [i]), [leaf(sprintf("es%02d", [i])), ca], {}),
		material("transport", "certificate_authorities", "xpack.security.transport.ssl.certificate_authorities", sprintf("/etc/es%02d/certs/ca.crt", [i % 7]), [ca], {}),
	], [], {})} |
		some i in numbers.range(1, 30)
	]
	idx := essec.tls_index(fleet, cert_roles)
	ml := ref_material_list(fleet)
	cl := ref_certificate_list(ml)
	essec.unique_certs(idx.certificates, presented_roles) == ref_unique_cert_list(cl)
	ref_files_by_path(ref_entry_list(fleet, ml)) == essec.file_index(fleet, ml, classes).files
}
