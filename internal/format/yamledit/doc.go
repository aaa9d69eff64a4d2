// Package yamledit changes settings in elasticsearch.yml and kibana.yml
// without rewriting the file: the YAML parser only locates keys and values,
// the edit splices the original bytes, and every edit is proved by parsing
// the result again (the flattened settings differ exactly by the intended
// change, and no byte outside the edited lines moved). Whatever the editor
// cannot do with certainty is an *UnsafeError, which callers turn into a
// manual step: no YAML marshaller ever writes a configuration file.
package yamledit
