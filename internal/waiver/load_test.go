package waiver

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func known(id string) bool {
	switch id {
	case "MIN-01", "BAS-01", "KIB-01", "HTTPS-04":
		return true
	}
	return false
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), DefaultFile)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	p := writeFile(t, `# accepted risks
version: 1
waivers:
  - check: KIB-01
    deployment: prod-*
    resource: kb01
    setting: xpack.security.encryptionKey
    reason: sessions are not persisted until the Q3 migration
    expires: 2025-09-30
    owner: platform-team
  - check: min-01
    reason: "isolated lab network"
`)
	set, err := Load(p, known)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Entries) != 2 {
		t.Fatalf("%d entries", len(set.Entries))
	}
	e := set.Entries[0]
	if e.Check != "KIB-01" || e.Deployment != "prod-*" || e.Resource != "kb01" || e.Setting != "xpack.security.encryptionKey" ||
		e.Owner != "platform-team" || e.Expires != "2025-09-30" || e.Line != 4 || e.File != p {
		t.Errorf("entry %+v", e)
	}
	if set.Entries[1].Check != "MIN-01" || set.Entries[1].Line != 11 {
		t.Errorf("second entry %+v", set.Entries[1])
	}
}

func TestLoadBareList(t *testing.T) {
	set, err := Load(writeFile(t, "- check: BAS-01\n  reason: single node, loopback transport\n"), known)
	if err != nil || len(set.Entries) != 1 {
		t.Fatalf("set %+v, err %v", set, err)
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, content := range []string{"", "# nothing yet\n", "waivers:\n"} {
		set, err := Load(writeFile(t, content), known)
		if err != nil || len(set.Entries) != 0 {
			t.Errorf("%q: set %+v, err %v", content, set, err)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), known)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"unknown check", "waivers:\n  - reason: r\n    check: NOPE-9\n", ":3: unknown check \"NOPE-9\""},
		{"missing reason", "waivers:\n  - check: MIN-01\n", ":2: waiver for MIN-01 has no reason"},
		{"empty reason", "waivers:\n  - check: MIN-01\n    reason: \"  \"\n", ":2: waiver for MIN-01 has no reason"},
		{"missing check", "waivers:\n  - reason: r\n", ":2: waiver without check"},
		{"bad date", "waivers:\n  - check: MIN-01\n    reason: r\n    expires: 30/09/2025\n", ":4: expires \"30/09/2025\": want a date as YYYY-MM-DD"},
		{"typo in key", "waivers:\n  - check: MIN-01\n    reason: r\n    expire: 2025-01-01\n", ":4: unknown key \"expire\""},
		{"bad pattern", "waivers:\n  - check: MIN-01\n    reason: r\n    resource: \"es[\"\n", ":4: resource pattern \"es[\""},
		{"list value", "waivers:\n  - check: [MIN-01, BAS-01]\n    reason: r\n", ":2: check must be a single value"},
		{"duplicate key", "waivers:\n  - check: MIN-01\n    check: BAS-01\n    reason: r\n", ":3: check given twice"},
		{"not a list", "waivers: MIN-01\n", ":1: waivers must be a list"},
		{"unknown top key", "ignore:\n  - check: MIN-01\n", ":1: unknown key \"ignore\""},
		{"entry not a mapping", "waivers:\n  - MIN-01\n", ":2: a waiver must be a mapping"},
		{"bad yaml", "waivers:\n  - check: [\n", DefaultFile + ": yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, tt.content)
			_, err := Load(p, known)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), p) && !strings.Contains(err.Error(), DefaultFile) {
				t.Errorf("error %q does not name the file", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryBadEntry(t *testing.T) {
	_, err := Load(writeFile(t, "waivers:\n  - check: NOPE-1\n    reason: r\n  - check: MIN-01\n"), known)
	if err == nil || !strings.Contains(err.Error(), ":2: unknown check") || !strings.Contains(err.Error(), ":4: waiver for MIN-01 has no reason") {
		t.Errorf("err = %v, want both problems", err)
	}
}
