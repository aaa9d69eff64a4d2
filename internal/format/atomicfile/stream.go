package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
)

// File is a file being written in pieces: the content goes to a temporary
// file beside the target, and Commit puts it in place at once, so a reader
// (or a failed run) never sees half of it. Writing to a device or a named
// pipe (-o /dev/null, -o /dev/stdout) goes straight to it: there is nothing
// to replace.
type File struct {
	f      *os.File
	staged *Staged
}

// Create starts writing path (created with newMode when it does not exist).
func Create(path string, newMode fs.FileMode) (*File, error) {
	if st, err := os.Stat(path); err == nil && st.Mode()&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe) != 0 {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		return &File{f: f}, nil
	}
	t, err := Resolve(path, newMode)
	if err != nil {
		return nil, err
	}
	f, err := createTemp(t)
	if err != nil {
		return nil, err
	}
	return &File{f: f, staged: &Staged{Target: t, Temp: f.Name()}}, nil
}

// Write writes to the temporary file.
func (w *File) Write(p []byte) (int, error) { return w.f.Write(p) }

// Commit syncs the content, gives it the target's mode and owner and
// renames it over the target. On failure nothing is left behind.
func (w *File) Commit() error {
	if w.staged == nil {
		return w.f.Close()
	}
	s := w.staged
	err := w.f.Sync()
	if err == nil {
		err = w.f.Chmod(s.Target.Mode)
	}
	if err == nil {
		err = keepOwner(w.f, s.Target)
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = s.Commit()
	}
	if err != nil {
		s.Abort()
		return fmt.Errorf("write %s: %w", s.Target.Resolved, err)
	}
	return nil
}

// Abort drops what was written; the target is left as it was.
func (w *File) Abort() {
	_ = w.f.Close()
	if w.staged != nil {
		w.staged.Abort()
	}
}
