package esconfig

import (
	"path/filepath"

	"github.com/essec-dev/essec/internal/collect/configfile"
	"github.com/essec-dev/essec/internal/format/fileinfo"
	"github.com/essec-dev/essec/internal/inventory"
)

// securityFiles are the files of a config directory whose protection
// matters, with their roles.
var securityFiles = []struct{ name, role string }{
	{"elasticsearch.keystore", "keystore"},
	{"service_tokens", "service-tokens"},
	{"users", "users"},
	{"users_roles", "users"},
	{"roles.yml", "config"},
	{"role_mapping.yml", "config"},
}

// autoConfigFiles are what the 8.x security auto-configuration writes under
// the config directory besides the keystores its settings name (those are
// read as TLS material): the certs directory and the HTTP CA certificate,
// which no setting names. AUTO-02 judges them and must not pass unseen.
var autoConfigFiles = []string{"certs", filepath.Join("certs", "http_ca.crt")}

// describeFiles lists the settings file, the JVM option files and the
// security files that exist, and for a node with the auto-configuration
// block the files it writes, present or not.
func describeFiles(dir, settings string, jvmFiles []string, autoConfig bool) []inventory.FileInfo {
	out := []inventory.FileInfo{fileinfo.Stat(settings, "config")}
	for _, f := range jvmFiles {
		out = append(out, fileinfo.Stat(f, "jvm-options"))
	}
	for _, f := range securityFiles {
		path := filepath.Join(dir, f.name)
		if configfile.IsFile(path) {
			out = append(out, fileinfo.Stat(path, f.role))
		}
	}
	if autoConfig {
		for _, name := range autoConfigFiles {
			out = append(out, fileinfo.Stat(filepath.Join(dir, name), "tls"))
		}
	}
	return out
}
