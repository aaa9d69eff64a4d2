package policy

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/print"

	"github.com/essec-dev/essec/internal/finding"
)

// Engine holds the compiled checks and their prepared queries: the checks
// are split into groups, one per core, each evaluated by its own query over
// the same compiled modules, so one deployment's evaluation uses every
// core. It is safe for concurrent use: evaluate as many documents as
// needed, from as many runs as needed (WithLogger gives each run its own
// log).
type Engine struct {
	checks []Check
	log    *slog.Logger
	*compiled
}

// compiled is what the compile made, shared by WithLogger's copies. An
// engine compiled in the background has its checks at once and its
// queries when done is closed.
type compiled struct {
	done   chan struct{}
	err    error
	groups []group
	in     []int // the group of each check
}

func (c *compiled) finish(groups []group, err error) {
	c.groups, c.err = groups, err
	for g, grp := range groups {
		for _, i := range grp.checks {
			c.in[i] = g
		}
	}
	close(c.done)
}

// checkQuery is the prepared query of the check at index ci.
func (c *compiled) checkQuery(ci int) rego.PreparedEvalQuery {
	g := c.groups[c.in[ci]]
	return g.queries[slices.Index(g.checks, ci)]
}

// wait waits for the compile.
func (c *compiled) wait(ctx context.Context) error {
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewEngine parses and compiles every check of the modules (tests
// excluded) and prepares one query per check.
func NewEngine(ctx context.Context, mods []Module, log *slog.Logger) (*Engine, error) {
	cat, err := ParseCatalogue(mods)
	if err != nil {
		return nil, err
	}
	return cat.Compile(ctx, nil, log)
}

// WithLogger returns the engine logging to log; the compiled checks are
// shared, not copied.
func (e *Engine) WithLogger(log *slog.Logger) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cp := *e
	cp.log = log
	return &cp
}

// Checks returns the compiled checks in id order.
func (e *Engine) Checks() []Check { return e.checks }

// Check returns one compiled check's metadata by id.
func (e *Engine) Check(id string) (Check, bool) { return findCheck(e.checks, id) }

func findCheck(checks []Check, id string) (Check, bool) {
	for _, c := range checks {
		if strings.EqualFold(c.ID, id) {
			return c, true
		}
	}
	return Check{}, false
}

// Groups says how many queries evaluate a document concurrently.
func (e *Engine) Groups() int {
	<-e.done
	return len(e.groups)
}

// Wait waits until the engine is compiled and returns the compile's error.
func (e *Engine) Wait(ctx context.Context) error { return e.wait(ctx) }

func newEngine(checks []Check, log *slog.Logger) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{checks: checks, log: log, compiled: &compiled{done: make(chan struct{}), in: make([]int, len(checks))}}
}

func prepareGroups(ctx context.Context, comp *ast.Compiler, checks []Check, cost []int, k int) ([]group, error) {
	parts := partition(cost, k)
	groups := make([]group, len(parts))
	for i, idx := range parts {
		g, err := prepareGroup(ctx, comp, checks, idx)
		if err != nil {
			return nil, err
		}
		groups[i] = g
	}
	return groups, nil
}

// Evaluate runs every check against one deployment's input and returns its
// findings, in the order of the checks. selected, when not nil, limits the
// checks by id.
func (e *Engine) Evaluate(ctx context.Context, deployment string, input ast.Value, selected func(id string) bool) ([]finding.Finding, error) {
	found, err := e.EvaluateByCheck(ctx, deployment, input, selected)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, fs := range found {
		n += len(fs)
	}
	out := make([]finding.Finding, 0, n)
	for _, fs := range found {
		out = append(out, fs...)
	}
	return out, nil
}

// EvaluateByCheck is Evaluate with the findings left in one slice per check
// (in the order of the checks; nil for a check not selected), so that a
// caller gathering many deployments' findings copies them once.
func (e *Engine) EvaluateByCheck(ctx context.Context, deployment string, input ast.Value, selected func(id string) bool) ([][]finding.Finding, error) {
	if err := e.wait(ctx); err != nil {
		return nil, err
	}
	found := make([][]finding.Finding, len(e.checks))
	errs := make([]error, len(e.groups))
	var wg sync.WaitGroup
	for gi := range e.groups {
		wg.Go(func() { errs[gi] = e.evaluateGroup(ctx, deployment, input, e.groups[gi], selected, found) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}

// evaluateGroup evaluates one group's checks, each with its own query,
// and stores the findings of the selected ones at the checks' indexes. A
// check whose evaluation fails gives unknown; the others still judge.
func (e *Engine) evaluateGroup(ctx context.Context, deployment string, input ast.Value, g group, selected func(string) bool, found [][]finding.Finding) error {
	for i, ci := range g.checks {
		chk := e.checks[ci]
		if selected != nil && !selected(chk.ID) {
			continue
		}
		t, err := evaluateCheck(ctx, g.queries[i], input, printHook{log: e.log})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			e.log.Warn("a check failed", "check", chk.ID, "deployment", deployment, "error", err)
			found[ci] = []finding.Finding{e.newFinding(chk, deployment, rawResult{
				Status:   string(finding.StatusUnknown),
				Message:  fmt.Sprintf("the check could not be evaluated (a defect in the policy, please report it): %v", err),
				Resource: finding.Resource{Kind: "cluster", Name: deployment},
			})}
			continue
		}
		found[ci] = e.toFindings(chk, deployment, input, resultTerms(t))
	}
	return nil
}

// evaluateCheck evaluates one check's query; undefined results are nil.
func evaluateCheck(ctx context.Context, q rego.PreparedEvalQuery, input ast.Value, hook printHook) (*ast.Term, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input), rego.EvalPrintHook(hook), rego.EvalGenerateJSON(asTerm))
	if err != nil || len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, err
	}
	t, _ := rs[0].Expressions[0].Value.(*ast.Term)
	return t, nil
}

// toFindings turns a check's raw results into findings. A check that judged
// nothing reports unknown: silence is never a pass.
func (e *Engine) toFindings(chk Check, deployment string, input ast.Value, results []*ast.Term) []finding.Finding {
	if len(results) == 0 {
		return []finding.Finding{e.newFinding(chk, deployment, rawResult{
			Status:   string(finding.StatusUnknown),
			Message:  silentReason(chk, input),
			Resource: finding.Resource{Kind: "cluster", Name: deployment},
		})}
	}
	fs := make([]finding.Finding, 0, len(results))
	var scratch []byte
	for _, r := range results {
		raw, err := decodeResult(r, &scratch)
		if err != nil {
			raw = rawResult{Status: string(finding.StatusUnknown), Message: fmt.Sprintf("the check returned a malformed result: %v", err),
				Resource: finding.Resource{Kind: "cluster", Name: deployment}}
		}
		fs = append(fs, e.newFinding(chk, deployment, raw))
	}
	finding.SortByFingerprint(fs)
	return fs
}

type rawResult struct {
	Status   string           `json:"status"`
	Message  string           `json:"message"`
	Resource finding.Resource `json:"resource"`
	Setting  string           `json:"setting"`
	Evidence finding.Evidence `json:"evidence"`
}

func (e *Engine) newFinding(chk Check, deployment string, r rawResult) finding.Finding {
	if r.Resource.Kind == "" {
		r.Resource.Kind = "cluster"
	}
	if r.Resource.Name == "" {
		r.Resource.Name = deployment
	}
	return finding.Finding{
		CheckID:    chk.ID,
		Title:      chk.Title,
		Level:      chk.Level,
		Severity:   chk.Severity,
		Component:  chk.Component,
		Status:     finding.Status(r.Status),
		Deployment: deployment,
		Resource:   r.Resource,
		Setting:    r.Setting,
		Message:    r.Message,
		Evidence:   r.Evidence,
		// Automated stays false until essec fix ships modules: the id
		// names the planned fix mechanism.
		Remediation: finding.Remediation{ID: chk.Remediation, Summary: chk.RemediationText},
		References:  chk.References,
		Fingerprint: finding.ComputeFingerprint(chk.ID, deployment, r.Resource, r.Setting),
	}
}

type printHook struct{ log *slog.Logger }

func (h printHook) Print(pc print.Context, msg string) error {
	loc := ""
	if pc.Location != nil {
		loc = pc.Location.String()
	}
	h.log.Debug("rego print", "location", loc, "message", msg)
	return nil
}

// silentReason says why a check judged nothing: most often the deployment's
// evidence has no part of the component the check is about (a Kibana-only
// audit judges no Elasticsearch check), which the user fixes by giving it.
func silentReason(chk Check, input ast.Value) string {
	switch chk.Component {
	case "elasticsearch":
		if !hasElements(input, "elasticsearch", "nodes") && !hasElements(input, "elasticsearch", "cluster") {
			return "no Elasticsearch node or live cluster in this deployment's evidence: give its elasticsearch.yml, config directory or --url to judge this check"
		}
	case "kibana":
		if !hasElements(input, "kibana") {
			return "no Kibana instance in this deployment's evidence: give its kibana.yml, config directory or --kibana-url to judge this check"
		}
	}
	return "the check produced no result for this deployment (its evidence is missing)"
}

// hasElements reports whether the input holds a non-empty value at path
// (an array or object with members, or any other non-null value).
func hasElements(input ast.Value, path ...string) bool {
	v := input
	for _, k := range path {
		obj, ok := v.(ast.Object)
		if !ok {
			return false
		}
		t := obj.Get(ast.StringTerm(k))
		if t == nil {
			return false
		}
		v = t.Value
	}
	switch x := v.(type) {
	case ast.Null:
		return false
	case *ast.Array:
		return x.Len() > 0
	case ast.Object:
		return x.Len() > 0
	}
	return true
}
