# Ten checks of elasticsearch.yml for conftest, the generic tool essec's
# benchmark compares against (make bench; never a dependency of essec). They
# read settings the way Elasticsearch does: flat ("a.b.c: v"), nested
# ("a: {b: {c: v}}") or mixed ("a.b: {c: v}"), with booleans written as
# YAML booleans or strings.
package main

import rego.v1

# settings maps every setting's dotted name to its value.
settings := {name: value |
	walk(input, [path, value])
	count(path) > 0
	not is_object(value)
	every p in path { is_string(p) }
	name := concat(".", path)
}

enabled(name) if settings[name] == true

enabled(name) if settings[name] == "true"

disabled(name) if settings[name] == false

disabled(name) if settings[name] == "false"

deny contains "xpack.security.enabled is not true: security is off or left to the version's default" if {
	not enabled("xpack.security.enabled")
}

deny contains "xpack.security.transport.ssl.enabled is not true: nodes talk in clear text" if {
	not enabled("xpack.security.transport.ssl.enabled")
}

deny contains "xpack.security.http.ssl.enabled is not true: clients talk to the node in clear text" if {
	not enabled("xpack.security.http.ssl.enabled")
}

deny contains "xpack.security.transport.ssl.verification_mode is none: any certificate is accepted between nodes" if {
	settings["xpack.security.transport.ssl.verification_mode"] == "none"
}

deny contains "xpack.security.transport.ssl.client_authentication is none: nodes need no certificate to join" if {
	settings["xpack.security.transport.ssl.client_authentication"] == "none"
}

deny contains "cluster.name is not set: the node joins any cluster called elasticsearch" if {
	not settings["cluster.name"]
}

deny contains "http.cors.allow-origin is * with CORS enabled: any web page can call the cluster" if {
	enabled("http.cors.enabled")
	settings["http.cors.allow-origin"] == "*"
}

deny contains "HTTP TLS is enabled without a key: set xpack.security.http.ssl.key or keystore.path" if {
	enabled("xpack.security.http.ssl.enabled")
	not settings["xpack.security.http.ssl.key"]
	not settings["xpack.security.http.ssl.keystore.path"]
}

deny contains "transport TLS is enabled without a key: set xpack.security.transport.ssl.key or keystore.path" if {
	enabled("xpack.security.transport.ssl.enabled")
	not settings["xpack.security.transport.ssl.key"]
	not settings["xpack.security.transport.ssl.keystore.path"]
}

warn contains "action.destructive_requires_name is false: wildcard deletes of indices are allowed" if {
	disabled("action.destructive_requires_name")
}
