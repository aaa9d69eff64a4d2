package policies_test

import (
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/policies"
)

// TestLibOneDefinition fails when a helper name is defined in two packages
// of policies/lib, or in two files of one package: each idea has one
// definition (two helpers of the same name once disagreed about a gold
// licence). Several bodies of one rule in one file are one definition.
func TestLibOneDefinition(t *testing.T) {
	files, err := fs.Glob(policies.FS, "lib/*.rego")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("found only %d lib files", len(files))
	}
	where := map[string]map[string]bool{} // rule name -> "package (file)"
	for _, f := range files {
		if strings.HasSuffix(f, "_test.rego") {
			continue
		}
		src, err := fs.ReadFile(policies.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ast.ParseModuleWithOpts(f, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		for _, r := range m.Rules {
			name := strings.TrimPrefix(r.Head.Ref().String(), "")
			if strings.HasPrefix(name, "_") {
				continue // private to its package
			}
			if where[name] == nil {
				where[name] = map[string]bool{}
			}
			where[name][pkg+" ("+f+")"] = true
		}
	}
	for name, at := range where {
		if len(at) > 1 {
			var l []string
			for k := range at {
				l = append(l, k)
			}
			sort.Strings(l)
			t.Errorf("helper %s is defined in %s: keep one definition and call it from the other", name, strings.Join(l, " and "))
		}
	}
}

// TestRegoTestsAssertResources: every check's tests assert the resource of
// a result (r.resource... or verdicts(rs)), not only statuses. Files that do
// not yet are listed in status-only-tests.txt, which may only shrink.
func TestRegoTestsAssertResources(t *testing.T) {
	listed := map[string]bool{}
	data, err := os.ReadFile("status-only-tests.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			listed[line] = true
		}
	}
	files, err := fs.Glob(policies.FS, "*/*_test.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f, "lib/") || strings.HasSuffix(f, "fixtures_test.rego") || strings.HasSuffix(f, "testkit_test.rego") {
			continue
		}
		src, err := fs.ReadFile(policies.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		asserts := strings.Contains(string(src), "resource") || strings.Contains(string(src), "verdicts(")
		switch {
		case !asserts && !listed[f]:
			t.Errorf("%s asserts statuses only: assert each result's resource too (r.resource.name, or verdicts(rs))", f)
		case asserts && listed[f]:
			t.Errorf("%s now asserts resources: remove it from policies/status-only-tests.txt", f)
		}
	}
}
