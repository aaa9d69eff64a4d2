# Settings of a node or a Kibana instance (from its files, compose
# environment or the live cluster), read the same way by every check so that
# provenance (file and line) and missing values are handled alike.
package essec.lib.settings

import data.essec.lib

# ---------------------------------------------------------------- one component

# all is the settings object of a node or Kibana ({} when none was read).
all(o) := lib.obj(object.get(o, "settings", {}))

# has_setting is true when o (a node or a Kibana instance) sets name.
has_setting(o, name) if o.settings[name]

# value is the effective string value of a setting; undefined when unset.
value(o, name) := o.settings[name].value

# value_or is the value of a setting, or dflt when unset (object.get
# along a path gives dflt through a null or absent settings object too).
value_or(o, name, dflt) := object.get(o, ["settings", name, "value"], dflt)

# lower_value is the lower-cased, trimmed value of a setting; undefined when unset.
lower_value(o, name) := lower(trim_space(o.settings[name].value))

# is_true / is_false follow Elasticsearch's boolean parsing ("true"/"false").
# (written out rather than through lower_value: a helper call costs more
# than the lookup, and these are called per node by many checks)
is_true(o, name) if lower(trim_space(o.settings[name].value)) == "true"

is_false(o, name) if lower(trim_space(o.settings[name].value)) == "false"

# is_null_value: YAML null or an empty value, which Kibana reads as "off"
# for the response-header settings.
is_null_value(o, name) if lower(trim_space(o.settings[name].value)) in {"", "null", "~"}

# unresolved: the setting references a ${VAR} that had no value.
unresolved(o, name) if o.settings[name].unresolved == true

# list is a setting's list of values (a scalar is a one-element list).
list(o, name) := object.get(o, ["settings", name, "list"], [])

# items is a list setting's elements, trimmed, tolerating the JSON-array
# form a compose environment uses ('["TLSv1.2","TLSv1.3"]'), which arrives
# split on commas with its brackets and quotes.
items(o, name) := [u |
	some x in object.get(o, ["settings", name, "list"], [])
	u := trim(trim_space(x), "[]\"' ")
	u != ""
]

# lower_list lower-cases every element of a setting's list.
lower_list(o, name) := [lower(x) | some x in items(o, name)]

# where describes where a setting was read, for messages: "elasticsearch.yml:12".
where(o, name) := sprintf("%s:%d", [parts[count(parts) - 1], s.line]) if {
	s := o.settings[name]
	s.file != ""
	s.line > 0
	parts := split(s.file, "/") # lib.base, written out
} else := parts[count(parts) - 1] if {
	o.settings[name].file != ""
	parts := split(o.settings[name].file, "/")
} else := o.settings[name].source

# settings_with_prefix / settings_with_suffix list the names of o's settings
# starting / ending with a string.
# Most calls match nothing: one builtin over the names answers that (a loop
# of 20-odd names costs about 30 µs per node and call).
settings_with_prefix(o, prefix) := set() if {
	not strings.any_prefix_match(object.keys(o.settings), prefix)
} else := {name | some name, _ in object.get(o, "settings", {}); startswith(name, prefix)}

settings_with_suffix(o, suffix) := set() if {
	not strings.any_suffix_match(object.keys(o.settings), suffix)
} else := {name | some name, _ in object.get(o, "settings", {}); endswith(name, suffix)}

# clear_text: the value itself is written in a config file or
# docker-compose.yml (a ${VAR} reference keeps it out of the file).
clear_text(s) if {
	s.source in {"file", "compose"}
	not s.reference == true
}

# compose_env: the setting came from a docker-compose environment.
compose_env(o, name) if o.settings[name].source == "compose"

# ---------------------------------------------------------------- API values

# as_list normalises a value read from the API (a string, a comma list or an
# array) to an array of trimmed strings.
as_list(v) := [trim_space(sprintf("%v", [x])) | some x in v] if is_array(v)
else := [] if v == ""
else := [trim_space(x) | some x in split(v, ",")] if is_string(v)
else := [] if v == null
else := [sprintf("%v", [v])]

# flatten turns a nested settings object (as GET /_nodes/settings returns it)
# into a flat map of dotted names to strings; a list becomes "a,b".
flatten(o) := {k: v |
	walk(o, [path, raw])
	count(path) > 0
	not is_object(raw)
	every p in path {
		is_string(p)
	}
	k := concat(".", path)
	v := leaf_string(raw)
}

leaf_string(x) := x if is_string(x)

leaf_string(x) := concat(",", [sprintf("%v", [e]) | some e in x]) if is_array(x)

leaf_string(x) := sprintf("%v", [x]) if {
	not is_string(x)
	not is_array(x)
}

# ---------------------------------------------------------------- live cluster settings

# A live cluster's GET /_cluster/settings answer turned into a settings object
# shaped like a node's, so checks can apply the same helpers to it:
# live_dynamic holds persistent and transient overrides (transient wins),
# live_effective adds the defaults the coordinating node reports.
live_dynamic := {"name": input.deployment.name, "config_file": "", "settings": object.union(p, t)} if {
	cs := lib.body("cluster_settings")
	p := _live_settings(object.get(cs, "persistent", {}), "GET /_cluster/settings (persistent)")
	t := _live_settings(object.get(cs, "transient", {}), "GET /_cluster/settings (transient)")
}

live_effective := {"name": input.deployment.name, "config_file": "", "settings": object.union(d, live_dynamic.settings)} if {
	cs := lib.body("cluster_settings")
	d := _live_settings(object.get(cs, "defaults", {}), "GET /_cluster/settings (defaults)")
}

_live_settings(m, src) := {k: {"value": concat(",", l), "list": l, "source": src} |
	some k, v in m
	l := as_list(v)
}

# live_has is true when the live cluster overrides name dynamically.
live_has(name) if live_dynamic.settings[name]

# ---------------------------------------------------------------- subjects

# Subjects are what a settings check judges: every node from its files, and,
# for static settings, the live cluster's effective settings when no node
# file was read (an API-only audit). subject_resource points at the setting.
static_subjects contains {"kind": "node", "obj": n} if some n in lib.nodes

static_subjects contains {"kind": "cluster", "obj": live_effective} if {
	count(lib.nodes) == 0
	live_effective
}

# dynamic_subjects: nodes plus the live persistent/transient overrides, for
# dynamic settings that a cluster-wide update can set on top of the files.
dynamic_subjects contains {"kind": "node", "obj": n} if some n in lib.nodes

dynamic_subjects contains {"kind": "cluster", "obj": live_dynamic} if {
	count(lib.nodes) > 0
	count(live_dynamic.settings) > 0
}

dynamic_subjects contains {"kind": "cluster", "obj": live_effective} if {
	count(lib.nodes) == 0
	live_effective
}

subject_resource(s, name) := lib.node_setting_resource(s.obj, name) if s.kind == "node"
else := lib.kibana_setting_resource(s.obj, name) if s.kind == "kibana"
else := lib.cluster_resource

subject_plain_resource(s) := lib.node_resource(s.obj) if s.kind == "node"
else := lib.kibana_resource(s.obj) if s.kind == "kibana"
else := lib.cluster_resource

# subject_label names a subject in messages.
subject_label(s) := sprintf("node %s", [s.obj.name]) if s.kind == "node"
else := sprintf("Kibana %s", [s.obj.name]) if s.kind == "kibana"
else := "the live cluster"
