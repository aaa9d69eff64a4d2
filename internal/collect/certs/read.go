package certs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/inventory"
)

// maxFileSize bounds what essec reads of one TLS file: real keystores and
// CA bundles are far smaller, and a bound keeps a wrong path (a log file, a
// device) from costing memory.
const maxFileSize = 8 << 20

// resolvePath makes p absolute against dir, as Elasticsearch resolves paths
// against its config directory; without dir, against the working directory.
func resolvePath(dir, p string) string {
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// readMaterial stats and reads path into the evidence's file fields. It
// returns the content, or nil with ev.Error set when the file cannot be read.
func readMaterial(ctx context.Context, path string, ev *inventory.TLSMaterial, owners *ownerCache) []byte {
	ev.Path = path
	if err := ctx.Err(); err != nil {
		ev.Error = "not read: " + err.Error()
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		ev.Error = statError(err)
		return nil
	}
	ev.Exists = true
	ev.Mode = fmt.Sprintf("%04o", fi.Mode().Perm())
	ev.Owner, ev.Group = owners.names(fi)
	if fi.IsDir() {
		ev.Error = "is a directory, not a file"
		return nil
	}
	data, err := readLimited(path)
	if err != nil {
		ev.Error = err.Error()
		return nil
	}
	ev.Readable = true
	return data
}

// statError turns a stat failure into the evidence's wording.
func statError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "not found"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied (cannot reach the file)"
	}
	return "cannot stat: " + unwrapPathError(err)
}

// readLimited reads a file of at most maxFileSize bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return nil, errors.New("permission denied")
		}
		return nil, errors.New("cannot open: " + unwrapPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, errors.New("cannot read: " + unwrapPathError(err))
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes: not a TLS file", maxFileSize)
	}
	return data, nil
}

// unwrapPathError drops the path from a *fs.PathError: the evidence names
// the path already.
func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
