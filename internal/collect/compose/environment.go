package compose

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	yaml "go.yaml.in/yaml/v3"
)

// envVar is one variable of a service's container environment.
type envVar struct {
	name string
	// value is what the container gets; raw is the value as written (for
	// a value with an unset variable, which is reported as written).
	value, raw string
	line       int
	ref        bool
	missing    []string
}

// environment is a service's container environment in definition order.
type environment struct {
	vars  []envVar
	index map[string]int
}

func (e *environment) set(v envVar) {
	if e.index == nil {
		e.index = map[string]int{}
	}
	if i, ok := e.index[v.name]; ok {
		e.vars[i] = v
		return
	}
	e.index[v.name] = len(e.vars)
	e.vars = append(e.vars, v)
}

// serviceEnv builds a service's environment: env_file files first, then
// environment: entries, which win. Problems are returned as messages with
// lines.
func (l *loader) serviceEnv(svc []field) environment {
	var env environment
	for _, ef := range l.envFiles(get(svc, "env_file")) {
		env.set(ef)
	}
	node := get(svc, "environment")
	if node == nil {
		return env
	}
	switch node.Kind {
	case yaml.SequenceNode:
		for _, item := range items(node) {
			raw, ok := scalar(item)
			if !ok {
				continue
			}
			name, value, hasValue := strings.Cut(raw, "=")
			l.addEnv(&env, interpolate(name, l.lookup).value, value, hasValue, item.Line)
		}
	case yaml.MappingNode:
		for _, f := range fields(node) {
			value, hasValue := scalar(f.value)
			l.addEnv(&env, f.name, value, hasValue, f.line)
		}
	default:
		l.problem(node.Line, "environment is neither a list nor a mapping")
	}
	return env
}

// addEnv adds one environment entry. An entry without a value takes the
// variable from Compose's own environment, or is left out when unset.
func (l *loader) addEnv(env *environment, name, raw string, hasValue bool, line int) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	if !hasValue {
		if v, ok := l.lookup(name); ok {
			env.set(envVar{name: name, value: v, raw: v, line: line})
		}
		return
	}
	x := interpolate(raw, l.lookup)
	l.expansionProblems(line, x)
	env.set(envVar{name: name, value: x.value, raw: raw, line: line, ref: x.ref, missing: x.missing})
}

// envFiles reads the env_file entries of a service: a path, a list of
// paths, or a list of {path, required}.
func (l *loader) envFiles(node *yaml.Node) []envVar {
	if node == nil {
		return nil
	}
	type ref struct {
		path     string
		required bool
		line     int
	}
	var refs []ref
	if p, ok := scalar(node); ok {
		refs = append(refs, ref{p, true, node.Line})
	}
	for _, item := range items(node) {
		if p, ok := scalar(item); ok {
			refs = append(refs, ref{p, true, item.Line})
			continue
		}
		fs := fields(item)
		p, _ := scalar(get(fs, "path"))
		req, set := scalar(get(fs, "required"))
		refs = append(refs, ref{p, !set || req != "false", item.Line})
	}
	var out []envVar
	for _, r := range refs {
		path := interpolate(r.path, l.lookup).value
		if path == "" {
			continue
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(l.dir, path)
		}
		data, err := boundedfile.Read(path, boundedfile.EnvFile)
		if err != nil {
			if r.required {
				l.problem(r.line, fmt.Sprintf("env_file %s cannot be read (%v): its variables are unknown", path, shortErr(err)))
			}
			continue
		}
		vars, problems := parseDotenv(string(data), l.lookup)
		for _, p := range problems {
			l.problemIn(path, 0, "env_file "+p)
		}
		for _, v := range vars {
			out = append(out, envVar{name: v.name, value: v.value, raw: v.value, line: r.line, ref: v.ref, missing: v.missing})
		}
	}
	return out
}

// shortErr drops the path from a file error (the message names it).
func shortErr(err error) string { return boundedfile.Reason(err) }
