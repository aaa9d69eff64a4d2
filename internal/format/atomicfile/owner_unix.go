//go:build unix

package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// ownerOf returns the owner, group and link count of a file.
func ownerOf(st fs.FileInfo) (uid, gid, links int) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return -1, -1, 1
	}
	return int(sys.Uid), int(sys.Gid), int(sys.Nlink)
}

// keepOwner gives the temporary file the target's owner and group (for a
// new file, the owner the caller chose), and refuses when that is not
// possible: a keystore or config that changes owner stops the node from
// starting.
func keepOwner(f *os.File, t Target) error {
	if t.UID < 0 {
		return nil
	}
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("examine %s: %w", f.Name(), err)
	}
	uid, gid, _ := ownerOf(st)
	if uid == t.UID && gid == t.GID {
		return nil
	}
	if err := f.Chown(t.UID, t.GID); err != nil {
		return fmt.Errorf("will not replace %s: it is owned by uid %d gid %d and this user cannot keep that owner (run essec as that user or as root): %w", t.Resolved, t.UID, t.GID, err)
	}
	return nil
}

// Chown sets the owner of path; it is used to restore backups.
func Chown(path string, uid, gid int) error {
	if uid < 0 {
		return nil
	}
	return os.Lchown(path, uid, gid)
}

// DirOwner returns the owner and group of a directory (-1 when unknown).
func DirOwner(dir string) (uid, gid int) {
	st, err := os.Stat(dir)
	if err != nil {
		return -1, -1
	}
	uid, gid, _ = ownerOf(st)
	return uid, gid
}
