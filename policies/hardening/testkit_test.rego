# Builders shared by the hardening checks' tests: small input documents.
package essec.checks.hardening.testkit_test

yml := "/etc/elasticsearch/elasticsearch.yml"

kyml := "/etc/kibana/kibana.yml"

now := "2025-06-01T00:00:00Z"

# set is a setting read from elasticsearch.yml at line 7.
set(v) := {"value": v, "list": [v], "source": "file", "file": yml, "line": 7}

# setl is a list setting.
setl(l) := {"value": concat(",", l), "list": l, "source": "file", "file": yml, "line": 8}

kset(v) := {"value": v, "list": [v], "source": "file", "file": kyml, "line": 4}

ksetl(l) := {"value": concat(",", l), "list": l, "source": "file", "file": kyml, "line": 5}

node(settings) := {"name": "es01", "config_file": yml, "origin": "config-dir", "settings": settings, "jvm_options": [], "keystore": null, "tls_material": [], "trust": [], "files": []}

node_named(name, settings) := object.union(node(settings), {"name": name})

# with_ merges extra fields into a node or Kibana instance.
with_(obj, extra) := object.union(obj, extra)

kibana(settings) := {"name": "kb01", "config_file": kyml, "origin": "config-dir", "settings": settings, "keystore": null, "tls_material": [], "trust": [], "files": []}

ctx := {"now": now, "cert_expiry_warn_days": 30, "fips_required": false, "live": false}

doc(version, nodes) := {
	"deployment": {"name": "d", "version": version},
	"context": ctx,
	"elasticsearch": {"nodes": nodes, "cluster": null},
	"kibana": [],
}

doc_kb(version, nodes, kibanas) := object.union(doc(version, nodes), {"kibana": kibanas})

# live_doc adds a reachable live cluster answering with bodies.
live_doc(version, nodes, bodies) := object.union(doc(version, nodes), {"elasticsearch": {"nodes": nodes, "cluster": cluster(bodies)}})

cluster(bodies) := {"reachable": true, "endpoint": "https://es01:9200", "auth": {"kind": "basic"}, "calls": {}, "bodies": bodies, "anonymous": [], "tls": []}

# failed_call is a cluster whose call name answered 403.
failed_call(name) := object.union(cluster({}), {"calls": {name: {"path": "/x", "status": 403, "error_class": "privilege", "error": "unauthorized"}}})

fips_doc(version, nodes) := object.union(doc(version, nodes), {"context": object.union(ctx, {"fips_required": true})})

# verdicts are the results as "status kind/name", to assert status and
# resource together: t.verdicts(rs) == {"fail node/es01"}.
verdicts(rs) := {sprintf("%s %s/%s", [r.status, r.resource.kind, r.resource.name]) | some r in rs}

# statuses are the results' statuses; undefined (so the assertion fails)
# when a result does not name its resource: every status assertion also
# asserts that each result carries its resource's kind and name.
statuses(rs) := {r.status | some r in rs} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

# status_of is the set of statuses given to one setting; undefined, like
# statuses, when a result does not name its resource's kind and name.
status_of(rs, setting) := {r.status | some r in rs; r.setting == setting} if {
	every r in rs {
		r.resource.kind != ""
		r.resource.name != ""
	}
}

# verdicts_of are the verdicts ("status kind/name") given to one setting.
verdicts_of(rs, setting) := {sprintf("%s %s/%s", [r.status, r.resource.kind, r.resource.name]) | some r in rs; r.setting == setting}

keystore(entries, protected) := {"path": "/etc/elasticsearch/elasticsearch.keystore", "present": true, "readable": true, "password_protected": protected, "decrypted": true, "entries": entries}

cert(subject, issuer, not_after, extra) := object.union(
	{
		"subject": subject, "issuer": issuer, "serial": subject, "dns_names": [], "ip_addresses": [],
		"not_before": "2024-01-01T00:00:00Z", "not_after": not_after, "is_ca": false, "self_signed": false,
		"key_algorithm": "RSA", "key_bits": 2048, "signature_algorithm": "SHA256-RSA", "ext_key_usage": [],
		"sha256": subject,
	},
	extra,
)

material(ctx_name, role, path, certs) := {
	"setting": sprintf("xpack.security.%s.ssl.keystore.path", [ctx_name]), "context": ctx_name, "role": role,
	"path": path, "format": "pkcs12", "exists": true, "readable": true, "mode": "0660", "certificates": certs,
	"has_private_key": true,
}
