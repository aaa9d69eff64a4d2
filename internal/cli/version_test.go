package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveBuild(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-03T08:00:00Z"}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		name       string
		in         BuildInfo
		info       *debug.BuildInfo
		want       string
		wantCommit string
	}{
		{"release ldflags win", BuildInfo{Version: "1.4.0", Commit: "abc", Date: "d"}, &debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: vcs}, "1.4.0", "abc"},
		{"go install @version", BuildInfo{Version: "dev"}, &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "1.2.3", "unknown"},
		{"go build in a checkout", BuildInfo{Version: "dev"}, &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261203080000-0123456789ab+dirty"}, Settings: vcs},
			"0.0.0-20261203080000-0123456789ab+dirty", "0123456789ab-dirty"},
		{"old go, (devel) with vcs", BuildInfo{}, &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "0.0.0-0123456789ab-dirty", "0123456789ab-dirty"},
		{"nothing known", BuildInfo{Version: "dev"}, nil, "0.0.0-unversioned", "unknown"},
		{"snapshot without git information", BuildInfo{Version: "0.0.1-snapshot+none", Commit: "none", Date: "0001-01-01T00:00:00Z"}, nil, "0.0.1-snapshot+none", "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := resolveBuild(tc.in, tc.info)
			if got.Version != tc.want || got.Commit != tc.wantCommit {
				t.Errorf("got version %q commit %q, want %q %q", got.Version, got.Commit, tc.want, tc.wantCommit)
			}
			if strings.HasPrefix(got.Date, "0001-") {
				t.Errorf("zero build date %q", got.Date)
			}
			if strings.Contains(got.Version, "dev") && !strings.Contains(got.Version, "devel") {
				t.Errorf("version says dev: %q", got.Version)
			}
		})
	}
}
