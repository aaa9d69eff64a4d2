# METADATA
# title: File permissions protect keys, keystores and configuration
# description: |
#   Private keys, keystores (elasticsearch.keystore, kibana.keystore, PKCS#12
#   and JKS files), the service_tokens file and file-realm users hold
#   secrets; elasticsearch.yml, kibana.yml and jvm.options configure
#   security and can hold clear-text passwords. Every file essec knows
#   (the components' files and the TLS material their settings name) is
#   judged once, from its octal mode and owner: writable by others fails
#   for any file (a certificate or trust store others can replace is a
#   trust attack); readable by others fails for secrets and configuration
#   (certificates and CA files may be world-readable). Tool policy, after
#   Elastic's packages (root:elasticsearch, 0660 for the keystore and
#   certificates, setgid config directory): group access to a secret is
#   fine when the group is elasticsearch, kibana or root (gid 0, as in
#   Elastic's Docker image), else warn; a secret or configuration file
#   owned by someone other than root or the service account (elasticsearch,
#   kibana) warns. Owner and group are not judged for docker-compose
#   components: the host's names for the container's uid 1000 vary. A file
#   without a collected mode is unknown; a component with no file evidence
#   at all is unknown (run essec on the host). Modes and owners describe a
#   host: when the files are a repository checkout or another copy
#   (context.file_location "repository": a git work tree, or --repo) the
#   check is not_applicable for every component, with the reason.
# custom:
#   id: HARD-11
#   level: hardening
#   severity: high
#   component: elasticsearch
#   remediation: ""
#   remediation_text: |
#     chmod o-rwx on keys, keystores, the service_tokens and users files and
#     on elasticsearch.yml, kibana.yml and jvm.options (0660 or 0640);
#     chown root:elasticsearch (Kibana: root:kibana). Run
#     elasticsearch-keystore and elasticsearch-service-tokens as the
#     elasticsearch user so they keep this ownership.
#   requires: [C, K, F]
#   references:
#     - https://www.elastic.co/docs/deploy-manage/security/self-auto-setup
#     - https://www.elastic.co/docs/reference/elasticsearch/command-line-tools/elasticsearch-keystore
package essec.checks.hardening.hard_11

import data.essec.lib
import data.essec.lib.files as modes
import data.essec.lib.tls

secret_roles := {"keystore", "service-tokens", "users"}

public_roles := {"certificate", "certificate_authorities", "truststore"}

key_extensions := [".key", ".p12", ".pfx", ".jks", ".bcfks", ".keystore"]

service_accounts := {"root", "elasticsearch", "kibana"}

class_words := ["certificate or trust file", "configuration file", "key, keystore or credentials file"]

# class_words name what a path of each rank is in messages; the certs
# directory the 8.x automatic setup writes is statted with its TLS files
# (rank 0), but is no file: it is the directory_word.
directory_word := "certificate directory"

# files_by_path holds one entry per path of the components' files (those
# that exist) and of their TLS material (tls.material_list), indexed in Go
# by essec.file_index (internal/policy/index): {"path", "rank", "mode",
# "perm", "owner", "group", "error", "compose", "component", "class"}.
# rank is the class (class_words): a file of a secret_roles role, a "tls"
# file whose name ends with a key_extensions ending, key material (role
# key or keystore, or has_private_key) and material of any other than the
# public_roles are 2 (secrets); other "tls" files and public material are 0; every
# other file 1 (configuration). compose is whether the component is a
# docker-compose service. A path named more than once gives one entry: the
# strictest class, and the mode and owner of an entry that has them (the
# least, in sort order, of the entries with a mode, else of all). class
# is the word for the entry's rank in messages (directory_word for a rank
# 0 path ending in "/certs"), so that no function call per file names it.
# examined holds the names of the components with at least one such file.
_index := essec.file_index(lib.component_list, tls.material_list, {"secret_roles": secret_roles, "public_roles": public_roles, "key_extensions": key_extensions, "class_words": class_words, "directory_word": directory_word})

files_by_path := _index.files

examined := _index.components

files contains f if some f in files_by_path

# verdict judges one file, from its mode's group and other digits (perm,
# [group, other], null when the mode is no octal permission). Thousands of
# files are judged at fleet scale, and each call of a helper per file
# costs more than the test it makes: the tests are written inline.
verdict(f) := ["unknown", msg] if {
	f.mode == ""
	msg := sprintf("%s: its mode was not collected%s", [f.path, error_note(f)])
} else := ["unknown", msg] if {
	f.perm == null
	msg := sprintf("%s: mode %q is not an octal permission", [f.path, f.mode])
} else := ["fail", msg] if {
	bits.and(f.perm[1], 2) != 0
	msg := sprintf("%s (%s) is writable by others (mode %s); expected no access for others", [f.path, f.class, f.mode])
} else := ["fail", msg] if {
	f.rank >= 1
	bits.and(f.perm[1], 4) != 0
	msg := sprintf("%s (%s) is readable by others (mode %s); expected no access for others (0660 or 0640)", [f.path, f.class, f.mode])
} else := ["warn", msg] if {
	f.rank == 2
	not f.compose # the host's names for a container's uid vary
	f.group != ""
	not service_accounts[f.group]
	bits.and(f.perm[0], 4) != 0
	msg := sprintf("%s (%s) is readable by group %q (mode %s); expected the elasticsearch or kibana group, or no group access", [f.path, f.class, f.group, f.mode])
} else := ["warn", msg] if {
	f.rank >= 1
	not f.compose
	f.owner != ""
	not service_accounts[f.owner]
	msg := sprintf("%s (%s) is owned by %q; expected root or the service account (elasticsearch, kibana)", [f.path, f.class, f.owner])
} else := ["pass", msg] if {
	f.owner != ""
	msg := sprintf("%s (%s): mode %s, owner %s:%s", [f.path, f.class, f.mode, f.owner, f.group])
} else := ["pass", sprintf("%s (%s): mode %s", [f.path, f.class, f.mode])]

error_note(f) := sprintf(" (%s)", [f.error]) if f.error != ""
else := ""

repository_message := sprintf("file modes and owners describe the deployed host, and these files are a repository checkout or copy (%s): audit the host's config directory to judge them", [reason]) if {
	reason := object.get(input.context, "file_location_reason", "")
	reason != ""
} else := "file modes and owners describe the deployed host, and these files are a repository checkout or copy: audit the host's config directory to judge them"

results contains lib.result("not_applicable", lib.component_resource(c), repository_message, {}) if {
	modes.repository
	some c in lib.component_list
}

# clean holds, by path, the files whose verdict is a pass on their face:
# no access for others, and an owner and group that are empty or service
# accounts (quiet_names). Nearly every file of a fleet is clean, and a
# call of verdict per file cost more than the rest of the check: clean
# files are judged here, in one pass, and verdict judges the others.
quiet_names := service_accounts | {""}

clean := {p: f |
	some p, f in files_by_path
	f.perm[1] == 0
	quiet_names[f.group]
	quiet_names[f.owner]
}

results contains {"status": "pass", "resource": {"kind": "file", "name": f.path, "file": f.path}, "message": msg, "evidence": {"observed": {"mode": f.mode, "owner": f.owner, "group": f.group}, "expected": expected}} if {
	not modes.repository
	some f in clean
	f.owner != ""
	msg := sprintf("%s (%s): mode %s, owner %s:%s", [f.path, f.class, f.mode, f.owner, f.group])
}

results contains {"status": "pass", "resource": {"kind": "file", "name": f.path, "file": f.path}, "message": msg, "evidence": {"observed": {"mode": f.mode, "owner": f.owner, "group": f.group}, "expected": expected}} if {
	not modes.repository
	some f in clean
	f.owner == ""
	msg := sprintf("%s (%s): mode %s", [f.path, f.class, f.mode])
}

results contains {"status": v[0], "resource": {"kind": "file", "name": f.path, "file": f.path}, "message": v[1], "evidence": {"observed": {"mode": f.mode, "owner": f.owner, "group": f.group}, "expected": expected}} if {
	not modes.repository
	some p, f in files_by_path
	not clean[p]
	v := verdict(f)
}

expected := "no access for others; owner root or the service account"

results contains lib.result("unknown", lib.component_resource(c), msg, {}) if {
	not modes.repository
	some c in lib.component_list
	not examined[c.obj.name]
	msg := "no file of this component was examined (run essec on the host, with read access to the config directory, to judge file permissions)"
}

# A node whose configuration could not be read is unknown, never judged
# as if its settings were absent.
results contains r if some r in lib.unreadable_node_results

# A Kibana instance whose configuration could not be read is unknown.
results contains r if some r in lib.unreadable_kibana_results
