# METADATA
# title: Certificates valid, not about to expire, CAs outliving their leaves
# description: |
#   An expired certificate breaks TLS between nodes, clients and Kibana;
#   self-managed operators own expiry monitoring (auto-setup's HTTP
#   certificates last 2 years, certutil's default 3). Every certificate
#   essec read from the TLS material of the nodes and Kibana instances
#   (keystores, PEM certificates, CA files, truststores) is judged once,
#   against the audit clock (context.now): expired or not yet valid fails;
#   expiring within context.cert_expiry_warn_days (default 30) warns; a CA
#   certificate that expires before a certificate it issued (same issuer
#   name, read on the same node or Kibana) warns, since the leaf dies with
#   it; otherwise pass. With a live cluster, every entry of
#   GET /_ssl/certificates is judged on its expiry too, unless the same
#   certificate (serial number) was judged from the files. A certificate file
#   that could not be read is unknown (with the reason); no certificate at
#   all is unknown when TLS is configured and not applicable otherwise.
# custom:
#   id: HARD-06
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Re-issue the certificate with the same CA (elasticsearch-certutil cert
#     --ca ..., or elasticsearch-certutil http) and replace the file under the
#     same name: Elasticsearch reloads it within resource.reload.interval.high.
#     Renew a CA before the certificates it signed, and add the new CA to
#     every trust store first. Verify with GET /_ssl/certificates.
#   requires: [C, A]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/same-ca
#     - https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-ssl-certificates
package essec.checks.hardening.hard_06

import data.essec.lib
import data.essec.lib.tls

# time_ns is the RFC 3339 time s in nanoseconds, null when s is none.
# Each certificate's times are parsed once and passed to verdict: a call
# per branch costs, even when OPA has the answer cached.
time_ns(s) := n if {
	n := time.parse_rfc3339_ns(s)
} else := null

days(ns) := floor(ns / tls.day_ns)

# issued_later lists the certificates a CA issued (same issuer name, read on
# the same component) that expire after it (ca_expiry).
issued_later(ca, ca_expiry) := later if {
	owners := {o | some o in ca.owners}
	key := tls.cert_key(ca.cert)
	later := {l.cert.subject |
		some l in tls.certificate_list
		l.cert.issuer == ca.cert.subject
		owners[l.owner]
		time.parse_rfc3339_ns(l.cert.not_after) > ca_expiry
		tls.cert_key(l.cert) != key
	}
}

# verdict judges certificate e, which expires at expiry and starts at
# start (null when not readable).
verdict(e, expiry, start) := ["unknown", msg] if {
	expiry == null
	msg := sprintf("certificate %s: its expiry %q could not be read", [tls.cert_label(e), object.get(e.cert, "not_after", "")])
} else := ["fail", msg] if {
	expiry <= tls.now_ns
	msg := sprintf("certificate %s expired on %s (%d days ago); expected a valid certificate", [tls.cert_label(e), e.cert.not_after, days(tls.now_ns - expiry)])
} else := ["fail", msg] if {
	start != null
	start > tls.now_ns
	msg := sprintf("certificate %s is not valid before %s; expected a certificate valid now", [tls.cert_label(e), e.cert.not_before])
} else := ["warn", msg] if {
	expiry - tls.now_ns < tls.warn_days * tls.day_ns
	msg := sprintf("certificate %s expires on %s, in %d days (warning window %d days)", [tls.cert_label(e), e.cert.not_after, days(expiry - tls.now_ns), tls.warn_days])
} else := ["warn", msg] if {
	e.cert.is_ca
	later := issued_later(e, expiry)
	count(later) > 0
	msg := sprintf("CA certificate %s expires on %s, before %s that it issued: they stop being trusted when it expires", [tls.cert_label(e), e.cert.not_after, lib.names(later)])
} else := ["pass", msg] if {
	msg := sprintf("certificate %s is valid until %s (%d days)", [tls.cert_label(e), e.cert.not_after, days(expiry - tls.now_ns)])
}

expected := sprintf("valid for more than %d days", [tls.warn_days])

# valid holds, by index in tls.unique_cert_list, the expiry of each
# certificate that verdict would pass on its face: no CA certificate,
# valid now (both times readable) and beyond the warning window. Nearly
# every certificate of a fleet is one: they pass here, in one pass,
# without the calls per certificate that verdict takes; verdict judges
# the others.
valid := {i: expiry |
	some i, e in tls.unique_cert_list
	not e.cert.is_ca
	expiry := time.parse_rfc3339_ns(e.cert.not_after)
	expiry - tls.now_ns >= window
	time.parse_rfc3339_ns(e.cert.not_before) <= tls.now_ns
}

window := tls.warn_days * tls.day_ns

results contains {"status": "pass", "resource": {"kind": "certificate", "name": e.cert.subject, "file": e.path, "sha256": sha}, "setting": e.setting, "message": msg, "evidence": {"observed": e.cert.not_after, "expected": expected, "locations": e.locations, "sha256": sha}} if {
	some i, expiry in valid
	e := tls.unique_cert_list[i]
	sha := object.get(e.cert, "sha256", "")
	msg := sprintf("certificate %q (%s) is valid until %s (%d days)", [e.cert.subject, e.file_name, e.cert.not_after, floor((expiry - tls.now_ns) / tls.day_ns)])
}

results contains lib.result_setting(v[0], tls.cert_resource(e), e.setting, v[1], {"observed": object.get(e.cert, "not_after", ""), "expected": expected, "locations": e.locations, "sha256": object.get(e.cert, "sha256", "")}) if {
	some i, e in tls.unique_cert_list
	not valid[i]
	v := verdict(e, time_ns(object.get(e.cert, "not_after", "")), time_ns(object.get(e.cert, "not_before", "")))
}

results contains lib.result("unknown", tls.material_resource(x.m), msg, {"settings": x.settings}) if {
	some x in tls.unreadable_files
	msg := sprintf("%s (%s) %s: its certificates cannot be judged", [x.path, concat(", ", x.settings), tls.material_problem(x.m)])
}

# ---------------------------------------------------------------- live

# file_serials: certificates already judged from the files; the live entry
# of the same certificate is not judged twice.
file_serials := {lower(trim_left(x.cert.serial, "0")) | some x in tls.certificate_list; x.cert.serial != ""}

live_certs contains {"path": object.get(c, "path", ""), "subject": object.get(c, "subject_dn", ""), "serial": object.get(c, "serial_number", ""), "expiry": object.get(c, "expiry", "")} if {
	some c in lib.arr(lib.body("ssl_certificates"))
	not file_serials[lower(trim_left(object.get(c, "serial_number", ""), "0"))]
}

live_resource(c) := {"kind": "certificate", "name": c.subject, "file": c.path, "endpoint": lib.cluster_resource.endpoint}

live_verdict(c) := ["unknown", msg] if {
	not time.parse_rfc3339_ns(c.expiry)
	msg := sprintf("GET /_ssl/certificates: certificate %q (%s) has no readable expiry", [c.subject, c.path])
} else := ["fail", msg] if {
	time.parse_rfc3339_ns(c.expiry) <= tls.now_ns
	msg := sprintf("GET /_ssl/certificates: certificate %q (%s, serial %s) expired on %s; expected a valid certificate", [c.subject, c.path, c.serial, c.expiry])
} else := ["warn", msg] if {
	left := time.parse_rfc3339_ns(c.expiry) - tls.now_ns
	left < tls.warn_days * tls.day_ns
	msg := sprintf("GET /_ssl/certificates: certificate %q (%s) expires on %s, in %d days (warning window %d days)", [c.subject, c.path, c.expiry, days(left), tls.warn_days])
} else := ["pass", msg] if {
	msg := sprintf("GET /_ssl/certificates: certificate %q (%s) is valid until %s", [c.subject, c.path, c.expiry])
}

results contains lib.result_setting(v[0], live_resource(c), c.path, v[1], {"observed": c.expiry, "expected": expected, "serial": c.serial}) if {
	some c in live_certs
	v := live_verdict(c)
}

# ---------------------------------------------------------------- nothing to judge

results contains lib.result(tls.no_certificates_status, lib.cluster_resource, msg, {}) if {
	count(tls.unique_cert_list) == 0
	count(tls.unreadable_materials) == 0
	count(live_certs) == 0
	msg := concat("", [tls.no_certificates_message, live_note])
}

live_note := sprintf("; GET /_ssl/certificates gave no evidence: %s", [lib.call_error("ssl_certificates")]) if tls.tls_configured
else := ""
