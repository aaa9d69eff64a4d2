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
// the config directory: the certs directory, the HTTP CA certificate (which
// no setting names) and the two keystores (also read as TLS material when
// the settings still name them; the block may have been commented out while
// the files stay). AUTO-02 judges them and must not pass unseen.
var autoConfigFiles = []string{"certs", filepath.Join("certs", "http_ca.crt"), filepath.Join("certs", "http.p12"), filepath.Join("certs", "transport.p12")}

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
