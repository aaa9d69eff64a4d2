package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/essec-dev/essec/internal/policy/index"
)

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	Package string
	Name    string
	File    string
	Pass    bool
	Skip    bool
	Message string
}

// RunTests runs every test_ rule of the modules (policies and their
// _test.rego files together) through OPA's tester. For the embedded
// catalogue it also checks that the compile of an audit, which skips
// checking stages, gives the rules every stage gives (trustedCompileResults).
func RunTests(ctx context.Context, mods []Module) ([]TestResult, error) {
	return runTests(ctx, mods, nil, true)
}

// RunTestsTraced is RunTests with a tracer that sees every evaluation
// event (and the input document in effect), e.g. to check that the inputs
// the tests build follow the input document's contract. tr may be nil.
func RunTestsTraced(ctx context.Context, mods []Module, tr topdown.QueryTracer) ([]TestResult, error) {
	return runTests(ctx, mods, tr, true)
}

func runTests(ctx context.Context, mods []Module, tr topdown.QueryTracer, checkTrusted bool) ([]TestResult, error) {
	parsed, err := parse(mods, false, parserCapabilities())
	if err != nil {
		return nil, err
	}
	// The same compiler as an audit: a test cannot reach the network.
	comp := newCompiler()
	var builtins []*tester.Builtin
	for _, b := range index.Builtins() {
		builtins = append(builtins, &tester.Builtin{Decl: b.Decl, Func: b.Func})
	}
	runner := tester.NewRunner().AddCustomBuiltins(builtins)
	if tr != nil {
		runner = runner.SetCoverageQueryTracer(tr)
	}
	ch, err := runner.
		SetCompiler(comp).
		SetModules(parsed).
		SetDefaultRegoVersion(ast.RegoV1).
		CapturePrintOutput(true).
		RunTests(ctx, nil)
	if err != nil {
		var errs ast.Errors
		if errors.As(err, &errs) {
			return nil, explainUnsafe(errs)
		}
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	var out []TestResult
	if checkTrusted {
		out = trustedCompileResults(mods, parsed)
	}
	for r := range ch {
		tr := TestResult{Package: strings.TrimPrefix(r.Package, "data."), Name: r.Name, Pass: r.Pass(), Skip: r.Skip}
		if r.Location != nil {
			tr.File = r.Location.File
		}
		switch {
		case r.Error != nil:
			tr.Message = r.Error.Error()
		case r.Fail:
			tr.Message = "test rule is false or undefined"
			if len(r.Output) > 0 {
				tr.Message += ": " + strings.TrimSpace(string(r.Output))
			}
		}
		out = append(out, tr)
	}
	return out, nil
}

// trustedCompileResults checks that the compiler stages the embedded
// catalogue skips (trustedSkips), and its parse without METADATA
// (parseTrusted), change nothing in the policies of mods (tests
// excluded): each rule an audit compiles must be the one a compile with
// every stage of the modules parsed whole gives (annotations aside), or
// the catalogue would judge differently in an audit than in its tests. Each rule that differs is a failed
// result. A user's policies are not checked: they compile with every
// stage.
func trustedCompileResults(mods []Module, parsed map[string]*ast.Module) []TestResult {
	policies := map[string]*ast.Module{}
	audited := map[string]*ast.Module{} // parsed as an audit parses them
	caps := parserCapabilities()
	for _, m := range mods {
		if m.Custom {
			return nil
		}
		if !m.Test {
			policies[m.Name] = parsed[m.Name]
			am, err := parseTrusted(m, caps)
			if err != nil {
				return []TestResult{{Name: "trusted compile", File: m.Name, Message: err.Error()}}
			}
			audited[m.Name] = am
		}
	}
	full, err := compile(policies, true)
	if err != nil {
		return nil // the tests' own compile reports it
	}
	trusted, err := compile(audited, false)
	if err != nil {
		return []TestResult{{Name: "trusted compile", Message: err.Error()}}
	}
	var out []TestResult
	for name, m := range full.Modules {
		tm := trusted.Modules[name]
		for i, r := range m.Rules {
			if tm != nil && i < len(tm.Rules) && withoutAnnotations(r).Equal(tm.Rules[i]) {
				continue
			}
			got := "nothing"
			if tm != nil && i < len(tm.Rules) {
				got = tm.Rules[i].String()
			}
			out = append(out, TestResult{
				Package: strings.TrimPrefix(m.Package.Path.String(), "data."), Name: "trusted compile", File: name,
				Message: fmt.Sprintf("line %d: an audit compiles this rule to %s, a compile with every stage to %s: write the body's expressions in the order they bind their variables (OPA reorders them only in the checking stages an audit skips)", r.Location.Row, got, r),
			})
		}
	}
	return out
}

// withoutAnnotations is r (and its else chain) without the METADATA an
// audit's parse leaves out: only rego.metadata calls read it, and the
// compile with every stage would turn such a call into a constant, which
// the comparison would then see.
func withoutAnnotations(r *ast.Rule) *ast.Rule {
	if r == nil || (len(r.Annotations) == 0 && r.Else == nil) {
		return r
	}
	cp := *r
	cp.Annotations = nil
	cp.Else = withoutAnnotations(r.Else)
	return &cp
}

// CountTests counts the test_ rules of each package of the test modules
// (package path without data.), without compiling or running them.
func CountTests(mods []Module) (map[string]int, error) {
	var tests []Module
	for _, m := range mods {
		if m.Test {
			tests = append(tests, m)
		}
	}
	parsed, err := parse(tests, false, parserCapabilities())
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, m := range parsed {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		seen := map[string]bool{}
		for _, r := range m.Rules {
			name := r.Head.Ref().String()
			if strings.HasPrefix(name, "test_") && !seen[name] {
				seen[name] = true
				out[pkg]++
			}
		}
	}
	return out, nil
}
