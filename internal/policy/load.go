// Package policy loads the Rego checks (embedded and user-supplied), reads
// their METADATA, compiles them once, and evaluates input documents.
package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
)

// Module is one Rego source file.
type Module struct {
	Name   string // a path for messages: embedded:minimal/min_01.rego or the user's file
	Source string
	Test   bool
	// Custom is true for a module from a user's policy directory.
	Custom bool
}

// ReadFS reads every .rego file below root of fsys. prefix names where the
// files come from in messages.
func ReadFS(fsys fs.FS, root, prefix string) ([]Module, error) {
	return readModules(fsys, root, prefix, func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) })
}

// readModules walks fsys below root and reads every .rego file with read.
func readModules(fsys fs.FS, root, prefix string, read func(p string) ([]byte, error)) ([]Module, error) {
	var mods []Module
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return nil
		}
		b, err := read(p)
		if err != nil {
			return fmt.Errorf("read policy %s: %w", p, err)
		}
		mods = append(mods, Module{Name: prefix + p, Source: string(b), Test: strings.HasSuffix(p, "_test.rego")})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	return mods, nil
}

// ReadDir reads every .rego file below a user's policy directory.
func ReadDir(dir string) ([]Module, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("policy directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("policy directory %s is not a directory", dir)
	}
	// A user's directory may hold anything: every file is read as a
	// regular file under a size limit (a FIFO named x.rego must not hang).
	mods, err := readModules(os.DirFS(dir), ".", filepath.Clean(dir)+string(filepath.Separator), func(p string) ([]byte, error) {
		return boundedfile.Read(filepath.Join(dir, filepath.FromSlash(p)), boundedfile.Policy)
	})
	if err != nil {
		return nil, err
	}
	for i := range mods {
		mods[i].Custom = true
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("policy directory %s holds no .rego file", dir)
	}
	return mods, nil
}
