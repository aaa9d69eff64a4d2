// Package configfile finds, reads and parses a product's settings file
// (elasticsearch.yml, kibana.yml) from what a user names: its config
// directory or the file itself.
package configfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
)

// Load reads the settings at path: a config directory holding name, or a
// settings file (its directory is then the config directory). It returns
// the absolute config directory and settings file, and the settings parsed
// with dialect's rules, env looking up ${...} references. A missing or
// unreadable file, or one that is not a settings mapping
// (*yamlconf.SyntaxError), is an error.
func Load(path, name string, dialect yamlconf.Dialect, env func(string) (string, bool)) (dir, file string, settings *yamlconf.File, err error) {
	dir, file, _, settings, err = LoadText(path, name, dialect, env)
	return dir, file, settings, err
}

// LoadText is Load that also returns the settings file's text, for what
// the parser does not keep (comments), so that the file is read once.
func LoadText(path, name string, dialect yamlconf.Dialect, env func(string) (string, bool)) (dir, file string, data []byte, settings *yamlconf.File, err error) {
	dir, file, err = locate(path, name)
	if err != nil {
		return "", "", nil, nil, err
	}
	data, err = read(file)
	if err != nil {
		return "", "", nil, nil, err
	}
	settings, err = yamlconf.Parse(file, data, dialect, env)
	if err != nil {
		return "", "", nil, nil, err
	}
	return dir, file, data, settings, nil
}

// locate returns the absolute config directory and settings file.
func locate(path, name string) (dir, file string, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", fmt.Errorf("no %s at %s: %w", name, path, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", "", fmt.Errorf("no %s at %s: %w", name, path, err)
	}
	if !st.IsDir() {
		return filepath.Dir(abs), abs, nil
	}
	file = filepath.Join(abs, name)
	if _, err := os.Stat(file); err != nil {
		if os.IsNotExist(err) {
			return "", "", fmt.Errorf("no %s in %s: %w", name, abs, fs.ErrNotExist)
		}
		return "", "", fmt.Errorf("no readable %s in %s: %w", name, abs, err)
	}
	return abs, file, nil
}

// read reads a settings file, refusing what cannot be one.
func read(file string) ([]byte, error) {
	data, err := boundedfile.Read(file, boundedfile.Config)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return data, nil
}

// NoSettings is the note for a settings file that sets nothing (empty, or
// comments only): the product starts with it on its defaults, so it is
// audited as those defaults, and the report says why every setting reads
// as unset. nil when the file sets something.
func NoSettings(source, product string, f *yamlconf.File) *inventory.CollectionError {
	if len(f.Entries) > 0 {
		return nil
	}
	return &inventory.CollectionError{Source: source, File: f.Path, Message: fmt.Sprintf(
		"%s sets no setting (empty or comments only): audited as %s's defaults, which it starts with", filepath.Base(f.Path), product)}
}

// IsFile reports whether path exists and is not a directory.
func IsFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
