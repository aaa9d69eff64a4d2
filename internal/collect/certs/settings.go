package certs

import (
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/inventory"
)

// Products whose settings name the files; they expect different formats.
const (
	productElasticsearch = "elasticsearch"
	productKibana        = "kibana"
)

// fileRef is one file named by a setting, with the settings that hold the
// passwords to open it.
type fileRef struct {
	setting string
	context string
	role    string
	path    string // as written; resolved against Request.ConfigDir
	// passwords are the setting names that may hold the file's password,
	// best first; keyPasswords those of the key inside (PEM passphrase, JKS
	// key password), tried before the file password.
	passwords    []string
	keyPasswords []string
}

// esSuffixes maps the Elasticsearch setting suffixes that name files to roles.
var esSuffixes = [...]struct{ suffix, role string }{
	{"ssl.keystore.path", RoleKeystore},
	{"ssl.truststore.path", RoleTruststore},
	{"ssl.key", RoleKey},
	{"ssl.certificate", RoleCertificate},
	{"ssl.certificate_authorities", RoleCertificateAuthorities},
}

// pkiRealmSuffixes are the PKI realm's trust settings, which have no "ssl." part.
var pkiRealmSuffixes = [...]struct{ suffix, role string }{
	{"truststore.path", RoleTruststore},
	{"certificate_authorities", RoleCertificateAuthorities},
}

// roleRank orders the files of one context.
var roleRank = map[string]int{
	RoleKeystore: 0, RoleKey: 1, RoleCertificate: 2, RoleTruststore: 3, RoleCertificateAuthorities: 4,
}

// contextRank puts the main contexts first.
var contextRank = map[string]int{
	ContextTransport: 0, ContextHTTP: 1, ContextRemoteClusterServer: 2, ContextRemoteClusterClient: 3,
	ContextKibanaServer: 0, ContextKibanaElasticsearch: 1,
}

// elasticsearchRefs finds every TLS file setting of a node.
func elasticsearchRefs(settings map[string]inventory.Setting) []fileRef {
	var refs []fileRef
	for name, s := range settings {
		for _, sf := range esSuffixes {
			if !strings.HasSuffix(name, "."+sf.suffix) && name != sf.suffix {
				continue
			}
			prefix := strings.TrimSuffix(name, sf.suffix) + "ssl." // "xpack.security.http.ssl."
			refs = append(refs, esRefs(name, prefix, esContext(prefix), sf.role, s)...)
		}
		if strings.HasPrefix(name, "xpack.security.authc.realms.") && !strings.Contains(name, ".ssl.") {
			for _, sf := range pkiRealmSuffixes {
				if strings.HasSuffix(name, "."+sf.suffix) {
					prefix := strings.TrimSuffix(name, sf.suffix)
					refs = append(refs, esRefs(name, prefix, esContext(prefix+"ssl."), sf.role, s)...)
				}
			}
		}
	}
	sortRefs(refs)
	return refs
}

// esRefs builds the refs of one setting; prefix ends with "ssl." (or is the
// PKI realm prefix) so that password settings are prefix + suffix.
func esRefs(name, prefix, context, role string, s inventory.Setting) []fileRef {
	var pw, keyPw []string
	switch role {
	case RoleKeystore:
		pw = []string{prefix + "keystore.secure_password", prefix + "keystore.password"}
		keyPw = []string{prefix + "keystore.secure_key_password", prefix + "keystore.key_password"}
	case RoleTruststore:
		pw = []string{prefix + "truststore.secure_password", prefix + "truststore.password"}
	case RoleKey:
		keyPw = []string{prefix + "secure_key_passphrase", prefix + "key_passphrase"}
	}
	var out []fileRef
	for _, p := range settingPaths(s) {
		out = append(out, fileRef{setting: name, context: context, role: role, path: p, passwords: pw, keyPasswords: keyPw})
	}
	return out
}

// esContext names the TLS context of an Elasticsearch setting prefix ending
// in "ssl.".
func esContext(prefix string) string {
	p := strings.TrimSuffix(strings.TrimSuffix(prefix, "ssl."), ".")
	switch {
	case strings.HasPrefix(p, "xpack.security.authc.realms."):
		return "realm." + strings.TrimPrefix(p, "xpack.security.authc.realms.")
	case strings.HasPrefix(p, "transport.profiles.") && strings.HasSuffix(p, ".xpack.security"):
		return strings.TrimSuffix(p, ".xpack.security")
	case strings.HasPrefix(p, "xpack.monitoring.exporters."):
		return strings.TrimPrefix(p, "xpack.")
	case strings.HasPrefix(p, "xpack.security.") && !strings.Contains(strings.TrimPrefix(p, "xpack.security."), "."):
		return strings.TrimPrefix(p, "xpack.security.") // transport, http, remote_cluster_*
	case p == "":
		return "ssl"
	}
	return p
}

// kibanaContexts maps Kibana setting prefixes to contexts.
var kibanaContexts = [...]struct{ prefix, context string }{
	{"server.ssl.", ContextKibanaServer},
	{"elasticsearch.ssl.", ContextKibanaElasticsearch},
}

// kibanaRoles maps Kibana setting suffixes to roles.
var kibanaRoles = [...]struct{ suffix, role string }{
	{"keystore.path", RoleKeystore},
	{"key", RoleKey},
	{"certificate", RoleCertificate},
	{"truststore.path", RoleTruststore},
	{"certificateAuthorities", RoleCertificateAuthorities},
}

// kibanaRefs finds the TLS file settings of a Kibana instance.
func kibanaRefs(settings map[string]inventory.Setting) []fileRef {
	var refs []fileRef
	for _, kc := range kibanaContexts {
		for _, kr := range kibanaRoles {
			name := kc.prefix + kr.suffix
			s, ok := settings[name]
			if !ok {
				continue
			}
			var pw, keyPw []string
			switch kr.role {
			case RoleKeystore:
				pw = []string{kc.prefix + "keystore.password"}
			case RoleTruststore:
				pw = []string{kc.prefix + "truststore.password"}
			case RoleKey:
				keyPw = []string{kc.prefix + "keyPassphrase"}
			}
			for _, p := range settingPaths(s) {
				refs = append(refs, fileRef{setting: name, context: kc.context, role: kr.role, path: p, passwords: pw, keyPasswords: keyPw})
			}
		}
	}
	sortRefs(refs)
	return refs
}

// settingPaths returns the non-empty paths a setting names.
func settingPaths(s inventory.Setting) []string {
	list := s.List
	if len(list) == 0 && s.Value != "" {
		list = []string{s.Value}
	}
	var out []string
	for _, p := range list {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sortRefs orders refs by context (main ones first), role, setting, keeping
// the order of list elements.
func sortRefs(refs []fileRef) {
	sort.SliceStable(refs, func(i, j int) bool {
		a, b := refs[i], refs[j]
		ra, oka := contextRank[a.context]
		rb, okb := contextRank[b.context]
		if oka != okb {
			return oka
		}
		if ra != rb {
			return ra < rb
		}
		if a.context != b.context {
			return a.context < b.context
		}
		if roleRank[a.role] != roleRank[b.role] {
			return roleRank[a.role] < roleRank[b.role]
		}
		return a.setting < b.setting
	})
}
