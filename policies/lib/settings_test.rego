# settings_with_prefix / settings_with_suffix: names with regular
# expression metacharacters are matched literally, an empty, null or absent
# settings object lists nothing.
package essec.lib.settings_test

import data.essec.lib.settings

set := {"value": "x", "list": ["x"], "source": "file", "file": "/etc/elasticsearch/elasticsearch.yml", "line": 1}

node := {"name": "es01", "settings": {
	"transport.profiles.client.port": set,
	"transport.profiles.client.bind_host": set,
	"transport.port": set,
	"a.b[0].c": set,
	"a.bx0].c": set,
	"xpack.security.http.ssl.verification_mode": set,
	"xpack.security.transport.ssl.verification_mode": set,
	"ssl.verification_modes": set,
}}

test_prefix_lists_the_names_starting_with_it if {
	settings.settings_with_prefix(node, "transport.profiles.") == {"transport.profiles.client.port", "transport.profiles.client.bind_host"}
}

test_prefix_metacharacters_are_literal if {
	settings.settings_with_prefix(node, "a.b[") == {"a.b[0].c"}
	settings.settings_with_prefix(node, "transport.") == {"transport.profiles.client.port", "transport.profiles.client.bind_host", "transport.port"}
	settings.settings_with_prefix(node, "transport.*") == set()
}

test_suffix_lists_the_names_ending_with_it if {
	settings.settings_with_suffix(node, ".verification_mode") == {"xpack.security.http.ssl.verification_mode", "xpack.security.transport.ssl.verification_mode"}
	settings.settings_with_suffix(node, "].c") == {"a.b[0].c", "a.bx0].c"}
	settings.settings_with_suffix(node, "0].c") == {"a.b[0].c", "a.bx0].c"}
}

test_no_settings_lists_nothing if {
	settings.settings_with_prefix({"name": "es01", "settings": {}}, "") == set()
	settings.settings_with_prefix({"name": "es01", "settings": null}, "x") == set()
	settings.settings_with_suffix({"name": "es01"}, "x") == set()
	settings.settings_with_prefix({"name": "es01", "settings": {"": set}}, "") == {""}
}

test_a_name_with_a_line_break_is_one_name if {
	o := {"name": "es01", "settings": {"transport.a\ntransport.b": set, "transport.c": set, "other": set}}
	settings.settings_with_prefix(o, "transport.") == {"transport.a\ntransport.b", "transport.c"}
	settings.settings_with_suffix(o, ".b") == {"transport.a\ntransport.b"}
}
