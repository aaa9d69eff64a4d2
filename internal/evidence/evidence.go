// Package evidence reads saved input documents (essec collect's output) for
// essec audit --input, one document at a time: from a file (one document,
// an array of them, or one after another as NDJSON), every *.json file of a
// directory, the files a glob matches, or a stream such as stdin. So a
// fleet's evidence, collected host by host, is evaluated by one process
// without holding every document at once.
package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/inventory"
)

// Stdin is the --input value that reads documents from the standard input.
const Stdin = "-"

// Files resolves an --input value to the files it names, in order: a
// file, every *.json file of a directory (not its subdirectories), or the
// files a glob pattern matches. Stdin gives none.
func Files(spec string) ([]string, error) {
	if spec == Stdin {
		return nil, nil
	}
	st, err := os.Stat(spec)
	switch {
	case err == nil && st.IsDir():
		files, err := filepath.Glob(filepath.Join(globEscape(spec), "*.json"))
		if err != nil {
			return nil, err
		}
		var out []string
		for _, f := range files {
			if st, err := os.Stat(f); err != nil || !st.IsDir() {
				out = append(out, f)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s holds no *.json file", spec)
		}
		return out, nil
	case err == nil || !strings.ContainsAny(spec, "*?["):
		return []string{spec}, nil
	}
	files, err := filepath.Glob(spec)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid pattern: %w", spec, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no file matches %s", spec)
	}
	sort.Strings(files)
	return files, nil
}

// globEscape quotes a directory name for use in a pattern.
func globEscape(dir string) string {
	var b strings.Builder
	for _, r := range dir {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Documents yields the documents of spec (see Files) one at a time, or of
// stdin when spec is Stdin. Every document is checked as it is read: its
// schema version, a deployment name, and a name no earlier document had.
// The first problem ends the sequence with an error that names the file,
// the line and the document's number in it.
func Documents(spec string, stdin io.Reader) iter.Seq2[*inventory.Document, error] {
	return func(yield func(*inventory.Document, error) bool) {
		files, err := Files(spec)
		if err != nil {
			yield(nil, err)
			return
		}
		seen := map[string]string{} // deployment name -> where it was read
		check := func(d *inventory.Document, at string) error {
			if err := Validate(d); err != nil {
				return fmt.Errorf("%s: %w", at, err)
			}
			if first, ok := seen[d.Deployment.Name]; ok {
				return fmt.Errorf("%s: deployment %q was already read from %s; each deployment must come once (collect it once, or name the deployments apart)", at, d.Deployment.Name, first)
			}
			seen[d.Deployment.Name] = at
			return nil
		}
		if spec == Stdin {
			for d, err := range decode("stdin", stdin, check) {
				if !yield(d, err) || err != nil {
					return
				}
			}
			return
		}
		for _, f := range files {
			data, err := boundedfile.Read(f, boundedfile.Document)
			if err != nil {
				yield(nil, err)
				return
			}
			for d, err := range decode(f, bytes.NewReader(data), check) {
				if !yield(d, err) || err != nil {
					return
				}
			}
		}
	}
}

// Validate checks what every input document must have.
func Validate(d *inventory.Document) error {
	if d.SchemaVersion == 0 {
		return errors.New("not an essec input document (no schema_version): give what essec collect writes")
	}
	if d.SchemaVersion != inventory.SchemaVersion {
		return fmt.Errorf("schema_version %d; this essec reads %d", d.SchemaVersion, inventory.SchemaVersion)
	}
	if d.Deployment.Name == "" {
		return errors.New("the document has no deployment.name")
	}
	return nil
}
