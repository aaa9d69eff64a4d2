package compose

import (
	"path"
	"regexp"
	"strings"
)

// serviceFacts are what kind detection looks at.
type serviceFacts struct {
	name, image, build  string
	command, entrypoint []string
	env                 environment
	volumes             []Volume
}

// otherProducts are images of the stack that are not Elasticsearch or
// Kibana, even though their environment often names Elasticsearch.
var otherProducts = []string{"logstash", "beat", "apm-server", "elastic-agent", "fleet-server", "enterprise-search",
	"exporter", "curator", "head", "elastichq", "cerebro", "dejavu", "elasticdump", "opensearch", "opendistro"}

// esMarkers are setting prefixes that only an Elasticsearch node's
// environment holds.
var esMarkers = []string{"xpack.security.", "discovery.", "cluster.", "node.", "network.", "bootstrap.", "path.", "http.", "transport."}

// detectKind tells an Elasticsearch or Kibana service from anything else:
// by the image name, else the build context, else the environment. A
// service of the Elasticsearch or Kibana image that only runs one of the
// image's tools (certutil, encryption keys) or a shell without any
// settings is a helper, not a node.
func detectKind(f serviceFacts) string {
	kind, known := imageKind(f.image)
	if !known && kind == "" {
		kind = nameKind(path.Base(strings.TrimRight(f.build, "/")))
	}
	if !known && kind == "" {
		kind = mountKind(f.volumes)
	}
	if !known && kind == "" {
		kind = envKind(f)
	}
	if kind != "" && isHelper(f) {
		return ""
	}
	return kind
}

// imageKind names the kind of an image and whether the image is known at
// all (a known other product is "", true).
func imageKind(image string) (string, bool) {
	if image == "" {
		return "", false
	}
	name := imageName(image)
	for _, p := range otherProducts {
		if strings.Contains(name, p) {
			return "", true
		}
	}
	if k := nameKind(name); k != "" {
		return k, true
	}
	return "", false
}

// nameKind reads a kind from an image or directory name.
func nameKind(name string) string {
	name = strings.ToLower(name)
	switch {
	case strings.Contains(name, "elasticsearch"):
		return KindElasticsearch
	case strings.Contains(name, "kibana"):
		return KindKibana
	}
	return ""
}

// mountKind recognises a service by the main config file it mounts (a
// custom build of either image keeps the image's config paths).
func mountKind(volumes []Volume) string {
	for _, v := range volumes {
		switch path.Base(v.Target) {
		case "elasticsearch.yml":
			return KindElasticsearch
		case "kibana.yml":
			return KindKibana
		}
	}
	return ""
}

// envKind recognises an Elasticsearch node by settings only a node takes,
// and a Kibana instance named kibana by its Elasticsearch connection.
func envKind(f serviceFacts) string {
	for _, v := range f.env.vars {
		if v.name == "ES_JAVA_OPTS" || strings.HasPrefix(v.name, "ES_SETTING_") {
			return KindElasticsearch
		}
		if esSettingName(v.name) {
			for _, m := range esMarkers {
				if strings.HasPrefix(v.name, m) {
					return KindElasticsearch
				}
			}
		}
	}
	if strings.Contains(strings.ToLower(f.name), "kibana") {
		for _, v := range f.env.vars {
			if v.name == "ELASTICSEARCH_HOSTS" || v.name == "ELASTICSEARCH_URL" || v.name == "elasticsearch.hosts" {
				return KindKibana
			}
		}
	}
	return ""
}

// toolRE matches the command-line tools shipped in the images.
var toolRE = regexp.MustCompile(`^(elasticsearch|kibana)-[a-z-]+$`)

// isHelper reports a service that runs a tool of the image, or a shell
// without Elastic settings in its environment and without a mounted
// settings file.
func isHelper(f serviceFacts) bool {
	words := f.entrypoint
	if len(words) == 0 {
		words = f.command
	}
	if len(words) == 0 {
		return false
	}
	first := path.Base(words[0])
	if toolRE.MatchString(first) && first != "kibana-docker" {
		return true
	}
	switch first {
	case "sh", "bash", "ash", "dash", "zsh":
	default:
		return false
	}
	for _, v := range f.volumes {
		if b := path.Base(v.Target); b == "elasticsearch.yml" || b == "kibana.yml" {
			return false
		}
	}
	for _, v := range f.env.vars {
		if esSettingName(v.name) || strings.HasPrefix(v.name, "ES_SETTING_") {
			return false
		}
		if _, ok := kibanaSetting(v.name); ok {
			return false
		}
	}
	return true
}

// imageName is an image reference without registry, tag and digest:
// "docker.elastic.co/elasticsearch/elasticsearch:8.15.1" → "elasticsearch".
func imageName(image string) string {
	ref, _, _ := strings.Cut(image, "@")
	name := path.Base(ref)
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	return strings.ToLower(name)
}

// tagVersionRE is a release at the start of a tag (8.15.1, 8.15.1-arm64,
// 7.17.0-debian-12-r3).
var tagVersionRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+)(?:$|[-_+.])`)

// imageVersion returns the X.Y.Z release of an image's tag, or "".
func imageVersion(image string) string {
	ref, _, _ := strings.Cut(image, "@")
	last := path.Base(ref)
	i := strings.LastIndexByte(last, ':')
	if i < 0 {
		return ""
	}
	if m := tagVersionRE.FindStringSubmatch(last[i+1:]); m != nil {
		return m[1]
	}
	return ""
}
