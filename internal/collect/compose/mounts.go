package compose

import (
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// ports renders a service's ports: short syntax as written, long syntax as
// [host_ip:][published:]target[/protocol].
func (l *loader) ports(n *yaml.Node, service string) []string {
	where := "service " + service + ": ports"
	var out []string
	for _, item := range items(n) {
		if item.Kind == yaml.ScalarNode {
			out = append(out, l.str(item, where))
			continue
		}
		fs := fields(item)
		target := l.str(get(fs, "target"), where)
		if target == "" {
			continue
		}
		p := target
		if pub := l.str(get(fs, "published"), where); pub != "" {
			p = pub + ":" + p
		}
		if ip := l.str(get(fs, "host_ip"), where); ip != "" {
			p = ip + ":" + p
		}
		if proto := l.str(get(fs, "protocol"), where); proto != "" {
			p += "/" + proto
		}
		out = append(out, p)
	}
	return out
}

// volumes reads a service's volumes in short ("src:dst[:mode]") or long
// ({type, source, target, read_only}) syntax.
func (l *loader) volumes(n *yaml.Node, service string) []Volume {
	where := "service " + service + ": volumes"
	var out []Volume
	for _, item := range items(n) {
		var v Volume
		resolved := true
		if item.Kind == yaml.ScalarNode {
			var text string
			text, resolved = l.text(item, where)
			parts := strings.Split(text, ":")
			switch {
			case len(parts) == 1:
				v.Target = parts[0]
			default:
				v.Source, v.Target = parts[0], parts[1]
				v.ReadOnly = len(parts) > 2 && hasOption(parts[2], "ro")
			}
		} else {
			fs := fields(item)
			v.Type = l.str(get(fs, "type"), where)
			v.Source, resolved = l.text(get(fs, "source"), where)
			v.Target = l.str(get(fs, "target"), where)
			v.ReadOnly = l.str(get(fs, "read_only"), where) == "true"
		}
		if v.Type == "" {
			v.Type = "volume"
			if isHostPath(v.Source) {
				v.Type = "bind"
			}
		}
		if v.Type == "bind" && resolved {
			v.HostPath = l.hostPath(v.Source)
		}
		v.Line = item.Line
		out = append(out, v)
	}
	return out
}

// fileMounts reads a service's secrets or configs: names (mounted at
// defaultDir/name for secrets, /name for configs) or {source, target},
// backed by the files of the top-level declarations in files.
func (l *loader) fileMounts(n *yaml.Node, service, kind, defaultDir string, files map[string]string) []Volume {
	where := "service " + service + ": " + kind + "s"
	var out []Volume
	for _, item := range items(n) {
		var name, target string
		if item.Kind == yaml.ScalarNode {
			name = l.str(item, where)
		} else {
			fs := fields(item)
			name = l.str(get(fs, "source"), where)
			target = l.str(get(fs, "target"), where)
		}
		if name == "" {
			continue
		}
		if target == "" {
			target = defaultDir + name
		} else if !strings.HasPrefix(target, "/") {
			target = defaultDir + target
		}
		src := files[name]
		out = append(out, Volume{Source: src, Target: target, Type: kind, HostPath: l.hostPath(src), Line: item.Line})
	}
	return out
}

// fileRefs maps top-level secret or config names to their files; a file
// with an unset variable is left out.
func (l *loader) fileRefs(n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, f := range fields(n) {
		// Reported, if at all, by the services that mount it.
		raw, _ := scalar(get(fields(f.value), "file"))
		if x := interpolate(raw, l.lookup); x.value != "" && len(x.missing) == 0 && !x.invalid {
			out[f.name] = x.value
		}
	}
	return out
}

// hostPath resolves a host path against the compose file's directory; ""
// for "" and ~ paths (whose home is not known here).
func (l *loader) hostPath(p string) string {
	switch {
	case p == "" || strings.HasPrefix(p, "~"):
		return ""
	case filepath.IsAbs(p):
		return filepath.Clean(p)
	}
	return filepath.Join(l.dir, p)
}

// isHostPath reports whether a short-syntax volume source is a host path
// rather than a named volume.
func isHostPath(s string) bool {
	return strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "~")
}

func hasOption(opts, want string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == want {
			return true
		}
	}
	return false
}
