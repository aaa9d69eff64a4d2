//go:build !unix

package certs

import "io/fs"

// ownerCache resolves owners; outside Unix essec reports none.
type ownerCache struct{}

// names returns empty names: ownership is not a uid/gid pair here.
func (c *ownerCache) names(fs.FileInfo) (owner, group string) { return "", "" }
