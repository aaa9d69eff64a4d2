package policies_test

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/policies"
	"github.com/essec-dev/essec/remediations"
)

// catalogueRow is one row of docs/checks.md.
type catalogueRow struct {
	id, severity string
}

var rowPattern = regexp.MustCompile(`^\|\s*([A-Z]+-\d+)\s*\|\s*(critical|high|medium|low)\s*\|`)

func readCatalogue(t *testing.T) map[string]catalogueRow {
	t.Helper()
	f, err := os.Open("../docs/checks.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]catalogueRow{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := rowPattern.FindStringSubmatch(sc.Text()); m != nil {
			rows[m[1]] = catalogueRow{id: m[1], severity: m[2]}
		}
	}
	if len(rows) < 79 {
		t.Fatalf("docs/checks.md: found only %d check rows", len(rows))
	}
	return rows
}

// readPending lists the ids that are catalogued but deliberately not yet
// implemented, with the reason (policies/pending.txt: "ID reason").
func readPending(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile("pending.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		if strings.TrimSpace(reason) == "" {
			t.Errorf("pending.txt: %s has no reason", id)
		}
		out[id] = reason
	}
	return out
}

// TestCatalogueLint checks the catalogue against docs/checks.md: every id is
// implemented or pending (not both), severities agree, ids are unique (the
// engine refuses duplicates), and every check has a test package with at
// least three test rules.
func TestCatalogueLint(t *testing.T) {
	ctx := context.Background()
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		t.Fatal(err)
	}
	e, err := policy.NewEngine(ctx, mods, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, pending := readCatalogue(t), readPending(t)
	implemented := map[string]policy.Check{}
	for _, c := range e.Checks() {
		implemented[c.ID] = c
		row, ok := rows[c.ID]
		if !ok {
			t.Errorf("%s (%s): id is not in docs/checks.md", c.ID, c.File)
			continue
		}
		if string(c.Severity) != row.severity {
			t.Errorf("%s: severity %s in METADATA, %s in docs/checks.md", c.ID, c.Severity, row.severity)
		}
		if _, dup := pending[c.ID]; dup {
			t.Errorf("%s is implemented and also listed in pending.txt", c.ID)
		}
	}
	for id := range rows {
		if _, ok := implemented[id]; !ok {
			if _, ok := pending[id]; !ok {
				t.Errorf("%s is in docs/checks.md but neither implemented nor listed in policies/pending.txt", id)
			}
		}
	}
	// TestRego runs the tests; the lint only counts them.
	tests, err := policy.CountTests(mods)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range e.Checks() {
		if n := tests[c.Package+"_test"]; n < 3 {
			t.Errorf("%s (%s): %d Rego tests in package %s_test; want at least a pass, a fail and an unknown or not-applicable case", c.ID, c.File, n, c.Package)
		}
	}
}

// TestRemediationLint checks the catalogue against the remediation modules
// in both directions: a check's METADATA remediation id names a module that
// claims the check, and every check a module claims exists and names that
// module. Checks no module repairs keep remediation: "" and manual steps in
// remediation_text.
func TestRemediationLint(t *testing.T) {
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		t.Fatal(err)
	}
	e, err := policy.NewEngine(context.Background(), mods, nil)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]policy.Check{}
	for _, c := range e.Checks() {
		checks[c.ID] = c
	}
	claimedBy := map[string]string{}
	ids := map[string]bool{}
	for _, m := range remediations.Modules() {
		if ids[m.ID()] {
			t.Errorf("module id %s is used twice", m.ID())
		}
		ids[m.ID()] = true
		for _, id := range m.Checks() {
			c, ok := checks[id]
			if !ok {
				t.Errorf("module %s claims %s, which is not a check", m.ID(), id)
				continue
			}
			if prev, dup := claimedBy[id]; dup {
				t.Errorf("%s is claimed by modules %s and %s", id, prev, m.ID())
			}
			claimedBy[id] = m.ID()
			if c.Remediation != m.ID() {
				t.Errorf("%s (%s): METADATA remediation is %q but module %s repairs it", id, c.File, c.Remediation, m.ID())
			}
		}
	}
	for _, c := range e.Checks() {
		if c.Remediation == "" {
			continue
		}
		if !ids[c.Remediation] {
			t.Errorf("%s (%s): METADATA names remediation %q, which no module provides (clear it: remediation: \"\")", c.ID, c.File, c.Remediation)
		} else if claimedBy[c.ID] != c.Remediation {
			t.Errorf("%s (%s): module %s does not claim this check", c.ID, c.File, c.Remediation)
		}
	}
}
