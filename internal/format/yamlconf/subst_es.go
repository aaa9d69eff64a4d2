package yamlconf

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// maxPlaceholderDepth bounds nested and chained placeholders.
const maxPlaceholderDepth = 32

// esResolver replaces placeholders the way Elasticsearch's
// PropertyPlaceholder does: ${NAME} or ${NAME:default}, nested braces
// allowed, NAME looked up in the environment and then among the file's own
// settings, resolved values expanded again.
type esResolver struct {
	env      func(string) (string, bool)
	settings map[string]Entry
}

// esResult is what expanding one string found.
type esResult struct {
	ref      bool
	missing  []string
	circular []string
	tooDeep  bool
}

// substituteES expands every value in place and reports the references
// Elasticsearch could not resolve (it refuses to start on those).
func substituteES(entries map[string]Entry, env func(string) (string, bool)) []Problem {
	raw := make(map[string]Entry, len(entries))
	for k, e := range entries {
		raw[k] = e
	}
	r := &esResolver{env: env, settings: raw}
	var problems []Problem
	for _, k := range slices.Sorted(maps.Keys(entries)) {
		e := entries[k]
		if !strings.Contains(e.Value, "${") && !listHas(e.List, "${") {
			continue
		}
		var res esResult
		list := make([]string, len(e.List))
		for i, s := range e.List {
			list[i] = r.expand(s, map[string]bool{}, 0, &res)
		}
		e.List = list
		if e.IsList {
			e.Value = strings.Join(list, ",")
		} else if len(list) == 1 {
			e.Value = list[0]
		}
		e.Reference = res.ref
		e.Unresolved = len(res.missing) > 0 || len(res.circular) > 0 || res.tooDeep
		entries[k] = e
		for _, name := range unique(res.missing) {
			problems = append(problems, Problem{Line: e.Line, Message: fmt.Sprintf(
				"setting %s: ${%s} is not set by anything essec was given (the service's environment, .env, the inventory's env:): its value is unknown; Elasticsearch refuses to start if it is unset", k, name)})
		}
		for _, name := range unique(res.circular) {
			problems = append(problems, Problem{Line: e.Line, Message: fmt.Sprintf(
				"setting %s: ${%s} refers to itself: Elasticsearch would refuse to start", k, name)})
		}
		if res.tooDeep {
			problems = append(problems, Problem{Line: e.Line, Message: fmt.Sprintf(
				"setting %s: placeholders nested more than %d deep: essec stopped expanding them", k, maxPlaceholderDepth)})
		}
	}
	return problems
}

// unique drops repeated names, keeping the first occurrence's order.
func unique(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func listHas(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// expand replaces the placeholders of s. Unresolvable ones stay as written.
func (r *esResolver) expand(s string, visiting map[string]bool, depth int, res *esResult) string {
	if depth > maxPlaceholderDepth {
		res.tooDeep = true
		return s
	}
	buf := s
	start := strings.Index(buf, "${")
	for start != -1 {
		end := placeholderEnd(buf, start)
		if end == -1 {
			break
		}
		res.ref = true
		inner := buf[start+2 : end]
		if visiting[inner] {
			res.circular = append(res.circular, safeName(inner))
			start = nextPlaceholder(buf, end+1)
			continue
		}
		visiting[inner] = true
		name := r.expand(inner, visiting, depth+1, res)
		def, hasDef := "", false
		if i := strings.IndexByte(name, ':'); i >= 0 {
			name, def, hasDef = name[:i], name[i+1:], true
		}
		val, ok := r.lookup(name)
		if !ok && hasDef {
			val, ok = def, true
		}
		if ok {
			val = r.expand(val, visiting, depth+1, res)
			buf = buf[:start] + val + buf[end+1:]
			start = nextPlaceholder(buf, start+len(val))
		} else {
			res.missing = append(res.missing, safeName(inner))
			start = nextPlaceholder(buf, end+1)
		}
		delete(visiting, inner)
	}
	return buf
}

// safeName is the placeholder name to show in a message: the text before a
// default (which may be a literal secret), and nothing computed from a
// nested placeholder (whose value may be one).
func safeName(inner string) string {
	if strings.Contains(inner, "${") {
		return "(computed name)"
	}
	if i := strings.IndexByte(inner, ':'); i >= 0 {
		return inner[:i]
	}
	return inner
}

func nextPlaceholder(buf string, from int) int {
	if from >= len(buf) {
		return -1
	}
	i := strings.Index(buf[from:], "${")
	if i < 0 {
		return -1
	}
	return from + i
}

// placeholderEnd finds the "}" closing the placeholder at start, counting
// nested "${".
func placeholderEnd(buf string, start int) int {
	nested := 0
	for i := start + 2; i < len(buf); {
		switch {
		case buf[i] == '}':
			if nested == 0 {
				return i
			}
			nested--
			i++
		case strings.HasPrefix(buf[i:], "${"):
			nested++
			i += 2
		default:
			i++
		}
	}
	return -1
}

// lookup resolves a placeholder name: the environment first, then another
// setting of the same file (a list reads as Java prints it, "[a, b]").
func (r *esResolver) lookup(name string) (string, bool) {
	if v, ok := r.env(name); ok {
		return v, true
	}
	if e, ok := r.settings[name]; ok {
		if e.IsList {
			return "[" + strings.Join(e.List, ", ") + "]", true
		}
		return e.Value, true
	}
	return "", false
}

// dropEmptyES removes settings whose value is the empty string after
// substitution: Elasticsearch drops them while resolving placeholders, so
// the setting's default applies. Null values are kept (Elasticsearch
// refuses those, reported elsewhere) and so are lists.
func dropEmptyES(entries map[string]Entry, nulls map[string]bool) []Problem {
	var problems []Problem
	for k, e := range entries {
		if e.IsList || e.Value != "" || nulls[k] {
			continue
		}
		delete(entries, k)
		problems = append(problems, Problem{Line: e.Line, Message: fmt.Sprintf(
			"setting %s is empty: Elasticsearch ignores empty settings, so its default applies", k)})
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return problems
}
