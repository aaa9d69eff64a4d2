# METADATA
# title: Kibana session idle timeout and lifespan set and bounded
# description: |
#   A session that never expires keeps a stolen cookie valid forever and
#   lets the session index grow. Judged per Kibana instance from kibana.yml
#   on xpack.security.session.idleTimeout and
#   xpack.security.session.lifespan, and on per-provider overrides
#   (xpack.security.authc.providers.<type>.<name>.session.*). A value of 0,
#   null or an empty value (never expires) fails, as does a value Kibana
#   cannot parse. Defaults when unset: 7.x none (fail); 8.0-8.9 idle 8h,
#   8.10+ idle 3d; lifespan 30d from 8.0 (pass); unknown version with an
#   unset value is unknown. Tool policy: Elastic sets no maximum, so a value
#   longer than Elastic's current defaults (idle above 3d, lifespan above
#   30d) is a warn; the defaults themselves pass, and shorter values (e.g.
#   idle 30m, lifespan 7d, Elastic's examples) are recommended in the
#   remediation.
# custom:
#   id: KIB-09
#   level: kibana
#   severity: medium
#   component: kibana
#   remediation: kibana-session-timeouts
#   remediation_text: |
#     Set xpack.security.session.idleTimeout (e.g. "30m" to "8h") and
#     xpack.security.session.lifespan (e.g. "7d" to "30d") in kibana.yml,
#     remove any 0/null override, and restart Kibana.
#   requires: [F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/kibana-session-management
#     - https://www.elastic.co/docs/reference/kibana/configuration-reference/security-settings
package essec.checks.kibana.kib_09

import data.essec.lib
import data.essec.lib.kibana
import data.essec.lib.settings
import data.essec.lib.versions

idle := "xpack.security.session.idleTimeout"

life := "xpack.security.session.lifespan"

# the longest values that pass: Elastic's current defaults
max_ms := {"idleTimeout": 3 * kibana.day_ms, "lifespan": 30 * kibana.day_ms}

max_text := {"idleTimeout": "3d", "lifespan": "30d"}

results contains kibana.no_kibana_result if kibana.no_kibana

results contains lib.result("unknown", lib.kibana_resource(kb), kibana.no_config_reason(kb), {}) if {
	some kb in lib.kibanas
	not kibana.has_config(kb)
}

results contains lib.result(v.status, lib.kibana_resource(kb), v.message, ev) if {
	some kb in lib.kibanas
	kibana.has_config(kb)
	names := {idle, life} | _provider_settings(kb)
	fails := {m | some n in names; m := _judge(kb, n, "fail")}
	warns := {m | some n in names; m := _judge(kb, n, "warn")}
	unknowns := {m | some n in names; m := _judge(kb, n, "unknown")}
	passes := {m | some n in names; m := _judge(kb, n, "pass")}
	v := kibana.verdict(fails, unknowns, warns, passes)
	ev := {n: object.get(kb.settings, [n, "value"], "(absent)") | some n in names}
}

_provider_settings(kb) := {n |
	some n, _ in settings.all(kb)
	regex.match(`^xpack\.security\.authc\.providers\.[^.]+\.[^.]+\.session\.(idleTimeout|lifespan)$`, n)
}

_kind(n) := "idleTimeout" if endswith(n, "idleTimeout")

else := "lifespan"

# ---- set values

_judge(kb, n, "fail") := sprintf("%s is %q (%s): sessions never expire; expected a bounded duration", [n, kb.settings[n].value, settings.where(kb, n)]) if {
	_never(kb.settings[n].value)
}

_judge(kb, n, "fail") := sprintf("%s is %q (%s), not a duration Kibana accepts; expected e.g. \"8h\"", [n, v, settings.where(kb, n)]) if {
	v := kb.settings[n].value
	not _never(v)
	not kibana.duration_ms(v)
}

_judge(kb, n, "warn") := sprintf("%s is %q (%s), longer than Elastic's default %s; expected a shorter bound", [n, v, settings.where(kb, n), max_text[_kind(n)]]) if {
	v := kb.settings[n].value
	not _never(v)
	kibana.duration_ms(v) > max_ms[_kind(n)]
}

_judge(kb, n, "pass") := sprintf("%s is %q (%s)", [n, v, settings.where(kb, n)]) if {
	v := kb.settings[n].value
	not _never(v)
	kibana.duration_ms(v) <= max_ms[_kind(n)]
}

_never(v) if lower(trim_space(v)) in {"", "null", "~"}

_never(v) if kibana.duration_ms(v) == 0

# ---- defaults

_judge(kb, n, "fail") := sprintf("%s is not set in %s; Kibana %s has no default, so sessions never expire; expected a bounded duration", [n, kibana.config_name(kb), input.deployment.version]) if {
	n in {idle, life}
	not settings.has_setting(kb, n)
	versions.major < 8
}

_judge(kb, n, "pass") := sprintf("%s is not set; Kibana %s defaults to %s", [n, input.deployment.version, _default(n)]) if {
	n in {idle, life}
	not settings.has_setting(kb, n)
	versions.major >= 8
}

_judge(kb, n, "unknown") := sprintf("%s is not set and the version is unknown (%s): 7.x has no default (never expires), 8.x defaults are bounded", [n, versions.version_hint]) if {
	n in {idle, life}
	not settings.has_setting(kb, n)
	not versions.version_known
}

_default(n) := "30d" if n == life

else := "3d" if versions.version_at_least(8, 10)

else := "8h"

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
