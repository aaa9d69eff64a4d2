# METADATA
# title: Key sizes and signature algorithms strong
# description: |
#   Every certificate essec read from the nodes' and Kibana's TLS material is
#   judged once: an RSA key under 2048 bits or an EC key under 256 bits
#   fails; a signature made with SHA-1, MD5 or MD2 fails. Tool policy: a
#   self-signed CA root is exempt from the signature rule, because nobody
#   relies on a root's signature over itself (trust comes from the root
#   being installed as an anchor); its key size still counts. An unknown key
#   algorithm (for example DSA) warns. When the operator requires FIPS 140
#   (context.fips_required), RSA keys under 3072 bits warn (NIST's
#   equivalent of AES-128 strength, as in Elastic's FIPS guide). Defaults:
#   certutil issues 2048-bit RSA, auto-setup 4096-bit RSA with SHA256withRSA.
# custom:
#   id: HARD-07
#   level: hardening
#   severity: medium
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     Re-issue the certificate with a stronger key and SHA-256 (or better)
#     signatures: elasticsearch-certutil cert --ca <ca> --keysize 3072 (or
#     4096), and replace the file under the same name. A weak CA must be
#     replaced, with every certificate it signed.
#   requires: [C]
#   references:
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/certutil
#     - https://www.elastic.co/docs/deploy-manage/security/fips-es
package essec.checks.hardening.hard_07

import data.essec.lib
import data.essec.lib.tls

weak_digests := ["SHA1", "MD5", "MD2"]

# problems lists [severity, text] of one certificate.
problems(c) := {p |
	upper(c.key_algorithm) == "RSA"
	c.key_bits < 2048
	p := ["fail", sprintf("RSA key of %d bits (expected at least 2048)", [c.key_bits])]
} | {p |
	upper(c.key_algorithm) in {"EC", "ECDSA"}
	c.key_bits < 256
	p := ["fail", sprintf("EC key of %d bits (expected at least 256)", [c.key_bits])]
} | {p |
	some d in weak_digests
	contains(upper(object.get(c, "signature_algorithm", "")), d)
	not exempt_root(c)
	p := ["fail", sprintf("%s signature (expected SHA-256 or better)", [c.signature_algorithm])]
} | {p |
	not upper(c.key_algorithm) in {"RSA", "EC", "ECDSA", "ED25519"}
	p := ["warn", sprintf("key algorithm %q that essec does not judge", [c.key_algorithm])]
} | {p |
	input.context.fips_required == true
	upper(c.key_algorithm) == "RSA"
	c.key_bits >= 2048
	c.key_bits < 3072
	p := ["warn", sprintf("RSA key of %d bits under FIPS 140 (expected at least 3072 for AES-128 strength)", [c.key_bits])]
}

exempt_root(c) if {
	c.is_ca
	c.self_signed
}

status(ps) := "fail" if {
	some p in ps
	p[0] == "fail"
} else := "warn" if {
	count(ps) > 0
} else := "pass"

texts(ps) := concat("; ", sort([p[1] | some p in ps]))

expected := "RSA >= 2048 or EC >= 256 bits, SHA-256+ signatures"

# sound holds the indexes (in tls.unique_cert_list) of the certificates
# without a problem on their face: a key algorithm and size at least
# min_bits gives (RSA at least 3072 bits under FIPS 140) and a signature
# algorithm of sound_signatures (Go's names of SHA-2 and Ed25519
# signatures, none holding a weak digest). problems finds none for them
# (the message's root_note is empty), and nearly every certificate of a
# fleet is one: they pass here, in one pass, without the calls per
# certificate that judging the others takes.
min_bits := {"RSA": rsa_bits, "EC": 256, "ECDSA": 256, "ED25519": 0}

rsa_bits := 3072 if input.context.fips_required == true
else := 2048

sound_signatures := {
	"SHA256-RSA", "SHA384-RSA", "SHA512-RSA", "SHA256-RSAPSS", "SHA384-RSAPSS", "SHA512-RSAPSS",
	"ECDSA-SHA256", "ECDSA-SHA384", "ECDSA-SHA512", "ED25519",
}

sound := {i |
	some i, e in tls.unique_cert_list
	min_bits[upper(e.cert.key_algorithm)] <= e.cert.key_bits
	sound_signatures[upper(e.cert.signature_algorithm)]
}

results contains {"status": "pass", "resource": {"kind": "certificate", "name": c.subject, "file": e.path, "sha256": object.get(c, "sha256", "")}, "setting": e.setting, "message": msg, "evidence": {"observed": {"key_algorithm": c.key_algorithm, "key_bits": c.key_bits, "signature_algorithm": c.signature_algorithm}, "expected": expected, "locations": e.locations}} if {
	some i in sound
	e := tls.unique_cert_list[i]
	c := e.cert
	msg := sprintf("certificate %q (%s): %s %d-bit key, %s signature", [c.subject, e.file_name, c.key_algorithm, c.key_bits, c.signature_algorithm])
}

# Each other certificate is judged once: its problems, computed once, give
# the status and the message.
results contains lib.result_setting(st, tls.cert_resource(e), e.setting, msg, {"observed": observed(e.cert), "expected": expected, "locations": e.locations}) if {
	some i, e in tls.unique_cert_list
	not sound[i]
	ps := problems(e.cert)
	st := status(ps)
	msg := message(e, ps, st)
}

message(e, _, "pass") := sprintf("certificate %s: %s %d-bit key, %s signature%s", [tls.cert_label(e), e.cert.key_algorithm, e.cert.key_bits, e.cert.signature_algorithm, root_note(e.cert)])

message(e, ps, st) := sprintf("certificate %s: %s", [tls.cert_label(e), texts(ps)]) if st != "pass"

root_note(c) := " (self-signed root: its own signature is not relied upon)" if {
	exempt_root(c)
	some d in weak_digests
	contains(upper(c.signature_algorithm), d)
} else := ""

observed(c) := {"key_algorithm": c.key_algorithm, "key_bits": c.key_bits, "signature_algorithm": object.get(c, "signature_algorithm", "")}

results contains lib.result("unknown", tls.material_resource(x.m), msg, {"settings": x.settings}) if {
	some x in tls.unreadable_files
	msg := sprintf("%s (%s) %s: its certificates cannot be judged", [x.path, concat(", ", x.settings), tls.material_problem(x.m)])
}

results contains lib.result(tls.no_certificates_status, lib.cluster_resource, tls.no_certificates_message, {}) if {
	count(tls.unique_cert_list) == 0
	count(tls.unreadable_materials) == 0
}
