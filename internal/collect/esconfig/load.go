// Package esconfig reads an Elasticsearch node's configuration directory:
// elasticsearch.yml (flattened by yamlconf with Elasticsearch's rules), the
// -D system properties of jvm.options and jvm.options.d, the keystore's
// location, the protection of the security-relevant files, and the version
// of the installation around it.
package esconfig

import (
	"bytes"
	"context"
	"path/filepath"

	"github.com/essec-dev/essec/internal/collect/configfile"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
)

// Source names this collector in collection errors.
const Source = "esconfig"

// Node is what an Elasticsearch configuration directory says about a node.
type Node struct {
	ConfigDir, ConfigFile string
	// Settings are the raw, unredacted settings: the caller redacts.
	Settings *yamlconf.File
	// JVMOptions are the -D options of jvm.options and
	// jvm.options.d/*.options, version prefixes removed.
	JVMOptions []string
	// KeystorePath is <ConfigDir>/elasticsearch.keystore if it exists, else "".
	KeystorePath string
	// Files describes elasticsearch.yml and, when present, the keystore,
	// JVM options, service_tokens, users, users_roles, roles.yml and
	// role_mapping.yml; with the auto-configuration block, also certs/,
	// certs/http_ca.crt, certs/http.p12 and certs/transport.p12 (present or
	// not).
	Files []inventory.FileInfo
	// Version is detected from lib/elasticsearch-X.Y.Z.jar next to the
	// config directory (VersionSource "jar"); both are "" when not found.
	Version, VersionSource string
	// AutoConfigBlock is true when elasticsearch.yml carries the block the
	// 8.x security auto-configuration appends ("BEGIN SECURITY AUTO
	// CONFIGURATION").
	AutoConfigBlock bool
	// Problems are non-fatal: duplicate or unresolved settings, unreadable
	// JVM options, with file and line.
	Problems []inventory.CollectionError
}

// Load reads the configuration at path: a config directory holding
// elasticsearch.yml, or a settings file (its directory is then the config
// directory). env looks up environment variables for ${...} placeholders
// and ES_HOME. A missing or unreadable elasticsearch.yml, or one that is not
// a settings mapping (*yamlconf.SyntaxError), is an error.
func Load(ctx context.Context, path string, env func(string) (string, bool)) (*Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	dir, file, text, settings, err := configfile.LoadText(path, "elasticsearch.yml", yamlconf.Elasticsearch, env)
	if err != nil {
		return nil, err
	}
	n := &Node{ConfigDir: dir, ConfigFile: file, Settings: settings, Problems: settings.CollectionErrors(Source)}
	if note := configfile.NoSettings(Source, "Elasticsearch", settings); note != nil {
		n.Problems = append(n.Problems, *note)
	}
	n.AutoConfigBlock = bytes.Contains(text, []byte(autoConfigMarker))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts, optFiles, problems := jvmOptions(dir)
	n.JVMOptions = opts
	n.Problems = append(n.Problems, problems...)
	if configfile.IsFile(filepath.Join(dir, "elasticsearch.keystore")) {
		n.KeystorePath = filepath.Join(dir, "elasticsearch.keystore")
	}
	n.Files = describeFiles(dir, file, optFiles, n.AutoConfigBlock)
	n.Version, problems = detectVersion(dir, env)
	if n.Version != "" {
		n.VersionSource = "jar"
	}
	n.Problems = append(n.Problems, problems...)
	return n, nil
}

// autoConfigMarker opens the block the 8.x security auto-configuration
// appends to elasticsearch.yml. It is a comment, which the parser does not
// keep: it is looked for in the file's text.
const autoConfigMarker = "BEGIN SECURITY AUTO CONFIGURATION"
