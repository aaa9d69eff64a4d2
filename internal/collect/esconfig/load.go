// Package esconfig reads an Elasticsearch node's configuration directory:
// elasticsearch.yml (flattened by yamlconf with Elasticsearch's rules), the
// -D system properties of jvm.options and jvm.options.d, the keystore's
// location, the protection of the security-relevant files, and the version
// of the installation around it.
package esconfig

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/collect/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
)

// Source names this collector in collection errors.
const Source = "esconfig"

// maxConfigSize bounds what is read as a settings file.
const maxConfigSize = 8 << 20

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
	// role_mapping.yml.
	Files []inventory.FileInfo
	// Version is detected from lib/elasticsearch-X.Y.Z.jar next to the
	// config directory (VersionSource "jar"); both are "" when not found.
	Version, VersionSource string
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
	dir, file, err := locateConfig(path)
	if err != nil {
		return nil, err
	}
	data, err := readSettings(file)
	if err != nil {
		return nil, err
	}
	settings, err := yamlconf.Parse(file, data, yamlconf.Elasticsearch, env)
	if err != nil {
		return nil, err
	}
	n := &Node{ConfigDir: dir, ConfigFile: file, Settings: settings, Problems: settings.CollectionErrors(Source)}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts, optFiles, problems := jvmOptions(dir)
	n.JVMOptions = opts
	n.Problems = append(n.Problems, problems...)
	if isFile(filepath.Join(dir, "elasticsearch.keystore")) {
		n.KeystorePath = filepath.Join(dir, "elasticsearch.keystore")
	}
	n.Files = describeFiles(dir, file, optFiles)
	n.Version, problems = detectVersion(dir, env)
	if n.Version != "" {
		n.VersionSource = "jar"
	}
	n.Problems = append(n.Problems, problems...)
	return n, nil
}

// locateConfig returns the absolute config directory and settings file.
func locateConfig(path string) (dir, file string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", fmt.Errorf("no elasticsearch.yml at %s: %w", path, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", "", fmt.Errorf("no elasticsearch.yml at %s: %w", path, err)
	}
	if !st.IsDir() {
		return filepath.Dir(abs), abs, nil
	}
	file = filepath.Join(abs, "elasticsearch.yml")
	if _, err := os.Stat(file); err != nil {
		if os.IsNotExist(err) {
			return "", "", fmt.Errorf("no elasticsearch.yml in %s: %w", abs, fs.ErrNotExist)
		}
		return "", "", fmt.Errorf("no readable elasticsearch.yml in %s: %w", abs, err)
	}
	return abs, file, nil
}

// readSettings reads a settings file, refusing what cannot be one.
func readSettings(file string) ([]byte, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("read settings: %s is not a regular file", file)
	}
	if st.Size() > maxConfigSize {
		return nil, fmt.Errorf("read settings: %s is %d bytes, too large for a settings file", file, st.Size())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return data, nil
}

// isFile reports whether path exists and is not a directory.
func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
