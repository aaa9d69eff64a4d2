package certs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/inventory"
)

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
// Exists is false only when the file is known not to exist: a file behind a
// directory essec may not enter, or a symlink loop, exists as far as
// anyone can tell and is unreadable (unknown), never "does not exist".
func readMaterial(ctx context.Context, path string, ev *inventory.TLSMaterial, owners *ownerCache) []byte {
	ev.Path = path
	if err := ctx.Err(); err != nil {
		ev.Error = "not read: " + err.Error()
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		ev.Exists = !errors.Is(err, fs.ErrNotExist)
		ev.Error = statError(err)
		return nil
	}
	ev.Exists = true
	ev.Mode = fmt.Sprintf("%04o", fi.Mode().Perm())
	ev.Owner, ev.Group = owners.names(fi)
	data, err := boundedfile.Read(path, boundedfile.TLS)
	if err != nil {
		ev.Error = boundedfile.Reason(err)
		if errors.Is(err, fs.ErrPermission) {
			ev.Error = "permission denied (essec cannot read the file; the service may run as another user)"
		}
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
		return "permission denied (essec cannot reach the file: a directory on its path is closed to it)"
	}
	return "cannot stat: " + boundedfile.Reason(err)
}
