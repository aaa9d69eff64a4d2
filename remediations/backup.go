package remediations

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/format/atomicfile"
)

// Backup set states.
const (
	StateApplying   = "applying"    // files are being replaced (interrupted if found later)
	StateApplied    = "applied"     // every file was replaced
	StateRolledBack = "rolled-back" // every file is as before
	StateFailed     = "failed"      // the apply failed and could not restore everything
)

// Manifest is a backup set's journal: what the apply changed and how to
// undo it. It holds hashes, never contents; the contents are in files/.
type Manifest struct {
	ID         string       `json:"id"`
	Created    string       `json:"created"`
	Deployment string       `json:"deployment"`
	State      string       `json:"state"`
	Files      []BackupFile `json:"files"`
	// Dirs are directories the apply created (removed on rollback when empty).
	Dirs []string `json:"dirs,omitempty"`
	// Committed counts the files already replaced, in Files order.
	Committed int `json:"committed"`

	dir string
}

// BackupFile is one file touched by an apply.
type BackupFile struct {
	Path     string `json:"path"`
	Resolved string `json:"resolved"`
	Existed  bool   `json:"existed"`
	Mode     string `json:"mode,omitempty"`
	UID      int    `json:"uid"`
	GID      int    `json:"gid"`
	SHA256   string `json:"sha256,omitempty"`
	After    string `json:"after_sha256"`
	Backup   string `json:"backup,omitempty"`
}

// DefaultBackupDir is $XDG_STATE_HOME/essec/backups, else
// ~/.local/state/essec/backups.
func DefaultBackupDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "essec", "backups"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find a directory for backups (pass --backup-dir): %w", err)
	}
	return filepath.Join(home, ".local", "state", "essec", "backups"), nil
}

// makePrivateSetDir creates a backup set's directory dir (and its files/)
// under root, readable by the owner only: the copies hold the previous
// configuration, passwords and keys included. root is created 0700 when
// missing; an existing root keeps its mode (it may be a shared directory
// the user chose, and the set's own 0700 directory protects the copies).
// Any failure to restrict a directory stops the apply before anything is
// written, naming the directory.
func makePrivateSetDir(root, dir string, chmod func(string, fs.FileMode) error) error {
	var private []string
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(root, 0o700); err != nil {
			return fmt.Errorf("create the backup directory %s: %w", root, err)
		}
		private = append(private, root)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("create the backup set %s: %w", dir, err)
	}
	files := filepath.Join(dir, "files")
	err := os.Mkdir(files, 0o700)
	if err != nil {
		err = fmt.Errorf("create the backup set %s: %w", files, err)
	}
	for _, d := range append(private, dir, files) {
		if err != nil {
			break
		}
		err = restrict(d, chmod)
	}
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	return nil
}

// restrict makes d accessible to its owner only and checks that it is: a
// file system without Unix modes may accept the chmod and ignore it.
func restrict(d string, chmod func(string, fs.FileMode) error) error {
	if err := chmod(d, 0o700); err != nil {
		return fmt.Errorf("restrict the backup directory %s to its owner (chmod 0700): %w; nothing was written", d, err)
	}
	st, err := os.Lstat(d)
	if err != nil {
		return fmt.Errorf("restrict the backup directory %s to its owner: %w; nothing was written", d, err)
	}
	if !st.IsDir() || st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("restrict the backup directory %s to its owner: its mode is %04o after chmod 0700 (a file system without Unix permissions?); nothing was written: choose another --backup-dir", d, st.Mode().Perm())
	}
	return nil
}

// save writes the manifest atomically (0600).
func (m *Manifest) save() error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if _, err := atomicfile.Write(filepath.Join(m.dir, "manifest.json"), b, 0o600); err != nil {
		return fmt.Errorf("write backup journal: %w", err)
	}
	return nil
}

// ListBackups returns the backup sets under dir, newest first.
func ListBackups(dir string) ([]*Manifest, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read backup directory: %w", err)
	}
	var out []*Manifest
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		m, err := loadManifest(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}

func loadManifest(dir string) (*Manifest, error) {
	b, err := boundedfile.Read(filepath.Join(dir, "manifest.json"), boundedfile.Plan)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: damaged journal: %w", dir, err)
	}
	m.dir = dir
	return &m, nil
}

// Interrupted returns the backup sets of applies that never finished.
func Interrupted(dir string) ([]*Manifest, error) {
	sets, err := ListBackups(dir)
	var out []*Manifest
	for _, m := range sets {
		if m.State == StateApplying {
			out = append(out, m)
		}
	}
	return out, err
}

// RollbackResult says what a rollback did.
type RollbackResult struct {
	Set      *Manifest
	Restored []string
	Removed  []string
	// Drifted lists files changed since the apply (overwritten anyway).
	Drifted []string
}

// Rollback restores the named backup set (the newest applied or
// interrupted one when id is ""): every replaced file byte for byte with
// its mode and owner, every created file removed.
func Rollback(dir, id string) (*RollbackResult, error) {
	sets, err := ListBackups(dir)
	if err != nil {
		return nil, err
	}
	var m *Manifest
	for _, s := range sets {
		if id == "" && (s.State == StateApplied || s.State == StateApplying || s.State == StateFailed) || id != "" && s.ID == id {
			m = s
			break
		}
	}
	if m == nil {
		if id == "" {
			return nil, fmt.Errorf("no backup set to roll back in %s", dir)
		}
		return nil, fmt.Errorf("no backup set %q in %s (list them with essec fix --list-backups)", id, dir)
	}
	if m.State == StateRolledBack {
		return nil, fmt.Errorf("backup set %s was already rolled back", m.ID)
	}
	res := &RollbackResult{Set: m}
	for i := len(m.Files) - 1; i >= 0; i-- {
		f := m.Files[i]
		if cur, err := boundedfile.Read(f.Resolved, boundedfile.Any); err == nil && f.After != "" {
			if h := hashOf(cur); h != f.After && (!f.Existed || h != f.SHA256) {
				res.Drifted = append(res.Drifted, f.Path)
			}
		}
		removed, err := m.restore(f)
		if err != nil {
			m.State = StateFailed
			_ = m.save()
			return res, fmt.Errorf("restore %s: %w (files after it in the set are restored; run --rollback %s again once fixed)", f.Path, err, m.ID)
		}
		if removed {
			res.Removed = append(res.Removed, f.Path)
		} else if f.Existed {
			res.Restored = append(res.Restored, f.Path)
		}
	}
	m.removeTemps()
	m.removeDirs()
	m.State = StateRolledBack
	return res, m.save()
}

// restore puts one file back; it reports whether the file was removed
// (it did not exist before).
func (m *Manifest) restore(f BackupFile) (bool, error) {
	if !f.Existed {
		err := os.Remove(f.Resolved)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		return err == nil, nil
	}
	data, err := boundedfile.Read(filepath.Join(m.dir, "files", f.Backup), boundedfile.Any)
	if err != nil {
		return false, fmt.Errorf("read backup: %w", err)
	}
	if hashOf(data) != f.SHA256 {
		return false, fmt.Errorf("the backup copy is damaged (hash differs)")
	}
	var mode uint32
	fmt.Sscanf(f.Mode, "%o", &mode)
	t := atomicfile.Target{Path: f.Path, Resolved: f.Resolved, Exists: true, Mode: fs.FileMode(mode), UID: f.UID, GID: f.GID}
	s, err := atomicfile.Stage(t, data)
	if err != nil {
		return false, err
	}
	if err := s.Commit(); err != nil {
		s.Abort()
		return false, err
	}
	return false, nil
}

// removeTemps deletes the staged files an interrupted apply left beside
// its targets.
func (m *Manifest) removeTemps() {
	for _, f := range m.Files {
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(f.Resolved), "."+filepath.Base(f.Resolved)+".essec-*"))
		for _, p := range left {
			os.Remove(p)
		}
	}
}

func (m *Manifest) removeDirs() {
	for i := len(m.Dirs) - 1; i >= 0; i-- {
		os.Remove(m.Dirs[i]) // only when empty
	}
}

// newSetID names a backup set by time, sortable.
func newSetID(now time.Time) string {
	suffix, _ := randomString(nil, 4)
	return now.UTC().Format("20060102T150405Z") + "-" + suffix
}
