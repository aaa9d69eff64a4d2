package compose

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	yaml "go.yaml.in/yaml/v3"
)

// dockerfileKind bounds what is read as a Dockerfile or a mounted script.
var dockerfileKind = boundedfile.Kind{Name: "Dockerfile", Limit: 1 << 20}

// buildFacts is what a service's build: says about the image it runs.
type buildFacts struct {
	context string
	// from is the image the Dockerfile's final stage starts FROM ("" when
	// the Dockerfile was not read; problem says why).
	from       string
	entrypoint []string
	cmd        []string
	problem    string
}

// build reads a service's build: (a context string, or a mapping with
// context, dockerfile, dockerfile_inline and args) and the Dockerfile it
// names, bounded.
func (l *loader) build(n *yaml.Node, service string) buildFacts {
	if n == nil {
		return buildFacts{}
	}
	where := "service " + service + ": build"
	var b buildFacts
	dockerfile, inline := "Dockerfile", ""
	args := map[string]string{}
	if n.Kind == yaml.ScalarNode {
		b.context = l.str(n, where)
	} else {
		fs := fields(n)
		b.context = l.str(get(fs, "context"), where)
		if d := l.str(get(fs, "dockerfile"), where); d != "" {
			dockerfile = d
		}
		inline = l.str(get(fs, "dockerfile_inline"), where)
		a := get(fs, "args")
		for _, f := range fields(a) {
			if v, ok := scalar(f.value); ok {
				args[f.name] = interpolate(v, l.lookup).value
			}
		}
		for _, item := range items(a) {
			if raw, ok := scalar(item); ok {
				k, v, _ := strings.Cut(raw, "=")
				args[k] = interpolate(v, l.lookup).value
			}
		}
	}
	if b.context == "" {
		b.context = "."
	}
	text := inline
	if text == "" {
		if strings.Contains(b.context, "://") || strings.HasPrefix(b.context, "git@") {
			b.problem = fmt.Sprintf("its build context %s is remote (essec does not fetch it)", b.context)
			return b
		}
		p := dockerfile
		if !filepath.IsAbs(p) {
			p = filepath.Join(l.hostPath(b.context), dockerfile)
		}
		data, err := l.readDockerfile(p)
		if err != nil {
			reason := boundedfile.Reason(err)
			if errors.Is(err, fs.ErrNotExist) {
				reason = "not found"
			}
			b.problem = fmt.Sprintf("its Dockerfile %s could not be read (%s)", p, reason)
			return b
		}
		text = string(data)
	}
	b.from, b.entrypoint, b.cmd, b.problem = parseDockerfile(text, args)
	return b
}

// dockerfileRead is one read of a Dockerfile, kept for the services that
// share its build context.
type dockerfileRead struct {
	data []byte
	err  error
}

// readDockerfile reads a Dockerfile once per compose file: services of one
// build context (es01, es02, es03 built from ./elasticsearch) share it.
func (l *loader) readDockerfile(p string) ([]byte, error) {
	if r, ok := l.dockerfiles[p]; ok {
		return r.data, r.err
	}
	data, err := boundedfile.Read(p, dockerfileKind)
	if l.dockerfiles == nil {
		l.dockerfiles = map[string]dockerfileRead{}
	}
	l.dockerfiles[p] = dockerfileRead{data, err}
	return data, err
}

// stage is what one Dockerfile stage runs.
type stage struct {
	from       string
	entrypoint []string
	cmd        []string
	problem    string
}

// parseDockerfile finds the image the final stage starts from (following
// FROM of earlier stages by name) and its ENTRYPOINT and CMD. ARG defaults
// and the build's args fill ${VAR} in FROM; a FROM whose image name (not
// only its tag) stays unresolved is a problem.
func parseDockerfile(text string, args map[string]string) (from string, entry, cmd []string, problem string) {
	vars := map[string]string{}
	for k, v := range args {
		vars[k] = v
	}
	lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	stages := map[string]stage{}
	var cur stage
	curName, started := "", false
	save := func() {
		if curName != "" {
			stages[curName] = cur
		}
	}
	for _, ins := range instructions(text) {
		word, rest, _ := strings.Cut(ins, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(word) {
		case "ARG":
			name, def, hasDef := strings.Cut(rest, "=")
			if _, given := args[name]; !given && hasDef {
				vars[name] = strings.Trim(interpolate(def, lookup).value, `"'`)
			}
		case "FROM":
			save()
			started = true
			fs := strings.Fields(rest)
			for len(fs) > 0 && strings.HasPrefix(fs[0], "--") {
				fs = fs[1:]
			}
			curName = ""
			if len(fs) >= 3 && strings.EqualFold(fs[1], "AS") {
				curName = strings.ToLower(fs[2])
			}
			if len(fs) == 0 {
				cur = stage{problem: "its Dockerfile has a FROM without an image"}
				continue
			}
			x := interpolate(fs[0], lookup)
			if base, ok := stages[strings.ToLower(x.value)]; ok {
				cur = base
				continue
			}
			cur = stage{from: x.value}
			if len(x.missing) > 0 && strings.Contains(imageRepo(fs[0]), "$") {
				cur = stage{problem: fmt.Sprintf("its Dockerfile starts FROM %s, whose image is not set", fs[0])}
			}
		case "ENTRYPOINT":
			cur.entrypoint, cur.cmd = execForm(rest), nil
		case "CMD":
			cur.cmd = execForm(rest)
		}
	}
	save()
	if !started {
		return "", nil, nil, "its Dockerfile has no FROM"
	}
	return cur.from, cur.entrypoint, cur.cmd, cur.problem
}

// imageRepo is an image reference without its tag and digest.
func imageRepo(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	slash := strings.LastIndexByte(ref, '/')
	if i := strings.LastIndexByte(ref, ':'); i > slash {
		return ref[:i]
	}
	return ref
}

// instructions joins continuation lines and drops comments.
func instructions(text string) []string {
	var out []string
	var b strings.Builder
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if b.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			b.WriteString(strings.TrimSuffix(line, "\\"))
			b.WriteByte(' ')
			continue
		}
		b.WriteString(line)
		out = append(out, b.String())
		b.Reset()
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// execForm reads ["a", "b"] (exec form) or a shell-form command.
func execForm(s string) []string {
	var words []string
	if strings.HasPrefix(s, "[") && json.Unmarshal([]byte(s), &words) == nil {
		return words
	}
	return []string{"/bin/sh", "-c", s}
}

// mountedScript returns a reader of scripts a service's container runs when
// they are bind-mounted from files essec can read. Each script is read at
// most once: classification asks for it once per product.
func mountedScript(volumes []Volume) func(string) string {
	read := map[string]string{}
	return func(containerPath string) string {
		if body, ok := read[containerPath]; ok {
			return body
		}
		body := ""
		for _, v := range volumes {
			if v.HostPath == "" || path.Clean(v.Target) != path.Clean(containerPath) {
				continue
			}
			if data, err := boundedfile.Read(v.HostPath, dockerfileKind); err == nil {
				body = string(data)
			}
			break
		}
		read[containerPath] = body
		return body
	}
}
