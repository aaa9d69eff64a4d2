# METADATA
# title: Kibana trusts the Elasticsearch HTTP CA and verifies the server certificate
# description: |
#   Kibana forwards users' credentials to Elasticsearch; without certificate
#   verification a man in the middle receives them all. Judged per Kibana
#   instance whose elasticsearch.hosts use https (others are not_applicable:
#   HTTPS-04 reports them). elasticsearch.ssl.verificationMode none fails,
#   certificate (no host-name check) warns, full or absent (the default is
#   full) passes. A trust source is elasticsearch.ssl.certificateAuthorities
#   or elasticsearch.ssl.truststore.path: a named file that is missing or
#   holds no certificate fails, an unreadable one is unknown. Whether the
#   CA really signs the Elasticsearch HTTP certificate is read from the
#   collector's trust results for context kibana.elasticsearch (untrusted
#   fails); without them, the issuer of each known Elasticsearch HTTP
#   certificate (nodes' HTTP material, live TLS probes) is compared with the
#   CA subjects (no match fails). Only the nodes Kibana reaches count: the
#   nodes its https hosts name (the collector's elasticsearch_targets), or
#   every node when a host names no known node (a load balancer, a name
#   essec cannot resolve) or Kibana sniffs. Tool policy: with no trust source
#   configured Kibana falls back to Node.js's public CA list, which works
#   only for a publicly issued certificate: that passes when every known
#   Elasticsearch HTTP certificate is from a well-known CA, and is a warn
#   otherwise (the CA may still come from NODE_EXTRA_CA_CERTS, which essec
#   cannot see; self-managed clusters nearly always use a private CA).
# custom:
#   id: HTTPS-05
#   level: https
#   severity: high
#   component: kibana
#   remediation: kibana-https-to-es
#   remediation_text: |
#     Copy the CA that signs the Elasticsearch HTTP certificates
#     (elasticsearch-ca.pem from the certutil http zip, or config/certs/http_ca.crt
#     of an auto-configured node) to Kibana's config directory, set
#     elasticsearch.ssl.certificateAuthorities: [<path>], remove
#     elasticsearch.ssl.verificationMode (default full) or set it to full,
#     and restart Kibana.
#   requires: [F, C]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/set-up-basic-security-plus-https
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/general-settings
package essec.checks.https.https_05

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.network
import data.essec.lib.settings
import data.essec.lib.tls

mode := "elasticsearch.ssl.verificationMode"

cas := "elasticsearch.ssl.certificateAuthorities"

truststore := "elasticsearch.ssl.truststore.path"

ctx := "kibana.elasticsearch"

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

_https(kb) if {
	some u in settings.items(kb, "elasticsearch.hosts")
	network.url_scheme(u) == "https"
}

results contains lib.result("not_applicable", lib.kibana_resource(kb), "Kibana reaches Elasticsearch over no https host, so there is no certificate to verify (HTTPS-04 reports it)", {}) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	not _https(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	_https(kb)
	fails := {m | some c in _aspects; m := _fail(kb, c)}
	unknowns := {m | some c in _aspects; m := _unknown(kb, c)}
	warns := {m | some c in _aspects; m := _warn(kb, c)}
	passes := {m | some c in _aspects; m := _pass(kb, c)}
	v := kibana.verdict(fails, unknowns, warns, passes)
	ev := {
		"verification_mode": object.get(kb.settings, [mode, "value"], "(absent: full)"),
		"trust_source": [s | some s in [cas, truststore]; settings.has_setting(kb, s)],
		"elasticsearch_nodes": _judged_nodes(kb),
	}
}

_aspects := ["mode", "files", "chain"]

# ---- verificationMode

_fail(kb, "mode") := sprintf("%s is \"none\" (%s): Kibana accepts any certificate; expected \"full\"", [mode, settings.where(kb, mode)]) if {
	settings.lower_value(kb, mode) == "none"
}

_fail(kb, "mode") := sprintf("%s is %q (%s), which Kibana refuses; expected \"full\"", [mode, kb.settings[mode].value, settings.where(kb, mode)]) if {
	not settings.lower_value(kb, mode) in {"none", "certificate", "full"}
	settings.has_setting(kb, mode)
}

_warn(kb, "mode") := sprintf("%s is \"certificate\" (%s): the host name is not checked; expected \"full\"", [mode, settings.where(kb, mode)]) if {
	settings.lower_value(kb, mode) == "certificate"
}

_pass(kb, "mode") := sprintf("%s is \"full\" (%s)", [mode, settings.where(kb, mode)]) if {
	settings.lower_value(kb, mode) == "full"
} else := sprintf("%s is not set (default full)", [mode]) if {
	not settings.has_setting(kb, mode)
}

# ---- the trust source files

_trust_configured(kb) if settings.has_setting(kb, cas)

_trust_configured(kb) if settings.has_setting(kb, truststore)

_mats(kb) := [m | some m in tls.material(kb, ctx); m.role in {"certificate_authorities", "truststore"}]

_fail(kb, "files") := concat("; ", sort(problems)) if {
	problems := {p |
		some m in _mats(kb)
		p := _file_problem(m)
	}
	count(problems) > 0
}

_file_problem(m) := sprintf("%s (%s) does not exist", [m.path, m.setting]) if m.exists == false

_file_problem(m) := sprintf("%s (%s) holds no certificate", [m.path, m.setting]) if {
	m.readable == true
	count(lib.arr(m.certificates)) == 0
}

_unknown(kb, "files") := concat("; ", sort(reasons)) if {
	reasons := {sprintf("%s (%s) could not be read: %s", [m.path, m.setting, object.get(m, "error", "")]) |
		some m in _mats(kb)
		m.exists == true
		not m.readable == true
	}
	count(reasons) > 0
}

# ---- does the CA sign the Elasticsearch HTTP certificate?

_trust(kb) := [t | some t in lib.arr(object.get(kb, "trust", [])); t.context == ctx]

_ca_subjects(kb) := {c.subject | some m in _mats(kb); some c in lib.arr(m.certificates)}

# The nodes Kibana reaches: the collector matches the https hosts of
# elasticsearch.hosts to nodes (elasticsearch_targets, scope "hosts"); with
# scope "all" (a host that names no known node, such as a load balancer, or
# sniffing) or no match recorded, every node counts.
_targets(kb) := t if {
	t := object.get(kb, "elasticsearch_targets", null)
	t != null
	t.scope == "hosts"
}

_judged_nodes(kb) := _targets(kb).nodes if _targets(kb)
else := "every node"

# _scope says in a message which nodes' certificates were judged.
_scope(kb) := sprintf(" of %s, named by elasticsearch.hosts", [lib.names(_targets(kb).nodes)]) if {
	count(_targets(kb).nodes) <= 5
} else := sprintf(" of the %d nodes elasticsearch.hosts names", [count(_targets(kb).nodes)]) if {
	_targets(kb)
} else := sprintf(" of every node (%s)", [kb.elasticsearch_targets.reason]) if {
	object.get(kb, ["elasticsearch_targets", "reason"], "") != ""
} else := ""

# A Kibana behind a load balancer with the wrong CA fails for every node:
# the message names five certificates and counts the others.
_more(n) := sprintf("; and %d more certificates it does not verify", [n]) if n > 0
else := ""

_judged_note(kb) := sprintf(" (judged: the HTTP certificates%s)", [_scope(kb)]) if _scope(kb) != ""
else := ""

# the HTTP certificates Kibana meets: those of the nodes it reaches
_leaves(kb) := [l | some name in _targets(kb).nodes; some l in object.get(_leaves_by_node, name, [])] if _targets(kb)
else := _es_leaves

# built once (an indexed comprehension), not a scan of every node per Kibana
_leaves_by_node := {name: ls |
	some n in lib.nodes
	name := n.name
	ls := [l | some n2 in lib.nodes; n2.name == name; l := tls.es_http_leaf(n2)]
}

# the Elasticsearch HTTP certificates known from files and probes
_es_leaves := array.concat(
	[tls.es_http_leaf(n) | some n in lib.nodes; tls.es_http_leaf(n)],
	[p.certificates[0] | lib.cluster != null; some p in lib.arr(object.get(lib.cluster, "tls", [])); p.speaks_tls == true; count(lib.arr(p.certificates)) > 0],
)

_fail(kb, "chain") := concat("", [concat("; ", array.slice(sort(bad), 0, 5)), _more(count(bad) - 5), _judged_note(kb)]) if {
	_trust_configured(kb)
	bad := {sprintf("the configured trust does not verify %s: %s", [object.get(t, "leaf_path", "the Elasticsearch HTTP certificate"), object.get(t, "reason", "untrusted")]) |
		some t in _trust(kb)
		not t.trusted == true
	}
	count(bad) > 0
} else := sprintf("the Elasticsearch HTTP certificate (%s) is issued by %q, which is none of the configured CAs %v", [bad[0].subject, bad[0].issuer, sort(_ca_subjects(kb))]) if {
	_trust_configured(kb)
	count(_trust(kb)) == 0
	count(_ca_subjects(kb)) > 0
	bad := [l |
		some l in _leaves(kb)
		not l.issuer in _ca_subjects(kb)
		not l.subject in _ca_subjects(kb)
	]
	count(bad) > 0
}

_pass(kb, "chain") := sprintf("the configured trust (%s) verifies the Elasticsearch HTTP certificate%s", [_trust_where(kb), _scope(kb)]) if {
	_trust_configured(kb)
	count(_trust(kb)) > 0
	every t in _trust(kb) {
		t.trusted == true
	}
} else := sprintf("the Elasticsearch HTTP certificates%s are issued by a configured CA (%s; issuer compared, signature not verified)", [_scope(kb), _trust_where(kb)]) if {
	_trust_configured(kb)
	count(_trust(kb)) == 0
	count(_ca_subjects(kb)) > 0
	count(_leaves(kb)) > 0
} else := sprintf("a CA is configured (%s); no Elasticsearch HTTP certificate%s was read to verify it against", [_trust_where(kb), _scope(kb)]) if {
	_trust_configured(kb)
} else := sprintf("no CA is configured, and every known Elasticsearch HTTP certificate%s is from a well-known public CA", [_scope(kb)]) if {
	count(_leaves(kb)) > 0
	every l in _leaves(kb) {
		l.well_known_ca == true
	}
}

_warn(kb, "chain") := sprintf("neither %s nor %s is set: Kibana trusts only Node.js's public CAs (or NODE_EXTRA_CA_CERTS); a self-managed cluster's private CA must be configured. Expected %s naming the Elasticsearch HTTP CA", [cas, truststore, cas]) if {
	not _trust_configured(kb)
	not _pass(kb, "chain")
}

_trust_where(kb) := concat(", ", [sprintf("%s, %s", [s, settings.where(kb, s)]) | some s in [cas, truststore]; settings.has_setting(kb, s)])

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
