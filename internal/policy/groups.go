package policy

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// group is a share of the checks evaluated by one prepared query: the
// groups of an engine evaluate one document concurrently, one core each,
// over the same compiled modules and the same input value.
type group struct {
	checks   []int // indexes in Engine.checks, in order
	compiler *ast.Compiler
	query    rego.PreparedEvalQuery
}

// partition splits the checks into at most k groups of about equal cost
// (longest first, each to the cheapest group so far), each group's checks
// kept in catalogue order.
func partition(cost []int, k int) [][]int {
	k = max(1, min(k, len(cost)))
	order := make([]int, len(cost))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] > cost[order[b]] })
	groups := make([][]int, k)
	load := make([]int, k)
	for _, i := range order {
		g := 0
		for j := range k {
			if load[j] < load[g] {
				g = j
			}
		}
		groups[g] = append(groups[g], i)
		load[g] += cost[i]
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) > 0 {
			sort.Ints(g)
			out = append(out, g)
		}
	}
	return out
}

// checkCosts estimates what each check costs to evaluate by the size of
// its package's source: a rough measure, but the groups hold many checks
// each, so the errors even out, and it costs nothing to take.
func checkCosts(checks []Check, size map[string]int) []int {
	cost := make([]int, len(checks))
	for i, c := range checks {
		cost[i] = max(1, size[c.Package])
	}
	return cost
}

// resultsRef is the reference to a check's results.
func resultsRef(chk Check) ast.Ref {
	ref := ast.Ref{ast.DefaultRootDocument}
	for _, p := range strings.Split(ChecksRoot, ".") {
		ref = append(ref, ast.StringTerm(p))
	}
	for _, p := range chk.path {
		ref = append(ref, ast.StringTerm(p))
	}
	return append(ref, ast.StringTerm("results"))
}

// resultVar names the variable bound to the results of a group's i-th
// check.
func resultVar(i int) ast.Var { return ast.Var("r" + strconv.Itoa(i)) }

// prepareGroup prepares the query that binds each check's results of the
// group to its own variable. The query is undefined when one check's
// results are: the engine then evaluates that group check by check.
func prepareGroup(ctx context.Context, comp *ast.Compiler, checks []Check, idx []int) (group, error) {
	body := make(ast.Body, 0, len(idx))
	for i, ci := range idx {
		body = append(body, ast.Equality.Expr(ast.NewTerm(resultVar(i)), ast.NewTerm(resultsRef(checks[ci]))))
	}
	q, err := rego.New(
		rego.Compiler(comp),
		rego.ParsedQuery(body),
		rego.EnablePrintStatements(true),
	).PrepareForEval(ctx)
	if err != nil {
		return group{}, fmt.Errorf("prepare policy query: %w", err)
	}
	return group{checks: idx, compiler: comp, query: q}, nil
}

// asTerm keeps OPA's results as values: the engine reads them without
// converting them to Go values first.
func asTerm(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }
