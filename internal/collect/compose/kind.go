package compose

import (
	"path"
	"regexp"
	"strings"
)

// serviceFacts are what kind detection looks at.
type serviceFacts struct {
	name, image string
	// build is the build context as written ("" without build:); from is
	// the image its Dockerfile's final stage starts FROM, with the
	// Dockerfile's own ENTRYPOINT and CMD, when the Dockerfile was read;
	// buildProblem says why it could not be.
	build        string
	from         string
	fromEntry    []string
	fromCmd      []string
	buildProblem string
	command      []string
	entrypoint   []string
	env          environment
	volumes      []Volume
	// script returns the text of a script the container runs when it is
	// bind-mounted from a file essec can read ("" otherwise).
	script func(containerPath string) string
}

// otherProducts are words of image names that are not Elasticsearch or
// Kibana although their names or environments often mention Elasticsearch:
// the stack's other products, admin UIs, exporters and dump tools.
var otherProducts = []string{"logstash", "beat", "apm", "elastic-agent", "fleet", "enterprise-search",
	"exporter", "head", "elastichq", "elasticsearch-hq", "-hq", "cerebro", "dejavu", "dump", "curator",
	"opensearch", "opendistro", "kafka", "zookeeper", "elastalert", "grafana", "jaeger", "zipkin", "setup"}

// esMarkers are setting prefixes that only an Elasticsearch node's
// environment holds.
var esMarkers = []string{"xpack.security.", "discovery.", "cluster.", "node.", "network.", "bootstrap.", "path.", "http.", "transport."}

// classification is what kind detection concluded about a service.
type classification struct {
	kind string
	// unclassified says why a service that shows signs of Elasticsearch or
	// Kibana could not be classified; it is then neither.
	unclassified string
}

// classify tells an Elasticsearch node or Kibana instance from anything
// else. A service is one only when it runs the product: its image is the
// product's (any registry, any tag, or a rebuild named after it), or its
// build's Dockerfile starts FROM one, or its command starts the product;
// and what it runs is the product itself, not one of the image's tools or
// a setup script. Environment variables, the service name and mounted
// config files alone never make a node: a service with those signs but
// nothing that shows what it runs is unclassified, with the reason.
func classify(f serviceFacts) classification {
	kind, known := imageKind(f.image)
	entry, cmd := f.entrypoint, f.command
	if f.build != "" && f.from != "" {
		// Compose builds the image from the Dockerfile (image: only tags it).
		kind, known = imageKind(f.from)
		if len(entry) == 0 {
			entry = f.fromEntry
			if len(cmd) == 0 {
				cmd = f.fromCmd
			}
		}
	}
	if known && kind == "" {
		return classification{}
	}
	if kind == "" {
		// An unknown image (or a build not read) runs the product only
		// when its command says so.
		for _, k := range []string{KindElasticsearch, KindKibana} {
			if startsProduct(k, entry, cmd, f.script, false) == verdictYes {
				return classification{kind: k}
			}
		}
		if w := dropInit(firstWords(entry, cmd)); len(w) > 0 && toolRE.MatchString(path.Base(w[0])) {
			return classification{} // one of the images' tools: a helper
		}
		if sign := productSign(f); sign != "" {
			why := "its image " + quoteOr(f.image, "(none)") + " is not an Elasticsearch or Kibana image"
			if f.build != "" && f.from == "" {
				why = f.buildProblem
			}
			return classification{unclassified: "it " + sign + ", but " + why + " and its command does not start Elasticsearch or Kibana: essec does not guess it into a node; set image: or audit the node's config directory"}
		}
		return classification{}
	}
	switch startsProduct(kind, entry, cmd, f.script, true) {
	case verdictNo:
		return classification{}
	case verdictUnknown:
		if productSign(f) != "" {
			return classification{unclassified: "it runs " + quoteOr(strings.Join(firstWords(entry, cmd), " "), "a custom command") +
				" in the " + kind + " image and essec cannot tell whether that starts " + productName(kind) + ": it is not audited as one"}
		}
		return classification{}
	}
	return classification{kind: kind}
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
	switch {
	case strings.Contains(name, "elasticsearch"):
		return KindElasticsearch, true
	case strings.Contains(name, "kibana"):
		return KindKibana, true
	}
	return "", false
}

// verdicts of startsProduct.
const (
	verdictYes = iota
	verdictNo
	verdictUnknown
)

// toolRE matches the command-line tools shipped in the images.
var toolRE = regexp.MustCompile(`^(elasticsearch|kibana)-[a-z-]+$`)

// startRE finds a product's start in a shell script: the image's entrypoint
// or the product's own launcher.
var startRE = map[string]*regexp.Regexp{
	KindElasticsearch: regexp.MustCompile(`(eswrapper|(^|[\s/;&|(])elasticsearch(\s|$|[;&|)]))`),
	KindKibana:        regexp.MustCompile(`(kibana-docker|(^|[\s/;&|(])kibana(\s|$|[;&|)]))`),
}

// entrypointRE is the official images' entrypoint script, which starts the
// product when a script of the product's image hands over to it.
var entrypointRE = regexp.MustCompile(`docker-entrypoint\.sh`)

// launchers are first words that start the product: its own launchers.
var launchers = map[string][]string{
	KindElasticsearch: {"eswrapper", "elasticsearch"},
	KindKibana:        {"kibana-docker", "kibana"},
}

// startsProduct says whether a container runs the product, given its
// entrypoint and command. ofImage is true when the container runs the
// product's image: without an entrypoint or command the image's own starts
// it, and so does the image's entrypoint script. For any other image only
// the product's own launcher counts.
func startsProduct(kind string, entry, cmd []string, script func(string) string, ofImage bool) int {
	words := entry
	if len(words) == 0 {
		words = cmd
	}
	words = dropInit(words)
	if len(words) == 0 {
		if ofImage {
			return verdictYes
		}
		return verdictNo
	}
	// The official images' entrypoints pass options to the product.
	if ofImage && len(entry) == 0 && strings.HasPrefix(words[0], "-") {
		return verdictYes
	}
	first := path.Base(words[0])
	if toolRE.MatchString(first) && first != "kibana-docker" {
		return verdictNo
	}
	for _, l := range launchers[kind] {
		if first == l {
			return verdictYes
		}
	}
	if ofImage && first == "docker-entrypoint.sh" {
		return verdictYes
	}
	switch first {
	case "sh", "bash", "ash", "dash", "zsh":
		text := strings.Join(append(append([]string{}, entry...), cmd...), " ")
		if loc := shellScript(words); loc != "" && script != nil {
			if body := script(loc); body != "" {
				text += "\n" + body
			}
		}
		return scriptVerdict(kind, text, ofImage)
	}
	if script != nil && path.IsAbs(words[0]) {
		if body := script(words[0]); body != "" {
			return scriptVerdict(kind, body, ofImage)
		}
	}
	if !ofImage {
		return verdictNo
	}
	// A script the user named as the product's entrypoint
	// (elasticsearch-entrypoint.sh, kibana-custom-entrypoint.sh) in the
	// product's image hands over to it.
	if strings.Contains(first, kind) && strings.Contains(first, "entrypoint") {
		return verdictYes
	}
	return verdictUnknown
}

// dropInit removes an init process in front of the real command
// (tini -- docker-entrypoint.sh), as the images' own entrypoints have.
func dropInit(words []string) []string {
	if len(words) > 0 && (path.Base(words[0]) == "tini" || path.Base(words[0]) == "dumb-init") {
		words = words[1:]
		for len(words) > 0 && strings.HasPrefix(words[0], "-") {
			words = words[1:]
		}
	}
	return words
}

// shellScript returns the script file a shell runs (sh /x.sh), or "".
func shellScript(words []string) string {
	if len(words) < 2 || strings.HasPrefix(words[1], "-") {
		return ""
	}
	return words[1]
}

// scriptVerdict reads a shell script: it starts the product when it runs
// the image's entrypoint or the product's launcher (the images' tools,
// elasticsearch-certutil and kin, do not count).
func scriptVerdict(kind, text string, ofImage bool) int {
	if kind == KindKibana && strings.Contains(text, "kibana-docker") {
		return verdictYes // Kibana's launcher in its image, not one of its tools
	}
	cleaned := toolWordRE.ReplaceAllString(text, " ")
	if startRE[kind].MatchString(cleaned) || ofImage && entrypointRE.MatchString(cleaned) {
		return verdictYes
	}
	return verdictNo
}

// toolWordRE matches the images' tools and the product's paths inside a
// script, so that they do not read as a start of the product.
var toolWordRE = regexp.MustCompile(`(elasticsearch|kibana)-[a-z-]+|/usr/share/(elasticsearch|kibana)(/(config|data|logs|plugins|jdk|lib|modules)[^\s;&|)]*)?|https?://[^\s'"]*|[a-z0-9_.-]+\.(yml|yaml|keystore|p12|crt|key|pem|zip)`)

// productSign names what makes a service look like Elasticsearch or Kibana
// without showing that it runs it; "" when nothing does.
func productSign(f serviceFacts) string {
	for _, v := range f.volumes {
		switch b := path.Base(v.Target); b {
		case "elasticsearch.yml", "kibana.yml", "elasticsearch.keystore", "kibana.keystore":
			return "mounts " + b
		}
	}
	for _, v := range f.env.vars {
		if strings.HasPrefix(v.name, "ES_SETTING_") {
			return "sets " + v.name
		}
		if esSettingName(v.name) {
			for _, m := range esMarkers {
				if strings.HasPrefix(v.name, m) {
					return "sets " + v.name
				}
			}
		}
	}
	if k, _ := imageKind(path.Base(strings.TrimRight(f.build, "/"))); k != "" {
		return "is built from " + f.build
	}
	return ""
}

func firstWords(entry, cmd []string) []string {
	w := append(append([]string{}, entry...), cmd...)
	if len(w) > 3 {
		w = append(w[:3], "...")
	}
	return w
}

func quoteOr(s, empty string) string {
	if s == "" {
		return empty
	}
	return "\"" + s + "\""
}

func productName(kind string) string {
	if kind == KindKibana {
		return "Kibana"
	}
	return "Elasticsearch"
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
