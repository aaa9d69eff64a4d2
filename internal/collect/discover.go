package collect

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/boundedfile"
	"github.com/essec-dev/essec/internal/collect/compose"
)

// sources are the files one deployment's paths point at.
type sources struct {
	es      []string // config dirs or elasticsearch.yml files
	kibana  []string // config dirs or kibana.yml files
	compose []string // compose files
	// composeData holds each compose file's content, read once to
	// recognise it, by absolute path: Load does not read it again.
	composeData map[string][]byte
}

// addCompose records a compose file and the content it was recognised by.
func (s *sources) addCompose(p string, data []byte) {
	s.compose = append(s.compose, p)
	if abs, err := filepath.Abs(p); err == nil {
		if s.composeData == nil {
			s.composeData = map[string][]byte{}
		}
		s.composeData[abs] = data
	}
}

// ErrNothingFound means no path held anything essec can audit.
var ErrNothingFound = errors.New("no Elasticsearch or Kibana configuration found")

// ErrNothingReadable means configuration was found but none of it could be
// read (broken YAML, unreadable files, an unreachable cluster).
var ErrNothingReadable = errors.New("nothing could be audited")

// discover classifies paths: a directory holding elasticsearch.yml or
// kibana.yml is a config dir; a directory holding neither is searched (three
// levels deep) for config files and compose files; a file is classified by
// name, then by content.
func discover(paths []string) (sources, []error) {
	var src sources
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, describeStatError(err)))
			continue
		}
		if st.IsDir() {
			if err := discoverDir(p, &src); err != nil {
				errs = append(errs, err)
			}
			continue
		}
		if err := classifyFile(p, &src); err != nil {
			errs = append(errs, err)
		}
	}
	src.es = dedupe(src.es)
	src.kibana = dedupe(src.kibana)
	src.compose = dedupe(src.compose)
	return src, errs
}

func describeStatError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file or directory")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	return err
}

func discoverDir(dir string, src *sources) error {
	direct := false
	if fileExists(filepath.Join(dir, "elasticsearch.yml")) {
		src.es = append(src.es, dir)
		direct = true
	}
	if fileExists(filepath.Join(dir, "kibana.yml")) {
		src.kibana = append(src.kibana, dir)
		direct = true
	}
	if direct {
		return nil
	}
	found := false
	root := filepath.Clean(dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable corners are skipped; what is found is audited
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || depth(root, p) > 3) {
				return filepath.SkipDir
			}
			return nil
		}
		switch name := d.Name(); {
		case name == "elasticsearch.yml":
			src.es = append(src.es, filepath.Dir(p))
			found = true
		case name == "kibana.yml":
			src.kibana = append(src.kibana, filepath.Dir(p))
			found = true
		case isComposeName(name):
			if data, err := boundedfile.Read(p, boundedfile.Compose); err == nil && compose.IsCompose(data) {
				src.addCompose(p, data)
				found = true
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("search %s: %w", dir, err)
	}
	if !found {
		return fmt.Errorf("%s holds no elasticsearch.yml, kibana.yml or docker-compose file", dir)
	}
	return nil
}

func depth(root, p string) int {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return 0
	}
	return strings.Count(rel, string(filepath.Separator)) + 1
}

func isComposeName(name string) bool {
	n := strings.ToLower(name)
	return (strings.Contains(n, "compose") || strings.HasPrefix(n, "docker")) && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml"))
}

// classifyFile sorts a single file by name, then by content.
func classifyFile(p string, src *sources) error {
	name := strings.ToLower(filepath.Base(p))
	data, err := boundedfile.Read(p, boundedfile.Any)
	if err != nil {
		return err
	}
	switch {
	case compose.IsCompose(data):
		src.addCompose(p, data)
	case strings.HasPrefix(name, "kibana"):
		src.kibana = append(src.kibana, p)
	case strings.HasPrefix(name, "elasticsearch"):
		src.es = append(src.es, p)
	default:
		switch guessKind(data) {
		case "kibana":
			src.kibana = append(src.kibana, p)
		case "elasticsearch":
			src.es = append(src.es, p)
		default:
			if !setsAnything(data) {
				// Only the file's name could say what it is: an empty
				// elasticsearch.yml is audited as the defaults, a file of
				// another name is not guessed into one.
				return fmt.Errorf("%s is not an Elasticsearch or Kibana configuration: it sets nothing (empty or comments only) and its name is not elasticsearch*.yml or kibana*.yml; to audit it as the product's defaults, name it so or pass its config directory", p)
			}
			return fmt.Errorf("%s is not an Elasticsearch or Kibana configuration: it sets none of their settings", p)
		}
	}
	return nil
}

var kibanaMarkers = []string{"server.", "elasticsearch.hosts", "elasticsearch.username", "elasticsearch.password", "elasticsearch.serviceAccountToken", "elasticsearch.ssl", "kibana.", "xpack.encryptedSavedObjects", "xpack.reporting", "csp.", "logging.", "i18n.", "xpack.fleet", "monitoring.ui", "server:", "elasticsearch:", "savedObjects", "telemetry."}
var esMarkers = []string{"cluster.", "node.", "path.", "network.", "discovery.", "http.", "transport.", "bootstrap.", "xpack.security.transport", "xpack.security.http", "xpack.security.enabled", "xpack.ml", "xpack.monitoring", "action.", "indices.", "gateway.", "script.", "ingest.", "cluster:", "node:", "path:", "network:", "discovery:", "xpack.license", "thread_pool", "search."}

// guessKind counts setting-name markers of either product in the text.
func guessKind(data []byte) string {
	kb, es := 0, 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		l := strings.TrimSpace(string(line))
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		for _, m := range kibanaMarkers {
			if strings.HasPrefix(l, m) {
				kb++
			}
		}
		for _, m := range esMarkers {
			if strings.HasPrefix(l, m) {
				es++
			}
		}
	}
	switch {
	case kb == 0 && es == 0:
		return ""
	case kb > es:
		return "kibana"
	}
	return "elasticsearch"
}

// setsAnything reports whether data has a line that is neither blank, a
// comment nor a YAML document marker.
func setsAnything(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		l := strings.TrimSpace(string(line))
		if l != "" && !strings.HasPrefix(l, "#") && l != "---" && l != "..." {
			return true
		}
	}
	return false
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range in {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		if !seen[abs] {
			seen[abs] = true
			out = append(out, abs)
		}
	}
	sort.Strings(out)
	return out
}
