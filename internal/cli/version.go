package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// NewCmdVersion prints the version.
func NewCmdVersion(d *Deps) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print essec's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(d.IO.Out, "essec %s (commit %s, built %s, %s)\n", d.Build.Version, d.Build.Commit, d.Build.Date, runtime.Version())
			return nil
		},
	}
}

// ResolveBuild fills what the linker did not set (a plain go build or go
// install) from the build information Go embeds: the module version for
// go install ...@version, else the VCS revision and time of the checkout.
// A release build's -X values win. The result never says "dev".
func ResolveBuild(b BuildInfo) BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return resolveBuild(b, info)
}

func resolveBuild(b BuildInfo, info *debug.BuildInfo) BuildInfo {
	// GoReleaser without git information (a snapshot in a clone with no
	// remote) passes "none" and the zero time.
	unset := func(s string) bool {
		return s == "" || s == "dev" || s == "none" || s == "unknown" || strings.HasPrefix(s, "0001-01-01T00:00:00")
	}
	settings := map[string]string{}
	if info != nil {
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	rev := settings["vcs.revision"]
	if unset(b.Commit) && rev != "" {
		b.Commit = rev
		if len(rev) > 12 {
			b.Commit = rev[:12]
		}
		if settings["vcs.modified"] == "true" {
			b.Commit += "-dirty"
		}
	}
	if unset(b.Date) && settings["vcs.time"] != "" {
		b.Date = settings["vcs.time"]
	}
	if unset(b.Version) {
		switch {
		case info != nil && info.Main.Version != "" && info.Main.Version != "(devel)":
			// go install ...@v1.2.3, or go build (Go 1.24+ stamps a
			// pseudo-version from the checkout).
			b.Version = strings.TrimPrefix(info.Main.Version, "v")
		case !unset(b.Commit):
			b.Version = "0.0.0-" + b.Commit
		default:
			b.Version = "0.0.0-unversioned"
		}
	}
	for _, p := range []*string{&b.Commit, &b.Date} {
		if unset(*p) {
			*p = "unknown"
		}
	}
	return b
}
