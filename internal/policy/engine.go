package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/print"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// Engine holds the compiled checks and one prepared query. It is safe for
// concurrent use: evaluate as many documents as needed, from as many runs as
// needed (WithLogger gives each run its own log).
type Engine struct {
	checks   []Check
	compiler *ast.Compiler
	query    rego.PreparedEvalQuery
	log      *slog.Logger

	// isolated holds one prepared query per check, made only when the
	// single query fails (a check raised an error), so one broken check
	// cannot take the others down. Shared by WithLogger's copies.
	isolated *isolatedQueries
}

type isolatedQueries struct {
	mu      sync.Mutex
	queries map[string]rego.PreparedEvalQuery
}

// NewEngine parses and compiles every check of the modules (tests
// excluded) and prepares the single query used for every evaluation.
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

// InputValue converts a document to an OPA value; do it once per deployment.
func InputValue(doc *inventory.Document) (ast.Value, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode input document: %w", err)
	}
	v, err := ast.ValueFromReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("convert input document: %w", err)
	}
	return v, nil
}

// Evaluate runs every check against one deployment's input and returns its
// findings. selected, when not nil, limits the checks by id.
func (e *Engine) Evaluate(ctx context.Context, deployment string, input ast.Value, selected func(id string) bool) ([]finding.Finding, error) {
	rs, err := e.query.Eval(ctx, rego.EvalParsedInput(input), rego.EvalPrintHook(printHook{log: e.log}))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e.log.Warn("a check failed; evaluating the checks one by one", "deployment", deployment, "error", err)
		return e.evaluateIsolated(ctx, deployment, input, selected)
	}
	var root map[string]any
	if len(rs) > 0 && len(rs[0].Expressions) > 0 {
		root, _ = rs[0].Expressions[0].Value.(map[string]any)
	}
	var out []finding.Finding
	for _, chk := range e.checks {
		if selected != nil && !selected(chk.ID) {
			continue
		}
		results := lookup(root, chk.path)
		fs := e.toFindings(chk, deployment, results)
		out = append(out, fs...)
	}
	return out, nil
}

// evaluateIsolated evaluates each check with its own query: a check whose
// evaluation fails reports unknown with the error, the others still judge.
func (e *Engine) evaluateIsolated(ctx context.Context, deployment string, input ast.Value, selected func(string) bool) ([]finding.Finding, error) {
	var out []finding.Finding
	for _, chk := range e.checks {
		if selected != nil && !selected(chk.ID) {
			continue
		}
		q, err := e.isolatedQuery(ctx, chk)
		var rs rego.ResultSet
		if err == nil {
			rs, err = q.Eval(ctx, rego.EvalParsedInput(input), rego.EvalPrintHook(printHook{log: e.log}))
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			out = append(out, e.newFinding(chk, deployment, rawResult{
				Status:   string(finding.StatusUnknown),
				Message:  fmt.Sprintf("the check could not be evaluated (a defect in the policy, please report it): %v", err),
				Resource: finding.Resource{Kind: "cluster", Name: deployment},
			}))
			continue
		}
		var results []any
		if len(rs) > 0 && len(rs[0].Expressions) > 0 {
			results, _ = rs[0].Expressions[0].Value.([]any)
		}
		out = append(out, e.toFindings(chk, deployment, results)...)
	}
	return out, nil
}

func (e *Engine) isolatedQuery(ctx context.Context, chk Check) (rego.PreparedEvalQuery, error) {
	e.isolated.mu.Lock()
	defer e.isolated.mu.Unlock()
	if q, ok := e.isolated.queries[chk.ID]; ok {
		return q, nil
	}
	q, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Query("data."+chk.Package+".results"),
		rego.EnablePrintStatements(true),
	).PrepareForEval(ctx)
	if err != nil {
		return q, err
	}
	if e.isolated.queries == nil {
		e.isolated.queries = map[string]rego.PreparedEvalQuery{}
	}
	e.isolated.queries[chk.ID] = q
	return q, nil
}

func lookup(root map[string]any, path []string) []any {
	var cur any = root
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil
	}
	rs, _ := m["results"].([]any)
	return rs
}

// toFindings turns a check's raw results into findings. A check that judged
// nothing reports unknown: silence is never a pass.
func (e *Engine) toFindings(chk Check, deployment string, results []any) []finding.Finding {
	if len(results) == 0 {
		return []finding.Finding{e.newFinding(chk, deployment, rawResult{
			Status:   string(finding.StatusUnknown),
			Message:  "the check produced no result for this deployment (its evidence is missing)",
			Resource: finding.Resource{Kind: "cluster", Name: deployment},
		})}
	}
	out := make([]finding.Finding, 0, len(results))
	for _, r := range results {
		raw, err := decodeResult(r)
		if err != nil {
			raw = rawResult{Status: string(finding.StatusUnknown), Message: fmt.Sprintf("the check returned a malformed result: %v", err),
				Resource: finding.Resource{Kind: "cluster", Name: deployment}}
		}
		out = append(out, e.newFinding(chk, deployment, raw))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Fingerprint < out[j].Fingerprint })
	return out
}

type rawResult struct {
	Status   string           `json:"status"`
	Message  string           `json:"message"`
	Resource finding.Resource `json:"resource"`
	Setting  string           `json:"setting"`
	Evidence map[string]any   `json:"evidence"`
}

func decodeResult(r any) (rawResult, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return rawResult{}, err
	}
	var raw rawResult
	if err := json.Unmarshal(b, &raw); err != nil {
		return rawResult{}, err
	}
	if !finding.Status(raw.Status).Valid() {
		return rawResult{}, fmt.Errorf("status %q is not pass, fail, warn, unknown or not_applicable", raw.Status)
	}
	if raw.Message == "" {
		return rawResult{}, fmt.Errorf("result has no message")
	}
	return raw, nil
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
