// Package kibanaconfig reads a Kibana configuration directory: kibana.yml
// (flattened by yamlconf with Kibana's rules), the keystore's location, the
// protection of those files, and the version of the installation around it.
package kibanaconfig

import (
	"context"
	"path/filepath"

	"github.com/essec-dev/essec/internal/collect/configfile"
	"github.com/essec-dev/essec/internal/format/fileinfo"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
)

// Source names this collector in collection errors.
const Source = "kibanaconfig"

// Instance is what a Kibana configuration directory says about an instance.
type Instance struct {
	ConfigDir, ConfigFile string
	// Settings are the raw, unredacted settings: the caller redacts.
	Settings *yamlconf.File
	// KeystorePath is the kibana.keystore Kibana would open, or "" when
	// there is none (see keystorePath).
	KeystorePath string
	// Files describes kibana.yml and, when present, kibana.keystore.
	Files []inventory.FileInfo
	// Version is read from the installation's package.json (VersionSource
	// "package.json"); both are "" when not found.
	Version, VersionSource string
	// Problems are non-fatal: duplicate or unresolved settings, with line.
	Problems []inventory.CollectionError
}

// Load reads the configuration at path: a config directory holding
// kibana.yml, or a settings file (its directory is then the config
// directory). env looks up environment variables for ${...} references.
// A missing or unreadable kibana.yml, or one that is not a settings
// mapping (*yamlconf.SyntaxError), is an error.
func Load(ctx context.Context, path string, env func(string) (string, bool)) (*Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir, file, settings, err := configfile.Load(path, "kibana.yml", yamlconf.Kibana, env)
	if err != nil {
		return nil, err
	}
	in := &Instance{ConfigDir: dir, ConfigFile: file, Settings: settings, Problems: settings.CollectionErrors(Source)}
	if note := configfile.NoSettings(Source, "Kibana", settings); note != nil {
		in.Problems = append(in.Problems, *note)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in.Files = []inventory.FileInfo{fileinfo.Stat(file, "config")}
	if ks := keystorePath(dir, settings); ks != "" {
		in.KeystorePath = ks
		in.Files = append(in.Files, fileinfo.Stat(ks, "keystore"))
	}
	if v := detectVersion(dir); v != "" {
		in.Version, in.VersionSource = v, "package.json"
	}
	return in, nil
}

// keystorePath returns the keystore Kibana opens: one in the data directory
// (path.data, else <home>/data; the deprecated location, still preferred
// by Kibana when it exists), else <config>/kibana.keystore, else "".
func keystorePath(dir string, settings *yamlconf.File) string {
	home := filepath.Dir(dir)
	var dataDirs []string
	if e, ok := settings.Get("path.data"); ok && !e.IsList && e.Value != "" && !e.Unresolved {
		p := e.Value
		if !filepath.IsAbs(p) {
			p = filepath.Join(home, p)
		}
		dataDirs = append(dataDirs, p)
	}
	dataDirs = append(dataDirs, filepath.Join(home, "data"))
	if filepath.Clean(dir) == "/etc/kibana" {
		dataDirs = append(dataDirs, "/var/lib/kibana")
	}
	for _, d := range dataDirs {
		if p := filepath.Join(d, "kibana.keystore"); configfile.IsFile(p) {
			return p
		}
	}
	if p := filepath.Join(dir, "kibana.keystore"); configfile.IsFile(p) {
		return p
	}
	return ""
}
