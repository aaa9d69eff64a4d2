package compose

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
	yaml "go.yaml.in/yaml/v3"
)

// IsCompose reports whether data is a YAML document with a top-level
// services: mapping.
func IsCompose(data []byte) bool {
	root, err := yamlconf.DecodeYAML("", data)
	return err == nil && servicesNode(root) != nil
}

// servicesNode returns the top-level services mapping, or nil.
func servicesNode(root *yaml.Node) *yaml.Node {
	s := get(fields(root), "services")
	if s == nil || s.Kind != yaml.MappingNode {
		return nil
	}
	return s
}

// Load reads the compose file at path. env is the environment Compose would
// run with (nil: none); variables it lacks are taken from the .env file next
// to the compose file. A file that is not YAML (*yamlconf.SyntaxError), has
// no services mapping or no Elasticsearch or Kibana service is an error; in
// the last case the File is returned too when some service could not be
// classified (its mounts still locate the files it mounts).
func Load(ctx context.Context, path string, env func(string) (string, bool)) (*File, error) {
	return LoadData(ctx, path, nil, env)
}

// LoadData is Load with the file's content already read (by a caller that
// had to read it to recognise it); nil data reads path.
func LoadData(ctx context.Context, path string, data []byte, env func(string) (string, bool)) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("read compose file: %w", err)
	}
	if data == nil {
		if data, err = boundedfile.Read(abs, boundedfile.Compose); err != nil {
			return nil, fmt.Errorf("read compose file: %w", err)
		}
	}
	root, err := yamlconf.DecodeYAML(abs, data)
	if err != nil {
		return nil, err
	}
	services := servicesNode(root)
	if services == nil {
		return nil, fmt.Errorf("%s is not a docker-compose file: it has no services mapping", abs)
	}
	l := &loader{path: abs, dir: filepath.Dir(abs)}
	dotenv := l.readDotenv(env)
	l.lookup = func(name string) (string, bool) {
		if env != nil {
			if v, ok := env(name); ok {
				return v, true
			}
		}
		v, ok := dotenv[name]
		return v, ok
	}
	top := fields(root)
	l.secrets = l.fileRefs(get(top, "secrets"))
	l.configs = l.fileRefs(get(top, "configs"))
	f := &File{Path: abs}
	elastic := 0
	var unclassified []string
	for _, s := range fields(services) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		before := len(l.problems)
		svc := l.service(s)
		if svc.Kind != "" {
			elastic++
		} else {
			// Problems of other services are not evidence about Elastic.
			l.problems = l.problems[:before]
		}
		if svc.Unclassified != "" {
			msg := fmt.Sprintf("service %s is not audited as an Elasticsearch node or Kibana instance: %s", svc.Name, svc.Unclassified)
			l.problem(svc.Line, msg)
			unclassified = append(unclassified, msg)
		}
		f.Services = append(f.Services, svc)
	}
	l.duplicateServices(services)
	if elastic == 0 {
		if len(unclassified) > 0 {
			// The services are returned: the mounts of unclassified ones
			// still say where the files they mount are read.
			return f, fmt.Errorf("no Elasticsearch or Kibana service in %s: %s", abs, strings.Join(unclassified, "; "))
		}
		return nil, fmt.Errorf("no Elasticsearch or Kibana service in %s", abs)
	}
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i], l.problems[j]
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
	f.Problems = l.problems
	return f, nil
}

// loader holds what reading one compose file needs.
type loader struct {
	path, dir string
	lookup    lookupFunc
	// secrets and configs map top-level names to the files backing them.
	secrets, configs map[string]string
	problems         []inventory.CollectionError
	// dockerfiles are the Dockerfiles read so far, by path.
	dockerfiles map[string]dockerfileRead
}

func (l *loader) problem(line int, msg string) { l.problemIn(l.path, line, msg) }

func (l *loader) problemIn(file string, line int, msg string) {
	l.problems = append(l.problems, inventory.CollectionError{Source: Source, File: file, Line: line, Message: msg})
}

// readDotenv reads the .env file next to the compose file. Its own
// references are resolved from env and its earlier variables.
func (l *loader) readDotenv(env func(string) (string, bool)) map[string]string {
	path := filepath.Join(l.dir, ".env")
	data, err := boundedfile.Read(path, boundedfile.EnvFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		l.problemIn(path, 0, fmt.Sprintf(".env cannot be read (%v): its variables are unknown", shortErr(err)))
		return nil
	}
	lookup := func(string) (string, bool) { return "", false }
	if env != nil {
		lookup = env
	}
	vars, problems := parseDotenv(string(data), lookup)
	for _, p := range problems {
		l.problemIn(path, 0, ".env "+p)
	}
	out := make(map[string]string, len(vars))
	for _, v := range vars {
		out[v.name] = v.value
	}
	return out
}

// expansionProblems reports the interpolation errors Compose refuses a file
// for. Unset variables are reported by the caller, which knows what the
// value is for.
func (l *loader) expansionProblems(line int, x expansion) {
	for _, name := range x.required {
		l.problem(line, fmt.Sprintf("${%s} is required but not set: Compose refuses the file", name))
	}
	if x.invalid {
		l.problem(line, "invalid ${...} interpolation: Compose refuses the file")
	}
}

// text interpolates a scalar field; where names it in problems ("service
// es01: image"). A value with an unset variable is returned as written,
// with resolved false.
func (l *loader) text(n *yaml.Node, where string) (value string, resolved bool) {
	raw, ok := scalar(n)
	if !ok {
		return "", true
	}
	x := interpolate(raw, l.lookup)
	l.expansionProblems(n.Line, x)
	for _, name := range unique(x.missing) {
		l.problem(n.Line, fmt.Sprintf("%s: ${%s} is not set: Compose substitutes an empty string", where, name))
	}
	if len(x.missing) > 0 {
		return raw, false
	}
	return x.value, true
}

// str is text without the resolved flag.
func (l *loader) str(n *yaml.Node, where string) string {
	v, _ := l.text(n, where)
	return v
}

// unique drops repeated names, keeping the order.
func unique(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// duplicateServices reports a service name written twice in services:
// docker compose refuses such a file ("mapping key already defined").
func (l *loader) duplicateServices(services *yaml.Node) {
	first := map[string]int{}
	for i := 0; i+1 < len(services.Content); i += 2 {
		k := services.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			continue
		}
		if line, dup := first[k.Value]; dup {
			l.problem(k.Line, fmt.Sprintf("service %s is defined twice (lines %d and %d): docker compose refuses the file", k.Value, line, k.Line))
			l.problems[len(l.problems)-1].Kind = inventory.KindDuplicate
			continue
		}
		first[k.Value] = k.Line
	}
}
