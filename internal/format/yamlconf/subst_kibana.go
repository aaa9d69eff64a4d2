package yamlconf

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// kibanaRefRE is the reference syntax of Kibana's config reader
// (replaceEnvVarRefs in @kbn/config): ${NAME} or ${NAME:default} with word
// characters only. Anything else, such as ${a.b} or ${URL:http://x}, is
// left as written by Kibana and so here too.
var kibanaRefRE = regexp.MustCompile(`\$\{(\w+)(?::(\w+))?\}`)

// substituteKibana expands references in place and reports the ones Kibana
// could not resolve (it refuses to start: "Unknown environment variable
// referenced in config").
func substituteKibana(entries map[string]Entry, env func(string) (string, bool)) []Problem {
	var problems []Problem
	for _, k := range slices.Sorted(maps.Keys(entries)) {
		e := entries[k]
		var missing []string
		ref := false
		list := make([]string, len(e.List))
		for i, s := range e.List {
			list[i] = kibanaRefRE.ReplaceAllStringFunc(s, func(m string) string {
				ref = true
				sub := kibanaRefRE.FindStringSubmatch(m)
				if v, ok := env(sub[1]); ok {
					return v
				}
				if strings.Contains(m, ":") {
					return sub[2]
				}
				missing = append(missing, sub[1])
				return m
			})
		}
		if !ref {
			continue
		}
		e.List = list
		if e.IsList {
			e.Value = strings.Join(list, ",")
		} else if len(list) == 1 {
			e.Value = list[0]
		}
		e.Reference = true
		e.Unresolved = len(missing) > 0
		entries[k] = e
		for _, name := range unique(missing) {
			problems = append(problems, Problem{Line: e.Line, Message: fmt.Sprintf(
				"setting %s: ${%s} is not set by anything essec was given (the service's environment, .env, the inventory's env:): its value is unknown; Kibana refuses to start if it is unset", k, name)})
		}
	}
	return problems
}
