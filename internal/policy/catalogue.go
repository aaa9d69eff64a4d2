package policy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/policy/index"
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
	restore := lessGC()
	parsed, err := parse(policies)
	restore()
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
// selected is nil) and prepares their queries, one group of checks per
// core. The engine's Checks are the compiled ones.
func (c *Catalogue) Compile(ctx context.Context, selected func(id string) bool, log *slog.Logger) (*Engine, error) {
	return c.compileGroups(ctx, selected, runtime.GOMAXPROCS(0), log)
}

// CompileInBackground is Compile without waiting: the engine's checks are
// there at once, and its Evaluate waits for the compile (and returns its
// error), so the compile runs while the evidence is collected. The compile
// is not cancelled with ctx: it is short, and a shared engine must not
// keep one run's cancellation.
func (c *Catalogue) CompileInBackground(ctx context.Context, selected func(id string) bool, log *slog.Logger) *Engine {
	e := newEngine(c.selectChecks(selected), log)
	go func() { e.finish(c.build(context.WithoutCancel(ctx), e.checks, runtime.GOMAXPROCS(0))) }()
	return e
}

// compileGroups compiles the selected checks split into at most k groups
// of about equal evaluation cost.
func (c *Catalogue) compileGroups(ctx context.Context, selected func(id string) bool, k int, log *slog.Logger) (*Engine, error) {
	e := newEngine(c.selectChecks(selected), log)
	e.finish(c.build(ctx, e.checks, k))
	if e.err != nil {
		return nil, e.err
	}
	return e, nil
}

func (c *Catalogue) selectChecks(selected func(id string) bool) []Check {
	var checks []Check
	for _, chk := range c.checks {
		if selected == nil || selected(chk.ID) {
			checks = append(checks, chk)
		}
	}
	return checks
}

// build compiles the checks (of the catalogue) in at most k groups and
// prepares their queries. Each group of the embedded catalogue has a
// compiler of its own, holding the library and the group's checks only
// (no embedded check reads another: TestChecksReadNoOtherCheck), so the
// groups compile concurrently; a catalogue with a user's checks, which
// may read each other, compiles once for all its groups.
func (c *Catalogue) build(ctx context.Context, checks []Check, k int) ([]group, error) {
	of := map[string]int{} // check packages (data.…) to their index in checks; -1: left out
	for _, chk := range c.checks {
		of["data."+chk.Package] = -1
	}
	for i, chk := range checks {
		of["data."+chk.Package] = i
	}
	cost := checkCosts(checks, c.size)
	parts := partition(cost, k)
	if c.custom {
		parts = [][]int{nil} // one compiler, every check
	}
	// Each compiler gets the modules that are no check (the library) and
	// the modules of its checks.
	in := make([]int, len(checks)) // the part holding each check
	for p, idx := range parts {
		for _, i := range idx {
			in[i] = p
		}
	}
	mods := make([]map[string]*ast.Module, len(parts))
	for p := range mods {
		mods[p] = map[string]*ast.Module{}
	}
	for name, m := range c.modules {
		i, isCheck := of[m.Package.Path.String()]
		switch {
		case isCheck && i < 0:
		case isCheck && !c.custom:
			mods[in[i]][name] = m
		default:
			for p := range mods {
				mods[p][name] = m
			}
		}
	}
	defer lessGC()()
	comps := make([]*ast.Compiler, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { comps[p], errs[p] = compile(mods[p], c.custom) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if c.custom {
		return prepareGroups(ctx, comps[0], checks, cost, k)
	}
	groups := make([]group, len(parts))
	for p, idx := range parts {
		g, err := prepareGroup(ctx, comps[p], checks, idx)
		if err != nil {
			return nil, err
		}
		groups[p] = g
	}
	return groups, nil
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
// and these stages only report errors, or find nothing to change in it:
// the compiled modules are the same as with every stage
// (TestTrustedCompileChangesNothing) and judge the same
// (TestTrustedCompileJudgesLikeFullCompile). Type checking alone is a
// quarter of the compile, ordering rule bodies for safety (they are
// written in a safe order) another fifth; the dependency graph, which only
// those checks read, a tenth of what is left.
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
	ast.StageCheckSafetyRuleBodies,
	ast.StageCheckRuleConflicts,
	ast.StageParseMetadataBlocks,      // no check calls rego.metadata
	ast.StageRewriteRegoMetadataCalls, // idem
	ast.StageSetGraph,                 // read only by the recursion and type checks
	ast.StageRewritePrintCalls,        // no check calls print
	ast.StageRewriteTemplateStrings,   // no check writes a template string
	ast.StageRewriteWithValues,        // no check uses with
}

// gcLess counts the compiles under way, which collect garbage less often.
var gcLess struct {
	sync.Mutex
	n    int
	prev int
}

// lessGC makes the garbage collector run less often until the returned
// function is called: a compile allocates a lot of short-lived AST, and
// collecting less often while it runs saves about a third of its CPU.
// The setting is the process's: concurrent compiles share it, the last to
// finish restores it.
func lessGC() (restore func()) {
	gcLess.Lock()
	if gcLess.n == 0 {
		gcLess.prev = debug.SetGCPercent(400)
	}
	gcLess.n++
	gcLess.Unlock()
	return func() {
		gcLess.Lock()
		gcLess.n--
		if gcLess.n == 0 {
			debug.SetGCPercent(gcLess.prev)
		}
		gcLess.Unlock()
	}
}

func compile(parsed map[string]*ast.Module, custom bool) (*ast.Compiler, error) {
	//lint:ignore SA1019 unlike capabilities, it names the refused built-in in the error, which the user sees
	c := ast.NewCompiler().
		WithCapabilities(index.Capabilities()).
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
