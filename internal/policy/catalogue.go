package policy

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Catalogue is the parsed policies and their checks' metadata, not yet
// compiled: listing and selecting checks needs no compile, and an engine
// compiles only the checks a run selected.
type Catalogue struct {
	modules map[string]*ast.Module // policy modules by name, tests excluded
	checks  []Check
	size    map[string]int // source bytes by package, the checks' cost estimate
	// custom is true when a module came from a user's policy directory:
	// the catalogue then compiles with every compiler check (types
	// included); the embedded catalogue is type checked by its tests.
	custom bool
}

// ParseCatalogue parses the modules (tests excluded) and reads every
// check's METADATA.
func ParseCatalogue(mods []Module) (*Catalogue, error) {
	var policies []Module
	custom := false
	for _, m := range mods {
		if m.Test {
			continue
		}
		policies = append(policies, m)
		custom = custom || m.Custom
	}
	parsed, err := parse(policies)
	if err != nil {
		return nil, err
	}
	list := make([]*ast.Module, 0, len(parsed))
	for _, name := range sortedNames(parsed) {
		list = append(list, parsed[name])
	}
	as, errs := ast.BuildAnnotationSet(list)
	if len(errs) > 0 {
		return nil, fmt.Errorf("read policy metadata: %w", errs)
	}
	checks, err := readChecks(as)
	if err != nil {
		return nil, err
	}
	size := map[string]int{}
	for _, m := range policies {
		if pm := parsed[m.Name]; pm != nil {
			size[strings.TrimPrefix(pm.Package.Path.String(), "data.")] += len(m.Source)
		}
	}
	return &Catalogue{modules: parsed, checks: checks, size: size, custom: custom}, nil
}

// Checks returns the catalogue in id order.
func (c *Catalogue) Checks() []Check { return c.checks }

// Check returns one check's metadata by id (case-insensitive).
func (c *Catalogue) Check(id string) (Check, bool) { return findCheck(c.checks, id) }

// Compile compiles the library and the selected checks (every check when
// selected is nil) and prepares the query. The engine's Checks are the
// compiled ones.
func (c *Catalogue) Compile(ctx context.Context, selected func(id string) bool, log *slog.Logger) (*Engine, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	skip := map[string]bool{} // packages of the checks left out
	var checks []Check
	for _, chk := range c.checks {
		if selected == nil || selected(chk.ID) {
			checks = append(checks, chk)
		} else {
			skip["data."+chk.Package] = true
		}
	}
	mods := make(map[string]*ast.Module, len(c.modules))
	for name, m := range c.modules {
		if !skip[m.Package.Path.String()] {
			mods[name] = m
		}
	}
	comp, err := compile(mods, c.custom)
	if err != nil {
		return nil, err
	}
	cost := checkCosts(checks, c.size)
	groups, err := prepareGroups(ctx, comp, checks, cost, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	return &Engine{checks: checks, cost: cost, compiler: comp, groups: groups, log: log, isolated: &isolatedQueries{}}, nil
}

// parse parses modules as Rego v1 with annotations, on every core.
func parse(mods []Module) (map[string]*ast.Module, error) {
	parsed := make([]*ast.Module, len(mods))
	errs := make([]error, len(mods))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(mods)) {
		wg.Go(func() {
			for i := range next {
				parsed[i], errs[i] = ast.ParseModuleWithOpts(mods[i].Name, mods[i].Source,
					ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			}
		})
	}
	for i := range mods {
		next <- i
	}
	close(next)
	wg.Wait()
	out := make(map[string]*ast.Module, len(mods))
	var msgs []string
	for i, m := range mods {
		if _, dup := out[m.Name]; dup {
			return nil, fmt.Errorf("policy %s given twice", m.Name)
		}
		if errs[i] != nil {
			msgs = append(msgs, errs[i].Error())
			continue
		}
		out[m.Name] = parsed[i]
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("parse policies:\n%s", strings.Join(msgs, "\n"))
	}
	return out, nil
}

// trustedSkips are the compiler stages left out for the embedded
// catalogue: its tests compile it with every stage (go test ./policies/),
// and these stages only report errors, they do not change the compiled
// rules (TestTrustedCompileJudgesLikeFullCompile). Type checking alone is
// a quarter of the compile.
var trustedSkips = []ast.StageID{
	ast.StageCheckTypes,
	ast.StageCheckRecursion,
	ast.StageCheckUnusedImports,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageBuildRequiredCapabilities,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckVoidCalls,
	ast.StageCheckSafetyRuleHeads,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckUnsafeBuiltins,
}

func compile(parsed map[string]*ast.Module, custom bool) (*ast.Compiler, error) {
	// The compile allocates a lot of short-lived AST: collecting less often
	// while it runs saves about a third of its CPU.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	//lint:ignore SA1019 unlike capabilities, it names the refused built-in in the error, which the user sees
	c := ast.NewCompiler().
		WithEnablePrintStatements(true).
		WithDefaultRegoVersion(ast.RegoV1).
		WithUnsafeBuiltins(unsafeBuiltinSet())
	if !custom {
		c = c.WithSkipStages(trustedSkips...)
	}
	c.Compile(parsed)
	if c.Failed() {
		return nil, explainUnsafe(c.Errors)
	}
	return c, nil
}

func sortedNames(m map[string]*ast.Module) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
