// Package fileinfo describes how a file is protected on disk: whether it
// exists, its permission bits, and who owns it.
package fileinfo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/essec-dev/essec/internal/inventory"
)

// Stat describes the file at path for the input document. role says what
// the file is (config, keystore, jvm-options, service-tokens, users, tls).
// Symbolic links are followed: what protects the content is the target's
// mode. A missing file gives Exists false; one that exists but cannot be
// examined (permission denied, a symlink loop) Exists true, no mode, and
// the reason in Error.
func Stat(path, role string) inventory.FileInfo {
	fi := inventory.FileInfo{Path: path, Role: role}
	st, err := os.Stat(path)
	if err != nil {
		// Only a file known not to exist is absent: behind a directory
		// essec may not enter, or in a symlink loop, it is there as far as
		// anyone can tell, and its mode is unknown.
		fi.Exists = !errors.Is(err, fs.ErrNotExist)
		fi.Error = err.Error()
		return fi
	}
	fi.Exists = true
	fi.Mode = fmt.Sprintf("%04o", st.Mode().Perm())
	owner(&fi, st)
	return fi
}
