package policy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/policy/index"
)

// Catalogue is the policies and their checks' metadata, not yet
// compiled: listing and selecting checks needs no compile, and an engine
// compiles only the checks a run selected. The embedded catalogue's
// modules are parsed whole only when a compile needs them (the metadata
// comes from their headers), in the compile's goroutines, so that parsing
// them runs beside the collection of the evidence and a run that selects
// a few checks parses only those and the library.
type Catalogue struct {
	modules map[string]*source // policy modules by name, tests excluded
	checks  []Check
	size    map[string]int // source bytes by package, the checks' cost estimate
	// custom is true when a module came from a user's policy directory:
	// the catalogue then compiles with every compiler check (types
	// included), and its modules are parsed whole at once, so that their
	// errors stop a run before anything is collected; the embedded
	// catalogue is type checked and parsed by its tests.
	custom bool
}

// source is one policy module, parsed whole at most once.
type source struct {
	mod    Module
	pkg    string            // the package's path (data.…)
	caps   *ast.Capabilities // the parser's, shared (it only reads them)
	once   sync.Once
	parsed *ast.Module
	err    error
}

func (s *source) module() (*ast.Module, error) {
	s.once.Do(func() { s.parsed, s.err = parseTrusted(s.mod, s.caps) })
	return s.parsed, s.err
}

// parseTrusted parses an embedded module for the compile of an audit,
// without its METADATA: the checks' metadata is read from the headers, and
// the compile of the embedded catalogue reads no annotation (it skips the
// stages that would, and TestTrustedCompileChangesNothing's sweep in
// RunTests compiles these modules against ones parsed with annotations
// and every stage). Parsing the METADATA YAML was an eighth of the parse.
func parseTrusted(m Module, caps *ast.Capabilities) (*ast.Module, error) {
	mod, err := ast.ParseModuleWithOpts(m.Name, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps})
	if err != nil {
		return nil, err
	}
	// The comments would only be copied by every compile.
	mod.Comments = nil
	return mod, nil
}

// ParseCatalogue reads every check's METADATA (tests excluded): from the
// modules parsed whole when one comes from a user's policy directory, else
// from their headers (the comments and package clause before the first
// rule).
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
	caps := parserCapabilities()
	parsed, err := parse(policies, !custom, caps)
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
	sources := make(map[string]*source, len(policies))
	for _, m := range policies {
		pm := parsed[m.Name]
		src := &source{mod: m, pkg: pm.Package.Path.String(), caps: caps}
		if custom {
			src.once.Do(func() { src.parsed = pm })
		}
		sources[m.Name] = src
		size[strings.TrimPrefix(src.pkg, "data.")] += len(m.Source)
	}
	return &Catalogue{modules: sources, checks: checks, size: size, custom: custom}, nil
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
// keep one run's cancellation. The compile's goroutines start before it
// returns, ahead of the collection's: started later, they queued behind
// them for up to 50 ms on two cores, and the compile is the longest part
// of a small audit.
func (c *Catalogue) CompileInBackground(ctx context.Context, selected func(id string) bool, log *slog.Logger) *Engine {
	e := newEngine(c.selectChecks(selected), log)
	wait := c.startBuild(context.WithoutCancel(ctx), e.checks, runtime.GOMAXPROCS(0))
	go func() { e.finish(wait()) }()
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
// prepares their queries.
func (c *Catalogue) build(ctx context.Context, checks []Check, k int) ([]group, error) {
	return c.startBuild(ctx, checks, k)()
}

// startBuild starts compiling the checks in at most k groups, one
// goroutine each, and returns a function that waits for the compiles and
// prepares the queries. Each group of the embedded catalogue has a
// compiler of its own, holding the library and the group's checks only
// (no embedded check reads another: TestChecksReadNoOtherCheck), so the
// groups compile concurrently; a catalogue with a user's checks, which
// may read each other, compiles once for all its groups.
func (c *Catalogue) startBuild(ctx context.Context, checks []Check, k int) (wait func() ([]group, error)) {
	cost := checkCosts(checks, c.size)
	parts := partition(cost, k)
	if c.custom {
		parts = [][]int{nil} // one compiler, every check
	}
	own, lib := c.assign(checks, parts)
	restore := lessGC()
	comps := make([]*ast.Compiler, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			// Each compiler parses its own checks, then the library from a
			// different place than the others, so that the library's
			// modules are parsed once, by the compilers side by side.
			srcs := own[p]
			start := p * len(lib) / len(parts)
			srcs = append(srcs, lib[start:]...)
			srcs = append(srcs, lib[:start]...)
			mods := make(map[string]*ast.Module, len(srcs))
			for _, src := range srcs {
				m, err := src.module()
				if err != nil {
					errs[p] = err
					return
				}
				mods[src.mod.Name] = m
			}
			c.parseOthers(own, p)
			comps[p], errs[p] = compile(mods, c.custom)
		})
	}
	return func() ([]group, error) {
		defer restore()
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
}

// parseOthers parses the other parts' checks, each from its last, before
// part p compiles: a compiler whose goroutine started late (behind the
// collection's) then finds its checks parsed, and the compiles end
// together. A module is parsed once (the first to ask parses it, its
// owner reports its error).
func (c *Catalogue) parseOthers(own [][]*source, p int) {
	for q := range own {
		if q == p {
			continue
		}
		for i := len(own[q]) - 1; i >= 0; i-- {
			_, _ = own[q][i].module()
		}
	}
}

// assign gives each part's compiler the modules of its checks (own), and
// every compiler the modules that are no check (lib): a user's catalogue
// (one part) gets all its checks, the embedded one leaves out the checks
// not selected.
func (c *Catalogue) assign(checks []Check, parts [][]int) (own [][]*source, lib []*source) {
	of := map[string]int{} // check packages (data.…) to their index in checks; -1: left out
	for _, chk := range c.checks {
		of["data."+chk.Package] = -1
	}
	for i, chk := range checks {
		of["data."+chk.Package] = i
	}
	in := make([]int, len(checks)) // the part holding each check
	for p, idx := range parts {
		for _, i := range idx {
			in[i] = p
		}
	}
	own = make([][]*source, len(parts))
	for _, name := range sortedNames(c.modules) {
		src := c.modules[name]
		i, isCheck := of[src.pkg]
		switch {
		case isCheck && i < 0:
		case isCheck && !c.custom:
			own[in[i]] = append(own[in[i]], src)
		case isCheck:
			own[0] = append(own[0], src)
		default:
			lib = append(lib, src)
		}
	}
	return own, lib
}

// parse parses modules as Rego v1 with annotations, on every core: their
// headers only (comments and package clause) when headers is true.
func parse(mods []Module, headers bool, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	parsed := make([]*ast.Module, len(mods))
	errs := make([]error, len(mods))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(mods)) {
		wg.Go(func() {
			for i := range next {
				m := mods[i]
				if headers {
					m.Source = header(m.Source)
				}
				parsed[i], errs[i] = parseModule(m, caps)
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

// parseModule parses one module with caps, which the parser would
// otherwise build anew for each module (a sorted copy of every built-in).
func parseModule(m Module, caps *ast.Capabilities) (*ast.Module, error) {
	return ast.ParseModuleWithOpts(m.Name, m.Source, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps})
}

// parserCapabilities are the capabilities the parser takes by default.
func parserCapabilities() *ast.Capabilities {
	return ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1))
}

// header is a module's source up to the end of its package clause: the
// first line that is neither blank nor a comment. A source without one is
// returned whole, for the parser to say what is wrong.
func header(src string) string {
	for end := 0; end < len(src); {
		n := strings.IndexByte(src[end:], '\n')
		if n < 0 {
			n = len(src) - end
		}
		line := strings.TrimSpace(src[end : end+n])
		end += n + 1
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "package ") {
			return src[:min(end, len(src))]
		}
		break
	}
	return src
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
	ast.StageSetAnnotationSet,         // idem, and the modules are parsed without annotations
	ast.StageRewriteRegoMetadataCalls, // idem
	ast.StageSetGraph,                 // read only by the recursion and type checks
	ast.StageRewritePrintCalls,        // no check calls print
	ast.StageRewriteTemplateStrings,   // no check writes a template string
	ast.StageRewriteWithValues,        // no check uses with
}

// gcOff is the GOGC that leaves the heap to the memory limit: a heap goal
// ten thousand times the live heap. Not -1: turning the collector off
// waits for a collection under way to finish, and one often is when the
// compile starts, which delayed it by a whole collection.
const gcOff = 1_000_000

// gcLess counts the compiles under way, which collect garbage less often.
var gcLess struct {
	sync.Mutex
	n    int
	prev int
}

// lessGC makes the garbage collector run less often until the returned
// function is called: a compile allocates a lot of short-lived AST (about
// 70 MB for the whole catalogue, most of it garbage once compiled), and
// collecting while it runs costs up to a third of its CPU. Under a soft
// memory limit (essec sets one: internal/memlimit) the collector is off
// until the compiles end, the limit bounding the heap meanwhile: a fifth
// less CPU for the demo's audit than with GOGC at 400. Without a limit
// (a library user, tests) GOGC is 400. The setting is the process's:
// concurrent compiles share it, the last to finish restores it.
func lessGC() (restore func()) {
	gcLess.Lock()
	if gcLess.n == 0 {
		pct := 400
		if debug.SetMemoryLimit(-1) < math.MaxInt64 {
			pct = gcOff
		}
		gcLess.prev = debug.SetGCPercent(pct)
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
	c := newCompiler()
	if !custom {
		c = c.WithSkipStages(trustedSkips...)
	}
	c.Compile(parsed)
	if c.Failed() {
		return nil, explainUnsafe(c.Errors)
	}
	return c, nil
}

// newCompiler is the compiler of every audit and test run: Rego v1, the
// built-ins of internal/policy/index declared, print statements kept, and
// the read-only rule (no network, no runtime) applied.
func newCompiler() *ast.Compiler {
	//lint:ignore SA1019 unlike capabilities, it names the refused built-in in the error, which the user sees
	return ast.NewCompiler().
		WithCapabilities(index.Capabilities()).
		WithEnablePrintStatements(true).
		WithDefaultRegoVersion(ast.RegoV1).
		WithUnsafeBuiltins(unsafeBuiltinSet())
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
