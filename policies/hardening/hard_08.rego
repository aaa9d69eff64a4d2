# METADATA
# title: Leaf certificates are CA-issued, not self-signed
# description: |
#   A self-signed leaf cannot be revoked or rotated through a CA, and every
#   peer has to trust it individually; certutil --self-signed is not
#   recommended for cluster TLS and self-signed Kibana certificates are for
#   development only. Judged on the certificates a component presents: the
#   non-CA certificates of its keystores and certificate files (trust
#   stores and CA files are trust anchors, not judged). A self-signed leaf
#   fails; a CA-issued leaf passes. Each certificate is judged once.
# custom:
#   id: HARD-08
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Create a CA (elasticsearch-certutil ca) or use your organisation's CA,
#     issue the node or Kibana certificate from it (elasticsearch-certutil
#     cert --ca ...), replace the self-signed file and give peers the CA
#     certificate as certificate_authorities.
#   requires: [C]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/certutil
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
package essec.checks.hardening.hard_08

import data.essec.lib
import data.essec.lib.tls

# leaf_list holds the unique certificates some component presents (a
# keystore or certificate file, and no CA certificate), wherever else the
# same certificate also appears: essec.unique_certs marks them
# (presented_leaf). leaves is the set, for membership.
leaf_list := [e | some e in tls.unique_cert_list; e.presented_leaf]

leaves contains e if some e in leaf_list

# The results are built inline, the certificate's label (tls.cert_label)
# written out: a function call per certificate costs more than its work.
results contains {"status": "fail", "resource": {"kind": "certificate", "name": e.cert.subject, "file": e.path, "sha256": object.get(e.cert, "sha256", "")}, "setting": e.setting, "message": msg, "evidence": {"observed": "self-signed", "expected": "issued by a CA", "locations": e.locations}} if {
	some e in leaf_list
	e.cert.self_signed
	msg := sprintf("certificate %q (%s) is self-signed (issuer %q); expected a certificate issued by a CA", [e.cert.subject, e.file_name, e.cert.issuer])
}

results contains {"status": "pass", "resource": {"kind": "certificate", "name": e.cert.subject, "file": e.path, "sha256": object.get(e.cert, "sha256", "")}, "setting": e.setting, "message": msg, "evidence": {"observed": e.cert.issuer, "expected": "issued by a CA", "locations": e.locations}} if {
	some e in leaf_list
	not e.cert.self_signed
	msg := sprintf("certificate %q (%s) is issued by %q", [e.cert.subject, e.file_name, e.cert.issuer])
}

unreadable_presented contains x if {
	some x in tls.unreadable_materials
	tls.presented_roles[x.m.role]
}

results contains lib.result("unknown", tls.material_resource(x.m), msg, {"settings": x.settings}) if {
	some x in tls.by_path(unreadable_presented)
	msg := sprintf("%s (%s) %s: the certificate it presents cannot be judged", [x.path, concat(", ", x.settings), tls.material_problem(x.m)])
}

results contains lib.result(tls.no_certificates_status, lib.cluster_resource, msg, {}) if {
	count(leaf_list) == 0
	count(unreadable_presented) == 0
	msg := no_leaf_message
}

no_leaf_message := "TLS material was read but holds no leaf certificate a node or Kibana presents (only CA certificates)" if count(tls.unique_cert_list) > 0
else := tls.no_certificates_message
