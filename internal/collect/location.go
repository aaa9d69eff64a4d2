package collect

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/target"
)

// maxGitSearch bounds how many directories above an audited path are
// searched for a git work tree.
const maxGitSearch = 64

// fileLocation says whether the audited files are the deployed
// configuration of a host ("host") or a repository checkout or copy
// ("repository"), and why: the deployment forces it (--host, --repo, the
// inventory's file_location), else a .git (directory, or file of a linked
// work tree) above any audited path makes it a repository.
func fileLocation(dep target.Deployment) (string, string) {
	switch dep.FileLocation {
	case inventory.FileLocationHost, inventory.FileLocationRepository:
		reason := dep.FileLocationReason
		if reason == "" {
			reason = "given as " + dep.FileLocation
		}
		return dep.FileLocation, reason
	}
	for _, p := range dep.Paths {
		if top := gitWorkTree(p); top != "" {
			return inventory.FileLocationRepository, fmt.Sprintf("the audited files are in the git work tree %s; pass --host if they are the deployed configuration", top)
		}
	}
	return inventory.FileLocationHost, "no git work tree around the audited files"
}

// gitWorkTree returns the directory holding .git at or above p, or "".
func gitWorkTree(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	for i := 0; i < maxGitSearch; i++ {
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return abs
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
	return ""
}
