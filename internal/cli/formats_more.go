package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/ecs"
	"github.com/essec-dev/essec/internal/report/gitlab"
	"github.com/essec-dev/essec/internal/report/junit"
	"github.com/essec-dev/essec/internal/report/sarif"
)

// renderMore writes the CI and compliance formats.
func renderMore(w io.Writer, o *AuditOptions, r *finding.Report, s formatSpec) error {
	switch s.Format {
	case "sarif":
		return sarif.Write(w, r, sarif.Options{BaseDir: sarifRoot(o.SarifRoot), IncludeWaived: o.IncludeWaived})
	case "junit":
		return junit.Write(w, r, junit.Options{})
	case "ecs":
		return ecs.Write(w, r, ecs.Options{Now: o.Now})
	case "html":
		return renderHTML(w, r)
	case "gitlab":
		at, _ := time.Parse(time.RFC3339, r.GeneratedAt)
		return gitlab.Write(w, r, gitlab.Options{BaseDir: sarifRoot(o.SarifRoot), Start: at, End: at})
	}
	return fmt.Errorf("unknown format %q", s.Format)
}

// sarifRoot is the directory SARIF file locations are relative to: the
// --sarif-root flag, else the top level of the git work tree holding the
// working directory (code scanning resolves paths from the repository
// root), else the working directory.
func sarifRoot(flag string) string {
	if flag != "" {
		if abs, err := filepath.Abs(flag); err == nil {
			return abs
		}
		return flag
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}
