package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRootHoldsGoMod(t *testing.T) {
	root := Root(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("Root = %s: %v", root, err)
	}
	if !filepath.IsAbs(root) {
		t.Errorf("Root = %s, want an absolute path", root)
	}
}

func TestDirSkipsWhenAbsent(t *testing.T) {
	var skipped bool
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Dir(t, "no-such-folder-in-shared")
		t.Error("Dir returned for a folder that does not exist")
	})
	if !skipped {
		t.Error("Dir did not skip")
	}
}
