package cli

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/policy"
)

// expandCheckIDs turns --checks/--skip-checks values into catalogue ids:
// an exact id (any case), or a glob (HARD-*, KIB-0?) matching at least one
// id. An unknown id gets the nearest ids as a suggestion.
func expandCheckIDs(checks []policy.Check, values []string) ([]string, error) {
	ids := make([]string, 0, len(checks))
	for _, c := range checks {
		ids = append(ids, c.ID)
	}
	var out []string
	for _, v := range values {
		v = strings.ToUpper(strings.TrimSpace(v))
		if strings.ContainsAny(v, "*?[") {
			n := 0
			for _, id := range ids {
				if ok, err := path.Match(v, id); err != nil {
					return nil, usageError(fmt.Errorf("bad pattern %q in --checks: %w", v, err))
				} else if ok {
					out = append(out, id)
					n++
				}
			}
			if n == 0 {
				return nil, usageError(fmt.Errorf("no check id matches %q", v), "list the ids with: essec policies list")
			}
			continue
		}
		found := false
		for _, id := range ids {
			if id == v {
				out, found = append(out, id), true
				break
			}
		}
		if !found {
			hint := "list the ids with: essec policies list"
			if near := nearest(v, ids); len(near) > 0 {
				hint = "did you mean " + strings.Join(near, " or ") + "? (list the ids with: essec policies list)"
			}
			return nil, usageError(fmt.Errorf("no check with id %q", v), hint)
		}
	}
	return out, nil
}

// nearest returns the ids closest to s within edit distance 2 (at most
// three).
func nearest(s string, ids []string) []string {
	type cand struct {
		id string
		d  int
	}
	var cs []cand
	for _, id := range ids {
		if d := editDistance(s, id); d <= 2 {
			cs = append(cs, cand{id, d})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i, c := range cs {
		if i == 3 || c.d > cs[0].d {
			break
		}
		out = append(out, c.id)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
