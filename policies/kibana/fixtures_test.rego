# Input-building helpers shared by the HTTPS, KIB and DRIFT-03 tests.
package essec.test.kibana_fixtures

kyml := "/etc/kibana/kibana.yml"

esyml := "/etc/elasticsearch/elasticsearch.yml"

# kset is a kibana.yml setting on line 7; kset_at puts it on another line.
kset(v) := kset_at(v, 7)

kset_at(v, line) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": line}

klist(l) := {"value": concat(",", l), "list": l, "source": "file", "file": kyml, "line": 8}

# ksecret is a secret kibana.yml setting: no value, only length and digest.
ksecret(length, digest) := {"value": "", "list": [], "source": "file", "file": kyml, "line": 9, "secret": true, "length": length, "digest": digest}

eset(v) := {"value": v, "list": [v], "source": "file", "file": esyml, "line": 5}

elist(l) := {"value": concat(",", l), "list": l, "source": "file", "file": esyml, "line": 6}

kb(name, settings) := {
	"name": name,
	"config_file": kyml,
	"origin": "config-dir",
	"settings": settings,
	"keystore": {"path": "/etc/kibana/kibana.keystore", "present": false},
	"tls_material": [],
	"trust": [],
	"files": [],
}

# kb_live is an instance known only from --kibana-url.
kb_live(name, http) := {"name": name, "origin": "live", "settings": {}, "keystore": null, "tls_material": [], "trust": [], "http": http}

node(name, settings) := {
	"name": name,
	"config_file": esyml,
	"origin": "config-dir",
	"settings": settings,
	"keystore": {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "decrypted": true, "entries": ["keystore.seed"]},
	"tls_material": [],
	"trust": [],
}

doc(version, nodes, kibanas) := {
	"deployment": {"name": "d", "version": version},
	"context": {"now": "2025-01-01T00:00:00Z", "live": false},
	"elasticsearch": {"nodes": nodes, "cluster": null},
	"kibana": kibanas,
}

cluster(bodies, tls) := {"reachable": true, "endpoint": "https://es01:9200", "auth": {}, "calls": {}, "bodies": bodies, "anonymous": [], "tls": tls}

with_cluster(d, c) := object.union(d, {"elasticsearch": {"nodes": d.elasticsearch.nodes, "cluster": c}})

cert(dns, ips) := {
	"subject": "CN=server",
	"issuer": "CN=Test CA",
	"dns_names": dns,
	"ip_addresses": ips,
	"is_ca": false,
	"self_signed": false,
	"has_private_key": true,
	"sha256": "leaf",
}

ca_cert := {"subject": "CN=Test CA", "issuer": "CN=Test CA", "dns_names": [], "ip_addresses": [], "is_ca": true, "self_signed": true, "sha256": "ca"}

material(ctx, role, certs) := {
	"setting": "x",
	"context": ctx,
	"role": role,
	"path": "/etc/certs/file",
	"format": "pem",
	"exists": true,
	"readable": true,
	"certificates": certs,
	"has_private_key": role in {"keystore", "key"},
}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

# only is the status of the single result of rs.
only(rs) := r.status if {
	count(rs) == 1
	some r in rs
	r.resource.kind != ""
	r.resource.name != ""
}

# verdicts are the results as "status kind/name", to assert status and
# resource together: verdicts(rs) == {"fail kibana/kb01"}.
verdicts(rs) := {sprintf("%s %s/%s", [r.status, r.resource.kind, r.resource.name]) | some r in rs}

# kb_ks is an instance whose kibana.keystore holds entries name -> [length, digest].
kb_ks(name, settings, entries) := object.union(kb(name, settings), {"keystore": {
	"path": "/etc/kibana/kibana.keystore",
	"present": true,
	"readable": true,
	"decrypted": true,
	"entries": [e | some e, _ in entries],
	"entry_lengths": {e: v[0] | some e, v in entries},
	"entry_digests": {e: v[1] | some e, v in entries},
}})

kb_locked(name, settings) := object.union(kb(name, settings), {"keystore": {"path": "/etc/kibana/kibana.keystore", "present": true, "readable": true, "password_protected": true, "decrypted": false}})
