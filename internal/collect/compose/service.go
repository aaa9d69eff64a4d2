package compose

import (
	"fmt"
	"os"
	"strings"

	"github.com/essec-dev/essec/internal/format/yamlconf"
	yaml "go.yaml.in/yaml/v3"
)

// service reads one service.
func (l *loader) service(s field) Service {
	svc := Service{
		Name:     s.name,
		Line:     s.line,
		Settings: &yamlconf.File{Path: l.path, Entries: map[string]yamlconf.Entry{}},
		EnvOnly:  map[string]yamlconf.Entry{},
	}
	fs := fields(s.value)
	if fs == nil {
		l.problem(s.line, fmt.Sprintf("service %s is not a mapping", s.name))
		return svc
	}
	where := "service " + s.name + ": "
	image, resolved := l.text(get(fs, "image"), where+"image")
	svc.Image = image
	svc.User = l.str(get(fs, "user"), where+"user")
	svc.Hostname = l.str(get(fs, "hostname"), where+"hostname")
	svc.ContainerName = l.str(get(fs, "container_name"), where+"container_name")
	svc.Ports = l.ports(get(fs, "ports"), s.name)
	svc.Volumes = l.volumes(get(fs, "volumes"), s.name)
	svc.Volumes = append(svc.Volumes, l.fileMounts(get(fs, "secrets"), s.name, "secret", "/run/secrets/", l.secrets)...)
	svc.Volumes = append(svc.Volumes, l.fileMounts(get(fs, "configs"), s.name, "config", "/", l.configs)...)
	env := l.serviceEnv(fs)
	command := l.words(get(fs, "command"), s.name)
	entrypoint := l.words(get(fs, "entrypoint"), s.name)
	b := l.build(get(fs, "build"), s.name)
	c := classify(serviceFacts{
		name: s.name, image: svc.Image, build: b.context, from: b.from, fromEntry: b.entrypoint, fromCmd: b.cmd,
		buildProblem: b.problem, command: command, entrypoint: entrypoint, env: env, volumes: svc.Volumes,
		script: mountedScript(svc.Volumes),
	})
	svc.Kind, svc.Unclassified = c.kind, c.unclassified
	if resolved {
		svc.Version = imageVersion(svc.Image)
	}
	if b.from != "" {
		if v := imageVersion(b.from); v != "" {
			svc.Version = v
		}
		if svc.Image == "" {
			svc.Image = b.from
		}
	}
	if svc.Kind != "" {
		l.missingMounts(&svc)
	}
	switch svc.Kind {
	case KindElasticsearch:
		l.esSettings(&svc, env, command, get(fs, "command"))
	case KindKibana:
		l.kibanaSettings(&svc, env)
	default:
		for _, v := range env.vars {
			l.envOnly(&svc, v)
		}
	}
	return svc
}

// words returns a command or entrypoint as words: a list as written, a
// string split on blanks.
func (l *loader) words(n *yaml.Node, service string) []string {
	if n == nil {
		return nil
	}
	where := "service " + service + ": command"
	if n.Kind == yaml.ScalarNode {
		return strings.Fields(l.str(n, where))
	}
	var out []string
	for _, item := range items(n) {
		out = append(out, l.str(item, where))
	}
	return out
}

// entry turns an environment variable into a settings entry. A value with
// an unset variable is kept as written and marked Unresolved.
func entry(key string, v envVar) yamlconf.Entry {
	e := yamlconf.Entry{Key: key, Value: v.value, List: []string{v.value}, Line: v.line, Reference: v.ref, Unresolved: len(v.missing) > 0}
	if e.Unresolved {
		e.Value, e.List = v.raw, []string{v.raw}
	}
	return e
}

// envOnly keeps a variable that is not a setting, reporting unset
// variables in its value.
func (l *loader) envOnly(svc *Service, v envVar) {
	svc.EnvOnly[v.name] = entry(v.name, v)
	for _, name := range unique(v.missing) {
		l.problem(v.line, fmt.Sprintf("service %s: %s: ${%s} is not set: Compose substitutes an empty string", svc.Name, v.name, name))
	}
}

// setting records an environment variable that the image turns into the
// setting key. Both images skip variables whose value is empty; one whose
// value is empty only because a variable is unset is kept, Unresolved, so
// that the setting's origin is not lost.
func (l *loader) setting(svc *Service, key string, v envVar) {
	if v.value == "" && len(v.missing) == 0 {
		svc.EnvOnly[v.name] = entry(v.name, v)
		return
	}
	if prev, ok := svc.Settings.Entries[key]; ok {
		l.settingProblem(svc, v.line, fmt.Sprintf(
			"setting %s is set twice in the environment of service %s (lines %d and %d)", key, svc.Name, prev.Line, v.line))
	}
	svc.Settings.Entries[key] = entry(key, v)
	for _, name := range unique(v.missing) {
		l.settingProblem(svc, v.line, fmt.Sprintf(
			"service %s: setting %s: ${%s} is not set: Compose substitutes an empty string", svc.Name, key, name))
	}
}

// settingProblem records a problem about a service's settings, in the
// service's Settings and in the file's problems.
func (l *loader) settingProblem(svc *Service, line int, msg string) {
	svc.Settings.Problems = append(svc.Settings.Problems, yamlconf.Problem{Line: line, Message: msg})
	l.problem(line, msg)
}

// missingMounts reports bind mounts (and file-backed secrets and configs)
// whose source does not exist here: what the container reads there is not
// examined, and the checks that need it are unknown.
func (l *loader) missingMounts(svc *Service) {
	for _, v := range svc.Volumes {
		if v.HostPath == "" || v.Type == "volume" || v.Type == "tmpfs" || stateDir(v.Target) {
			continue
		}
		if _, err := os.Stat(v.HostPath); err != nil {
			l.problem(v.Line, fmt.Sprintf("service %s: %s %s for %s does not exist here: what the container reads there is not examined",
				svc.Name, mountWord(v.Type), v.HostPath, v.Target))
		}
	}
}

func mountWord(t string) string {
	switch t {
	case "secret":
		return "the file of secret"
	case "config":
		return "the file of config"
	}
	return "bind mount source"
}

// stateDir reports the products' data, log and plugin directories: Docker
// creates a missing source for them and they hold no configuration.
func stateDir(target string) bool {
	for _, d := range []string{"data", "logs", "plugins"} {
		for _, home := range []string{"/usr/share/elasticsearch/", "/usr/share/kibana/"} {
			if t := strings.TrimSuffix(target, "/"); t == home+d || strings.HasPrefix(t, home+d+"/") {
				return true
			}
		}
	}
	return false
}
