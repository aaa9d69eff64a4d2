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

// describeFiles lists the settings file, the JVM option files and the
// security files that exist.
func describeFiles(dir, settings string, jvmFiles []string) []inventory.FileInfo {
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
	return out
}
