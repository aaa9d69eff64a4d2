//go:build unix

package certs

import (
	"io/fs"
	"os/user"
	"strconv"
	"syscall"
)

// ownerCache resolves numeric owners to names once per collection.
type ownerCache struct {
	users, groups map[uint32]string
}

// names returns the owner and group names of fi, numeric when the system
// does not know them (a container's uid on the host, for example).
func (c *ownerCache) names(fi fs.FileInfo) (owner, group string) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", ""
	}
	if c.users == nil {
		c.users, c.groups = map[uint32]string{}, map[uint32]string{}
	}
	return c.lookup(c.users, st.Uid, userName), c.lookup(c.groups, st.Gid, groupName)
}

func (c *ownerCache) lookup(m map[uint32]string, id uint32, find func(string) (string, error)) string {
	if n, ok := m[id]; ok {
		return n
	}
	s := strconv.FormatUint(uint64(id), 10)
	n, err := find(s)
	if err != nil || n == "" {
		n = s
	}
	m[id] = n
	return n
}

func userName(id string) (string, error) {
	u, err := user.LookupId(id)
	if err != nil {
		return "", err
	}
	return u.Username, nil
}

func groupName(id string) (string, error) {
	g, err := user.LookupGroupId(id)
	if err != nil {
		return "", err
	}
	return g.Name, nil
}
