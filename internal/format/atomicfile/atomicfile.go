// Package atomicfile replaces or creates a file so that a reader sees either
// the old content or the new one, never a mix, and the file keeps its mode
// and owner. Symbolic links are followed to their target (the link stays a
// link); hard-linked files are refused, because a rename would split them.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Target is a file about to be written, resolved and described.
type Target struct {
	// Path is what the caller named; Resolved is the file that is written
	// (the target of a symbolic link, else Path).
	Path     string
	Resolved string
	// Symlink is true when Path is a symbolic link.
	Symlink bool
	// Exists is false for a file to be created.
	Exists bool
	// Mode is the permission bits the written file gets: the existing
	// file's, or the mode asked for a new one.
	Mode fs.FileMode
	// UID and GID are the existing file's owner (-1 when unknown). For a
	// new file they are -1 (the writer's own) unless the caller sets them.
	UID, GID int
}

// ErrHardLinked is returned for a file with more than one name.
var ErrHardLinked = errors.New("the file has other hard links; replacing it would separate them")

// Resolve describes path for writing. newMode is the mode of a file that
// does not exist yet.
func Resolve(path string, newMode fs.FileMode) (Target, error) {
	t := Target{Path: path, Resolved: path, Mode: newMode.Perm(), UID: -1, GID: -1}
	lst, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t, nil
	case err != nil:
		return t, fmt.Errorf("examine %s: %w", path, err)
	}
	if lst.Mode()&fs.ModeSymlink != 0 {
		t.Symlink = true
		resolved, err := filepath.EvalSymlinks(path)
		if err != nil {
			return t, fmt.Errorf("follow the symbolic link %s: %w", path, err)
		}
		t.Resolved = resolved
		lst, err = os.Lstat(resolved)
		if err != nil {
			return t, fmt.Errorf("examine %s (target of %s): %w", resolved, path, err)
		}
	}
	if !lst.Mode().IsRegular() {
		return t, fmt.Errorf("%s is not a regular file", t.Resolved)
	}
	t.Exists = true
	t.Mode = lst.Mode().Perm()
	uid, gid, links := ownerOf(lst)
	t.UID, t.GID = uid, gid
	if links > 1 {
		return t, fmt.Errorf("%s: %w", t.Resolved, ErrHardLinked)
	}
	return t, nil
}

// Staged is new content written and synced next to its target, waiting for
// Commit.
type Staged struct {
	Target Target
	// Temp is the temporary file beside the target.
	Temp string
	done bool
}

// Stage writes data to a temporary file in the target's directory (created
// 0600, so the content is never readable by others on the way), syncs it,
// then gives it the target's mode and owner. It refuses when the owner
// cannot be kept, like elasticsearch-keystore does.
func Stage(t Target, data []byte) (*Staged, error) {
	f, err := createTemp(t)
	if err != nil {
		return nil, err
	}
	s := &Staged{Target: t, Temp: f.Name()}
	fail := func(err error) (*Staged, error) {
		f.Close()
		os.Remove(s.Temp)
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		return fail(fmt.Errorf("write %s: %w", s.Temp, err))
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("sync %s: %w", s.Temp, err))
	}
	if err := f.Chmod(t.Mode); err != nil {
		return fail(fmt.Errorf("set the mode of %s: %w", s.Temp, err))
	}
	if err := keepOwner(f, t); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(s.Temp)
		return nil, fmt.Errorf("close %s: %w", s.Temp, err)
	}
	return s, nil
}

// Commit renames the staged file over its target and syncs the directory.
func (s *Staged) Commit() error {
	if s.done {
		return fmt.Errorf("%s: already committed or aborted", s.Target.Resolved)
	}
	if err := os.Rename(s.Temp, s.Target.Resolved); err != nil {
		return fmt.Errorf("replace %s: %w", s.Target.Resolved, err)
	}
	s.done = true
	return SyncDir(filepath.Dir(s.Target.Resolved))
}

// Abort removes the staged file; it is safe after Commit (it does nothing).
func (s *Staged) Abort() {
	if s.done {
		return
	}
	s.done = true
	os.Remove(s.Temp)
}

// Write replaces (or creates, with newMode) path with data atomically and
// returns what was written.
func Write(path string, data []byte, newMode fs.FileMode) (Target, error) {
	t, err := Resolve(path, newMode)
	if err != nil {
		return t, err
	}
	s, err := Stage(t, data)
	if err != nil {
		return t, err
	}
	if err := s.Commit(); err != nil {
		s.Abort()
		return t, err
	}
	return t, nil
}

// SyncDir flushes a directory so that a rename in it survives a crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// createTemp creates the temporary file a write to t goes through: in the
// target's directory (a rename never crosses file systems), hidden, 0600.
func createTemp(t Target) (*os.File, error) {
	dir, base := filepath.Split(t.Resolved)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".essec-*")
	if err != nil {
		return nil, fmt.Errorf("create a temporary file beside %s: %w", t.Resolved, err)
	}
	return f, nil
}
