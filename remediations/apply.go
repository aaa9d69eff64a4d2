package remediations

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/format/atomicfile"
)

// ErrStale is returned when a file changed since the plan was made.
var ErrStale = errors.New("the plan is stale")

// ApplyOptions are the inputs of Apply.
type ApplyOptions struct {
	BackupDir string
	Now       time.Time
	// AfterCommit, when set, is called after each file is replaced (tests
	// inject failures with it).
	AfterCommit func(i int, path string) error
	// chmod replaces os.Chmod on the backup directories (tests inject a
	// failure with it).
	chmod func(string, fs.FileMode) error
}

// ApplyResult says what an apply did.
type ApplyResult struct {
	Set *Manifest
	// Symlinks maps a configured path to the file written instead.
	Symlinks map[string]string
}

// ApplyError is a failed apply with the state the files are in.
type ApplyError struct {
	Err error
	// AllRestored is true when every file is as before the apply.
	AllRestored bool
	// Mixed lists files that could not be restored.
	Mixed []string
	SetID string
}

func (e *ApplyError) Error() string {
	if e.AllRestored {
		return fmt.Sprintf("%v; nothing was changed: every file is as before (backup set %s)", e.Err, e.SetID)
	}
	return fmt.Sprintf("%v; some files could not be restored and are in the new state: %s; run essec fix --rollback %s", e.Err, strings.Join(e.Mixed, ", "), e.SetID)
}

func (e *ApplyError) Unwrap() error { return e.Err }

// Apply writes the plan's files as one transaction: check that no input
// changed, back every file up (set directory 0700, copies 0600) with a
// journal, stage every new content next to its target, then replace the
// files in order. Any failure restores what was already replaced.
func Apply(p *Plan, o ApplyOptions) (*ApplyResult, error) {
	if len(p.order) == 0 {
		return &ApplyResult{}, nil
	}
	if err := p.checkFresh(); err != nil {
		return nil, err
	}
	m := &Manifest{ID: newSetID(o.Now), Created: o.Now.UTC().Format(time.RFC3339), Deployment: p.Deployment, State: StateApplying}
	m.dir = filepath.Join(o.BackupDir, m.ID)
	chmod := o.chmod
	if chmod == nil {
		chmod = os.Chmod
	}
	if err := makePrivateSetDir(o.BackupDir, m.dir, chmod); err != nil {
		return nil, err
	}
	res := &ApplyResult{Set: m, Symlinks: map[string]string{}}
	targets := make([]atomicfile.Target, len(p.order))
	for i, path := range p.order {
		fc := p.files[path]
		t, err := p.target(m, fc)
		if err != nil {
			m.removeDirs()
			os.RemoveAll(m.dir)
			return nil, err
		}
		if t.Symlink {
			res.Symlinks[path] = t.Resolved
		}
		targets[i] = t
		bf := BackupFile{Path: path, Resolved: t.Resolved, Existed: fc.existed, UID: t.UID, GID: t.GID, After: hashOf(fc.after)}
		if fc.existed {
			bf.Mode = fmt.Sprintf("%04o", t.Mode)
			bf.SHA256 = hashOf(fc.before)
			bf.Backup = fmt.Sprintf("%03d-%s", i, filepath.Base(path))
			if _, err := atomicfile.Write(filepath.Join(m.dir, "files", bf.Backup), fc.before, 0o600); err != nil {
				os.RemoveAll(m.dir)
				return nil, fmt.Errorf("back up %s: %w", path, err)
			}
		}
		m.Files = append(m.Files, bf)
	}
	if err := m.save(); err != nil {
		os.RemoveAll(m.dir)
		return nil, err
	}
	staged := make([]*atomicfile.Staged, len(targets))
	abort := func() {
		for _, s := range staged {
			if s != nil {
				s.Abort()
			}
		}
	}
	for i, t := range targets {
		s, err := atomicfile.Stage(t, p.files[p.order[i]].after)
		if err != nil {
			abort()
			return nil, m.fail(fmt.Errorf("stage %s: %w", t.Path, err))
		}
		staged[i] = s
	}
	for i, s := range staged {
		err := s.Commit()
		if err == nil {
			m.Committed = i + 1
			err = m.save()
			if err == nil && o.AfterCommit != nil {
				err = o.AfterCommit(i, p.order[i])
			}
		}
		if err != nil {
			abort()
			return nil, m.fail(fmt.Errorf("replace %s: %w", p.order[i], err))
		}
	}
	m.State = StateApplied
	return res, m.save()
}

// fail restores the files already replaced and reports the state.
func (m *Manifest) fail(cause error) error {
	e := &ApplyError{Err: cause, SetID: m.ID}
	for i := m.Committed - 1; i >= 0; i-- {
		if _, err := m.restore(m.Files[i]); err != nil {
			e.Mixed = append(e.Mixed, m.Files[i].Path)
		}
	}
	// A file whose rename happened but was not journalled yet.
	if m.Committed < len(m.Files) {
		f := m.Files[m.Committed]
		if cur, err := boundedfile.Read(f.Resolved, boundedfile.Any); err == nil && hashOf(cur) == f.After && f.After != f.SHA256 {
			if _, err := m.restore(f); err != nil {
				e.Mixed = append(e.Mixed, f.Path)
			}
		}
	}
	m.removeDirs()
	e.AllRestored = len(e.Mixed) == 0
	m.State = StateRolledBack
	if !e.AllRestored {
		m.State = StateFailed
	}
	_ = m.save()
	return e
}

// checkFresh refuses when a file changed since planning.
func (p *Plan) checkFresh() error {
	for _, path := range p.order {
		fc := p.files[path]
		cur, err := boundedfile.Read(path, boundedfile.Any)
		exists := err == nil
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if exists != fc.existed || exists && !bytes.Equal(cur, fc.before) {
			return fmt.Errorf("%w: %s changed since it was planned; plan again", ErrStale, path)
		}
	}
	return nil
}

// target resolves where a file is written and with which mode and owner;
// a new file gets the owner of its directory (the config directory's, so
// that the service can read it), creating missing directories.
func (p *Plan) target(m *Manifest, fc *fileChange) (atomicfile.Target, error) {
	mode := fs.FileMode(fc.mode)
	if mode == 0 {
		mode = 0o644
	}
	t, err := atomicfile.Resolve(fc.path, mode)
	if err != nil {
		return t, fmt.Errorf("%s: %w", fc.path, err)
	}
	if t.Exists != fc.existed {
		return t, fmt.Errorf("%w: %s appeared or disappeared since it was planned", ErrStale, fc.path)
	}
	if t.Exists {
		return t, nil
	}
	dir := filepath.Dir(t.Resolved)
	parent := dir
	for {
		if _, err := os.Stat(parent); err == nil {
			break
		}
		next := filepath.Dir(parent)
		if next == parent {
			break
		}
		parent = next
	}
	uid, gid := atomicfile.DirOwner(parent)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		var made []string
		for d := dir; d != parent; d = filepath.Dir(d) {
			made = append([]string{d}, made...)
		}
		for _, d := range made {
			if err := os.Mkdir(d, 0o750); err != nil {
				return t, fmt.Errorf("create %s: %w", d, err)
			}
			if uid >= 0 {
				if err := atomicfile.Chown(d, uid, gid); err != nil {
					os.Remove(d)
					return t, fmt.Errorf("give %s the owner of %s: %w", d, parent, err)
				}
			}
			m.Dirs = append(m.Dirs, d)
		}
	}
	if uid >= 0 && uid != os.Getuid() || gid >= 0 && gid != os.Getgid() {
		t.UID, t.GID = uid, gid
	}
	// Package installs keep config root-owned with the service's group:
	// a key only its owner (root) can read would stop the node.
	if uid == 0 && gid > 0 && t.Mode&0o070 == 0 {
		t.Mode |= (t.Mode & 0o600) >> 3
	}
	return t, nil
}
