//go:build unix

package fileinfo

import (
	"os"
	"os/user"
	"strconv"
	"syscall"

	"github.com/essec-dev/essec/internal/inventory"
)

// owner fills in the numeric owner and group and their names; a name that
// cannot be looked up (a container's user unknown on this host) is given as
// the number.
func owner(fi *inventory.FileInfo, st os.FileInfo) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	fi.UID, fi.GID = int(sys.Uid), int(sys.Gid)
	uid, gid := strconv.Itoa(fi.UID), strconv.Itoa(fi.GID)
	fi.Owner, fi.Group = uid, gid
	if u, err := user.LookupId(uid); err == nil {
		fi.Owner = u.Username
	}
	if g, err := user.LookupGroupId(gid); err == nil {
		fi.Group = g.Name
	}
}
