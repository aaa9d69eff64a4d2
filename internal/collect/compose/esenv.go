package compose

import (
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// esSettingRE is the Elasticsearch image's rule for variables that are
// settings as written: lower-case words with at least one dot.
var esSettingRE = regexp.MustCompile(`^[a-z0-9_]+\.[a-z0-9_]+`)

func esSettingName(name string) bool { return esSettingRE.MatchString(name) }

// esSettingFromEnv converts ES_SETTING_XPACK_SECURITY_HTTP__SSL... names
// (8.x): "__" is "_", "_" is ".", lower case.
func esSettingFromEnv(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "ES_SETTING_")
	if !ok || rest == "" {
		return "", false
	}
	const mark = "\x00"
	s := strings.ReplaceAll(rest, "__", mark)
	s = strings.ReplaceAll(s, "_", ".")
	s = strings.ReplaceAll(s, mark, "_")
	return strings.ToLower(s), true
}

// esSettings sorts an Elasticsearch service's environment into settings,
// JVM options and other variables, and adds the -E options of its command.
func (l *loader) esSettings(svc *Service, env environment, command []string, cmdNode *yaml.Node) {
	for _, v := range env.vars {
		switch key, isES := esSettingFromEnv(v.name); {
		case esSettingName(v.name) || v.name == "processors":
			l.setting(svc, v.name, v)
		case isES:
			l.setting(svc, key, v)
		default:
			if v.name == "ES_JAVA_OPTS" {
				svc.JVMOptions = append(svc.JVMOptions, systemProperties(v.value)...)
			}
			l.envOnly(svc, v)
		}
	}
	for _, w := range command {
		opt, ok := strings.CutPrefix(w, "-E")
		key, value, hasValue := strings.Cut(opt, "=")
		if !ok || !hasValue || key == "" {
			continue
		}
		l.setting(svc, key, envVar{name: key, value: value, raw: value, line: cmdNode.Line})
	}
}

// systemProperties returns the -D options of a JVM options string.
func systemProperties(opts string) []string {
	var out []string
	for _, w := range strings.Fields(opts) {
		if strings.HasPrefix(w, "-D") {
			out = append(out, w)
		}
	}
	return out
}
